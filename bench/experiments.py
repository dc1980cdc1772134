"""An experiment's read-out from its tallies against aggregating the raw rows, same data.

Why: `experiment(id) { results }` must stay fast however large the experiment (issue 18:
1M exposures, 5 variants, p95 < 50 ms), so it reads `variant_tally` (a handful of rows
per variant, kept by a trigger on deliveries and by the engagement recorder) instead of
counting deliveries and events.

How: a scratch database is migrated and seeded the way production fills it: 1M
deliveries of one publication spread over 5 variants; each is marked sent by UPDATE
statements of 100 rows (a sender batch; the trigger tallies exposures and folds), and
human opens (~12% per variant, different per arm) and clicks are written through
`record_events` in 2,000-event batches (the tracking buffer's size). Then, alternately
on one process: the GraphQL query `experiment(id) { results { … } }` over the in-process
ASGI app (rollup side), and one SQL aggregation over `delivery` and `engagement_event`
plus the same analysis (raw side). Both answers are compared; p50/p95 are printed with
the ratio raw p95 / rollup p95, and the rollup p95 against the 50 ms target.

Usage, from the repository root::

    python bench/experiments.py [--exposures 1000000] [--reps 60] [--quick]

``--quick``: 100k exposures. ``DATABASE_URL`` names the server (its database name is
ignored), otherwise 127.0.0.1:5432, then an embedded server under ``var/bench``. The
scratch database is dropped at the end. Exit status 1 when the two sides disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from typing import Any  # noqa: E402

from bench.queries import redact  # noqa: E402
from bench.scratch import scratch_database  # noqa: E402
from bench.support import busy_share, log, positive, run_timed  # noqa: E402

VARIANTS = 5
OPEN_RATES = (0.12, 0.125, 0.118, 0.13, 0.121)
CLICK_SHARE = 0.2  # of the opened
SEND_BATCH = 100
EVENT_BATCH = 2000
TARGET_P95_MS = 50.0
SECRET = "bench-experiments-secret-key-0123456789"

QUERY = """
query($id: ID!) { experiment(id: $id) { results {
  decision winner sampleSizeReached sampleRatio { pValue mismatch }
  variants { name exposures conversions rate pValue chanceToBeBest expectedLoss }
} } }"""

RAW = """
SELECT d.variant_id, count(*) AS exposures,
       count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM engagement_event e WHERE e.delivery_id = d.id AND e.type = 'open'
           AND NOT e.is_machine)) AS opens
FROM delivery d
WHERE d.publication_id = $1 AND d.variant_id IS NOT NULL
  AND d.status IN ('sent', 'delivered')
