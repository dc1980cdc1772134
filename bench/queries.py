"""Time the hot queries at production size, with and without their indexes.

Why: the secondary indexes in ``migrations/models/1_*.py`` exist for a handful of queries the
service runs constantly -- due deliveries for the retry loop, delivery status counts for one
publication, subscribers for a topic x channel when a publication fans out. At the size of a
test database every plan is a sequential scan, so the tests cannot tell whether an index is
used at all, and an unused index only costs write throughput. This script seeds a scratch
database at a realistic size (100k subscribers with preferences, 1M deliveries) with
set-based SQL, then for each hot query:

* prints which index the planner picks (``EXPLAIN (FORMAT JSON)``, walked for ``Index Name``),
* times it with the indexes (median of N runs, bind parameters varied across runs), and
* times it again on the same connection and data with index access switched off for the
  session (``enable_indexscan``/``enable_bitmapscan``/``enable_indexonlyscan``), the
  full-scan baseline, and checks that both return the same rows.

The session runs with ``jit = off`` (JIT compile time would inflate only the baseline) and
``plan_cache_mode = force_custom_plan`` (so the plan that is timed is the plan EXPLAIN shows).
The scratch database ``publishing_bench_<random>`` is dropped at the end. The exit status is
non-zero when an indexed plan uses no index or the two plans disagree on the result.

Usage, from the repository root::

    python bench/queries.py [--subscribers 100000] [--deliveries 1000000]

``DATABASE_URL`` names the server to use (its database name is ignored); otherwise the local
server at 127.0.0.1:5432 is tried, then an embedded one is started under ``var/bench``.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence  # noqa: E402
from contextlib import asynccontextmanager  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import datetime  # noqa: E402
from typing import Any  # noqa: E402
from urllib.parse import urlsplit, urlunsplit  # noqa: E402

import asyncpg  # noqa: E402

from app.db import connection_credentials, drop_database, ensure_database  # noqa: E402
from app.migrations import upgrade  # noqa: E402
from bench.support import log, positive, with_database  # noqa: E402

DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
TOPICS = 5
CHANNEL_TYPES = ("email", "slack", "discord", "webhook")
PUBLICATIONS = 200
DUE_BATCH = 500
WARMUP_RUNS = 2

# Seeding: one INSERT ... SELECT per table. `random()` is seeded per session (setseed) so
# two runs build the same data. Volatile subqueries are MATERIALIZED so that random() is
# evaluated once per row and never re-evaluated on a rescan.

SEED_TOPICS = """
INSERT INTO topic (created_at, updated_at, slug, name, description)
SELECT now(), now(), 'bench-topic-' || g, 'Bench topic ' || g, ''
FROM generate_series(1, $1::int) AS g
"""

SEED_CHANNELS = """
INSERT INTO channel (created_at, updated_at, name, type, config, status)
SELECT now(), now(), 'bench-' || t, t, '{}', 'active'
FROM unnest($1::text[]) AS t
"""

SEED_SUBSCRIBERS = """
INSERT INTO subscriber
    (created_at, updated_at, email, name, attributes, timezone, locale, status)
SELECT now(), now(), 'subscriber' || g || '@bench.example', '', '{}', 'UTC', 'en',
       CASE WHEN r < 0.92 THEN 'active'
            WHEN r < 0.97 THEN 'unsubscribed'
            WHEN r < 0.995 THEN 'bounced'
            ELSE 'complained' END
FROM (SELECT g, random() AS r FROM generate_series(1, $1::int) AS g) AS s
"""

# Each subscriber picks 1-3 distinct (topic, channel) pairs: pair numbers base, base + 7 and
# base + 14 modulo the number of pairs (20) never collide, which keeps the unique
# (subscriber_id, topic_id, channel_id) constraint satisfied without a DISTINCT.
SEED_PREFERENCES = """
WITH topics AS (SELECT array_agg(id ORDER BY id) AS ids FROM topic),
     channels AS (SELECT array_agg(id ORDER BY id) AS ids FROM channel),
     wanted AS MATERIALIZED (
         SELECT id, floor(random() * $1::int)::int AS base, 1 + floor(random() * 3)::int AS n
         FROM subscriber),
     picks AS MATERIALIZED (
         SELECT w.id, (w.base + 7 * j) % $1::int AS pair, random() AS r
         FROM wanted AS w CROSS JOIN generate_series(0, 2) AS j
         WHERE j < w.n)
