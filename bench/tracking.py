"""Open-pixel and click endpoints under load, against a plain endpoint serving the same GIF.

Why: every email we send carries a pixel and rewritten links, so the tracking endpoints
take the most requests of the whole service, in bursts right after a send. They verify a
signed token, classify the request (machine or reader), queue the event in the process's
``EventBuffer`` and answer at once; the buffer writes batches through ``record_events``
(events + first-open claims + rollups) in the background. This script measures what that
costs next to the cheapest possible answer (issue 8: events/s and p99 under 100 concurrent
clients on loopback, ratio to a plain Starlette endpoint returning the same GIF >= 0.5, and
every event recorded).

How: a scratch database ``publishing_bench_<random>`` is created, migrated and seeded with
set-based SQL (one email channel, one publication, N subscribers, one sent delivery each,
20 tracked links). The server is this file run with ``--serve`` in a subprocess: one uvicorn
process (uvloop and httptools when installed, as production's one-process-per-core model),
whose lifespan initialises Tortoise on the scratch database, starts a ``Tracking`` with its
``EventBuffer`` (flushed on shutdown) and the production GC tuning, and serves
``TRACKING_ROUTES`` plus:

* ``/plain/{token}``: the baseline -- a plain Starlette endpoint returning the same PIXEL
  with the same headers, requested with the same token-sized paths (same routing, same
  request bytes, no verification, no event);
* ``/bench/phase``: drains the buffer (so a figure never pays for the previous one's
  events), then returns its figures since the previous call (batches written, their sizes
  and durations, the most events held in memory at any sampled moment).

The load generator is this file run with ``--load`` in another subprocess (its own core):
100 keep-alive HTTP/1.1 connections, each sending GETs back to back with a reader's
browser user agent (tokens issued an hour ago: counted as human) over the N deliveries
(pixels) or deliveries x links (clicks). It is a minimal asyncio client (uvloop when
installed) rather than httpx: httpx costs several times the server's CPU per request and
would cap both sides at the same rate, hiding the very cost being measured. Each response
is checked (200 + the exact GIF; 302 to the link's URL). After a warm-up, responses
completed within the window count; throughput, p50 and p99 latency, and the server's CPU
time per request (/proc) are recorded. Endpoints run in alternating order over rounds;
medians are printed.

Then the server is stopped (SIGTERM: the lifespan flushes the buffer) and every 200 from
the pixel and every 302 from the click endpoint -- warm-up and window alike -- must have
produced exactly one ``engagement_event`` row, and the day rollups must count them.

Usage, from the repository root::

    python bench/tracking.py [--duration 8] [--warmup 2] [--rounds 2] [--clients 100]
                             [--deliveries 5000] [--quick]

``--quick``: 3 s + 1 s warm-up, one round. ``DATABASE_URL`` names the PostgreSQL server (its
database name is ignored), otherwise 127.0.0.1:5432 is tried, then an embedded server under
``var/bench``; the scratch database is dropped at the end. Redis is not used. Exit status: 0
when every request succeeded and every event was recorded, 1 otherwise (missing the ratio
target is printed as FAIL and does not change the exit status).
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
import secrets  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import Any  # noqa: E402

from bench.queries import find_server, redact  # noqa: E402
from bench.support import (  # noqa: E402
    busy_share,
    cpu_seconds,
    log,
    machine_busy,
    positive,
    positive_float,
    run_timed,
    with_database,
)

TARGET_RATIO = 0.5
SECRET_KEY = "bench-tracking-secret-key-0123456789abcdef"
BASE_URL = "http://127.0.0.1"  # the links' host part is stripped: only paths are requested
LINKS = 20
READER = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/17.5 Safari/605.1.15")
ISSUED_SECONDS_AGO = 3600  # past the machine-open/click windows: readers, not prefetchers
ENDPOINTS = ("plain", "pixel", "click")
EXPECTED_STATUS = {"plain": 200, "pixel": 200, "click": 302}
SAMPLE_SECONDS = 0.01  # how often the server samples what the buffer holds

# --- seeding ---------------------------------------------------------------------------------

SEED_SQL = (
    """
