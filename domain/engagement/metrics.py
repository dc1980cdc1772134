"""The `metrics` read: counters and rates per time bucket, from the rollup table.

Filters narrow to one publication, one channel and/or one topic (a publication counts
toward each of its topics). Unique opens and clicks are attributed to the bucket of the
first one, so summing buckets gives the unique count over the range.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
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


@dataclass(slots=True)
class Rates:
    """Fractions (0..1) or None when the denominator is zero."""

    delivery_rate: float | None
    open_rate: float | None
    click_rate: float | None
    click_to_open_rate: float | None
    bounce_rate: float | None
    complaint_rate: float | None
    unsubscribe_rate: float | None


@dataclass(slots=True)
class MetricPoint:
    bucket: dt.datetime
    counters: dict[str, int]
    rates: Rates


@dataclass(slots=True)
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


@lru_cache(maxsize=16)
def _sql(by_publication: bool, by_channel: bool, by_topic: bool) -> str:
    """The statement for one combination of filters (a few distinct texts, so asyncpg's
    prepared-statement cache and PostgreSQL's plan cache both hit)."""
    conditions = ["granularity = $1", "bucket >= $2", "bucket < $3"]
    if by_publication:
        conditions.append(f"publication_id = ${len(conditions) + 1}")
    if by_channel:
        conditions.append(f"channel_id = ${len(conditions) + 1}")
    if by_topic:
        conditions.append("publication_id IN (SELECT publication_id FROM publication_topic "
                          f"WHERE topic_id = ${len(conditions) + 1})")
    return ("SELECT bucket, " + ", ".join(f"sum({name})::bigint AS {name}" for name in COUNTERS)
            + " FROM metric_rollup WHERE " + " AND ".join(conditions)
            + " GROUP BY bucket ORDER BY bucket")


async def metrics(query: MetricsFilter) -> MetricsReport:
    """Dashboards call this on every load: it reads only rollup rows (one statement) and
    keeps the per-row Python work small (plain slotted objects, cached SQL)."""
    query = check_filter(query)
    values: list[Any] = [query.granularity.value,
                         bucket_start(query.start, query.granularity), query.end]
    values.extend(value for value in (query.publication_id, query.channel_id,
                                      query.topic_id) if value is not None)
    sql = _sql(query.publication_id is not None, query.channel_id is not None,
               query.topic_id is not None)
    _, records = await Tortoise.get_connection("default").execute_query(sql, values)
    rows = [tuple(record) for record in records]
    points = []
    for row in rows:
        counters = dict(zip(COUNTERS, row[1:], strict=True))
        points.append(MetricPoint(row[0], counters, rates_of(counters)))
    columns = zip(*(row[1:] for row in rows), strict=True)  # one tuple per counter
    totals = dict(zip(COUNTERS, map(sum, columns), strict=True)) if rows else dict.fromkeys(
        COUNTERS, 0)
    return MetricsReport(query, points, totals, rates_of(totals))
