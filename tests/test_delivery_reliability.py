"""Delivery under failure: real `publishing worker` processes, a real receiver, and the
things that go wrong in production — a worker SIGKILLed mid-send, Redis restarting, a
receiver failing for a while — plus the SSRF guard against bad targets.

The workers are subprocesses (`python -m app.cli worker`) against the test database and
Redis; the webhook receiver runs in the test's event loop, so every wait here is an
`asyncio.sleep` poll with a deadline (never a blocking sleep that would starve it).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from arq import create_pool
from arq.connections import ArqRedis, RedisSettings
from redis.asyncio import Redis
from tortoise import Tortoise

from app.embedded import EmbeddedRedis
from app.settings import Settings
from domain.channels.outbound import host_header
from domain.channels.ssrf import BlockedTarget, RefusedUrl, TargetResolver
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.publications.models import Publication, PublicationStatus
from domain.realtime.events import METRICS_CHANNEL, redis_channel
from domain.realtime.watching import beacon
from domain.throttling.breaker import BreakerState, CircuitBreaker
from tests.delivery_fixtures import SECRET_KEY, build_engine, publication_to
from tests.receivers import WebhookReceiver
from workers.names import DEFAULT_QUEUE
from workers.queue import ArqDeliveryQueue

ROOT = Path(__file__).resolve().parent.parent
LEASE_SECONDS = 5  # the smallest lease the settings accept


# -- helpers ----------------------------------------------------------------------------


async def eventually(check: Callable[[], Awaitable[bool] | bool], timeout: float,
                     what: str, describe: Callable[[], Awaitable[str]] | None = None,
                     interval: float = 0.1) -> None:
    """Poll `check` until it holds; fail with `what` (and a state report) at the deadline.
    Polls with asyncio.sleep so the in-loop receiver keeps serving meanwhile."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = check()
        if not isinstance(result, bool):
            result = await result
        if result:
            return
        if loop.time() > deadline:
            state = await describe() if describe else ""
            pytest.fail(f"timed out after {timeout:g}s waiting for {what}. {state}")
        await asyncio.sleep(interval)


async def status_counts(publication_id: int) -> dict[str, int]:
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT status, count(*) AS n FROM delivery WHERE publication_id = $1 GROUP BY status",
        [publication_id])
    return {row["status"]: row["n"] for row in rows}


async def all_sent(publication_id: int, total: int) -> bool:
    return (await status_counts(publication_id)).get("sent", 0) == total


class Workers:
    """`publishing worker` subprocesses with their output in log files."""

    def __init__(self, directory: Path, database_url: str) -> None:
        self.directory = directory
        self.database_url = database_url
        self.processes: list[subprocess.Popen[bytes]] = []
        self.logs: list[Path] = []

    def environment(self, redis_url: str, **overrides: str) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("DELIVERY_", "BREAKER_"))}
        env.update({
            "DATABASE_URL": self.database_url,
            "REDIS_URL": redis_url,
            "SECRET_KEY": SECRET_KEY,
            "ALLOW_PRIVATE_TARGETS": "true",
            "DELIVERY_LEASE_SECONDS": str(LEASE_SECONDS),
            "DELIVERY_BACKOFF_BASE_SECONDS": "0.2",
            "DELIVERY_BACKOFF_MAX_SECONDS": "1",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        })
        env.update(overrides)
        return env

    def start(self, env: dict[str, str], queue: str = "default") -> subprocess.Popen[bytes]:
        log = self.directory / f"worker-{len(self.processes)}-{queue}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "app.cli", "worker", "--queue", queue], cwd=ROOT,
                env=env, stdout=output, stderr=subprocess.STDOUT)
        self.processes.append(process)
        self.logs.append(log)
        return process

    def output(self) -> str:
        return "\n".join(f"--- {log.name} (last lines) ---\n"
                         + "\n".join(log.read_text(errors="replace").splitlines()[-25:])
                         for log in self.logs if log.exists())

    async def stop_all(self) -> None:
        """SIGTERM (a graceful stop), SIGKILL after 20 s; waits without blocking the loop,
        so the in-loop receiver can still answer the requests a stopping worker finishes."""
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 20
        while any(process.poll() is None for process in self.processes):
            if loop.time() > deadline:
                for process in self.processes:
                    if process.poll() is None:
                        process.kill()
                        process.wait(timeout=10)
                break
            await asyncio.sleep(0.1)


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """Unix socket paths must stay short; pytest's tmp_path can be long."""
    with tempfile.TemporaryDirectory(prefix="pub-") as directory:
        yield Path(directory)


