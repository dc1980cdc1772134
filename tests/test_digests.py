"""Digests end to end: generation writes each (subscriber, channel, period) once, the
delivery engine sends it through SES (moto) and Slack (a loopback receiver), a second
run sends nothing, and a generation killed mid-run resumes without duplicates."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from domain.audience.models import Frequency, Subscriber, SubscriberPreference, Topic
from domain.channels.models import Channel, ChannelType
from domain.channels.providers import ProviderEndpoints
from domain.channels.slack import SlackTransport
from domain.channels.ssrf import TargetResolver
from domain.crypto import encrypt_secrets
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.newsletters import generation
from domain.newsletters.models import Digest
from domain.newsletters.periods import latest_due
from domain.personalization.models import TopicAffinity
from domain.publications.models import Publication, PublicationKind, PublicationStatus
from tests.delivery_fixtures import SECRET_KEY, build_engine
from tests.ses_servers import parse
from tests.test_channels_email import KEY_ID, PUBLIC_BASE, SECRET, parts, run_until_idle

REPO = Path(__file__).resolve().parent.parent
LONG_AGO = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


async def email_channel() -> Channel:
    return await Channel.create(
        name="digest-mail", type=ChannelType.EMAIL,
        config={"from_address": "news@example.com"},
        secret_ciphertext=encrypt_secrets(SECRET_KEY, {"aws_access_key_id": KEY_ID,
                                                       "aws_secret_access_key": SECRET}))


async def slack_channel(url: str) -> Channel:
    return await Channel.create(name="digest-room", type=ChannelType.SLACK, config={},
                                secret_ciphertext=encrypt_secrets(SECRET_KEY,
                                                                  {"webhook_url": url}))


async def topics(*slugs: str) -> list[Topic]:
    return [await Topic.create(slug=slug, name=slug.title()) for slug in slugs]


async def reader(email: str, timezone: str = "UTC", **fields: Any) -> Subscriber:
    return await Subscriber.create(email=email, name=f"Reader {email[:5]}", timezone=timezone,
                                   **fields)


async def follow(subscriber: Subscriber, channel: Channel, frequency: Frequency,
                 *topics: Topic) -> None:
    for topic in topics:
        await SubscriberPreference.create(subscriber=subscriber, topic=topic, channel=channel,
                                          frequency=frequency)
    # asked long ago: the current period is theirs
    await SubscriberPreference.filter(subscriber_id=subscriber.id).update(created_at=LONG_AGO)


async def published(title: str, at: dt.datetime, *topics: Topic, summary: str = "",
                    **fields: Any) -> Publication:
    publication = await Publication.create(title=title, summary=summary or f"About {title}",
                                           body="Body.", status=PublicationStatus.PUBLISHED,
                                           published_at=at, **fields)
    await publication.topics.add(*topics)
    return publication


def engine_with(redis_client: Any, http_client: httpx.AsyncClient, email_transport: Any
                ) -> Any:
    return build_engine(redis_client, http_client, public_base_url=PUBLIC_BASE, transports={
        ChannelType.EMAIL: email_transport,
        ChannelType.SLACK: SlackTransport(http_client, TargetResolver(allow_private=True), 5.0,
                                          ProviderEndpoints())})


async def generate(now: dt.datetime, **options: Any) -> generation.GenerationReport:
    return await generation.generate_range(0, 1_000_000, now, **options)


async def test_daily_email_and_weekly_slack_each_go_out_exactly_once(
        db, redis_client, http_client, moto, transports, receiver) -> None:
    moto.verify("news@example.com")
    now = dt.datetime.now(dt.UTC)
    mail, room = await email_channel(), await slack_channel(receiver.url + "/services/T/B/x")
    science, sport, art = await topics("science", "sport", "art")
    person = await reader("ada@example.org")
    await follow(person, mail, Frequency.DAILY, science)
    await follow(person, room, Frequency.WEEKLY, sport)
    daily_due = latest_due(now, person.id, "UTC", Frequency.DAILY)[1]
    weekly_due = latest_due(now, person.id, "UTC", Frequency.WEEKLY)[1]
    fresh = await published("Comet sighted", now - dt.timedelta(minutes=30), science)
    older = await published("Lab news", now - dt.timedelta(minutes=50), science)
    stale = await published("Old science", daily_due - dt.timedelta(days=1, hours=1), science)
    match = await published("Cup final", weekly_due - dt.timedelta(days=2), sport)
    await published("Gallery opens", now - dt.timedelta(minutes=10), art)  # not followed

    report = await generate(now)
    assert (report.created, report.empty) == (2, 0)
    engine = engine_with(redis_client, http_client, transports(moto.url))
    await run_until_idle(engine)

    ledger = await Delivery.filter(subscriber_id=person.id).order_by("channel_id")
    assert [d.last_error for d in ledger] == [None, None]
    assert [d.status for d in ledger] == [DeliveryStatus.SENT, DeliveryStatus.SENT]
    daily_period = latest_due(now, person.id, "UTC", Frequency.DAILY)[0].label
    assert ledger[0].idempotency_key == f"digest:daily:{daily_period}:c{mail.id}:s{person.id}"
    parent = await Publication.get(id=ledger[0].publication_id)
    assert parent.kind is PublicationKind.DIGEST
    digests = {d.channel_id: d for d in await Digest.all()}
    assert [i["publication_id"] for i in digests[mail.id].items] == [fresh.id, older.id]
    assert [i["publication_id"] for i in digests[room.id].items] == [match.id]

    # the email: one message, multipart/alternative, RFC 8058 headers, tracked item links
    [sent] = moto.sent()
    mime = parse(sent.raw_data.encode())
    assert mime["To"] == "ada@example.org"
    assert mime["Subject"] == "Your daily digest: 2 new stories"
    assert mime.get_content_type() == "multipart/alternative"
    text, html = parts(mime)
    assert (text.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    assert mime["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    web, mailto = [item.strip().strip("<>") for item in mime["List-Unsubscribe"].split(",")]
    assert web.startswith(f"{PUBLIC_BASE}/unsubscribe/") and mailto.startswith("mailto:")
    body = html.get_content()
    assert "Comet sighted" in body and "Lab news" in body
    assert "Old science" not in body and "Gallery opens" not in body
    assert body.count(f'href="{PUBLIC_BASE}/t/c/') >= 2  # each item link is click-tracked
    assert f"Read: {PUBLIC_BASE}/publications/{fresh.id}" in text.get_content()
    assert stale.id not in [i["publication_id"] for i in digests[mail.id].items]

    # Slack: one message with the weekly item
    [posted] = receiver.requests
    assert "Cup final" in posted.body.decode() and "Comet" not in posted.body.decode()
    assert posted.json["text"] == "Your weekly digest: 1 new"

    # the same period again: nothing written, nothing sent
    again = await generate(now + dt.timedelta(minutes=5))
    assert (again.created, again.already) == (0, 2)
    await run_until_idle(engine)
    assert len(moto.sent()) == 1 and len(receiver.requests) == 1
    assert await Delivery.filter(subscriber_id=person.id).count() == 2


async def test_empty_period_sends_nothing_and_is_recorded(db, redis_client) -> None:
    now = dt.datetime.now(dt.UTC)
    mail = await email_channel()
    science, art = await Topic.create(slug="science", name="Science"), \
        await Topic.create(slug="art", name="Art")
    person = await reader("quiet@example.org")
    await follow(person, mail, Frequency.DAILY, science)
    await published("Gallery opens", now - dt.timedelta(minutes=10), art)

    report = await generate(now)

    assert (report.created, report.empty) == (0, 1)
    assert not await Delivery.exists()
    [digest] = await Digest.all()
    assert digest.items == [] and digest.delivery_id is None
    assert (await generate(now)).already == 1  # the period is done


async def test_generation_killed_mid_run_resumes_without_duplicates(db, database_url) -> None:
    """The run is stopped for good in its third page (a test transaction holds that
    page's digest key), SIGKILLed there, and a second run finishes the range: every
    reader has exactly one digest and one ledger row."""
    now = dt.datetime.now(dt.UTC)
    mail = await email_channel()
    science = await Topic.create(slug="science", name="Science")
    people = [await reader(f"r{index:02d}@example.org") for index in range(12)]
    for person in people:
        await follow(person, mail, Frequency.DAILY, science)
    await published("Comet sighted", now - dt.timedelta(minutes=30), science)
    blocked = people[10]  # in the third page of 4
    period = latest_due(now, blocked.id, "UTC", Frequency.DAILY)[0].label
    holder = await asyncpg.connect(database_url.replace("postgresql://", "postgres://", 1))
    transaction = holder.transaction()
    await transaction.start()
    await holder.execute(
        "INSERT INTO digest (subscriber_id, channel_id, frequency, period, window_start, "
        "window_end, due_at, items, created_at) VALUES ($1, $2, 'daily', $3, now(), now(), "
        "now(), '[]', now())", blocked.id, mail.id, period)
    script = (
        "import asyncio, datetime as dt, sys\n"
        "from tortoise import Tortoise\n"
        "from app.db import tortoise_config\n"
        "from domain.newsletters.generation import generate_range\n"
        "async def main():\n"
        "    await Tortoise.init(config=tortoise_config(sys.argv[1]))\n"
        "    await generate_range(0, 10**6, dt.datetime.fromisoformat(sys.argv[2]),"
        " page_size=4)\n"
        "asyncio.run(main())\n")
    worker = subprocess.Popen([sys.executable, "-c", script, database_url, now.isoformat()],
                              cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        deadline = asyncio.get_running_loop().time() + 60
        while await Digest.filter().count() < 8:  # pages 1 and 2 are committed
            assert worker.poll() is None, "the run ended before it reached the held page"
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.05)
        waiting = await holder.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()")
        while not waiting:  # the worker is stuck on the held key, mid-page
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.05)
            waiting = await holder.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()")
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)
    finally:
        if worker.poll() is None:
            worker.kill()
        await transaction.rollback()
        await holder.close()
    assert await Digest.filter().count() == 8  # the killed page left nothing behind
    assert await Delivery.filter().count() == 8

    report = await generate(now, page_size=4)

    assert (report.created, report.already) == (4, 8)
    keys = await Delivery.all().values_list("idempotency_key", flat=True)
    assert len(keys) == len(set(keys)) == 12
    assert sorted(await Digest.all().values_list("subscriber_id", flat=True)) == sorted(
        p.id for p in people)


async def test_timezones_each_reader_at_their_own_eight(db) -> None:
    """A reader in Tokyo and one in Los Angeles: each digest is written at 08:00 of the
    reader's own clock, not before."""
    mail = await email_channel()
    news = await Topic.create(slug="news", name="News")
    tokyo = await reader("tokyo@example.org", "Asia/Tokyo")
    angeles = await reader("la@example.org", "America/Los_Angeles")
    for person in (tokyo, angeles):
        await follow(person, mail, Frequency.DAILY, news)
    # 08:00 on 2026-12-08 in Tokyo is 23:00 UTC the day before; in Los Angeles 16:00 UTC
    tokyo_eight = dt.datetime(2026, 12, 7, 23, 0, tzinfo=dt.UTC)
    la_eight = dt.datetime(2026, 12, 8, 16, 0, tzinfo=dt.UTC)
    # both got their previous day's digest already
    for person, label, end in ((tokyo, "2026-12-07", tokyo_eight - dt.timedelta(days=1)),
                               (angeles, "2026-12-07", la_eight - dt.timedelta(days=1))):
        await Digest.create(subscriber=person, channel=mail, frequency=Frequency.DAILY,
                            period=label, window_start=end - dt.timedelta(days=1),
                            window_end=end, due_at=end, items=[])
    await published("Morning news", tokyo_eight - dt.timedelta(hours=3), news)

    assert (await generate(tokyo_eight - dt.timedelta(minutes=1))).created == 0
    at_tokyo = await generate(tokyo_eight + dt.timedelta(minutes=1))
    assert at_tokyo.created == 1
    [first] = await Digest.filter(period="2026-12-08")
    assert first.subscriber_id == tokyo.id and first.due_at == tokyo_eight

    assert (await generate(la_eight - dt.timedelta(minutes=1))).created == 0
    at_la = await generate(la_eight + dt.timedelta(minutes=1))
    assert at_la.created == 1
    second = await Digest.get(period="2026-12-08", subscriber_id=angeles.id)
    assert second.due_at == la_eight and len(second.items) == 1


async def test_selection_follows_topics_affinity_and_diversity(db) -> None:
    now = dt.datetime.now(dt.UTC)
    mail = await email_channel()
    liked, other, third, ignored = await topics("liked", "other", "third", "ignored")
    person = await reader("picky@example.org")
    await follow(person, mail, Frequency.DAILY, liked, other, third)
    await TopicAffinity.create(subscriber=person, topic=liked, score=9.0, scored_at=now)
    await TopicAffinity.create(subscriber=person, topic=other, score=1.0, scored_at=now)
    minutes = iter(range(1, 100))
    # many fresh items in `other`, fewer in `liked` and `third`, and noise outside
    others = [await published(f"Other {i}", now - dt.timedelta(minutes=next(minutes)), other)
              for i in range(6)]
    likes = [await published(f"Liked {i}", now - dt.timedelta(minutes=next(minutes)), liked)
             for i in range(2)]
    thirds = [await published(f"Third {i}", now - dt.timedelta(minutes=next(minutes)), third)
              for i in range(1)]
    noise = [await published(f"Noise {i}", now - dt.timedelta(minutes=1), ignored)
             for i in range(3)]

    await generate(now, limit=5)

    [digest] = await Digest.all()
    chosen = [item["publication_id"] for item in digest.items]
    assert not {p.id for p in noise} & set(chosen)  # never outside the reader's topics
    assert chosen[:2] == [p.id for p in likes]  # the higher-affinity topic ranks first
    by_topic = {topic.id: sum(1 for item in digest.items if item["topic_id"] == topic.id)
                for topic in (liked, other, third)}
    # diversity: 5 items over 3 topics, at most ceil(5/3) = 2 of one while others have more
    assert by_topic == {liked.id: 2, other.id: 2, third.id: 1}
    assert chosen[2:4] == [others[0].id, others[1].id] and chosen[4] == thirds[0].id
    assert any("you read Liked often" in reason for reason in digest.items[0]["reasons"])


@pytest.mark.parametrize("limit", [20])
async def test_held_by_the_daily_cap_reaches_the_digest(db, limit: int) -> None:
    """A message the reader's daily cap kept back on a channel is in their next digest
    there, even from a topic the digest does not follow."""
    now = dt.datetime.now(dt.UTC)
    mail = await email_channel()
    digest_topic, immediate = await Topic.create(slug="d", name="D"), \
        await Topic.create(slug="i", name="I")
    person = await reader("capped@example.org", daily_cap=1)
    await follow(person, mail, Frequency.DAILY, digest_topic)
    capped = await published("Capped news", now - dt.timedelta(minutes=20), immediate)
    await Delivery.create(idempotency_key="held", publication=capped, channel=mail,
                          subscriber=person, recipient=person.email,
                          status=DeliveryStatus.SKIPPED,
                          last_error="frequency cap: 1 per day on this channel reached")
    await generate(now, limit=limit)
    [digest] = await Digest.all()
    assert [item["publication_id"] for item in digest.items] == [capped.id]
    assert digest.items[0]["reasons"][0].startswith("held back by your daily cap")


async def test_worker_plans_ranges_generates_and_sends_behind_the_flag(
        db, redis_url, redis_client, http_client, receiver) -> None:
    """The cron job enqueues nothing while `digests` is off; once on, one tick's range
    jobs write the digests (two ranges here) and the pumps send them."""
    from arq import create_pool
    from arq.connections import RedisSettings

    from domain.flags import service as flags
    from domain.flags.book import FLAGS
    from domain.principals.actor import Actor
    from domain.principals.models import Role
    from tests.delivery_fixtures import webhook_channel
    from workers.names import DEFAULT_QUEUE
    from workers.settings import build_worker

    now = dt.datetime.now(dt.UTC)
    hook, _ = await webhook_channel(receiver.url + "/digests")
    [news] = await topics("news")
    people = [await reader(f"w{index}@example.org") for index in range(3)]
    for person in people:
        await follow(person, hook, Frequency.DAILY, news)
    await published("Morning news", now - dt.timedelta(minutes=5), news)
    queue_name = f"{DEFAULT_QUEUE}:test-{os.urandom(4).hex()}"
    pool = await create_pool(RedisSettings.from_dsn(redis_url), default_queue_name=queue_name)
    engine = build_engine(redis_client, http_client)

    async def startup(ctx: dict[str, Any]) -> None:
        ctx["engine"], ctx["queue_name"] = engine, queue_name

    async def run_worker() -> None:
        worker = build_worker(redis_url=redis_url, burst=True, with_cron=False,
                              queue_name=queue_name, on_startup=startup)
        await worker.async_run()
        await worker.close()

    try:
        from workers import jobs
        ctx = {"redis": pool, "queue_name": queue_name}
        assert await jobs.plan_digests(ctx) == 0  # the flag is off
        await flags.set_flag(Actor(name="ops", role=Role.ADMIN), "digests", enabled=True)
        FLAGS.invalidate()
        # two ranges: ids split in ranges of 2
        tick = now.isoformat()
        for low, high in await generation.subscriber_ranges(2):
            await pool.enqueue_job("generate_digests", low, high, tick,
                                   _job_id=f"digests:{tick}:{low}")
        assert await jobs.plan_digests(ctx) == 1  # the cron's own plan: one range of 5000
        await run_worker()
        deadline = asyncio.get_running_loop().time() + 30
        while len(receiver.requests) < 3:
            assert asyncio.get_running_loop().time() < deadline, receiver.requests
            await run_worker()
    finally:
        await pool.aclose()
        FLAGS.invalidate()
    assert sorted(r.json["data"]["recipient"]["email"] for r in receiver.requests) == sorted(
        p.email for p in people)
    assert all(r.json["type"] == "digest.ready" for r in receiver.requests)
    assert await Delivery.filter(status=DeliveryStatus.SENT).count() == 3


def test_choose_is_select_of_rank() -> None:
    """The digest job's fast path picks exactly what rank + select would."""
    import random

    from domain.newsletters.ranking import Candidate, choose, rank, select

    generator = random.Random(7)
    start = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    for _ in range(200):
        candidates = [Candidate(i, frozenset(generator.sample(range(8), generator.randint(1, 3))),
                                start + dt.timedelta(minutes=generator.randint(0, 50)),
                                generator.choice([None, generator.random()]))
                      for i in range(generator.randint(0, 40))]
        topics = frozenset(generator.sample(range(8), 3))
        affinity = {t: generator.random() for t in topics if generator.random() < 0.5}
        limit = generator.randint(1, 8)
        assert choose(candidates, topics, affinity, limit) == select(
            rank(candidates, topics, affinity), limit)
