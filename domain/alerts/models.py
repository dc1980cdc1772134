"""High-priority alerts: a publication that skips the bulk queue and is tracked per channel."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from domain.principals.models import Principal
    from domain.publications.models import Publication


class AlertStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    PARTIALLY_FAILED = "partially_failed"
    FAILED = "failed"


class Alert(Model):
    id = fields.IntField(primary_key=True)
    publication: fields.OneToOneRelation[Publication] = fields.OneToOneField(
        "models.Publication", related_name="alert", on_delete=fields.CASCADE
    )
    status = fields.CharEnumField(AlertStatus, max_length=24, default=AlertStatus.PENDING)
    created_by: fields.ForeignKeyNullableRelation[Principal] = fields.ForeignKeyField(
        "models.Principal", related_name="alerts", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    deadline_at = fields.DatetimeField()
    deadline_missed = fields.BooleanField(default=False)
    first_delivered_at = fields.DatetimeField(null=True)
    completed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "alert"
        indexes = (("status", "created_at"),)