INSERT INTO channel (created_at, updated_at, name, type, config, status)
VALUES (now(), now(), 'bench-email', 'email', '{}', 'active')
""",
    """
INSERT INTO publication (created_at, updated_at, title, summary, body, priority, status,
                         publish_at, published_at)
VALUES (now() - interval '2 hours', now(), 'Bench tracking', 'Summary', 'Body', 'normal',
        'published', now() - interval '1 hour', now() - interval '1 hour')
""",
    """
INSERT INTO subscriber (created_at, updated_at, email, name, attributes, timezone, locale,
                        status)
SELECT now(), now(), 'reader' || g || '@bench.example', '', '{}', 'UTC', 'en', 'active'
FROM generate_series(1, $1::int) AS g
""",
    """
INSERT INTO delivery (created_at, updated_at, idempotency_key, recipient, status, attempts,
                      error_history, channel_id, publication_id, subscriber_id, sent_at, lane)
SELECT now(), now(), 'bench:' || s.id, s.email, 'sent', 1, '[]', c.id, p.id, s.id,
       now() - interval '1 hour', 'bulk'
FROM subscriber AS s, (SELECT min(id) AS id FROM channel) AS c,
     (SELECT min(id) AS id FROM publication) AS p
""",
    """
INSERT INTO tracked_link (publication_id, url_hash, url, created_at)
SELECT p.id, md5('https://shop.example.com/item/' || g), 'https://shop.example.com/item/' || g,
       now()
FROM generate_series(1, $1::int) AS g, (SELECT min(id) AS id FROM publication) AS p
""",
)


@dataclass(frozen=True)
class Targets:
    pixel: list[str]
    click: list[str]
    links: dict[str, str]  # click path → the URL it must redirect to


async def seed(url: str, deliveries: int) -> Targets:
    import asyncpg

    from app.db import connection_credentials
    from domain.links.urls import LinkBuilder

    connection = await asyncpg.connect(**connection_credentials(url))
    try:
        arguments = [(), (), (deliveries,), (), (LINKS,)]
        for sql, values in zip(SEED_SQL, arguments, strict=True):
            await connection.execute(sql, *values)
        await connection.execute("VACUUM ANALYZE")
        rows = await connection.fetch(
            "SELECT id, publication_id, channel_id, subscriber_id FROM delivery ORDER BY id")
        links = await connection.fetch("SELECT id, url FROM tracked_link ORDER BY id")
    finally:
        await connection.close()
    builder = LinkBuilder(SECRET_KEY, BASE_URL)
    issued = int(time.time()) - ISSUED_SECONDS_AGO
    pixel, click, destinations = [], [], {}
    for index, row in enumerate(rows):
        ids = (row["id"], row["publication_id"], row["channel_id"], row["subscriber_id"])
        pixel.append(builder.open_url(*ids, issued_at=issued).removeprefix(BASE_URL))
        link = links[index % len(links)]
        path = builder.click_url(link["id"], *ids, issued_at=issued).removeprefix(BASE_URL)
        click.append(path)
        destinations[path] = link["url"]
    return Targets(pixel, click, destinations)


# --- the server (a subprocess) ---------------------------------------------------------------


class BufferProbe:
    """Wraps the buffer's writer to time its batches and samples what the buffer holds
    (pending + the batch being written: what a crash at that moment would lose)."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.reset()

    def reset(self) -> None:
        self.batches: list[int] = []
        self.write_seconds: list[float] = []
        self.most_at_risk = 0

    async def writer(self, batch: Sequence[Any]) -> Any:
        from domain.engagement.recorder import record_events

        self.in_flight = len(batch)
        started = time.perf_counter()
        try:
            return await record_events(batch)
        finally:
            self.write_seconds.append(time.perf_counter() - started)
            self.batches.append(len(batch))
            self.in_flight = 0

    async def sample(self, buffer: Any) -> None:
        while True:
            self.most_at_risk = max(self.most_at_risk, len(buffer.pending) + self.in_flight)
            await asyncio.sleep(SAMPLE_SECONDS)

    def phase(self, buffer: Any) -> dict[str, Any]:
        figures = {"batches": len(self.batches), "events": sum(self.batches),
                   "largest_batch": max(self.batches, default=0),
                   "write_p50": statistics.median(self.write_seconds or [0.0]),
                   "write_max": max(self.write_seconds, default=0.0),
                   "most_at_risk": self.most_at_risk, "recorded": buffer.recorded,
                   "dropped": buffer.dropped, "failures": buffer.failures,
                   "pending": len(buffer.pending)}
        self.reset()
        return figures


