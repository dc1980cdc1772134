"""The delivery engine against destinations that misbehave, and the ledger and breaker
rules that keep it honest: hostile answers, leases shorter than a batch, late writers,
and a circuit breaker that counts what it should. Real PostgreSQL, Redis and loopback
receivers; nothing of ours is patched.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import tracemalloc
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from domain.channels.outbound import MAX_RESPONSE_BYTES, retry_after_seconds
from domain.deliveries import ledger
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.throttling.breaker import BreakerState, CircuitBreaker
from domain.throttling.rate_limiter import MAX_PAUSE_SECONDS
from tests.delivery_fixtures import build_engine, publication_to
from tests.receivers import WebhookReceiver


async def _statuses(publication_id: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for delivery in await Delivery.filter(publication_id=publication_id):
        counts[delivery.status.value] = counts.get(delivery.status.value, 0) + 1
    return counts


async def _run_until_idle(engine, seconds: float = 60.0) -> None:
    """Pump, letting backoffs and cool-downs elapse, until nothing is pending (a deadline,
    not a round count)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        await engine.pump(budget_seconds=10)
        if not await Delivery.filter(status__in=["pending", "sending"]).exists():
            return
        await asyncio.sleep(0.05)
    pytest.fail(f"still pending after {seconds}s")


@pytest.fixture
async def receivers() -> AsyncIterator[dict[str, WebhookReceiver]]:
    """Three hosts on loopback: pauses are per host, so a hostile host's pause must not
    be what holds the well-behaved one back."""
    servers = {name: await WebhookReceiver(host).start() for name, host in
               (("inf", "127.0.0.2"), ("huge", "127.0.0.3"), ("body", "127.0.0.1"))}
    yield servers
    for server in servers.values():
        await server.stop()


# -- hostile answers ----------------------------------------------------------------------


@pytest.mark.parametrize(("header", "expected"), [
    ("inf", 86_400.0), ("-inf", 0.0), ("nan", None), ("1e400", 86_400.0),
    ("99999999", 86_400.0), ("-5", 0.0), ("7", 7.0), ("soon", None), ("", None),
    ("Fri, 31 Dec 9999 23:59:59 GMT", 86_400.0),
])
def test_retry_after_is_parsed_defensively(header: str, expected: float | None) -> None:
    assert retry_after_seconds(header) == expected


async def test_hostile_answers_never_sink_the_batch(db, redis_client, http_client,
                                                    receivers) -> None:
    """Retry-After: inf and 99999999, a body trickled forever and a 50 MB body, all in
    one batch with well-behaved rows: every row records, pauses are capped, the trickle
    is cut at its deadline and the big body is not buffered."""
    receivers["inf"].status = 429
    receivers["inf"].retry_after = "inf"
    receivers["huge"].status = 429
    receivers["huge"].retry_after = "99999999"

    async def trickle() -> AsyncIterator[bytes]:
        for _ in range(200):  # 60 s of one byte every 0.3 s
            yield b"."
            await asyncio.sleep(0.3)

    async def fifty_megabytes() -> AsyncIterator[bytes]:
        chunk = b"x" * (1 << 20)
        for _ in range(50):
            yield chunk

    trickler = await WebhookReceiver("127.0.0.4").start()
    big = await WebhookReceiver("127.0.0.5").start()
    trickler.stream = trickle
    big.stream = fifty_megabytes
    try:
        scenarios = {
            "inf": await publication_to(receivers["inf"].url + "/hook", 3, slug="inf"),
            "huge": await publication_to(receivers["huge"].url + "/hook", 3, slug="huge"),
            "trickle": await publication_to(
                trickler.url + "/hook", 2, slug="trickle",
                channel_fields={"config": {"timeout_seconds": 1}}),
            "big": await publication_to(big.url + "/hook", 3, slug="big"),
            "ok": await publication_to(receivers["body"].url + "/hook", 5, slug="ok"),
        }
        engine = build_engine(redis_client, http_client, batch_size=100, concurrency=20)
        for scenario in scenarios.values():
            assert await engine.start_publication(scenario.publication.id)

        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            # every row in one batch; nothing it meets may stop it
            claim = await ledger.claim(100, 60)
            assert len(claim.rows) == 16
            await asyncio.wait_for(engine.process(claim), timeout=60)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    finally:
        await trickler.stop()
        await big.stop()

    # nothing was left `sending`: every row of the batch has its outcome
    assert not await Delivery.filter(status=DeliveryStatus.SENDING).exists()
    assert await _statuses(scenarios["ok"].publication.id) == {"sent": 5}
    assert await _statuses(scenarios["big"].publication.id) == {"sent": 3}
    # a 50 MB answer costs us its first 64 KiB, not 150 MB for three of them
    assert peak < 40 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB while sending"
    trickled = await Delivery.filter(publication_id=scenarios["trickle"].publication.id)
    assert {d.status for d in trickled} == {DeliveryStatus.PENDING}
    assert all(d.last_error == "timed out after 1s" for d in trickled)

    now = dt.datetime.now(dt.UTC)
    for name in ("inf", "huge"):
        rows = await Delivery.filter(publication_id=scenarios[name].publication.id)
        assert {d.status for d in rows} == {DeliveryStatus.PENDING}, name
        # the row waits at most a day; the host at most MAX_PAUSE_SECONDS
        assert all(d.next_attempt_at <= now + dt.timedelta(days=1, minutes=1) for d in rows)
        paused = await engine.limiter.paused_for(f"host:{receivers[name].host}")
        assert 0 < paused <= MAX_PAUSE_SECONDS
    assert await engine.limiter.paused_for("host:127.0.0.1") == 0


