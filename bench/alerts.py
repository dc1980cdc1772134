"""Alert latency while a 10,000-delivery bulk send is in progress.

Why: alerts have their own lane (queue, workers, rate-limit buckets, breakers) so that a
bulk send never holds them back; the product promises delivery within 30 s, and the aim
is well under a second. tests/test_alerts.py shows one alert overtaking a bulk send; this
script puts numbers on many: with the bulk send under way, it creates 200 alerts at a
steady rate and measures, per alert, the time from the createAlert response to

* (a) the webhook receiver getting the alert, and
* (b) a websocket client subscribed to ``alertStatus`` (subscribed right after the
  response) seeing ``DELIVERED``,

and prints p50/p95/p99 of each against the target (p99 < 1 s), plus where the time goes
(response → the alert's delivery row written by the start job → receiver), the bulk
deliveries sent during the run and the CPU each process used.

How: the production layout on one machine -- one ``publishing serve --no-worker`` API
process, one ``publishing worker --queue default`` (bulk) and one ``publishing worker
--queue alerts`` process, all on a scratch database ``publishing_bench_<random>`` (created,
migrated, seeded with set-based SQL, dropped at the end) and a claimed Redis database,
with ``ALLOW_PRIVATE_TARGETS=true`` and a fixed ``SECRET_KEY`` that also encrypts the two
webhook channels' signing secrets (created with domain code). The receiver is this file
re-run with ``--receiver`` in a process of its own: it answers bulk requests after
``--bulk-latency`` seconds (a receiver with some latency keeps the bulk send going, as in
tests/test_alerts.py) and alerts at once, and records each alert's arrival time
(``time.time()``, comparable across processes). Alerts go to one webhook channel (the
alerts lane sends one delivery per webhook channel). The client creates alerts open-loop
(one every 1/rate s, never waiting for the previous one) over HTTP and subscribes to each
on one websocket (graphql-transport-ws, one operation per alert).

Publication and alert ids start at a random offset: Redis pub/sub is server-wide, so
another run's events for "alert 1" would otherwise reach this run's subscribers.

Each alert crosses two arq queue polls (the start job, then the pump job it kicks), and
arq polls every 0.5 s by default, so the two split lines above show up to ~0.5 s each.
``--what-if-poll-delay 0.05`` runs the alerts worker with a shorter poll, in the bench's
worker process only (never the source), to measure what changing it would buy; such a run
is labelled WHAT-IF.

Usage, from the repository root::

    python bench/alerts.py [--alerts 200] [--rate 20] [--bulk 10000] [--bulk-latency 0.02]
                           [--what-if-poll-delay SECONDS]

``DATABASE_URL`` names the PostgreSQL server (its database name is ignored), otherwise
127.0.0.1:5432 is tried, then an embedded server under ``var/bench``. ``REDIS_URL`` names
the Redis server (default ``redis://127.0.0.1:6379/0``); a free database number 1-15 is
claimed (the key tests/conftest.py uses) and flushed afterwards. Exit status: 0 unless
something failed (a process died, an alert was not delivered or not seen, an error
answer); missing the target is printed as ``MISSED`` and does not fail the run.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import base64  # noqa: E402
import contextlib  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator, Sequence  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402
from urllib.parse import urlsplit, urlunsplit  # noqa: E402

import httpx  # noqa: E402

from bench.queries import find_server, log, redact, with_database  # noqa: E402
from bench.support import cpu_seconds, positive, positive_float  # noqa: E402

SECRET_KEY = "bench-alerts-secret-key-0123456789abcdefghij"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
#: the key tests/conftest.py claims a Redis database with, so tests and benches on one
#: server never share queues, breakers or rate-limit buckets
REDIS_CLAIM_KEY = "publishing:test-run-claim"
TARGET_SECONDS = 1.0
PROMISE_SECONDS = 30.0
#: wait this long after the last alert for the stragglers (the product promise)
SETTLE_SECONDS = PROMISE_SECONDS
BULK_UNDER_WAY = 300  # bulk deliveries received before the first alert

CREATE_ALERT = """mutation($input: CreateAlertInput!) {
  createAlert(input: $input) { id publicationId status } }"""
ALERT_STATUS = """subscription($id: ID!) { alertStatus(id: $id) {
  status channels { status delivered failed error } } }"""
PUBLISH_NOW = "mutation($id: ID!) { publishNow(id: $id) { status } }"


# --- the receiver (its own process) ----------------------------------------------------------


class AlertReceiver:
    """ASGI app. POST /bulk/... → 200 after `bulk_latency` s, counted; POST /alert → 200 at
    once, its arrival time (time.time()) kept per publication id from the body; GET /stats
    → what was recorded."""

    def __init__(self, bulk_latency: float) -> None:
        self.bulk_latency = bulk_latency
        self.bulk = 0
        self.bulk_first: float | None = None
        self.bulk_last: float | None = None
        self.alert_requests = 0
        self.alerts: dict[str, float] = {}  # publication id → first arrival

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        arrived = time.time()
        chunks = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        path = scope["path"]
        body = b"ok"
        if path == "/stats":
            body = json.dumps({"bulk": self.bulk, "bulk_first": self.bulk_first,
                               "bulk_last": self.bulk_last,
                               "alert_requests": self.alert_requests,
                               "alerts": self.alerts}).encode()
        elif path.startswith("/bulk"):
            self.bulk += 1
            self.bulk_first = self.bulk_first or arrived
            self.bulk_last = arrived
            if self.bulk_latency:
                await asyncio.sleep(self.bulk_latency)
        elif path == "/alert":
            self.alert_requests += 1
            publication = str(json.loads(b"".join(chunks))["data"]["publication"]["id"])
            self.alerts.setdefault(publication, arrived)
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/plain"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def run_receiver(bulk_latency: float) -> None:
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4096)
    print(f"PORT {sock.getsockname()[1]}", flush=True)
    config = uvicorn.Config(AlertReceiver(bulk_latency), log_level="warning",
                            access_log=False, lifespan="off", backlog=4096)
    uvicorn.Server(config).run(sockets=[sock])


# --- processes -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def machine_busy_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat: over a
    window, busy/total shows whether something besides this run was using the cores."""
    values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(values) - idle) / tick, sum(values) / tick


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


