"""Engagement metrics and per-subscriber history: permission check, then the domain."""

from __future__ import annotations

from domain.engagement import history, metrics
from domain.engagement.models import EventType
from resolvers.context import RequestContext
from resolvers.permissions import Ability, require


async def metrics_report(context: RequestContext, query: metrics.MetricsFilter
                         ) -> metrics.MetricsReport:
    require(context, Ability.READ)
    return await metrics.metrics(query)


async def subscriber_engagement(context: RequestContext, subscriber_id: int, *, first: int,
                                topic_id: int | None, types: list[EventType] | None
                                ) -> history.EngagementHistory:
    require(context, Ability.READ)
    return await history.engagement_history(subscriber_id, limit=first, topic_id=topic_id,
                                            types=types)
