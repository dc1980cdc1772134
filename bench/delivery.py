"""Webhook delivery throughput: `publishing worker` processes against a bare httpx loop.

Why: the delivery engine does much more per message than an HTTP POST -- it claims rows
with leases, loads the publication and the subscribers, asks Redis for the rate limiter and
the circuit breaker, signs, sends, and writes every outcome back. This script shows what
that costs. It seeds a scratch database with subscribers of one webhook channel pointing at
a loopback receiver (a separate process: a tiny ASGI app under uvicorn that answers 200 at
once and counts requests and distinct ``webhook-id``s), then in the same run:

* bare: an asyncio httpx loop posting the same number of signed Standard Webhooks
  requests (same payload shape, ``domain.channels.webhook.sign``, an httpx client set up
  like the worker's, the same concurrency as one engine batch) to the same receiver -- the
  limit. Then the same loop with only 5 requests in flight: httpx's per-request cost grows
  with the number of open connections, so this line shows how much of the limit is the
  client and not the receiver;
* N x ``publishing worker``: one publication to every subscriber, started through the arq
  queue like the API does; deliveries/s from the first to the last ``sent_at`` (the ledger
  is polled until every row is sent), with 1 and with 2 worker processes;
* the peak RSS (``VmHWM``) of every worker process, for 20k and for 100k subscribers (one
  worker): the engine streams batches, so memory must not grow with the audience;
* per worker, its CPU time over the send (from ``/proc/<pid>/stat``) and the rows its pumps
  claimed (from its log), which show what bounds the rate and how the work was shared;
* kill -9 of one of two workers a third of the way through a send: the duplicate requests
  the receiver saw against the dead worker's in-flight bound (its leases, which the
  survivor never extends, times the requests each may have had in flight);
* an idle system (a bulk and an alerts worker, nothing else happening): the time from a
  delivery's 500 to its retry's ``sent_at``, against its backoff + 2 s.

It prints one line per figure, with ratios against the bare loop of the same run. The exit
status is non-zero only on errors or lost deliveries (a row not sent, a recipient the
receiver never saw).

Usage, from the repository root::

    python bench/delivery.py [--subscribers 20000] [--large 100000] [--concurrency 50]

``DATABASE_URL`` names the PostgreSQL server (its database name is ignored; a scratch
database ``publishing_bench_<random>`` is created, migrated and dropped), otherwise
127.0.0.1:5432 is tried, then an embedded server under ``var/bench``. ``REDIS_URL`` names the
Redis server (a free database number 1-15 is claimed and flushed), otherwise 127.0.0.1:6379,
then an embedded Redis in a temporary directory.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import AsyncIterator, Sequence  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import Any  # noqa: E402
from urllib.parse import urlsplit, urlunsplit  # noqa: E402

from bench.support import cpu_seconds, log, positive, with_database  # noqa: E402

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
SECRET_KEY = "bench-delivery-secret-key-0123456789abcdef"
# The key tests/conftest.py claims a Redis database with: test runs and bench runs on one
# server then never share a database (they would see each other's breakers and jobs).
REDIS_CLAIM_KEY = "publishing:test-run-claim"
RUN_TIMEOUT_SECONDS = 600.0
STALL_SECONDS = 60.0
FEW_IN_FLIGHT = 5
#: the kill run's lease: the dead worker's rows wait this long (the survivor does not)
KILL_LEASE_SECONDS = 20
RETRY_BACKOFF_SECONDS = 1.0


# --- the receiver (a separate process) ---------------------------------------------------


class CountingReceiver:
    """ASGI app: POST anything → 200 "ok", counting requests and distinct webhook-ids.
    GET /stats → counts; POST /reset → zero them."""

    def __init__(self) -> None:
        self.requests = 0
        self.ids: set[bytes] = set()
        self.fail_next = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        more = True
        while more:
            message = await receive()
            more = message.get("more_body", False)
        path = scope["path"]
        status = 200
        if path == "/stats":
            body = json.dumps({"requests": self.requests, "unique": len(self.ids)}).encode()
        elif path == "/reset":
            self.requests, self.ids = 0, set()
            body = b"{}"
        elif path == "/fail-next":
            self.fail_next += 1
            body = b"{}"
        else:
            self.requests += 1
            for name, value in scope["headers"]:
                if name == b"webhook-id":
                    self.ids.add(value)
                    break
            body = b"ok"
            if self.fail_next:
                self.fail_next -= 1
                status = 500
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"text/plain"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def run_receiver() -> None:
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4096)  # connections wait in the backlog until uvicorn accepts them
    print(f"PORT {sock.getsockname()[1]}", flush=True)
    config = uvicorn.Config(CountingReceiver(), log_level="warning", access_log=False,
                            lifespan="off", backlog=4096)
    uvicorn.Server(config).run(sockets=[sock])


@dataclass
class Receiver:
    process: subprocess.Popen[str]
    url: str

    @classmethod
    def start(cls) -> Receiver:
        process = subprocess.Popen([sys.executable, __file__, "--receiver"], cwd=REPO_ROOT,
                                   stdout=subprocess.PIPE, text=True)
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.startswith("PORT "):
            process.kill()
            raise RuntimeError(f"receiver did not start: {line!r}")
        return cls(process, f"http://127.0.0.1:{line.split()[1]}")

    async def stats(self, client: Any) -> dict[str, int]:
        return (await client.get(self.url + "/stats")).json()

    async def reset(self, client: Any) -> None:
        await client.post(self.url + "/reset")

    async def fail_next(self, client: Any) -> None:
        """The next delivery request gets a 500."""
        await client.post(self.url + "/fail-next")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


# --- PostgreSQL and Redis --------------------------------------------------------------------


def redact(url: str) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username or ""
    return urlunsplit((parts.scheme, f"{user}@{netloc}" if user else netloc, parts.path,
                       parts.query, ""))


async def find_postgres() -> tuple[str, Any]:
    import asyncpg

    from app.db import connection_credentials

    for url in [url for url in (os.environ.get("DATABASE_URL"), DEFAULT_DATABASE_URL) if url]:
        try:
            connection = await asyncpg.connect(
                timeout=5, **connection_credentials(with_database(url, "postgres")))
        except (OSError, TimeoutError, asyncpg.PostgresError):
            log(f"no PostgreSQL at {redact(url)}")
            continue
        await connection.close()
        return url, None
    from app.embedded import EmbeddedPostgres

    log("starting embedded PostgreSQL under var/bench")
    embedded = EmbeddedPostgres(REPO_ROOT / "var" / "bench")
    return embedded.start(), embedded


def claim_redis_db(url: str) -> str | None:
    """A URL for the first database number 1-15 nobody else claimed (SET NX + TTL)."""
    import redis

    parts = urlsplit(url)
    for number in range(1, 16):
        if parts.scheme == "unix":
            candidate = urlunsplit((parts.scheme, parts.netloc, parts.path, f"db={number}", ""))
        else:
            candidate = urlunsplit((parts.scheme, parts.netloc, f"/{number}", "", ""))
        client = redis.Redis.from_url(candidate)
        try:
            if client.set(REDIS_CLAIM_KEY, "bench", nx=True, ex=1800):
                client.flushdb()
                client.set(REDIS_CLAIM_KEY, "bench", ex=1800)
                return candidate
        except redis.RedisError:
            return None
        finally:
            client.close()
    return None


def claim_intact(url: str) -> bool:
    """False when another process flushed or took our Redis database during the run (its
    jobs, breakers and pauses then mixed with ours: the figures are not to be trusted)."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        return client.get(REDIS_CLAIM_KEY) == b"bench"
    finally:
        client.close()


