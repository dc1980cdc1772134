"""Optimization: send-time estimates and plans (`sendAt: OPTIMAL`), best channels,
performance with confidence intervals and anomalies, recommendations."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from domain.engagement.models import Granularity
from domain.optimization import channels as channels_model
from domain.optimization.models import SendTimePlan as SendTimePlanModel
from domain.optimization.sendtime import SendTimeEstimate as EstimateModel
from resolvers import optimization as resolvers
from schema.ids import decode_id, decode_ids
from schema.metrics import MetricGranularity
from schema.permissions import CanEditContent, CanRead

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@strawberry.enum(description="When a scheduled publication goes out.")
class SendAt(Enum):
    FIXED = "fixed"
    OPTIMAL = "optimal"


@strawberry.type(description="A reader's best hour of the week in their own time zone.")
class SendTimeEstimate:
    subscriber_id: relay.GlobalID
    timezone: str
    best_hour_of_week: int = strawberry.field(
        description="0 = Monday 00:00 … 167 = Sunday 23:00, on the reader's clock.")
    best_time_label: str = strawberry.field(description="e.g. 'Tuesday 09:00'.")
    confidence: float = strawberry.field(
        description="Share of the estimate that comes from the reader's own history "
                    "(0: the time zone's population pattern only).")
    events: int = strawberry.field(description="Human opens and clicks behind it.")
    from_history: bool

    @classmethod
    def from_model(cls, found: EstimateModel) -> SendTimeEstimate:
        hour = found.best_hour_of_week
        return cls(subscriber_id=relay.GlobalID("Subscriber", str(found.subscriber_id)),
                   timezone=found.timezone, best_hour_of_week=hour,
                   best_time_label=f"{DAYS[hour // 24]} {hour % 24:02d}:00",
                   confidence=found.confidence, events=found.events,
                   from_history=found.from_history)


@strawberry.type(description="A publication scheduled with sendAt: OPTIMAL.")
class SendTimePlan:
    window_start: dt.datetime
    window_end: dt.datetime
    planned_at: dt.datetime | None = strawberry.field(
        description="When the deliveries got their due times (audience resolution).")
    planned: int = strawberry.field(description="Deliveries due at their reader's time.")
    unplanned: int = strawberry.field(
        description="Deliveries due at the window's start (chat rooms; readers outside the "
                    "send_time_optimization flag's rollout).")
    peak_to_mean: float | None = strawberry.field(
        description="The busiest hour's deliveries over the mean per hour.")

    @classmethod
    def from_model(cls, plan: SendTimePlanModel) -> SendTimePlan:
        return cls(window_start=plan.window_start, window_end=plan.window_end,
                   planned_at=plan.planned_at, planned=plan.planned,
                   unplanned=plan.unplanned, peak_to_mean=plan.peak_to_mean)


@strawberry.enum(description="Which of a reader's channels a publication goes out on.")
class ChannelStrategy(Enum):
    ALL_CHANNELS = "all_channels"
    BEST_CHANNEL = "best_channel"


@strawberry.type(description="A channel's engagement for a reader: human-engaged "
                             "deliveries over sent ones on the topics, smoothed toward the "
                             "reader's habit on that channel and the channel's population.")
class ChannelScore:
    channel_id: relay.GlobalID
    rate: float
    sent: int
    engaged: int

    @classmethod
    def from_model(cls, score: channels_model.ChannelScore) -> ChannelScore:
        return cls(channel_id=relay.GlobalID("Channel", str(score.channel_id)),
                   rate=score.rate, sent=score.sent, engaged=score.engaged)


@strawberry.type(description="A reader's best channel for some topics.")
class BestChannel:
    subscriber_id: relay.GlobalID
    channel_id: relay.GlobalID
    candidates: list[ChannelScore] = strawberry.field(description="Best first.")

    @classmethod
    def from_model(cls, choice: channels_model.ChannelChoice) -> BestChannel:
        return cls(subscriber_id=relay.GlobalID("Subscriber", str(choice.subscriber_id)),
                   channel_id=relay.GlobalID("Channel", str(choice.channel_id)),
                   candidates=[ChannelScore.from_model(s) for s in choice.candidates])


@strawberry.type
class PublicationChannelStrategy:
    publication_id: relay.GlobalID
    strategy: ChannelStrategy


@strawberry.input
class SetChannelStrategyInput:
    publication_id: relay.GlobalID
    strategy: ChannelStrategy


@strawberry.type(description="One channel type in one time bucket.")
class ChannelTypePerformance:
    channel_type: str
    bucket: dt.datetime
    sent: int
    delivered: int
    failed: int
    bounces: int
    engaged: int = strawberry.field(description="Deliveries opened or clicked by a person.")
    success_rate: float | None = strawberry.field(
        description="(sent - bounces) / (sent + failed).")
    engagement_rate: float | None = strawberry.field(
        description="Engaged over delivered (sent where the channel has no receipts).")
    latency_p50_seconds: float | None = strawberry.field(
        description="From the ledger row to the send; rows held for quiet hours or timed by "
                    "sendAt: OPTIMAL are left out.")
    latency_p95_seconds: float | None

    @classmethod
    def from_model(cls, point: channels_model.ChannelTypePoint) -> ChannelTypePerformance:
        return cls(channel_type=point.channel_type, bucket=point.bucket, sent=point.sent,
                   delivered=point.delivered, failed=point.failed, bounces=point.bounces,
                   engaged=point.engaged, success_rate=point.success_rate,
                   engagement_rate=point.engagement_rate,
                   latency_p50_seconds=point.latency_p50,
                   latency_p95_seconds=point.latency_p95)


@strawberry.type
class OptimizationQueries:
    @strawberry.field(description="Best send hour per reader (1-100 readers). Requires any "
                                  "role.", permission_classes=[CanRead])
    async def send_time_estimates(self, info: Info, subscriber_ids: list[relay.GlobalID]
                                  ) -> list[SendTimeEstimate]:
        ids = decode_ids(subscriber_ids, "Subscriber", "subscriberIds") or []
        return [SendTimeEstimate.from_model(found)
                for found in await resolvers.send_time_estimates(info.context, ids)]

    @strawberry.field(description="The send-time plan of a publication scheduled with "
                                  "sendAt: OPTIMAL, or null. Requires any role.",
                      permission_classes=[CanRead])
    async def send_time_plan(self, info: Info, publication_id: relay.GlobalID
                             ) -> SendTimePlan | None:
        plan = await resolvers.send_time_plan(
            info.context, decode_id(publication_id, "Publication", "publicationId"))
        return SendTimePlan.from_model(plan) if plan is not None else None

    @strawberry.field(description="Each reader's best channel for the topics, among the "
                                  "email and webhook channels they asked for (1-100 "
                                  "readers, 1-20 topics). Requires any role.",
                      permission_classes=[CanRead])
    async def best_channels(self, info: Info, subscriber_ids: list[relay.GlobalID],
                            topic_ids: list[relay.GlobalID]) -> list[BestChannel]:
        readers = decode_ids(subscriber_ids, "Subscriber", "subscriberIds") or []
        topics = decode_ids(topic_ids, "Topic", "topicIds") or []
        return [BestChannel.from_model(choice) for choice in
                await resolvers.best_channels(info.context, readers, topics)]

    @strawberry.field(description="A publication's channel strategy. Requires any role.",
                      permission_classes=[CanRead])
    async def channel_strategy(self, info: Info, publication_id: relay.GlobalID
                               ) -> PublicationChannelStrategy:
        pk = decode_id(publication_id, "Publication", "publicationId")
        best = await resolvers.channel_strategy(info.context, pk)
        return PublicationChannelStrategy(
            publication_id=publication_id,
            strategy=ChannelStrategy.BEST_CHANNEL if best else ChannelStrategy.ALL_CHANNELS)

    @strawberry.field(description="Per channel type and time bucket: delivery success, "
                                  "latency and engagement. Requires any role.",
                      permission_classes=[CanRead])
    async def channel_type_performance(
            self, info: Info,
            start: Annotated[dt.datetime, strawberry.argument(name="from")],
            end: Annotated[dt.datetime, strawberry.argument(name="to")],
            granularity: MetricGranularity = Granularity.DAY,  # type: ignore
    ) -> list[ChannelTypePerformance]:
        return [ChannelTypePerformance.from_model(point) for point in
                await resolvers.channel_type_performance(info.context, start, end,
                                                         granularity)]


@strawberry.type
class OptimizationMutations:
    @strawberry.mutation(description="Send a publication on each reader's best channel only, "
                                     "or on every channel they asked for (until its audience "
                                     "is resolved). Requires editor or admin.",
                         permission_classes=[CanEditContent])
    async def set_channel_strategy(self, info: Info, input: SetChannelStrategyInput
                                   ) -> PublicationChannelStrategy:
        pk = decode_id(input.publication_id, "Publication", "publicationId")
        await resolvers.set_channel_strategy(
            info.context, pk, input.strategy is ChannelStrategy.BEST_CHANNEL)
        return PublicationChannelStrategy(publication_id=input.publication_id,
                                          strategy=input.strategy)
