"""Interest profiles: what each reader engages with, kept current as events arrive.

Scores decay exponentially: a row stores its score as of `scored_at`; the value at any
later time t is `score * 0.5 ** ((t - scored_at) / half_life)`. An event adds its weight
after decaying the stored score to the event's time, so one upsert per (subscriber, key)
keeps the profile exact without ever rescanning history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from domain.audience.models import Subscriber, Topic
    from domain.channels.models import Channel


class TopicAffinity(Model):
    """Human opens and clicks of publications on one topic (a click weighs more)."""

    id = fields.BigIntField(primary_key=True)
    subscriber: fields.ForeignKeyRelation[Subscriber] = fields.ForeignKeyField(
        "models.Subscriber", related_name="topic_affinities", on_delete=fields.CASCADE)
    topic: fields.ForeignKeyRelation[Topic] = fields.ForeignKeyField(
        "models.Topic", related_name="affinities", on_delete=fields.CASCADE)
    score = fields.FloatField(default=0.0)
    scored_at = fields.DatetimeField()
    opens = fields.IntField(default=0)
    clicks = fields.IntField(default=0)

    class Meta:
        table = "topic_affinity"
        unique_together = (("subscriber", "topic"),)


class ChannelResponsiveness(Model):
    """Messages sent to a reader on one channel, and how many of them the reader opened
    or clicked (machine opens excluded); `engagement` is the decayed engaged count."""

    id = fields.BigIntField(primary_key=True)
    subscriber: fields.ForeignKeyRelation[Subscriber] = fields.ForeignKeyField(
        "models.Subscriber", related_name="channel_responsiveness", on_delete=fields.CASCADE)
    channel: fields.ForeignKeyRelation[Channel] = fields.ForeignKeyField(
        "models.Channel", related_name="responsiveness", on_delete=fields.CASCADE)
    sent = fields.IntField(default=0)
    engaged = fields.IntField(default=0)
    last_engaged_at = fields.DatetimeField(null=True)

    class Meta:
        table = "channel_responsiveness"
        unique_together = (("subscriber", "channel"),)


class ActiveHour(Model):
    """Human opens and clicks per hour of the reader's local day (0-23)."""

    id = fields.BigIntField(primary_key=True)
    subscriber: fields.ForeignKeyRelation[Subscriber] = fields.ForeignKeyField(
        "models.Subscriber", related_name="active_hours", on_delete=fields.CASCADE)
    hour = fields.SmallIntField()
    events = fields.IntField(default=0)

    class Meta:
        table = "subscriber_active_hour"
        unique_together = (("subscriber", "hour"),)
