"""What happened to a message after we handed it over."""

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
    OPEN = "open"
    CLICK = "click"
    BOUNCE = "bounce"
    COMPLAINT = "complaint"
    UNSUBSCRIBE = "unsubscribe"


class EngagementEvent(Model):
    """`publication` is copied from the delivery so per-publication time series need no join."""

    id = fields.BigIntField(primary_key=True)
    delivery: fields.ForeignKeyRelation[Delivery] = fields.ForeignKeyField(
        "models.Delivery", related_name="events", on_delete=fields.CASCADE
    )
    publication: fields.ForeignKeyRelation[Publication] = fields.ForeignKeyField(
        "models.Publication", related_name="events", on_delete=fields.CASCADE
    )
    subscriber: fields.ForeignKeyNullableRelation[Subscriber] = fields.ForeignKeyField(
        "models.Subscriber", related_name="events", null=True, on_delete=fields.SET_NULL
    )
    type = fields.CharEnumField(EventType, max_length=16)
    occurred_at = fields.DatetimeField()
    is_machine = fields.BooleanField(default=False)
    metadata = fields.JSONField(default=dict)
    received_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "engagement_event"
        indexes = (("publication_id", "occurred_at"), ("delivery_id", "type"))
