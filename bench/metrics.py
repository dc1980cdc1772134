"""The `metrics` read (rollups) against aggregating the raw events, same data, same run.

Why: dashboards read `metric_rollup`, kept current by `record_events` as events arrive, so a
30-day chart reads a few hundred rows instead of aggregating every event. This script puts a
number on what that buys at a realistic size (issue 8: 1M engagement events over 30 days for
100 publications; target: the rollup read at least 20x faster than raw aggregation, p95).

How: a scratch database ``publishing_bench_<random>`` is created, migrated and seeded:

* with set-based SQL: 100 publications sent at regular intervals over days 1-28 of the
  30-day window, one email channel, subscribers, and one ``delivery`` row per recipient
  (enough for the requested number of events);
* with the events themselves generated in Python (seeded RNG) per delivery -- delivery
  receipts, bounces, soft bounces, delays, Apple-MPP machine opens, human opens (repeat
  opens over the following hours), human and link-scanner clicks, complaints and
  unsubscribes -- sorted by time (events arrive roughly in order in production, which is
  what makes "first open" the earliest one) and written through ``record_events`` in
  batches (20k by default), exactly as production writes them: that also fills the
  rollups (minute/hour/day) and ``engagement_first``. The seeding time is printed.

Then, for each query, the rollup read (``domain.engagement.metrics.metrics``, including
building its report) and a raw aggregation over ``engagement_event`` (one SQL statement
computing the same counters per bucket, and the same report built from its rows) are run
alternately on the same connection, a few warm-up runs each, then ``--reps`` timed raw
runs, each next to 5 rollup runs (the rollup read is sub-millisecond: its p95 needs more
samples not to be one scheduler hiccup); p50 and p95 are printed with the ratio raw p95 /
rollup p95 (target >= 20):

* (a) one publication, 30 days, daily buckets;
* (b) all publications, 30 days, daily buckets;
* (c) one publication, the day it was sent, hourly buckets.

Before timing, the two answers are compared bucket by bucket (every event-derived counter:
sent/failed come from the delivery engine, not from events, and are 0 on both sides here).
The raw side counts a unique open/click in the bucket of the delivery's first one *within
the queried range*; the rollups attribute it to the first one ever. Both agree for these
three ranges because each contains every event of the deliveries it covers (the 30-day
window holds all the data; the sending day holds the first events of its publication), and
the raw definition is the cheaper of the two, so the baseline is not made slow on purpose.

Usage, from the repository root::

    python bench/metrics.py [--events 1000000] [--reps 50] [--batch 20000] [--quick]

``--quick``: 100k events, 20 timed runs. ``DATABASE_URL`` names the PostgreSQL server (its
database name is ignored), otherwise 127.0.0.1:5432 is tried, then an embedded server under
``var/bench``. The scratch database is dropped at the end. Exit status: 0 when every figure
matched between the two sides, 1 otherwise (missing the target is printed as FAIL, it does
not change the exit status).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import secrets  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import Any  # noqa: E402

from bench.queries import find_server, redact  # noqa: E402
from bench.support import busy_share, log, positive, run_timed, with_database  # noqa: E402

TARGET_RATIO = 20.0
PUBLICATIONS = 100
SUBSCRIBERS = 20_000
DAYS = 30
#: events per delivery the generator below produces on average (sizes the delivery table)
EVENTS_PER_DELIVERY = 2.3
WARMUP_RUNS = 3
MIN_REPS = 20
ROLLUP_RUNS = 5

# --- seeding: the rows events point to -------------------------------------------------------

SEED_CHANNEL = """
INSERT INTO channel (created_at, updated_at, name, type, config, status)
VALUES (now(), now(), 'bench-email', 'email', '{}', 'active') RETURNING id
"""

SEED_SUBSCRIBERS = """
INSERT INTO subscriber (created_at, updated_at, email, name, attributes, timezone, locale,
                        status)