def release_redis_db(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    with contextlib.suppress(redis.RedisError):
        client.flushdb()
    client.close()


# --- seeding ---------------------------------------------------------------------------------

SEED_SUBSCRIBERS = """
INSERT INTO subscriber (created_at, updated_at, email, name, attributes, timezone, locale,
                        status)
SELECT now(), now(), 'reader' || g || '@bench.example', 'Reader ' || g,
       jsonb_build_object('plan', CASE WHEN g % 3 = 0 THEN 'pro' ELSE 'free' END),
       'UTC', 'en', 'active'
FROM generate_series(1, $1::int) AS g
"""

SEED_PREFERENCES = """
INSERT INTO subscriber_preference (created_at, updated_at, frequency, subscriber_id, topic_id,
                                   channel_id)
SELECT now(), now(), 'immediate', s.id, $1::int, $2::int
FROM subscriber AS s ORDER BY s.id LIMIT $3::int
"""


@dataclass(frozen=True)
class Seeded:
    channel_id: int
    topics: dict[int, int]  # audience size → topic id


async def seed(receiver_url: str, sizes: Sequence[int]) -> Seeded:
    from tortoise import Tortoise

    from domain.audience.models import Topic
    from domain.channels.config import new_webhook_secret
    from domain.channels.models import Channel, ChannelType
    from domain.crypto import encrypt_secrets

    connection = Tortoise.get_connection("default")
    channel = await Channel.create(
        name="bench-webhook", type=ChannelType.WEBHOOK, config={"url": receiver_url + "/hook"},
        secret_ciphertext=encrypt_secrets(SECRET_KEY, {"signing_secret": new_webhook_secret()}))
    await connection.execute_query(SEED_SUBSCRIBERS, [max(sizes)])
    topics: dict[int, int] = {}
    for size in sorted(set(sizes)):
        topic = await Topic.create(slug=f"bench-{size}", name=f"Bench {size}")
        await connection.execute_query(SEED_PREFERENCES, [topic.id, channel.id, size])
        topics[size] = topic.id
    await connection.execute_script("ANALYZE")
    return Seeded(channel.id, topics)


async def new_publication(seeded: Seeded, size: int, label: str) -> int:
    import datetime as dt

    from domain.audience.models import Topic
    from domain.channels.models import Channel
    from domain.publications.models import Publication, PublicationStatus

    publication = await Publication.create(
        title=f"Bench {label}", summary="What changed this week, in brief.",
        body="A body of a few hundred bytes, like a real announcement. " * 6,
        status=PublicationStatus.PUBLISHING, publish_at=dt.datetime.now(dt.UTC))
    await publication.topics.add(await Topic.get(id=seeded.topics[size]))
    await publication.channels.add(await Channel.get(id=seeded.channel_id))
    return publication.id


# --- the bare loop ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BareRun:
    concurrency: int
    requests: int
    rate: float
    cpu_share: float  # CPU seconds of this process per wall second


async def bare_loop(url: str, total: int, concurrency: int) -> BareRun:
    """Post `total` signed webhooks with `concurrency` in flight through one httpx client
    configured like the worker's (app.runtime.open_runtime)."""
    import datetime as dt

    import httpx

    from domain.channels.config import new_webhook_secret
    from domain.channels.webhook import sign
    from domain.deliveries.compose import webhook_envelope

    secret = new_webhook_secret()
    publication = {"id": 0, "title": "Bench bare", "summary": "What changed this week.",
                   "body": "A body of a few hundred bytes, like a real announcement. " * 6,
                   "priority": "normal", "topics": ["bench"],
                   "published_at": dt.datetime.now(dt.UTC).isoformat()}
    counter = iter(range(total))
    failures = 0

    async def post(client: httpx.AsyncClient) -> None:
        nonlocal failures
        for index in counter:
            key = f"bare:{index}"
            recipient = {"id": index, "email": f"reader{index}@bench.example",
                         "external_id": None, "name": f"Reader {index}", "locale": "en",
                         "timezone": "UTC", "attributes": {"plan": "free"}}
            document = {"type": "publication.published",
                        "data": {"publication": publication, "recipient": recipient}}
            body = json.dumps(webhook_envelope(document, key),
                              separators=(",", ":"), default=str).encode()
            timestamp = int(time.time())
            response = await client.post(url + "/hook", content=body, headers={
                "content-type": "application/json", "user-agent": "publishing-webhooks/1",
                "webhook-id": key, "webhook-timestamp": str(timestamp),
                "webhook-signature": sign([secret], key, timestamp, body)})
            failures += not response.is_success

    limits = httpx.Limits(max_connections=concurrency * 2, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=10, follow_redirects=False) as client:
        started, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(post(client) for _ in range(concurrency)))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if failures:
        raise RuntimeError(f"bare loop: {failures} requests failed")
    return BareRun(concurrency, total, total / elapsed, cpu / elapsed)


