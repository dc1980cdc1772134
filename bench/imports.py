"""Bulk subscriber import through the real endpoint against PostgreSQL COPY of the same
bytes, and the importing process's peak memory at two file sizes.

Why: issue 20 asks for 100k+ row files that upsert subscribers and preferences in
batches without holding the file, at a useful fraction of what the database itself can
take in (target: import rows/s ≥ 0.3 x COPY rows/s) and with flat memory.

How: a scratch database is migrated and given 3 topics and 2 channels. CSV files of
subscribers (email, name, time zone, consent, attributes, 1-2 topics x 1-2 channels with
a frequency) are generated lazily, chunk by chunk, never held whole. Each file is POSTed
to /imports/subscribers on the in-process ASGI app (the same Starlette app `publishing
serve` runs; the body is streamed), then the same bytes are COPYed (FORMAT csv, HEADER)
into a scratch table of text columns. Rows/s of both and their ratio are printed; so is
a second baseline, the database's floor for the same writes (COPY into a staging table,
then one INSERT ... SELECT into subscriber and subscriber_preference, with their indexes
and foreign keys, no checks and no upsert). Peak
RSS (ru_maxrss of this process) is printed after a 50k-row import and after a 200k-row
import (of new subscribers) — flat means the file size does not drive memory.

Usage, from the repository root::

    python bench/imports.py [--rows 200000] [--small 50000]

``DATABASE_URL`` names the server (its database name is ignored), otherwise
127.0.0.1:5432, then an embedded server under ``var/bench``. The scratch database is
dropped at the end. Exit status 1 when an import does not complete cleanly.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import csv  # noqa: E402
import datetime as dt  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402
from collections.abc import AsyncIterator  # noqa: E402

from bench.scratch import scratch_database  # noqa: E402
from bench.support import busy_share, positive, run_timed  # noqa: E402

SECRET = "bench-imports-secret-key-0123456789-abcdef"
HEADER = ["email", "name", "timezone", "locale", "consent_given_at", "topics", "channels",
          "frequency", "attributes"]
TIMEZONES = ("UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo")
CHUNK = 64 * 1024


async def csv_chunks(rows: int, prefix: str, seed: int) -> AsyncIterator[bytes]:
    """The file, `CHUNK` bytes at a time (generated as it is sent)."""
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for index in range(rows):
        writer.writerow((
            f"{prefix}{index}@example.com", f"Reader {index}", rng.choice(TIMEZONES), "en",
            "2026-03-01T12:00:00+00:00", rng.choice(("news", "news;sports", "tech")),
            rng.choice(("Email", "Email;Hook")), rng.choice(("immediate", "daily")),
            json.dumps({"n": index, "plan": rng.choice(("free", "pro"))})))
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def import_once(client, rows: int, prefix: str, seed: int) -> tuple[float, dict]:
    from app.auth import issue_token
    from domain.principals.models import Role

    token = issue_token(SECRET, "bench-editor", Role.EDITOR, dt.timedelta(hours=1))
    started = time.perf_counter()
    response = await client.post("/imports/subscribers",
                                 content=csv_chunks(rows, prefix, seed),
                                 headers={"content-type": "text/csv",
                                          "authorization": f"Bearer {token}"})
    seconds = time.perf_counter() - started
    if response.status_code != 201:
        raise SystemExit(f"import failed: {response.status_code} {response.text[:500]}")
    return seconds, response.json()


async def copy_once(rows: int, prefix: str, seed: int) -> float:
    from tortoise import Tortoise

    client = Tortoise.get_connection("default")
    async with client.acquire_connection() as connection:
        await connection.execute(
            "DROP TABLE IF EXISTS copy_scratch; CREATE TABLE copy_scratch ("
            + ", ".join(f"{name} text" for name in HEADER) + ")")
        started = time.perf_counter()
        await connection.copy_to_table("copy_scratch", source=csv_chunks(rows, prefix, seed),
                                       format="csv", header=True)
        seconds = time.perf_counter() - started
        count = await connection.fetchval("SELECT count(*) FROM copy_scratch")
        await connection.execute("DROP TABLE copy_scratch")
    assert count == rows, count
    return seconds


FLOOR_SQL = """
WITH made AS (
    INSERT INTO subscriber (email, name, timezone, locale, status, consent_given_at,
                            attributes, created_at, updated_at)
    SELECT email, name, timezone, locale, 'active', consent_given_at::timestamptz,
           attributes::jsonb, now(), now() FROM staging
    RETURNING id, email)
