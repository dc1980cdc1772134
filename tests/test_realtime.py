"""Subscriptions across processes: events caused in one API process reach websocket
clients of another, survive a Redis restart (starting again with a fresh snapshot), and a
client that never reads cannot grow the server's memory."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

from app.auth import issue_token
from app.embedded import EmbeddedRedis
from domain.principals.models import Role
from domain.publications.models import Publication, PublicationStatus
from domain.realtime.events import EventPublisher, publication_channel
from domain.realtime.hub import EventHub, Resync
from tests.delivery_fixtures import publication_to
from tests.orm import orm_on
from tests.servers import serve

SECRET = "realtime-test-secret-key-0123456789-abcdefghijkl"
PROGRESS = """subscription($id: ID!) { publicationProgress(id: $id) {
    publicationId status counts { total pending } at } }"""
TIMEOUT = 20


def _token(role: Role = Role.EDITOR) -> str:
    return issue_token(SECRET, "rt-user", role, dt.timedelta(minutes=10))


def _gid(pk: int) -> str:
    return base64.b64encode(f"Publication:{pk}".encode()).decode()


async def _seed(database_url: str) -> int:
    """An approved publication in the servers' database."""
    from app import migrations

    await migrations.upgrade(database_url)
    async with orm_on(database_url):
        scenario = await publication_to("https://receiver.example/hook", 2)
        await Publication.filter(id=scenario.publication.id).update(
            status=PublicationStatus.APPROVED, publish_at=None)
        return scenario.publication.id


async def _subscribe(url: str, document: str, variables: dict[str, Any]) -> ClientConnection:
    socket = await connect(url, subprotocols=["graphql-transport-ws"])
    await socket.send(json.dumps({"type": "connection_init",
                                  "payload": {"Authorization": f"Bearer {_token()}"}}))
    assert json.loads(await socket.recv())["type"] == "connection_ack"
    await socket.send(json.dumps({"id": "1", "type": "subscribe",
                                  "payload": {"query": document, "variables": variables}}))
    return socket


async def _next(socket: ClientConnection) -> dict[str, Any]:
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), TIMEOUT))
        if message["type"] == "ping":
            await socket.send(json.dumps({"type": "pong"}))
            continue
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        return message["payload"]["data"]


async def _mutate(base_url: str, document: str, variables: dict[str, Any]) -> dict[str, Any]:
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.post(f"{base_url}/graphql",
                                     json={"query": document, "variables": variables},
                                     headers={"Authorization": f"Bearer {_token()}"})
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


PUBLISH = "mutation($id: ID!) { publishNow(id: $id) { status } }"
CANCEL = "mutation($id: ID!) { cancelPublication(id: $id) { status } }"


async def test_a_mutation_on_one_process_reaches_a_subscriber_on_another(
        shared_database: str, redis_url: str, tmp_path: Path) -> None:
    publication_id = await _seed(shared_database)
    with serve(tmp_path, database_url=shared_database, redis_url=redis_url,
               secret_key=SECRET) as first, \
         serve(tmp_path, database_url=shared_database, redis_url=redis_url,
               secret_key=SECRET) as second:
        socket = await _subscribe(first.ws_url, PROGRESS, {"id": _gid(publication_id)})
        try:
            snapshot = await _next(socket)
            assert snapshot["publicationProgress"]["status"] == "APPROVED"
            await _mutate(second.http_url, PUBLISH, {"id": _gid(publication_id)})
            update = await _next(socket)
            assert update["publicationProgress"]["status"] == "PUBLISHING"
            assert update["publicationProgress"]["publicationId"] == _gid(publication_id)
        finally:
            await socket.close()