SELECT now(), now(), 'reader' || g || '@bench.example', '', '{}', 'UTC', 'en', 'active'
FROM generate_series(1, $1::int) AS g
"""

# Publication g is sent at start + 1 h + (g - 1) * spacing, spacing spreading the sends over
# days 1-28 of the window; every publication goes to the same email channel.
SEED_PUBLICATIONS = """
INSERT INTO publication (created_at, updated_at, title, summary, body, priority, status,
                         publish_at, published_at)
SELECT at, at, 'Bench publication ' || g, 'Summary', 'Body', 'normal', 'published', at, at
FROM (SELECT g, $1::timestamptz + interval '1 hour' + (g - 1) * $2::interval AS at
      FROM generate_series(1, $3::int) AS g) AS p
"""

SEED_PUBLICATION_CHANNEL = """
INSERT INTO publication_channel (publication_id, channel_id)
SELECT id, $1::int FROM publication
"""

SEED_DELIVERIES = """
WITH subs AS (SELECT min(id) AS first, count(*) AS n FROM subscriber)
INSERT INTO delivery (created_at, updated_at, idempotency_key, recipient, status, attempts,
                      error_history, channel_id, publication_id, subscriber_id, sent_at, lane)
SELECT p.published_at, p.published_at, 'bench:' || p.id || ':' || k,
       'reader' || k || '@bench.example', 'sent', 1, '[]', $1::int, p.id,
       subs.first + ((p.id * 7919 + k) % subs.n)::int, p.published_at, 'bulk'
FROM publication AS p CROSS JOIN generate_series(1, $2::int) AS k CROSS JOIN subs
"""


@dataclass(frozen=True)
class Seeded:
    channel_id: int
    publications: list[tuple[int, dt.datetime]]  # (id, sent at), in send order
    deliveries: int


async def seed_rows(connection: Any, events: int, start: dt.datetime) -> Seeded:
    per_publication = math.ceil(events / PUBLICATIONS / EVENTS_PER_DELIVERY * 1.1)
    spacing = dt.timedelta(days=DAYS - 3) / PUBLICATIONS
    await connection.execute("SET synchronous_commit = off")
    channel_id = await connection.fetchval(SEED_CHANNEL)
    await connection.execute(SEED_SUBSCRIBERS, SUBSCRIBERS)
    await connection.execute(SEED_PUBLICATIONS, start, spacing, PUBLICATIONS)
    await connection.execute(SEED_PUBLICATION_CHANNEL, channel_id)
    await connection.execute(SEED_DELIVERIES, channel_id, per_publication)
    await connection.execute("ANALYZE")
    rows = await connection.fetch("SELECT id, published_at FROM publication ORDER BY id")
    return Seeded(channel_id, [(row["id"], row["published_at"]) for row in rows],
                  per_publication * PUBLICATIONS)


# --- seeding: the events ----------------------------------------------------------------------

# type codes of the compact tuples (kept small: a million of them sit in memory to be sorted)
DELIVERY, DELAY, OPEN, CLICK, BOUNCE, SOFT_BOUNCE, COMPLAINT, UNSUBSCRIBE = range(8)
HOUR = 3600.0


def delivery_events(rng: random.Random, sent: float) -> list[tuple[float, int, bool]]:
    """(epoch seconds, type code, is_machine) of one delivery's life after `sent`."""
    out: list[tuple[float, int, bool]] = []
    fate = rng.random()
    if fate < 0.02:
        return [(sent + rng.uniform(2, 60), BOUNCE, False)]
    if fate < 0.03:
        out.append((sent + rng.uniform(2, 60), SOFT_BOUNCE, False))
        sent += rng.uniform(600, 3600)
    elif fate < 0.04:
        out.append((sent + rng.uniform(60, 600), DELAY, False))
        sent += rng.uniform(600, 1800)
    out.append((sent + rng.uniform(1, 30), DELIVERY, False))
    if rng.random() < 0.35:  # Apple Mail Privacy Protection fetches the pixel on arrival
        for _ in range(1 + (rng.random() < 0.2)):
            out.append((sent + rng.uniform(2, 120), OPEN, True))
    if rng.random() < 0.05:  # a security gateway follows the links before delivery
        out.append((sent + rng.uniform(1, 20), CLICK, True))
    if rng.random() < 0.42:  # the reader opens it, often more than once
        first = sent + rng.expovariate(1 / (4 * HOUR)) + 30
        opens = [first]
        while rng.random() < 0.4:
            opens.append(opens[-1] + rng.expovariate(1 / (6 * HOUR)))
        out += [(moment, OPEN, False) for moment in opens]
        if rng.random() < 0.3:
            moment = first
            for _ in range(1 + (rng.random() < 0.3)):
                moment += rng.uniform(5, 300)
                out.append((moment, CLICK, False))
        if rng.random() < 0.01:
            out.append((first + rng.uniform(10, 600), UNSUBSCRIBE, False))
        if rng.random() < 0.002:
            out.append((first + rng.uniform(10, 600), COMPLAINT, False))
    return out