# --- worker runs -----------------------------------------------------------------------------

PUMP_RESULT = re.compile(rb"send_due_deliveries \S+ (\d+)$", re.MULTILINE)


@dataclass
class WorkerRun:
    label: str
    workers: int
    audience: int
    sent: int
    rate: float
    seconds: float
    peak_rss_mib: list[float]
    cpu_share: list[float]  # CPU seconds per wall second, from start-up to the last send
    rss_by_progress: list[tuple[int, float]]  # (% sent, largest current RSS of the workers)
    claimed: list[int]  # rows each worker's pumps reported processed
    received: int
    unique: int
    retried: int
    top_error: str | None

    @property
    def lost(self) -> int:
        return self.audience - min(self.sent, self.unique)


def memory_mib(pid: int, field: str = "VmHWM") -> float:
    """VmHWM: the peak resident set so far; VmRSS: the current one."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class WorkerProcesses:
    def __init__(self, count: int, env: dict[str, str], directory: Path, label: str,
                 queues: Sequence[str] = ()) -> None:
        """`count` bulk workers, plus one worker per queue named in `queues`."""
        self.processes: list[subprocess.Popen[bytes]] = []
        slug = re.sub(r"\W+", "-", label)
        lanes = ["default"] * count + list(queues)
        self.logs = [directory / f"{slug}-worker{index}-{queue}.log"
                     for index, queue in enumerate(lanes)]
        for log_path, queue in zip(self.logs, lanes, strict=True):
            with log_path.open("wb") as output:
                self.processes.append(subprocess.Popen(
                    [sys.executable, "-m", "app.cli", "worker", "--queue", queue],
                    cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT))

    async def ready(self, timeout: float = 30) -> None:
        """Every worker has connected and runs its poll loop (arq logs 'Starting worker')."""
        deadline = time.monotonic() + timeout
        while not all("Starting worker" in log_path.read_text(errors="replace")
                      for log_path in self.logs):
            self.check_alive()
            if time.monotonic() > deadline:
                raise RuntimeError(f"workers did not start; see {self.logs}")
            await asyncio.sleep(0.1)

    def check_alive(self) -> None:
        for process, log_path in zip(self.processes, self.logs, strict=True):
            if process.poll() is not None:
                tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-20:])
                raise RuntimeError(f"worker exited with {process.returncode}:\n{tail}")

    def claimed(self) -> list[int]:
        return [sum(int(count) for count in PUMP_RESULT.findall(log_path.read_bytes()))
                for log_path in self.logs]

    async def pumps_idle(self, timeout: float = 10) -> None:
        """Wait until every pump job that started has logged its result (so `claimed`
        counts all rows); a pump ends as soon as it finds nothing to claim."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            texts = [log_path.read_bytes() for log_path in self.logs]
            if all(text.count(b"send_due_deliveries()") == len(PUMP_RESULT.findall(text))
                   for text in texts):
                return
            await asyncio.sleep(0.2)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def ledger_progress(publication_id: int) -> tuple[int, int, float | None]:
    """(rows, rows sent, seconds from the first to the last sent_at)."""
    from tortoise import Tortoise

    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT count(*) AS total, count(*) FILTER (WHERE status = 'sent') AS sent, "
        "extract(epoch FROM max(sent_at) - min(sent_at)) AS span "
        "FROM delivery WHERE publication_id = $1", [publication_id])
    row = rows[0]
    return row["total"], row["sent"], float(row["span"]) if row["span"] is not None else None


