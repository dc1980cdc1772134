"""Who can receive publications, and what each of them asked for."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from domain.common import TimestampedMixin

if TYPE_CHECKING:
    from domain.channels.models import Channel


class Topic(TimestampedMixin, Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=100, unique=True)
    name = fields.CharField(max_length=200)
    description = fields.TextField(default="")

    class Meta:
        table = "topic"


class SubscriberStatus(StrEnum):
    ACTIVE = "active"
    UNSUBSCRIBED = "unsubscribed"
    BOUNCED = "bounced"
    COMPLAINED = "complained"


class Subscriber(TimestampedMixin, Model):
    """Reachable by email and/or by an external id (for chat and webhook audiences)."""

    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=320, null=True, unique=True)
    external_id = fields.CharField(max_length=200, null=True, unique=True)
    name = fields.CharField(max_length=200, default="")
    attributes = fields.JSONField(default=dict)
    timezone = fields.CharField(max_length=64, default="UTC")
    locale = fields.CharField(max_length=16, default="en")
    status = fields.CharEnumField(SubscriberStatus, max_length=16, default=SubscriberStatus.ACTIVE)
    consent_given_at = fields.DatetimeField(null=True)
    consent_withdrawn_at = fields.DatetimeField(null=True)
    # One do-not-disturb window per reader, in their `timezone` (a window crossing midnight
    # has start > end). Per reader, not per preference: people are asleep on every topic.
    quiet_hours_start = fields.TimeField(null=True)
    quiet_hours_end = fields.TimeField(null=True)
    #: at most this many messages per channel per local day (None: no cap)
    daily_cap = fields.SmallIntField(null=True)
    #: channel ids, most preferred first
    channel_order = fields.JSONField(default=list)

    class Meta:
        table = "subscriber"


class Frequency(StrEnum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"
    NEVER = "never"


class SubscriberPreference(TimestampedMixin, Model):
    """One row per (subscriber, topic, channel): how often (quiet hours and caps are the
    subscriber's, see `Subscriber`)."""

    id = fields.BigIntField(primary_key=True)
    subscriber: fields.ForeignKeyRelation[Subscriber] = fields.ForeignKeyField(
        "models.Subscriber", related_name="preferences", on_delete=fields.CASCADE
    )
    topic: fields.ForeignKeyRelation[Topic] = fields.ForeignKeyField(
        "models.Topic", related_name="preferences", on_delete=fields.CASCADE
    )
    channel: fields.ForeignKeyRelation[Channel] = fields.ForeignKeyField(
        "models.Channel", related_name="preferences", on_delete=fields.CASCADE
    )
    frequency = fields.CharEnumField(Frequency, max_length=16, default=Frequency.IMMEDIATE)

    class Meta:
        table = "subscriber_preference"
        unique_together = (("subscriber", "topic", "channel"),)
        indexes = (("topic_id", "channel_id", "frequency"),)

