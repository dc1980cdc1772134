"""What the optimization engine stores: a publication's send-time plan.

Estimates themselves are not stored: they are recomputed in bulk from the engagement
events when a publication is planned (numpy, about a second per 100,000 readers), so
they are never stale and there is no second copy of the history to keep in step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from domain.publications.models import Publication


class SendTimePlan(Model):
    """`sendAt: OPTIMAL`: each delivery of the publication is due at its reader's best
    time inside [window_start, window_end). Written when the publication is scheduled;
    `planned_at` and the load figures once its audience is resolved and the ledger rows
    got their due times."""

    id = fields.IntField(primary_key=True)
    publication: fields.OneToOneRelation[Publication] = fields.OneToOneField(
        "models.Publication", related_name="send_time_plan", on_delete=fields.CASCADE)
    window_start = fields.DatetimeField()
    window_end = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)
    planned_at = fields.DatetimeField(null=True)
    #: deliveries that got a reader-specific due time
    planned = fields.IntField(default=0)
    #: deliveries sent at the window's start (no reader: Slack/Discord; or outside the
    #: `send_time_optimization` flag's rollout)
    unplanned = fields.IntField(default=0)
    #: the busiest hour's deliveries divided by the mean per hour of the window
    peak_to_mean = fields.FloatField(null=True)

    class Meta:
        table = "send_time_plan"