async def retries(publication_id: int) -> tuple[int, str | None]:
    """Rows that needed more than one attempt, and their most common error."""
    from tortoise import Tortoise

    connection = Tortoise.get_connection("default")
    retried = await connection.execute_query_dict(
        "SELECT count(*) AS n FROM delivery WHERE publication_id = $1 AND attempts > 1",
        [publication_id])
    errors = await connection.execute_query_dict(
        "SELECT left(e->>'error', 120) AS error, count(*) AS n FROM delivery, "
        "jsonb_array_elements(error_history) AS e WHERE publication_id = $1 "
        "GROUP BY 1 ORDER BY 2 DESC LIMIT 1", [publication_id])
    top = f"{errors[0]['error']} (x{errors[0]['n']})" if errors else None
    return retried[0]["n"], top


async def enqueue_start(redis_url: str, publication_id: int) -> None:
    """Start the publication through the arq queue, as the API does."""
    from arq import create_pool
    from arq.connections import RedisSettings

    from workers.names import DEFAULT_QUEUE
    from workers.queue import ArqDeliveryQueue

    pool = await create_pool(RedisSettings.from_dsn(redis_url), default_queue_name=DEFAULT_QUEUE)
    try:
        await ArqDeliveryQueue(pool).start_publication(publication_id)
    finally:
        await pool.aclose()