TYPE_NAMES = ("delivery", "delivery_delay", "open", "click", "bounce", "soft_bounce",
              "complaint", "unsubscribe")


async def storable_types(connection: Any) -> tuple[set[int], list[str]]:
    """Type codes the schema accepts, and the names it refuses: a CHECK constraint on
    engagement_event.type may predate some EventType values."""
    definitions = await connection.fetch(
        "SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint "
        "WHERE conrelid = 'engagement_event'::regclass AND contype = 'c' "
        "AND pg_get_constraintdef(oid) LIKE '%type%'")
    refused = [name for name in TYPE_NAMES
               if any(f"'{name}'" not in row["definition"] for row in definitions)]
    return {code for code, name in enumerate(TYPE_NAMES) if name not in refused}, refused


async def generate_events(connection: Any, count: int, end: dt.datetime, allowed: set[int]
                          ) -> list[tuple[float, int, int, int, int, bool]]:
    """`count` events (epoch, delivery id, publication id, subscriber id, type, machine),
    sorted by time, all before `end`, of the `allowed` type codes only."""
    rng = random.Random(42)
    limit = end.timestamp()
    rows = await connection.fetch(
        "SELECT id, publication_id, subscriber_id, extract(epoch FROM sent_at)::float8 AS sent "
        "FROM delivery ORDER BY publication_id, id")
    events: list[tuple[float, int, int, int, int, bool]] = []
    for row in rows:
        delivery_id, publication_id, subscriber_id = row["id"], row["publication_id"], row[
            "subscriber_id"]
        for moment, kind, machine in delivery_events(rng, row["sent"]):
            if moment < limit and kind in allowed:
                events.append((moment, delivery_id, publication_id, subscriber_id, kind,
                               machine))
    if len(events) < count:
        raise RuntimeError(f"the deliveries produced only {len(events):,} events; "
                           f"raise EVENTS_PER_DELIVERY headroom")
    # Spread the shortfall evenly: keep every k-th delivery's events whole would bias
    # nothing either, but a uniform random sample of events keeps the mix intact.
    if len(events) > count:
        events = rng.sample(events, count)
    events.sort()
    return events


