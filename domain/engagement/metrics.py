"""The `metrics` read: counters and rates per time bucket, from the rollup table.

Filters narrow to one publication, one channel and/or one topic (a publication counts
toward each of its topics). Unique opens and clicks are attributed to the bucket of the
first one, so summing buckets gives the unique count over the range.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tortoise import Tortoise

from domain.engagement.models import COUNTERS, Granularity
from domain.engagement.recorder import bucket_start
from domain.errors import InvalidInput

#: the most buckets one query may return (a minute series over a day is 1440)
MAX_BUCKETS = 5000
_STEP = {Granularity.MINUTE: dt.timedelta(minutes=1), Granularity.HOUR: dt.timedelta(hours=1),
         Granularity.DAY: dt.timedelta(days=1)}


@dataclass(frozen=True, slots=True)
class MetricsFilter:
    start: dt.datetime
    end: dt.datetime
    granularity: Granularity = Granularity.DAY
    publication_id: int | None = None
    channel_id: int | None = None
    topic_id: int | None = None


@dataclass(frozen=True, slots=True)
class Rates:
    """Fractions (0..1) or None when the denominator is zero."""

    delivery_rate: float | None
    open_rate: float | None
    click_rate: float | None
    click_to_open_rate: float | None
    bounce_rate: float | None
    complaint_rate: float | None
    unsubscribe_rate: float | None


@dataclass(frozen=True, slots=True)
class MetricPoint:
    bucket: dt.datetime
    counters: dict[str, int]
    rates: Rates


@dataclass(frozen=True, slots=True)
class MetricsReport:
    filter: MetricsFilter
    points: list[MetricPoint] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    rates: Rates | None = None


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def rates_of(counters: dict[str, int]) -> Rates:
    sent = counters["sent"]
    # channels without delivery receipts count a successful send as delivered
    delivered = counters["delivered"] or sent
    return Rates(
        delivery_rate=_ratio(counters["delivered"], sent),
        open_rate=_ratio(counters["unique_opens"], delivered),
        click_rate=_ratio(counters["unique_clicks"], delivered),
        click_to_open_rate=_ratio(counters["unique_clicks"], counters["unique_opens"]),
        bounce_rate=_ratio(counters["bounces"], sent),
        complaint_rate=_ratio(counters["complaints"], delivered),
        unsubscribe_rate=_ratio(counters["unsubscribes"], delivered),
    )


def check_filter(query: MetricsFilter) -> MetricsFilter:
    """Normalise the range to bucket edges and refuse ranges that are empty or huge."""
    if query.start.tzinfo is None or query.end.tzinfo is None:
        raise InvalidInput("from and to need a time zone (e.g. 2026-12-01T00:00:00Z)",
                           field="from")
    if query.end <= query.start:
        raise InvalidInput("to must be after from", field="to")
    buckets = (query.end - query.start) / _STEP[query.granularity]
    if buckets > MAX_BUCKETS:
        raise InvalidInput(
            f"that range has {int(buckets)} {query.granularity.value} buckets (at most "
            f"{MAX_BUCKETS}); use a coarser granularity", field="granularity")
    return query


async def metrics(query: MetricsFilter) -> MetricsReport:
    query = check_filter(query)
    conditions = ["granularity = $1", "bucket >= $2", "bucket < $3"]
    values: list[Any] = [query.granularity.value,
                         bucket_start(query.start, query.granularity), query.end]
    if query.publication_id is not None:
        values.append(query.publication_id)
        conditions.append(f"publication_id = ${len(values)}")
    if query.channel_id is not None:
        values.append(query.channel_id)
        conditions.append(f"channel_id = ${len(values)}")
    if query.topic_id is not None:
        values.append(query.topic_id)
        conditions.append("publication_id IN (SELECT publication_id FROM publication_topic "
                          f"WHERE topic_id = ${len(values)})")
    sql = ("SELECT bucket, " + ", ".join(f"sum({name})::bigint AS {name}" for name in COUNTERS)
           + " FROM metric_rollup WHERE " + " AND ".join(conditions)
           + " GROUP BY bucket ORDER BY bucket")
    rows = await Tortoise.get_connection("default").execute_query_dict(sql, values)
    points = []
    totals = dict.fromkeys(COUNTERS, 0)
    for row in rows:
        counters = {name: int(row[name]) for name in COUNTERS}
        for name in COUNTERS:
            totals[name] += counters[name]
        points.append(MetricPoint(row["bucket"], counters, rates_of(counters)))
    return MetricsReport(query, points, totals, rates_of(totals))
