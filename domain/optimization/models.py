"""What the optimization engine stores: a publication's send-time plan and settings.

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


class PublicationOptimization(Model):
    """Per-publication optimization settings that apply when its audience is resolved:
    `best_channel_only` sends each reader the publication on their best channel only
    (domain.optimization.channels.best_channels) instead of every channel they asked
    for."""

    id = fields.IntField(primary_key=True)
    publication: fields.OneToOneRelation[Publication] = fields.OneToOneField(
        "models.Publication", related_name="optimization", on_delete=fields.CASCADE)
    best_channel_only = fields.BooleanField(default=False)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "publication_optimization"


class PerformanceAnomaly(Model):
    """A sudden change on a channel found by the periodic check (a drop in open rate, a
    spike in bounces or complaints), with the numbers that showed it and the alert it
    raised. One row per (kind, channel, window): the check runs every few minutes, the
    alert goes out once."""

    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=32)
    channel_id = fields.IntField()
    window_start = fields.DatetimeField()
    window_end = fields.DatetimeField()
    observed_rate = fields.FloatField()
    baseline_rate = fields.FloatField()
    observed_n = fields.IntField()
    baseline_n = fields.IntField()
    z_score = fields.FloatField()
    alert_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "performance_anomaly"
        unique_together = (("kind", "channel_id", "window_start"),)
        indexes = (("created_at",),)
