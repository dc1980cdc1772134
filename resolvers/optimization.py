"""Optimization: permission check, then the domain (send times, channels, performance,
recommendations)."""

from __future__ import annotations

import datetime as dt

from domain.engagement.models import Granularity
from domain.errors import InvalidInput
from domain.optimization import channels, performance, recommendations, scheduling, sendtime
from domain.optimization.models import (
    PerformanceAnomaly,
    PublicationOptimization,
    SendTimePlan,
)
from resolvers.context import RequestContext
from resolvers.permissions import Ability, require

MAX_ESTIMATES = 100
MAX_TOPICS = 20
MAX_ANOMALIES = 100


async def send_time_estimates(context: RequestContext, subscriber_ids: list[int]
                              ) -> list[sendtime.SendTimeEstimate]:
    require(context, Ability.READ)
    if not 1 <= len(subscriber_ids) <= MAX_ESTIMATES:
        raise InvalidInput(f"ask for 1 to {MAX_ESTIMATES} subscribers", field="subscriberIds")
    found = await sendtime.estimates(subscriber_ids)
    return [found[s] for s in dict.fromkeys(subscriber_ids) if s in found]


async def send_time_plan(context: RequestContext, publication_id: int
                         ) -> SendTimePlan | None:
    require(context, Ability.READ)
    return await scheduling.plan_of(publication_id)


async def best_channels(context: RequestContext, subscriber_ids: list[int],
                        topic_ids: list[int]) -> list[channels.ChannelChoice]:
    require(context, Ability.READ)
    if not 1 <= len(subscriber_ids) <= MAX_ESTIMATES:
        raise InvalidInput(f"ask for 1 to {MAX_ESTIMATES} subscribers", field="subscriberIds")
    if not 1 <= len(topic_ids) <= MAX_TOPICS:
        raise InvalidInput(f"name 1 to {MAX_TOPICS} topics", field="topicIds")
    found = await channels.best_channels(subscriber_ids, topic_ids)
    return [found[s] for s in dict.fromkeys(subscriber_ids) if s in found]


async def set_channel_strategy(context: RequestContext, publication_id: int,
                               best_channel_only: bool) -> PublicationOptimization:
    return await channels.set_best_channel_only(require(context, Ability.EDIT_CONTENT),
                                                publication_id, best_channel_only)


async def channel_strategy(context: RequestContext, publication_id: int) -> bool:
    require(context, Ability.READ)
    return await channels.best_channel_only(publication_id)


async def channel_type_performance(context: RequestContext, start: dt.datetime,
                                   end: dt.datetime, granularity: Granularity
                                   ) -> list[channels.ChannelTypePoint]:
    require(context, Ability.READ)
    return await channels.channel_type_performance(start, end, granularity)


async def performance_report(context: RequestContext, dimension: performance.Dimension,
                             start: dt.datetime, end: dt.datetime, topic_id: int | None
                             ) -> list[performance.PerformanceRow]:
    require(context, Ability.READ)
    return await performance.performance(dimension, start, end, topic_id=topic_id)


async def recent_anomalies(context: RequestContext, limit: int) -> list[PerformanceAnomaly]:
    require(context, Ability.READ)
    if not 1 <= limit <= MAX_ANOMALIES:
        raise InvalidInput(f"first must be from 1 to {MAX_ANOMALIES}", field="first")
    return await PerformanceAnomaly.all().order_by("-created_at", "-id").limit(limit)


async def list_recommendations(context: RequestContext, publication_id: int | None,
                               topic_id: int | None) -> list[recommendations.Recommendation]:
    require(context, Ability.READ)
    return await recommendations.recommendations(publication_id=publication_id,
                                                 topic_id=topic_id)


async def apply_recommendation(context: RequestContext, publication_id: int,
                               kind: recommendations.Kind) -> recommendations.Recommendation:
    return await recommendations.apply(require(context, Ability.EDIT_CONTENT),
                                       publication_id, kind)
