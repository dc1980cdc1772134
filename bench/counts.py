"""Delivery counts per status: the trigger-kept counter table against the GROUP BY it
replaced, and what the triggers cost writers, in one run on one database.

Why: the sweep's metrics tick (every 2 s), every tracking flush, `deliveryStats` and each
`/metrics` scrape ask for the number of deliveries per status. A GROUP BY over the whole
ledger grows with it forever; migration 8 keeps signed per-status change rows in
`delivery_status_count`, written by statement-level triggers with transition tables, so
the read touches a few dozen rows. The triggers are paid by every write to `delivery`:
this script measures both sides.

How: a scratch database ``publishing_bench_<random>`` is migrated and seeded with
bench/queries.py's set-based SQL (100k subscribers, 1M deliveries by default), then

* **read**: the old ``SELECT status, count(*) FROM delivery GROUP BY status`` and the new
  ``status_counts()`` query, alternately, ``--reads`` times each after a warm-up (medians,
  same answer checked first). Before timing, single-row updates leave the change table
  as full as it gets between two folds, so the new side is not measured at its best;
* **writes**, each run inside a transaction that is rolled back (the table stays the same
  size), with the triggers on and, in the same run, disabled (``ALTER TABLE … DISABLE
  TRIGGER``, also rolled back), alternating, ``--reps`` times each (medians):
  a bulk INSERT … SELECT of ``--rows`` deliveries (an audience fan-out), a bulk UPDATE of
  ``--rows`` deliveries that changes every row's status (the worst case for the UPDATE
  trigger), and ``--statements`` single-row UPDATEs sent as one executemany (the shape of
  the ledger's outcome writes today, one trigger call per row);
* **concurrency**: 4 connections doing single-row status updates on disjoint rows at
  the same time (each in a transaction rolled back at the end), triggers on vs off:
  writers never wait on a counter row (they only INSERT change rows), so the ratio
  should stay near the single-writer one.

Usage, from the repository root::

    python bench/counts.py [--deliveries 1000000] [--rows 100000] [--quick]

``--quick``: 200k deliveries, 20k-row bulk writes. Exit status 1 when the counter table
and the GROUP BY disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Awaitable, Callable, Sequence  # noqa: E402

import asyncpg  # noqa: E402

from app.db import connection_credentials  # noqa: E402
from bench.queries import run_on_scratch, seed  # noqa: E402
from bench.support import log, positive, run_timed  # noqa: E402

OLD_READ = "SELECT status, count(*) AS total FROM delivery GROUP BY status"
NEW_READ = ("SELECT status, sum(delta)::bigint AS total FROM delivery_status_count "
            "GROUP BY status")
TRIGGERS = ("delivery_status_count_insert", "delivery_status_count_update",
            "delivery_status_count_delete")
WRITERS = 4

BULK_INSERT = """
INSERT INTO delivery (created_at, updated_at, idempotency_key, recipient, status, attempts,
                      next_attempt_at, error_history, channel_id, publication_id,
                      subscriber_id, lane)
SELECT now(), now(), 'bench-new:' || g, 'new' || g || '@bench.example',
       CASE WHEN g % 50 = 0 THEN 'suppressed' ELSE 'pending' END, 0, now(), '[]',
       (SELECT min(id) FROM channel), (SELECT max(id) FROM publication),
       (SELECT min(id) FROM subscriber) + g % 1000, 'bulk'
FROM generate_series(1, $1::int) AS g
"""

# every row of an id range changes status (sent <-> delivered, the rest to sent)
BULK_UPDATE = """
UPDATE delivery SET status = CASE status WHEN 'sent' THEN 'delivered' ELSE 'sent' END,
                    updated_at = now()