GROUP BY d.variant_id
"""


async def seed(exposures: int) -> tuple[int, int, list[tuple[int, int]]]:
    """Publication, experiment and deliveries; returns (publication, experiment, the
    deliveries as (id, variant id))."""
    from tortoise import Tortoise

    connection = Tortoise.get_connection("default")
    await connection.execute_script(f"""
        INSERT INTO topic (slug, name, description, created_at, updated_at)
            VALUES ('bench', 'Bench', '', now(), now());
        INSERT INTO channel (name, type, status, config, created_at, updated_at)
            VALUES ('bench hook', 'webhook', 'active', '{{}}', now(), now());
        INSERT INTO publication (title, summary, body, priority, status, template_choices,
                                 template_variables, created_at, updated_at)
            VALUES ('Bench', '', '', 'normal', 'publishing', '{{}}', '{{}}', now(), now());
        INSERT INTO experiment (publication_id, name, metric, status, seed,
                                minimum_detectable_effect, coverage, mode, created_at,
                                updated_at)
            VALUES (1, 'bench', 'open_rate', 'running', 'bench', 0.05, 1, 'simultaneous',
                    now(), now());
        INSERT INTO variant (experiment_id, name, position, weight, is_winner)
            SELECT 1, 'v' || g, g, 1, false FROM generate_series(0, {VARIANTS - 1}) AS g;
        INSERT INTO subscriber (email, name, status, timezone, locale, attributes,
                                created_at, updated_at)
            SELECT 'reader' || g || '@example.com', '', 'active', 'UTC', 'en', '{{}}',
                   now(), now()
            FROM generate_series(1, {exposures}) AS g;
        INSERT INTO delivery (created_at, updated_at, idempotency_key, publication_id,
                              channel_id, subscriber_id, variant_id, recipient, status,
                              attempts, error_history, lane)
            SELECT now(), now(), 'p1:c1:s' || g, 1, 1, g, 1 + (g::bigint * 7919) % {VARIANTS},
                   'reader' || g || '@example.com', 'pending', 1, '[]', 'bulk'
            FROM generate_series(1, {exposures}) AS g;
    """)
    rows = await connection.execute_query_dict(
        "SELECT id, variant_id FROM delivery ORDER BY id")
    return 1, 1, [(row["id"], row["variant_id"]) for row in rows]


async def send_all(deliveries: Sequence[tuple[int, int]]) -> float:
    """Mark everything sent, SEND_BATCH rows per statement (the trigger tallies)."""
    from tortoise import Tortoise

    connection = Tortoise.get_connection("default")
    started = time.perf_counter()
    ids = [delivery_id for delivery_id, _ in deliveries]
    for start in range(0, len(ids), SEND_BATCH):
        await connection.execute_query(
            "UPDATE delivery SET status = 'sent', sent_at = now() WHERE id = ANY($1::bigint[])",
            [ids[start:start + SEND_BATCH]])
    return time.perf_counter() - started


async def engage(deliveries: Sequence[tuple[int, int]]) -> tuple[float, int]:
    """Human opens (and clicks among them) through record_events, in buffer-sized batches."""
    from domain.engagement.models import EventType
    from domain.engagement.recorder import EngagementInput, record_events

    rng = random.Random(18)
    variant_index = {variant_id: variant_id - 1 for variant_id in range(1, VARIANTS + 1)}
    now = dt.datetime.now(dt.UTC)
    events: list[EngagementInput] = []
    for delivery_id, variant_id in deliveries:
        if rng.random() < OPEN_RATES[variant_index[variant_id]]:
            moment = now - dt.timedelta(seconds=rng.randrange(1, 86_400))
            events.append(EngagementInput(EventType.OPEN, moment, delivery_id, 1, 1,
                                          delivery_id))
            if rng.random() < CLICK_SHARE:
                events.append(EngagementInput(EventType.CLICK, moment, delivery_id, 1, 1,
                                              delivery_id, url="https://example.com/"))
    started = time.perf_counter()
    for start in range(0, len(events), EVENT_BATCH):
        await record_events(events[start:start + EVENT_BATCH])
    return time.perf_counter() - started, len(events)


async def raw_read_out() -> list[tuple[str, int, int]]:
    """The same counts from the raw rows, and the same analysis."""
    from tortoise import Tortoise

    from domain.experiments.analysis import ArmCounts, Metric, analyze

    rows = await Tortoise.get_connection("default").execute_query_dict(RAW, [1])
    counts = {row["variant_id"]: (int(row["exposures"]), int(row["opens"])) for row in rows}
    arms = [ArmCounts(f"v{index}", *counts.get(index + 1, (0, 0)))
            for index in range(VARIANTS)]
    analyze(Metric.OPEN_RATE, arms, [1] * VARIANTS, relative_mde=0.05)
    return [(arm.name, arm.exposures, arm.conversions) for arm in arms]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def run(args: argparse.Namespace) -> int:
    import httpx
    from starlette.applications import Starlette
    from starlette.routing import Route
    from strawberry import relay

    from app.auth import issue_token
    from app.graphql import GraphQLApp
    from app.settings import Settings
    from domain.principals.models import Role

    background = busy_share()
    status = 0
    async with scratch_database() as (server_url, scratch):
        started = time.perf_counter()
        _, experiment_id, deliveries = await seed(args.exposures)
        log(f"seeded {len(deliveries):,} deliveries in {time.perf_counter() - started:.1f} s")
        send_seconds = await send_all(deliveries)
        engage_seconds, events = await engage(deliveries)
        from tortoise import Tortoise

        connection = Tortoise.get_connection("default")
        await connection.execute_script("VACUUM ANALYZE")
        tally_rows = (await connection.execute_query_dict(
            "SELECT count(*) AS n FROM variant_tally"))[0]["n"]
        print(f"database: PostgreSQL at {redact(server_url)}; {len(deliveries):,} "
              f"exposures over {VARIANTS} variants, {events:,} engagement events; "
              f"sends tallied by the trigger in {SEND_BATCH}-row statements "
              f"({send_seconds:.1f} s), events through record_events in "
              f"{EVENT_BATCH}-event batches ({engage_seconds:.1f} s); variant_tally "
              f"holds {tally_rows} rows; machine {background:.0%} busy with other "
              f"processes before the bench ({os.cpu_count()} cores)", flush=True)

        settings = Settings(secret_key=SECRET, database_url=scratch,
                            redis_url="redis://127.0.0.1:6379/0")
        app = Starlette(routes=[Route("/graphql", GraphQLApp(settings),
                                      methods=["GET", "POST"])])
        token = issue_token(SECRET, "bench", Role.VIEWER, dt.timedelta(hours=1))
        payload = {"query": QUERY,
                   "variables": {"id": str(relay.GlobalID("Experiment",
                                                          str(experiment_id)))}}
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://bench") as client:
            async def rollup_side() -> list[tuple[str, int, int]]:
                response = await client.post(
                    "/graphql", json=payload, headers={"Authorization": f"Bearer {token}"})
                body = response.json()
                if "errors" in body:
                    raise RuntimeError(body["errors"])
                return [(v["name"], v["exposures"], v["conversions"])
                        for v in body["data"]["experiment"]["results"]["variants"]]

            for _ in range(3):  # warm-up: caches, connections
                await rollup_side()
                await raw_read_out()
            rollup_answer, raw_answer = await rollup_side(), await raw_read_out()
            matched = rollup_answer == raw_answer
            rollup_ms: list[float] = []
            raw_ms: list[float] = []
            for rep in range(args.reps):
                sides = [(rollup_side, rollup_ms), (raw_read_out, raw_ms)]
                for side, into in sides if rep % 2 == 0 else reversed(sides):
                    started = time.perf_counter()
                    await side()
                    into.append((time.perf_counter() - started) * 1000)
        rollup_p95, raw_p95 = percentile(rollup_ms, 0.95), percentile(raw_ms, 0.95)
        print(f"experiment(id){{results}} from tallies (GraphQL, in-process): p50 "
              f"{statistics.median(rollup_ms):.1f} ms, p95 {rollup_p95:.1f} ms "
              f"(target < {TARGET_P95_MS:g} ms: "
              f"{'PASS' if rollup_p95 < TARGET_P95_MS else 'FAIL'})", flush=True)
        print(f"raw aggregation over delivery + engagement_event (+ the same analysis): "
              f"p50 {statistics.median(raw_ms):.1f} ms, p95 {raw_p95:.1f} ms", flush=True)
        print(f"ratio raw p95 / tallies p95: {raw_p95 / rollup_p95:.1f}x over "
              f"{args.reps} runs each; answers {'match' if matched else 'DIFFER'}: "
              f"{rollup_answer}", flush=True)
        if not matched:
            print(f"raw answer: {raw_answer}", flush=True)
            status = 1
    return status


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--exposures", type=positive, default=1_000_000)
    parser.add_argument("--reps", type=positive, default=60)
    parser.add_argument("--quick", action="store_true", help="100k exposures")
    args = parser.parse_args(argv)
    if args.quick:
        args.exposures = 100_000
    return args


def main(argv: Any = None) -> None:
    run_timed(run(parse_args(argv)))


if __name__ == "__main__":
    main()
