"""Channel optimization: each reader's best channel from engagement, the per-publication
"best channel only" strategy down to the ledger, and channel-type performance (real
PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from tortoise import Tortoise

from domain.audience.models import Frequency, Subscriber, SubscriberPreference, Topic
from domain.channels.models import Channel, ChannelType
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.engagement.models import Granularity, MetricRollup
from domain.optimization import channels
from domain.optimization.models import PublicationOptimization
from domain.personalization.models import ChannelResponsiveness
from domain.publications.models import Priority, Publication, PublicationStatus
from tests.delivery_fixtures import build_engine
from tests.graphql_client import gid

NOW = dt.datetime.now(dt.UTC)


async def _world():
    topic = await Topic.create(slug="news", name="News")
    other_topic = await Topic.create(slug="sport", name="Sport")
    mail = await Channel.create(name="mail", type=ChannelType.EMAIL, config={})
    hook = await Channel.create(name="hook", type=ChannelType.WEBHOOK,
                                config={"url": "http://127.0.0.1:9/h"})
    readers = []
    for name in ("habit", "general", "fresh", "ordered", "single"):
        readers.append(await Subscriber.create(email=f"{name}@example.com", external_id=name))
    for reader in readers:
        wanted = [mail] if reader.email.startswith("single") else [mail, hook]
        await SubscriberPreference.bulk_create([
            SubscriberPreference(subscriber=reader, topic=topic, channel=channel,
                                 frequency=Frequency.IMMEDIATE) for channel in wanted])
    return topic, other_topic, mail, hook, readers


async def _history(reader: Subscriber, channel: Channel, topic: Topic, sent: int,
                   engaged: int, machine: int = 0) -> None:
    """`sent` delivered messages of publications on `topic`, `engaged` of them opened by
    the reader, `machine` more of them opened only by a proxy."""
    publication = await Publication.create(title="old", status=PublicationStatus.PUBLISHED)
    await publication.topics.add(topic)
    rows = [await Delivery.create(
        idempotency_key=f"h{publication.id}:{reader.id}:{channel.id}:{i}",
        publication=publication, channel=channel, subscriber=reader, recipient="x",
        status=DeliveryStatus.SENT, sent_at=NOW) for i in range(sent)]
    await Tortoise.get_connection("default").execute_query(
        "INSERT INTO engagement_event (delivery_id, publication_id, channel_id, subscriber_id,"
        " type, occurred_at, is_machine, metadata, received_at) "
        "SELECT d, $2, $3, $4, 'open', now(), m, '{}'::jsonb, now() "
        "FROM unnest($1::bigint[], $5::bool[]) AS i(d, m)",
        [[r.id for r in rows[:engaged + machine]], publication.id, channel.id, reader.id,
         [False] * engaged + [True] * machine])
    responsiveness, _ = await ChannelResponsiveness.get_or_create(
        subscriber=reader, channel=channel)
    responsiveness.sent += sent
    responsiveness.engaged += engaged
    await responsiveness.save()


async def test_best_channel_follows_engagement_then_habit_then_order(db) -> None:
    topic, other_topic, mail, hook, readers = await _world()
    habit, general, fresh, ordered, single = readers
    # no history anywhere: the reader's own channel order decides, then the lower id
    ordered.channel_order = [hook.id, mail.id]
    await ordered.save()
    found = await channels.best_channels([fresh.id, ordered.id], [topic.id])
    assert found[ordered.id].channel_id == hook.id
    assert found[fresh.id].channel_id == min(mail.id, hook.id)

    # on this topic: the webhook engages, mail does not (plus proxy opens on mail)
    await _history(habit, mail, topic, sent=12, engaged=1, machine=10)
    await _history(habit, hook, topic, sent=12, engaged=8)
    # nothing on this topic, but in general this reader reads mail
    await _history(general, mail, other_topic, sent=20, engaged=15)
    await _history(general, hook, other_topic, sent=20, engaged=1)

    found = await channels.best_channels([r.id for r in readers], [topic.id])

    assert found[habit.id].channel_id == hook.id
    assert [s.channel_id for s in found[habit.id].candidates] == [hook.id, mail.id]
    assert (found[habit.id].best.sent, found[habit.id].best.engaged) == (12, 8)
    mail_score = found[habit.id].candidates[1]
    assert mail_score.engaged == 1  # machine opens do not count
    assert found[general.id].channel_id == mail.id
    assert found[general.id].best.sent == 0  # nothing on this topic: the habit decided
    # readers without history of their own now follow each channel's population:
    # mail engages (1 + 15) / 32 of its sends, the webhook (8 + 1) / 32
    assert found[fresh.id].channel_id == found[ordered.id].channel_id == mail.id
    assert [s.channel_id for s in found[single.id].candidates] == [mail.id]
    # a topic nobody asked for: no candidates, nobody in the answer
    assert await channels.best_channels([habit.id], [other_topic.id]) == {}


async def test_best_channel_only_skips_the_other_channels_in_the_ledger(
        db, gql, redis_client, http_client) -> None:
    topic, _, mail, hook, readers = await _world()
    habit, general, _, _, single = readers
    await _history(habit, hook, topic, sent=10, engaged=9)
    await _history(habit, mail, topic, sent=10, engaged=0)
    await _history(general, mail, topic, sent=10, engaged=9)
    await _history(general, hook, topic, sent=10, engaged=0)
    publication = await Publication.create(title="today", status=PublicationStatus.APPROVED)
    await publication.topics.add(topic)
    await publication.channels.add(mail, hook)

    data = await gql.data(
        "mutation($input: SetChannelStrategyInput!) { setChannelStrategy(input: $input) "
        "{ strategy } }", {"input": {"publicationId": gid("Publication", publication.id),
                                     "strategy": "BEST_CHANNEL"}}, role="editor")
    assert data["setChannelStrategy"]["strategy"] == "BEST_CHANNEL"
    await Publication.filter(id=publication.id).update(status=PublicationStatus.SCHEDULED,
                                                       publish_at=NOW)
    assert await build_engine(redis_client, http_client).start_publication(publication.id)

    rows = await Delivery.filter(publication_id=publication.id)
    pending = {(r.subscriber_id, r.channel_id) for r in rows if r.status is
               DeliveryStatus.PENDING}
    skipped = [r for r in rows if r.status is DeliveryStatus.SKIPPED]
    assert (habit.id, hook.id) in pending and (habit.id, mail.id) not in pending
    assert (general.id, mail.id) in pending and (general.id, hook.id) not in pending
    assert (single.id, mail.id) in pending
    # one row per reader goes out; the others say why and where it went instead
    assert len(pending) == len(readers)
    assert len(skipped) == len(readers) - 1
    habit_skip = next(r for r in skipped if r.subscriber_id == habit.id)
    assert habit_skip.last_error == f"best channel only: sent on channel {hook.id}"


async def test_channel_strategy_bad_input_leaves_nothing(db, gql) -> None:
    topic, _, mail, _hook, readers = await _world()
    published = await Publication.create(title="done", status=PublicationStatus.PUBLISHED)
    alert = await Publication.create(title="alert", priority=Priority.HIGH)
    mutation = ("mutation($input: SetChannelStrategyInput!) { setChannelStrategy(input: "
                "$input) { strategy } }")

    error = await gql.error(mutation, {"input": {
        "publicationId": gid("Publication", published.id), "strategy": "BEST_CHANNEL"}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == \
        ("CONFLICT", "publicationId")
    error = await gql.error(mutation, {"input": {
        "publicationId": gid("Publication", alert.id), "strategy": "BEST_CHANNEL"}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == \
        ("BAD_USER_INPUT", "strategy")
    error = await gql.error(mutation, {"input": {
        "publicationId": gid("Topic", topic.id), "strategy": "BEST_CHANNEL"}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == \
        ("BAD_USER_INPUT", "publicationId")
    assert not await PublicationOptimization.exists()

    query = ("query($s: [ID!]!, $t: [ID!]!) { bestChannels(subscriberIds: $s, topicIds: $t) "
             "{ channelId } }")
    error = await gql.error(query, {"s": [], "t": [gid("Topic", topic.id)]})
    assert error["extensions"]["field"] == "subscriberIds"
    error = await gql.error(query, {"s": [gid("Subscriber", readers[0].id)],
                                    "t": [gid("Channel", mail.id)]})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == \
        ("BAD_USER_INPUT", "topicIds[0]")
    data = await gql.data(query, {"s": [gid("Subscriber", readers[0].id)],
                                  "t": [gid("Topic", topic.id)]}, role="viewer")
    assert len(data["bestChannels"]) == 1


async def test_channel_type_performance_over_time(db, gql) -> None:
    mail = await Channel.create(name="mail", type=ChannelType.EMAIL, config={})
    hook = await Channel.create(name="hook", type=ChannelType.WEBHOOK, config={"url": "x"})
    day = NOW.replace(hour=0, minute=0, second=0, microsecond=0) - dt.timedelta(days=1)
    for channel, sent, failed, bounces, opens in ((mail, 100, 0, 5, 30), (hook, 50, 10, 0, 5)):
        await MetricRollup.create(granularity=Granularity.DAY, bucket=day, publication_id=1,
                                  channel_id=channel.id, sent=sent, delivered=sent - bounces,
                                  failed=failed, bounces=bounces, unique_opens=opens)
    query = ("query($f: DateTime!, $t: DateTime!) { channelTypePerformance(from: $f, to: $t)"
             " { channelType bucket sent successRate engagementRate latencyP50Seconds } }")
    variables = {"f": (day - dt.timedelta(days=2)).isoformat(),
                 "t": (day + dt.timedelta(days=1)).isoformat()}
    points = (await gql.data(query, variables, role="viewer"))["channelTypePerformance"]
    by_type = {p["channelType"]: p for p in points}
    assert by_type["email"]["successRate"] == 0.95
    assert abs(by_type["email"]["engagementRate"] - 30 / 95) < 1e-9
    assert abs(by_type["webhook"]["successRate"] - 50 / 60) < 1e-9
    assert by_type["webhook"]["engagementRate"] == 0.1

    error = await gql.error(query, {"f": variables["t"], "t": variables["f"]})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == \
        ("BAD_USER_INPUT", "to")