async def record_all(events: Sequence[tuple[float, int, int, int, int, bool]],
                     channel_id: int, batch: int) -> tuple[float, list[float]]:
    """Write `events` through record_events in batches; (seconds, per-batch seconds)."""
    from domain.engagement.models import EventType
    from domain.engagement.recorder import EngagementInput, record_events

    types = [EventType.DELIVERY, EventType.DELIVERY_DELAY, EventType.OPEN, EventType.CLICK,
             EventType.BOUNCE, EventType.SOFT_BOUNCE, EventType.COMPLAINT,
             EventType.UNSUBSCRIBE]
    utc = dt.UTC
    fromtimestamp = dt.datetime.fromtimestamp
    started = time.perf_counter()
    per_batch: list[float] = []
    for offset in range(0, len(events), batch):
        batch_started = time.perf_counter()
        inputs = [EngagementInput(types[kind], fromtimestamp(moment, utc),
                                  delivery_id=delivery_id, publication_id=publication_id,
                                  channel_id=channel_id, subscriber_id=subscriber_id,
                                  is_machine=machine)
                  for moment, delivery_id, publication_id, subscriber_id, kind, machine
                  in events[offset:offset + batch]]
        result = await record_events(inputs)
        if result.recorded != len(inputs):
            raise RuntimeError(f"record_events stored {result.recorded} of {len(inputs)}")
        per_batch.append(time.perf_counter() - batch_started)
        done = offset + len(inputs)
        if len(per_batch) % 10 == 0 or done == len(events):
            elapsed = time.perf_counter() - started
            log(f"  recorded {done:,} events in {elapsed:.1f} s ({done / elapsed:,.0f}/s)")
    return time.perf_counter() - started, per_batch


# --- the two ways to answer --------------------------------------------------------------------

EVENT_COUNTERS = ("delivered", "opens", "unique_opens", "machine_opens",
                  "unique_machine_opens", "clicks", "unique_clicks", "machine_clicks",
                  "bounces", "soft_bounces", "complaints", "unsubscribes")

# Same rows the rollups count (events attributable to a publication and a channel), same
# bucket edges (UTC); uniques: the bucket of each delivery's first open / machine open /
# human click within the range.
RAW_SQL = """
WITH ranged AS MATERIALIZED (
    SELECT delivery_id, type, is_machine, date_trunc($1, occurred_at, 'UTC') AS bucket
    FROM engagement_event
    WHERE occurred_at >= $2 AND occurred_at < $3
      AND publication_id IS NOT NULL AND channel_id IS NOT NULL {extra}
), counted AS (
    SELECT bucket,
           count(*) FILTER (WHERE type = 'delivery') AS delivered,
           count(*) FILTER (WHERE type = 'open' AND NOT is_machine) AS opens,
           count(*) FILTER (WHERE type = 'open' AND is_machine) AS machine_opens,
           count(*) FILTER (WHERE type = 'click' AND NOT is_machine) AS clicks,
           count(*) FILTER (WHERE type = 'click' AND is_machine) AS machine_clicks,
           count(*) FILTER (WHERE type = 'bounce') AS bounces,
           count(*) FILTER (WHERE type = 'soft_bounce') AS soft_bounces,
           count(*) FILTER (WHERE type = 'complaint') AS complaints,
           count(*) FILTER (WHERE type = 'unsubscribe') AS unsubscribes
    FROM ranged GROUP BY bucket
), firsts AS (
    SELECT min(bucket) AS bucket, type, is_machine
    FROM ranged
    WHERE delivery_id IS NOT NULL AND (type = 'open' OR (type = 'click' AND NOT is_machine))
    GROUP BY delivery_id, type, is_machine
), uniques AS (
    SELECT bucket,
           count(*) FILTER (WHERE type = 'open' AND NOT is_machine) AS unique_opens,
           count(*) FILTER (WHERE type = 'open' AND is_machine) AS unique_machine_opens,
           count(*) FILTER (WHERE type = 'click') AS unique_clicks
    FROM firsts GROUP BY bucket
)
SELECT counted.*, coalesce(unique_opens, 0) AS unique_opens,
       coalesce(unique_machine_opens, 0) AS unique_machine_opens,
       coalesce(unique_clicks, 0) AS unique_clicks
FROM counted LEFT JOIN uniques USING (bucket)
ORDER BY bucket
"""


async def raw_report(query: Any) -> Any:
    """The MetricsReport `metrics(query)` would return, computed from the raw events."""
    from tortoise import Tortoise

    from domain.engagement.metrics import MetricPoint, MetricsReport, rates_of
    from domain.engagement.models import COUNTERS

    values: list[Any] = [query.granularity.value, query.start, query.end]
    extra = ""
    if query.publication_id is not None:
        values.append(query.publication_id)
        extra = f"AND publication_id = ${len(values)}"
    rows = await Tortoise.get_connection("default").execute_query_dict(
        RAW_SQL.format(extra=extra), values)
    points = []
    totals = dict.fromkeys(COUNTERS, 0)
    for row in rows:
        counters = {name: int(row.get(name) or 0) for name in COUNTERS}
        for name in COUNTERS:
            totals[name] += counters[name]
        points.append(MetricPoint(row["bucket"], counters, rates_of(counters)))
    return MetricsReport(query, points, totals, rates_of(totals))


