"""Store engagement events and keep the rollups current, in one transaction per batch.

Per batch: events are inserted (a repeated `dedupe_key` is skipped), the first open and
click of each delivery is claimed in `engagement_first` (what makes them *unique*), and
the counters of every (granularity, bucket, publication, channel) the batch touches are
added with one upsert. Rollup rows are locked in a fixed order so concurrent writers
(several API processes, workers) never deadlock.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from domain.engagement.models import COUNTERS, EventType, Granularity
from domain.experiments.tallies import tally_conversions
from domain.personalization.profiles import ENGAGED_KIND, counts_for_profile, update_profiles


@dataclass(slots=True)
class EngagementInput:
    """One event to record. Not frozen: the tracking endpoints build one per request and
    a frozen dataclass's constructor costs several times more."""

    type: EventType
    occurred_at: dt.datetime
    delivery_id: int | None = None
    publication_id: int | None = None
    channel_id: int | None = None
    subscriber_id: int | None = None
    is_machine: bool = False
    url: str | None = None
    dedupe_key: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RecordResult:
    recorded: int
    duplicates: int


_EVENT_COUNTER = {
    EventType.DELIVERY: "delivered",
    EventType.BOUNCE: "bounces",
    EventType.SOFT_BOUNCE: "soft_bounces",
    EventType.COMPLAINT: "complaints",
    EventType.UNSUBSCRIBE: "unsubscribes",
}


def bucket_start(moment: dt.datetime, granularity: Granularity) -> dt.datetime:
    moment = moment.astimezone(dt.UTC)
    if granularity is Granularity.MINUTE:
        return moment.replace(second=0, microsecond=0)
    if granularity is Granularity.HOUR:
        return moment.replace(minute=0, second=0, microsecond=0)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


RollupKey = tuple[str, dt.datetime, int, int]


_BUCKET_SECONDS = ((Granularity.MINUTE, 60), (Granularity.HOUR, 3600),
                   (Granularity.DAY, 86400))


