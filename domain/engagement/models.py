"""What happened to a message after we handed it over, and the rollups dashboards read.

Raw events are kept for history and per-subscriber queries; dashboards read
`MetricRollup`, kept current as events arrive, so a 30-day chart reads a few hundred
rows instead of aggregating millions of events.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from domain.audience.models import Subscriber
    from domain.deliveries.models import Delivery
    from domain.publications.models import Publication


class EventType(StrEnum):
    DELIVERY = "delivery"
    DELIVERY_DELAY = "delivery_delay"
    OPEN = "open"
    CLICK = "click"
    BOUNCE = "bounce"
    SOFT_BOUNCE = "soft_bounce"
    COMPLAINT = "complaint"
    UNSUBSCRIBE = "unsubscribe"


class EngagementEvent(Model):
    """`publication` and `channel_id` are copied from the delivery so time series need no
    join. `dedupe_key` (e.g. an SNS message id) makes a replayed notification a no-op."""

    id = fields.BigIntField(primary_key=True)
    delivery: fields.ForeignKeyNullableRelation[Delivery] = fields.ForeignKeyField(
        "models.Delivery", related_name="events", null=True, on_delete=fields.CASCADE
    )
    publication: fields.ForeignKeyNullableRelation[Publication] = fields.ForeignKeyField(
        "models.Publication", related_name="events", null=True, on_delete=fields.CASCADE
    )
    channel_id = fields.IntField(null=True)
    subscriber: fields.ForeignKeyNullableRelation[Subscriber] = fields.ForeignKeyField(
        "models.Subscriber", related_name="events", null=True, on_delete=fields.SET_NULL
    )
    type = fields.CharEnumField(EventType, max_length=16)
    occurred_at = fields.DatetimeField()
    is_machine = fields.BooleanField(default=False)
    url = fields.TextField(null=True)
    dedupe_key = fields.CharField(max_length=200, null=True, unique=True)
    metadata = fields.JSONField(default=dict)
    received_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "engagement_event"
        indexes = (("publication_id", "occurred_at"), ("delivery_id", "type"),
                   ("subscriber_id", "occurred_at"))


class FirstEngagement(Model):
    """The first event of a kind per delivery: inserting here tells a unique open or
    click from a repeat in the same statement that records it."""

    id = fields.BigIntField(primary_key=True)
    delivery_id = fields.BigIntField()
    kind = fields.CharField(max_length=24)

    class Meta:
        table = "engagement_first"
        unique_together = (("delivery_id", "kind"),)


class Granularity(StrEnum):
    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"


#: the counters every rollup row carries, in a fixed order (SQL is built from it)
COUNTERS = (
    "sent", "delivered", "failed",
    "opens", "unique_opens", "machine_opens", "unique_machine_opens",
    "clicks", "unique_clicks", "machine_clicks",
    "bounces", "soft_bounces", "complaints", "unsubscribes",
)


class MetricRollup(Model):
    """Counters per (granularity, bucket start, publication, channel)."""

    id = fields.BigIntField(primary_key=True)
    granularity = fields.CharEnumField(Granularity, max_length=8)
    bucket = fields.DatetimeField()
    publication_id = fields.IntField()
    channel_id = fields.IntField()
    sent = fields.BigIntField(default=0)
    delivered = fields.BigIntField(default=0)
    failed = fields.BigIntField(default=0)
    opens = fields.BigIntField(default=0)
    unique_opens = fields.BigIntField(default=0)
    machine_opens = fields.BigIntField(default=0)
    unique_machine_opens = fields.BigIntField(default=0)
    clicks = fields.BigIntField(default=0)
    unique_clicks = fields.BigIntField(default=0)
    machine_clicks = fields.BigIntField(default=0)
    bounces = fields.BigIntField(default=0)
    soft_bounces = fields.BigIntField(default=0)
    complaints = fields.BigIntField(default=0)
    unsubscribes = fields.BigIntField(default=0)

    class Meta:
        table = "metric_rollup"
        unique_together = (("granularity", "publication_id", "bucket", "channel_id"),)
        indexes = (("granularity", "bucket"),)


class SuppressedAddress(Model):
    """Addresses we must not mail again (hard bounce, complaint): protects the sender's
    reputation even if the subscriber is re-imported."""

    id = fields.BigIntField(primary_key=True)
    email = fields.CharField(max_length=320, unique=True)
    reason = fields.CharField(max_length=32)
    detail = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "suppressed_address"


class TrackedLink(Model):
    """A link as it was at send time. Click tokens carry this row's id, never the URL, so
    the redirect goes only where we sent people (no open redirect). Rows never change,
    which lets the click endpoint cache them."""

    id = fields.BigIntField(primary_key=True)
    publication_id = fields.IntField()
    url_hash = fields.CharField(max_length=64)
    url = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "tracked_link"
        unique_together = (("publication_id", "url_hash"),)