def differences(rollup: Any, raw: Any) -> list[str]:
    by_bucket = {point.bucket: point.counters for point in rollup.points}
    raw_by_bucket = {point.bucket: point.counters for point in raw.points}
    problems = []
    for bucket in sorted(set(by_bucket) | set(raw_by_bucket)):
        mine, theirs = by_bucket.get(bucket), raw_by_bucket.get(bucket)
        if mine is None or theirs is None:
            problems.append(f"{bucket:%Y-%m-%d %H:%M}: only in "
                            f"{'raw' if mine is None else 'rollup'}")
            continue
        for name in EVENT_COUNTERS:
            if mine[name] != theirs[name]:
                problems.append(f"{bucket:%Y-%m-%d %H:%M} {name}: rollup {mine[name]} "
                                f"raw {theirs[name]}")
    return problems


# --- timing ------------------------------------------------------------------------------------


@dataclass
class Timing:
    label: str
    rollup: list[float]
    raw: list[float]
    buckets: int
    rollup_rows: int
    raw_rows: int
    matched: bool
    problems: list[str]

    @property
    def ratio(self) -> float:
        return self.percentile(self.raw, 0.95) / self.percentile(self.rollup, 0.95)

    @staticmethod
    def percentile(values: list[float], fraction: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)]

    def line(self) -> str:
        rollup_p50 = statistics.median(self.rollup) * 1000
        raw_p50 = statistics.median(self.raw) * 1000
        rollup_p95 = self.percentile(self.rollup, 0.95) * 1000
        raw_p95 = self.percentile(self.raw, 0.95) * 1000
        verdict = "PASS" if self.ratio >= TARGET_RATIO else "FAIL"
        return (f"{self.label} [{self.buckets} buckets]: rollup p50 {rollup_p50:.2f} ms, "
                f"p95 {rollup_p95:.2f} ms (n={len(self.rollup)}, {self.rollup_rows:,} rollup "
                f"rows) | raw p50 {raw_p50:.1f} ms, p95 {raw_p95:.1f} ms (n={len(self.raw)}, "
                f"{self.raw_rows:,} events) | raw/rollup p95 = {self.ratio:.1f}x "
                f"(p50 {raw_p50 / rollup_p50:.1f}x), target >= {TARGET_RATIO:g}x: {verdict}; "
                f"figures {'match' if self.matched else 'MISMATCH'}")


async def scanned(query: Any) -> tuple[int, int]:
    """(rollup rows, raw events) the two sides aggregate for `query`."""
    from tortoise import Tortoise

    connection = Tortoise.get_connection("default")
    where, values = "", [query.start, query.end]
    if query.publication_id is not None:
        values.append(query.publication_id)
        where = "AND publication_id = $3"
    rollup = await connection.execute_query_dict(
        f"SELECT count(*) AS n FROM metric_rollup WHERE granularity = '{query.granularity.value}'"
        f" AND bucket >= $1 AND bucket < $2 {where}", values)
    raw = await connection.execute_query_dict(
        f"SELECT count(*) AS n FROM engagement_event WHERE occurred_at >= $1 "
        f"AND occurred_at < $2 {where}", values)
    return rollup[0]["n"], raw[0]["n"]


