"""The metricsUpdated tick is built only while someone watches (real PostgreSQL and
Redis): the sweeper and the tracking flush call `announce_metrics` every few seconds
whether or not a dashboard is open, and building a tick reads the database."""

from __future__ import annotations

import asyncio
import json
import time

from domain.deliveries.audience import resolve_audience
from domain.deliveries.stats import DeliveryStats
from domain.realtime.announce import announce_metrics
from domain.realtime.events import METRICS_CHANNEL, EventPublisher, redis_channel
from domain.realtime.watching import METRICS_WATCHED_KEY, Beacon, beacon, is_watched
from tests.delivery_fixtures import publication_to

DEADLINE = 20.0


async def _until(condition, seconds: float = DEADLINE) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await condition():
            return True
        await asyncio.sleep(0.05)
    return False


async def test_the_tick_is_built_only_while_someone_watches(db, redis_client,
                                                           events_prefix: str) -> None:
    scenario = await publication_to("https://receiver.example/hook", 3)
    await resolve_audience(scenario.publication.id)
    publisher, stats = EventPublisher(redis_client, events_prefix), DeliveryStats(redis_client)

    assert await announce_metrics(publisher, stats) is None  # nobody watches: not built

    pubsub = redis_client.pubsub()
    channel = redis_channel(events_prefix, METRICS_CHANNEL)
    await pubsub.subscribe(channel)
    try:
        async with beacon(redis_client).held():  # what a metricsUpdated subscriber holds
            tick = await announce_metrics(publisher, stats)
            assert tick is not None and tick.deliveries["pending"] == 3
            received = []
            deadline = time.monotonic() + DEADLINE
            while not received and time.monotonic() < deadline:
                message = await pubsub.get_message(ignore_subscribe_messages=True,
                                                   timeout=0.5)
                if message is not None and json.loads(message["data"])["at"] == \
                        tick.at.isoformat():
                    received.append(message)
            assert received, "the built tick was published"
    finally:
        await pubsub.unsubscribe(channel)
        await pubsub.aclose()


async def test_a_beacon_is_refreshed_while_held_and_lapses_when_the_last_leaves(
        redis_client) -> None:
    key = f"{METRICS_WATCHED_KEY}:test"
    mark = Beacon(redis_client, key, ttl=0.9)
    first, second = mark.held(), mark.held()
    entered = time.monotonic()
    await first.__aenter__()
    assert await is_watched(redis_client, key)  # marked at once
    await second.__aenter__()

    async def alive_past_one_ttl() -> bool:
        # still there well after the first mark would have expired: it was refreshed
        return time.monotonic() - entered > 1.5 * mark.ttl and \
            await is_watched(redis_client, key)

    assert await _until(alive_past_one_ttl)
    await first.__aexit__(None, None, None)
    assert mark.holders == 1
    await second.__aexit__(None, None, None)  # the last watcher leaves: the mark lapses

    async def lapsed() -> bool:
        return not await is_watched(redis_client, key)

    assert await _until(lapsed)