async def worker_run(*, label: str, workers: int, audience: int, seeded: Seeded,
                     receiver: Receiver, client: Any, env: dict[str, str], redis_url: str,
                     directory: Path) -> WorkerRun:


    publication_id = await new_publication(seeded, audience, label)
    await receiver.reset(client)
    group = WorkerProcesses(workers, env, directory, label)
    try:
        await group.ready()
        cpu_at_start = [cpu_seconds(process.pid) for process in group.processes]
        wall_at_start = time.monotonic()
        await enqueue_start(redis_url, publication_id)
        started = time.monotonic()
        last_change, last_sent = started, -1
        rss_by_progress: list[tuple[int, float]] = []
        while True:
            await asyncio.sleep(0.5)
            group.check_alive()
            total, sent, span = await ledger_progress(publication_id)
            quarter = 25 * (4 * sent // total) if total else 0
            if quarter and (not rss_by_progress or rss_by_progress[-1][0] < quarter):
                rss_by_progress.append((quarter, max(memory_mib(process.pid, "VmRSS")
                                                     for process in group.processes)))
            if total and sent == total:
                break
            now = time.monotonic()
            if sent != last_sent:
                last_change, last_sent = now, sent
            if now - last_change > STALL_SECONDS or now - started > RUN_TIMEOUT_SECONDS:
                raise RuntimeError(f"{label}: {sent} of {total} sent after "
                                   f"{now - started:.0f} s; see {group.logs}")
        rss = [memory_mib(process.pid) for process in group.processes]
        wall = time.monotonic() - wall_at_start
        cpu = [(cpu_seconds(process.pid) - before) / wall
               for process, before in zip(group.processes, cpu_at_start, strict=True)]
        await group.pumps_idle()
    finally:
        group.stop()
    stats = await receiver.stats(client)
    retried, top_error = await retries(publication_id)
    assert span is not None
    return WorkerRun(label, workers, total, sent, (sent - 1) / span if span > 0 else 0.0, span,
                     rss, cpu, rss_by_progress, group.claimed(), stats["requests"],
                     stats["unique"], retried, top_error)


@dataclass(frozen=True)
class KillRun:
    audience: int
    killed_at_sent: int
    duplicates: int
    unique: int
    dead_leased_rows: int
    dead_in_flight_bound: int
    survivors_done_seconds: float


async def sending_leases() -> dict[str, Any]:
    """lease id → the latest lease expiry among its `sending` rows."""
    from tortoise import Tortoise

    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT lease_id::text AS lease, max(next_attempt_at) AS until, count(*) AS n "
        "FROM delivery WHERE status = 'sending' GROUP BY lease_id")
    return {row["lease"]: (row["until"], row["n"]) for row in rows}


