"""What keeping interest profiles current costs the engagement write path.

Why: every human open and click updates the reader's profile (topic affinity, channel
responsiveness, active hours) in the transaction that records it, so the tracking
buffer's batch write (domain/engagement/buffer.py) does more work per event.

How: a scratch database is migrated and seeded with one publication on `--topics` topics,
N subscribers and one sent delivery each. Batches of `--batch` events (half opens, half
clicks, each of another delivery) are recorded through `record_events`, alternating
between human events (profile updates) and the same kind of batch flagged as machine
events (the baseline: stored, claimed and rolled up the same way, no profile work).
Medians over `--rounds` are printed, and their ratio.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402

import asyncpg  # noqa: E402
from tortoise import Tortoise  # noqa: E402

from app import migrations  # noqa: E402
from app.db import close_db, connection_credentials, init_db  # noqa: E402
from bench.support import log, positive, run_timed, with_database  # noqa: E402
from domain.engagement.models import EventType  # noqa: E402
from domain.engagement.recorder import EngagementInput, record_events  # noqa: E402
from domain.publications.models import Publication  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


async def seed(subscribers: int, topics: int) -> tuple[int, int, list[tuple[int, int]]]:
    connection = Tortoise.get_connection("default")
    await connection.execute_query(
        "INSERT INTO topic (slug, name, description, created_at, updated_at) "
        "SELECT 't' || g, 'T' || g, '', now(), now() FROM generate_series(1, $1) g", [topics])
    [channel] = await connection.execute_query_dict(
        "INSERT INTO channel (name, type, config, status, status_reason, created_at, "
        "updated_at) VALUES ('mail', 'email', '{}'::jsonb, 'active', '', now(), now()) "
        "RETURNING id")
    publication = await Publication.create(title="p", summary="s", body="b")
    await connection.execute_query(
        "INSERT INTO publication_topic (publication_id, topic_id) SELECT $1, id FROM topic",
        [publication.id])
    await connection.execute_query(
        "INSERT INTO subscriber (email, name, attributes, timezone, locale, status, "
        "channel_order, created_at, updated_at) SELECT 'u' || g || '@example.com', '', "
        "'{}'::jsonb, 'Europe/Paris', 'en', 'active', '[]'::jsonb, now(), now() "
        "FROM generate_series(1, $1) g", [subscribers])
    rows = await connection.execute_query_dict(
        "INSERT INTO delivery (idempotency_key, publication_id, channel_id, subscriber_id, "
        "recipient, status, lane, attempts, error_history, created_at, updated_at, sent_at) "
        "SELECT 'k' || s.id, $1, $2, s.id, s.email, 'sent', 'bulk', 1, '[]'::jsonb, now(), "
        "now(), now() FROM subscriber s RETURNING id, subscriber_id",
        [publication.id, channel["id"]])
    return publication.id, channel["id"], [(r["id"], r["subscriber_id"]) for r in rows]


async def benchmark(args: argparse.Namespace) -> int:
    publication_id, channel_id, deliveries = await seed(
        args.batch * args.rounds * 2, args.topics)
    timings: dict[bool, list[float]] = {True: [], False: []}
    cursor = 0
    for _ in range(args.rounds):
        for human in (True, False):
            batch = deliveries[cursor:cursor + args.batch]
            cursor += args.batch
            events = [EngagementInput(
                EventType.CLICK if index % 2 else EventType.OPEN, dt.datetime.now(dt.UTC),
                delivery_id=delivery_id, publication_id=publication_id,
                channel_id=channel_id, subscriber_id=subscriber_id, is_machine=not human)
                for index, (delivery_id, subscriber_id) in enumerate(batch)]
            started = time.perf_counter()
            await record_events(events)
            timings[human].append(time.perf_counter() - started)
    human = statistics.median(timings[True]) * 1000
    machine = statistics.median(timings[False]) * 1000
    print(f"record_events, {args.batch:,} events on a {args.topics}-topic publication "
          f"(median of {args.rounds}): human {human:.0f} ms (with profile updates), "
          f"machine {machine:.0f} ms (baseline, no profile work); ratio {human / machine:.2f}"
          f"; {(human - machine) / args.batch * 1000:.0f} us of profile work per event",
          flush=True)
    return 0


async def run(args: argparse.Namespace) -> int:
    base = args.database_url
    name = f"publishing_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(**connection_credentials(base))
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = with_database(base, name)
    try:
        log(f"migrating {url}")
        await migrations.upgrade(url)
        await init_db(url)
        return await benchmark(args)
    finally:
        await close_db()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=positive, default=2000)
    parser.add_argument("--topics", type=positive, default=3)
    parser.add_argument("--rounds", type=positive, default=7)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    return parser.parse_args()


if __name__ == "__main__":
    run_timed(run(parse_args()))