def build_app(database_url: str) -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    from app.db import close_db, init_db
    from app.http import _tune_garbage_collector
    from app.tracking import NO_STORE, PIXEL, TRACKING_ROUTES, Tracking
    from domain.engagement.buffer import EventBuffer
    from domain.links.urls import LinkBuilder

    probe = BufferProbe()

    async def plain(request: Request) -> Response:
        return Response(PIXEL, media_type="image/gif", headers=NO_STORE)

    async def phase(request: Request) -> JSONResponse:
        buffer = request.app.state.tracking.buffer
        await buffer.flush()  # drained: the next figure does not pay for this one's events
        return JSONResponse(probe.phase(buffer))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        await init_db(database_url)  # the default pool, as Settings' db_pool_min/max
        buffer = EventBuffer(writer=probe.writer)
        app.state.tracking = Tracking(LinkBuilder(SECRET_KEY, BASE_URL), buffer)
        buffer.start()
        sampler = asyncio.create_task(probe.sample(buffer))
        _tune_garbage_collector()
        try:
            yield
        finally:
            sampler.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sampler
            await buffer.stop()
            final = {"recorded": buffer.recorded, "dropped": buffer.dropped,
                     "failures": buffer.failures, "pending": len(buffer.pending),
                     "flush_interval": buffer.flush_interval, "max_batch": buffer.max_batch,
                     "max_pending": buffer.max_pending}
            print("STATS " + json.dumps(final), flush=True)
            await close_db()

    return Starlette(routes=[*TRACKING_ROUTES, Route("/plain/{token}", plain),
                             Route("/bench/phase", phase)], lifespan=lifespan)


def serve(database_url: str) -> None:
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4096)
    print(f"PORT {sock.getsockname()[1]}", flush=True)
    config = uvicorn.Config(build_app(database_url), log_level="warning", access_log=False,
                            lifespan="on", backlog=4096, timeout_keep_alive=60)
    uvicorn.Server(config).run(sockets=[sock])