async def test_a_response_body_is_read_only_up_to_the_cap(db, redis_client, http_client,
                                                          receiver) -> None:
    """A 500 with a huge error page: the error we keep is a snippet of the capped head."""
    receiver.status = 500
    receiver.body = "E" * (MAX_RESPONSE_BYTES * 4)
    scenario = await publication_to(receiver.url + "/hook", 1)
    engine = build_engine(redis_client, http_client, max_attempts=5)
    assert await engine.start_publication(scenario.publication.id)
    await engine.pump(budget_seconds=5)
    delivery = await Delivery.get(publication_id=scenario.publication.id)
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_error.startswith("HTTP 500: EEEE") and len(delivery.last_error) < 300


# -- leases and late writers --------------------------------------------------------------


async def test_a_late_outcome_never_overwrites_the_current_claim(db, redis_client,
                                                                 http_client, receiver) -> None:
    scenario = await publication_to(receiver.url + "/hook", 1)
    engine = build_engine(redis_client, http_client)
    assert await engine.start_publication(scenario.publication.id)

    stale = await ledger.claim(10, lease_seconds=0.2)  # a worker that then stalls
    (row,) = stale.rows
    async def lease_ran_out() -> bool:
        return await ledger.requeue_expired_leases() == 1

    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while not await lease_ran_out():
        assert loop.time() < deadline, "the lease never ran out"
        await asyncio.sleep(0.05)
    current = await ledger.claim(10, lease_seconds=60)
    assert [r.id for r in current.rows] == [row.id]
    assert current.rows[0].attempts == row.attempts + 1

    # the stalled worker wakes up and reports, in every way it could
    await ledger.record(stale.lease_id, sent=[ledger.Sent(row.id, "stale-id")])
    await ledger.record(stale.lease_id, retries=[ledger.Retry(
        row.id, row.attempts, dt.timedelta(seconds=1), "stale")])
    await ledger.record(stale.lease_id, failed=[ledger.Failed(row.id, row.attempts, "stale")])
    await ledger.record(stale.lease_id, deferred=[ledger.Deferred(row.id, dt.timedelta(0))])
    await ledger.record(stale.lease_id, skipped=[ledger.Skipped(row.id, "stale")])
    assert await ledger.extend_lease(stale.lease_id, 600) == 0
    delivery = await Delivery.get(id=row.id)
    assert delivery.status == DeliveryStatus.SENDING
    assert delivery.attempts == row.attempts + 1  # never backwards
    assert delivery.provider_message_id is None and delivery.error_history == []

    # the current claim's outcome is the one that lands
    await ledger.record(current.lease_id, sent=[ledger.Sent(row.id, "current-id")])
    delivery = await Delivery.get(id=row.id)
    assert (delivery.status, delivery.provider_message_id) == (DeliveryStatus.SENT,
                                                               "current-id")