INSERT INTO subscriber_preference (subscriber_id, topic_id, channel_id, frequency,
                                   created_at, updated_at)
SELECT made.id, t.id, c.id, st.frequency, now(), now()
FROM made JOIN staging st USING (email)
CROSS JOIN LATERAL unnest(string_to_array(st.topics, ';')) AS tp(slug)
JOIN topic t ON t.slug = tp.slug
CROSS JOIN LATERAL unnest(string_to_array(st.channels, ';')) AS ch(name)
JOIN channel c ON c.name = ch.name"""


async def floor_once(rows: int, prefix: str, seed: int) -> float:
    """The database's own floor for these writes: COPY into a staging table, then one
    INSERT … SELECT into subscriber and subscriber_preference (no checks, no upsert)."""
    from tortoise import Tortoise

    client = Tortoise.get_connection("default")
    async with client.acquire_connection() as connection:
        await connection.execute(
            "CREATE TEMP TABLE staging (" + ", ".join(f"{name} text" for name in HEADER)
            + ")")
        started = time.perf_counter()
        async with connection.transaction():
            await connection.copy_to_table("staging", source=csv_chunks(rows, prefix, seed),
                                           format="csv", header=True)
            await connection.execute(FLOOR_SQL)
        seconds = time.perf_counter() - started
        await connection.execute("DROP TABLE staging")
    return seconds


async def main(args: argparse.Namespace) -> int:
    import httpx

    from app.http import create_app
    from app.settings import Settings
    from domain.audience.models import Topic
    from domain.channels.models import Channel, ChannelType

    background = busy_share()
    status = 0
    async with scratch_database() as (_, scratch):
        for slug in ("news", "sports", "tech"):
            await Topic.create(slug=slug, name=slug.title())
        await Channel.create(name="Email", type=ChannelType.EMAIL, config={})
        await Channel.create(name="Hook", type=ChannelType.WEBHOOK,
                             config={"url": "https://hooks.example/x"})
        app = create_app(Settings(secret_key=SECRET, database_url=scratch,
                                  redis_url="redis://unused"))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://bench", timeout=600) as client:
            print(f"machine busy before start: {background:.0%} of all cores")
            small_seconds, small = await import_once(client, args.small, "small", 1)
            small_rss = peak_rss_mb()
            print(f"import {args.small:,} rows: {small_seconds:.2f} s "
                  f"({args.small / small_seconds:,.0f} rows/s), peak RSS "
                  f"{small_rss:.0f} MB")
            seconds, report = await import_once(client, args.rows, "big", 2)
            big_rss = peak_rss_mb()
            copy_seconds = await copy_once(args.rows, "big", 2)
            import_rate, copy_rate = args.rows / seconds, args.rows / copy_seconds
            print(f"import {args.rows:,} rows: {seconds:.2f} s ({import_rate:,.0f} "
                  f"rows/s; {report['rowsImported']:,} imported), peak RSS "
                  f"{big_rss:.0f} MB")
            print(f"COPY {args.rows:,} rows: {copy_seconds:.2f} s "
                  f"({copy_rate:,.0f} rows/s)")
            print(f"ratio import/COPY: {import_rate / copy_rate:.2f} (target >= 0.3)")
            floor_seconds = await floor_once(args.rows, "floor", 3)
            print(f"SQL floor (COPY to staging + INSERT ... SELECT into subscriber and "
                  f"subscriber_preference) {args.rows:,} rows: {floor_seconds:.2f} s "
                  f"({args.rows / floor_seconds:,.0f} rows/s); import/floor "
                  f"{import_rate / (args.rows / floor_seconds):.2f}")
            print(f"peak RSS {args.small:,} rows vs {args.rows:,} rows: "
                  f"{small_rss:.0f} MB vs {big_rss:.0f} MB "
                  f"(growth {big_rss - small_rss:+.0f} MB)")
            again_seconds, again = await import_once(client, args.rows, "big", 2)
            print(f"re-import of the same {args.rows:,} rows: {again_seconds:.2f} s, "
                  f"{again['rowsUnchanged']:,} unchanged, "
                  f"{again['rowsImported']:,} written")
            if report["rowsFailed"] or again["rowsImported"] or small["rowsFailed"]:
                status = 1
    return status


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=positive, default=200_000)
    parser.add_argument("--small", type=positive, default=50_000)
    run_timed(main(parser.parse_args()))