@dataclass
class Process:
    """A child process with its output in a log file."""

    name: str
    process: subprocess.Popen[bytes]
    log_path: Path

    @classmethod
    def start(cls, name: str, command: Sequence[str], env: dict[str, str],
              directory: Path) -> Process:
        log_path = directory / f"{name}.log"
        with log_path.open("wb") as output:
            process = subprocess.Popen(list(command), cwd=REPO_ROOT, env=env, stdout=output,
                                       stderr=subprocess.STDOUT)
        return cls(name, process, log_path)

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            tail = "\n".join(self.output().splitlines()[-20:])
            raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{tail}")

    async def wait_for_log(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output():
            self.check_alive()
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name}: no {text!r} in its log within {timeout} s")
            await asyncio.sleep(0.1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


async def wait_healthy(base_url: str, process: Process, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=base_url, trust_env=False, timeout=2) as client:
        while True:
            process.check_alive()
            with contextlib.suppress(httpx.TransportError):
                if (await client.get("/health")).status_code == 200:
                    return
            if time.monotonic() > deadline:
                raise RuntimeError(f"{process.name} did not answer /health in {timeout} s")
            await asyncio.sleep(0.2)


def service_environment(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """What every service process gets: the run's database and Redis, the fixed secret,
    private targets allowed; nothing inherited that would change delivery settings."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DELIVERY_", "BREAKER_", "WORKER_", "DB_POOL_"))
           and key not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "HOST", "PORT",
                           "ALLOWED_ORIGINS", "JWT_PUBLIC_KEY", "JWT_PRIVATE_KEY")}
    # METRICS_PORT=0: several API processes run side by side and nothing scrapes them
    env.update(DATABASE_URL=database_url, REDIS_URL=redis_url, SECRET_KEY=SECRET_KEY,
               ALLOW_PRIVATE_TARGETS="true", ENVIRONMENT="test", PYTHONUNBUFFERED="1",
               METRICS_PORT="0", **extra)
    return env


def api_command(port: int) -> list[str]:
    return [sys.executable, "-m", "app.cli", "serve", "--no-worker", "--no-demo",
            "--port", str(port)]


def worker_command(queue: str, poll_delay: float | None = None) -> list[str]:
    """`publishing worker`, or with `poll_delay` this file running it with arq polling its
    queue that often (a WHAT-IF: the shipped worker polls every 0.5 s)."""
    if poll_delay is None:
        return [sys.executable, "-m", "app.cli", "worker", "--queue", queue]
    return [sys.executable, __file__, "--worker", queue, "--worker-poll-delay", str(poll_delay)]


def run_worker(queue: str, poll_delay: float) -> int:
    """`publishing worker --queue QUEUE` with arq's poll delay changed in this process only
    (the source keeps arq's default)."""
    import functools

    import arq.worker

    import workers.settings
    from app import cli

    workers.settings.Worker = functools.partial(  # type: ignore[misc]
        arq.worker.Worker, poll_delay=poll_delay)
    return cli.main(["worker", "--queue", queue])


# --- PostgreSQL and Redis --------------------------------------------------------------------


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
        except (redis.RedisError, OSError):
            return None
        finally:
            client.close()
    return None


def release_redis_db(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    with contextlib.suppress(redis.RedisError, OSError):
        client.flushdb()
    client.close()


@contextlib.contextmanager
def redis_database() -> Iterator[str]:
    """A claimed database on REDIS_URL's server (or the local one), else an embedded
    Redis in a temporary directory."""
    url = claim_redis_db(os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL)
    if url is not None:
        try:
            yield url
        finally:
            release_redis_db(url)
        return
    from app.embedded import EmbeddedRedis

    log("no usable Redis; starting an embedded one")
    with tempfile.TemporaryDirectory(prefix="pub-bench-") as directory:
        embedded = EmbeddedRedis(Path(directory))
        try:
            yield embedded.start()
        finally:
            embedded.stop()


@contextlib.asynccontextmanager
async def scratch_database(prefix: str = "publishing_bench_") -> Any:
    """A migrated scratch database on DATABASE_URL's server, dropped afterwards."""
    from app.db import drop_database, ensure_database
    from app.migrations import upgrade

    server_url, embedded = await find_server()
    url = with_database(server_url, f"{prefix}{secrets.token_hex(4)}")
    try:
        await ensure_database(url)
        await upgrade(url)
        yield url
    finally:
        with contextlib.suppress(Exception):
            await drop_database(url)
        if embedded is not None:
            embedded.stop()


async def offset_ids(tables: Sequence[str]) -> int:
    """Start these tables' ids at a random offset (pub/sub channels are named by id and
    shared by every database on the Redis server)."""
    from tortoise import Tortoise

    start = 10_000_000 + secrets.randbelow(1_000_000_000)
    connection = Tortoise.get_connection("default")
    for table in tables:
        await connection.execute_script(f"ALTER SEQUENCE {table}_id_seq RESTART WITH {start}")
    return start


SEED_SUBSCRIBERS = """
INSERT INTO subscriber (created_at, updated_at, email, name, attributes, timezone, locale,
                        status)
SELECT now(), now(), 'reader' || g || '@bench.example', 'Reader ' || g, '{}', 'UTC', 'en',
       'active'
FROM generate_series(1, $1::int) AS g
"""

SEED_PREFERENCES = """
INSERT INTO subscriber_preference (created_at, updated_at, frequency, subscriber_id, topic_id,
                                   channel_id)
SELECT now(), now(), 'immediate', s.id, $1::int, $2::int FROM subscriber AS s
"""


@dataclass(frozen=True)
class Seeded:
    bulk_publication: int
    alert_channel: int


async def seed(receiver_url: str, bulk: int) -> Seeded:
    """A normal-priority publication to `bulk` webhook subscribers (approved, so the API's
    publishNow starts it) and the alerts' webhook channel."""
    from tortoise import Tortoise

    from domain.audience.models import Topic
    from domain.channels.config import new_webhook_secret
    from domain.channels.models import Channel, ChannelType
    from domain.crypto import encrypt_secrets
    from domain.publications.models import Publication, PublicationStatus

    await offset_ids(["publication", "alert"])

    def webhook(name: str, url: str) -> Any:
        return Channel.create(name=name, type=ChannelType.WEBHOOK, config={"url": url},
                              secret_ciphertext=encrypt_secrets(
                                  SECRET_KEY, {"signing_secret": new_webhook_secret()}))

    topic = await Topic.create(slug="digest", name="Digest")
    bulk_channel = await webhook("digest-hook", receiver_url + "/bulk")
    alert_channel = await webhook("pager", receiver_url + "/alert")
    connection = Tortoise.get_connection("default")
    await connection.execute_query(SEED_SUBSCRIBERS, [bulk])
    await connection.execute_query(SEED_PREFERENCES, [topic.id, bulk_channel.id])
    publication = await Publication.create(title="Weekly digest", summary="s", body="b",
                                           status=PublicationStatus.APPROVED)
    await publication.topics.add(topic)
    await publication.channels.add(bulk_channel)
    await connection.execute_script("ANALYZE")
    return Seeded(publication.id, alert_channel.id)


# --- measuring -------------------------------------------------------------------------------


def global_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def local_id(global_value: str) -> int:
    return int(base64.b64decode(global_value).decode().split(":", 1)[1])


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class AlertRun:
    index: int
    scheduled: float  # time.time() it was due to be created
    responded: float | None = None  # createAlert response received
    alert_id: int | None = None
    publication_id: int | None = None
    seen_delivered: float | None = None  # the websocket client saw DELIVERED
    final_status: str | None = None
    error: str | None = None


@dataclass
class WebsocketWatcher:
    """One graphql-transport-ws connection, one `subscribe` per alert; records when each
    alert is first seen DELIVERED and completes that operation."""

    socket: Any
    runs: dict[str, AlertRun] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    messages: int = 0
    all_seen: asyncio.Event = field(default_factory=asyncio.Event)
    expected: int = 0

    def track(self, run: AlertRun) -> None:
        self.runs[f"a{run.index}"] = run

    async def subscribe(self, run: AlertRun, alert_gid: str) -> None:
        operation = f"a{run.index}"
        await self.socket.send(json.dumps({"id": operation, "type": "subscribe", "payload": {
            "query": ALERT_STATUS, "variables": {"id": alert_gid}}}))

    async def read(self) -> None:
        async for raw in self.socket:
            now = time.time()
            message = json.loads(raw)
            kind = message.get("type")
            if kind == "ping":
                await self.socket.send(json.dumps({"type": "pong"}))
                continue
            if kind == "pong":
                continue
            run = self.runs.get(message.get("id", ""))
            if kind == "next" and run is not None:
                self.messages += 1
                payload = message["payload"]
                if payload.get("errors"):
                    run.error = f"subscription error: {payload['errors']}"
                    self.errors.append(run.error)
                    continue
                state = payload["data"]["alertStatus"]
                run.final_status = state["status"]
                if state["status"] == "DELIVERED" and run.seen_delivered is None:
                    run.seen_delivered = now
                    await self.socket.send(json.dumps({"id": message["id"],
                                                       "type": "complete"}))
                elif state["status"] in ("FAILED", "PARTIALLY_FAILED"):
                    run.error = f"alert ended {state['status']}: {state['channels']}"
                    self.errors.append(run.error)
                self._check_done()
            elif kind == "error":
                self.errors.append(f"operation {message.get('id')}: {message.get('payload')}")
            elif kind == "complete":
                continue
            else:
                self.errors.append(f"unexpected message {message}")

    def _check_done(self) -> None:
        done = sum(run.seen_delivered is not None or run.error is not None
                   for run in self.runs.values())
        if self.expected and done >= self.expected:
            self.all_seen.set()


async def create_alert(client: httpx.AsyncClient, run: AlertRun, channel_gid: str,
                       watcher: WebsocketWatcher) -> None:
    watcher.track(run)
    try:
        response = await client.post("/graphql", json={"query": CREATE_ALERT, "variables": {
            "input": {"title": f"Bench alert {run.index}", "severity": "CRITICAL",
                      "channelIds": [channel_gid]}}})
        run.responded = time.time()
        body = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise RuntimeError(f"HTTP {response.status_code}: {body}")
        created = body["data"]["createAlert"]
        run.alert_id = local_id(created["id"])
        run.publication_id = local_id(created["publicationId"])
        await watcher.subscribe(run, created["id"])
    except Exception as error:  # recorded and reported: one failure must not stop the run
        run.error = f"createAlert: {type(error).__name__}: {error}"
        watcher.errors.append(run.error)
        watcher._check_done()


async def stage_times(runs: Sequence[AlertRun]) -> dict[int, float]:
    """Per publication: when its alert delivery row was written (the alerts worker's start
    job resolved the audience), as time.time()."""
    from tortoise import Tortoise

    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT publication_id, min(created_at) AS written FROM delivery "
        "WHERE publication_id = ANY($1::int[]) GROUP BY publication_id",
        [[run.publication_id for run in runs if run.publication_id is not None]])
    return {row["publication_id"]: row["written"].timestamp() for row in rows}


async def start_job_times(redis_url: str, runs: Sequence[AlertRun]) -> dict[int, float]:
    """Per publication: when the alerts worker began its start job (arq keeps each job's
    result with its start time), as time.time(); splits "waiting for the job to be picked
    up" from "the job's work before the row was written"."""
    from arq.connections import RedisSettings, create_pool
    from arq.jobs import Job

    pool = await create_pool(RedisSettings.from_dsn(redis_url))
    started: dict[int, float] = {}
    try:
        for run in runs:
            if run.publication_id is None:
                continue
            with contextlib.suppress(Exception):
                info = await Job(f"alert-start:{run.publication_id}", pool).result_info()
                if info is not None:
                    started[run.publication_id] = info.start_time.timestamp()
    finally:
        await pool.aclose()
    return started


async def audience_resolved_at(publication_id: int) -> float:
    from domain.publications.models import Publication

    publication = await Publication.get(id=publication_id)
    assert publication.audience_resolved_at is not None
    return publication.audience_resolved_at.timestamp()


async def bulk_state(publication_id: int) -> tuple[int, int]:
    """(deliveries of the bulk publication, those still pending or in flight)."""
    from tortoise import Tortoise

    row = (await Tortoise.get_connection("default").execute_query_dict(
        "SELECT count(*) AS total, count(*) FILTER (WHERE status IN "
        "('pending', 'queued', 'sending')) AS open FROM delivery WHERE publication_id = $1",
        [publication_id]))[0]
    return row["total"], row["open"]


def latency_line(label: str, values: Sequence[float], target: float | None) -> str:
    if not values:
        return f"{label}: no samples"
    p50, p95, p99 = (percentile(values, p) for p in (50, 95, 99))
    verdict = ""
    if target is not None:
        verdict = (f"; target p99 < {target * 1000:.0f} ms: "
                   + ("met" if p99 < target else "MISSED"))
    return (f"{label}: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, p99 "
            f"{p99 * 1000:.0f} ms, max {max(values) * 1000:.0f} ms "
            f"(n={len(values)}){verdict}")


@dataclass
class Services:
    api: Process
    default_worker: Process
    alerts_worker: Process
    receiver: subprocess.Popen[str]
    receiver_url: str
    api_url: str
    redis_url: str

    def all(self) -> list[tuple[str, int]]:
        return [(self.api.name, self.api.pid), (self.default_worker.name,
                                                self.default_worker.pid),
                (self.alerts_worker.name, self.alerts_worker.pid),
                ("receiver", self.receiver.pid)]

    def check_alive(self) -> None:
        for process in (self.api, self.default_worker, self.alerts_worker):
            process.check_alive()
        if self.receiver.poll() is not None:
            raise RuntimeError(f"the receiver exited with {self.receiver.returncode}")


def start_receiver(bulk_latency: float) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen([sys.executable, __file__, "--receiver",
                                "--bulk-latency", str(bulk_latency)], cwd=REPO_ROOT,
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line.startswith("PORT "):
        process.kill()
        raise RuntimeError(f"receiver did not start: {line!r}")
    return process, f"http://127.0.0.1:{line.split()[1]}"


def stop_popen(process: subprocess.Popen[Any]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def measure(args: argparse.Namespace, services: Services, seeded: Seeded) -> int:
    from websockets.asyncio.client import connect

    from app.auth import issue_token
    from domain.principals.models import Role

    token = issue_token(SECRET_KEY, "bench-oncall", Role.EDITOR, dt.timedelta(hours=1))
    headers = {"Authorization": f"Bearer {token}"}
    failures: list[str] = []
    async with httpx.AsyncClient(base_url=services.api_url, headers=headers, trust_env=False,
                                 timeout=30) as client, \
            httpx.AsyncClient(base_url=services.receiver_url, trust_env=False,
                              timeout=10) as receiver:
        publish_sent = time.time()
        started = await client.post("/graphql", json={"query": PUBLISH_NOW, "variables": {
            "id": global_id("Publication", seeded.bulk_publication)}})
        if started.json().get("errors"):
            raise RuntimeError(f"publishNow failed: {started.json()}")
        deadline = time.monotonic() + 60
        while (await receiver.get("/stats")).json()["bulk"] < BULK_UNDER_WAY:
            services.check_alive()
            if time.monotonic() > deadline:
                raise RuntimeError("the bulk send did not get under way within 60 s")
            await asyncio.sleep(0.05)
        resolved_after = await audience_resolved_at(seeded.bulk_publication) - publish_sent
        print(f"bulk send under way: {BULK_UNDER_WAY} deliveries received "
              f"{time.time() - publish_sent:.1f} s after publishNow (audience written after "
              f"{resolved_after:.1f} s)", flush=True)

        cpu_before = {name: cpu_seconds(pid) for name, pid in services.all()}
        machine_before = machine_busy_seconds()
        measured_from = time.time()
        socket_url = services.api_url.replace("http://", "ws://") + "/graphql"
        async with connect(socket_url, subprotocols=["graphql-transport-ws"],
                           max_size=None, open_timeout=10) as socket:
            await socket.send(json.dumps({"type": "connection_init", "payload": headers}))
            ack = json.loads(await asyncio.wait_for(socket.recv(), 10))
            if ack.get("type") != "connection_ack":
                raise RuntimeError(f"websocket refused: {ack}")
            watcher = WebsocketWatcher(socket, expected=args.alerts)
            reading = asyncio.create_task(watcher.read())
            channel_gid = global_id("Channel", seeded.alert_channel)
            bulk_at_first = (await receiver.get("/stats")).json()["bulk"]
            window_start = time.time()
            runs = [AlertRun(index, window_start + index / args.rate)
                    for index in range(args.alerts)]
            creating = []
            for run in runs:
                await asyncio.sleep(max(0.0, run.scheduled - time.time()))
                creating.append(asyncio.create_task(
                    create_alert(client, run, channel_gid, watcher)))
            await asyncio.gather(*creating)
            window_end = time.time()
            bulk_at_last = (await receiver.get("/stats")).json()["bulk"]
            _, bulk_open_at_last = await bulk_state(seeded.bulk_publication)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(watcher.all_seen.wait(), SETTLE_SECONDS)
            reading.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await reading
        cpu_after = {name: cpu_seconds(pid) for name, pid in services.all()}
        machine_after = machine_busy_seconds()
        measured = time.time() - measured_from
        elapsed = window_end - window_start
        stats = (await receiver.get("/stats")).json()
    services.check_alive()
    written = await stage_times(runs)
    job_started = await start_job_times(services.redis_url, runs)
    bulk_total, bulk_open = await bulk_state(seeded.bulk_publication)

    received = stats["alerts"]
    to_receiver = []
    to_websocket = []
    to_start = []
    to_job = []
    job_to_write = []
    start_to_receiver = []
    for run in runs:
        if run.error:
            failures.append(f"alert {run.index}: {run.error}")
            continue
        if run.responded is None or run.publication_id is None:
            failures.append(f"alert {run.index}: no response")
            continue
        arrival = received.get(str(run.publication_id))
        if arrival is None:
            failures.append(f"alert {run.index}: never reached the receiver")
        else:
            to_receiver.append(arrival - run.responded)
        if run.seen_delivered is None:
            failures.append(f"alert {run.index}: DELIVERED never seen on the websocket "
                            f"(last status {run.final_status})")
        else:
            to_websocket.append(run.seen_delivered - run.responded)
        if (began := job_started.get(run.publication_id)) is not None:
            to_job.append(began - run.responded)
        if (write := written.get(run.publication_id)) is not None:
            to_start.append(write - run.responded)
            if began is not None:
                job_to_write.append(write - began)
            if arrival is not None:
                start_to_receiver.append(arrival - write)
    failures.extend(error for error in watcher.errors
                    if not any(error in failure for failure in failures))

    lags = [run.responded - run.scheduled for run in runs if run.responded is not None]
    print(f"alerts: {args.alerts} created open-loop at {args.rate:g}/s over {elapsed:.1f} s "
          f"(createAlert round trip p50 {percentile(lags, 50) * 1000:.0f} ms, p99 "
          f"{percentile(lags, 99) * 1000:.0f} ms); receiver got {len(received)} distinct "
          f"alerts in {stats['alert_requests']} requests", flush=True)
    print(latency_line("(a) response -> receiver got the alert", to_receiver,
                       TARGET_SECONDS), flush=True)
    print(latency_line("(b) response -> websocket client saw DELIVERED", to_websocket,
                       TARGET_SECONDS), flush=True)
    print(latency_line("    of (a): response -> delivery row written (alerts worker's start "
                       "job ran)", to_start, None), flush=True)
    print(latency_line("       of which: response -> start job picked up (queue wait)",
                       to_job, None), flush=True)
    print(latency_line("       of which: start job picked up -> delivery row written",
                       job_to_write, None), flush=True)
    print(latency_line("    of (a): delivery row written -> receiver", start_to_receiver,
                       None), flush=True)
    within_promise = sum(value < PROMISE_SECONDS for value in to_websocket)
    print(f"product promise (< {PROMISE_SECONDS:.0f} s): {within_promise}/{args.alerts} "
          f"alerts seen delivered in time", flush=True)
    during = bulk_at_last - bulk_at_first
    print(f"bulk: {during:,} deliveries received during the alert window ({during / elapsed:.0f}"
          f"/s), {stats['bulk']:,} of {bulk_total:,} in all so far; "
          f"{bulk_open_at_last:,} still open when the last alert was created, "
          f"{bulk_open:,} now", flush=True)
    if bulk_open_at_last == 0:
        print("WARNING: the bulk send finished before the last alert; lower --rate or raise "
              "--bulk-latency so that every alert meets a bulk send in progress", flush=True)
    cpu = ", ".join(f"{name} {(cpu_after[name] - cpu_before[name]) / measured * 100:.0f}%"
                    for name, _ in services.all())
    busy = machine_after[0] - machine_before[0]
    total = machine_after[1] - machine_before[1]
    print(f"CPU over {measured:.1f} s, from the first alert to the last seen delivered "
          f"(% of one core): {cpu}; the "
          f"machine's {os.cpu_count()} cores {busy / total * 100:.0f}% busy in all (this run, "
          f"its client, PostgreSQL, and anything else running)", flush=True)
    for failure in failures[:20]:
        print(f"ERROR {failure}", flush=True)
    if len(failures) > 20:
        print(f"ERROR ... and {len(failures) - 20} more", flush=True)
    return 1 if failures else 0


async def run(args: argparse.Namespace) -> int:
    from app.db import close_db, init_db

    with tempfile.TemporaryDirectory(prefix="bench-alerts-") as directory, \
            redis_database() as redis_url:
        logs = Path(directory)
        receiver, receiver_url = start_receiver(args.bulk_latency)
        processes: list[Process] = []
        try:
            async with scratch_database() as database_url:
                await init_db(database_url)
                try:
                    seeded = await seed(receiver_url, args.bulk)
                    print(f"database {redact(database_url)}, Redis {redact(redis_url)}; "
                          f"{args.bulk:,} bulk subscribers on one webhook channel, the "
                          f"receiver answering bulk requests after {args.bulk_latency:g} s",
                          flush=True)
                    if args.what_if_poll_delay:
                        print(f"WHAT-IF (not the shipped configuration): the alerts worker "
                              f"polls its queue every {args.what_if_poll_delay:g} s instead "
                              f"of arq's 0.5 s", flush=True)
                    env = service_environment(database_url, redis_url)
                    port = free_port()
                    api = Process.start("api", api_command(port), env, logs)
                    processes.append(api)
                    default_worker = Process.start("worker-default", worker_command("default"),
                                                   env, logs)
                    processes.append(default_worker)
                    alerts_worker = Process.start(
                        "worker-alerts", worker_command("alerts", args.what_if_poll_delay),
                        env, logs)
                    processes.append(alerts_worker)
                    api_url = f"http://127.0.0.1:{port}"
                    await wait_healthy(api_url, api)
                    await default_worker.wait_for_log("Starting worker")
                    await alerts_worker.wait_for_log("Starting worker")
                    services = Services(api, default_worker, alerts_worker, receiver,
                                        receiver_url, api_url, redis_url)
                    return await measure(args, services, seeded)
                except Exception:
                    for process in processes:
                        if process.process.poll() is not None:
                            log(f"--- {process.name} log ---\n{process.output()[-3000:]}")
                    raise
                finally:
                    for process in processes:
                        process.stop()
                    await close_db()
        finally:
            stop_popen(receiver)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--alerts", type=positive, default=200)
    parser.add_argument("--rate", type=positive_float, default=20.0,
                        help="alerts created per second")
    parser.add_argument("--bulk", type=positive, default=10_000, help="bulk deliveries")
    parser.add_argument("--bulk-latency", type=float, default=0.02,
                        help="seconds the receiver takes to answer a bulk request")
    parser.add_argument("--what-if-poll-delay", type=positive_float, metavar="SECONDS",
                        help="WHAT-IF: the alerts worker polls its queue this often (arq's "
                        "default, shipped, is 0.5 s); applied in the bench's worker process "
                        "only, never the source")
    # Internal: this file re-executes itself as the receiver or as a patched worker.
    parser.add_argument("--receiver", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--worker-poll-delay", type=positive_float, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main() -> None:
    args = parse_args()
    if args.receiver:
        run_receiver(args.bulk_latency)
        return
    if args.worker:
        sys.exit(run_worker(args.worker, args.worker_poll_delay))
    started = time.perf_counter()
    try:
        status = asyncio.run(run(args))
    except Exception as error:
        print(f"ERROR {type(error).__name__}: {error}", flush=True)
        status = 1
    print(f"total {time.perf_counter() - started:.1f} s", flush=True)
    sys.exit(status)


if __name__ == "__main__":
    main()