async def test_subscribers_resume_after_a_redis_restart_with_a_fresh_snapshot(
        shared_database: str, tmp_path: Path) -> None:
    publication_id = await _seed(shared_database)
    with tempfile.TemporaryDirectory(prefix="rt-") as short:
        redis_server = EmbeddedRedis(Path(short))
        redis_url = redis_server.start()
        try:
            with serve(tmp_path, database_url=shared_database, redis_url=redis_url,
                       secret_key=SECRET) as first, \
                 serve(tmp_path, database_url=shared_database, redis_url=redis_url,
                       secret_key=SECRET) as second:
                socket = await _subscribe(first.ws_url, PROGRESS, {"id": _gid(publication_id)})
                try:
                    assert (await _next(socket))["publicationProgress"]["status"] == "APPROVED"
                    redis_server.stop()
                    # while Redis is away the state changes; the event is lost
                    async with orm_on(shared_database):
                        await Publication.filter(id=publication_id).update(
                            status=PublicationStatus.SCHEDULED)
                    await asyncio.sleep(1.0)
                    redis_server.start()
                    resync = await _next(socket)
                    assert resync["publicationProgress"]["status"] == "SCHEDULED"
                    await _mutate(second.http_url, CANCEL, {"id": _gid(publication_id)})
                    after = await _next(socket)
                    assert after["publicationProgress"]["status"] == "CANCELED"
                finally:
                    await socket.close()
        finally:
            redis_server.stop()


#: Redis pub/sub is server-wide (not per db): a channel no other test or run publishes on
QUIET_ID = 2_000_000_000 - 7


async def test_a_subscriber_that_never_reads_stays_bounded(redis_client, events_prefix) -> None:
    hub = EventHub(redis_client.__class__.from_url(
        (redis_client.connection_pool.connection_kwargs.get("path") and
        f"unix://{redis_client.connection_pool.connection_kwargs['path']}") or
        "redis://{host}:{port}/{db}".format(**redis_client.connection_pool.connection_kwargs)),
        queue_size=8, prefix=events_prefix)
    hub.start()
    try:
        await asyncio.wait_for(hub.connected.wait(), 5)
        stream = hub.listen(publication_channel(QUIET_ID))
        reader = asyncio.create_task(stream.__anext__())  # registers, reads one event
        await asyncio.sleep(0.05)
        publisher = EventPublisher(redis_client, events_prefix)
        for sequence in range(2000):
            await publisher.publish(publication_channel(QUIET_ID), {"sequence": sequence})
        first = await asyncio.wait_for(reader, 5)
        assert first["sequence"] == 0
        await asyncio.sleep(0.3)
        (subscriber,) = hub._subscribers[publication_channel(QUIET_ID)]
        assert subscriber.queue.qsize() <= 8
        assert subscriber.dropped >= 1990 - 8
        newest = None
        while not subscriber.queue.empty():
            newest = await stream.__anext__()
        assert newest is not None and not isinstance(newest, Resync)
        assert newest["sequence"] == 1999  # the newest state always gets through
        await stream.aclose()
        assert hub.subscriber_count == 0  # cleaned up when the client goes away
    finally:
        await hub.stop()
        await hub.redis.aclose()


async def test_deployments_with_their_own_prefix_never_see_each_others_events(
        redis_url: str, redis_client, events_prefix: str) -> None:
    """Pub/sub ignores Redis db numbers: the prefix alone keeps two deployments (or two
    test runs) sharing a server apart, even one whose prefix starts with the other's."""
    from redis.asyncio import Redis

    prefixes = (events_prefix, f"{events_prefix}:other", f"{events_prefix}*")
    hubs = [EventHub(Redis.from_url(redis_url), prefix=prefix) for prefix in prefixes]
    for hub in hubs:
        hub.start()
    try:
        for hub in hubs:
            await asyncio.wait_for(hub.connected.wait(), TIMEOUT)
        listeners = [hub.listen(publication_channel(QUIET_ID)) for hub in hubs]
        for number, prefix in enumerate(prefixes):
            await EventPublisher(redis_client, prefix).publish(
                publication_channel(QUIET_ID), {"sent_under": number})
        # then an end marker on each prefix: a hub receives in publishing order, so
        # anything it wrongly took from another prefix arrives before its marker
        for prefix in prefixes:
            await EventPublisher(redis_client, prefix).publish(
                publication_channel(QUIET_ID), {"sent_under": "end"})
        for number, listener in enumerate(listeners):
            received: list[Any] = []
            async with asyncio.timeout(TIMEOUT):
                async for event in listener:
                    received.append(event)
                    if event == {"sent_under": "end"}:
                        break
            assert received == [{"sent_under": number}, {"sent_under": "end"}]
            listener.close()
    finally:
        for hub in hubs:
            await hub.stop()
            await hub.redis.aclose()
