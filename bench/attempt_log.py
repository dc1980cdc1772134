"""What the attempt log adds to recording outcomes (the sending hot path's writes).

Why: every request a worker makes now leaves a `delivery_attempt` row, written by the
statement that records the outcome. This script measures that write against the write it
replaced, in the same run on the same rows (these machines are noisy: medians of
interleaved rounds, printed as ratios):

* before: the previous way to record a group of sends — `executemany` of one
  `UPDATE delivery … WHERE id = $1 AND lease_id = $3` per row, no log;
* after: `ledger.record(sent=…)` with each send's trace — one statement (a CTE UPDATE of
  the group, INSERT of its attempt rows);
* after, failures: the same for a group of retries (error, history and attempt rows);
* after, waits: a group of breaker deferrals (folded attempt-log rows, upserted).

Groups are the size the outcome writer commits together under load (`--group`, default
50). Rows are put back to `sending` under the same lease between rounds (not timed).

Usage, from the repository root::

    python bench/attempt_log.py [--rows 20000] [--group 50] [--rounds 5]

``DATABASE_URL`` names the PostgreSQL server (a scratch database is created, migrated
and dropped), otherwise 127.0.0.1:5432, otherwise an embedded server.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import datetime as dt  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Awaitable, Callable  # noqa: E402

from bench.scratch import scratch_database  # noqa: E402
from bench.support import log, positive  # noqa: E402

OLD_SENT = ("UPDATE delivery SET status = 'sent', sent_at = now(), updated_at = now(), "
            "provider_message_id = $2, next_attempt_at = NULL, last_error = NULL "
            "WHERE id = $1 AND status = 'sending' AND lease_id = $3")


async def seed(rows: int) -> tuple[list[int], uuid.UUID]:
    from tortoise import Tortoise

    from domain.channels.models import Channel, ChannelType
    from domain.publications.models import Publication, PublicationStatus

    connection = Tortoise.get_connection("default")
    lease = uuid.uuid4()
    await Channel.create(name="bench", type=ChannelType.WEBHOOK,
                         config={"url": "https://hooks.example.com/x"})
    await Publication.create(title="bench", summary="s", body="b",
                             status=PublicationStatus.PUBLISHING)
    await connection.execute_query(
        "INSERT INTO delivery (created_at, updated_at, idempotency_key, publication_id, "
        "channel_id, recipient, status, lane, attempts, error_history, lease_id) "
        "SELECT now(), now(), 'k' || g, (SELECT id FROM publication LIMIT 1), "
        "(SELECT id FROM channel LIMIT 1), 'r' || g || '@example.com', 'sending', 'bulk', 1, "
        "'[]'::jsonb, $2 FROM generate_series(1, $1) AS g", [rows, lease])
    ids = [row["id"] for row in await connection.execute_query_dict(
        "SELECT id FROM delivery ORDER BY id")]
    return ids, lease


async def reset(lease: uuid.UUID) -> None:
    from tortoise import Tortoise

    connection = Tortoise.get_connection("default")
    await connection.execute_query(
        "UPDATE delivery SET status = 'sending', lease_id = $1, attempts = 1, "
        "error_history = '[]'::jsonb", [lease])
    await connection.execute_script("TRUNCATE delivery_attempt")
    await connection.execute_script("VACUUM ANALYZE delivery")


async def timed(groups: list[list[int]], write: Callable[[list[int]], Awaitable[None]]
                ) -> float:
    started = time.perf_counter()
    for group in groups:
        await write(group)
    return time.perf_counter() - started


async def main(rows: int, group_size: int, rounds: int) -> None:
    from tortoise import Tortoise

    from domain.deliveries import ledger

    async with scratch_database():
        ids, lease = await seed(rows)
        connection = Tortoise.get_connection("default")
        groups = [ids[start:start + group_size] for start in range(0, len(ids), group_size)]
        at = dt.datetime.now(dt.UTC)

        def trace(error: str | None = None) -> ledger.Trace:
            return ledger.Trace(at=at, destination="https://hooks.example.com/…",
                                status_code=500 if error else 200, latency_ms=12.5,
                                error_class="http_5xx" if error else None, error=error)

        async def before(group: list[int]) -> None:
            await connection.execute_many(OLD_SENT, [[i, f"m{i}", lease] for i in group])

        async def after(group: list[int]) -> None:
            await ledger.record(lease, sent=[ledger.Sent(i, f"m{i}", 1, trace())
                                             for i in group])

        async def failures(group: list[int]) -> None:
            await ledger.record(lease, retries=[ledger.Retry(
                i, 1, dt.timedelta(seconds=5), "HTTP 500: oops", error_class="http_5xx",
                trace=trace("HTTP 500: oops")) for i in group])

        async def waits(group: list[int]) -> None:
            await ledger.record(lease, deferred=[ledger.Deferred(
                i, dt.timedelta(seconds=30), "circuit_open", 1) for i in group])

        kinds = {"before (executemany UPDATE, no log)": before,
                 "after: sends + attempt rows": after,
                 "after: retries + attempt rows": failures,
                 "after: breaker waits (folded rows)": waits}
        seconds: dict[str, list[float]] = {name: [] for name in kinds}
        for round_number in range(rounds):
            for name, write in kinds.items():
                await reset(lease)
                seconds[name].append(await timed(groups, write))
            log(f"round {round_number + 1}/{rounds} done")
        assert await connection.execute_query_dict(
            "SELECT 1 FROM delivery_attempt LIMIT 1"), "no attempt rows written"
        baseline = statistics.median(seconds["before (executemany UPDATE, no log)"])
        print(f"{rows:,} outcomes in groups of {group_size}, median of {rounds} rounds:")
        for name, values in seconds.items():
            median = statistics.median(values)
            print(f"{name}: {rows / median:,.0f} outcomes/s = {baseline / median:.2f}x "
                  "the previous write's rate", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=positive, default=20_000)
    parser.add_argument("--group", type=positive, default=50)
    parser.add_argument("--rounds", type=positive, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.rows, args.group, args.rounds))
