from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.channels.models import Channel
from domain.deliveries import ledger, service
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.pagination import Page
from domain.principals.service import audit
from domain.throttling.breaker import BreakerState, CircuitBreaker
from domain.throttling.health import ChannelHealth, HealthRecorder
from resolvers.context import RequestContext
from resolvers.listing import page_of
from resolvers.permissions import Ability, require


async def list_deliveries(context: RequestContext, *, first: int, after: str | None,
                          **filters: Any) -> Page[Delivery]:
    """`filters`: those of domain.deliveries.service.deliveries_query."""
    require(context, Ability.READ)
    query = service.deliveries_query(**filters)
    return await page_of(query, first=first, after=after)


async def retry_dead(context: RequestContext, *, publication_id: int | None,
                     channel_id: int | None) -> int:
    actor = require(context, Ability.MANAGE)
    requeued = await ledger.retry_dead(publication_id=publication_id, channel_id=channel_id)
    await audit(actor, "deliveries.retry", "publication", publication_id or "*",
                {"channel_id": channel_id, "requeued": requeued}, context.request_id)
    if requeued and context.queue is not None:
        await context.queue.kick_senders()
    return requeued


@dataclass(frozen=True, slots=True)
class HealthView:
    breaker: BreakerState
    recent: ChannelHealth


async def channel_health(context: RequestContext, channel: Channel) -> HealthView | None:
    require(context, Ability.READ)
    if context.redis is None:
        return None
    # thresholds do not matter for reading the state
    breaker = CircuitBreaker(context.redis, threshold=1, cooldown_seconds=1)
    return HealthView(breaker=await breaker.state(channel.id),
                      recent=await HealthRecorder(context.redis).read(channel.id))


async def status_counts(context: RequestContext) -> dict[DeliveryStatus, int]:
    require(context, Ability.READ)
    return await service.status_counts()
