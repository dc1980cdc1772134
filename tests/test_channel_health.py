"""Disabling and enabling channels (by an admin, by the system), and `channelHealthChanged`
over a real websocket against a real `publishing serve` process, fed by a real breaker."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

from app import migrations
from app.auth import issue_token
from domain.channels.models import Channel, ChannelStatus
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.principals.models import AuditLogEntry, Role
from tests.delivery_fixtures import SECRET_KEY, build_engine, publication_to
from tests.graphql_client import gid
from tests.orm import orm_on
from tests.servers import serve

CHANNEL = """query($id: ID!) { channel(id: $id) { status statusReason statusSince statusBy } }"""
DISABLE = """mutation($id: ID!, $reason: String!) { disableChannel(id: $id, reason: $reason) {
  status statusReason statusSince statusBy } }"""
ENABLE = """mutation($id: ID!) { enableChannel(id: $id) { status statusReason statusBy } }"""


async def _statuses(publication_id: int) -> dict[DeliveryStatus, int]:
    counts: dict[DeliveryStatus, int] = {}
    for row in await Delivery.filter(publication_id=publication_id):
        counts[row.status] = counts.get(row.status, 0) + 1
    return counts


async def test_a_disabled_channel_holds_its_pending_deliveries_until_enabled(
        gql, redis_client, http_client, receiver) -> None:
    queued = await publication_to(receiver.url, 3)
    engine = build_engine(redis_client, http_client)
    await engine.start_publication(queued.publication.id)
    channel_id = gid("Channel", queued.channel.id)

    disabled = (await gql.data(DISABLE, {"id": channel_id, "reason": " maintenance "}))[
        "disableChannel"]
    assert disabled["status"] == "DISABLED" and disabled["statusReason"] == "maintenance"
    assert disabled["statusBy"] == "admin-user" and disabled["statusSince"] is not None
    # no worker claims its rows: they stay pending, nothing reaches the receiver
    assert await engine.pump(budget_seconds=2) == 0
    assert await _statuses(queued.publication.id) == {DeliveryStatus.PENDING: 3}
    assert receiver.requests == []
    # a publication resolved meanwhile skips the channel
    later = await publication_to(receiver.url, 0, slug="later")
    await later.publication.channels.add(queued.channel)
    await later.publication.topics.add(queued.topic)
    await engine.start_publication(later.publication.id)
    rows = await Delivery.filter(publication_id=later.publication.id)
    assert len(rows) == 3 and {row.status for row in rows} == {DeliveryStatus.SKIPPED}
    assert {row.last_error for row in rows} == {"channel is disabled"}

    enabled = (await gql.data(ENABLE, {"id": channel_id}))["enableChannel"]
    assert enabled == {"status": "ACTIVE", "statusReason": None, "statusBy": "admin-user"}
    await engine.pump(budget_seconds=10)
    assert await _statuses(queued.publication.id) == {DeliveryStatus.SENT: 3}
    assert len(receiver.requests) == 3
    audit = [(entry.action, entry.details.get("reason"))
             for entry in await AuditLogEntry.all().order_by("id")]
    assert audit == [("channel.disable", "maintenance"), ("channel.enable", None)]


async def test_disable_channel_bad_input_changes_nothing(gql) -> None:
    channel = await Channel.create(name="feed", type="rss")
    for variables, code, field in (
            ({"id": gid("Channel", channel.id), "reason": "   "}, "BAD_USER_INPUT", "reason"),
            ({"id": gid("Channel", channel.id), "reason": "x" * 1001}, "BAD_USER_INPUT",
             "reason"),
            ({"id": gid("Topic", channel.id), "reason": "why"}, "BAD_USER_INPUT", "id"),
            ({"id": gid("Channel", 999), "reason": "why"}, "NOT_FOUND", None)):
        error = await gql.error(DISABLE, variables)
        assert error["extensions"]["code"] == code, error
        assert error["extensions"].get("field") == field
    row = await Channel.get(id=channel.id)
    assert row.status is ChannelStatus.ACTIVE and row.status_since is None
    assert await AuditLogEntry.all().count() == 0
    error = await gql.error(ENABLE, {"id": gid("Channel", 999)})
    assert error["extensions"]["code"] == "NOT_FOUND"


async def test_a_channel_the_system_disabled_says_why_and_since_when(
        gql, redis_client, http_client, receiver) -> None:
    scenario = await publication_to(receiver.url, 2)
    receiver.status = 410
    engine = build_engine(redis_client, http_client)
    before = dt.datetime.now(dt.UTC)
    await engine.start_publication(scenario.publication.id)
    await engine.pump(budget_seconds=10)
    data = (await gql.data(CHANNEL, {"id": gid("Channel", scenario.channel.id)},
                           role="viewer"))["channel"]
    assert data["status"] == "DISABLED" and data["statusBy"] == "system"
    assert "410" in data["statusReason"]
    assert dt.datetime.fromisoformat(data["statusSince"]) >= before


# -- channelHealthChanged over a real websocket ---------------------------------------------

SUBSCRIPTION = """subscription($id: ID!) { channelHealthChanged(channelId: $id) {
  channelId change status breakerState reason by at } }"""
TIMEOUT = 30


async def _next(socket: ClientConnection) -> dict[str, Any]:
    async with asyncio.timeout(TIMEOUT):
        while True:
            message = json.loads(await socket.recv())
            if message["type"] in ("ping", "pong", "ka"):
                continue
            assert message["type"] == "next", message
            assert "errors" not in message["payload"], message
            return message["payload"]["data"]["channelHealthChanged"]


def _gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


async def test_channel_health_changes_reach_a_live_subscriber(
        shared_database, redis_url, redis_client, http_client, receiver, tmp_path) -> None:
    await migrations.upgrade(shared_database)
    async with orm_on(shared_database):
        scenario = await publication_to(receiver.url, 3)
    channel_id = _gid("Channel", scenario.channel.id)
    with serve(tmp_path, database_url=shared_database, redis_url=redis_url,
               secret_key=SECRET_KEY) as server:
        viewer = issue_token(SECRET_KEY, "watcher", Role.VIEWER, dt.timedelta(minutes=10))
        admin = issue_token(SECRET_KEY, "operator", Role.ADMIN, dt.timedelta(minutes=10))
        async with connect(server.ws_url, subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
                           proxy=None, open_timeout=TIMEOUT) as socket:
            await socket.send(json.dumps({"type": "connection_init",
                                          "payload": {"Authorization": f"Bearer {viewer}"}}))
            assert json.loads(await socket.recv())["type"] == "connection_ack"
            await socket.send(json.dumps({"id": "h", "type": "subscribe", "payload": {
                "query": SUBSCRIPTION, "variables": {"id": channel_id}}}))
            snapshot = await _next(socket)
            assert snapshot["change"] == "SNAPSHOT" and snapshot["status"] == "ACTIVE"
            assert snapshot["breakerState"] == "CLOSED" and snapshot["channelId"] == channel_id

            # a worker's sends fail: its breaker opens, and the subscriber hears it
            receiver.status = 500
            async with orm_on(shared_database):
                engine = build_engine(redis_client, http_client, breaker_failure_threshold=2,
                                      breaker_cooldown_seconds=0.3, concurrency=1)
                await engine.start_publication(scenario.publication.id)
                await engine.pump(budget_seconds=3)
                opened = await _next(socket)
                assert opened["change"] == "BREAKER_OPENED"
                assert opened["breakerState"] == "OPEN" and opened["by"] == "system"
                # the destination recovers: the next probe closes it again
                receiver.status = 200
                loop = asyncio.get_running_loop()
                deadline = loop.time() + TIMEOUT
                while await Delivery.filter(status=DeliveryStatus.PENDING).exists():
                    assert loop.time() < deadline, "the deliveries were never sent"
                    await engine.pump(budget_seconds=3, linger_seconds=1)
                closed = await _next(socket)
                assert closed["change"] == "BREAKER_CLOSED" and closed["breakerState"] == \
                    "CLOSED"

            # an admin disables and enables it over HTTP
            async with httpx.AsyncClient(base_url=server.http_url, trust_env=False,
                                         headers={"Authorization": f"Bearer {admin}"}) as http:
                body = (await http.post("/graphql", json={
                    "query": DISABLE, "variables": {"id": channel_id,
                                                    "reason": "provider migration"}})).json()
                assert "errors" not in body, body
                disabled = await _next(socket)
                assert disabled["change"] == "DISABLED" and disabled["status"] == "DISABLED"
                assert disabled["reason"] == "provider migration"
                assert disabled["by"] == "operator"
                body = (await http.post("/graphql", json={
                    "query": ENABLE, "variables": {"id": channel_id}})).json()
                assert "errors" not in body, body
                enabled = await _next(socket)
                assert enabled["change"] == "ENABLED" and enabled["status"] == "ACTIVE"
            await socket.send(json.dumps({"id": "h", "type": "complete"}))

            # an unknown channel is refused before any stream starts
            await socket.send(json.dumps({"id": "u", "type": "subscribe", "payload": {
                "query": SUBSCRIPTION, "variables": {"id": _gid("Channel", 999)}}}))
            async with asyncio.timeout(TIMEOUT):
                while (message := json.loads(await socket.recv()))["type"] in ("ping", "pong"):
                    pass
            errors = message["payload"] if message["type"] == "error" \
                else message["payload"]["errors"]
            assert message["id"] == "u" and errors[0]["extensions"]["code"] == "NOT_FOUND"


async def test_update_channel_status_records_who_and_since_when(gql, receiver) -> None:
    """`updateChannel(status: …)` is the older way to disable a channel: it records who
    and since when like disableChannel (it announces nothing, as documented)."""
    queued = await publication_to(receiver.url, 0)
    channel_id = gid("Channel", queued.channel.id)
    update = """mutation($input: UpdateChannelInput!) { updateChannel(input: $input) {
      status statusReason statusSince statusBy } }"""
    before = dt.datetime.now(dt.UTC)

    changed = (await gql.data(update, {"input": {"id": channel_id, "status": "DISABLED",
                                                 "statusReason": "moving providers"}}))[
        "updateChannel"]

    assert (changed["status"], changed["statusReason"], changed["statusBy"]) == (
        "DISABLED", "moving providers", "admin-user")
    assert dt.datetime.fromisoformat(changed["statusSince"]) >= before
    # the same status again keeps its start
    again = (await gql.data(update, {"input": {"id": channel_id, "status": "DISABLED",
                                               "statusReason": "still moving"}}))[
        "updateChannel"]
    assert again["statusSince"] == changed["statusSince"]
