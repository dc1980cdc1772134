"""Troubleshooting: a delivery's timeline, the dead letters, why someone got nothing, and
channel monitoring (series, disable/enable, live health changes). Thin: check the role,
call the domain, kick the senders where rows became due."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import replace

from domain.channels.models import Channel
from domain.deliveries import dead_letters, monitoring, service, timeline, why
from domain.deliveries.ledger import DeadFilter
from domain.deliveries.models import Delivery
from domain.errors import NotFound
from domain.throttling.breaker import CircuitBreaker
from resolvers.channels import shown_error
from resolvers.context import RequestContext
from resolvers.permissions import Ability, require
from resolvers.realtime import stream


async def delivery(context: RequestContext, delivery_id: int) -> Delivery | None:
    require(context, Ability.READ)
    try:
        return await service.get_delivery(delivery_id)
    except NotFound:
        return None


async def delivery_timeline(context: RequestContext, delivery: Delivery, channel: Channel
                            ) -> list[timeline.TimelineEntry]:
    """Errors as this caller may see them (webhook URL pieces masked for non-admins)."""
    require(context, Ability.READ)
    entries = timeline.assemble(delivery,
                                await context.loaders.delivery_history.load(delivery.id))
    return [entry if entry.error is None else
            replace(entry, error=shown_error(context, channel, entry.error))
            for entry in entries]


async def dead_letter_groups(context: RequestContext, where: DeadFilter
                             ) -> list[dead_letters.DeadLetterGroup]:
    require(context, Ability.READ)
    return await dead_letters.groups(where)


async def replay_dead_letters(context: RequestContext, where: DeadFilter) -> int:
    actor = require(context, Ability.MANAGE)
    requeued = await dead_letters.replay(actor, where, context.request_id)
    if requeued and context.queue is not None:
        await context.queue.kick_senders()
    return requeued


async def discard_dead_letters(context: RequestContext, where: DeadFilter,
                               reason: str | None) -> int:
    actor = require(context, Ability.MANAGE)
    return await dead_letters.discard(actor, where, reason, context.request_id)


async def explain_audience(context: RequestContext, publication_id: int,
                           subscriber_id: int) -> list[why.Verdict]:
    require(context, Ability.READ)
    return await why.explain(publication_id, subscriber_id)


async def channel_monitor(context: RequestContext, channel_id: int, since: dt.datetime,
                          until: dt.datetime, bucket: dt.timedelta
                          ) -> list[monitoring.MonitorPoint]:
    require(context, Ability.READ)
    return await monitoring.channel_series(channel_id, since, until, bucket)


async def set_channel_enabled(context: RequestContext, channel_id: int, enabled: bool,
                              reason: str | None) -> Channel:
    actor = require(context, Ability.MANAGE)
    channel = await monitoring.set_enabled(actor, channel_id, enabled, reason,
                                           context.request_id, context.event_publisher())
    if enabled and context.queue is not None:
        await context.queue.kick_senders()  # its held deliveries are due again
    return channel


async def _health_snapshot(context: RequestContext, channel_id: int
                           ) -> monitoring.HealthEvent:
    channel = await Channel.get_or_none(id=channel_id)
    if channel is None:
        raise NotFound(f"channel {channel_id} not found")
    breaker = None
    if context.redis is not None:  # thresholds do not matter for reading the state
        breaker = await CircuitBreaker(context.redis, threshold=1,
                                       cooldown_seconds=1).state(channel_id)
    return monitoring.HealthEvent(
        channel_id, monitoring.HealthChange.SNAPSHOT, channel.status, breaker,
        channel.status_reason, channel.status_by,
        channel.status_since or channel.updated_at)


async def channel_health_changed(context: RequestContext, channel_id: int
                                 ) -> AsyncIterator[monitoring.HealthEvent]:
    """The channel's state now, then each breaker change and disable/enable."""
    require(context, Ability.READ)
    await _health_snapshot(context, channel_id)  # NOT_FOUND before any subscription
    async for event in stream(context, Ability.READ,
                              monitoring.channel_health_channel(channel_id),
                              lambda: _health_snapshot(context, channel_id),
                              monitoring.HealthEvent.from_event):
        yield event
