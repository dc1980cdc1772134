"""A channel is one configured destination type instance: an SES sender, a Slack webhook, …"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from domain.common import TimestampedMixin

if TYPE_CHECKING:
    from domain.templates.models import Brand


class ChannelType(StrEnum):
    EMAIL = "email"
    SLACK = "slack"
    DISCORD = "discord"
    WEBHOOK = "webhook"
    RSS = "rss"


class ChannelStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    DISABLED = "disabled"


class Channel(TimestampedMixin, Model):
    """Non-secret settings live in `config`; tokens, keys and token-bearing URLs are kept
    only as ciphertext in `secret_ciphertext` (see domain.crypto) so a database dump
    does not leak them."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    type = fields.CharEnumField(ChannelType, max_length=16)
    config = fields.JSONField(default=dict)
    secret_ciphertext = fields.TextField(null=True)
    status = fields.CharEnumField(ChannelStatus, max_length=16, default=ChannelStatus.ACTIVE)
    status_reason = fields.TextField(null=True)
    #: when the status last changed and who changed it (a principal's name, or `system`
    #: when delivery disabled the channel), so a disabled channel says since when and why
    status_since = fields.DatetimeField(null=True)
    status_by = fields.CharField(max_length=200, null=True)
    rate_limit_per_second = fields.FloatField(null=True)
    rate_limit_burst = fields.IntField(null=True)
    brand: fields.ForeignKeyNullableRelation[Brand] = fields.ForeignKeyField(
        "models.Brand", related_name="channels", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "channel"