async def test_a_batch_longer_than_its_lease_keeps_its_rows(db, redis_client, http_client,
                                                            receiver) -> None:
    """Requests of 0.4 s one at a time make a 6-row batch outlast its 1 s lease; the
    sweeper runs all along, and still no row is claimed twice or sent twice."""
    receiver.delay_seconds = 0.4
    scenario = await publication_to(receiver.url + "/hook", 6)
    engine = build_engine(redis_client, http_client, concurrency=1, lease_seconds=1.0)
    sweeper = build_engine(redis_client, http_client)
    assert await engine.start_publication(scenario.publication.id)

    async def sweep_and_pump_meanwhile() -> None:
        while True:
            await sweeper.sweep()
            await sweeper.pump(budget_seconds=1)
            await asyncio.sleep(0.1)

    rival = asyncio.create_task(sweep_and_pump_meanwhile())
    try:
        await engine.pump(budget_seconds=30)
    finally:
        rival.cancel()
        with pytest.raises(asyncio.CancelledError):
            await rival
    assert await _statuses(scenario.publication.id) == {"sent": 6}
    assert len(receiver.requests) == 6
    assert all(d.attempts == 1 for d in await Delivery.filter(
        publication_id=scenario.publication.id))


async def test_the_log_counts_the_deliveries_written(db, redis_client, http_client, receiver,
                                                     caplog) -> None:
    scenario = await publication_to(receiver.url + "/hook", 7)
    engine = build_engine(redis_client, http_client)
    with caplog.at_level(logging.INFO, logger="domain.deliveries.scheduler"):
        assert await engine.start_publication(scenario.publication.id)
    assert f"publication {scenario.publication.id}: 7 deliveries written" in caplog.text


# -- the circuit breaker ------------------------------------------------------------------


@pytest.fixture
async def breaker(redis_client: Redis) -> CircuitBreaker:
    return CircuitBreaker(redis_client, threshold=3, cooldown_seconds=0.2,
                          prefix="publishing:cb-test")


async def test_breaker_opens_only_on_consecutive_failures(breaker: CircuitBreaker) -> None:
    for _ in range(10):
        assert await breaker.record(1, success=False) is BreakerState.CLOSED
        assert await breaker.record(1, success=False) is BreakerState.CLOSED
        assert await breaker.record(1, success=True) is BreakerState.CLOSED
    assert await breaker.record(1, success=False) is BreakerState.CLOSED
    assert await breaker.record(1, success=False) is BreakerState.CLOSED
    assert await breaker.record(1, success=False) is BreakerState.OPEN


async def test_late_answers_do_not_move_an_open_breaker(breaker: CircuitBreaker,
                                                        redis_client: Redis) -> None:
    for _ in range(3):
        await breaker.record(2, success=False)
    opened_until = await redis_client.hget("publishing:cb-test:2", "open_until")
    # answers to requests that left before it opened: neither closes nor extends it
    assert await breaker.record(2, success=True) is BreakerState.OPEN
    assert await breaker.record(2, success=False) is BreakerState.OPEN
    assert await redis_client.hget("publishing:cb-test:2", "open_until") == opened_until
    assert not (await breaker.admit(2)).allowed


async def test_half_open_lets_one_probe_decide(breaker: CircuitBreaker) -> None:
    for _ in range(3):
        await breaker.record(3, success=False)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while not (admission := await breaker.admit(3)).allowed:
        assert loop.time() < deadline
        await asyncio.sleep(0.05)
    assert admission.probe and admission.state is BreakerState.HALF_OPEN
    assert not (await breaker.admit(3)).allowed  # one probe at a time
    # a non-probe answer arriving now says nothing
    assert await breaker.record(3, success=True) is BreakerState.HALF_OPEN
    assert await breaker.record(3, success=False, probe=True) is BreakerState.OPEN
    while not (admission := await breaker.admit(3)).allowed:
        assert loop.time() < deadline
        await asyncio.sleep(0.05)
    # a probe that never went out (rate limited) hands the slot on at once
    await breaker.release_probe(3)
    assert (await breaker.admit(3)).probe
    assert await breaker.record(3, success=True, probe=True) is BreakerState.CLOSED
    assert (await breaker.admit(3)).allowed


