"""Send-time optimization (STO) against the database: load engagement in bulk, estimate
(domain.optimization.estimator), and pick each reader's time inside a window.

- `estimates(subscriber_ids)`: per reader, best hour of week, confidence, events.
- `optimal_times(subscriber_ids, start, end)`: each reader's best moment in a window,
  outside their quiet hours; the hook digests use (`optimal_time` for one reader).
- `plan_deliveries(connection, publication_id)`: called by audience resolution inside
  its transaction when the publication was scheduled with `sendAt: OPTIMAL`; writes each
  pending bulk delivery's due time (`next_attempt_at`), spreading the load so no hour of
  the window gets more than `MAX_PEAK_TO_MEAN` times its share (no thundering herd at 09:00).

Only human opens and clicks count (machine opens say when a proxy fetched, not when a
person read). Alerts never go through here: they travel on their own lane, now.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from tortoise import BaseDBAsyncClient, Tortoise

from domain.errors import InvalidInput
from domain.flags.book import FLAGS
from domain.optimization.estimator import (
    HOURS_IN_WEEK,
    Estimates,
    Priors,
    estimate,
    hour_of_week,
    priors_from_shares,
    smooth,
)
from domain.optimization.models import SendTimePlan
from domain.personalization.windows import quiet_until, zone

FLAG = "send_time_optimization"
#: history older than this says little about today's habits
LOOKBACK = dt.timedelta(days=180)
#: the busiest hour of a plan gets at most this many times the mean per hour
MAX_PEAK_TO_MEAN = 2.5
#: recomputing the population's patterns costs one aggregate over the events
PRIORS_TTL_SECONDS = 600.0
#: the population patterns are computed from about this many readers (every k-th by id)
PRIOR_SAMPLE = 20_000
SLOT = dt.timedelta(hours=1)
MIN_WINDOW = dt.timedelta(hours=1)
MAX_WINDOW = dt.timedelta(days=7)

_LOCAL_HOUR = ("((extract(isodow FROM e.occurred_at AT TIME ZONE s.timezone)::int - 1) * 24"
               " + extract(hour FROM e.occurred_at AT TIME ZONE s.timezone)::int)")
_HUMAN = "e.type IN ('open', 'click') AND NOT e.is_machine AND e.occurred_at >= $1"

# a join on the ids, not `= ANY(array)`: a 100,000-element array tested per event row
# would be a linear search each time
_COUNTS = f"""
SELECT e.subscriber_id AS s, {_LOCAL_HOUR} AS h, count(*)::int AS n
FROM unnest($2::int[]) AS w(id)
JOIN subscriber s ON s.id = w.id
JOIN engagement_event e ON e.subscriber_id = w.id
WHERE {_HUMAN}
GROUP BY 1, 2
"""

# Each reader counts once in their zone's pattern: their counts divided by their total.
# A population pattern needs no more than PRIOR_SAMPLE readers: every k-th by id ($2).
_ZONE_SHARES = f"""
WITH c AS (
    SELECT e.subscriber_id AS s, s.timezone AS tz, {_LOCAL_HOUR} AS h, count(*) AS n
    FROM engagement_event e JOIN subscriber s ON s.id = e.subscriber_id
    WHERE {_HUMAN} AND e.subscriber_id % $2 = 0
    GROUP BY 1, 2, 3
), t AS (SELECT c.*, sum(n) OVER (PARTITION BY s) AS total FROM c),
r AS (SELECT tz, count(DISTINCT s) AS readers FROM c GROUP BY tz)
SELECT t.tz, t.h, sum(t.n::float8 / t.total) AS share, max(r.readers) AS readers
FROM t JOIN r ON r.tz = t.tz GROUP BY t.tz, t.h
"""

_READERS = "SELECT id, timezone FROM subscriber WHERE id = ANY($1::int[])"


def _connection() -> BaseDBAsyncClient:
    return Tortoise.get_connection("default")


class PriorCache:
    """The population's patterns, recomputed at most every `ttl` seconds per process (a
    cache: another process computes its own)."""

    def __init__(self, ttl: float = PRIORS_TTL_SECONDS) -> None:
        self.ttl = ttl
        self._priors: Priors | None = None
        self._at = 0.0

    def invalidate(self) -> None:
        self._priors = None

    async def get(self, now: dt.datetime) -> Priors:
        if self._priors is not None and time.monotonic() - self._at < self.ttl:
            return self._priors
        total = (await _connection().execute_query_dict(
            "SELECT count(*) AS n FROM subscriber"))[0]["n"]
        every = max(1, int(total) // PRIOR_SAMPLE)
        rows = await _connection().execute_query_dict(_ZONE_SHARES,
                                                      [now - LOOKBACK, every])
        names = sorted({row["tz"] for row in rows})
        index = {name: i for i, name in enumerate(names)}
        shares = np.zeros((len(names), HOURS_IN_WEEK))
        readers = np.zeros(len(names))
        for row in rows:
            shares[index[row["tz"]], row["h"]] = row["share"]
            readers[index[row["tz"]]] = row["readers"]
        self._priors = priors_from_shares(names, smooth(shares), readers)
        self._at = time.monotonic()
        return self._priors


PRIORS = PriorCache()


@dataclass(frozen=True, slots=True)
class Readers:
    """Readers in a fixed order with their zones and estimates (row i is ids[i])."""

    ids: list[int]
    timezones: list[str]
    estimates: Estimates


async def load_estimates(subscriber_ids: Sequence[int], now: dt.datetime | None = None
                         ) -> Readers:
    """Estimates for the given readers (unknown ids are left out): two statements and
    array arithmetic, whatever the number of readers."""
    now = now or dt.datetime.now(dt.UTC)
    connection = _connection()
    wanted = sorted(set(subscriber_ids))
    rows = await connection.execute_query_dict(_READERS, [wanted])
    rows.sort(key=lambda row: row["id"])
    ids = [row["id"] for row in rows]
    timezones = [row["timezone"] for row in rows]
    position = {subscriber_id: i for i, subscriber_id in enumerate(ids)}
    counts = np.zeros((len(ids), HOURS_IN_WEEK))
    if ids:
        _, records = await connection.execute_query(_COUNTS, [now - LOOKBACK, ids])
        if records:
            data = np.array([tuple(record) for record in records], dtype=np.int64)
            rows_index = np.array([position[s] for s in data[:, 0]], dtype=np.int64)
            np.add.at(counts, (rows_index, data[:, 1]), data[:, 2])
    priors = await PRIORS.get(now)
    prior_rows = np.array([priors.for_zone(name) for name in timezones]).reshape(
        len(ids), HOURS_IN_WEEK)
    return Readers(ids, timezones, estimate(counts, prior_rows))


@dataclass(frozen=True, slots=True)
class SendTimeEstimate:
    subscriber_id: int
    timezone: str
    #: 0 = Monday 00:00 in the reader's zone
    best_hour_of_week: int
    confidence: float
    events: int

    @property
    def from_history(self) -> bool:
        return self.events > 0


async def estimates(subscriber_ids: Sequence[int]) -> dict[int, SendTimeEstimate]:
    readers = await load_estimates(subscriber_ids)
    found = readers.estimates
    return {subscriber_id: SendTimeEstimate(
        subscriber_id, readers.timezones[i], int(found.best_hour[i]),
        float(found.confidence[i]), int(found.events[i]))
        for i, subscriber_id in enumerate(readers.ids)}


# --- choosing moments inside a window ------------------------------------------------

@dataclass(frozen=True, slots=True)
class Reader:
    """What placing a reader needs besides their estimate."""

    timezone: str
    quiet_start: dt.time | None = None
    quiet_end: dt.time | None = None


def window_slots(start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.timedelta]]:
    """Hourly slots [start + k h, …) covering the window; the last one may be shorter."""
    count = max(1, math.ceil((end - start) / SLOT))
    return [(start + k * SLOT, min(SLOT, end - (start + k * SLOT))) for k in range(count)]


def slot_hours(slots: list[tuple[dt.datetime, dt.timedelta]], timezone: str) -> np.ndarray:
    """Each slot's hour of the week on the reader's clock (DST-correct per slot)."""
    tz = zone(timezone)
    local = [begin.astimezone(tz) for begin, _ in slots]
    return np.array([hour_of_week(moment.weekday(), moment.hour) for moment in local])


def _allowed(slots: list[tuple[dt.datetime, dt.timedelta]], reader: Reader) -> np.ndarray:
    """Slots with no quiet minute in them (checked minute by minute: windows are set to
    the minute and may be shorter than an hour)."""
    if reader.quiet_start is None or reader.quiet_end is None:
        return np.ones(len(slots), dtype=bool)
    allowed = np.ones(len(slots), dtype=bool)
    for k, (begin, length) in enumerate(slots):
        minutes = max(1, int(length.total_seconds() // 60))
        allowed[k] = all(quiet_until(begin + dt.timedelta(minutes=m), reader.timezone,
                                     reader.quiet_start, reader.quiet_end) is None
                         for m in range(minutes))
    return allowed


def place(readers: Sequence[Reader], posterior: np.ndarray, confidence: np.ndarray,
          start: dt.datetime, end: dt.datetime, *,
          max_peak_to_mean: float | None = MAX_PEAK_TO_MEAN) -> tuple[list[dt.datetime], float]:
    """Each reader's moment in [start, end) and the plan's peak-to-mean hourly load.

    Readers go to their best allowed slot, the most confident first; a slot that already
    holds `max_peak_to_mean` times the mean sends the next reader to their next-best slot.
    Inside a slot, its readers are spread evenly over its minutes. Readers whose every
    slot is quiet (a window shorter than their night) go to their best slot anyway: the
    sender's quiet-hours check holds them until the morning."""
    slots = window_slots(start, end)
    n, k = len(readers), len(slots)
    if n == 0:
        return [], 0.0
    scores = np.empty((n, k))
    groups: dict[Reader, list[int]] = {}
    for i, reader in enumerate(readers):
        groups.setdefault(reader, []).append(i)
    hours_by_zone: dict[str, np.ndarray] = {}
    for reader, members in groups.items():
        hours = hours_by_zone.get(reader.timezone)
        if hours is None:
            hours = hours_by_zone[reader.timezone] = slot_hours(slots, reader.timezone)
        rows = np.array(members)
        block = posterior[rows][:, hours]
        allowed = _allowed(slots, reader)
        if allowed.any():
            block[:, ~allowed] = -np.inf
        scores[rows] = block
    capacity = (np.full(k, n, dtype=np.int64) if max_peak_to_mean is None
                else np.full(k, max(1, math.ceil(max_peak_to_mean * n / k)), dtype=np.int64))
    assigned = np.full(n, -1, dtype=np.int64)
    load = np.zeros(k, dtype=np.int64)
    ranked = np.argsort(-scores, axis=1, kind="stable")
    priority = np.argsort(-confidence, kind="stable")
    for round_ in range(k):
        waiting = priority[assigned[priority] < 0]
        if waiting.size == 0:
            break
        choice = ranked[waiting, round_]
        usable = np.isfinite(scores[waiting, choice])
        order = np.argsort(choice, kind="stable")  # keeps the priority order per slot
        chosen = choice[order]
        first = np.searchsorted(chosen, chosen, side="left")
        position = np.arange(len(order)) - first
        accept = (position < (capacity - load)[chosen]) & usable[order]
        winners = waiting[order[accept]]
        assigned[winners] = chosen[accept]
        load += np.bincount(chosen[accept], minlength=k)
    left = assigned < 0  # every allowed slot full: their best one, over capacity
    assigned[left] = ranked[left, 0]
    load = np.bincount(assigned, minlength=k)
    # spread each slot's readers evenly over its length, in reader order
    order = np.argsort(assigned, kind="stable")
    chosen = assigned[order]
    position = np.arange(n) - np.searchsorted(chosen, chosen, side="left")
    moments: list[dt.datetime] = [start] * n
    for i, slot, rank in zip(order.tolist(), chosen.tolist(), position.tolist(), strict=True):
        begin, length = slots[slot]
        moments[i] = begin + length * ((rank + 0.5) / load[slot])
    return [moment.replace(microsecond=0) for moment in moments], float(load.max() * k / n)