@dataclass
class Server:
    process: subprocess.Popen[str]
    port: int

    @classmethod
    def start(cls, database_url: str) -> Server:
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--serve", "--database-url",
             database_url], cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.startswith("PORT "):
            process.kill()
            raise RuntimeError(f"the server did not start: {line!r}")
        return cls(process, int(line.split()[1]))

    def stop(self) -> dict[str, Any] | None:
        """SIGTERM (the lifespan flushes the buffer); the final buffer figures."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            output, _ = self.process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            return None
        for line in output.splitlines():
            if line.startswith("STATS "):
                return json.loads(line.removeprefix("STATS "))
        return None


# --- the load generator (a subprocess) -------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def generate_load(spec: dict[str, Any]) -> dict[str, Any]:
    """Keep `clients` connections busy with GETs; count and time the answers."""
    from app.tracking import PIXEL

    port, clients, kind = spec["port"], spec["clients"], spec["kind"]
    paths: list[str] = spec["paths"]
    destinations: dict[str, str] = spec.get("destinations") or {}
    expected = EXPECTED_STATUS[kind]
    requests = [(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: {READER}\r\n"
                 "Accept: image/avif,image/webp,image/*,*/*;q=0.8\r\n"
                 "Accept-Language: en-GB,en;q=0.9\r\n\r\n").encode() for path in paths]
    locations = [f"location: {destinations[path]}\r\n".encode() if destinations else b""
                 for path in paths]
    now = time.perf_counter()
    window_start, window_end = now + spec["warmup"], now + spec["warmup"] + spec["duration"]
    latencies: list[float] = []
    counters = {"ok": 0, "failures": 0}
    samples: list[str] = []

    def fail(reason: str) -> None:
        counters["failures"] += 1
        if len(samples) < 3:
            samples.append(reason)

    async def connection_loop(index: int) -> None:
        position = index * len(paths) // clients
        reader = writer = None
        while (started := time.perf_counter()) < window_end:
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                assert reader is not None
                slot = position % len(paths)
                position += 1
                writer.write(requests[slot])
                head = await reader.readuntil(b"\r\n\r\n")
                lowered = head.lower()
                length_at = lowered.find(b"content-length:")
                length = (int(lowered[length_at + 15:lowered.find(b"\r\n", length_at)])
                          if length_at >= 0 else 0)
                body = await reader.readexactly(length) if length else b""
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as error:
                fail(f"{type(error).__name__}: {error}")
                if writer is not None:
                    writer.close()
                reader = writer = None
                continue
            finished = time.perf_counter()
            status = int(head[9:12])
            if status != expected:
                fail(f"HTTP {status}: {head[:200]!r}")
            elif expected == 200 and body != PIXEL:
                fail(f"not the pixel: {body[:50]!r}")
            elif expected == 302 and locations[slot] not in lowered:
                fail(f"redirect elsewhere: {head[:300]!r}")
            else:
                counters["ok"] += 1
                if window_start <= finished <= window_end:
                    latencies.append(finished - started)
        if writer is not None:
            writer.close()

    async def snapshots() -> tuple[tuple[float, ...], tuple[float, ...]]:
        def take() -> tuple[float, ...]:
            return (time.perf_counter(), cpu_seconds(spec["server_pid"]), time.process_time(),
                    machine_busy())

        await asyncio.sleep(max(0.0, window_start - time.perf_counter()))
        first = take()
        await asyncio.sleep(max(0.0, window_end - time.perf_counter()))
        return first, take()

    watcher = asyncio.create_task(snapshots())
    await asyncio.gather(*(connection_loop(index) for index in range(clients)))
    before, after = await watcher
    seconds = after[0] - before[0]
    return {"kind": kind, "ok": counters["ok"], "failures": counters["failures"],
            "samples": samples, "seconds": seconds, "timed": len(latencies),
            "rate": len(latencies) / seconds, "p50": percentile(latencies, 0.50),
            "p99": percentile(latencies, 0.99),
            "server_cpu": after[1] - before[1], "client_cpu": after[2] - before[2],
            "machine_cpu": after[3] - before[3]}


def run_load(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    try:
        import uvloop
    except ImportError:
        result = asyncio.run(generate_load(spec))
    else:
        result = uvloop.run(generate_load(spec))
    print("RESULT " + json.dumps(result), flush=True)


async def measure(kind: str, targets: Targets, server: Server, args: argparse.Namespace,
                  directory: Path) -> dict[str, Any]:
    paths = {"plain": [path.replace("/t/o/", "/plain/") for path in targets.pixel],
             "pixel": targets.pixel, "click": targets.click}[kind]
    spec = {"kind": kind, "port": server.port, "clients": args.clients, "paths": paths,
            "destinations": targets.links if kind == "click" else None,
            "warmup": args.warmup, "duration": args.duration,
            "server_pid": server.process.pid}
    spec_path = directory / f"{kind}.json"
    spec_path.write_text(json.dumps(spec))
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(Path(__file__).resolve()), "--load", str(spec_path),
        cwd=REPO_ROOT, stdout=asyncio.subprocess.PIPE)
    output, _ = await asyncio.wait_for(process.communicate(),
                                       args.warmup + args.duration + 60)
    for line in output.decode().splitlines():
        if line.startswith("RESULT "):
            return json.loads(line.removeprefix("RESULT "))
    raise RuntimeError(f"the load generator for {kind} exited with {process.returncode}")


# --- checks and report -----------------------------------------------------------------------


async def sanity(port: int, targets: Targets) -> tuple[list[str], dict[str, int]]:
    """One request per endpoint through httpx: same bytes and headers from the pixel and
    the baseline, the click's redirect. Returns the problems and the events it caused."""
    import httpx

    problems = []
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10,
                                 headers={"user-agent": READER}) as client:
        pixel = await client.get(targets.pixel[0])
        plain = await client.get(targets.pixel[0].replace("/t/o/", "/plain/"))
        click = await client.get(targets.click[0])
        forged = await client.get(targets.pixel[0][:-10] + "AAAAAA.gif")
    if pixel.status_code != 200 or pixel.content != plain.content:
        problems.append(f"pixel answered {pixel.status_code}, {len(pixel.content)} bytes")
    ignored = {"date", "server"}
    mine = {k: v for k, v in pixel.headers.items() if k not in ignored}
    theirs = {k: v for k, v in plain.headers.items() if k not in ignored}
    if mine != theirs:
        problems.append(f"headers differ: pixel {mine} plain {theirs}")
    if click.status_code != 302 or click.headers.get("location") != targets.links[
            targets.click[0]]:
        problems.append(f"click answered {click.status_code} to {click.headers.get('location')}")
    if forged.status_code != 404:
        problems.append(f"a forged token answered {forged.status_code}")
    return problems, {"open": 1, "click": 1}


