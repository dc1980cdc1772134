"""Performance analysis (rates with Wilson intervals, trends) and anomaly detection
raising alerts through the alerts lane, on hourly rollups written here (real
PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from statsmodels.stats.proportion import proportion_confint

from domain.alerts.models import Alert
from domain.audience.models import Subscriber, Topic
from domain.channels.models import Channel, ChannelType
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.engagement.models import FirstEngagement, Granularity, MetricRollup
from domain.optimization import anomalies, performance, scheduled
from domain.optimization.models import PerformanceAnomaly
from domain.publications.models import Priority, Publication, PublicationStatus

NOW = dt.datetime.now(dt.UTC).replace(minute=30, second=0, microsecond=0)
HOUR = dt.timedelta(hours=1)


async def _rollup(bucket: dt.datetime, channel_id: int, publication_id: int = 1,
                  **counters: int) -> None:
    await MetricRollup.create(granularity=Granularity.HOUR,
                              bucket=bucket.replace(minute=0, second=0, microsecond=0),
                              publication_id=publication_id, channel_id=channel_id,
                              **counters)


async def test_rates_have_wilson_intervals_and_trends(db, gql) -> None:
    topic = await Topic.create(slug="news", name="News")
    mail = await Channel.create(name="mail", type=ChannelType.EMAIL, config={})
    hook = await Channel.create(name="hook", type=ChannelType.WEBHOOK, config={"url": "x"})
    publication = await Publication.create(title="weekly", template_choices={"html": 7})
    await publication.topics.add(topic)
    start = NOW - dt.timedelta(days=7)
    previous = start - dt.timedelta(days=3)
    # mail: 30% opens before, 15% now (a real drop); the webhook: 20% and 21% (noise)
    await _rollup(previous, mail.id, publication.id, sent=1000, delivered=1000,
                  unique_opens=300, bounces=10)
    await _rollup(start + HOUR, mail.id, publication.id, sent=1000, delivered=990,
                  unique_opens=150, bounces=10, unique_clicks=40)
    await _rollup(previous, hook.id, publication.id, sent=500, delivered=500,
                  unique_opens=100)
    await _rollup(start + HOUR, hook.id, publication.id, sent=500, delivered=500,
                  unique_opens=105)

    rows = await performance.performance(performance.Dimension.CHANNEL, start, NOW)

    by_key = {row.key: row for row in rows}
    opens = by_key[mail.id].open_rate
    assert (opens.successes, opens.trials) == (150, 990)
    low, high = proportion_confint(150, 990, alpha=0.05, method="wilson")
    assert (opens.low, opens.high) == pytest.approx((low, high))
    assert opens.low < opens.rate < opens.high
    assert opens.previous == 0.3 and opens.trend is performance.Trend.DOWN
    assert opens.p_value < 1e-6
    assert by_key[hook.id].open_rate.trend is performance.Trend.FLAT
    assert by_key[mail.id].bounce_rate.rate == 0.01
    assert [row.key for row in rows] == [mail.id, hook.id]  # busiest first
    assert by_key[mail.id].label == "mail"

    # the same numbers per topic and per template (the publication chose template 7)
    [per_topic] = await performance.performance(performance.Dimension.TOPIC, start, NOW)
    assert (per_topic.key, per_topic.sent) == (topic.id, 1500)
    [per_template] = await performance.performance(performance.Dimension.TEMPLATE, start,
                                                   NOW)
    assert (per_template.key, per_template.label) == (7, "#7")
    assert per_template.open_rate.successes == 255

    # through the API, as a dashboard asks
    data = await gql.data(
        "query($f: DateTime!, $t: DateTime!) { performance(dimension: PUBLICATION, from: $f, "
        "to: $t) { key label sent openRate { rate low high previous trend pValue } } }",
        {"f": start.isoformat(), "t": NOW.isoformat()}, role="viewer")
    [row] = data["performance"]
    assert (row["label"], row["sent"], row["openRate"]["trend"]) == ("weekly", 1500, "DOWN")


async def test_open_rate_per_send_hour_from_the_ledger(db) -> None:
    channel = await Channel.create(name="hook", type=ChannelType.WEBHOOK, config={"url": "x"})
    publication = await Publication.create(title="p", status=PublicationStatus.PUBLISHED)
    reader = await Subscriber.create(email="r@example.com")
    morning = NOW.replace(hour=9) - dt.timedelta(days=1)
    evening = NOW.replace(hour=20) - dt.timedelta(days=1)
    engaged = []
    for i in range(20):
        at = morning if i < 10 else evening
        delivery = await Delivery.create(
            idempotency_key=f"k{i}", publication=publication, channel=channel,
            subscriber=reader, recipient="x", status=DeliveryStatus.SENT, sent_at=at)
        if i < 8 or i == 10:  # 8 of 10 in the morning, 1 of 10 in the evening
            engaged.append(FirstEngagement(delivery_id=delivery.id, kind="engaged"))
    await FirstEngagement.bulk_create(engaged)

    rows = await performance.performance(performance.Dimension.HOUR,
                                         NOW - dt.timedelta(days=2), NOW)

    by_hour = {row.key: row.open_rate for row in rows}
    assert (by_hour[9].successes, by_hour[9].trials) == (8, 10)
    assert (by_hour[20].successes, by_hour[20].trials) == (1, 10)
    assert by_hour[9].low > by_hour[20].high  # the intervals do not overlap


def _baseline(rng: np.random.Generator, hours: int, sent: int, bounce: float,
              opens: float) -> list[tuple[int, int, int]]:
    return [(sent, int(rng.binomial(sent, bounce)), int(rng.binomial(sent, opens)))
            for _ in range(hours)]


async def _channel_history(channel: Channel, rng: np.random.Generator, *,
                           window_bounce: float = 0.01, window_opens: float = 0.25) -> None:
    """A week of hourly sends before the window (1% bounces, 25% opens), then the last
    three hours with the given rates."""
    window_end = NOW.replace(minute=0) + HOUR
    window_start = window_end - anomalies.WINDOW
    for k, (sent, bounces, opens) in enumerate(_baseline(rng, 24 * 7, 100, 0.01, 0.25)):
        await _rollup(window_start - (k + 1) * HOUR, channel.id, sent=sent, delivered=sent,
                      bounces=bounces, unique_opens=opens)
    for k in range(3):
        sent = 150
        await _rollup(window_start + k * HOUR, channel.id, sent=sent, delivered=sent,
                      bounces=int(rng.binomial(sent, window_bounce)),
                      unique_opens=int(rng.binomial(sent, window_opens)))


async def test_anomalies_fire_on_injected_spikes_and_not_on_noise(db) -> None:
    rng = np.random.default_rng(19)
    quiet = [await Channel.create(name=f"calm-{i}", type=ChannelType.EMAIL, config={})
             for i in range(12)]
    for channel in quiet:
        await _channel_history(channel, rng)  # same rates in the window: noise only
    bouncing = await Channel.create(name="bouncing", type=ChannelType.EMAIL, config={})
    await _channel_history(bouncing, rng, window_bounce=0.08)
    unopened = await Channel.create(name="unopened", type=ChannelType.EMAIL, config={})
    await _channel_history(unopened, rng, window_opens=0.08)

    _, findings = await anomalies.find_anomalies(NOW)

    assert {(f.kind, f.channel_id) for f in findings} == {
        (anomalies.AnomalyKind.BOUNCE_SPIKE, bouncing.id),
        (anomalies.AnomalyKind.OPEN_RATE_DROP, unopened.id)}
    spike = next(f for f in findings if f.channel_id == bouncing.id)
    assert spike.z_score >= anomalies.Z_THRESHOLD and spike.observed_n == 450


def test_judge_needs_enough_trials_a_real_change_and_a_floor() -> None:
    rule = next(r for r in anomalies.RULES if r.kind is anomalies.AnomalyKind.BOUNCE_SPIKE)
    assert anomalies.judge(rule, 1, 40, 199, 100, 10_000) is None  # too few trials
    assert anomalies.judge(rule, 1, 13, 1000, 100, 10_000) is None  # 1.3% vs 1%: noise
    assert anomalies.judge(rule, 1, 30, 1000, 100, 10_000) is not None  # 3% vs 1%
    # 1.5% against 0.2%: far outside the noise and 7.5 times higher, but under the 2%
    # floor, so it pages nobody
    assert anomalies.judge(rule, 1, 15, 1000, 20, 10_000) is None
    complaints = next(r for r in anomalies.RULES
                      if r.kind is anomalies.AnomalyKind.COMPLAINT_SPIKE)
    assert anomalies.judge(complaints, 1, 5, 10_000, 10, 100_000) is None  # 0.05%


async def test_check_raises_one_alert_per_anomaly_through_the_alerts_lane(db) -> None:
    rng = np.random.default_rng(5)
    ops = await Channel.create(name="ops-hook", type=ChannelType.WEBHOOK,
                               config={"url": "https://ops.example.com/hook"})
    bouncing = await Channel.create(name="bouncing", type=ChannelType.EMAIL, config={})
    await _channel_history(bouncing, rng, window_bounce=0.1)
    anomalies.configure(alert_channel_ids=[ops.id])
    try:
        raised = await scheduled.check_anomalies(NOW)
        assert len(raised) == 1
        assert await scheduled.check_anomalies(NOW) == []  # the same window: once
    finally:
        anomalies.configure(alert_channel_ids=[])

    alert = await Alert.get(id=raised[0]).prefetch_related("publication")
    assert alert.publication.priority is Priority.HIGH
    assert "bouncing: bounce rate spiked" in alert.publication.title
    assert [c.id for c in await alert.publication.channels.all()] == [ops.id]
    [anomaly] = await PerformanceAnomaly.all()
    assert (anomaly.kind, anomaly.channel_id, anomaly.alert_id) == \
        ("bounce_spike", bouncing.id, alert.id)


async def test_a_failing_alert_stops_no_other_finding(db) -> None:
    rng = np.random.default_rng(8)
    first = await Channel.create(name="first", type=ChannelType.EMAIL, config={})
    second = await Channel.create(name="second", type=ChannelType.EMAIL, config={})
    await _channel_history(first, rng, window_bounce=0.1)
    await _channel_history(second, rng, window_bounce=0.1)
    anomalies.configure(alert_channel_ids=[10**6])  # no such channel: create_alert refuses
    try:
        assert await scheduled.check_anomalies(NOW) == []
    finally:
        anomalies.configure(alert_channel_ids=[])
    stored = await PerformanceAnomaly.all().order_by("channel_id")
    assert [(a.channel_id, a.alert_id) for a in stored] == [(first.id, None),
                                                            (second.id, None)]
    assert not await Alert.exists()


@pytest.mark.parametrize(("arguments", "field"), [
    pytest.param('from: "2026-11-02T00:00:00Z", to: "2026-11-01T00:00:00Z"', "to",
                 id="backwards"),
    pytest.param('from: "2024-01-01T00:00:00Z", to: "2026-11-01T00:00:00Z"', "to",
                 id="too-long"),
    pytest.param('from: "2026-11-01T00:00:00", to: "2026-11-02T00:00:00Z"', "from",
                 id="no-zone"),
    pytest.param('from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z", '
                 'topicId: "Q2hhbm5lbDox"', "topicId", id="not-a-topic"),
])
async def test_performance_bad_input(gql, arguments, field) -> None:
    error = await gql.error(f"{{ performance(dimension: CHANNEL, {arguments}) {{ key }} }}")
    assert (error["extensions"]["code"], error["extensions"]["field"]) == \
        ("BAD_USER_INPUT", field), error


async def test_anomaly_list_bad_input(gql) -> None:
    error = await gql.error("{ performanceAnomalies(first: 0) { kind } }")
    assert (error["extensions"]["code"], error["extensions"]["field"]) == \
        ("BAD_USER_INPUT", "first")
