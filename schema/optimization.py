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
from domain.optimization import performance as performance_model
from domain.optimization import recommendations as recommendations_model
from domain.optimization.models import PerformanceAnomaly as AnomalyModel
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


PerformanceDimension = strawberry.enum(performance_model.Dimension,
                                      name="PerformanceDimension")
RateTrend = strawberry.enum(performance_model.Trend, name="RateTrend")


@strawberry.type(description="A rate with its 95% Wilson interval and the change since "
                             "the previous period of the same length (two-proportion "
                             "z-test).")
class RateWithInterval:
    successes: int
    trials: int
    rate: float | None
    low: float | None
    high: float | None
    previous: float | None
    previous_trials: int
    change: float | None
    p_value: float | None
    trend: RateTrend

    @classmethod
    def from_model(cls, rate: performance_model.Rate) -> RateWithInterval:
        return cls(successes=rate.successes, trials=rate.trials, rate=rate.rate,
                   low=rate.low, high=rate.high, previous=rate.previous,
                   previous_trials=rate.previous_trials, change=rate.change,
                   p_value=rate.p_value, trend=rate.trend)


@strawberry.type
class PerformanceRow:
    key: str = strawberry.field(description="The publication, topic, channel or template "
                                            "id (template 0: built-in), or the UTC hour.")
    label: str
    sent: int
    open_rate: RateWithInterval = strawberry.field(
        description="Per hour of day: opened or clicked by a person, of those sent then.")
    click_rate: RateWithInterval
    bounce_rate: RateWithInterval
    complaint_rate: RateWithInterval

    @classmethod
    def from_model(cls, row: performance_model.PerformanceRow) -> PerformanceRow:
        return cls(key=str(row.key), label=row.label, sent=row.sent,
                   open_rate=RateWithInterval.from_model(row.open_rate),
                   click_rate=RateWithInterval.from_model(row.click_rate),
                   bounce_rate=RateWithInterval.from_model(row.bounce_rate),
                   complaint_rate=RateWithInterval.from_model(row.complaint_rate))


@strawberry.type(description="A sudden change on a channel found by the periodic check.")
class PerformanceAnomaly:
    kind: str = strawberry.field(description="open_rate_drop, bounce_spike or "
                                             "complaint_spike.")
    channel_id: relay.GlobalID
    window_start: dt.datetime
    window_end: dt.datetime
    observed_rate: float
    baseline_rate: float
    observed_n: int
    baseline_n: int
    z_score: float
    alert_id: relay.GlobalID | None
    created_at: dt.datetime

    @classmethod
    def from_model(cls, row: AnomalyModel) -> PerformanceAnomaly:
        return cls(kind=row.kind, channel_id=relay.GlobalID("Channel", str(row.channel_id)),
                   window_start=row.window_start, window_end=row.window_end,
                   observed_rate=row.observed_rate, baseline_rate=row.baseline_rate,
                   observed_n=row.observed_n, baseline_n=row.baseline_n,
                   z_score=row.z_score,
                   alert_id=relay.GlobalID("Alert", str(row.alert_id))
                   if row.alert_id is not None else None, created_at=row.created_at)


RecommendationKind = strawberry.enum(recommendations_model.Kind, name="RecommendationKind")


@strawberry.type(description="What a recommendation rests on.")
class RecommendationEvidence:
    sample_size: int = strawberry.field(description="Readers, deliveries or exposures "
                                                    "behind the recommended value.")
    baseline_sample_size: int = strawberry.field(description="Behind what it is compared "
                                                             "with.")
    confidence: float | None = strawberry.field(
        description="1 - p-value of the comparison (send time: the mean confidence of the "
                    "readers' estimates).")
    p_value: float | None
    experiment_id: relay.GlobalID | None = strawberry.field(
        description="The experiment whose winner showed it, if one did.")
    detail: str


