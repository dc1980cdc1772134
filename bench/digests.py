"""Digests: select + render every subscriber's digest, with 1 and 2 worker processes,
against the plain render rate of one message of the same size.

Why: a digest is a render per reader plus a selection per reader (candidates in their
topics, ranking, diversity, the ledger writes). Selection must not dominate: the target
is at least 0.7x the rate at which the same renderer produces a plain (non-digest)
message of the same size for each reader (bench/render.py's path: `prepare_message`
once, then `PreparedMessage.render` per subscriber). Memory must stay flat from 10k to
50k subscribers: generation walks id ranges page by page.

Set-up (a scratch database, dropped at the end): one email channel with a brand, 20
topics, N subscribers in four time zones each following 3 topics daily (a third of them
with an interest profile), 200 publications in the period with 1-3 topics each.

Measured, each in fresh child processes (so peak RSS is the run's own):

* baseline: the renderer rendering, per subscriber, a standard publication whose body
  holds the same five titles and summaries a digest shows (subject + HTML + text);
* digests: `generate_range` (selection, ranking, diversity, delivery + digest rows in
  the ledger) then, per page of 500 digests, `digest_extras` (what the sender loads) and
  `PreparedMessage.render` with the digest's items; 1 worker over all ranges, then 2
  workers splitting the ranges;

in CPU seconds of the worker processes (rates per CPU second: the machine is shared)
and wall time. PostgreSQL's own CPU is not counted in the rates.

Usage, from the repository root::

    python bench/digests.py [--subscribers 50000] [--small 10000] [--publications 200]
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import datetime as dt  # noqa: E402
import multiprocessing  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

from bench.scratch import scratch_database  # noqa: E402
from bench.support import log, positive, run_timed  # noqa: E402

BASE_URL = "https://news.example.com"
TOPICS = 20
ZONES = ("UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo")
PAGE = 500


async def seed(subscribers: int, publications: int, now: dt.datetime) -> None:
    from tortoise import Tortoise

    from domain.channels.models import Channel, ChannelType
    from domain.principals.actor import SYSTEM
    from domain.templates import brands

    connection = Tortoise.get_connection("default")
    brand = await brands.create_brand(
        SYSTEM, name="Acme", logo_url="https://cdn.example.com/acme.png",
        primary_color="#0b5fff", footer="Acme Inc. · 1 Demo Street · Springfield",
        social_links={"github": "https://github.com/acme"})
    await Channel.create(name="digest", type=ChannelType.EMAIL, brand=brand,
                         config={"from_address": "news@example.com"})
    await connection.execute_query(
        "INSERT INTO topic (slug, name, description, created_at, updated_at) "
        "SELECT 'topic-' || g, 'Topic ' || g, '', now(), now() "
        "FROM generate_series(1, $1) g", [TOPICS])
    await connection.execute_query(
        "INSERT INTO subscriber (email, name, attributes, timezone, locale, status, "
        "channel_order, created_at, updated_at) "
        "SELECT 'reader' || g || '@example.com', 'Reader' || g || ' Example', '{}'::jsonb, "
        "($2::text[])[1 + g % 4], 'en', 'active', '[]'::jsonb, now(), now() "
        "FROM generate_series(1, $1) g", [subscribers, list(ZONES)])
    # three distinct topics each: id, id + 7, id + 14 (mod 20)
    await connection.execute_query(
        "INSERT INTO subscriber_preference (subscriber_id, topic_id, channel_id, frequency, "
        "created_at, updated_at) "
        "SELECT s.id, 1 + (s.id + 7 * k) % $1, c.id, 'daily', '2026-01-01', now() "
        "FROM subscriber s CROSS JOIN generate_series(0, 2) k CROSS JOIN channel c",
        [TOPICS])
    await connection.execute_query(
        "INSERT INTO topic_affinity (subscriber_id, topic_id, score, scored_at, opens, clicks) "
        "SELECT s.id, 1 + (s.id + 7) % $1, 5.0, now(), 3, 1 FROM subscriber s "
        "WHERE s.id % 3 = 0", [TOPICS])
    # publications over the last 20 hours: inside every reader's first daily window
    await connection.execute_query(
        "INSERT INTO publication (title, summary, body, priority, status, kind, "
        "template_choices, template_variables, sections, published_at, created_at, "
        "updated_at) "
        "SELECT 'Story ' || g || ': what happened and why it matters', "
        "'A two-sentence summary of story ' || g || '. It says what a reader needs to "
        "know before deciding to read on.', 'Body.', 'normal', 'published', 'standard', "
        "'{}'::jsonb, '{}'::jsonb, '[]'::jsonb, "
        "$2::timestamptz - make_interval(mins => g * 6), now(), now() "
        "FROM generate_series(1, $1) g", [publications, now])
    await connection.execute_query(
        "INSERT INTO publication_topic (publication_id, topic_id) "
        "SELECT DISTINCT p.id, 1 + (p.id * k * 3 + k) % $1 FROM publication p "
        "CROSS JOIN generate_series(1, 1 + p.id % 3) k", [TOPICS])


async def reset() -> None:
    from tortoise import Tortoise

    await Tortoise.get_connection("default").execute_script(
        "TRUNCATE digest, delivery, delivery_status_count CASCADE; "
        "DELETE FROM publication WHERE kind = 'digest';")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _child_baseline(url: str, subscribers: int) -> dict[str, Any]:
    from app.db import close_db, init_db
    from domain.audience.models import Subscriber
    from domain.channels.models import Channel, ChannelType
    from domain.templates.context import PublicationData
    from domain.templates.rendering import prepare_message

    await init_db(url)
    try:
        channel = await Channel.get(name="digest")
        stories = await _sample_stories()
        body = "\n\n".join(f"## [{title}]({BASE_URL}/publications/{pid})\n\n{summary}"
                           for pid, title, summary in stories)
        publication = PublicationData(id=1, title="Your daily digest", summary=stories[0][2],
                                      body=body, status="published",
                                      published_at=dt.datetime.now(dt.UTC),
                                      topics=(("topic-1", "Topic 1"),))
        prepared = await prepare_message(publication, ChannelType.EMAIL, channel=channel,
                                         base_url=BASE_URL)
        people = await Subscriber.all().order_by("id").limit(subscribers)
        for person in people[:200]:  # warm the compiled-template caches
            prepared.render(person, links=_links(person.id))
        started = time.process_time()
        size = 0
        for person in people:
            message = prepared.render(person, links=_links(person.id))
            size = len(message.html or "")
        cpu = time.process_time() - started
        return {"rate": len(people) / cpu, "html": size}
    finally:
        await close_db()


async def _sample_stories() -> list[tuple[int, str, str]]:
    from domain.publications.models import Publication

    rows = await Publication.filter(kind="standard").order_by("id").limit(5).values_list(
        "id", "title", "summary")
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def _links(subscriber_id: int) -> dict[str, str]:
    return {"unsubscribe": f"{BASE_URL}/u/{subscriber_id}",
            "preferences": f"{BASE_URL}/p/{subscriber_id}"}


async def _child_digests(url: str, ranges: list[tuple[int, int]], now: dt.datetime
                         ) -> dict[str, Any]:
    from app.db import close_db, init_db
    from domain.audience.models import Subscriber
    from domain.channels.models import Channel, ChannelType
    from domain.newsletters.content import digest_extras
    from domain.newsletters.generation import generate_range, pool_lookback
    from domain.newsletters.models import Digest
    from domain.newsletters.selection import load_pool
    from domain.templates.context import PublicationData
    from domain.templates.rendering import prepare_message

    await init_db(url)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        channel = await Channel.get(name="digest")
        prepared = await prepare_message(
            PublicationData(id=None, title="Daily digest", kind="digest", status="publishing"),
            ChannelType.EMAIL, channel=channel, base_url=BASE_URL)
        pool = await load_pool(now - pool_lookback(), now)
        written = rendered = size = 0
        select_cpu = 0.0
        for low, high in ranges:
            started = time.process_time()
            report = await generate_range(low, high, now, pool=pool)
            select_cpu += time.process_time() - started
            written += report.created
            cursor = 0
            while True:
                page = await Digest.filter(
                    subscriber_id__gte=low, subscriber_id__lt=high, id__gt=cursor,
                    delivery_id__not_isnull=True).order_by("id").limit(PAGE).values_list(
                    "id", "delivery_id", "subscriber_id")
                if not page:
                    break
                cursor = page[-1][0]
                extras = await digest_extras([row[1] for row in page], BASE_URL)
                people = {p.id: p for p in await Subscriber.filter(
                    id__in=[row[2] for row in page])}
                for _, delivery_id, subscriber_id in page:
                    message = prepared.render(people[subscriber_id],
                                              links=_links(subscriber_id),
                                              extra=extras[delivery_id])
                    size = len(message.html or "")
                    rendered += 1
        return {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
                "select_cpu": select_cpu, "written": written, "rendered": rendered,
                "html": size, "rss": _peak_rss_mb()}
    finally:
        await close_db()


def _run_child(kind: str, *args: Any) -> dict[str, Any]:
    if kind == "baseline":
        return asyncio.run(_child_baseline(*args))
    return asyncio.run(_child_digests(*args))


def split(subscribers: int, workers: int, range_size: int) -> list[list[tuple[int, int]]]:
    ranges = [(low, min(low + range_size, subscribers + 1))
              for low in range(1, subscribers + 1, range_size)]
    return [ranges[index::workers] for index in range(workers)]


def run_digests(url: str, subscribers: int, workers: int, now: dt.datetime,
                range_size: int) -> tuple[float, list[dict[str, Any]]]:
    context = multiprocessing.get_context("spawn")
    started = time.perf_counter()
    with context.Pool(workers) as pool:
        results = pool.starmap(_run_child, [("digests", url, part, now)
                                            for part in split(subscribers, workers, range_size)])
    return time.perf_counter() - started, results


async def benchmark(args: argparse.Namespace, url: str) -> int:
    now = dt.datetime.now(dt.UTC)
    log(f"seeding {args.subscribers:,} subscribers, {args.publications} publications")
    await seed(args.subscribers, args.publications, now)
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        baseline = pool.apply(_run_child, ("baseline", url, min(args.subscribers, 10_000)))
    print(f"baseline: plain render of one message of the digest's size: "
          f"{baseline['rate']:,.0f} messages per CPU second (HTML {baseline['html']:,} chars)",
          flush=True)
    failures = 0
    peaks: dict[int, float] = {}
    walls: dict[int, float] = {}
    for subscribers, workers in ((args.small, 1), (args.subscribers, 1),
                                 (args.subscribers, 2)):
        await reset()
        wall, results = run_digests(url, subscribers, workers, now, args.range_size)
        rendered = sum(r["rendered"] for r in results)
        cpu = sum(r["cpu"] for r in results)
        select_share = sum(r["select_cpu"] for r in results) / cpu
        rate = rendered / cpu
        ratio = rate / baseline["rate"]
        peak = max(r["rss"] for r in results)
        if workers == 1:
            peaks[subscribers] = peak
        if subscribers == args.subscribers:
            walls[workers] = wall
        if ratio < 0.7:
            failures += 1
        print(f"{subscribers:,} subscribers, {workers} worker(s): {rendered:,} digests "
              f"selected + rendered in {wall:.1f} s wall, {rate:,.0f} digests per worker CPU "
              f"second = {ratio:.2f}x the plain render rate (target >= 0.70) "
              f"{'PASS' if ratio >= 0.7 else 'BELOW TARGET'}; selection {select_share:.0%} "
              f"of worker CPU; peak RSS {peak:.0f} MB per worker; HTML "
              f"{results[0]['html']:,} chars", flush=True)
        if rendered != subscribers:
            print(f"  expected {subscribers:,} digests, got {rendered:,}", flush=True)
            failures += 1
    if args.small in peaks and args.subscribers in peaks and args.small != args.subscribers:
        growth = peaks[args.subscribers] / peaks[args.small]
        print(f"peak RSS {args.small:,} -> {args.subscribers:,} subscribers (1 worker): "
              f"{peaks[args.small]:.0f} -> {peaks[args.subscribers]:.0f} MB ({growth:.2f}x; "
              f"flat target <= 1.20x) {'PASS' if growth <= 1.2 else 'GROWS'}", flush=True)
    if 1 in walls and 2 in walls:
        print(f"2 workers vs 1 on {args.subscribers:,} subscribers: {walls[1] / walls[2]:.2f}x "
              f"faster in wall time (one shared 2-core machine and one PostgreSQL)",
              flush=True)
    return 1 if failures else 0


async def run(args: argparse.Namespace) -> int:
    async with scratch_database() as (_, url):
        return await benchmark(args, url)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=positive, default=50_000)
    parser.add_argument("--small", type=positive, default=10_000,
                        help="the smaller audience of the memory comparison")
    parser.add_argument("--publications", type=positive, default=200)
    parser.add_argument("--range-size", type=positive, default=5_000)
    args = parser.parse_args(argv)
    args.small = min(args.small, args.subscribers)
    return args


if __name__ == "__main__":
    run_timed(run(parse_args()))
