"""Channel monitoring: a per-channel, per-minute rollup of what sends came to, the time
series read from it, and the channel's health changes (breaker, disable/enable).

Why a rollup: a dashboard asks for a channel's sends, errors and latency percentiles over
hours or days, every few seconds; scanning the ledger (or the attempt log) for that grows
with traffic. Each batch adds its counts to one row per (channel, minute) instead — one
upsert per batch, rows in channel order so concurrent workers never deadlock — and a read
sums at most one row per minute of the period, whatever the traffic. Latencies go into
fixed buckets (`LATENCY_BOUNDS_MS`), so percentiles are estimates within a bucket.

Health changes (the breaker opening or closing, a channel disabled by delivery or by an
admin, enabled again) are published on the realtime bus for `channelHealthChanged`; a
lost event is repaired by the snapshot a subscriber gets when it (re)subscribes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tortoise import Tortoise
from tortoise.transactions import in_transaction

from domain.channels.models import Channel, ChannelStatus
from domain.errors import InvalidInput, NotFound
from domain.principals.actor import Actor
from domain.principals.service import audit
from domain.realtime.events import EventPublisher
from domain.throttling.breaker import BreakerState

#: upper bounds of the latency buckets (ms); one more bucket holds everything slower
LATENCY_BOUNDS_MS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000)
#: the longest period one channelMonitor read may cover, and the most points it returns
MAX_PERIOD = dt.timedelta(days=31)
MAX_POINTS = 1440
MIN_BUCKET = dt.timedelta(minutes=1)
SYSTEM = "system"


def channel_health_channel(channel_id: int) -> str:
    """The realtime channel carrying one channel's health changes."""
    return f"channel-health:{channel_id}"


def _bucket_index(latency_ms: float) -> int:
    for index, bound in enumerate(LATENCY_BOUNDS_MS):
        if latency_ms <= bound:
            return index
    return len(LATENCY_BOUNDS_MS)


@dataclass
class MinuteCounts:
    """One batch's contribution to one channel's current minute."""

    sent: int = 0
    failed: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    latency: Counter[int] = field(default_factory=Counter)
    latency_count: int = 0
    latency_sum_ms: float = 0.0
    deferred_breaker: int = 0
    deferred_rate_limit: int = 0
    rate_limit_pauses: int = 0
    breaker_opened: int = 0
    breaker_closed: int = 0

    def record(self, latency_ms: float | None, error_class: str | None) -> None:
        """A request answered: a send, or a failure of `error_class`."""
        if error_class is None:
            self.sent += 1
        else:
            self.failed += 1
            self.errors[error_class] += 1
        if latency_ms is not None:
            self.latency[_bucket_index(latency_ms)] += 1
            self.latency_count += 1
            self.latency_sum_ms += latency_ms

    def deferred(self, kind: str) -> None:
        if kind == "circuit_open":
            self.deferred_breaker += 1
        else:
            self.deferred_rate_limit += 1

    def breaker_changed(self, state: BreakerState) -> None:
        if state is BreakerState.OPEN:
            self.breaker_opened += 1
        elif state is BreakerState.CLOSED:
            self.breaker_closed += 1

    def empty(self) -> bool:
        return not (self.sent or self.failed or self.deferred_breaker
                    or self.deferred_rate_limit or self.rate_limit_pauses
                    or self.breaker_opened or self.breaker_closed)


_COUNTERS = ("sent", "failed", "latency_count", "latency_sum_ms", "deferred_breaker",
             "deferred_rate_limit", "rate_limit_pauses", "breaker_opened", "breaker_closed")


def _merge(column: str) -> str:
    """SQL adding two {key: count} JSON objects key by key."""
    return (f"(SELECT coalesce(jsonb_object_agg(k, coalesce((channel_minute.{column}->>k)"
            f"::bigint, 0) + coalesce((excluded.{column}->>k)::bigint, 0)), '{{}}'::jsonb) "
            f"FROM jsonb_object_keys(channel_minute.{column} || excluded.{column}) AS k)")


_UPSERT = f"""
INSERT INTO channel_minute (channel_id, minute, errors, latency, {", ".join(_COUNTERS)})
SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::jsonb[], $4::jsonb[], $5::int[],
                     $6::int[], $7::int[], $8::float8[], $9::int[], $10::int[], $11::int[],
                     $12::int[], $13::int[])
ORDER BY 1
ON CONFLICT (channel_id, minute) DO UPDATE SET
    errors = {_merge("errors")}, latency = {_merge("latency")},
    {", ".join(f"{name} = channel_minute.{name} + excluded.{name}" for name in _COUNTERS)}
"""