async def time_query(label: str, query: Any, reps: int, budget: float) -> Timing:
    from domain.engagement.metrics import metrics

    rollup_report, raw = await metrics(query), await raw_report(query)
    problems = differences(rollup_report, raw)
    for _ in range(WARMUP_RUNS):
        await metrics(query)
        await raw_report(query)
    rollup_times: list[float] = []
    raw_times: list[float] = []
    for index in range(reps):
        if index >= MIN_REPS and sum(raw_times) + sum(rollup_times) > budget:
            break  # a slow raw query: enough runs for a p95, keep the bench short
        # alternate which side goes first, so drift and caching favour neither; the rollup
        # read is sub-millisecond, so it runs ROLLUP_RUNS times per raw run: its p95 then
        # rests on enough samples not to be one scheduler hiccup
        sides = [(metrics, rollup_times, ROLLUP_RUNS), (raw_report, raw_times, 1)]
        for function, times, runs in sides if index % 2 == 0 else reversed(sides):
            for _ in range(runs):
                started = time.perf_counter()
                await function(query)
                times.append(time.perf_counter() - started)
    rollup_rows, raw_rows = await scanned(query)
    return Timing(label, rollup_times, raw_times, len(rollup_report.points), rollup_rows,
                  raw_rows, not problems, problems)


# --- main ----------------------------------------------------------------------------------------