async def kill_run(*, audience: int, seeded: Seeded, receiver: Receiver, client: Any,
                   env: dict[str, str], redis_url: str, directory: Path,
                   concurrency: int) -> KillRun:
    """Two workers; one is SIGKILLed a third of the way through. The dead worker's leases
    are the ones the survivor never extends: its rows, and at most `concurrency` requests
    per lease were in flight. Every duplicate must be one of those."""


    lease = float(env.get("DELIVERY_LEASE_SECONDS", "20"))
    publication_id = await new_publication(seeded, audience, "kill")
    await receiver.reset(client)
    group = WorkerProcesses(2, env, directory, "kill")
    try:
        await group.ready()
        await enqueue_start(redis_url, publication_id)
        started = time.monotonic()
        while (await ledger_progress(publication_id))[1] < audience // 3:
            group.check_alive()
            if time.monotonic() - started > RUN_TIMEOUT_SECONDS:
                raise RuntimeError("kill run: the send never got a third of the way")
            await asyncio.sleep(0.05)
        # the worker doing more of the sending (pumps are spread over both unevenly):
        # killing an idle one would measure nothing
        before = [cpu_seconds(process.pid) for process in group.processes]
        await asyncio.sleep(0.5)
        busy = [cpu_seconds(process.pid) - start
                for process, start in zip(group.processes, before, strict=True)]
        victim = group.processes[busy.index(max(busy))]
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        killed_at_sent = (await ledger_progress(publication_id))[1]
        at_kill = await sending_leases()
        # a live worker extends its leases every third of the lease: wait past that
        await asyncio.sleep(lease / 3 + 2)
        later = await sending_leases()
        dead = {key: count for key, (until, count) in at_kill.items()
                if key in later and later[key][0] == until}
        while (await ledger_progress(publication_id))[1] < audience:
            if any(process.poll() is not None for process in group.processes
                   if process is not victim):
                raise RuntimeError("kill run: the surviving worker died")
            if time.monotonic() - started > RUN_TIMEOUT_SECONDS:
                raise RuntimeError(f"kill run: not finished; see {group.logs}")
            await asyncio.sleep(0.2)
        done = time.monotonic() - started
    finally:
        group.stop()
    stats = await receiver.stats(client)
    return KillRun(audience, killed_at_sent, stats["requests"] - stats["unique"],
                   stats["unique"], sum(dead.values()),
                   sum(min(count, concurrency) for count in dead.values()), done)


async def retry_latency_run(*, seeded: Seeded, receiver: Receiver, client: Any,
                            env: dict[str, str], redis_url: str, directory: Path,
                            backoff: float) -> tuple[float, float]:
    """An idle system (both lanes' workers, nothing else going on): one delivery answered
    500 once. Returns (seconds from the failure to the retry's sent_at, the longest
    backoff it could have been given)."""
    import datetime as dt

    from domain.deliveries.models import Delivery, DeliveryStatus

    group = WorkerProcesses(1, env, directory, "retry", queues=["alerts"])
    try:
        await group.ready()
        await asyncio.sleep(3)  # idle: startup sweeps are over
        await receiver.fail_next(client)
        # created now: a sweep would start it (it is due at once)
        publication_id = await new_publication(seeded, 1, "retry")
        await enqueue_start(redis_url, publication_id)
        started = time.monotonic()
        while not await Delivery.filter(publication_id=publication_id,
                                        status=DeliveryStatus.SENT).exists():
            group.check_alive()
            if time.monotonic() - started > 120:
                raise RuntimeError(f"retry run: the retry was never sent; see {group.logs}")
            await asyncio.sleep(0.05)
    finally:
        group.stop()
    delivery = await Delivery.get(publication_id=publication_id)
    failed_at = dt.datetime.fromisoformat(delivery.error_history[0]["at"])
    return (delivery.sent_at - failed_at).total_seconds(), backoff


# --- report ----------------------------------------------------------------------------------


def format_bare(bare: BareRun) -> str:
    return (f"bare httpx loop, {bare.concurrency} in flight: {bare.rate:,.0f} requests/s "
            f"({bare.requests:,} signed Standard Webhooks; client CPU {bare.cpu_share:.0%} "
            "of one core)")


def format_run(run: WorkerRun, bare: BareRun) -> str:
    rss = "/".join(f"{value:.0f}" for value in run.peak_rss_mib)
    cpu = "/".join(f"{value:.0%}" for value in run.cpu_share)
    share = "/".join(f"{count:,}" for count in run.claimed)
    line = (f"{run.label}: {run.rate:,.0f} deliveries/s ({run.sent:,} sent in "
            f"{run.seconds:.1f} s, first to last sent_at) = {run.rate / bare.rate:.2f}x bare; "
            f"receiver saw {run.unique:,} of {run.audience:,} recipients "
            f"(+{run.received - run.unique} duplicates); per worker: peak RSS {rss} MiB, "
            f"CPU {cpu} of one core, rows claimed {share}")
    if run.retried:
        line += f"; {run.retried:,} needed a retry, top error: {run.top_error}"
    return line


