"""The delivery ledger.

One row per (publication, recipient, channel), keyed by a unique idempotency key so that
re-resolving an audience or re-running a job can never produce a second send.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from domain.common import TimestampedMixin

if TYPE_CHECKING:
    from domain.audience.models import Subscriber
    from domain.channels.models import Channel
    from domain.experiments.models import Variant
    from domain.matching.models import MatchingStrategy
    from domain.publications.models import Publication


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    DEAD = "dead"
    SUPPRESSED = "suppressed"
    SKIPPED = "skipped"
    #: waits for an experiment's decision (test-then-send): the rest of the audience
    HELD = "held"


class Lane(StrEnum):
    """Bulk sends and alerts never wait for each other: separate queues, workers, claims,
    rate-limit buckets and breakers."""

    BULK = "bulk"
    ALERT = "alert"


class Delivery(TimestampedMixin, Model):
    id = fields.BigIntField(primary_key=True)
    idempotency_key = fields.CharField(max_length=200, unique=True)
    publication: fields.ForeignKeyRelation[Publication] = fields.ForeignKeyField(
        "models.Publication", related_name="deliveries", on_delete=fields.CASCADE
    )
    channel: fields.ForeignKeyRelation[Channel] = fields.ForeignKeyField(
        "models.Channel", related_name="deliveries", on_delete=fields.CASCADE
    )
    subscriber: fields.ForeignKeyNullableRelation[Subscriber] = fields.ForeignKeyField(
        "models.Subscriber", related_name="deliveries", null=True, on_delete=fields.SET_NULL
    )
    variant: fields.ForeignKeyNullableRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="deliveries", null=True, on_delete=fields.SET_NULL
    )
    recipient = fields.CharField(max_length=2000)
    status = fields.CharEnumField(DeliveryStatus, max_length=16, default=DeliveryStatus.PENDING)
    lane = fields.CharEnumField(Lane, max_length=8, default=Lane.BULK)
    attempts = fields.SmallIntField(default=0)
    # Every outcome write names the claim it belongs to, so a worker whose lease ran out
    # cannot overwrite a newer claim's result.
    lease_id = fields.UUIDField(null=True, description="the claim holding a sending row")
    next_attempt_at = fields.DatetimeField(null=True)
    last_error = fields.TextField(null=True)
    error_history = fields.JSONField(default=list)
    provider_message_id = fields.CharField(max_length=256, null=True)
    sent_at = fields.DatetimeField(null=True)
    delivered_at = fields.DatetimeField(null=True)
    #: the latest deferral on the subscriber's behalf (quiet hours): until when and why;
    #: kept after the send as the row's history
    deferred_until = fields.DatetimeField(null=True)
    deferral_reason = fields.CharField(max_length=64, null=True)
    #: how the matching strategy scored this (subscriber, channel) when the audience was
    #: resolved: the score, the exact strategy version, and the scorers' feature values
    #: (what learning trains on); null on channel-wide rows (a room is not a reader)
    match_score = fields.FloatField(null=True)
    match_strategy: fields.ForeignKeyNullableRelation[MatchingStrategy] = fields.ForeignKeyField(
        "models.MatchingStrategy", related_name="deliveries", null=True,
        on_delete=fields.SET_NULL)
    match_features = fields.JSONField(null=True)

    class Meta:
        table = "delivery"
        indexes = (
            ("publication_id", "status"),
            # recency/fatigue: a reader's recent messages
            ("subscriber_id", "created_at"),
            ("status", "next_attempt_at"),
            ("provider_message_id",),
        )


class DeliveryStatusCount(Model):
    """Signed changes to the number of deliveries per status, written by statement-level
    triggers on `delivery` (migration 8) and folded into one row per status now and then.

    Why: dashboards, `/metrics` and `deliveryStats` want the ledger's counts by status
    every few seconds, and a GROUP BY over every delivery grows with the ledger forever.
    The sum of `delta` per status equals that GROUP BY in any snapshot, because each
    change is written in the transaction that changes the ledger. Rows are only ever
    inserted by writers (never updated), so concurrent writers never wait for each other
    or deadlock on a counter row; see domain.deliveries.service.status_counts."""

    id = fields.BigIntField(primary_key=True)
    status = fields.CharField(max_length=16)
    delta = fields.BigIntField()

    class Meta:
        table = "delivery_status_count"