async def recorded_rows(url: str) -> dict[str, int]:
    import asyncpg

    from app.db import connection_credentials

    connection = await asyncpg.connect(**connection_credentials(url))
    try:
        row = await connection.fetchrow("""
            SELECT (SELECT count(*) FROM engagement_event WHERE type = 'open') AS open,
                   (SELECT count(*) FROM engagement_event WHERE type = 'click') AS click,
                   (SELECT count(*) FROM engagement_event WHERE is_machine) AS machine,
                   (SELECT coalesce(sum(opens + machine_opens), 0) FROM metric_rollup
                     WHERE granularity = 'day') AS rollup_open,
                   (SELECT coalesce(sum(clicks + machine_clicks), 0) FROM metric_rollup
                     WHERE granularity = 'day') AS rollup_click,
                   (SELECT coalesce(sum(unique_opens), 0) FROM metric_rollup
                     WHERE granularity = 'day') AS unique_opens,
                   (SELECT count(DISTINCT delivery_id) FROM engagement_event
                     WHERE type = 'open') AS opened_deliveries""")
        return dict(row)
    finally:
        await connection.close()


def summary(results: list[dict[str, Any]]) -> dict[str, float]:
    cores = os.cpu_count() or 1
    return {
        "rate": statistics.median(r["rate"] for r in results),
        "p50": statistics.median(r["p50"] for r in results) * 1000,
        "p99": statistics.median(r["p99"] for r in results) * 1000,
        "server_ms": statistics.median(r["server_cpu"] * 1000 / max(1, r["timed"])
                                       for r in results),
        "server_share": statistics.median(r["server_cpu"] / r["seconds"] for r in results),
        "client_share": statistics.median(r["client_cpu"] / r["seconds"] for r in results),
        "machine_share": statistics.median(r["machine_cpu"] / r["seconds"] / cores
                                           for r in results),
    }


def figure_line(kind: str, figures: dict[str, float], baseline: dict[str, float]) -> str:
    unit = "requests/s" if kind == "plain" else "events/s"
    label = {"plain": "plain GIF (baseline)", "pixel": "open pixel", "click": "click 302"}[kind]
    line = (f"{label:<21} {figures['rate']:8,.0f} {unit:<10}  p50 {figures['p50']:6.1f} ms  "
            f"p99 {figures['p99']:6.1f} ms  server {figures['server_ms']:.3f} ms CPU/request "
            f"({figures['server_share']:.0%} of a core), client {figures['client_share']:.0%}"
            f" of a core, machine {figures['machine_share']:.0%} busy")
    if kind != "plain":
        ratio = figures["rate"] / baseline["rate"]
        verdict = "PASS" if ratio >= TARGET_RATIO else "FAIL"
        line += (f"\n{'':<21} ratio to plain: {ratio:.2f} (target >= {TARGET_RATIO}) "
                 f"{verdict}; p99 {figures['p99'] / baseline['p99']:.2f}x plain's; server "
                 f"CPU/request {figures['server_ms'] / baseline['server_ms']:.2f}x plain's")
    return line


