"""Subscriptions driven by a third-party client (`gql` and its WebsocketsTransport).

Our own websocket tests speak the protocols by hand, which proves little about what a
dashboard built on a common client library sees: subprotocol negotiation, the
`connection_init` payload carrying the token, the ping/pong the server sends, the shape of
`next` payloads. These tests run one real `publishing serve` process (no worker, so
nothing changes state behind the test's back) and talk to it only through `gql`, over
both `graphql-transport-ws` and the legacy `graphql-ws`.

Redis pub/sub is server-wide, so other runs' events may reach these subscriptions: the
seeded publications get ids no other run uses, and a metrics event is recognised by a
marker it carries.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import secrets
import time
import uuid
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gql
import httpx
import pytest
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport
from redis.asyncio import Redis
from tortoise import Tortoise

from app import migrations
from app.auth import issue_token
from app.db import drop_database, ensure_database
from domain.deliveries import audience
from domain.principals.models import Role
from domain.publications.models import Publication, PublicationStatus
from domain.realtime.events import METRICS_CHANNEL, EventPublisher, publication_channel
from domain.realtime.snapshots import MetricsTick, Progress
from domain.realtime.watching import METRICS_WATCHED_KEY, WATCH_TTL_SECONDS, is_watched
from tests.conftest import with_database
from tests.delivery_fixtures import publication_to
from tests.orm import orm_on
from tests.servers import RunningServer, serve

SECRET = "realtime-client-test-secret-0123456789-abcdefgh"
TIMEOUT = 10
TRANSPORT_WS = WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL  # "graphql-transport-ws"
LEGACY_WS = WebsocketsTransport.APOLLO_SUBPROTOCOL  # "graphql-ws"
PENDING_DELIVERIES = 3

METRICS = """subscription { metricsUpdated {
    at deliveries { pending sent failed total } sentByChannelType errorsByClass } }"""
PROGRESS = """subscription($id: ID!) { publicationProgress(id: $id) {
    publicationId status counts { total pending } at } }"""
PUBLISH = "mutation($id: ID!) { publishNow(id: $id) { status } }"
CANCEL = "mutation($id: ID!) { cancelPublication(id: $id) { status } }"


@dataclass(frozen=True)
class Live:
    server: RunningServer
    redis_url: str
    to_publish: int  # approved; publishNow moves it to publishing
    to_cancel: int  # approved; cancelPublication moves it to canceled
    to_watch: int  # publishing, with PENDING_DELIVERIES pending deliveries
    events_prefix: str  # the server's EVENTS_PREFIX (this run's)


def _gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def _token(ttl: dt.timedelta = dt.timedelta(minutes=10)) -> str:
    return issue_token(SECRET, "gql-client", Role.EDITOR, ttl)


async def _seed(database_url: str) -> tuple[int, int, int]:
    await migrations.upgrade(database_url)
    async with orm_on(database_url):
        # ids far from what other runs' fresh databases use (their events share Redis)
        start = 1_000_000 + secrets.randbelow(1_000_000_000)
        await Tortoise.get_connection("default").execute_script(
            f"ALTER SEQUENCE publication_id_seq RESTART WITH {start}")
        ids = []
        for slug in ("publish", "cancel"):
            scenario = await publication_to("https://receiver.example/hook", 1, slug=slug)
            await Publication.filter(id=scenario.publication.id).update(
                status=PublicationStatus.APPROVED, publish_at=None)
            ids.append(scenario.publication.id)
        watched = await publication_to("https://receiver.example/hook", PENDING_DELIVERIES,
                                       slug="watch")
        await audience.resolve_audience(watched.publication.id)
        return ids[0], ids[1], watched.publication.id


@pytest.fixture(scope="module")
async def live(server_database_url: str, redis_url: str, events_prefix: str,
               tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Live]:
    """One server for the module: starting one costs more than all the tests together."""
    url = with_database(server_database_url, f"publishing_rtc_{uuid.uuid4().hex[:10]}")
    await ensure_database(url)
    try:
        to_publish, to_cancel, to_watch = await _seed(url)
        logs: Path = tmp_path_factory.mktemp("gql-client")
        with serve(logs, database_url=url, redis_url=redis_url, secret_key=SECRET) as server:
            yield Live(server, redis_url, to_publish, to_cancel, to_watch, events_prefix)
    finally:
        await drop_database(url)


def _transport(live: Live, subprotocol: str, token: str | None = None
               ) -> WebsocketsTransport:
    return WebsocketsTransport(url=live.server.ws_url, subprotocols=[subprotocol],
                               init_payload={"Authorization": f"Bearer {token or _token()}"},
                               connect_timeout=TIMEOUT, ack_timeout=TIMEOUT,
                               close_timeout=TIMEOUT)


def _subscribe(session: Any, document: str, variables: dict[str, Any] | None = None
               ) -> contextlib.aclosing[AsyncGenerator[dict[str, Any], None]]:
    """The subscription's results, closed on leaving the block: gql then sends `complete`
    at once, where an abandoned one makes the client's close wait for `close_timeout`.
    gql 4 takes a GraphQLRequest carrying its variables; gql 3 a document plus
    `variable_values` (the dev extra allows both)."""
    if int(gql.__version__.split(".")[0]) >= 4:
        results = session.subscribe(gql.GraphQLRequest(document, variable_values=variables))
    else:
        results = session.subscribe(gql.gql(document), variable_values=variables)
    return contextlib.aclosing(results)


async def _next(results: AsyncIterator[dict[str, Any]]) -> dict[str, Any]:
    return await asyncio.wait_for(results.__anext__(), TIMEOUT)


async def _mutate(live: Live, document: str, variables: dict[str, Any]) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=live.server.http_url, trust_env=False) as client:
        response = await client.post("/graphql", json={"query": document,
                                                       "variables": variables},
                                     headers={"Authorization": f"Bearer {_token()}"})
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def test_metrics_start_with_a_snapshot_then_carry_published_ticks(live: Live) -> None:
    transport = _transport(live, TRANSPORT_WS)
    async with gql.Client(transport=transport) as session, \
            _subscribe(session, METRICS) as results:
        assert transport.subprotocol == TRANSPORT_WS
        snapshot = (await _next(results))["metricsUpdated"]
        # read from the servers' database when the subscription starts
        assert snapshot["deliveries"] == {"pending": PENDING_DELIVERIES, "sent": 0,
                                          "failed": 0, "total": PENDING_DELIVERIES}
        taken_at = dt.datetime.fromisoformat(snapshot["at"])
        assert abs((dt.datetime.now(dt.UTC) - taken_at).total_seconds()) < 60
        assert isinstance(snapshot["sentByChannelType"], dict)
        assert isinstance(snapshot["errorsByClass"], dict)

        marker = uuid.uuid4().hex
        tick = MetricsTick(at=dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
                           deliveries={"sent": 7, "failed": 2},
                           sent_by_channel_type={"webhook": 7, "marker": marker},
                           errors_by_class={"http_5xx": 2})
        redis = Redis.from_url(live.redis_url)
        try:
            await EventPublisher(redis, live.events_prefix).publish(METRICS_CHANNEL,
                                                                    tick.to_event())
        finally:
            await redis.aclose()
        while True:  # skip ticks that other runs' workers publish on the shared server
            update = (await _next(results))["metricsUpdated"]
            if update["sentByChannelType"].get("marker") == marker:
                break
        assert update == {"at": "2030-01-02T03:04:05+00:00",
                          "deliveries": {"pending": 0, "sent": 7, "failed": 2, "total": 9},
                          "sentByChannelType": {"webhook": 7, "marker": marker},
                          "errorsByClass": {"http_5xx": 2}}


async def test_publication_progress_follows_a_mutation_made_over_http(live: Live) -> None:
    publication = _gid("Publication", live.to_publish)
    async with gql.Client(transport=_transport(live, TRANSPORT_WS)) as session, \
            _subscribe(session, PROGRESS, {"id": publication}) as results:
        snapshot = (await _next(results))["publicationProgress"]
        assert snapshot["publicationId"] == publication
        assert snapshot["status"] == "APPROVED"
        assert snapshot["counts"] == {"total": 0, "pending": 0}

        published = await _mutate(live, PUBLISH, {"id": publication})
        assert published["publishNow"]["status"] == "PUBLISHING"
        update = (await _next(results))["publicationProgress"]
        assert update["publicationId"] == publication
        assert update["status"] == "PUBLISHING"


async def test_publication_progress_keeps_flowing_after_a_quiet_spell(live: Live) -> None:
    """Two events inside the 0.25 s coalescing window, a pause, then a third: the third
    must arrive (the coalescer's timeout once ended the subscription with an error)."""
    publication = _gid("Publication", live.to_watch)
    redis = Redis.from_url(live.redis_url)
    publisher = EventPublisher(redis, live.events_prefix)

    async def announce(pending: int) -> None:
        progress = Progress.from_event({
            "publication_id": live.to_watch, "status": "publishing",
            "at": dt.datetime.now(dt.UTC).isoformat(), "counts": {"pending": pending}})
        await publisher.publish(publication_channel(live.to_watch), progress.to_event())

    try:
        async with gql.Client(transport=_transport(live, TRANSPORT_WS)) as session, \
                _subscribe(session, PROGRESS, {"id": publication}) as results:
            snapshot = (await _next(results))["publicationProgress"]
            assert snapshot["counts"]["pending"] == PENDING_DELIVERIES
            await announce(30)
            assert (await _next(results))["publicationProgress"]["counts"]["pending"] == 30
            await announce(20)  # inside the window: held back, then passed on
            assert (await _next(results))["publicationProgress"]["counts"]["pending"] == 20
            await asyncio.sleep(0.5)
            await announce(10)
            assert (await _next(results))["publicationProgress"]["counts"]["pending"] == 10
    finally:
        await redis.aclose()


async def test_the_legacy_graphql_ws_protocol_receives_events(live: Live) -> None:
    publication = _gid("Publication", live.to_cancel)
    transport = _transport(live, LEGACY_WS)
    async with gql.Client(transport=transport) as session, \
            _subscribe(session, PROGRESS, {"id": publication}) as results:
        assert transport.subprotocol == LEGACY_WS  # negotiated, not a fallback
        assert (await _next(results))["publicationProgress"]["status"] == "APPROVED"

        await _mutate(live, CANCEL, {"id": publication})
        update = (await _next(results))["publicationProgress"]
        assert update["publicationId"] == publication
        assert update["status"] == "CANCELED"


async def test_a_quiet_progress_subscription_ends_when_the_token_expires(live: Live) -> None:
    """No event arrives for this publication, yet the stream must end at the token's
    expiry (through the coalescing path publicationProgress takes)."""
    publication = _gid("Publication", live.to_watch)
    ttl = dt.timedelta(seconds=3)  # long enough to subscribe on a busy machine
    transport = _transport(live, TRANSPORT_WS, _token(ttl))
    async with gql.Client(transport=transport) as session, \
            _subscribe(session, PROGRESS, {"id": publication}) as results:
        snapshot = (await _next(results))["publicationProgress"]
        assert snapshot["publicationId"] == publication
        with pytest.raises(TransportQueryError) as ended:
            async with asyncio.timeout(ttl.total_seconds() + 30):
                async for _update in results:
                    pass  # an update would be fine; only the stream's end matters
    (error,) = ended.value.errors or []
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "token expired" in error["message"]


async def test_a_metrics_subscriber_keeps_the_feed_marked_as_watched(live: Live) -> None:
    """Workers build metrics ticks only while some API process says someone watches
    (domain.realtime.watching): the server marks it as soon as a dashboard subscribes
    and keeps the mark alive for as long as the subscription lasts."""
    redis = Redis.from_url(live.redis_url)

    async def marked_within(seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if await is_watched(redis):
                return True
            await asyncio.sleep(0.05)
        return False

    try:
        await redis.delete(METRICS_WATCHED_KEY)  # left over from the tests above (TTL)
        assert not await is_watched(redis)
        async with gql.Client(transport=_transport(live, TRANSPORT_WS)) as session, \
                _subscribe(session, METRICS) as results:
            await _next(results)  # the snapshot: the subscription is running
            assert await is_watched(redis)  # marked before the snapshot was read
            # the mark is refreshed, not set once: take it away and see it come back
            await redis.delete(METRICS_WATCHED_KEY)
            assert await marked_within(WATCH_TTL_SECONDS + TIMEOUT)
    finally:
        await redis.aclose()
