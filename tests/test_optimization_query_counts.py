"""No N+1 in the optimization lists: asking about more readers or more anomalies costs
the same number of SQL statements."""

from __future__ import annotations

import datetime as dt

from domain.audience.models import Frequency, Subscriber, SubscriberPreference, Topic
from domain.channels.models import Channel, ChannelType
from domain.optimization import sendtime
from domain.optimization.models import PerformanceAnomaly
from tests.graphql_client import count_queries, gid

BEST = """query($s: [ID!]!, $t: [ID!]!) { bestChannels(subscriberIds: $s, topicIds: $t)
  { subscriberId channelId candidates { channelId rate sent engaged } } }"""
ESTIMATES = """query($s: [ID!]!) { sendTimeEstimates(subscriberIds: $s)
  { subscriberId bestHourOfWeek confidence } }"""
ANOMALIES = "{ performanceAnomalies(first: 50) { kind channelId alertId } }"


async def _statements(gql, query: str, variables: dict) -> int:
    # the caller's principal is read once and then cached (domain/principals/directory.py)
    await gql.data("{ me { name } }", role="viewer")
    with count_queries() as statements:
        body = await gql.post(query, variables, role="viewer")
    assert "errors" not in body, body
    return len(statements)


async def test_reader_lists_cost_the_same_for_two_or_twelve_readers(db, gql) -> None:
    topic = await Topic.create(slug="news", name="News")
    channels = [await Channel.create(name=f"c{i}", type=ChannelType.WEBHOOK,
                                     config={"url": "x"}) for i in range(2)]
    readers = [await Subscriber.create(email=f"r{i}@example.com") for i in range(12)]
    await SubscriberPreference.bulk_create([
        SubscriberPreference(subscriber=reader, topic=topic, channel=channel,
                             frequency=Frequency.IMMEDIATE)
        for reader in readers for channel in channels])
    await sendtime.PRIORS.get(dt.datetime.now(dt.UTC))  # cached, as in a warm process
    ids = [gid("Subscriber", reader.id) for reader in readers]
    topic_ids = [gid("Topic", topic.id)]

    few = await _statements(gql, BEST, {"s": ids[:2], "t": topic_ids})
    many = await _statements(gql, BEST, {"s": ids, "t": topic_ids})
    assert few == many
    few = await _statements(gql, ESTIMATES, {"s": ids[:2]})
    many = await _statements(gql, ESTIMATES, {"s": ids})
    assert few == many


async def test_anomaly_list_costs_the_same_for_one_or_many(db, gql) -> None:
    now = dt.datetime.now(dt.UTC)

    async def add(count: int, offset: int) -> None:
        await PerformanceAnomaly.bulk_create([PerformanceAnomaly(
            kind="bounce_spike", channel_id=offset + i, window_start=now,
            window_end=now, observed_rate=0.1, baseline_rate=0.01, observed_n=300,
            baseline_n=3000, z_score=9.0) for i in range(count)])

    await add(1, 0)
    one = await _statements(gql, ANOMALIES, {})
    await add(20, 100)
    assert await _statements(gql, ANOMALIES, {}) == one