async def test_failures_spread_through_a_batch_never_open_the_breaker(
        db, redis_client, http_client, receiver) -> None:
    """Five 500s spread through a 200-row batch, threshold 5: never five in a row."""
    receiver.script.extend(500 if index in {10, 50, 90, 130, 170} else 200
                           for index in range(200))
    scenario = await publication_to(receiver.url + "/hook", 200)
    engine = build_engine(redis_client, http_client, batch_size=200, concurrency=10,
                          breaker_failure_threshold=5, breaker_cooldown_seconds=60)
    assert await engine.start_publication(scenario.publication.id)
    await _run_until_idle(engine)

    assert await _statuses(scenario.publication.id) == {"sent": 200}
    assert len(receiver.requests) == 205
    key = f"publishing:cb:{scenario.channel.id}"
    assert await redis_client.hget(key, "opened_at") is None  # it never opened


async def test_admission_is_per_row(db, redis_client, http_client, receiver) -> None:
    """Another worker's failures open the breaker while this batch is under way: the
    rest of the batch is held back at once, not sent because the batch was admitted."""
    receiver.delay_seconds = 0.1
    scenario = await publication_to(receiver.url + "/hook", 40)
    engine = build_engine(redis_client, http_client, batch_size=100, concurrency=1,
                          breaker_failure_threshold=3, breaker_cooldown_seconds=60)
    other_worker = build_engine(redis_client, http_client, breaker_failure_threshold=3,
                                breaker_cooldown_seconds=60)
    assert await engine.start_publication(scenario.publication.id)
    sending = asyncio.create_task(engine.pump(budget_seconds=30))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while len(receiver.requests) < 3:
        assert loop.time() < deadline
        await asyncio.sleep(0.01)
    for _ in range(3):
        await other_worker.breaker.record(scenario.channel.id, success=False)
    opened_after = len(receiver.requests)
    await asyncio.wait_for(sending, timeout=60)

    assert len(receiver.requests) <= opened_after + 1  # at most the one in flight
    rows = await Delivery.filter(publication_id=scenario.publication.id)
    held_back = [d for d in rows if d.status == DeliveryStatus.PENDING]
    assert len(held_back) >= 40 - opened_after - 1
    assert all(d.attempts == 0 for d in held_back)  # waiting costs no attempt


async def test_an_outage_longer_than_the_attempts_kills_nothing(db, redis_client,
                                                                http_client, receiver) -> None:
    """max_attempts 2, a receiver down for many cool-downs: every probe fails, none of
    them costs its row an attempt, and everything goes out when it comes back."""
    receiver.status = 500
    scenario = await publication_to(receiver.url + "/hook", 20)
    engine = build_engine(redis_client, http_client, concurrency=1, max_attempts=2,
                          breaker_failure_threshold=2, breaker_cooldown_seconds=0.2,
                          backoff_base_seconds=0.05, backoff_max_seconds=0.1)
    assert await engine.start_publication(scenario.publication.id)

    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while len(receiver.requests) < 2 + 12:  # the two that opened it, then 12 probes
        assert loop.time() < deadline, f"only {len(receiver.requests)} requests"
        await engine.pump(budget_seconds=2)
        await asyncio.sleep(0.05)
    assert not await Delivery.filter(publication_id=scenario.publication.id,
                                     status__in=[DeliveryStatus.DEAD,
                                                 DeliveryStatus.FAILED]).exists()

    receiver.status = 200
    await _run_until_idle(engine)
    assert await _statuses(scenario.publication.id) == {"sent": 20}
    assert await engine.breaker.state(scenario.channel.id) is BreakerState.CLOSED