INSERT INTO subscriber_preference
    (created_at, updated_at, frequency, subscriber_id, topic_id, channel_id)
SELECT now(), now(),
       CASE WHEN p.r < 0.85 THEN 'immediate'
            WHEN p.r < 0.93 THEN 'daily'
            WHEN p.r < 0.98 THEN 'weekly'
            ELSE 'never' END,
       p.id,
       t.ids[1 + p.pair / cardinality(c.ids)],
       c.ids[1 + p.pair % cardinality(c.ids)]
FROM picks AS p, topics AS t, channels AS c
"""

SEED_PUBLICATIONS = """
INSERT INTO publication
    (created_at, updated_at, title, summary, body, priority, status, published_at)
SELECT at, at, 'Bench publication ' || g, '', '', 'normal', 'published', at
FROM (SELECT g, now() - make_interval(hours => $1::int - g) AS at
      FROM generate_series(1, $1::int) AS g) AS p
"""

# Deliveries are written in publication order (a fan-out inserts one publication's rows
# together); g * 7919 modulo the subscriber count spreads each publication's rows over
# distinct subscribers (7919 is prime) and the channel is random. Status
# mix: ~4% waiting (pending/queued, next attempt within +-1 day of now), ~88% sent or
# delivered, the rest failed, dead, suppressed, skipped or sending.
SEED_DELIVERIES = """
WITH pubs AS (SELECT array_agg(id ORDER BY id) AS ids FROM publication),
     chans AS (SELECT array_agg(id ORDER BY id) AS ids FROM channel),
     subs AS (SELECT min(id) AS first, count(*) AS n FROM subscriber),
     rows AS MATERIALIZED (
         SELECT g, random() AS r, random() AS r_channel, random() AS r_time
         FROM generate_series(1, $1::int) AS g),
     shaped AS (
         SELECT d.*,
                pubs.ids[1 + ((d.g - 1)::bigint * cardinality(pubs.ids) / $1::int)::int]
                    AS publication_id,
                chans.ids[1 + floor(d.r_channel * cardinality(chans.ids))::int] AS channel_id,
                subs.first + ((d.g::bigint * 7919) % subs.n)::int AS subscriber_id,
                CASE WHEN d.r < 0.02 THEN 'pending'
                     WHEN d.r < 0.04 THEN 'queued'
                     WHEN d.r < 0.045 THEN 'sending'
                     WHEN d.r < 0.50 THEN 'sent'
                     WHEN d.r < 0.925 THEN 'delivered'
                     WHEN d.r < 0.955 THEN 'failed'
                     WHEN d.r < 0.97 THEN 'dead'
                     WHEN d.r < 0.99 THEN 'suppressed'
                     ELSE 'skipped' END AS status
         FROM rows AS d, pubs, chans, subs)
INSERT INTO delivery
    (created_at, updated_at, idempotency_key, recipient, status, attempts, next_attempt_at,
     last_error, error_history, sent_at, delivered_at, channel_id, publication_id,
     subscriber_id)
SELECT now(), now(),
       publication_id || ':' || channel_id || ':' || subscriber_id || ':' || g,
       'subscriber' || (subscriber_id - (SELECT first FROM subs) + 1) || '@bench.example',
       status,
       CASE WHEN status = 'pending' THEN 0 ELSE g % 4 END,
       CASE WHEN status IN ('pending', 'queued')
            THEN now() + (r_time * 2 - 1) * interval '1 day' END,
       CASE WHEN status IN ('failed', 'dead') THEN 'bench: provider said no' END,
       '[]',
       CASE WHEN status IN ('sent', 'delivered') THEN now() END,
       CASE WHEN status = 'delivered' THEN now() END,
       channel_id, publication_id, subscriber_id