async def reader_rules(subscriber_ids: Sequence[int]) -> dict[int, Reader]:
    rows = await _connection().execute_query_dict(
        "SELECT id, timezone, quiet_hours_start, quiet_hours_end FROM subscriber "
        "WHERE id = ANY($1::int[])", [list(subscriber_ids)])
    return {row["id"]: Reader(row["timezone"], _wall(row["quiet_hours_start"]),
                              _wall(row["quiet_hours_end"])) for row in rows}


def _wall(value: dt.time | None) -> dt.time | None:
    """The database hands TIME back with UTC attached: the wall clock is what counts."""
    return value.replace(tzinfo=None) if value is not None else None


def check_window(start: dt.datetime, end: dt.datetime, field: str = "windowHours") -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidInput("window times need a time zone", field="at")
    if not MIN_WINDOW <= end - start <= MAX_WINDOW:
        raise InvalidInput(f"the window is from {MIN_WINDOW.total_seconds() / 3600:g} to "
                           f"{MAX_WINDOW.total_seconds() / 3600:g} hours", field=field)


async def optimal_times(subscriber_ids: Sequence[int], start: dt.datetime,
                        end: dt.datetime) -> dict[int, dt.datetime]:
    """Each reader's best moment in [start, end), outside their quiet hours, without load
    spreading (digests and previews ask about a few readers at a time)."""
    check_window(start, end, field="end")
    readers = await load_estimates(subscriber_ids)
    rules = await reader_rules(readers.ids)
    moments, _ = place([rules[i] for i in readers.ids], readers.estimates.posterior,
                       readers.estimates.confidence, start, end, max_peak_to_mean=None)
    return dict(zip(readers.ids, moments, strict=True))


