"""Throughput and latency of the GraphQL API against a hand-written endpoint, same run.

Why: the API is Strawberry on Starlette, with DataLoaders that keep a page of publications at
a fixed number of SQL statements (tests/test_api_query_counts.py). A fixed statement count
says nothing about what the GraphQL layer itself costs per request: parsing, validation,
resolving every field through the schema, building the result and encoding it. This script
puts a number on that cost by serving, from the same uvicorn process and the same database
pool, a hand-written Starlette endpoint that returns the same JSON (compared as parsed values
before timing), and by loading both with the same clients:

* ``page``: the publications page of tests/test_api_query_counts.py -- 50 publications with
  their topics, channels and delivery counts (GraphQL: 6 SQL statements through the
  DataLoaders; hand-written: 4 statements, the two link tables joined to their targets);
* ``small``: ``topics(first: 5) { edges { node { id slug name } } }`` -- one small query.

Both kinds of endpoint check the bearer token with ``app.auth.verify_token``, so the
authentication cost is on both sides. The figure of merit is the ratio GraphQL / hand-written
of requests per second; the target for the page query is >= 0.4.

How: a scratch database ``publishing_bench_<random>`` is created, migrated and seeded with
set-based SQL (200 publications, 5 topics, 4 channels, their links, 1,000 subscribers and
10,000 deliveries across all statuses) and dropped at the end. The server is this same file
run with ``--serve`` in a subprocess: one uvicorn process (uvloop and httptools when
installed, log level warning, no access log) serving ``create_app(settings)`` plus
``/raw/page``, ``/raw/small`` and bench-only endpoints (cache statistics, a stack sampler).
The load generator runs in this process: 50 concurrent clients on one ``httpx.AsyncClient``
(a keep-alive pool of 50 connections), each sending requests back to back; after a warm-up,
the requests that complete inside the measuring window count. Every response must be 200
without ``"errors"``; any failure makes the exit status non-zero.

The machine is small and noisy: client, server and PostgreSQL share its cores. So the four
figures are measured in alternating order over several rounds and the medians printed, and
each figure also shows the server's CPU time per request (from /proc), the least noisy
measure of what a request costs, plus how busy the client and the machine were: a
hand-written endpoint that is cheap enough is held back by the client and the database
rather than by the server, which flatters the ratio.

When the page ratio is below target (or with ``--profile always``) the server's event-loop
thread is sampled while each page endpoint is under the same load, and the time per request
is split by step (GraphQL execution, validation, database layer, garbage collection, ...),
with the garbage collector's own accounting next to it; that is the evidence for what limits
the throughput. ``--what-if gc`` and ``--what-if validation-cache`` apply an experimental
change inside the bench's server process only (never the source) to measure what it would
buy; their runs are labelled WHAT-IF.

Usage, from the repository root::

    python bench/graphql_api.py [--duration 8] [--warmup 2] [--rounds 2] [--clients 50]

``DATABASE_URL`` names the PostgreSQL server to use (its database name is ignored); otherwise
the local server at 127.0.0.1:5432 is tried, then an embedded one is started under
``var/bench``. ``REDIS_URL`` (default ``redis://127.0.0.1:6379/0``) is handed to the app,
whose lifespan opens its Redis and job-queue connections; no measured query touches Redis.
Exit status: 0 when every request succeeded and both endpoint pairs returned the same JSON,
1 otherwise; missing the target is printed as ``BELOW TARGET`` and does not fail the run.
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
import gc  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from types import CodeType, FrameType  # noqa: E402
from typing import Any  # noqa: E402

import asyncpg  # noqa: E402
import httpx  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import JSONResponse  # noqa: E402
from tortoise import Tortoise  # noqa: E402

from app.auth import InvalidToken, issue_token, verify_token  # noqa: E402
from app.db import connection_credentials, drop_database, ensure_database  # noqa: E402
from app.migrations import upgrade  # noqa: E402
from bench.queries import find_server, log, redact, with_database  # noqa: E402
from bench.support import positive, run_timed  # noqa: E402
from domain.principals.actor import Actor  # noqa: E402
from domain.principals.models import Role  # noqa: E402
from resolvers.cursors import encode_cursor  # noqa: E402

PAGE_SIZE = 50
TARGET_RATIO = 0.4
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
SECRET_ENV = "PUBLISHING_BENCH_SECRET_KEY"
KEEP_ALIVE_SECONDS = 120

# The page document of tests/test_api_query_counts.py, verbatim.
PAGE_QUERY = """
query Page($first: Int!) {
  publications(first: $first) {
    edges { cursor node {
      id title status priority publishAt
      topics { id slug name }
      channels { id name type status }
      deliveryCounts { pending sent delivered failed dead total }
    } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

SMALL_QUERY = "query Small { topics(first: 5) { edges { node { id slug name } } } }"
SMALL_SIZE = 5

# --- seeding ---------------------------------------------------------------------------------

CHANNEL_TYPES = ("email", "slack", "discord", "webhook")

SEED_SQL: tuple[tuple[str, str], ...] = (
    ("topic", """
INSERT INTO topic (created_at, updated_at, slug, name, description)
SELECT now(), now(), 'bench-topic-' || g, 'Bench topic ' || g, ''
FROM generate_series(1, $1::int) AS g
"""),
    ("channel", """
INSERT INTO channel (created_at, updated_at, name, type, config, status)
SELECT now(), now(), 'bench-' || t, t, '{}',
       CASE WHEN n = 3 THEN 'paused' ELSE 'active' END
FROM unnest($1::text[]) WITH ORDINALITY AS c(t, n)
"""),
    ("subscriber", """
INSERT INTO subscriber
    (created_at, updated_at, email, name, attributes, timezone, locale, status)
SELECT now(), now(), 'subscriber' || g || '@bench.example', '', '{}', 'UTC', 'en', 'active'
FROM generate_series(1, $1::int) AS g
"""),
    # One publication an hour (distinct created_at keeps the keyset order obvious); a mix of
    # statuses and priorities, publish_at set on the scheduled and published ones.
    ("publication", """
INSERT INTO publication
    (created_at, updated_at, title, summary, body, priority, status, publish_at, published_at)
SELECT at, at, 'Bench publication ' || g, 'Summary ' || g, 'Body of publication ' || g,
       (ARRAY['normal', 'normal', 'high', 'critical'])[1 + g % 4],
       s,
       CASE WHEN s IN ('scheduled', 'published') THEN at + interval '1 hour' END,
       CASE WHEN s = 'published' THEN at + interval '1 hour' END
FROM (SELECT g, now() - make_interval(hours => $1::int - g) AS at,
             (ARRAY['published', 'published', 'published', 'draft', 'scheduled',
                    'in_review'])[1 + g % 6] AS s
      FROM generate_series(1, $1::int) AS g) AS p
"""),
    # (7p + t) mod 5 takes each value once over five consecutive topic ids, so publication p
    # gets 1 + p mod 3 topics; likewise 1 + p mod 4 of the four channels.
    ("publication_topic", """
INSERT INTO publication_topic (publication_id, topic_id)
SELECT p.id, t.id FROM publication AS p CROSS JOIN topic AS t
WHERE (p.id * 7 + t.id) % 5 < 1 + p.id % 3
"""),
    ("publication_channel", """
INSERT INTO publication_channel (publication_id, channel_id)
SELECT p.id, c.id FROM publication AS p CROSS JOIN channel AS c
WHERE (p.id * 3 + c.id) % 4 < 1 + p.id % 4
"""),
    ("delivery", """
WITH pubs AS (SELECT array_agg(id ORDER BY id) AS ids FROM publication),
     chans AS (SELECT array_agg(id ORDER BY id) AS ids FROM channel),
     subs AS (SELECT min(id) AS first, count(*) AS n FROM subscriber),
     rows AS MATERIALIZED (
         SELECT g, random() AS r, random() AS r_pub, random() AS r_channel
         FROM generate_series(1, $1::int) AS g)
INSERT INTO delivery
    (created_at, updated_at, idempotency_key, recipient, status, attempts, last_error,
     error_history, channel_id, publication_id, subscriber_id)
SELECT now(), now(), 'bench:' || g, 'subscriber' || g || '@bench.example',
       CASE WHEN r < 0.05 THEN 'pending'
            WHEN r < 0.08 THEN 'queued'
            WHEN r < 0.10 THEN 'sending'
            WHEN r < 0.45 THEN 'sent'
            WHEN r < 0.85 THEN 'delivered'
            WHEN r < 0.92 THEN 'failed'
            WHEN r < 0.95 THEN 'dead'
            WHEN r < 0.98 THEN 'suppressed'
            ELSE 'skipped' END,
       g % 3, NULL, '[]',
       chans.ids[1 + floor(r_channel * cardinality(chans.ids))::int],
       pubs.ids[1 + floor(r_pub * cardinality(pubs.ids))::int],
       subs.first + (g % subs.n)::int
FROM rows, pubs, chans, subs
"""),
)


@dataclass(frozen=True)
class SeedSize:
    topics: int = 5
    subscribers: int = 1_000
    publications: int = 200
    deliveries: int = 10_000


async def seed(url: str, size: SeedSize) -> dict[str, int]:
    connection = await asyncpg.connect(**connection_credentials(url))
    try:
        await connection.execute("SELECT setseed(0.42)")
        arguments: dict[str, tuple[Any, ...]] = {
            "topic": (size.topics,), "channel": (list(CHANNEL_TYPES),),
            "subscriber": (size.subscribers,), "publication": (size.publications,),
            "delivery": (size.deliveries,),
        }
        for table, sql in SEED_SQL:
            await connection.execute(sql, *arguments.get(table, ()))
        await connection.execute("VACUUM ANALYZE")
        tables = [table for table, _ in SEED_SQL]
        return {table: await connection.fetchval(f'SELECT count(*) FROM "{table}"')
                for table in tables}
    finally:
        await connection.close()


# --- the server: create_app plus the hand-written endpoints -------------------------------


def _global_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def _bearer_actor(request: Request) -> Actor | None:
    """The same check as the GraphQL context: a valid HS256 token, or None (answer 401)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    try:
        return verify_token(request.app.state.bench_token_keys, token.strip())
    except InvalidToken:
        return None


RAW_PAGE_SQL = """
SELECT id, title, status, priority, publish_at, created_at FROM publication
ORDER BY created_at DESC, id DESC LIMIT $1
"""
RAW_TOPICS_SQL = """
SELECT l.publication_id, t.id, t.slug, t.name
FROM publication_topic AS l JOIN topic AS t ON t.id = l.topic_id
WHERE l.publication_id = ANY($1::int[]) ORDER BY t.id
"""
RAW_CHANNELS_SQL = """
SELECT l.publication_id, c.id, c.name, c.type, c.status
FROM publication_channel AS l JOIN channel AS c ON c.id = l.channel_id
WHERE l.publication_id = ANY($1::int[]) ORDER BY c.id
"""
RAW_COUNTS_SQL = """
SELECT publication_id, status, count(*) AS n FROM delivery
WHERE publication_id = ANY($1::int[]) GROUP BY publication_id, status
"""
RAW_SMALL_SQL = "SELECT id, slug, name FROM topic ORDER BY id LIMIT $1"
COUNTED_STATUSES = ("pending", "sent", "delivered", "failed", "dead")


async def raw_page(request: Request) -> JSONResponse:
    """What a developer would write without GraphQL: four statements on the same pool, the
    three per-page reads concurrently (as the DataLoaders run), a dict built by hand."""
    if _bearer_actor(request) is None:
        return JSONResponse({"error": "a valid bearer token is required"}, status_code=401)
    first = min(max(int(request.query_params.get("first", PAGE_SIZE)), 1), 100)
    db = Tortoise.get_connection("default")
    rows = await db.execute_query_dict(RAW_PAGE_SQL, [first + 1])
    page = rows[:first]
    ids = [row["id"] for row in page]
    topic_rows, channel_rows, count_rows = await asyncio.gather(
        db.execute_query_dict(RAW_TOPICS_SQL, [ids]),
        db.execute_query_dict(RAW_CHANNELS_SQL, [ids]),
        db.execute_query_dict(RAW_COUNTS_SQL, [ids]),
    )
    topics: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
    for row in topic_rows:
        topics[row["publication_id"]].append(
            {"id": _global_id("Topic", row["id"]), "slug": row["slug"], "name": row["name"]})
    channels: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
    for row in channel_rows:
        channels[row["publication_id"]].append(
            {"id": _global_id("Channel", row["id"]), "name": row["name"],
             "type": row["type"].upper(), "status": row["status"].upper()})
    counts: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for row in count_rows:
        counts[row["publication_id"]][row["status"]] = row["n"]
    edges = []
    for row in page:
        by_status = counts[row["id"]]
        delivery_counts = {status: by_status.get(status, 0) for status in COUNTED_STATUSES}
        delivery_counts["total"] = sum(by_status.values())
        publish_at = row["publish_at"]
        edges.append({
            "cursor": encode_cursor((row["created_at"].isoformat(), row["id"])),
            "node": {
                "id": _global_id("Publication", row["id"]), "title": row["title"],
                "status": row["status"].upper(), "priority": row["priority"].upper(),
                "publishAt": publish_at.isoformat() if publish_at else None,
                "topics": topics[row["id"]], "channels": channels[row["id"]],
                "deliveryCounts": delivery_counts,
            },
        })
    page_info = {"hasNextPage": len(rows) > first,
                 "endCursor": edges[-1]["cursor"] if edges else None}
    return JSONResponse({"data": {"publications": {"edges": edges, "pageInfo": page_info}}})


async def raw_small(request: Request) -> JSONResponse:
    if _bearer_actor(request) is None:
        return JSONResponse({"error": "a valid bearer token is required"}, status_code=401)
    rows = await Tortoise.get_connection("default").execute_query_dict(
        RAW_SMALL_SQL, [SMALL_SIZE + 1])
    edges = [{"node": {"id": _global_id("Topic", row["id"]), "slug": row["slug"],
                       "name": row["name"]}} for row in rows[:SMALL_SIZE]]
    return JSONResponse({"data": {"topics": {"edges": edges}}})


# --- bench-only server instrumentation: where the server's time goes -----------------------
#
# A sampling profiler rather than cProfile: cProfile's per-call overhead is several times the
# cost of the tiny functions a GraphQL executor calls thousands of times per request, so it
# inflates exactly the part under study. A helper thread reads the event-loop thread's stack
# every millisecond (sys._current_frames) and charges the wall time since the previous sample
# to the stack it sees; over thousands of samples that converges on where the time goes.

IDLE = "idle, or in C (uvloop, httptools, asyncpg protocol)"
STEP_RULES: tuple[tuple[str, str, str | None], ...] = (
    # (path fragment, function name or "", label); label None means "ask the caller"
    ("/bench/graphql_api.py", "_on_gc", "garbage collection (CPython gc)"),
    ("/json/", "", "JSON encoding (stdlib json)"),
    ("/jwt/", "", "token check (PyJWT)"),
    ("/tortoise/", "", "database layer (Tortoise, pypika, asyncpg)"),
    ("/pypika", "", "database layer (Tortoise, pypika, asyncpg)"),
    ("/asyncpg/", "", "database layer (Tortoise, pypika, asyncpg)"),
    ("/graphql/language/visitor.py", "", None),  # used by validation: ask the caller
    ("/graphql/language/", "", "GraphQL parse"),
    ("/graphql/validation/", "", "GraphQL validation"),
    ("/strawberry/extensions/query_depth_limiter.py", "", "GraphQL validation"),
    ("/strawberry/extensions/max_aliases.py", "", "GraphQL validation"),
    ("/strawberry/schema/schema.py", "validate_document", "GraphQL validation"),
    ("/strawberry/http/", "", "Strawberry HTTP view (request, context, response)"),
    ("/strawberry/asgi/", "", "Strawberry HTTP view (request, context, response)"),
    (f"{REPO_ROOT}/app/", "", "Strawberry HTTP view (request, context, response)"),
    ("/graphql/", "", "GraphQL execution (graphql-core, Strawberry)"),
    ("/strawberry/", "", "GraphQL execution (graphql-core, Strawberry)"),
    (f"{REPO_ROOT}/schema/", "", "app code (schema, resolvers, domain)"),
    (f"{REPO_ROOT}/resolvers/", "", "app code (schema, resolvers, domain)"),
    (f"{REPO_ROOT}/domain/", "", "app code (schema, resolvers, domain)"),
    (f"{REPO_ROOT}/bench/", "", "hand-written handler"),
    ("/asyncio/", "", "asyncio (tasks, futures, gather)"),
    ("/starlette/", "", "HTTP server (uvicorn, Starlette)"),
    ("/uvicorn/", "", "HTTP server (uvicorn, Starlette)"),
)


def step_of(code: CodeType) -> str | None:
    for fragment, function, label in STEP_RULES:
        if fragment in code.co_filename and (not function or code.co_name == function):
            return label
    return None


class StackSampler:
    """Time-weighted samples of one thread's stack, plus the time spent collecting garbage."""

    def __init__(self, interval: float = 0.001) -> None:
        self.interval = interval
        self.target = threading.get_ident()  # created on the event-loop thread
        self.steps: dict[str, float] = {}
        self.leaves: dict[str, float] = {}
        self.samples = 0
        self.gc_seconds = [0.0, 0.0, 0.0]  # by generation
        self.gc_collections = [0, 0, 0]
        self._gc_started = 0.0
        self._labels: dict[CodeType, tuple[str | None, str]] = {}
        self._thread = threading.Thread()
        self._window = (0.0, 0.0)  # time.time() at start and end, comparable across processes
        self._cpu = 0.0

    def start(self, seconds: float) -> None:
        self._thread = threading.Thread(target=self._run, args=(seconds,), name="bench-sampler",
                                        daemon=True)
        self._thread.start()

    @property
    def done(self) -> bool:
        return not self._thread.is_alive()

    def result(self) -> dict[str, Any]:
        started, ended = self._window
        return {"started": started, "ended": ended, "cpu": self._cpu, "samples": self.samples,
                "steps": self.steps, "leaves": self.leaves, "gc_seconds": self.gc_seconds,
                "gc_collections": self.gc_collections}

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self.gc_seconds[info["generation"]] += time.perf_counter() - self._gc_started
            self.gc_collections[info["generation"]] += 1

    def _label(self, code: CodeType) -> tuple[str | None, str]:
        label = self._labels.get(code)
        if label is None:
            where = f"{short_path(code.co_filename)}:{code.co_firstlineno}({code.co_name})"
            label = self._labels[code] = (step_of(code), where)
        return label

    def _run(self, seconds: float) -> None:
        # A shorter switch interval lets this thread take the GIL sooner while the loop runs.
        switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(self.interval / 2)
        gc.callbacks.append(self._on_gc)
        cpu_started, started = time.process_time(), time.time()
        last = time.perf_counter()
        deadline = last + seconds
        try:
            while True:
                time.sleep(self.interval)
                now = time.perf_counter()
                if now >= deadline:
                    break
                self._sample(now - last)
                last = now
        finally:
            gc.callbacks.remove(self._on_gc)
            sys.setswitchinterval(switch_interval)
            self._window = (started, time.time())
            self._cpu = time.process_time() - cpu_started

    def _sample(self, weight: float) -> None:
        frame = sys._current_frames().get(self.target)
        if frame is None:
            return
        self.samples += 1
        leaf = self._label(frame.f_code)[1]
        if frame.f_code.co_filename.endswith(("asyncio/runners.py", "selectors.py")) or (
                frame.f_code.co_name in {"run_forever", "_run_once"}):
            step = IDLE
        else:
            step = "other"
            walker: FrameType | None = frame
            while walker is not None:
                found = self._label(walker.f_code)[0]
                if found is not None:
                    step = found
                    break
                walker = walker.f_back
        self.steps[step] = self.steps.get(step, 0.0) + weight
        self.leaves[leaf] = self.leaves.get(leaf, 0.0) + weight


STDLIB = str(Path(os.__file__).parent)


def short_path(filename: str) -> str:
    for marker in ("site-packages/", f"{REPO_ROOT}/", f"{STDLIB}/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


class Profiling:
    """One sampler at a time, started by the load generator for a fixed number of seconds
    (so that no control request has to cross the busy server at the end of the window)."""

    def __init__(self) -> None:
        self.sampler: StackSampler | None = None

    async def start(self, request: Request) -> JSONResponse:
        if self.sampler is not None and not self.sampler.done:
            return JSONResponse({"error": "already sampling"}, status_code=409)
        self.sampler = StackSampler()
        self.sampler.start(float(request.query_params.get("seconds", "4")))
        return JSONResponse({"sampling": True})

    async def result(self, request: Request) -> JSONResponse:
        if self.sampler is None:
            return JSONResponse({"error": "not sampling"}, status_code=409)
        if not self.sampler.done:
            return JSONResponse({"error": "still sampling"}, status_code=425)
        return JSONResponse(self.sampler.result())


async def cache_stats(request: Request) -> JSONResponse:
    """Hits and misses of Strawberry's shared parse and validation LRU caches."""
    from schema.extensions import CACHE_SIZE

    result: dict[str, Any] = {}
    try:
        from strawberry.extensions.parser_cache import _get_parse_cache
        from strawberry.extensions.validation_cache import _get_validate_cache
    except ImportError:  # private helpers of strawberry 0.341; absent elsewhere
        return JSONResponse({"error": "cache internals not available"})
    for name, getter in (("parse", _get_parse_cache), ("validate", _get_validate_cache)):
        info = getter(CACHE_SIZE).cache_info()
        result[name] = {"hits": info.hits, "misses": info.misses, "size": info.currsize,
                        "maxsize": info.maxsize}
    return JSONResponse(result)


WHAT_IFS = {
    "gc": "gc.freeze() after startup and gc.set_threshold(20_000, 20, 20) in the server",
    "validation-cache": "the depth and alias limit rules built once, so ValidationCache can hit",
}


def apply_what_ifs(app: Any, names: Sequence[str]) -> None:
    """Experiments in the bench's server process only, never in the source: what a change
    would buy, measured by the same run. Off by default."""
    if "validation-cache" in names:
        # DepthLimit/AliasLimit are constructed per operation and each construction makes a
        # new ValidationRule class, so the (schema, document, rules) cache key never repeats.
        import functools

        from strawberry.extensions import max_aliases, query_depth_limiter

        query_depth_limiter.create_validator = functools.cache(  # type: ignore[assignment]
            query_depth_limiter.create_validator)
        max_aliases.create_validator = functools.cache(  # type: ignore[assignment]
            max_aliases.create_validator)
    if "gc" in names:
        gc.set_threshold(20_000, 20, 20)
        startup = app.router.lifespan_context

        @contextlib.asynccontextmanager
        async def frozen(app: Any) -> Any:
            async with startup(app):
                gc.collect()
                gc.freeze()  # schema, models and modules leave the collector's scans
                yield

        app.router.lifespan_context = frozen


def serve(args: argparse.Namespace) -> None:
    import uvicorn
    from starlette.routing import Route

    from app.http import create_app
    from app.settings import Settings

    settings = Settings(database_url=args.database_url, redis_url=args.redis_url,
                        secret_key=os.environ[SECRET_ENV], log_level="WARNING",
                        environment="test")
    app = create_app(settings)
    # Resolved once, as GraphQLApp does, so both sides verify a token at the same cost.
    app.state.bench_token_keys = settings.token_keys()
    apply_what_ifs(app, args.what_if or [])
    profiling = Profiling()
    app.router.routes[0:0] = [
        Route("/raw/page", raw_page),
        Route("/raw/small", raw_small),
        Route("/bench/cache", cache_stats),
        Route("/bench/profile/start", profiling.start, methods=["POST"]),
        Route("/bench/profile/result", profiling.result),
    ]
    log(f"server: one uvicorn process, database pool {settings.db_pool_min}-"
        f"{settings.db_pool_max} connections, what-ifs: {', '.join(args.what_if or []) or 'none'}")
    # A long keep-alive: between two figures a pooled connection can sit idle for as long as
    # the slowest request of the previous figure, and uvicorn's default 5 s would race the
    # client's reuse of it (a spurious ReadError, not a server failure).
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False,
                lifespan="on", timeout_keep_alive=KEEP_ALIVE_SECONDS)


# --- CPU accounting ----------------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu(pid: int) -> float | None:
    """User + system CPU seconds of a process (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_busy() -> float | None:
    """CPU seconds spent busy on all cores since boot (Linux /proc/stat), or None."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / CLOCK_TICKS


@dataclass(frozen=True)
class CpuSnapshot:
    at: float
    server: float | None
    client: float
    machine: float | None

    @classmethod
    def take(cls, server_pid: int) -> CpuSnapshot:
        return cls(time.perf_counter(), process_cpu(server_pid), time.process_time(),
                   machine_busy())


# --- the load generator -----------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    figure: str  # "page" or "small"
    kind: str  # "graphql" or "raw"
    method: str
    path: str
    body: bytes | None = None


@dataclass
class Measurement:
    endpoint: Endpoint
    seconds: float
    latencies: list[float]
    completions: list[float]
    failures: int
    failure_samples: list[str]
    server_cpu: float | None
    client_cpu: float
    machine_cpu: float | None

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

    @property
    def server_ms_per_request(self) -> float | None:
        if self.server_cpu is None or not self.latencies:
            return None
        return self.server_cpu * 1000 / len(self.latencies)


def endpoints() -> dict[tuple[str, str], Endpoint]:
    def graphql_body(query: str, variables: dict[str, Any]) -> bytes:
        return json.dumps({"query": query, "variables": variables}).encode()

    found = [
        Endpoint("page", "graphql", "POST", "/graphql",
                 graphql_body(PAGE_QUERY, {"first": PAGE_SIZE})),
        Endpoint("page", "raw", "GET", f"/raw/page?first={PAGE_SIZE}"),
        Endpoint("small", "graphql", "POST", "/graphql", graphql_body(SMALL_QUERY, {})),
        Endpoint("small", "raw", "GET", "/raw/small"),
    ]
    return {(endpoint.figure, endpoint.kind): endpoint for endpoint in found}


def check(response: httpx.Response) -> str | None:
    """Why a response does not count as a success, or None."""
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    if b'"errors"' in response.content:
        return f"GraphQL errors: {response.text[:300]}"
    return None


async def send(client: httpx.AsyncClient, endpoint: Endpoint) -> httpx.Response:
    return await client.request(endpoint.method, endpoint.path, content=endpoint.body)


@dataclass
class Collector:
    window_start: float
    window_end: float
    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    failure_samples: list[str] = field(default_factory=list)
    completions: list[float] = field(default_factory=list)  # time.time(), to match the server

    def fail(self, reason: str) -> None:
        self.failures += 1
        if len(self.failure_samples) < 3:
            self.failure_samples.append(reason)


async def client_loop(client: httpx.AsyncClient, endpoint: Endpoint, collector: Collector
                      ) -> None:
    while (started := time.perf_counter()) < collector.window_end:
        try:
            response = await send(client, endpoint)
        except httpx.HTTPError as error:
            collector.fail(f"{type(error).__name__}: {error}")
            continue
        finished = time.perf_counter()
        problem = check(response)
        if problem is not None:
            collector.fail(problem)
            continue
        collector.completions.append(time.time())
        if collector.window_start <= finished <= collector.window_end:
            # Counted by completion time: a request in flight across the window edge counts
            # where it ends, so the count over the window is the steady-state throughput.
            collector.latencies.append(finished - started)


async def load(client: httpx.AsyncClient, endpoint: Endpoint, clients: int, warmup: float,
               duration: float, server_pid: int) -> Measurement:
    now = time.perf_counter()
    collector = Collector(now + warmup, now + warmup + duration)

    async def snapshots() -> tuple[CpuSnapshot, CpuSnapshot]:
        await asyncio.sleep(max(0.0, collector.window_start - time.perf_counter()))
        first = CpuSnapshot.take(server_pid)
        await asyncio.sleep(max(0.0, collector.window_end - time.perf_counter()))
        return first, CpuSnapshot.take(server_pid)

    watcher = asyncio.create_task(snapshots())
    await asyncio.gather(*(client_loop(client, endpoint, collector) for _ in range(clients)))
    before, after = await watcher
    seconds = after.at - before.at

    def delta(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else b - a

    return Measurement(endpoint, seconds, collector.latencies, collector.completions,
                       collector.failures,
                       collector.failure_samples, delta(before.server, after.server),
                       after.client - before.client, delta(before.machine, after.machine))


# --- report ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    throughput: float
    p50_ms: float
    p95_ms: float
    server_ms: float | None
    client_share: float  # of one core
    machine_share: float | None  # of all cores
    requests: int
    failures: int


def summarize(measurements: Sequence[Measurement]) -> Summary:
    """Medians over rounds (the rounds are few; a median discards one disturbed round)."""
    def median_or_none(values: list[float | None]) -> float | None:
        present = [value for value in values if value is not None]
        return statistics.median(present) if present else None

    cores = os.cpu_count() or 1
    return Summary(
        throughput=statistics.median(m.throughput for m in measurements),
        p50_ms=statistics.median(m.percentile(0.50) * 1000 for m in measurements),
        p95_ms=statistics.median(m.percentile(0.95) * 1000 for m in measurements),
        server_ms=median_or_none([m.server_ms_per_request for m in measurements]),
        client_share=statistics.median(m.client_cpu / m.seconds for m in measurements),
        machine_share=median_or_none([
            None if m.machine_cpu is None else m.machine_cpu / m.seconds / cores
            for m in measurements]),
        requests=sum(len(m.latencies) for m in measurements),
        failures=sum(m.failures for m in measurements),
    )


def describe(kind: str, summary: Summary) -> str:
    cpu = f", server CPU {summary.server_ms:.1f} ms/req" if summary.server_ms else ""
    return (f"{kind} {summary.throughput:.0f} req/s p50 {summary.p50_ms:.0f} ms "
            f"p95 {summary.p95_ms:.0f} ms{cpu}")


def figure_line(figure: str, graphql: Summary, raw: Summary, target: float | None) -> str:
    ratio = graphql.throughput / raw.throughput if raw.throughput else float("nan")
    line = f"{figure}: {describe('graphql', graphql)} | {describe('raw', raw)} | ratio {ratio:.2f}"
    if target is not None:
        verdict = "" if ratio >= target else " BELOW TARGET"
        line += f" (target >= {target}){verdict}"
    if graphql.server_ms and raw.server_ms:
        line += (f"; server-bound ratio {raw.server_ms / graphql.server_ms:.2f} "
                 "(raw / graphql server CPU per request)")
    return line


def bound(summary: Summary) -> str:
    """What most likely held this figure back (one server process can use one core)."""
    if summary.server_ms is not None and summary.server_ms * summary.throughput >= 850:
        return "server-bound"
    if summary.client_share >= 0.8:
        return "client-bound: the server CPU ratio is the fairer comparison"
    if summary.machine_share is not None and summary.machine_share >= 0.9:
        return "machine-bound: client, server and PostgreSQL share the cores"
    return "latency-bound"


def load_line(figure: str, graphql: Summary, raw: Summary) -> str:
    """How busy each party was: a server near 100% of a core is the bottleneck; one well
    below it, on a machine near 100%, is held back by the client and PostgreSQL."""
    def shares(summary: Summary) -> str:
        server_share = (summary.server_ms or 0.0) * summary.throughput / 1000
        server = f"server {server_share:.0%} of a core, " if summary.server_ms else ""
        machine = f", machine {summary.machine_share:.0%} busy" if summary.machine_share else ""
        return f"{server}client {summary.client_share:.0%} of a core{machine} ({bound(summary)})"

    return (f"  {figure} load: graphql {shares(graphql)}; raw {shares(raw)}; "
            f"{graphql.requests + raw.requests} timed requests, "
            f"{graphql.failures + raw.failures} failures")


# --- driving a run -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(database_url: str, redis_url: str, secret: str, port: int,
                 what_ifs: Sequence[str]) -> subprocess.Popen[bytes]:
    environment = {**os.environ, SECRET_ENV: secret, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, str(Path(__file__).resolve()), "--serve", "--port", str(port),
               "--database-url", database_url, "--redis-url", redis_url]
    for name in what_ifs:
        command += ["--what-if", name]
    return subprocess.Popen(command, cwd=REPO_ROOT, env=environment)


async def wait_until_healthy(client: httpx.AsyncClient, server: subprocess.Popen[bytes],
                             timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with status {server.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            response = await client.get("/health")
            if response.status_code in (200, 503):  # 503: Redis down, still serves queries
                return
        await asyncio.sleep(0.2)
    raise RuntimeError("the server did not answer /health in time")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


async def same_json(client: httpx.AsyncClient, graphql: Endpoint, raw: Endpoint
                    ) -> tuple[bool, str]:
    answers = []
    for endpoint in (graphql, raw):
        response = await send(client, endpoint)
        problem = check(response)
        if problem is not None:
            return False, f"{endpoint.kind} {endpoint.figure}: {problem}"
        answers.append(response.json())
    if answers[0] == answers[1]:
        return True, (f"{graphql.figure}: raw JSON equals GraphQL JSON ({len(response.content):,} "
                      f"bytes, {count_fields(answers[0]['data']):,} fields resolved)")
    return False, (f"{graphql.figure}: JSON DIFFERS\n  graphql {json.dumps(answers[0])[:600]}\n"
                   f"  raw     {json.dumps(answers[1])[:600]}")


def count_fields(value: Any) -> int:
    """Fields in a GraphQL result: one per key, each resolved by the executor."""
    if isinstance(value, dict):
        return len(value) + sum(count_fields(item) for item in value.values())
    if isinstance(value, list):
        return sum(count_fields(item) for item in value)
    return 0


def round_order(round_number: int) -> list[tuple[str, str]]:
    """ABBA: the pair order flips every round so slow drift does not favour one side."""
    order = [("page", "graphql"), ("page", "raw"), ("small", "graphql"), ("small", "raw")]
    if round_number % 2:
        order = [order[1], order[0], order[3], order[2]]
    return order


async def sample_server(client: httpx.AsyncClient, control: httpx.AsyncClient,
                        endpoint: Endpoint, args: argparse.Namespace, server_pid: int
                        ) -> tuple[dict[str, Any], int]:
    """Load `endpoint` as in the measurements and sample the server's stack for
    --profile-seconds in the middle; the sample and the requests completed meanwhile."""
    warmup = 1.5
    loading = asyncio.create_task(load(client, endpoint, args.clients, warmup,
                                       args.profile_seconds + 1.0, server_pid))
    await asyncio.sleep(warmup)
    (await control.post("/bench/profile/start",
                        params={"seconds": args.profile_seconds})).raise_for_status()
    measurement = await loading
    while (response := await control.get("/bench/profile/result")).status_code == 425:
        await asyncio.sleep(0.1)
    response.raise_for_status()
    result = response.json()
    completed = sum(result["started"] <= t <= result["ended"] for t in measurement.completions)
    if measurement.failures:
        raise RuntimeError(f"{measurement.failures} requests failed while sampling")
    return result, max(1, completed)


async def profile_pages(client: httpx.AsyncClient, chosen: dict[tuple[str, str], Endpoint],
                        args: argparse.Namespace, server_pid: int, base_url: str
                        ) -> list[str]:
    results: dict[str, tuple[dict[str, Any], int]] = {}
    async with httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(60.0)) as control:
        for kind in ("graphql", "raw"):
            results[kind] = await sample_server(client, control, chosen[("page", kind)], args,
                                                server_pid)
    graphql, graphql_n = results["graphql"]
    raw, raw_n = results["raw"]

    lines = [f"where the page time goes in the server (stack sampled every ms for "
             f"{args.profile_seconds:g} s under the same load; wall ms per request, "
             f"{graphql_n} graphql and {raw_n} raw requests):",
             f"  {'':<50} {'graphql':>8} {'raw':>8}"]
    steps = sorted(set(graphql["steps"]) | set(raw["steps"]),
                   key=lambda step: (step == IDLE, -graphql["steps"].get(step, 0.0)))
    busy = {"graphql": 0.0, "raw": 0.0}
    for step in steps:
        g = graphql["steps"].get(step, 0.0) * 1000 / graphql_n
        r = raw["steps"].get(step, 0.0) * 1000 / raw_n
        if step != IDLE:
            busy["graphql"] += g
            busy["raw"] += r
        if step == IDLE:
            lines.append(f"  {'sum of the above (Python code running)':<50} "
                         f"{busy['graphql']:8.2f} {busy['raw']:8.2f}")
        if g >= 0.05 or r >= 0.05:
            lines.append(f"  {step:<50} {g:8.2f} {r:8.2f}")
    lines.append(f"  {'server process CPU (all threads, /proc)':<50} "
                 f"{graphql['cpu'] * 1000 / graphql_n:8.2f} {raw['cpu'] * 1000 / raw_n:8.2f}")
    for label, (result, count) in results.items():
        seconds, collections = result["gc_seconds"], result["gc_collections"]
        by_generation = ", ".join(
            f"gen{generation} {collections[generation]}x {seconds[generation] * 1000:.0f} ms"
            for generation in range(3))
        lines.append(f"  {label} garbage collection: {sum(seconds) * 1000 / count:.2f} ms per "
                     f"request ({by_generation} in {result['ended'] - result['started']:.1f} s)")
    lines.append("  graphql, functions on top of the stack most often (ms per request):")
    leaves = sorted(graphql["leaves"].items(), key=lambda item: -item[1])
    shown = [(name, seconds) for name, seconds in leaves
             if not name.startswith(("asyncio/runners.py", "selectors.py"))][:10]
    for name, seconds in shown:
        lines.append(f"    {seconds * 1000 / graphql_n:6.2f}  {name}")
    return lines


async def benchmark(base_url: str, args: argparse.Namespace, token: str,
                    server: subprocess.Popen[bytes]) -> int:
    limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients,
                          keepalive_expiry=KEEP_ALIVE_SECONDS / 2)
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    failed = False
    async with httpx.AsyncClient(base_url=base_url, limits=limits, headers=headers,
                                 timeout=httpx.Timeout(30.0)) as client:
        await wait_until_healthy(client, server)
        chosen = endpoints()
        for figure in ("page", "small"):
            same, message = await same_json(client, chosen[(figure, "graphql")],
                                            chosen[(figure, "raw")])
            print(message, flush=True)
            failed = failed or not same
        if failed:
            return 1
        results: dict[tuple[str, str], list[Measurement]] = {key: [] for key in chosen}
        for round_number in range(args.rounds):
            for key in round_order(round_number):
                measurement = await load(client, chosen[key], args.clients, args.warmup,
                                         args.duration, server.pid)
                results[key].append(measurement)
                log(f"  round {round_number + 1} {key[0]:<5} {key[1]:<7} "
                    f"{measurement.throughput:6.0f} req/s, "
                    f"p50 {measurement.percentile(0.5) * 1000:5.0f} ms, "
                    f"{measurement.failures} failures")
                for sample in measurement.failure_samples:
                    log(f"    failure: {sample}")
        summaries = {key: summarize(values) for key, values in results.items()}
        page_ratio = (summaries[("page", "graphql")].throughput
                      / summaries[("page", "raw")].throughput)
        for figure, target in (("page", TARGET_RATIO), ("small", None)):
            graphql, raw = summaries[(figure, "graphql")], summaries[(figure, "raw")]
            print(figure_line(figure, graphql, raw, target), flush=True)
            print(load_line(figure, graphql, raw), flush=True)
        cache = (await client.get("/bench/cache")).json()
        print(f"strawberry caches after the run: {json.dumps(cache)}", flush=True)
        total_failures = sum(s.failures for s in summaries.values())
        if total_failures:
            print(f"FAILURES: {total_failures} requests failed", flush=True)
            failed = True
        if args.profile == "always" or (args.profile == "auto" and page_ratio < TARGET_RATIO):
            for line in await profile_pages(client, chosen, args, server.pid, base_url):
                print(line, flush=True)
    return 1 if failed else 0


async def run(args: argparse.Namespace) -> int:
    server_url, embedded = await find_server()
    scratch = with_database(server_url, f"publishing_bench_{secrets.token_hex(4)}")
    server: subprocess.Popen[bytes] | None = None
    try:
        await ensure_database(scratch)
        log(f"migrating {redact(scratch)}")
        await upgrade(scratch)
        seed_started = time.perf_counter()
        counts = await seed(scratch, SeedSize(deliveries=args.deliveries))
        rows = ", ".join(f"{table} {count:,}" for table, count in counts.items())
        cores = os.cpu_count()
        print(f"database: PostgreSQL at {redact(server_url)}; rows: {rows} "
              f"(seeded in {time.perf_counter() - seed_started:.1f} s)", flush=True)
        print(f"load: {args.clients} concurrent clients (httpx, keep-alive), "
              f"{args.warmup:g} s warm-up + {args.duration:g} s per figure, {args.rounds} "
              f"rounds in alternating order, medians; one uvicorn process; {cores} cores "
              "shared by client, server and PostgreSQL, so absolute figures are "
              "machine-bound and the ratios are what to compare", flush=True)
        for name in args.what_if or []:
            print(f"WHAT-IF (not the shipped configuration): {WHAT_IFS[name]}", flush=True)
        secret = secrets.token_urlsafe(32)
        token = issue_token(secret, "bench-viewer", Role.VIEWER, dt.timedelta(hours=1))
        port = free_port()
        redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
        server = start_server(scratch, redis_url, secret, port, args.what_if or [])
        return await benchmark(f"http://127.0.0.1:{port}", args, token, server)
    finally:
        if server is not None:
            stop_server(server)
        await drop_database(scratch)
        if embedded is not None:
            embedded.stop()


def seconds(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {value}")
    return value


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--clients", type=positive, default=50)
    parser.add_argument("--duration", type=seconds, default=8.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before measuring")
    parser.add_argument("--rounds", type=positive, default=2)
    parser.add_argument("--deliveries", type=positive, default=10_000)
    parser.add_argument("--profile", choices=("auto", "always", "never"), default="auto",
                        help="profile both page endpoints (auto: when below target)")
    parser.add_argument("--profile-seconds", type=seconds, default=4.0)
    # Internal: run the server (this file re-executes itself in a subprocess).
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--redis-url", help=argparse.SUPPRESS)
    parser.add_argument("--what-if", action="append", choices=sorted(WHAT_IFS),
                        help="experiment applied in the server process only: "
                        + "; ".join(f"{name}: {text}" for name, text in WHAT_IFS.items()))
    return parser.parse_args(argv)


def main() -> None:
    args = parse_args()
    if args.serve:
        serve(args)
        return
    run_timed(run(args))


if __name__ == "__main__":
    main()
