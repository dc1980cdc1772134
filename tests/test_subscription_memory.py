"""A dashboard left open for a day must not grow the server's memory with every event.

Strawberry 0.341 on graphql-core 3.3 kept memo entries for every subscription event
(schema/execution.py explains why): here 25.8 MB after 4,500 events, 5.7 KB per ~4.2 KB
message, against 0.1 MB with the fix. This test drives thousands of events through the
real path — Redis pub/sub, this process's EventHub, the schema's subscription over
`graphql-transport-ws` on a real websocket — and measures what is still allocated
afterwards. The server runs in this process (uvicorn on loopback), so tracemalloc sees
its heap. tracemalloc makes the test slow (~10 s, ~2 s without); it asserts no timing.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import json
import tracemalloc
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from websockets.asyncio.client import ClientConnection, connect

from app.graphql import GraphQLApp
from app.settings import Settings
from domain.realtime.events import METRICS_CHANNEL, EventPublisher
from domain.realtime.hub import EventHub
from domain.realtime.snapshots import MetricsTick
from tests.graphql_client import TEST_SECRET, token_for
from tests.receivers import LoopbackServer

#: 1,500 measured events: without the fix they leave ~8.5 MB behind (5.7 KB each), four
#: times MAX_RETAINED, so the test still tells the two apart at a third of the old cost
EVENTS = 2_000
#: memory is measured from here on: caches, pools and buffers have reached their size
WARM_UP = 500
#: events in flight at once: below the hub's per-client queue (32), so none is dropped
BATCH = 20
#: what 1,500 events may leave behind (about 0.1 MB with the fix, ~8.5 MB without)
MAX_RETAINED = 2 * 1024 * 1024
TIMEOUT = 30

METRICS = """subscription { metricsUpdated {
    at
    deliveries { pending queued sending sent delivered failed dead suppressed skipped total }
    sentByChannelType
    errorsByClass
    engagementLast24h { sent delivered failed opens uniqueOpens machineOpens
                        uniqueMachineOpens clicks } } }"""


@pytest.fixture
async def live_api(db: str, redis_url: str, events_prefix: str
                   ) -> AsyncIterator[LoopbackServer]:
    """The GraphQL endpoint with its event hub, served on loopback in this process."""
    graphql = GraphQLApp(Settings(secret_key=TEST_SECRET, database_url="postgres://x/y",
                                  redis_url=redis_url, events_prefix=events_prefix))
    graphql.redis = Redis.from_url(redis_url)
    hub = EventHub(Redis.from_url(redis_url), prefix=events_prefix)
    hub.start()
    graphql.events = hub
    server = LoopbackServer(Starlette(routes=[WebSocketRoute("/graphql", graphql)]))
    try:
        await asyncio.wait_for(hub.connected.wait(), TIMEOUT)
        yield await server.start()
    finally:
        await server.stop()
        await hub.stop()
        await hub.redis.aclose()
        await graphql.redis.aclose()


def _tick(sequence: int) -> MetricsTick:
    """A busy dashboard's tick: ~4.2 KB as a graphql-transport-ws message."""
    return MetricsTick(
        at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=sequence),
        deliveries={"pending": sequence, "sent": 2 * sequence, "failed": 3},
        sent_by_channel_type={"sequence": sequence,
                              **{f"channel-type-{n:03}": n * sequence for n in range(75)}},
        errors_by_class={f"error-class-{n:03}": n for n in range(75)},
        engagement={"opens": sequence, "clicks": 1})


async def _message(socket: ClientConnection) -> dict[str, Any]:
    async with asyncio.timeout(TIMEOUT):
        while True:
            message = json.loads(await socket.recv())
            if message["type"] not in ("ping", "pong"):
                return message


async def _next_sequence(socket: ClientConnection) -> int:
    message = await _message(socket)
    assert message["type"] == "next" and "errors" not in message["payload"], message
    return message["payload"]["data"]["metricsUpdated"]["sentByChannelType"]["sequence"]


async def test_a_long_lived_subscription_keeps_no_memory_per_event(
        live_api: LoopbackServer, redis_client: Redis, events_prefix: str) -> None:
    publisher = EventPublisher(redis_client, events_prefix)
    url = live_api.url.replace("http://", "ws://") + "/graphql"
    async with connect(url, subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
                       proxy=None, max_size=None) as socket:
        await socket.send(json.dumps({"type": "connection_init",
                                      "payload": {"token": token_for("viewer")}}))
        assert (await _message(socket))["type"] == "connection_ack"
        await socket.send(json.dumps({"id": "m", "type": "subscribe",
                                      "payload": {"query": METRICS}}))
        snapshot = await _message(socket)
        assert snapshot["type"] == "next" and "errors" not in snapshot["payload"], snapshot
        retained = None
        try:
            for start in range(0, EVENTS, BATCH):
                if start == WARM_UP:
                    gc.collect()
                    tracemalloc.start()
                for sequence in range(start, start + BATCH):
                    await publisher.publish(METRICS_CHANNEL, _tick(sequence).to_event())
                for sequence in range(start, start + BATCH):
                    assert await _next_sequence(socket) == sequence  # none lost or merged
            gc.collect()
            retained = tracemalloc.get_traced_memory()[0]
        finally:
            with contextlib.suppress(Exception):
                tracemalloc.stop()
    per_event = retained / (EVENTS - WARM_UP)
    assert retained < MAX_RETAINED, (
        f"{retained / 1e6:.1f} MB still allocated after {EVENTS - WARM_UP} subscription "
        f"events ({per_event / 1e3:.1f} KB per event)")
