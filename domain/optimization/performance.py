"""Performance analysis: rates with confidence intervals per publication, topic, channel,
template or hour of day, trends against the previous period, and anomalies.

Rates come from the hourly rollups (`metric_rollup`), so a 30-day report reads a few
thousand rows, never the events. Per hour of day the ledger answers instead (a rollup
buckets an open by when it happened; the hour a message was *sent* is what an editor can
choose): deliveries sent in that hour, and how many a person opened or clicked.

Every rate carries a 95% Wilson interval (statsmodels), which stays inside [0, 1] and
behaves with few trials; a trend compares the period with the one just before it (same
length) by a two-proportion z-test.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from statsmodels.stats.proportion import proportion_confint
from tortoise import Tortoise

from domain.errors import InvalidInput

CONFIDENCE = 0.95
MAX_RANGE = dt.timedelta(days=366)
#: a change is called a trend when the z-test's p-value is below this
TREND_ALPHA = 0.05


class Dimension(StrEnum):
    PUBLICATION = "publication"
    TOPIC = "topic"
    CHANNEL = "channel"
    TEMPLATE = "template"
    HOUR = "hour"


class Trend(StrEnum):
    UP = "up"
    DOWN = "down"
    FLAT = "flat"
    #: nothing to compare with in the previous period
    NEW = "new"


@dataclass(frozen=True, slots=True)
class Rate:
    successes: int
    trials: int
    rate: float | None
    low: float | None
    high: float | None
    previous: float | None = None
    previous_trials: int = 0
    change: float | None = None
    p_value: float | None = None
    trend: Trend = Trend.NEW


@dataclass(frozen=True, slots=True)
class PerformanceRow:
    key: int
    label: str
    sent: int
    open_rate: Rate
    click_rate: Rate
    bounce_rate: Rate
    complaint_rate: Rate


def wilson(successes: np.ndarray, trials: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """95% Wilson intervals, vectorized; NaN where there are no trials."""
    safe = np.maximum(trials, 1)
    low, high = proportion_confint(np.minimum(successes, safe), safe,
                                   alpha=1 - CONFIDENCE, method="wilson")
    empty = trials <= 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)


def two_proportion_p(s1: int, n1: int, s2: int, n2: int) -> float | None:
    """Two-sided p-value of a pooled two-proportion z-test (None without trials)."""
    if n1 <= 0 or n2 <= 0:
        return None
    pooled = (s1 + s2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return 1.0
    z = (s1 / n1 - s2 / n2) / spread
    return math.erfc(abs(z) / math.sqrt(2))


def _none(value: float) -> float | None:
    return None if value != value else float(value)  # NaN -> None


def rates(successes: np.ndarray, trials: np.ndarray, previous_successes: np.ndarray,
          previous_trials: np.ndarray) -> list[Rate]:
    low, high = wilson(successes, trials)
    out = []
    for i in range(len(successes)):
        s, n = int(successes[i]), int(trials[i])
        ps, pn = int(previous_successes[i]), int(previous_trials[i])
        rate = s / n if n else None
        previous = ps / pn if pn else None
        p_value = two_proportion_p(s, n, ps, pn)
        if rate is None or previous is None or p_value is None:
            trend = Trend.NEW
        elif p_value < TREND_ALPHA:
            trend = Trend.UP if rate > previous else Trend.DOWN
        else:
            trend = Trend.FLAT
        out.append(Rate(s, n, rate, _none(low[i]), _none(high[i]), previous, pn,
                        None if rate is None or previous is None else rate - previous,
                        p_value, trend))
    return out


# --- reading the numbers ---------------------------------------------------------------

_COUNTERS = ("sent", "delivered", "unique_opens", "unique_clicks", "bounces", "complaints")
_SUMS = ", ".join(f"sum(r.{name})::bigint AS {name}" for name in _COUNTERS)

_KEYS = {
    Dimension.PUBLICATION: ("r.publication_id", ""),
    Dimension.CHANNEL: ("r.channel_id", ""),
    Dimension.TOPIC: ("pt.topic_id", "JOIN publication_topic pt "
                                     "ON pt.publication_id = r.publication_id"),
    # a publication counts toward each template it chose (one per format); 0: built-ins
    Dimension.TEMPLATE: ("COALESCE(tc.value::int, 0)",
                         "JOIN publication p ON p.id = r.publication_id "
                         "LEFT JOIN LATERAL jsonb_each_text(p.template_choices) tc ON true"),
}

_BY_HOUR = """
SELECT extract(hour FROM d.sent_at)::int AS key, count(*)::bigint AS sent,
       count(*)::bigint AS delivered,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM engagement_first f
                        WHERE f.delivery_id = d.id AND f.kind = 'engaged'))::bigint
           AS unique_opens,
       0::bigint AS unique_clicks, 0::bigint AS bounces, 0::bigint AS complaints