def step_costs(targets: Targets) -> dict[str, float]:
    """Microseconds per call of the steps a tracked request adds, each timed alone in this
    process (best of 3): where the extra server CPU per request goes."""
    import datetime as dt
    import timeit

    from domain.engagement.classify import is_machine_click, is_machine_open
    from domain.engagement.recorder import RollupDelta
    from domain.links.urls import LinkBuilder

    builder = LinkBuilder(SECRET_KEY, BASE_URL)
    open_token = targets.pixel[0].removeprefix("/t/o/")
    click_token = targets.click[0].removeprefix("/t/c/")
    moment, delta = dt.datetime.now(dt.UTC), RollupDelta()
    steps = {
        "verify open token": lambda: builder.verify_open(open_token),
        "verify click token": lambda: builder.verify_click(click_token),
        "is_machine_open(reader UA)": lambda: is_machine_open(READER, 3600.0),
        "is_machine_click(reader UA)": lambda: is_machine_click("GET", READER, 3600.0),
        "RollupDelta.add per event": lambda: delta.add(moment, 1, 1, "opens"),
    }
    number = 2000
    return {name: min(timeit.repeat(step, number=number, repeat=3)) / number * 1e6
            for name, step in steps.items()}


def round_order(number: int) -> tuple[str, ...]:
    return ENDPOINTS if number % 2 == 0 else tuple(reversed(ENDPOINTS))