class RollupDelta:
    """Counter increments per rollup row, summed in memory before one upsert. Events are
    counted per minute first (integer arithmetic, ~1 us an event); hour and day rows are
    derived from the distinct minutes when the delta is applied. Buckets are UTC."""

    def __init__(self) -> None:
        self._minutes: dict[tuple[int, int, int, str], int] = {}

    def add(self, moment: dt.datetime, publication_id: int, channel_id: int,
            counter: str, amount: int = 1) -> None:
        key = (int(moment.timestamp()) // 60, publication_id, channel_id, counter)
        self._minutes[key] = self._minutes.get(key, 0) + amount

    @property
    def rows(self) -> dict[RollupKey, dict[str, int]]:
        rows: dict[RollupKey, dict[str, int]] = defaultdict(
            lambda: dict.fromkeys(COUNTERS, 0))
        for (minute, publication_id, channel_id, counter), amount in self._minutes.items():
            for granularity, size in _BUCKET_SECONDS:
                start = dt.datetime.fromtimestamp(minute * 60 // size * size, dt.UTC)
                rows[(granularity.value, start, publication_id, channel_id)][counter] += amount
        return rows

    def __bool__(self) -> bool:
        return bool(self._minutes)


_UPSERT = (
    "INSERT INTO metric_rollup (granularity, bucket, publication_id, channel_id, "
    + ", ".join(COUNTERS) + ") SELECT * FROM unnest($1::varchar[], $2::timestamptz[], "
    "$3::int[], $4::int[], "
    + ", ".join(f"${index}::bigint[]" for index in range(5, 5 + len(COUNTERS)))
    + ") ON CONFLICT (granularity, publication_id, bucket, channel_id) DO UPDATE SET "
    + ", ".join(f"{name} = metric_rollup.{name} + EXCLUDED.{name}" for name in COUNTERS)
)


async def apply_rollup(delta: RollupDelta, connection: BaseDBAsyncClient | None = None
                       ) -> None:
    if not delta:
        return
    rows = delta.rows
    keys = sorted(rows)  # one lock order for every writer: no deadlocks
    columns: list[list[Any]] = [[key[0] for key in keys], [key[1] for key in keys],
                                [key[2] for key in keys], [key[3] for key in keys]]
    columns += [[rows[key][name] for key in keys] for name in COUNTERS]
    connection = connection or Tortoise.get_connection("default")
    await connection.execute_query(_UPSERT, columns)


_INSERT_EVENTS = """
INSERT INTO engagement_event (delivery_id, publication_id, channel_id, subscriber_id, type,
                              occurred_at, is_machine, url, dedupe_key, metadata, received_at)
SELECT d, p, c, s, t, o, m, u, k, x::jsonb, now()
FROM unnest($1::bigint[], $2::int[], $3::int[], $4::int[], $5::varchar[], $6::timestamptz[],
            $7::bool[], $8::text[], $9::varchar[], $10::text[]) AS i(d, p, c, s, t, o, m, u, k, x)
ON CONFLICT (dedupe_key) DO NOTHING
RETURNING dedupe_key
"""
# only the keyed rows come back (a tracking batch has none): no row object per event
_INSERT_EVENTS = (f"WITH inserted AS ({_INSERT_EVENTS}) "
                  "SELECT dedupe_key FROM inserted WHERE dedupe_key IS NOT NULL")

_CLAIM_FIRST = """
INSERT INTO engagement_first (delivery_id, kind)
SELECT * FROM unnest($1::bigint[], $2::varchar[])
ON CONFLICT (delivery_id, kind) DO NOTHING
RETURNING delivery_id, kind
"""


_METADATA_CACHE: dict[tuple[tuple[str, Any], ...], str] = {}


def _metadata_json(metadata: Mapping[str, Any]) -> str:
    """JSON of an event's metadata, cached by content: tracking events repeat a few
    user agents, and encoding each one again cost more than the rest of the batch."""
    try:
        key = tuple(metadata.items())
        cached = _METADATA_CACHE.get(key)
    except TypeError:  # unhashable values: encode every time
        return json.dumps(dict(metadata), default=str)
    if cached is None:
        if len(_METADATA_CACHE) >= 10_000:
            _METADATA_CACHE.clear()
        cached = _METADATA_CACHE[key] = json.dumps(dict(metadata), default=str)
    return cached


def _first_kind(event: EngagementInput) -> str | None:
    if event.delivery_id is None:
        return None
    if event.type is EventType.OPEN:
        return "open_machine" if event.is_machine else "open"
    if event.type is EventType.CLICK and not event.is_machine:
        return "click"
    if event.type is EventType.UNSUBSCRIBE:
        return "unsubscribe"  # counted once per delivery for experiments' guardrail
    return None


def _count(delta: RollupDelta, event: EngagementInput, unique: bool) -> None:
    if event.publication_id is None or event.channel_id is None:
        return  # not attributable to a send (e.g. a preference-page unsubscribe)
    add = delta.add
    where = (event.occurred_at, event.publication_id, event.channel_id)
    if event.type is EventType.OPEN:
        add(*where, "machine_opens" if event.is_machine else "opens")
        if unique:
            add(*where, "unique_machine_opens" if event.is_machine else "unique_opens")
    elif event.type is EventType.CLICK:
        add(*where, "machine_clicks" if event.is_machine else "clicks")
        if unique:
            add(*where, "unique_clicks")
    elif event.type in _EVENT_COUNTER:
        add(*where, _EVENT_COUNTER[event.type])


async def record_events(events: Sequence[EngagementInput],
                        connection: BaseDBAsyncClient | None = None) -> RecordResult:
    """Store `events` and update the rollups; a replayed dedupe key changes nothing.
    With `connection` (already in a transaction) the caller's transaction is used, so an
    event can commit or roll back with the change it describes."""
    if not events:
        return RecordResult(0, 0)
    if connection is not None:
        return await _record(connection, events)
    async with in_transaction() as transaction:
        return await _record(transaction, events)


async def _record(connection: BaseDBAsyncClient, events: Sequence[EngagementInput]
                  ) -> RecordResult:
    ordered = sorted(events, key=lambda event: event.occurred_at)
    rows = await connection.execute_query_dict(_INSERT_EVENTS, [
        [e.delivery_id for e in ordered], [e.publication_id for e in ordered],
        [e.channel_id for e in ordered], [e.subscriber_id for e in ordered],
        [e.type.value for e in ordered], [e.occurred_at for e in ordered],
        [e.is_machine for e in ordered], [e.url for e in ordered],
        [e.dedupe_key for e in ordered],
        [_metadata_json(e.metadata) for e in ordered],
    ])
    inserted_keys = {row["dedupe_key"] for row in rows if row["dedupe_key"] is not None}
    kept = [e for e in ordered if e.dedupe_key is None or e.dedupe_key in inserted_keys]
    firsts = _unique_candidates(kept)
    claimed: set[tuple[int, str]] = set()
    if firsts:
        claimed_rows = await connection.execute_query_dict(_CLAIM_FIRST, [
            [key[0] for key in firsts], [key[1] for key in firsts]])
        claimed = {(row["delivery_id"], row["kind"]) for row in claimed_rows}
        await tally_conversions(connection, claimed)
    delta = RollupDelta()
    seen: set[tuple[int, str]] = set()
    for event in kept:
        kind = _first_kind(event)
        if kind is None or event.delivery_id is None:
            _count(delta, event, unique=False)
            continue
        key = (event.delivery_id, kind)
        _count(delta, event, unique=key in claimed and key not in seen)
        seen.add(key)
    await apply_rollup(delta, connection)
    # the readers' interest profiles, in the same transaction: current within the
    # batch's flush, never rebuilt by a nightly job
    engaged: dict[int, dt.datetime] = {}
    for event in kept:
        if event.delivery_id is not None and (event.delivery_id, ENGAGED_KIND) in claimed:
            engaged.setdefault(event.delivery_id, event.occurred_at)
    await update_profiles(connection, kept, engaged)
    return RecordResult(recorded=len(kept), duplicates=len(ordered) - len(kept))


def _unique_candidates(events: Iterable[EngagementInput]) -> list[tuple[int, str]]:
    keys: dict[tuple[int, str], None] = {}
    for event in events:
        kind = _first_kind(event)
        if kind is not None and event.delivery_id is not None:
            keys[(event.delivery_id, kind)] = None
            if counts_for_profile(event):  # a reader engaged: responsiveness counts it once
                keys[(event.delivery_id, ENGAGED_KIND)] = None
    return list(keys)