WHERE id >= $1 AND id < $1 + $2
"""

ONE_ROW = "UPDATE delivery SET status = $2, updated_at = now() WHERE id = $1"


async def _counts(connection: asyncpg.Connection, sql: str) -> dict[str, int]:
    return {row["status"]: int(row["total"]) for row in await connection.fetch(sql)
            if row["total"]}


async def _timed(action: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await action()
    return (time.perf_counter() - started) * 1000


def _ms(value: float) -> str:
    return f"{value:.3f} ms" if value < 1 else f"{value:.1f} ms"


async def read_figure(connection: asyncpg.Connection, reads: int) -> tuple[str, bool]:
    old = await connection.prepare(OLD_READ)
    new = await connection.prepare(NEW_READ)
    same = await _counts(connection, OLD_READ) == await _counts(connection, NEW_READ)
    change_rows = await connection.fetchval("SELECT count(*) FROM delivery_status_count")
    old_ms, new_ms = [], []
    for run in range(reads + 2):
        old_sample = await _timed(old.fetch)
        new_sample = await _timed(new.fetch)
        if run >= 2:  # warm-up
            old_ms.append(old_sample)
            new_ms.append(new_sample)
    old_median, new_median = statistics.median(old_ms), statistics.median(new_ms)
    return (f"read: GROUP BY over every delivery median {_ms(old_median)}, counter table "
            f"({change_rows} change rows) median {_ms(new_median)}, "
            f"{old_median / new_median:.0f}x faster; same answer: {same}"), same


async def write_figure(connection: asyncpg.Connection, name: str, reps: int,
                       action: Callable[[], Awaitable[object]]) -> str:
    """`action` timed in rolled-back transactions, triggers on and off alternately."""
    timings: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(reps):
        for triggers_on in (True, False):
            transaction = connection.transaction()
            await transaction.start()
            try:
                if not triggers_on:
                    for trigger in TRIGGERS:
                        await connection.execute(
                            f"ALTER TABLE delivery DISABLE TRIGGER {trigger}")
                timings[triggers_on].append(await _timed(action))
            finally:
                await transaction.rollback()
    on, off = statistics.median(timings[True]), statistics.median(timings[False])
    return (f"{name}: with triggers median {_ms(on)}, without {_ms(off)}, "
            f"ratio {on / off:.2f}")


async def concurrency_figure(url: str, ids: Sequence[int], statements: int,
                             reps: int) -> str:
    """WRITERS connections, each its own rows, single-row updates at the same time."""
    connections = [await asyncpg.connect(**connection_credentials(url))
                   for _ in range(WRITERS)]
    try:
        timings: dict[bool, list[float]] = {True: [], False: []}
        for rep in range(reps):
            for triggers_on in (True, False):
                admin = connections[0]
                if not triggers_on:
                    for trigger in TRIGGERS:
                        await admin.execute(f"ALTER TABLE delivery DISABLE TRIGGER {trigger}")

                async def writer(index: int, connection: asyncpg.Connection,
                                 flip: int = rep) -> None:
                    own = ids[index::WRITERS][:statements]
                    transaction = connection.transaction()
                    await transaction.start()
                    try:
                        await connection.executemany(
                            ONE_ROW, [(delivery_id, ("sent", "delivered")[(n + flip) % 2])
                                      for n, delivery_id in enumerate(own)])
                    finally:
                        await transaction.rollback()

                started = time.perf_counter()
                await asyncio.gather(*(writer(index, connection)
                                       for index, connection in enumerate(connections)))
                timings[triggers_on].append((time.perf_counter() - started) * 1000)
                if not triggers_on:
                    for trigger in TRIGGERS:
                        await admin.execute(f"ALTER TABLE delivery ENABLE TRIGGER {trigger}")
        on, off = statistics.median(timings[True]), statistics.median(timings[False])
        return (f"{WRITERS} concurrent writers x {statements} single-row UPDATEs: "
                f"with triggers median {_ms(on)}, without {_ms(off)}, ratio {on / off:.2f}")
    finally:
        for connection in connections:
            await connection.close()


async def benchmark(url: str, args: argparse.Namespace, server: str) -> int:
    connection = await asyncpg.connect(**connection_credentials(url))
    try:
        log(f"seeding {args.subscribers:,} subscribers and {args.deliveries:,} deliveries")
        report = await seed(connection, args.subscribers, args.deliveries)
        await connection.execute("SET jit = off")
        version = await connection.fetchval("SHOW server_version")
        print(f"server: {server} (PostgreSQL {version}); deliveries {args.deliveries:,} "
              f"(seeded in {report.seconds:.1f} s, triggers on)", flush=True)
        first_id = await connection.fetchval("SELECT min(id) FROM delivery")
        ids = [row["id"] for row in await connection.fetch(
            "SELECT id FROM delivery ORDER BY id LIMIT $1", args.statements)]

        # the change table as full as it gets between two folds (63 single-row updates)
        for n, delivery_id in enumerate(ids[:63]):
            await connection.execute(ONE_ROW, delivery_id, ("sent", "failed")[n % 2])
        line, same = await read_figure(connection, args.reads)
        print(line, flush=True)

        print(await write_figure(
            connection, f"bulk INSERT of {args.rows:,} deliveries", args.reps,
            lambda: connection.execute(BULK_INSERT, args.rows)), flush=True)
        print(await write_figure(
            connection, f"bulk UPDATE of {args.rows:,} statuses", args.reps,
            lambda: connection.execute(BULK_UPDATE, first_id, args.rows)), flush=True)
        print(await write_figure(
            connection, f"{args.statements:,} single-row UPDATEs (one executemany)",
            args.reps,
            lambda: connection.executemany(ONE_ROW, [
                (delivery_id, ("sent", "delivered")[n % 2])
                for n, delivery_id in enumerate(ids)])), flush=True)
        print(await concurrency_figure(url, ids, args.statements // WRITERS, args.reps),
              flush=True)

        after = await _counts(connection, NEW_READ) == await _counts(connection, OLD_READ)
        print(f"counts still equal to the GROUP BY after the runs: {after}", flush=True)
        return 0 if same and after else 1
    finally:
        await connection.close()


async def run(args: argparse.Namespace) -> int:
    return await run_on_scratch(benchmark, args)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=positive, default=100_000)
    parser.add_argument("--deliveries", type=positive, default=1_000_000)
    parser.add_argument("--rows", type=positive, default=100_000,
                        help="rows per bulk INSERT / UPDATE")
    parser.add_argument("--statements", type=positive, default=2_000,
                        help="single-row UPDATEs per executemany")
    parser.add_argument("--reads", type=positive, default=15)
    parser.add_argument("--reps", type=positive, default=5)
    parser.add_argument("--quick", action="store_true",
                        help="200k deliveries, 20k-row bulk writes")
    args = parser.parse_args(argv)
    if args.quick:
        args.deliveries, args.rows, args.subscribers = 200_000, 20_000, 20_000
    return args


if __name__ == "__main__":
    run_timed(run(parse_args()))