async def _clear_redis(url: str) -> None:
    client = Redis.from_url(url)
    try:
        keys = [key async for key in client.scan_iter("arq:*")]
        keys += [key async for key in client.scan_iter("publishing:*")
                 if not key.startswith(b"publishing:test-run-claim")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@pytest.fixture
async def workers(db: str, redis_url: str, tmp_path: Path) -> AsyncIterator[Workers]:
    """Stopped (and the shared Redis db cleared of jobs, leases and breakers) before `db`
    truncates the tables, so no worker outlives its test."""
    await _clear_redis(redis_url)
    group = Workers(tmp_path, db)
    yield group
    await group.stop_all()
    await _clear_redis(redis_url)


@contextlib.asynccontextmanager
async def arq_pool(redis_url: str) -> AsyncIterator[ArqRedis]:
    pool = await create_pool(RedisSettings.from_dsn(redis_url), default_queue_name=DEFAULT_QUEUE)
    try:
        yield pool
    finally:
        await pool.aclose()


def group_by_recipient(receiver: WebhookReceiver) -> dict[str, list[str]]:
    """recipient e-mail → the webhook-id of every request that reached the receiver."""
    seen: dict[str, list[str]] = defaultdict(list)
    for request in receiver.requests:
        seen[request.json["data"]["recipient"]["email"]].append(request.headers["webhook-id"])
    return seen


async def expected_keys(publication_id: int) -> dict[str, str]:
    """recipient → idempotency key, from the ledger."""
    return dict(await Delivery.filter(publication_id=publication_id)
                .values_list("recipient", "idempotency_key"))


# -- a. a worker SIGKILLed in the middle of a send ---------------------------------------


async def test_a_worker_killed_mid_send_loses_nothing_and_duplicates_only_its_inflight(
        workers: Workers, redis_url: str, receiver: WebhookReceiver) -> None:
    """Worker A holds every sender job when it is SIGKILLed. Two fresh workers carry on
    with every row A never claimed without waiting for A's lease (60 s here); only A's
    own leased rows wait for it, and only A's requests in flight are sent twice."""
    total = 5000
    # a token in the URL is a secret: it must not end up in the workers' logs
    scenario = await publication_to(receiver.url + "/hook?token=s3cret-in-url", total)
    publication_id = scenario.publication.id
    concurrency, pumps = 10, Settings.model_fields["delivery_pumps"].default
    env = workers.environment(redis_url, DELIVERY_LEASE_SECONDS="60",
                              DELIVERY_CONCURRENCY=str(concurrency))
    in_flight_bound = concurrency * pumps  # requests one worker can have on the wire

    async def report() -> str:
        return (f"received {len(receiver.requests)}; ledger {await status_counts(publication_id)}"
                f"\n{workers.output()}")

    async with arq_pool(redis_url) as pool:
        await ArqDeliveryQueue(pool).start_publication(publication_id)
    first = workers.start(env)
    await eventually(lambda: len(receiver.requests) >= 1000, 60,
                     "worker A to deliver 1000 webhooks", report)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    received_at_kill = len(receiver.requests)
    at_kill = await status_counts(publication_id)
    leased = await Delivery.filter(publication_id=publication_id,
                                   status=DeliveryStatus.SENDING).values_list(
        "recipient", "lease_id")
    leased_at_kill = {recipient for recipient, _ in leased}
    dead_leases = list({lease_id for _, lease_id in leased})
    assert received_at_kill < total, "the kill came too late to be mid-send"
    assert leased_at_kill, f"nothing was in flight at the kill: {at_kill}"

    workers.start(env)
    workers.start(env)

    async def all_but_the_dead_workers_rows_sent() -> bool:
        return (await status_counts(publication_id)).get("sent", 0) >= (
            total - len(leased_at_kill))

    await eventually(all_but_the_dead_workers_rows_sent, 90,
                     "the survivors to send every row A never claimed", report)
    # ... while A's rows still wait for its lease: nobody needed it to run out
    still_leased = await Delivery.filter(publication_id=publication_id,
                                         lease_id__in=dead_leases,
                                         status=DeliveryStatus.SENDING).count()
    assert still_leased == len(leased_at_kill), await report()

    # fast-forward A's 60 s lease; the sweeper hands its rows to the survivors
    await Tortoise.get_connection("default").execute_query(
        "UPDATE delivery SET next_attempt_at = now() - interval '1 second' "
        "WHERE lease_id = ANY($1::uuid[]) AND status = 'sending'", [dead_leases])
    await eventually(lambda: all_sent(publication_id, total), 90,
                     "the survivors to finish the send", report)
    await eventually(lambda: Publication.filter(id=publication_id,
                                                status=PublicationStatus.PUBLISHED).exists(),
                     20, "the publication to be published", report)

    keys = await expected_keys(publication_id)
    seen = group_by_recipient(receiver)
    assert set(seen) == set(keys), "some recipients never received the webhook"
    duplicates = {recipient: ids for recipient, ids in seen.items() if len(ids) > 1}
    duplicate_requests = sum(len(ids) - 1 for ids in duplicates.values())
    assert duplicate_requests <= in_flight_bound, (
        f"{duplicate_requests} duplicates; at most {in_flight_bound} were in flight "
        f"(received {received_at_kill} at the kill, ledger then {at_kill})")
    # only what worker A held when it died was sent twice
    assert set(duplicates) <= leased_at_kill
    # a redelivery is the same message: the same webhook-id, the delivery's key
    assert all(set(ids) == {keys[recipient]} for recipient, ids in seen.items())
    assert all(request.signature_valid(scenario.signing_secret)
               for request in receiver.requests)
    assert all(request.path == "/hook" for request in receiver.requests)
    assert not [log.name for log in workers.logs if "s3cret-in-url" in log.read_text()]


# -- an idle system: retries and dashboard ticks need nothing else to happen -------------


async def test_an_idle_system_retries_and_ticks_with_both_lanes_running(
        workers: Workers, redis_url: str, redis_client: Redis,
        receiver: WebhookReceiver) -> None:
    """Both lanes' workers run (the alerts worker polls every 50 ms). A delivery answered
    500 once is retried and sent with no other activity to wake the senders, and the
    bulk lane's sweep keeps ticking metricsUpdated."""
    receiver.script.append(500)
    scenario = await publication_to(receiver.url + "/hook", 1)
    publication_id = scenario.publication.id
    env = workers.environment(redis_url, DELIVERY_BACKOFF_BASE_SECONDS="1",
                              DELIVERY_BACKOFF_MAX_SECONDS="1")
    workers.start(env, queue="alerts")
    workers.start(env, queue="default")
    ticks = redis_client.pubsub()
    await ticks.subscribe(redis_channel(os.environ["EVENTS_PREFIX"], METRICS_CHANNEL))

    async def report() -> str:
        return (f"received {len(receiver.requests)}; ledger {await status_counts(publication_id)}"
                f"\n{workers.output()}")

    try:
        async with arq_pool(redis_url) as pool:
            await ArqDeliveryQueue(pool).start_publication(publication_id)
        await eventually(lambda: all_sent(publication_id, 1), 60,
                         "the failed delivery to be retried and sent", report)
        assert [request.headers["webhook-id"] for request in receiver.requests] == \
            [f"p{publication_id}:c{scenario.channel.id}:s"
             f"{(await Delivery.get(publication_id=publication_id)).subscriber_id}"] * 2

        received = 0

        async def ticked_three_times() -> bool:
            nonlocal received
            message = await ticks.get_message(ignore_subscribe_messages=True, timeout=0.5)
            received += message is not None
            return received >= 3

        # ticks are built while a dashboard watches (an API process marks it in Redis)
        async with beacon(redis_client).held():
            await eventually(ticked_three_times, 60, "three metricsUpdated ticks", report)
    finally:
        await ticks.aclose()


# -- b. Redis restarted in the middle of a send ------------------------------------------


async def test_b_redis_restart_mid_send_the_worker_reconnects_and_finishes(
        workers: Workers, receiver: WebhookReceiver, short_tmp: Path) -> None:
    total = 3000
    private_redis = EmbeddedRedis(short_tmp)
    redis_url = private_redis.start()
    try:
        scenario = await publication_to(receiver.url + "/hook", total)
        publication_id = scenario.publication.id

        async def report() -> str:
            return (f"received {len(receiver.requests)}; ledger "
                    f"{await status_counts(publication_id)}\n{workers.output()}")

        async with arq_pool(redis_url) as pool:
            await ArqDeliveryQueue(pool).start_publication(publication_id)
        worker = workers.start(workers.environment(redis_url))
        await eventually(lambda: len(receiver.requests) >= 1000, 60,
                         "the worker to deliver 1000 webhooks", report)
        private_redis.stop()
        received_at_stop = len(receiver.requests)
        assert received_at_stop < total, "Redis stopped too late to be mid-send"
        await asyncio.sleep(1.5)  # the outage (not a timing assertion)
        # same socket, empty server (no persistence): the queued jobs are gone, and only
        # the sweeper, reading the ledger, can get the send going again
        assert private_redis.start() == redis_url

        await eventually(lambda: all_sent(publication_id, total), 90,
                         "the send to finish after the restart", report)
        assert worker.poll() is None, "the worker died with Redis instead of reconnecting"
        await eventually(lambda: Publication.filter(
            id=publication_id, status=PublicationStatus.PUBLISHED).exists(),
            20, "the publication to be published", report)
        keys = await expected_keys(publication_id)
        seen = group_by_recipient(receiver)
        assert set(seen) == set(keys)
        assert all(set(ids) == {keys[recipient]} for recipient, ids in seen.items())
        assert len(receiver.requests) > received_at_stop
        assert "worker lost Redis" in workers.logs[0].read_text()  # and came back
    finally:
        await workers.stop_all()
        private_redis.stop()


# -- c. a receiver failing for a while ---------------------------------------------------


async def test_c_failing_receiver_opens_the_breaker_and_nothing_dies(
        workers: Workers, redis_url: str, redis_client: Redis,
        receiver: WebhookReceiver) -> None:
    total = 300
    scenario = await publication_to(receiver.url + "/hook", total)
    publication_id = scenario.publication.id
    receiver.status = 500
    env = workers.environment(redis_url, BREAKER_FAILURE_THRESHOLD="3",
                              BREAKER_COOLDOWN_SECONDS="1", DELIVERY_MAX_ATTEMPTS="3")
    breaker = CircuitBreaker(redis_client, threshold=3, cooldown_seconds=1)

    async def report() -> str:
        return (f"received {len(receiver.requests)}; breaker "
                f"{await breaker.state(scenario.channel.id)}; ledger "
                f"{await status_counts(publication_id)}\n{workers.output()}")

    async with arq_pool(redis_url) as pool:
        await ArqDeliveryQueue(pool).start_publication(publication_id)
    workers.start(env)
    await eventually(lambda: len(receiver.requests) >= 3, 30,
                     "the worker to reach the failing receiver", report)

    async def is_open() -> bool:
        return await breaker.state(scenario.channel.id) is BreakerState.OPEN

    await eventually(is_open, 30, "the breaker to open", report)
    # keep failing for many cool-downs (not a timing assertion): each half-open breaker
    # lets one probe through, so the outage costs a few attempts, not every row's last one
    await asyncio.sleep(8)
    counts = await status_counts(publication_id)
    assert set(counts) <= {"pending", "sending"}, await report()  # none dead, none failed
    # far fewer calls than deliveries x attempts: the breaker held them back
    assert len(receiver.requests) < total, await report()

    receiver.status = 200
    await eventually(lambda: all_sent(publication_id, total), 60,
                     "everything to be sent once the receiver recovers", report)
    assert await breaker.state(scenario.channel.id) is BreakerState.CLOSED
    assert set(group_by_recipient(receiver)) == set(await expected_keys(publication_id))
    assert not await Delivery.filter(publication_id=publication_id,
                                     status=DeliveryStatus.DEAD).exists()


# -- d. SSRF: bad targets are refused ----------------------------------------------------


@pytest.mark.parametrize(("url", "address"), [
    ("http://127.0.0.1/", "127.0.0.1"),
    ("http://10.0.0.5/", "10.0.0.5"),
    ("http://169.254.169.254/latest/meta-data", "169.254.169.254"),
    ("http://[::1]/", "::1"),
    ("http://localhost/", None),  # a name that resolves to loopback
    ("http://100.64.0.1/", "100.64.0.1"),  # carrier-grade NAT
    ("http://[::ffff:10.0.0.1]/", "::ffff:10.0.0.1"),  # IPv4-mapped private
    ("http://[fd00::1]/", "fd00::1"),  # IPv6 unique local
    ("http://[fe80::1]/", "fe80::1"),  # IPv6 link-local
])
async def test_d_private_targets_are_refused_with_a_clear_message(url: str,
                                                                  address: str | None) -> None:
    resolver = TargetResolver(allow_private=False)
    with pytest.raises(BlockedTarget) as caught:
        await resolver.resolve(url, field="config.url")
    message = caught.value.message
    assert "non-public address" in message and "private networks is disabled" in message
    assert message.startswith("config.url:")
    if address is not None:
        assert f"({address})" in message
    assert caught.value.field == "config.url"
    # the same URL is fine where private targets are allowed (local demos, tests)
    if address is not None:
        assert (await TargetResolver(allow_private=True).resolve(url)).address == address


async def test_d_a_public_literal_is_accepted() -> None:
    target = await TargetResolver(allow_private=False).resolve("http://93.184.216.34/hook")
    assert (target.address, target.port, target.host) == ("93.184.216.34", 80, "93.184.216.34")


@pytest.mark.parametrize(("url", "shown"), [
    # 6to4 (2002::/16): the IPv4 address is bits 16-48
    ("http://[2002:7f00:1::1]/", "2002:7f00:1::1, a 6to4 address of 127.0.0.1"),
    ("http://[2002:a9fe:a9fe::1]/latest", "2002:a9fe:a9fe::1, a 6to4 address of "
                                          "169.254.169.254"),
    # NAT64 well-known prefix (64:ff9b::/96): the low 32 bits
    ("http://[64:ff9b::a00:1]/", "64:ff9b::a00:1, a NAT64 address of 10.0.0.1"),
    ("http://[64:ff9b::7f00:1]:8080/", "64:ff9b::7f00:1, a NAT64 address of 127.0.0.1"),
    # NAT64 local-use prefix (64:ff9b:1::/48): refused whatever it embeds
    ("http://[64:ff9b:1::a00:1]/", "64:ff9b:1::a00:1, a local-use NAT64 address"),
    ("http://[64:ff9b:1:5db8:d8:2200::]/", "64:ff9b:1:5db8:d8:2200::, a local-use NAT64 "
                                            "address"),
    # Teredo (2001::/32): server 65.54.227.120, client 10.0.0.1 (stored inverted)
    ("http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/",
     "2001:0:4136:e378:8000:63bf:f5ff:fffe, a Teredo address of 10.0.0.1"),
    # … and a Teredo address whose server is private
    ("http://[2001:0:a00:1:8000:63bf:a247:27dd]/",
     "2001:0:a00:1:8000:63bf:a247:27dd, a Teredo address of 10.0.0.1"),
    # IPv4-compatible and SIIT-translated forms stay refused (reserved ::/8)
    ("http://[::a00:1]/", "::10.0.0.1"),  # as getaddrinfo writes it
    ("http://[::ffff:0:a00:1]/", "::ffff:0:a00:1"),
])
async def test_d_transition_addresses_embedding_private_ipv4_are_refused(
        url: str, shown: str) -> None:
    """6to4, NAT64 and Teredo addresses lead to the IPv4 address inside them: a relay or
    gateway near us would deliver `2002:7f00:1::1` to our own loopback."""
    with pytest.raises(BlockedTarget) as caught:
        await TargetResolver(allow_private=False).resolve(url, field="config.url")
    message = caught.value.message
    assert message.startswith("config.url:")
    assert f"resolves to a non-public address ({shown}); delivery to private networks " \
           "is disabled" in message, message
    assert caught.value.field == "config.url"


@pytest.mark.parametrize("address", [
    "2002:5db8:d822::1",  # 6to4 of 93.184.216.34
    "64:ff9b::5db8:d822",  # NAT64 (what DNS64 hands out on an IPv6-only network)
    "2001:0:4136:e378:8000:63bf:a247:27dd",  # Teredo: server and client both public
    "2606:4700:4700::1111",  # an ordinary global IPv6 address
])
async def test_d_transition_addresses_of_public_ipv4_are_accepted(address: str) -> None:
    target = await TargetResolver(allow_private=False).resolve(f"https://[{address}]/hook")
    assert (target.address, target.port, target.host) == (address, 443, address)


@pytest.mark.parametrize("url", [
    "http://user:pw@93.184.216.34/hook",
    "http://user@93.184.216.34/",
    "https://:pw@example.com/",
    "http://user:pw@127.0.0.1/",  # refused for its credentials before any lookup
])
@pytest.mark.parametrize("allow_private", [False, True])
async def test_d_credentials_before_the_host_are_refused(url: str,
                                                         allow_private: bool) -> None:
    with pytest.raises(RefusedUrl) as caught:
        await TargetResolver(allow_private=allow_private).resolve(url, field="config.url")
    assert caught.value.message == ("config.url must not contain a user name or password "
                                    "(user:password@host)")
    assert caught.value.field == "config.url"
    with pytest.raises(RefusedUrl):  # the save-time check refuses too
        await TargetResolver(allow_private=allow_private).refuse_private(url, "config.url")


def test_d_the_host_header_never_carries_user_info() -> None:
    assert host_header("http://user:pw@hooks.example.com:8080/x?y=1") == \
        "hooks.example.com:8080"
    assert host_header("https://[2606:4700::1]/x") == "[2606:4700::1]"


async def test_d_a_stored_url_with_credentials_fails_at_send_without_a_request(
        db, redis_client, http_client, receiver: WebhookReceiver) -> None:
    """A channel saved before the check (or written around the API) fails its deliveries
    with the same sentence, and nothing is sent (private targets allowed here)."""
    port = receiver.url.rsplit(":", 1)[1]
    scenario = await publication_to(f"http://user:pw@127.0.0.1:{port}/hook", 2)
    engine = build_engine(redis_client, http_client)

    assert await engine.start_publication(scenario.publication.id)
    await engine.pump(budget_seconds=5)

    deliveries = await Delivery.filter(publication_id=scenario.publication.id)
    assert {d.status for d in deliveries} == {DeliveryStatus.FAILED}
    assert [d.last_error for d in deliveries] == [
        "config.url must not contain a user name or password (user:password@host)"] * 2
    assert all(d.attempts == 1 for d in deliveries)
    assert receiver.requests == []


async def test_d_a_redirect_to_a_private_address_is_not_followed(
        db, redis_client, http_client, receiver: WebhookReceiver) -> None:
    scenario = await publication_to(receiver.url + "/hook", 1)
    receiver.status = 302
    receiver.extra_headers = {"location": "http://10.0.0.5/"}
    engine = build_engine(redis_client, http_client)

    assert await engine.start_publication(scenario.publication.id)
    await engine.pump(budget_seconds=5)

    delivery = await Delivery.get(publication_id=scenario.publication.id)
    assert delivery.status == DeliveryStatus.FAILED
    assert "HTTP 302" in delivery.last_error
    assert "redirects are not followed" in delivery.last_error
    assert delivery.attempts == 1
    assert len(receiver.requests) == 1


async def test_d_loopback_receiver_is_refused_when_private_targets_are_off(
        db, redis_client, http_client, receiver: WebhookReceiver) -> None:
    scenario = await publication_to(receiver.url + "/hook", 3)
    engine = build_engine(redis_client, http_client, allow_private_targets=False)

    assert await engine.start_publication(scenario.publication.id)
    await engine.pump(budget_seconds=5)

    deliveries = await Delivery.filter(publication_id=scenario.publication.id)
    assert {d.status for d in deliveries} == {DeliveryStatus.FAILED}
    assert all("non-public address (127.0.0.1)" in d.last_error for d in deliveries)
    assert all(d.attempts == 1 for d in deliveries)
    assert receiver.requests == []
    assert (await Publication.get(id=scenario.publication.id)).status == \
        PublicationStatus.PUBLISHED