FROM delivery d
WHERE d.sent_at >= $1 AND d.sent_at < $2 AND d.subscriber_id IS NOT NULL
  AND ($3::int IS NULL OR d.publication_id IN (SELECT publication_id FROM publication_topic
                                               WHERE topic_id = $3))
GROUP BY 1
"""


def _rollup_sql(dimension: Dimension) -> str:
    key, join = _KEYS[dimension]
    return (f"SELECT {key} AS key, {_SUMS} FROM metric_rollup r {join} "
            "WHERE r.granularity = 'hour' AND r.bucket >= $1 AND r.bucket < $2 "
            "AND ($3::int IS NULL OR r.publication_id IN (SELECT publication_id FROM "
            "publication_topic WHERE topic_id = $3)) GROUP BY 1")


async def _period(dimension: Dimension, start: dt.datetime, end: dt.datetime,
                  topic_id: int | None) -> dict[int, dict[str, int]]:
    sql = _BY_HOUR if dimension is Dimension.HOUR else _rollup_sql(dimension)
    rows = await Tortoise.get_connection("default").execute_query_dict(
        sql, [start, end, topic_id])
    return {int(row["key"]): {name: int(row[name]) for name in _COUNTERS} for row in rows}


async def _labels(dimension: Dimension, keys: list[int]) -> dict[int, str]:
    if dimension is Dimension.HOUR:
        return {key: f"{key:02d}:00 UTC" for key in keys}
    table, column = {Dimension.PUBLICATION: ("publication", "title"),
                     Dimension.CHANNEL: ("channel", "name"),
                     Dimension.TOPIC: ("topic", "name"),
                     Dimension.TEMPLATE: ("template", "name")}[dimension]
    rows = await Tortoise.get_connection("default").execute_query_dict(
        f"SELECT id, {column} AS label FROM {table} WHERE id = ANY($1::int[])", [keys])
    found = {row["id"]: row["label"] for row in rows}
    if dimension is Dimension.TEMPLATE:
        found.setdefault(0, "built-in")
    return {key: found.get(key, f"#{key}") for key in keys}


def check_range(start: dt.datetime, end: dt.datetime) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidInput("from and to need a time zone (e.g. 2026-12-01T00:00:00Z)",
                           field="from")
    if end <= start:
        raise InvalidInput("to must be after from", field="to")
    if end - start > MAX_RANGE:
        raise InvalidInput("the range is at most 366 days", field="to")


async def performance(dimension: Dimension, start: dt.datetime, end: dt.datetime, *,
                      topic_id: int | None = None) -> list[PerformanceRow]:
    """Rows for every key with sends in [start, end) or the period before it, busiest
    first. Open and click rates are over delivered (sent where the channel has no
    receipts), bounces over sent, complaints over delivered. Per hour the open rate is
    deliveries opened or clicked by a person over deliveries sent in that hour."""
    check_range(start, end)
    current = await _period(dimension, start, end, topic_id)
    previous = await _period(dimension, start - (end - start), start, topic_id)
    keys = sorted(set(current) | set(previous),
                  key=lambda k: (-current.get(k, {}).get("sent", 0), k))
    if not keys:
        return []
    zero = dict.fromkeys(_COUNTERS, 0)

    def column(period: dict[int, dict[str, int]], name: str) -> np.ndarray:
        return np.array([period.get(k, zero)[name] for k in keys], dtype=np.int64)

    def base(period: dict[int, dict[str, int]]) -> np.ndarray:
        delivered = column(period, "delivered")
        return np.where(delivered > 0, delivered, column(period, "sent"))

    now_base, before_base = base(current), base(previous)
    opens = rates(np.minimum(column(current, "unique_opens"), now_base), now_base,
                  np.minimum(column(previous, "unique_opens"), before_base), before_base)
    clicks = rates(np.minimum(column(current, "unique_clicks"), now_base), now_base,
                   np.minimum(column(previous, "unique_clicks"), before_base), before_base)
    sent_now, sent_before = column(current, "sent"), column(previous, "sent")
    bounces = rates(np.minimum(column(current, "bounces"), sent_now), sent_now,
                    np.minimum(column(previous, "bounces"), sent_before), sent_before)
    complaints = rates(np.minimum(column(current, "complaints"), now_base), now_base,
                       np.minimum(column(previous, "complaints"), before_base), before_base)
    labels = await _labels(dimension, keys)
    return [PerformanceRow(key, labels[key], int(sent_now[i]), opens[i], clicks[i],
                           bounces[i], complaints[i]) for i, key in enumerate(keys)]
