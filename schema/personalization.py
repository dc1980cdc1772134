"""Interest profiles: what a subscriber engages with, learned from their opens and clicks."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from domain.personalization.reads import ChannelScore, TopicScore
from domain.personalization.reads import InterestProfile as ProfileModel
from schema.channels import Channel
from schema.topics import Topic


@strawberry.type(description="How much a subscriber engages with one topic. Human opens "
                             "(weight 1) and clicks (weight 3) of publications on the topic, "
                             "decayed with the half-life PROFILE_HALF_LIFE_DAYS.")
class TopicAffinity:
    score: float = strawberry.field(description="Decayed weighted engagement, now.")
    share: float = strawberry.field(description="Score relative to the subscriber's "
                                                "strongest topic (0 to 1).")
    opens: int
    clicks: int
    _model: strawberry.Private[TopicScore]

    @strawberry.field
    async def topic(self, info: Info) -> Topic:
        return Topic.from_model(await info.context.loaders.topic.load(self._model.topic_id))

    @classmethod
    def from_model(cls, item: TopicScore) -> TopicAffinity:
        return cls(score=item.score, share=item.share, opens=item.opens, clicks=item.clicks,
                   _model=item)


@strawberry.type(description="How often a subscriber answers messages on one channel.")
class ChannelResponsiveness:
    sent: int = strawberry.field(description="Messages sent to the subscriber on it.")
    engaged: int = strawberry.field(description="Of those, opened or clicked by the "
                                                "reader (machine opens excluded).")
    responsiveness: float = strawberry.field(description="engaged / sent (0 to 1).")
    last_engaged_at: dt.datetime | None
    _model: strawberry.Private[ChannelScore]

    @strawberry.field
    async def channel(self, info: Info) -> Channel:
        return Channel.from_model(
            await info.context.loaders.channel.load(self._model.channel_id))

    @classmethod
    def from_model(cls, item: ChannelScore) -> ChannelResponsiveness:
        return cls(sent=item.sent, engaged=item.engaged, responsiveness=item.responsiveness,
                   last_engaged_at=item.last_engaged_at, _model=item)


@strawberry.type(description="Learned from the subscriber's human opens and clicks, "
                             "updated as they are recorded.")
class InterestProfile:
    topics: list[TopicAffinity] = strawberry.field(description="Strongest first.")
    channels: list[ChannelResponsiveness] = strawberry.field(
        description="Most responsive first.")
    active_hours: list[int] = strawberry.field(
        description="24 counts of opens and clicks by hour of the subscriber's local day "
                    "(index 0 = 00:00-00:59).")

    @classmethod
    def from_model(cls, profile: ProfileModel) -> InterestProfile:
        return cls(topics=[TopicAffinity.from_model(item) for item in profile.topics],
                   channels=[ChannelResponsiveness.from_model(item)
                             for item in profile.channels],
                   active_hours=list(profile.active_hours))