@strawberry.type
class Recommendation:
    kind: RecommendationKind
    summary: str
    value: str = strawberry.field(description="What applying sets: OPTIMAL:24, "
                                              "BEST_CHANNEL, template:<id>, title:<…>.")
    expected_effect: float | None = strawberry.field(
        description="Absolute change of the open (engagement) rate, when estimable.")
    expected_relative: float | None = strawberry.field(description="1.2 = 20% more.")
    applicable: bool = strawberry.field(description="applyRecommendation can apply it.")
    apply_note: str = strawberry.field(description="What applying does, or why it cannot.")
    evidence: RecommendationEvidence

    @classmethod
    def from_model(cls, found: recommendations_model.Recommendation) -> Recommendation:
        evidence = found.evidence
        return cls(kind=found.kind, summary=found.summary, value=found.value,
                   expected_effect=found.expected_effect,
                   expected_relative=found.expected_relative, applicable=found.applicable,
                   apply_note=found.apply_note, evidence=RecommendationEvidence(
                       sample_size=evidence.sample_size,
                       baseline_sample_size=evidence.baseline_sample_size,
                       confidence=evidence.confidence, p_value=evidence.p_value,
                       experiment_id=relay.GlobalID("Experiment", str(evidence.experiment_id))
                       if evidence.experiment_id is not None else None,
                       detail=evidence.detail))


@strawberry.input
class ApplyRecommendationInput:
    publication_id: relay.GlobalID
    kind: RecommendationKind


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

    @strawberry.field(description="Rates with 95% intervals and trends against the previous "
                                  "period, per publication, topic, channel, template or "
                                  "hour of day (optionally within one topic); range at "
                                  "most 366 days. Requires any role.",
                      permission_classes=[CanRead])
    async def performance(
            self, info: Info, dimension: PerformanceDimension,  # type: ignore
            start: Annotated[dt.datetime, strawberry.argument(name="from")],
            end: Annotated[dt.datetime, strawberry.argument(name="to")],
            topic_id: relay.GlobalID | None = None,
    ) -> list[PerformanceRow]:
        topic = decode_id(topic_id, "Topic", "topicId") if topic_id is not None else None
        return [PerformanceRow.from_model(row) for row in await resolvers.performance_report(
            info.context, dimension, start, end, topic)]

    @strawberry.field(description="The latest anomalies found on channels (1-100), newest "
                                  "first. Requires any role.",
                      permission_classes=[CanRead])
    async def performance_anomalies(self, info: Info, first: int = 20
                                    ) -> list[PerformanceAnomaly]:
        return [PerformanceAnomaly.from_model(row)
                for row in await resolvers.recent_anomalies(info.context, first)]

    @strawberry.field(description="Best send time, channel, subject length and template for "
                                  "a publication or a topic (exactly one), with the "
                                  "expected effect and the evidence. Requires any role.",
                      permission_classes=[CanRead])
    async def recommendations(self, info: Info, publication_id: relay.GlobalID | None = None,
                              topic_id: relay.GlobalID | None = None
                              ) -> list[Recommendation]:
        publication = decode_id(publication_id, "Publication", "publicationId") \
            if publication_id is not None else None
        topic = decode_id(topic_id, "Topic", "topicId") if topic_id is not None else None
        return [Recommendation.from_model(found) for found in
                await resolvers.list_recommendations(info.context, publication, topic)]


@strawberry.type
class OptimizationMutations:
    @strawberry.mutation(description="Apply a publication's current recommendation of a "
                                     "kind (send time: sendAt OPTIMAL; channel: best channel "
                                     "only; template; subject: an experiment's winning "
                                     "title). Requires editor or admin.",
                         permission_classes=[CanEditContent])
    async def apply_recommendation(self, info: Info, input: ApplyRecommendationInput
                                   ) -> Recommendation:
        publication = decode_id(input.publication_id, "Publication", "publicationId")
        return Recommendation.from_model(await resolvers.apply_recommendation(
            info.context, publication, input.kind))

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
