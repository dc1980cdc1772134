"""High-priority alerts: their own lane, per-channel status, deadlines, and delivery while
a bulk send is in progress, seen live over a websocket."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import httpx
from websockets.asyncio.client import connect

from app.auth import issue_token
from domain.alerts import service as alerts
from domain.alerts.models import Alert, AlertStatus
from domain.audience.models import Subscriber, SubscriberPreference, Topic
from domain.channels.models import Channel, ChannelType
from domain.deliveries.models import Delivery, DeliveryStatus, Lane
from domain.principals.actor import SYSTEM
from domain.principals.models import Role
from domain.publications.models import Priority, Publication, PublicationStatus
from tests.delivery_fixtures import SECRET_KEY, build_engine, publication_to, webhook_channel
from tests.orm import orm_on
from tests.servers import serve

ALERT_STATUS = """subscription($id: ID!) { alertStatus(id: $id) {
    status deadlineMissed channels { name status } } }"""


async def _until(predicate, seconds: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not await predicate():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached in time"
        await asyncio.sleep(0.05)


async def test_alert_deliveries_use_the_alert_lane_and_report_each_channel(
        db, redis_client, http_client, receiver) -> None:
    hook, _ = await webhook_channel(receiver.url + "/alert", name="pager")
    mail = await Channel.create(name="mail", type=ChannelType.EMAIL,
                                config={"from_address": "ops@example.com"})
    oncall = await Topic.create(slug="oncall", name="On call")
    person = await Subscriber.create(email="sre@example.com")
    await SubscriberPreference.create(subscriber=person, topic=oncall, channel=mail)
    alert = await alerts.create_alert(SYSTEM, title="Database down", severity=Priority.CRITICAL,
                                      topic_ids=[oncall.id], channel_ids=[mail.id, hook.id])
    bulk_engine = build_engine(redis_client, http_client)
    alert_engine = build_engine(redis_client, http_client, lane=Lane.ALERT)

    assert await alert_engine.start_publication(alert.publication_id)
    deliveries = await Delivery.filter(publication_id=alert.publication_id)
    assert {d.lane for d in deliveries} == {Lane.ALERT}
    assert await bulk_engine.pump(budget_seconds=2) == 0  # the bulk lane never takes them
    await alert_engine.pump(budget_seconds=5)

    state = await alerts.refresh_state(await Alert.get(id=alert.id))
    assert [c.channel_name for c in state.channels] == ["pager", "mail"]  # webhook first
    by_name = {c.channel_name: c for c in state.channels}
    assert by_name["pager"].status == "delivered"
    # no email transport is configured in this engine: that channel fails at once, and
    # the webhook is delivered without waiting for it
    assert by_name["mail"].status == "failed"
    assert state.status is AlertStatus.PARTIALLY_FAILED
    assert state.first_delivered_at is not None and state.completed_at is not None
    assert len(receiver.requests) == 1


async def test_an_alert_not_delivered_by_its_deadline_is_marked(
        db, redis_client, http_client, receiver) -> None:
    hook, _ = await webhook_channel(receiver.url, name="pager")
    receiver.status = 503
    alert = await alerts.create_alert(SYSTEM, title="Disk full", topic_ids=[],
                                      channel_ids=[hook.id], deadline=dt.timedelta(seconds=1))
    engine = build_engine(redis_client, http_client, lane=Lane.ALERT, max_attempts=50,
                          backoff_base_seconds=0.2, backoff_max_seconds=0.2)
    await engine.start_publication(alert.publication_id)
    await engine.pump(budget_seconds=0.5)
    assert not (await Alert.get(id=alert.id)).deadline_missed

    await asyncio.sleep(1.1)
    await engine.sweep()
    stored = await Alert.get(id=alert.id)
    assert stored.deadline_missed
    assert stored.status in (AlertStatus.PENDING, AlertStatus.SENDING)
    assert len(receiver.requests) >= 1


async def test_an_alert_during_a_bulk_send_arrives_first_and_is_seen_live(
        shared_database: str, redis_url: str, redis_client, receiver,
        tmp_path: Path) -> None:
    from app import migrations

    await migrations.upgrade(shared_database)
    receiver.delay_seconds = 0.005  # a receiver with some latency keeps the bulk send going
    async with orm_on(shared_database):
        bulk = await publication_to(receiver.url + "/bulk", 10_000, slug="digest")
        hook, _ = await webhook_channel(receiver.url + "/alert", name="pager")
        await Publication.filter(id=bulk.publication.id).update(
            status=PublicationStatus.APPROVED, publish_at=None)
    gid = __import__("base64").b64encode

    with serve(tmp_path, database_url=shared_database, redis_url=redis_url,
               secret_key=SECRET_KEY, worker=True, ALLOW_PRIVATE_TARGETS="true") as server:
        token = issue_token(SECRET_KEY, "oncall-editor", Role.EDITOR, dt.timedelta(minutes=10))
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=server.http_url, headers=headers,
                                     trust_env=False) as client:
            published = await client.post("/graphql", json={
                "query": "mutation($id: ID!) { publishNow(id: $id) { status } }",
                "variables": {"id": gid(f"Publication:{bulk.publication.id}".encode()).decode()}})
            assert "errors" not in published.json(), published.json()

            async def bulk_under_way() -> bool:
                return sum(r.path == "/bulk" for r in receiver.requests) >= 300
            await _until(bulk_under_way)

            created = (await client.post("/graphql", json={
                "query": "mutation($input: CreateAlertInput!) { createAlert(input: $input) "
                         "{ id status } }",
                "variables": {"input": {"title": "Payments down", "severity": "CRITICAL",
                                        "channelIds": [gid(f"Channel:{hook.id}".encode())
                                                       .decode()]}}})).json()
            assert "errors" not in created, created
            alert_id = created["data"]["createAlert"]["id"]
            created_at = asyncio.get_running_loop().time()

            socket = await connect(server.ws_url, subprotocols=["graphql-transport-ws"])
            try:
                await socket.send(json.dumps({"type": "connection_init",
                                              "payload": {"Authorization": headers[
                                                  "Authorization"]}}))
                assert json.loads(await socket.recv())["type"] == "connection_ack"
                await socket.send(json.dumps({"id": "a", "type": "subscribe", "payload": {
                    "query": ALERT_STATUS, "variables": {"id": alert_id}}}))
                status = None
                while status != "DELIVERED":
                    message = json.loads(await asyncio.wait_for(socket.recv(), 30))
                    if message["type"] == "ping":
                        continue
                    assert message["type"] == "next", message
                    status = message["payload"]["data"]["alertStatus"]["status"]
                seen_delivered_after = asyncio.get_running_loop().time() - created_at
            finally:
                await socket.close()
    alert_arrivals = [index for index, r in enumerate(receiver.requests) if r.path == "/alert"]
    assert len(alert_arrivals) == 1
    bulk_before_alert = sum(r.path == "/bulk" for r in receiver.requests[:alert_arrivals[0]])
    assert bulk_before_alert < 10_000, "the alert waited for the bulk send to finish"
    async with orm_on(shared_database):
        bulk_state = await Publication.get(id=bulk.publication.id)
        bulk_pending = await Delivery.filter(publication_id=bulk.publication.id,
                                             status=DeliveryStatus.PENDING).count()
    # the bulk send was still under way when the alert was delivered and seen
    assert bulk_state.status is PublicationStatus.PUBLISHING
    assert bulk_pending > 0
    assert seen_delivered_after < 30