FROM shaped
"""

COUNTED_TABLES = (
    "topic",
    "channel",
    "subscriber",
    "subscriber_preference",
    "publication",
    "delivery",
)

DUE_DELIVERIES = f"""
SELECT id FROM delivery
WHERE status IN ('pending', 'queued') AND next_attempt_at <= $1
ORDER BY next_attempt_at
LIMIT {DUE_BATCH}
"""

# The same result as DUE_DELIVERIES, written so that each branch can walk the
# (status, next_attempt_at) index in order and stop after the batch.
DUE_DELIVERIES_UNION = f"""
(SELECT id, next_attempt_at FROM delivery
 WHERE status = 'pending' AND next_attempt_at <= $1
 ORDER BY next_attempt_at LIMIT {DUE_BATCH})
UNION ALL
(SELECT id, next_attempt_at FROM delivery
 WHERE status = 'queued' AND next_attempt_at <= $1
 ORDER BY next_attempt_at LIMIT {DUE_BATCH})
ORDER BY next_attempt_at
LIMIT {DUE_BATCH}
"""

STATUS_COUNTS = """
SELECT status, count(*) FROM delivery WHERE publication_id = $1 GROUP BY status
"""

AUDIENCE = """
SELECT p.subscriber_id
FROM subscriber_preference AS p
JOIN subscriber AS s ON s.id = p.subscriber_id
WHERE p.topic_id = $1 AND p.channel_id = $2 AND p.frequency = 'immediate'
  AND s.status = 'active'