async def record_minutes(counts: dict[int, MinuteCounts],
                         now: dt.datetime | None = None) -> None:
    """Add one batch's counts to its channels' current minute (one statement)."""
    rows = sorted((channel_id, minute) for channel_id, minute in counts.items()
                  if not minute.empty())
    if not rows:
        return
    at = (now or dt.datetime.now(dt.UTC)).replace(second=0, microsecond=0)
    columns: list[list[Any]] = [[] for _ in range(4 + len(_COUNTERS))]
    for channel_id, minute in rows:
        values = [channel_id, at, json.dumps(dict(minute.errors)),
                  json.dumps({str(k): v for k, v in minute.latency.items()}),
                  *(getattr(minute, name) for name in _COUNTERS)]
        for column, value in zip(columns, values, strict=True):
            column.append(value)
    await Tortoise.get_connection("default").execute_query(_UPSERT, columns)


# -- reading -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MonitorPoint:
    start: dt.datetime
    sent: int
    failed: int
    errors: dict[str, int]
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    latency_p99_ms: float | None
    latency_avg_ms: float | None
    deferred_breaker: int
    deferred_rate_limit: int
    rate_limit_pauses: int
    breaker_opened: int
    breaker_closed: int


def percentile(histogram: dict[int, int], q: float) -> float | None:
    """The q-quantile (0..1) of a bucketed histogram, interpolated inside its bucket."""
    total = sum(histogram.values())
    if not total:
        return None
    rank = q * total
    seen = 0
    for index in range(len(LATENCY_BOUNDS_MS) + 1):
        count = histogram.get(index, 0)
        if count and seen + count >= rank:
            if index == len(LATENCY_BOUNDS_MS):
                return float(LATENCY_BOUNDS_MS[-1])  # slower than the last bound
            low = LATENCY_BOUNDS_MS[index - 1] if index else 0.0
            return round(low + (LATENCY_BOUNDS_MS[index] - low) * (rank - seen) / count, 3)
        seen += count
    return float(LATENCY_BOUNDS_MS[-1])


def check_window(since: dt.datetime, until: dt.datetime, bucket: dt.timedelta) -> None:
    if since.tzinfo is None or until.tzinfo is None:
        raise InvalidInput("times need a time zone", field="from")
    if until <= since:
        raise InvalidInput("`to` must be after `from`", field="to")
    if until - since > MAX_PERIOD:
        raise InvalidInput(f"a period covers at most {MAX_PERIOD.days} days", field="from")
    if bucket < MIN_BUCKET or bucket.total_seconds() % 60:
        raise InvalidInput("the bucket is a whole number of minutes, at least one",
                           field="bucketMinutes")
    if (until - since) / bucket > MAX_POINTS:
        raise InvalidInput(f"at most {MAX_POINTS} buckets per read: widen the bucket",
                           field="bucketMinutes")


