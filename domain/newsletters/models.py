"""What each subscriber's digest for a period held.

One row per (subscriber, channel, frequency, period), written in the same transaction as
the digest's ledger row (`delivery`, idempotency key `digest:<frequency>:<period>:c<channel>:
s<subscriber>`), so a repeated or crashed generation can never make a second one. A
period with nothing to say still gets a row (no delivery): the period is done, and the
next digest starts where this window ended.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from domain.audience.models import Frequency

if TYPE_CHECKING:
    from domain.audience.models import Subscriber
    from domain.channels.models import Channel
    from domain.deliveries.models import Delivery
    from domain.publications.models import Publication


class Digest(Model):
    id = fields.BigIntField(primary_key=True)
    subscriber: fields.ForeignKeyRelation[Subscriber] = fields.ForeignKeyField(
        "models.Subscriber", related_name="digests", on_delete=fields.CASCADE)
    channel: fields.ForeignKeyRelation[Channel] = fields.ForeignKeyField(
        "models.Channel", related_name="digests", on_delete=fields.CASCADE)
    frequency = fields.CharEnumField(Frequency, max_length=16)
    #: the subscriber's local date (daily) or ISO week (weekly): "2026-12-07", "2026-W50"
    period = fields.CharField(max_length=16)
    #: the period's parent publication (kind `digest`); None when nothing was sent
    publication: fields.ForeignKeyNullableRelation[Publication] = fields.ForeignKeyField(
        "models.Publication", related_name="digests", null=True, on_delete=fields.CASCADE)
    delivery: fields.OneToOneNullableRelation[Delivery] = fields.OneToOneField(
        "models.Delivery", related_name="digest", null=True, on_delete=fields.SET_NULL)
    #: publications published in [window_start, window_end) were candidates
    window_start = fields.DatetimeField()
    window_end = fields.DatetimeField()
    due_at = fields.DatetimeField()
    #: [{"publication_id", "topic_id", "score", "reasons": [...]}] in the order shown
    items = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "digest"
        unique_together = (("subscriber", "channel", "frequency", "period"),)
        indexes = (("frequency", "period"),)