"""

FULL_SCAN_SETTINGS = ("enable_indexscan", "enable_bitmapscan", "enable_indexonlyscan")


@dataclass(frozen=True)
class HotQuery:
    name: str
    sql: str
    arguments: Callable[[int], Sequence[Any]]  # run number -> bind parameters


@dataclass(frozen=True)
class PlanSummary:
    indexes: tuple[str, ...]
    full_scans: tuple[str, ...]
    shape: str


@dataclass(frozen=True)
class Timing:
    median_ms: float
    rows: int
    plan: PlanSummary
    reference_result: list[tuple[Any, ...]]


@dataclass(frozen=True)
class Figure:
    query: HotQuery
    indexed: Timing
    baseline: Timing

    @property
    def uses_index(self) -> bool:
        return bool(self.indexed.plan.indexes)

    @property
    def same_result(self) -> bool:
        return self.indexed.reference_result == self.baseline.reference_result


@dataclass(frozen=True)
class SeedReport:
    seconds: float
    steps: dict[str, float]
    counts: dict[str, int]


# --- server and scratch database -------------------------------------------------------


async def reachable(url: str) -> bool:
    credentials = connection_credentials(with_database(url, "postgres"))
    try:
        connection = await asyncpg.connect(timeout=5, **credentials)
    except (OSError, TimeoutError, asyncpg.PostgresError):
        return False
    await connection.close()
    return True


async def find_server() -> tuple[str, Any]:
    """A reachable server URL, and the embedded server to stop afterwards (or None)."""
    candidates = [url for url in (os.environ.get("DATABASE_URL"), DEFAULT_SERVER_URL) if url]
    for url in candidates:
        if await reachable(url):
            return url, None
        log(f"no PostgreSQL at {redact(url)}")
    from app.embedded import EmbeddedPostgres

    log("starting embedded PostgreSQL under var/bench")
    embedded = EmbeddedPostgres(REPO_ROOT / "var" / "bench")
    return embedded.start(), embedded


def redact(url: str) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username or ""
    return urlunsplit(
        (parts.scheme, f"{user}@{netloc}" if user else netloc, parts.path, parts.query, "")
    )


# --- seeding -------------------------------------------------------------------------------


async def seed(connection: asyncpg.Connection, subscribers: int, deliveries: int) -> SeedReport:
    await connection.execute("SET synchronous_commit = off")
    await connection.execute("SELECT setseed(0.42)")
    steps: list[tuple[str, str, tuple[Any, ...]]] = [
        ("topic", SEED_TOPICS, (TOPICS,)),
        ("channel", SEED_CHANNELS, (list(CHANNEL_TYPES),)),
        ("subscriber", SEED_SUBSCRIBERS, (subscribers,)),
        ("subscriber_preference", SEED_PREFERENCES, (TOPICS * len(CHANNEL_TYPES),)),
        ("publication", SEED_PUBLICATIONS, (PUBLICATIONS,)),
        ("delivery", SEED_DELIVERIES, (deliveries,)),
    ]
    started = time.perf_counter()
    durations: dict[str, float] = {}
    for table, sql, arguments in steps:
        step_started = time.perf_counter()
        await connection.execute(sql, *arguments)
        durations[table] = time.perf_counter() - step_started
        log(f"  seeded {table} in {durations[table]:.1f} s")
    step_started = time.perf_counter()
    # A table this size has been vacuumed by autovacuum in production; without it the
    # visibility map is empty and index-only scans would be judged unfairly.
    await connection.execute("VACUUM ANALYZE")
    durations["vacuum analyze"] = time.perf_counter() - step_started
    await connection.execute("RESET synchronous_commit")
    return SeedReport(time.perf_counter() - started, durations, await row_counts(connection))


async def row_counts(connection: asyncpg.Connection) -> dict[str, int]:
    return {
        table: await connection.fetchval(f'SELECT count(*) FROM "{table}"')
        for table in COUNTED_TABLES
    }


# --- the hot queries -----------------------------------------------------------------------


async def ids(connection: asyncpg.Connection, table: str) -> list[int]:
    return [row["id"] for row in await connection.fetch(f'SELECT id FROM "{table}" ORDER BY id')]


async def hot_queries(connection: asyncpg.Connection, now: datetime) -> list[HotQuery]:
    publications = await ids(connection, "publication")
    topics = await ids(connection, "topic")
    channels = await ids(connection, "channel")
    pairs = list(itertools.product(topics, channels))
    return [
        HotQuery("due_deliveries", DUE_DELIVERIES, lambda run: (now,)),
        HotQuery("due_deliveries_union", DUE_DELIVERIES_UNION, lambda run: (now,)),
        HotQuery(
            "status_counts_by_publication",
            STATUS_COUNTS,
            lambda run: (publications[(run * 37) % len(publications)],),
        ),
        HotQuery(
            "subscribers_for_topic_channel", AUDIENCE, lambda run: pairs[(run * 7) % len(pairs)]
        ),
    ]


# --- plans and timing ----------------------------------------------------------------------


def plan_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def summarize_plan(plan: dict[str, Any]) -> PlanSummary:
    nodes = list(plan_nodes(plan))
    indexes = tuple(dict.fromkeys(n["Index Name"] for n in nodes if "Index Name" in n))
    full_scans = tuple(
        dict.fromkeys(
            f"{n['Node Type']} on {n['Relation Name']}"
            for n in nodes
            if "Relation Name" in n and "Index Name" not in n
        )
    )
    return PlanSummary(indexes, full_scans, " > ".join(n["Node Type"] for n in nodes))


async def explain(connection: asyncpg.Connection, query: HotQuery) -> PlanSummary:
    document = await connection.fetchval(f"EXPLAIN (FORMAT JSON) {query.sql}", *query.arguments(0))
    return summarize_plan(json.loads(document)[0]["Plan"])


async def time_query(connection: asyncpg.Connection, query: HotQuery, runs: int) -> Timing:
    """Median wall time of `runs` executions after a warm-up, on a freshly prepared
    statement so that no plan cached under other planner settings is reused."""
    statement = await connection.prepare(query.sql)
    reference = [tuple(row) for row in await statement.fetch(*query.arguments(0))]
    for run in range(1, WARMUP_RUNS):
        await statement.fetch(*query.arguments(run))
    samples = []
    for run in range(runs):
        started = time.perf_counter()
        await statement.fetch(*query.arguments(run))
        samples.append((time.perf_counter() - started) * 1000)
    return Timing(
        statistics.median(samples),
        len(reference),
        await explain(connection, query),
        sorted(reference),
    )


@asynccontextmanager
async def index_access_disabled(connection: asyncpg.Connection) -> AsyncIterator[None]:
    for setting in FULL_SCAN_SETTINGS:
        await connection.execute(f"SET {setting} = off")
    try:
        yield
    finally:
        for setting in FULL_SCAN_SETTINGS:
            await connection.execute(f"RESET {setting}")


async def measure(
    connection: asyncpg.Connection, query: HotQuery, runs: int, baseline_runs: int
) -> Figure:
    indexed = await time_query(connection, query, runs)
    async with index_access_disabled(connection):
        baseline = await time_query(connection, query, baseline_runs)
    return Figure(query, indexed, baseline)


# --- report --------------------------------------------------------------------------------


def milliseconds(value: float) -> str:
    return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"


def format_figure(figure: Figure) -> str:
    indexed, baseline = figure.indexed, figure.baseline
    speedup = baseline.median_ms / indexed.median_ms
    ratio = f"{speedup:.0f}x" if speedup >= 10 else f"{speedup:.1f}x"
    if figure.uses_index:
        uses = f"plan uses {', '.join(indexed.plan.indexes)} ({indexed.plan.shape})"
    else:
        uses = f"plan uses NO INDEX ({indexed.plan.shape})"
    full = ", ".join(baseline.plan.full_scans) or baseline.plan.shape
    line = (
        f"{figure.query.name}: indexed median {milliseconds(indexed.median_ms)}, "
        f"full-scan median {milliseconds(baseline.median_ms)}, speed-up {ratio}, "
        f"{indexed.rows} rows, {uses}; baseline {full}"
    )
    if not figure.same_result:
        line += "; RESULTS DIFFER between the two plans"
    return line


def format_header(server: str, version: str, report: SeedReport, due: int) -> list[str]:
    counts = ", ".join(f"{table} {count:,}" for table, count in report.counts.items())
    steps = ", ".join(f"{step} {seconds:.1f}s" for step, seconds in report.steps.items())
    return [
        f"server: {server} ({version})",
        f"rows: {counts}; due now (pending/queued, next_attempt_at <= now) {due:,}",
        f"seed time: {report.seconds:.1f} s ({steps})",
    ]


# --- main ----------------------------------------------------------------------------------


async def benchmark(url: str, args: argparse.Namespace, server: str) -> int:
    connection = await asyncpg.connect(**connection_credentials(url))
    try:
        log(f"seeding {args.subscribers:,} subscribers and {args.deliveries:,} deliveries")
        report = await seed(connection, args.subscribers, args.deliveries)
        await connection.execute("SET jit = off")
        await connection.execute("SET plan_cache_mode = force_custom_plan")
        now = await connection.fetchval("SELECT now()")
        due = await connection.fetchval(
            "SELECT count(*) FROM delivery WHERE status IN ('pending', 'queued') "
            "AND next_attempt_at <= $1",
            now,
        )
        version = await connection.fetchval("SHOW server_version")
        for line in format_header(server, f"PostgreSQL {version}", report, due):
            print(line, flush=True)
        failed = False
        for query in await hot_queries(connection, now):
            figure = await measure(connection, query, args.runs, args.baseline_runs)
            print(format_figure(figure), flush=True)
            failed = failed or not figure.uses_index or not figure.same_result
        return 1 if failed else 0
    finally:
        await connection.close()


Benchmark = Callable[[str, argparse.Namespace, str], Awaitable[int]]


async def run_on_scratch(measure: Benchmark, args: argparse.Namespace) -> int:
    """Create and migrate a scratch database, run `measure(url, args, server)`, drop it."""
    server_url, embedded = await find_server()
    scratch = with_database(server_url, f"publishing_bench_{secrets.token_hex(4)}")
    try:
        await ensure_database(scratch)
        log(f"migrating {redact(scratch)}")
        await upgrade(scratch)
        return await measure(scratch, args, redact(server_url))
    finally:
        await drop_database(scratch)
        if embedded is not None:
            embedded.stop()


async def run(args: argparse.Namespace) -> int:
    return await run_on_scratch(benchmark, args)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=positive, default=100_000)
    parser.add_argument("--deliveries", type=positive, default=1_000_000)
    parser.add_argument("--runs", type=positive, default=15, help="timed runs, indexed")
    parser.add_argument(
        "--baseline-runs", type=positive, default=5, help="timed runs, full-scan baseline"
    )
    return parser.parse_args(argv)


def main() -> None:
    started = time.perf_counter()
    status = asyncio.run(run(parse_args()))
    log(f"total {time.perf_counter() - started:.1f} s")
    sys.exit(status)


if __name__ == "__main__":
    main()