async def channel_series(channel_id: int, since: dt.datetime, until: dt.datetime,
                         bucket: dt.timedelta) -> list[MonitorPoint]:
    """The channel's points from `since` (inclusive) to `until` (exclusive), one per
    `bucket` that has any activity, oldest first, summed from the minute rollup."""
    check_window(since, until, bucket)
    if not await Channel.exists(id=channel_id):
        raise NotFound(f"channel {channel_id} not found")
    rows = await Tortoise.get_connection("default").execute_query_dict(
        f"SELECT minute, errors, latency, {', '.join(_COUNTERS)} FROM channel_minute "
        "WHERE channel_id = $1 AND minute >= $2 AND minute < $3 ORDER BY minute",
        [channel_id, since, until])
    width = bucket.total_seconds()
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        index = int((row["minute"] - since).total_seconds() // width)
        grouped.setdefault(index, []).append(row)
    return [_point(since + bucket * index, members) for index, members in
            sorted(grouped.items())]


def _loads(value: Any) -> dict[str, int]:
    return json.loads(value) if isinstance(value, str) else dict(value or {})


def _point(start: dt.datetime, rows: list[dict[str, Any]]) -> MonitorPoint:
    errors: Counter[str] = Counter()
    histogram: Counter[int] = Counter()
    sums: Counter[str] = Counter()
    for row in rows:
        errors.update(_loads(row["errors"]))
        histogram.update({int(k): v for k, v in _loads(row["latency"]).items()})
        for name in _COUNTERS:
            sums[name] += row[name]
    count = sums["latency_count"]
    return MonitorPoint(
        start=start, sent=sums["sent"], failed=sums["failed"], errors=dict(errors),
        latency_p50_ms=percentile(histogram, 0.5), latency_p95_ms=percentile(histogram, 0.95),
        latency_p99_ms=percentile(histogram, 0.99),
        latency_avg_ms=round(sums["latency_sum_ms"] / count, 3) if count else None,
        deferred_breaker=sums["deferred_breaker"],
        deferred_rate_limit=sums["deferred_rate_limit"],
        rate_limit_pauses=sums["rate_limit_pauses"], breaker_opened=sums["breaker_opened"],
        breaker_closed=sums["breaker_closed"])


# -- health changes --------------------------------------------------------------------


class HealthChange(StrEnum):
    SNAPSHOT = "snapshot"
    BREAKER_OPENED = "breaker_opened"
    BREAKER_CLOSED = "breaker_closed"
    DISABLED = "disabled"
    ENABLED = "enabled"


@dataclass(frozen=True, slots=True)
class HealthEvent:
    channel_id: int
    change: HealthChange
    status: ChannelStatus
    breaker: BreakerState | None
    reason: str | None
    by: str | None
    at: dt.datetime

    def payload(self) -> dict[str, Any]:
        return {"channel_id": self.channel_id, "change": self.change.value,
                "status": self.status.value,
                "breaker": self.breaker.value if self.breaker else None,
                "reason": self.reason, "by": self.by, "at": self.at.isoformat()}

    @classmethod
    def from_event(cls, payload: dict[str, Any]) -> HealthEvent:
        return cls(channel_id=int(payload["channel_id"]),
                   change=HealthChange(payload["change"]),
                   status=ChannelStatus(payload["status"]),
                   breaker=BreakerState(payload["breaker"]) if payload.get("breaker") else None,
                   reason=payload.get("reason"), by=payload.get("by"),
                   at=dt.datetime.fromisoformat(payload["at"]))


async def announce(events: EventPublisher | None, event: HealthEvent) -> None:
    if events is not None:
        await events.publish(channel_health_channel(event.channel_id), event.payload())


async def breaker_changed(events: EventPublisher | None, channel: Channel,
                          state: BreakerState) -> None:
    change = HealthChange.BREAKER_OPENED if state is BreakerState.OPEN \
        else HealthChange.BREAKER_CLOSED
    await announce(events, HealthEvent(channel.id, change, channel.status, state, None,
                                       SYSTEM, dt.datetime.now(dt.UTC)))


async def disable_by_system(channel_id: int, reason: str,
                            events: EventPublisher | None = None) -> int:
    """Delivery found the destination gone (410, a dead webhook): the channel is disabled
    with the answer as its reason, and its pending deliveries are skipped (they cannot
    succeed). Returns how many were skipped."""
    from domain.deliveries import ledger  # the ledger imports nothing of this module

    now = dt.datetime.now(dt.UTC)
    await Channel.filter(id=channel_id).update(status=ChannelStatus.DISABLED,
                                              status_reason=reason, status_since=now,
                                              status_by=SYSTEM)
    skipped = await ledger.skip_channel(channel_id, f"channel disabled: {reason}")
    await announce(events, HealthEvent(channel_id, HealthChange.DISABLED,
                                       ChannelStatus.DISABLED, None, reason, SYSTEM, now))
    return skipped


async def set_enabled(actor: Actor, channel_id: int, enabled: bool, reason: str | None,
                      request_id: str | None = None, events: EventPublisher | None = None
                      ) -> Channel:
    """An admin disables or enables a channel, audited.

    Disabled: workers claim none of its deliveries and new publications get a `skipped`
    row for it ("channel is disabled"); deliveries already pending stay pending, held,
    and go out once the channel is enabled again."""
    if not enabled:
        reason = (reason or "").strip()
        if not reason:
            raise InvalidInput("say why the channel is disabled", field="reason")
        if len(reason) > 1000:
            raise InvalidInput("the reason is at most 1000 characters", field="reason")
    status = ChannelStatus.ACTIVE if enabled else ChannelStatus.DISABLED
    now = dt.datetime.now(dt.UTC)
    async with in_transaction():
        channel = await Channel.filter(id=channel_id).select_for_update().first()
        if channel is None:
            raise NotFound(f"channel {channel_id} not found")
        before = channel.status
        channel.status = status
        channel.status_reason = None if enabled else reason
        channel.status_since = now
        channel.status_by = actor.name
        await channel.save(update_fields=["status", "status_reason", "status_since",
                                          "status_by", "updated_at"])
        await audit(actor, "channel.enable" if enabled else "channel.disable", "channel",
                    channel_id, {"from": before.value, "reason": reason}, request_id)
    await announce(events, HealthEvent(
        channel_id, HealthChange.ENABLED if enabled else HealthChange.DISABLED, status, None,
        channel.status_reason, actor.name, now))
    return channel
