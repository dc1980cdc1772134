"""Delivery through the API the way an editor drives it: publishNow / schedulePublication
enqueue real arq jobs, a real worker sends to a loopback receiver, and the API reports
progress, channel health, stats and metrics."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from typing import Any

import pytest
from arq import create_pool
from arq.connections import RedisSettings

from domain.deliveries.models import Delivery, DeliveryStatus
from domain.publications.models import Publication, PublicationStatus
from tests.delivery_fixtures import build_engine, publication_to
from workers.queue import ArqDeliveryQueue
from workers.settings import build_worker


@pytest.fixture
async def wired(gql, redis_url, redis_client, http_client):
    """The API client with a real arq queue and Redis, and a factory for workers."""
    pool = await create_pool(RedisSettings.from_dsn(redis_url))
    gql.graphql.delivery_queue = ArqDeliveryQueue(pool, pumps=2)
    gql.graphql.redis = redis_client

    async def startup(ctx: dict[str, Any]) -> None:
        ctx["engine"] = build_engine(redis_client, http_client)
        ctx["pumps"] = 2

    def worker(burst: bool = True, with_cron: bool = False):
        return build_worker(redis_url=redis_url, on_startup=startup, burst=burst,
                            with_cron=with_cron)

    yield gql, worker
    await pool.aclose()


def gid(kind: str, pk: int) -> str:
    import base64

    return base64.b64encode(f"{kind}:{pk}".encode()).decode()


async def _approved(url: str, subscribers: int) -> int:
    scenario = await publication_to(url, subscribers)
    await Publication.filter(id=scenario.publication.id).update(
        status=PublicationStatus.APPROVED, publish_at=None)
    return scenario.publication.id


async def _until(predicate, seconds: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not await predicate():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached in time"
        await asyncio.sleep(0.05)


async def test_publish_now_reaches_the_receiver_and_reports_progress(wired, receiver) -> None:
    gql, make_worker = wired
    publication_id = await _approved(receiver.url, 25)

    data = await gql.data("mutation($id: ID!) { publishNow(id: $id) { status } }",
                          {"id": gid("Publication", publication_id)}, role="editor")
    assert data["publishNow"]["status"] == "PUBLISHING"
    worker = make_worker()
    await worker.async_run()
    await worker.close()

    assert len(receiver.requests) == 25
    page = await gql.data("""query($id: ID!) { publication(id: $id) {
        status deliveryCounts { sent total } channels { health {
          breakerState sentLastFiveMinutes failedLastFiveMinutes errorRate } } } }""",
                          {"id": gid("Publication", publication_id)}, role="viewer")
    publication = page["publication"]
    assert publication["status"] == "PUBLISHED"
    assert publication["deliveryCounts"] == {"sent": 25, "total": 25}
    assert publication["channels"][0]["health"] == {
        "breakerState": "CLOSED", "sentLastFiveMinutes": 25, "failedLastFiveMinutes": 0,
        "errorRate": 0.0}
    stats = await gql.data("{ deliveryStats { byStatus { sent } queues { queue ready } } }")
    assert stats["deliveryStats"]["byStatus"]["sent"] == 25
    assert {q["queue"] for q in stats["deliveryStats"]["queues"]} == {"default", "alerts"}
    listed = await gql.data("""query($id: ID!) { deliveries(first: 5,
        filter: {publicationId: $id, status: SENT}) { edges { node { status attempts } } } }""",
                            {"id": gid("Publication", publication_id)})
    assert [edge["node"] for edge in listed["deliveries"]["edges"]] == \
        [{"status": "SENT", "attempts": 1}] * 5


async def test_scheduled_publication_goes_out_within_seconds_of_its_time(wired,
                                                                         receiver) -> None:
    gql, make_worker = wired
    publication_id = await _approved(receiver.url, 3)
    at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2)

    data = await gql.data(
        "mutation($input: SchedulePublicationInput!) { schedulePublication(input: $input) "
        "{ status publishAt } }",
        {"input": {"id": gid("Publication", publication_id), "at": at.isoformat()}},
        role="editor")
    assert data["schedulePublication"]["status"] == "SCHEDULED"
    worker = make_worker(burst=False, with_cron=True)
    running = asyncio.create_task(worker.async_run())
    try:
        async def all_sent() -> bool:
            return await Delivery.filter(publication_id=publication_id,
                                         status=DeliveryStatus.SENT).count() == 3
        await _until(all_sent, seconds=15)
    finally:
        # stopping a worker mid-job cancels the job; that cancellation is expected here
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
        with contextlib.suppress(asyncio.CancelledError):
            await worker.close()
    deliveries = await Delivery.filter(publication_id=publication_id)
    lateness = max((d.sent_at - at).total_seconds() for d in deliveries)
    assert all(d.sent_at >= at - dt.timedelta(seconds=2) for d in deliveries)
    assert lateness < 5, lateness


async def test_dead_deliveries_replay_through_the_api(wired, receiver) -> None:
    gql, make_worker = wired
    publication_id = await _approved(receiver.url, 2)
    await Publication.filter(id=publication_id).update(status=PublicationStatus.PUBLISHING)
    from domain.deliveries.audience import resolve_audience

    await resolve_audience(publication_id)
    await Delivery.filter(publication_id=publication_id).update(
        status=DeliveryStatus.DEAD, attempts=4, last_error="HTTP 500")

    viewer = await gql.error("mutation { retryDeliveries(input: {}) { requeued } }",
                             role="editor")
    assert viewer["extensions"]["code"] == "FORBIDDEN"
    data = await gql.data("mutation($id: ID!) { retryDeliveries(input: {publicationId: $id})"
                          " { requeued } }", {"id": gid("Publication", publication_id)})
    assert data["retryDeliveries"]["requeued"] == 2
    worker = make_worker()
    await worker.async_run()
    await worker.close()
    assert {d.status for d in await Delivery.filter(publication_id=publication_id)} == \
        {DeliveryStatus.SENT}
    assert len(receiver.requests) == 2


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.1.2.3/hook",
    "http://169.254.169.254/latest/meta-data", "http://[::1]/hook", "http://100.64.0.7/",
])
async def test_webhook_channels_to_private_targets_are_refused(gql, url: str) -> None:
    from domain.channels.models import Channel

    error = await gql.error(
        "mutation($input: CreateChannelInput!) { createChannel(input: $input) { id } }",
        {"input": {"name": "internal", "type": "WEBHOOK", "config": {"url": url}}})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "config.url"}
    assert "non-public address" in error["message"]
    assert not await Channel.exists(name="internal")


async def test_metrics_endpoint_reports_queues_statuses_and_latency(wired, receiver) -> None:
    gql, make_worker = wired
    publication_id = await _approved(receiver.url, 4)
    await gql.data("mutation($id: ID!) { publishNow(id: $id) { status } }",
                   {"id": gid("Publication", publication_id)})
    worker = make_worker()
    await worker.async_run()
    await worker.close()

    import httpx
    from starlette.applications import Starlette
    from starlette.routing import Route

    from app.metrics import metrics
    from app.settings import Settings

    app = Starlette(routes=[Route("/metrics", metrics)])
    app.state.redis = gql.graphql.redis
    app.state.delivery_queue = gql.graphql.delivery_queue
    # in-process there is no metrics listener: the scrape token opens the endpoint
    app.state.settings = Settings(metrics_token="scrape-token-0123456789")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://test") as client:
        response = await client.get(
            "/metrics", headers={"authorization": "Bearer scrape-token-0123456789"})
    text = response.text
    assert response.status_code == 200
    assert 'publishing_deliveries{status="sent"} 4.0' in text
    assert 'publishing_deliveries_sent_total{channel_type="webhook"} 4.0' in text
    assert 'publishing_queue_jobs{queue="default",state="ready"}' in text
    assert "publishing_send_latency_seconds_count 4.0" in text