async def run(args: argparse.Namespace) -> int:
    import httpx

    from app.db import drop_database, ensure_database
    from app.migrations import upgrade

    background = busy_share()
    server_url, embedded = await find_server()
    scratch = with_database(server_url, f"publishing_bench_{secrets.token_hex(4)}")
    server: Server | None = None
    failed = False
    try:
        await ensure_database(scratch)
        log(f"migrating {redact(scratch)}")
        await upgrade(scratch)
        targets = await seed(scratch, args.deliveries)
        server = Server.start(scratch)
        problems, expected = await sanity(server.port, targets)
        for problem in problems:
            print(f"SANITY: {problem}", flush=True)
        failed = bool(problems)
        print(f"setup: PostgreSQL at {redact(server_url)}; one uvicorn process; "
              f"{args.clients} keep-alive connections from a separate load process; "
              f"{len(targets.pixel):,} deliveries x {LINKS} links; {args.warmup:g} s warm-up + "
              f"{args.duration:g} s per figure, {args.rounds} round(s) in alternating order, "
              f"medians; {os.cpu_count()} cores shared by client, server and PostgreSQL, "
              f"{background:.0%} busy with other processes before the bench started",
              flush=True)
        results: dict[str, list[dict[str, Any]]] = {kind: [] for kind in ENDPOINTS}
        buffer_phases: list[dict[str, Any]] = []
        with tempfile.TemporaryDirectory(prefix="pub-bench-tracking-") as directory:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}",
                                         timeout=30) as control:
                await control.get("/bench/phase")  # reset the probe after the sanity checks
                for number in range(args.rounds):
                    for kind in round_order(number):
                        result = await measure(kind, targets, server, args, Path(directory))
                        results[kind].append(result)
                        phase = (await control.get("/bench/phase")).json()
                        if kind != "plain":
                            buffer_phases.append({**phase, "rate": result["rate"]})
                        log(f"  round {number + 1} {kind:<5} {result['rate']:7,.0f}/s, p99 "
                            f"{result['p99'] * 1000:5.1f} ms, {result['failures']} failures; "
                            f"buffer wrote {phase['events']:,} events in {phase['batches']} "
                            f"batches")
                        for sample in result["samples"]:
                            log(f"    failure: {sample}")
        final = server.stop()
        server = None
        figures = {kind: summary(values) for kind, values in results.items()}
        for kind in ENDPOINTS:
            print(figure_line(kind, figures[kind], figures["plain"]), flush=True)
        failures = sum(r["failures"] for values in results.values() for r in values)
        answered = {"open": sum(r["ok"] for r in results["pixel"]) + expected["open"],
                    "click": sum(r["ok"] for r in results["click"]) + expected["click"]}
        rows = await recorded_rows(scratch)
        complete = (final is not None and rows["open"] == answered["open"]
                    and rows["click"] == answered["click"] and failures == 0
                    and rows["rollup_open"] == rows["open"]
                    and rows["rollup_click"] == rows["click"]
                    and rows["unique_opens"] == rows["opened_deliveries"])
        print(f"events: {answered['open']:,} pixel 200s -> {rows['open']:,} open rows; "
              f"{answered['click']:,} click 302s -> {rows['click']:,} click rows; "
              f"{failures} failed requests; {rows['machine']} flagged machine; day rollups "
              f"count {rows['rollup_open']:,} opens ({rows['unique_opens']:,} unique of "
              f"{rows['opened_deliveries']:,} opened deliveries) and {rows['rollup_click']:,} "
              f"clicks; buffer at shutdown: {json.dumps(final)} -- every event recorded: "
              f"{'PASS' if complete else 'FAIL'}", flush=True)
        if final is not None and buffer_phases:
            worst = max(buffer_phases, key=lambda phase: phase["most_at_risk"])
            batches = [phase for phase in buffer_phases if phase["batches"]]
            writes = ", ".join(f"{phase['write_p50'] * 1000:.0f}/{phase['write_max'] * 1000:.0f}"
                               for phase in batches)
            print(f"crash exposure: the buffer flushes every {final['flush_interval']:g} s (or "
                  f"at {final['max_batch']:,} events); a crash loses what is pending plus the "
                  f"batch being written: at most {worst['most_at_risk']:,} events at any "
                  f"sampled moment (every {SAMPLE_SECONDS * 1000:.0f} ms) = "
                  f"{worst['most_at_risk'] / worst['rate'] * 1000:.0f} ms of traffic at "
                  f"{worst['rate']:,.0f} events/s; largest batch "
                  f"{max(p['largest_batch'] for p in buffer_phases):,}; batch write p50/max ms "
                  f"per tracked figure: {writes}", flush=True)
        costs = step_costs(targets)
        print("steps a tracked request adds, us per call (each timed alone in the bench "
              "process; the plain request costs the server "
              f"{figures['plain']['server_ms'] * 1000:.0f} us of CPU in all): "
              + ", ".join(f"{name} {value:.1f}" for name, value in costs.items()), flush=True)
        ratios = [figures[kind]["rate"] / figures["plain"]["rate"] for kind in ("pixel", "click")]
        met = all(ratio >= TARGET_RATIO for ratio in ratios)
        print(f"RESULT: {'PASS' if met and complete else 'FAIL'} -- pixel {ratios[0]:.2f}, "
              f"click {ratios[1]:.2f} of plain (target >= {TARGET_RATIO}); every event "
              f"recorded: {'yes' if complete else 'NO'}", flush=True)
        failed = failed or not complete
    finally:
        if server is not None:
            server.stop()
        await drop_database(scratch)
        if embedded is not None:
            embedded.stop()
    return 1 if failed else 0


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--clients", type=positive, default=100)
    parser.add_argument("--duration", type=positive_float, default=None,
                        help="measured seconds per figure (default 8; --quick 3)")
    parser.add_argument("--warmup", type=float, default=None,
                        help="seconds before measuring (default 2; --quick 1)")
    parser.add_argument("--rounds", type=positive, default=None,
                        help="rounds over the three endpoints (default 2; --quick 1)")
    parser.add_argument("--deliveries", type=positive, default=5000)
    parser.add_argument("--quick", action="store_true", help="a short run")
    # Internal: this file re-executes itself as the server and as the load generator.
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--load", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    defaults = {"duration": (3.0, 8.0), "warmup": (1.0, 2.0), "rounds": (1, 2)}
    for name, (quick, full) in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, quick if args.quick else full)
    return args


def main() -> None:
    args = parse_args()
    if args.serve:
        serve(args.database_url)
        return
    if args.load:
        run_load(args.load)
        return
    run_timed(run(args))


if __name__ == "__main__":
    main()
