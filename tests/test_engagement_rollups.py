"""Engagement events land in the raw table and the rollups in the same transaction, and
the metrics read from the rollups equals an aggregation of the raw events."""

from __future__ import annotations

import datetime as dt

from tortoise import Tortoise

from domain.deliveries.audience import resolve_audience
from domain.deliveries.models import Delivery
from domain.engagement.metrics import MetricsFilter, metrics
from domain.engagement.models import EngagementEvent, EventType, Granularity
from domain.engagement.recorder import EngagementInput, record_events
from domain.errors import InvalidInput
from tests.delivery_fixtures import publication_to

T0 = dt.datetime(2026, 11, 30, 9, 15, tzinfo=dt.UTC)


async def _deliveries(count: int) -> tuple[int, int, list[Delivery]]:
    scenario = await publication_to("http://127.0.0.1:9/hook", count, slug="rollup")
    await resolve_audience(scenario.publication.id)
    rows = await Delivery.filter(publication_id=scenario.publication.id).order_by("id")
    return scenario.publication.id, scenario.channel.id, rows


def _event(kind: EventType, row: Delivery, at: dt.datetime, **extra: object
           ) -> EngagementInput:
    return EngagementInput(kind, at, delivery_id=row.id, publication_id=row.publication_id,
                           channel_id=row.channel_id, subscriber_id=row.subscriber_id,
                           **extra)  # type: ignore[arg-type]


async def test_unique_and_total_opens_clicks_split_by_human_and_machine(db) -> None:
    publication_id, channel_id, rows = await _deliveries(3)
    first, second, third = rows
    events = [
        _event(EventType.OPEN, first, T0),
        _event(EventType.OPEN, first, T0 + dt.timedelta(minutes=1)),   # repeat
        _event(EventType.OPEN, second, T0, is_machine=True),           # Apple MPP
        _event(EventType.OPEN, second, T0 + dt.timedelta(hours=2)),     # the human later
        _event(EventType.CLICK, first, T0 + dt.timedelta(minutes=2), url="https://a.example"),
        _event(EventType.CLICK, first, T0 + dt.timedelta(minutes=3), url="https://a.example"),
        _event(EventType.CLICK, third, T0, is_machine=True, url="https://a.example"),
        _event(EventType.BOUNCE, third, T0, dedupe_key="sns-1"),
    ]
    result = await record_events(events)
    assert (result.recorded, result.duplicates) == (8, 0)
    # a second batch: a replayed SNS message and another repeat open
    again = await record_events([_event(EventType.BOUNCE, third, T0, dedupe_key="sns-1"),
                                 _event(EventType.OPEN, first, T0 + dt.timedelta(days=1))])
    assert (again.recorded, again.duplicates) == (1, 1)
    assert await EngagementEvent.filter(type=EventType.BOUNCE).count() == 1

    report = await metrics(MetricsFilter(T0 - dt.timedelta(days=1), T0 + dt.timedelta(days=3),
                                         Granularity.DAY, publication_id=publication_id))
    totals = report.totals
    assert (totals["opens"], totals["unique_opens"]) == (4, 2)
    assert (totals["machine_opens"], totals["unique_machine_opens"]) == (1, 1)
    assert (totals["clicks"], totals["unique_clicks"], totals["machine_clicks"]) == (2, 1, 1)
    assert totals["bounces"] == 1
    assert [point.bucket.date() for point in report.points] == [T0.date(),
                                                                (T0 + dt.timedelta(1)).date()]
    hourly = await metrics(MetricsFilter(T0 - dt.timedelta(hours=1), T0 + dt.timedelta(hours=5),
                                         Granularity.HOUR, channel_id=channel_id))
    assert [(p.bucket.hour, p.counters["unique_opens"]) for p in hourly.points] == [
        (9, 1), (11, 1)]


async def test_rollups_match_raw_aggregation(db) -> None:
    publication_id, _, rows = await _deliveries(20)
    events = []
    for index, row in enumerate(rows):
        for repeat in range(index % 4):
            events.append(_event(EventType.OPEN, row, T0 + dt.timedelta(minutes=7 * index
                                                                         + repeat)))
        if index % 3 == 0:
            events.append(_event(EventType.CLICK, row, T0 + dt.timedelta(hours=index)))
    for start in range(0, len(events), 7):  # several batches, as the buffer flushes them
        await record_events(events[start:start + 7])
    raw = (await Tortoise.get_connection("default").execute_query_dict(
        "SELECT count(*) FILTER (WHERE type = 'open') AS opens, "
        "count(DISTINCT delivery_id) FILTER (WHERE type = 'open') AS unique_opens, "
        "count(*) FILTER (WHERE type = 'click') AS clicks "
        "FROM engagement_event WHERE publication_id = $1", [publication_id]))[0]
    for granularity in Granularity:
        report = await metrics(MetricsFilter(T0, T0 + dt.timedelta(days=2), granularity,
                                             publication_id=publication_id))
        assert (report.totals["opens"], report.totals["unique_opens"],
                report.totals["clicks"]) == (raw["opens"], raw["unique_opens"], raw["clicks"])


async def test_bad_ranges_are_refused(db) -> None:
    for query, field in [
        (MetricsFilter(T0, T0), "to"),
        (MetricsFilter(T0, T0 + dt.timedelta(days=30), Granularity.MINUTE), "granularity"),
        (MetricsFilter(T0.replace(tzinfo=None), T0 + dt.timedelta(days=1)), "from"),
    ]:
        try:
            await metrics(query)
        except InvalidInput as error:
            assert error.field == field
        else:
            raise AssertionError(f"{query} was accepted")



async def test_sent_and_failed_reach_the_rollups_from_the_engine(db, redis_client, http_client,
                                                                 receiver) -> None:
    """Sent and failed counts come from the delivery batches, so rates have a denominator
    before any engagement arrives; a delivery that cannot even be built counts as failed."""
    from domain.audience.models import Frequency, SubscriberPreference
    from domain.channels.models import Channel, ChannelType
    from domain.engagement.models import MetricRollup
    from tests.delivery_fixtures import build_engine

    scenario = await publication_to(receiver.url + "/hook", 3, slug="counted")
    broken = await Channel.create(name="undecryptable", type=ChannelType.WEBHOOK,
                                  config={"url": receiver.url + "/other"},
                                  secret_ciphertext="not-a-ciphertext")
    await scenario.publication.channels.add(broken)
    subscriber_ids = await SubscriberPreference.filter(
        channel_id=scenario.channel.id).values_list("subscriber_id", flat=True)
    await SubscriberPreference.bulk_create([
        SubscriberPreference(subscriber_id=subscriber_id, topic=scenario.topic, channel=broken,
                             frequency=Frequency.IMMEDIATE) for subscriber_id in subscriber_ids])
    engine = build_engine(redis_client, http_client)
    assert await engine.start_publication(scenario.publication.id)
    await engine.pump(budget_seconds=5)
    rows = await MetricRollup.filter(granularity="day",
                                     publication_id=scenario.publication.id).values(
        "channel_id", "sent", "failed")
    assert {row["channel_id"]: (row["sent"], row["failed"]) for row in rows} == {
        scenario.channel.id: (3, 0), broken.id: (0, 3)}