async def optimal_time(subscriber_id: int, start: dt.datetime, end: dt.datetime
                       ) -> dt.datetime:
    """The digest hook: one reader's best moment in [start, end) (`start` for an unknown
    reader)."""
    return (await optimal_times([subscriber_id], start, end)).get(subscriber_id, start)


# --- planning a publication's deliveries --------------------------------------------

_PENDING = """
SELECT d.id, d.subscriber_id FROM delivery d
WHERE d.publication_id = $1 AND d.status = 'pending' AND d.lane = 'bulk'
  AND NOT EXISTS (SELECT 1 FROM variant v WHERE v.id = d.variant_id
                  AND v.send_delay_seconds > 0)
ORDER BY d.id
"""

_SET_DUE = """
UPDATE delivery d SET next_attempt_at = i.at, updated_at = now()
FROM unnest($1::bigint[], $2::timestamptz[]) AS i(id, at)
WHERE d.id = i.id AND d.status = 'pending'
"""


@dataclass(frozen=True, slots=True)
class PlanSummary:
    planned: int
    unplanned: int
    peak_to_mean: float | None


async def plan_deliveries(connection: BaseDBAsyncClient, publication_id: int,
                          now: dt.datetime | None = None) -> PlanSummary | None:
    """Give each pending bulk delivery of an OPTIMAL publication its reader's due time
    (None: the publication has no plan). Rows without a reader and readers outside the
    flag's rollout are due at the window's start; rows an experiment's send-time variant
    timed keep the experiment's time. Idempotent: runs once per audience
    resolution, in its transaction."""
    now = now or dt.datetime.now(dt.UTC)
    plan = await SendTimePlan.filter(publication_id=publication_id).using_db(connection).first()
    if plan is None:
        return None
    start = max(plan.window_start, now)
    end = max(plan.window_end, start + MIN_WINDOW)
    rows = await connection.execute_query_dict(_PENDING, [publication_id])
    flag = await FLAGS.state(FLAG)
    optimized = sorted({row["subscriber_id"] for row in rows
                        if row["subscriber_id"] is not None
                        and flag.on_for(row["subscriber_id"])})
    due: dict[int, dt.datetime] = {}
    peak = None
    if optimized:
        readers = await load_estimates(optimized, now)
        rules = await reader_rules(readers.ids)
        moments, peak = place([rules[i] for i in readers.ids], readers.estimates.posterior,
                              readers.estimates.confidence, start, end)
        due = dict(zip(readers.ids, moments, strict=True))
    ids = [row["id"] for row in rows]
    times = [due.get(row["subscriber_id"], start) for row in rows]
    if ids:
        await connection.execute_query(_SET_DUE, [ids, times])
    planned = sum(1 for row in rows if row["subscriber_id"] in due)
    summary = PlanSummary(planned, len(rows) - planned, peak)
    await SendTimePlan.filter(id=plan.id).using_db(connection).update(
        planned_at=now, planned=summary.planned, unplanned=summary.unplanned,
        peak_to_mean=peak)
    return summary