async def run(args: argparse.Namespace) -> int:
    import asyncpg

    from app.db import close_db, connection_credentials, drop_database, ensure_database, init_db
    from app.migrations import upgrade
    from domain.engagement.metrics import MetricsFilter
    from domain.engagement.models import Granularity

    background = busy_share()
    server_url, embedded = await find_server()
    scratch = with_database(server_url, f"publishing_bench_{secrets.token_hex(4)}")
    end = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    start = end - dt.timedelta(days=DAYS)
    status = 0
    try:
        await ensure_database(scratch)
        log(f"migrating {redact(scratch)}")
        await upgrade(scratch)
        # JIT compiling would add its compile time to the raw side only (as bench/queries.py)
        name = connection_credentials(scratch)["database"]
        admin = await asyncpg.connect(**connection_credentials(scratch))
        try:
            await admin.execute(f'ALTER DATABASE "{name}" SET jit = off')
        finally:
            await admin.close()
        connection = await asyncpg.connect(**connection_credentials(scratch))
        try:
            started = time.perf_counter()
            seeded = await seed_rows(connection, args.events, start)
            rows_seconds = time.perf_counter() - started
            started = time.perf_counter()
            allowed, refused = await storable_types(connection)
            events = await generate_events(connection, args.events, end, allowed)
            generate_seconds = time.perf_counter() - started
        finally:
            await connection.close()
        log(f"seeded {seeded.deliveries:,} deliveries in {rows_seconds:.1f} s; generated "
            f"{len(events):,} events in {generate_seconds:.1f} s")
        seed_note = (f"rows seeded with SQL in {rows_seconds:.1f} s, events generated in "
                     f"{generate_seconds:.1f} s")
        await init_db(scratch)
        try:
            seconds, per_batch = await record_all(events, seeded.channel_id, args.batch)
            del events
            from tortoise import Tortoise

            connection_ = Tortoise.get_connection("default")
            await connection_.execute_script("VACUUM ANALYZE")
            counts = (await connection_.execute_query_dict(
                "SELECT (SELECT count(*) FROM engagement_event) AS events, "
                "(SELECT count(*) FROM metric_rollup) AS rollups, "
                "(SELECT count(*) FROM engagement_event WHERE occurred_at < $1 "
                " OR occurred_at >= $2) AS outside, "
                "(SELECT string_agg(type || ' ' || n, ', ' ORDER BY n DESC) FROM "
                " (SELECT type || CASE WHEN is_machine THEN ' (machine)' ELSE '' END AS type, "
                "  count(*) AS n FROM engagement_event GROUP BY 1) AS t) AS mix, "
                "(SELECT string_agg(granularity || ' ' || n, ', ') FROM "
                " (SELECT granularity, count(*) AS n FROM metric_rollup GROUP BY 1) AS g) "
                " AS per_granularity", [start, end]))[0]
            print(f"database: PostgreSQL at {redact(server_url)}; {PUBLICATIONS} publications, "
                  f"{seeded.deliveries:,} deliveries, {counts['events']:,} engagement events "
                  f"between {start:%Y-%m-%d} and {end:%Y-%m-%d} ({counts['outside']} outside), "
                  f"{counts['rollups']:,} rollup rows ({counts['per_granularity']}); "
                  f"{seed_note}",
                  flush=True)
            print(f"event mix: {counts['mix']}", flush=True)
            if refused:
                print(f"WARNING: the schema refuses event types {', '.join(refused)} (CHECK "
                      "constraint on engagement_event.type); none were generated",
                      flush=True)
            print(f"seeding through record_events ({args.batch:,}-event batches, the "
                  f"production write path, rollups included): {seconds:.1f} s = "
                  f"{counts['events'] / seconds:,.0f} events/s; per batch p50 "
                  f"{statistics.median(per_batch):.2f} s, max {max(per_batch):.2f} s",
                  flush=True)
            one_id, one_sent = seeded.publications[len(seeded.publications) // 2]
            sent_day = one_sent.replace(hour=0, minute=0, second=0, microsecond=0)
            queries = [
                (f"(a) publication {one_id}, 30 days, daily",
                 MetricsFilter(start, end, Granularity.DAY, publication_id=one_id)),
                ("(b) all publications, 30 days, daily",
                 MetricsFilter(start, end, Granularity.DAY)),
                (f"(c) publication {one_id}, its sending day {sent_day:%Y-%m-%d}, hourly",
                 MetricsFilter(sent_day, sent_day + dt.timedelta(days=1), Granularity.HOUR,
                               publication_id=one_id)),
            ]
            print(f"timing: {WARMUP_RUNS} warm-up + up to {args.reps} timed raw runs (at least "
                  f"{MIN_REPS}; stops after {args.budget:g} s of runs), each next to "
                  f"{ROLLUP_RUNS} rollup runs, alternating which side goes first, "
                  "one connection, jit off; rollup = metrics() incl. its report, raw = one "
                  "aggregation over engagement_event + the same report; machine "
                  f"{background:.0%} busy with other processes before the bench started "
                  f"({os.cpu_count()} cores)", flush=True)
            results = []
            for label, query in queries:
                log(f"timing {label}")
                results.append(await time_query(label, query, args.reps, args.budget))
                print(results[-1].line(), flush=True)
                for problem in results[-1].problems[:10]:
                    print(f"  mismatch: {problem}", flush=True)
            ratios = [result.ratio for result in results]
            passed = all(ratio >= TARGET_RATIO for ratio in ratios)
            matched = all(r.matched for r in results)
            print(f"RESULT: {'PASS' if passed and matched else 'FAIL'} -- lowest ratio "
                  f"{min(ratios):.1f}x against a target of {TARGET_RATIO:g}x; figures "
                  f"{'match' if matched else 'DO NOT MATCH'} between rollups and raw events",
                  flush=True)
            status = 0 if matched else 1
        finally:
            await close_db()
    finally:
        await drop_database(scratch)
        if embedded is not None:
            embedded.stop()
    return status


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=positive, default=None,
                        help="engagement events to seed (default 1,000,000; --quick 100,000)")
    parser.add_argument("--reps", type=positive, default=None,
                        help="timed runs per side and query (default 50; --quick 20)")
    parser.add_argument("--batch", type=positive, default=20_000,
                        help="events per record_events call while seeding")
    parser.add_argument("--budget", type=float, default=30.0,
                        help=f"seconds of timed runs per query before stopping early "
                        f"(never below {MIN_REPS} runs per side)")
    parser.add_argument("--quick", action="store_true", help="a small, fast run")
    args = parser.parse_args(argv)
    if args.events is None:
        args.events = 100_000 if args.quick else 1_000_000
    if args.reps is None:
        args.reps = 20 if args.quick else 50
    return args


def main() -> None:
    args = parse_args()
    run_timed(run(args))


if __name__ == "__main__":
    main()
