"""The delivery engine against real PostgreSQL, Redis and a loopback webhook receiver."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

from domain.audience.models import Subscriber, SubscriberPreference, SubscriberStatus
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.deliveries import ledger
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.engagement.suppression import suppress
from domain.publications.models import Publication, PublicationStatus
from domain.throttling.breaker import BreakerState
from tests.delivery_fixtures import build_engine, publication_to


async def _run_until_idle(engine, seconds: float = 30.0) -> None:
    """Pump, and let short backoffs elapse, until nothing is pending any more (a deadline,
    not a round count, so a busy machine only makes this slower)."""
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        await engine.pump(budget_seconds=10)
        if not await Delivery.filter(status__in=["pending", "sending"]).exists():
            return
        await asyncio.sleep(0.05)


async def _statuses(publication_id: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for delivery in await Delivery.filter(publication_id=publication_id):
        counts[delivery.status.value] = counts.get(delivery.status.value, 0) + 1
    return counts


async def test_every_subscriber_gets_one_signed_webhook(db, redis_client, http_client,
                                                        receiver) -> None:
    scenario = await publication_to(receiver.url + "/hook", 60)
    engine = build_engine(redis_client, http_client)

    assert await engine.start_publication(scenario.publication.id)
    await _run_until_idle(engine)

    assert await _statuses(scenario.publication.id) == {"sent": 60}
    assert len(receiver.requests) == 60
    assert len(set(receiver.recipients())) == 60
    keys = {d.idempotency_key for d in await Delivery.filter(
        publication_id=scenario.publication.id)}
    assert {r.headers["webhook-id"] for r in receiver.requests} == keys
    assert all(r.signature_valid(scenario.signing_secret) for r in receiver.requests)
    assert not receiver.requests[0].signature_valid("whsec_" + "A" * 32)
    body = receiver.requests[0].json
    assert body["type"] == "publication.published"
    assert body["data"]["publication"]["title"] == "news update"
    assert (await Publication.get(id=scenario.publication.id)).status == \
        PublicationStatus.PUBLISHED

    # resolving again and pumping again changes nothing and sends nothing
    assert not await engine.start_publication(scenario.publication.id)
    await engine.pump(budget_seconds=2)
    assert await Delivery.filter(publication_id=scenario.publication.id).count() == 60
    assert len(receiver.requests) == 60


async def test_audience_leaves_out_who_should_not_receive(db, redis_client, http_client,
                                                          receiver) -> None:
    scenario = await publication_to(receiver.url, 6)
    people = await Subscriber.filter(email__startswith="news-reader").order_by("id")
    people[0].status = SubscriberStatus.UNSUBSCRIBED
    await people[0].save()
    people[1].status = SubscriberStatus.BOUNCED
    await people[1].save()
    await SubscriberPreference.filter(subscriber=people[2]).update(frequency="never")
    await SubscriberPreference.filter(subscriber=people[3]).update(frequency="daily")
    await suppress(people[4].email, "complaint")
    engine = build_engine(redis_client, http_client)

    await engine.start_publication(scenario.publication.id)
    await _run_until_idle(engine)

    # webhook channels do not consult the email suppression list
    assert sorted(receiver.recipients()) == sorted([people[4].email, people[5].email])
    assert await _statuses(scenario.publication.id) == {"sent": 2}


async def test_transient_failures_retry_with_the_same_webhook_id(db, redis_client, http_client,
                                                                 receiver) -> None:
    scenario = await publication_to(receiver.url, 1)
    receiver.script.extend([500, 503])
    engine = build_engine(redis_client, http_client)

    await engine.start_publication(scenario.publication.id)
    await _run_until_idle(engine)

    delivery = await Delivery.get(publication_id=scenario.publication.id)
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 3
    assert [entry["error"][:8] for entry in delivery.error_history] == ["HTTP 500", "HTTP 503"]
    assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1
    assert len(receiver.requests) == 3


async def test_permanent_failure_stops_at_once(db, redis_client, http_client,
                                               receiver) -> None:
    scenario = await publication_to(receiver.url, 2)
    receiver.status = 404
    engine = build_engine(redis_client, http_client)

    await engine.start_publication(scenario.publication.id)
    await _run_until_idle(engine)

    deliveries = await Delivery.filter(publication_id=scenario.publication.id)
    assert {d.status for d in deliveries} == {DeliveryStatus.FAILED}
    assert all(d.attempts == 1 and d.last_error.startswith("HTTP 404") for d in deliveries)
    assert (await Publication.get(id=scenario.publication.id)).status == \
        PublicationStatus.PUBLISHED


async def test_gone_endpoint_disables_the_channel(db, redis_client, http_client,
                                                  receiver) -> None:
    scenario = await publication_to(receiver.url, 30)
    receiver.status = 410
    engine = build_engine(redis_client, http_client, batch_size=10, concurrency=1)

    await engine.start_publication(scenario.publication.id)
    await _run_until_idle(engine)

    channel = await Channel.get(id=scenario.channel.id)
    assert channel.status == ChannelStatus.DISABLED
    assert "410" in channel.status_reason
    statuses = await _statuses(scenario.publication.id)
    assert statuses.get("sent", 0) == 0
    # the one request that met the 410 failed; everything else, in its batch or not, is
    # skipped with the reason, at once (other workers stop claiming them too)
    assert statuses == {"failed": 1, "skipped": 29}
    assert len(receiver.requests) == 1
    skipped = await Delivery.filter(publication_id=scenario.publication.id,
                                    status=DeliveryStatus.SKIPPED).values_list("last_error",
                                                                               flat=True)
    assert all(reason.startswith("channel disabled: HTTP 410") for reason in skipped)


async def test_exhausted_attempts_go_dead_and_can_be_replayed(db, redis_client, http_client,
                                                              receiver) -> None:
    scenario = await publication_to(receiver.url, 3)
    receiver.status = 500
    engine = build_engine(redis_client, http_client, max_attempts=3)

    await engine.start_publication(scenario.publication.id)
    await _run_until_idle(engine)

    dead = await Delivery.filter(publication_id=scenario.publication.id)
    assert {d.status for d in dead} == {DeliveryStatus.DEAD}
    assert all(len(d.error_history) == 3 and "gave up after 3" in d.last_error for d in dead)
    assert (await Publication.get(id=scenario.publication.id)).status == \
        PublicationStatus.PUBLISHED

    receiver.status = 200
    assert await ledger.retry_dead(publication_id=scenario.publication.id) == 3
    assert (await Publication.get(id=scenario.publication.id)).status == \
        PublicationStatus.PUBLISHING
    await _run_until_idle(engine)
    assert await _statuses(scenario.publication.id) == {"sent": 3}


async def test_429_pauses_the_destination_for_every_worker(db, redis_client, http_client,
                                                           receiver) -> None:
    scenario = await publication_to(receiver.url, 1)
    receiver.status = 429
    receiver.retry_after = "30"
    engine = build_engine(redis_client, http_client)

    await engine.start_publication(scenario.publication.id)
    await engine.pump(budget_seconds=5)

    delivery = await Delivery.get(publication_id=scenario.publication.id)
    assert delivery.status == DeliveryStatus.PENDING
    wait = (delivery.next_attempt_at - dt.datetime.now(dt.UTC)).total_seconds()
    assert 25 < wait <= 31
    assert await engine.limiter.paused_for("host:127.0.0.1") > 25
    # a second engine (another worker) sees the pause and does not call the destination
    other = build_engine(redis_client, http_client)
    assert await other.limiter.acquire("host:127.0.0.1", None, None) > 25
    assert len(receiver.requests) == 1


async def test_breaker_opens_defers_instead_of_burning_attempts_and_recovers(
        db, redis_client, http_client, receiver) -> None:
    scenario = await publication_to(receiver.url, 40)
    receiver.status = 500
    engine = build_engine(redis_client, http_client, breaker_failure_threshold=3,
                          breaker_cooldown_seconds=0.5, batch_size=40, concurrency=1,
                          max_attempts=3)

    await engine.start_publication(scenario.publication.id)
    await engine.pump(budget_seconds=5)

    assert await engine.breaker.state(scenario.channel.id) is BreakerState.OPEN
    deliveries = await Delivery.filter(publication_id=scenario.publication.id)
    assert not [d for d in deliveries if d.status == DeliveryStatus.DEAD]
    attempted = [d for d in deliveries if d.attempts > 0]
    assert len(attempted) == 3  # only the failures that opened the breaker
    assert len(receiver.requests) == 3

    receiver.status = 200
    await asyncio.sleep(0.6)
    await _run_until_idle(engine)
    assert await engine.breaker.state(scenario.channel.id) is BreakerState.CLOSED
    assert await _statuses(scenario.publication.id) == {"sent": 40}


async def test_two_claims_never_share_a_delivery(db, redis_client, http_client,
                                                 receiver) -> None:
    scenario = await publication_to(receiver.url, 300)
    engine = build_engine(redis_client, http_client)
    await engine.start_publication(scenario.publication.id)

    first, second = await asyncio.gather(ledger.claim(200, 60), ledger.claim(200, 60))
    ids_first = {row.id for row in first.rows}
    ids_second = {row.id for row in second.rows}
    assert first.lease_id != second.lease_id
    assert not ids_first & ids_second
    assert len(ids_first | ids_second) == 300


async def test_a_dead_workers_lease_expires_and_the_row_is_sent(db, redis_client, http_client,
                                                                receiver) -> None:
    scenario = await publication_to(receiver.url, 5)
    engine = build_engine(redis_client, http_client)
    await engine.start_publication(scenario.publication.id)
    claimed = await ledger.claim(5, lease_seconds=0.2)  # a worker that then dies
    assert len(claimed.rows) == 5
    assert await engine.pump(budget_seconds=1) == 0  # leased rows are not claimable
    await asyncio.sleep(0.3)

    report = await engine.sweep()
    assert report.requeued == 5
    await _run_until_idle(engine)
    assert await _statuses(scenario.publication.id) == {"sent": 5}


async def test_cancel_skips_what_has_not_been_sent(db, redis_client, http_client,
                                                   receiver) -> None:
    from domain.principals.actor import SYSTEM
    from domain.publications import service

    scenario = await publication_to(receiver.url, 10)
    engine = build_engine(redis_client, http_client)
    await engine.start_publication(scenario.publication.id)
    await service.cancel(SYSTEM, scenario.publication.id)
    await engine.pump(budget_seconds=2)

    assert await _statuses(scenario.publication.id) == {"skipped": 10}
    assert receiver.requests == []


async def test_scheduled_publication_starts_when_due(db, redis_client, http_client,
                                                     receiver) -> None:
    scenario = await publication_to(receiver.url, 2)
    await Publication.filter(id=scenario.publication.id).update(
        status=PublicationStatus.SCHEDULED,
        publish_at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30))
    engine = build_engine(redis_client, http_client)
    assert not await engine.start_publication(scenario.publication.id)  # not due yet
    assert await Delivery.filter(publication_id=scenario.publication.id).count() == 0

    await Publication.filter(id=scenario.publication.id).update(
        publish_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    report = await engine.sweep()
    assert report.started == [scenario.publication.id]
    await _run_until_idle(engine)
    assert await _statuses(scenario.publication.id) == {"sent": 2}


#: A webhook template that takes a couple of hundred milliseconds per recipient, well
#: inside the render limits (30,000 loop iterations doing arithmetic).
HEAVY_JSON = ('{% set n = namespace(total=0) %}{% for i in range(300) %}'
              '{% for j in range(100) %}{% set n.total = n.total + i * 2 + j %}{% endfor %}'
              '{% endfor %}{"type": "publication.published", "data": {"publication": '
              '{"title": "{{ publication.title }}"}, "size": {{ n.total }}}}')
EXPECTED_SIZE = sum(i * 2 + j for i in range(300) for j in range(100))


async def test_rendering_leaves_the_event_loop_free(db, redis_client, http_client,
                                                    receiver) -> None:
    """Under `serve` the delivery loop also answers the API: while a batch renders heavy
    templates, a task on the loop still wakes up on time (renders run on the render
    pool). Before, each render held the loop for its whole duration."""
    from domain.principals.actor import Actor
    from domain.principals.models import Role
    from domain.templates import service as templates
    from domain.templates.rendering import render_for

    scenario = await publication_to(receiver.url + "/hook", 4)
    template = await templates.create_template(
        Actor(name="lag", role=Role.EDITOR), name="heavy", channel_type=ChannelType.WEBHOOK,
        source=HEAVY_JSON)
    publication = scenario.publication
    publication.template_choices = {"json": template.id}
    await publication.save()

    started = time.perf_counter()
    rendered = await render_for(publication, ChannelType.WEBHOOK)
    render_seconds = time.perf_counter() - started
    assert rendered.payload["data"]["size"] == EXPECTED_SIZE
    assert render_seconds > 0.05  # heavy enough for the lag bound below to mean something

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    lags: list[float] = []

    async def probe() -> None:
        while not stop.is_set():
            before = loop.time()
            await asyncio.sleep(0.005)
            lags.append(loop.time() - before - 0.005)

    watcher = asyncio.create_task(probe())
    engine = build_engine(redis_client, http_client)
    sending = time.perf_counter()
    assert await engine.start_publication(publication.id)
    await _run_until_idle(engine)
    sending = time.perf_counter() - sending
    stop.set()
    await watcher

    assert await _statuses(publication.id) == {"sent": 4}
    assert all(request.json["data"]["size"] == EXPECTED_SIZE for request in receiver.requests)
    assert sending > 2 * render_seconds  # four renders, one at a time
    assert max(lags) < min(0.1, render_seconds / 2), (max(lags), render_seconds)


async def test_a_bounded_pump_sends_one_batch_and_leaves_the_rest(db, redis_client, http_client,
                                                                   receiver) -> None:
    """The alerts lane's start job sends one batch inline (max_batches=1) and leaves the
    rest to the pumps: a start job that kept pumping while alerts kept arriving held its
    job slot, and later alerts waited in the queue."""
    scenario = await publication_to(receiver.url + "/hook", 250)
    engine = build_engine(redis_client, http_client)
    assert await engine.start_publication(scenario.publication.id)

    sent = await engine.pump(budget_seconds=30, max_batches=1)

    assert sent == engine.policy.batch_size < 250
    assert await Delivery.filter(publication_id=scenario.publication.id,
                                 status=DeliveryStatus.PENDING).count() == 250 - sent
    await _run_until_idle(engine)
    assert await _statuses(scenario.publication.id) == {"sent": 250}