# --- main ------------------------------------------------------------------------------------


def worker_environment(database_url: str, redis_url: str, concurrency: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DELIVERY_", "BREAKER_", "DATABASE_URL", "REDIS_URL"))}
    env.update({"DATABASE_URL": database_url, "REDIS_URL": redis_url, "SECRET_KEY": SECRET_KEY,
                "ALLOW_PRIVATE_TARGETS": "true", "DELIVERY_CONCURRENCY": str(concurrency),
                "PYTHONUNBUFFERED": "1"})
    return env


@contextlib.asynccontextmanager
async def redis_server() -> AsyncIterator[str]:
    url = claim_redis_db(os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL)
    if url is not None:
        try:
            yield url
        finally:
            release_redis_db(url)
        return
    import redis

    from app.embedded import EmbeddedRedis

    log("no usable Redis; starting an embedded one")
    with tempfile.TemporaryDirectory(prefix="pub-bench-") as directory:
        embedded = EmbeddedRedis(Path(directory))
        try:
            url = embedded.start()
            with redis.Redis.from_url(url) as client:
                client.set(REDIS_CLAIM_KEY, "bench")
            yield url
        finally:
            embedded.stop()


async def run(args: argparse.Namespace) -> int:
    import httpx

    from app.db import close_db, drop_database, ensure_database, init_db
    from app.migrations import upgrade

    server_url, embedded_postgres = await find_postgres()
    database_url = with_database(server_url, f"publishing_bench_{secrets.token_hex(4)}")
    receiver = Receiver.start()
    status = 0
    try:
        async with redis_server() as redis_url, httpx.AsyncClient(timeout=10) as client:
            await ensure_database(database_url)
            log(f"migrating {redact(database_url)}; Redis {redact(redis_url)}")
            await upgrade(database_url)
            await init_db(database_url)
            try:
                started = time.perf_counter()
                seeded = await seed(receiver.url, [1, args.subscribers, args.large])
                log(f"seeded {args.large:,} subscribers in {time.perf_counter() - started:.1f} s")
                status = await measure(args, seeded, receiver, client, database_url, redis_url)
            finally:
                await close_db()
    finally:
        receiver.stop()
        with contextlib.suppress(Exception):
            await drop_database(database_url)
        if embedded_postgres is not None:
            embedded_postgres.stop()
    return status


async def measure(args: argparse.Namespace, seeded: Seeded, receiver: Receiver, client: Any,
                  database_url: str, redis_url: str) -> int:
    env = worker_environment(database_url, redis_url, args.concurrency)
    runs: list[WorkerRun] = []
    with tempfile.TemporaryDirectory(prefix="pub-bench-logs-") as directory:
        await bare_loop(receiver.url, 1000, args.concurrency)  # warm the receiver up
        bare = await bare_loop(receiver.url, args.subscribers, args.concurrency)
        log(f"bare loop: {bare.rate:,.0f} requests/s")
        few = await bare_loop(receiver.url, 3000, FEW_IN_FLIGHT)
        plan = [(f"1 worker, {args.subscribers:,} subscribers", 1, args.subscribers),
                (f"2 workers, {args.subscribers:,} subscribers", 2, args.subscribers),
                (f"1 worker, {args.large:,} subscribers", 1, args.large)]
        if args.faults_only:
            plan = []
        for label, count, audience in plan:
            runs.append(await worker_run(label=label, workers=count, audience=audience,
                                         seeded=seeded, receiver=receiver, client=client,
                                         env=env, redis_url=redis_url,
                                         directory=Path(directory)))
            log(f"{label}: done in {runs[-1].seconds:.1f} s")
        kill_env = {**env, "DELIVERY_LEASE_SECONDS": str(KILL_LEASE_SECONDS)}
        killed = await kill_run(audience=args.subscribers, seeded=seeded, receiver=receiver,
                                client=client, env=kill_env, redis_url=redis_url,
                                directory=Path(directory), concurrency=args.concurrency)
        log(f"kill run: done in {killed.survivors_done_seconds:.1f} s")
        retry_env = {**env, "DELIVERY_BACKOFF_BASE_SECONDS": str(RETRY_BACKOFF_SECONDS),
                     "DELIVERY_BACKOFF_MAX_SECONDS": str(RETRY_BACKOFF_SECONDS)}
        retry_seconds, backoff = await retry_latency_run(
            seeded=seeded, receiver=receiver, client=client, env=retry_env,
            redis_url=redis_url, directory=Path(directory), backoff=RETRY_BACKOFF_SECONDS)
    print(format_bare(bare), flush=True)
    print(format_bare(few) + f" = {few.rate / bare.rate:.2f}x the {bare.concurrency}-in-flight "
          "loop (the receiver is not the limit)", flush=True)
    for worker in runs:
        print(format_run(worker, bare), flush=True)
    if runs:
        report_runs(runs)
    print(f"kill -9 of one of 2 workers at {killed.killed_at_sent:,} of {killed.audience:,} "
          f"sent: {killed.duplicates} duplicate requests (all with their delivery's "
          f"webhook-id: {killed.unique:,} distinct ids for {killed.audience:,} rows); the dead "
          f"worker held {killed.dead_leased_rows} rows, at most "
          f"{killed.dead_in_flight_bound} of them in flight = duplicates/bound "
          f"{killed.duplicates / max(1, killed.dead_in_flight_bound):.2f} (target <= 1); "
          f"finished {killed.survivors_done_seconds:.1f} s after the start "
          f"(lease {KILL_LEASE_SECONDS} s)", flush=True)
    target = backoff + 2
    print(f"idle system, a delivery answered 500 once: retry sent {retry_seconds:.2f} s after "
          f"the failure; backoff <= {backoff:g} s, target <= {target:g} s: "
          f"{retry_seconds / target:.2f}x the target", flush=True)
    if not claim_intact(redis_url):
        print(f"WARNING: another process flushed or reused Redis {redact(redis_url)} during "
              "the run; its jobs and breaker state mixed with ours", flush=True)
    lost = [worker for worker in runs if worker.lost]
    if killed.unique != killed.audience:
        print(f"LOST DELIVERIES in the kill run: receiver saw {killed.unique:,} of "
              f"{killed.audience:,}", flush=True)
        return 1
    for worker in lost:
        print(f"LOST DELIVERIES in '{worker.label}': {worker.sent:,} sent, receiver saw "
              f"{worker.unique:,} of {worker.audience:,}", flush=True)
    return 1 if lost else 0


def report_runs(runs: list[WorkerRun]) -> None:
    one, two, large = runs
    print(f"2 workers / 1 worker: {two.rate / one.rate:.2f}x", flush=True)
    small_rss, large_rss = max(one.peak_rss_mib), max(large.peak_rss_mib)
    print(f"peak worker RSS, {one.audience:,} vs {large.audience:,} subscribers: "
          f"{small_rss:.0f} MiB vs {large_rss:.0f} MiB ({large_rss / small_rss:.2f}x)",
          flush=True)
    for worker in (one, large):
        steps = ", ".join(f"{percent}% {rss:.0f}" for percent, rss in worker.rss_by_progress)
        print(f"worker RSS (MiB) as the {worker.audience:,} send progressed: {steps}",
              flush=True)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=positive, default=20_000)
    parser.add_argument("--large", type=positive, default=100_000,
                        help="audience of the memory run (one worker)")
    parser.add_argument("--concurrency", type=positive, default=50,
                        help="requests in flight: the bare loop and DELIVERY_CONCURRENCY")
    parser.add_argument("--faults-only", action="store_true",
                        help="only the kill -9 and idle-retry runs")
    parser.add_argument("--receiver", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main() -> None:
    args = parse_args()
    if args.receiver:
        run_receiver()
        return
    started = time.perf_counter()
    try:
        status = asyncio.run(run(args))
    except (RuntimeError, OSError) as error:
        log(f"error: {error}")
        status = 2
    log(f"total {time.perf_counter() - started:.1f} s")
    sys.exit(status)


if __name__ == "__main__":
    main()
