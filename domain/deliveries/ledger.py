"""State changes of the delivery ledger, each one set-based SQL.

Claiming moves due rows to `sending` with a lease (`next_attempt_at` = lease expiry) in
one statement using FOR UPDATE SKIP LOCKED, so two workers never claim the same row and
a worker that dies only delays its rows until the lease runs out (then the sweeper puts
them back). Each claim has its own `lease_id`; every outcome write names it, so a worker
whose lease ran out (stalled, paused, partitioned) cannot overwrite the result of the
claim that took the row over — `status = 'sending'` alone could not tell the two apart.
A live worker extends its lease while it works (`extend_lease`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tortoise import BaseDBAsyncClient, Tortoise
from tortoise.transactions import in_transaction

logger = logging.getLogger(__name__)

ACTIVE_STATUSES = ("pending", "queued", "sending")

_CLAIM = """
WITH due AS (
    SELECT d.id FROM delivery d
    WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND d.lane = $4
      AND NOT (d.channel_id = ANY($2::int[]))
    ORDER BY d.next_attempt_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
)
UPDATE delivery d
SET status = 'sending', attempts = d.attempts + 1, updated_at = now(),
    next_attempt_at = now() + make_interval(secs => $3), lease_id = $5
FROM due WHERE d.id = due.id
RETURNING d.id, d.idempotency_key, d.publication_id, d.channel_id, d.subscriber_id,
          d.recipient, d.attempts, d.variant_id
"""

# Alerts go to the channels that reach people soonest first (webhooks, chat, then email).
_CLAIM_ALERTS = """
WITH due AS (
    SELECT d.id FROM delivery d JOIN channel c ON c.id = d.channel_id
    WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND d.lane = $4
      AND NOT (d.channel_id = ANY($2::int[]))
    ORDER BY CASE c.type WHEN 'webhook' THEN 0 WHEN 'slack' THEN 0 WHEN 'discord' THEN 1
             ELSE 2 END, d.next_attempt_at
    LIMIT $1
    FOR UPDATE OF d SKIP LOCKED
)
UPDATE delivery d
SET status = 'sending', attempts = d.attempts + 1, updated_at = now(),
    next_attempt_at = now() + make_interval(secs => $3), lease_id = $5
FROM due WHERE d.id = due.id
RETURNING d.id, d.idempotency_key, d.publication_id, d.channel_id, d.subscriber_id,
          d.recipient, d.attempts, d.variant_id
"""


@dataclass(frozen=True, slots=True)
class Claim:
    """A batch of rows held under one lease."""

    lease_id: uuid.UUID
    rows: list[ClaimedDelivery]


@dataclass(frozen=True, slots=True)
class ClaimedDelivery:
    id: int
    idempotency_key: str
    publication_id: int
    channel_id: int
    subscriber_id: int | None
    recipient: str
    attempts: int
    #: an experiment's variant: renders the publication with the variant's text
    variant_id: int | None = None


@dataclass(frozen=True, slots=True)
class Trace:
    """What one request was like, for the delivery's timeline (`delivery_attempt`)."""

    at: dt.datetime
    destination: str | None = None
    status_code: int | None = None
    latency_ms: float | None = None
    #: time the shared rate limiter held the request back before it left
    wait_ms: float | None = None
    error_class: str | None = None
    #: already scrubbed of credentials (transports scrub where errors are made)
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Sent:
    delivery_id: int
    provider_message_id: str | None = None
    attempt: int = 0
    trace: Trace | None = None


@dataclass(frozen=True, slots=True)
class Retry:
    delivery_id: int
    attempt: int
    delay: dt.timedelta
    error: str
    #: False: the attempt is given back (a half-open breaker's probe: an outage must not
    #: use up the deliveries that happened to be its probes)
    counted: bool = True
    error_class: str | None = None
    trace: Trace | None = None


@dataclass(frozen=True, slots=True)
class Deferred:
    """Not attempted (breaker open, rate limited): the attempt is given back."""

    delivery_id: int
    delay: dt.timedelta
    #: why, for the timeline: `circuit_open` or `rate_limited` (None: Redis was away)
    kind: str | None = None
    #: the attempt number the wait comes before
    attempt: int = 0


@dataclass(frozen=True, slots=True)
class Held:
    """Not attempted on the subscriber's behalf (quiet hours): due again at `until`,
    which the row shows as `deferred_until` with the reason; the attempt is given back."""

    delivery_id: int
    until: dt.datetime
    reason: str


@dataclass(frozen=True, slots=True)
class Failed:
    delivery_id: int
    attempt: int
    error: str
    dead: bool = False
    error_class: str | None = None
    trace: Trace | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """Not sent on purpose (the subscriber left, the address is suppressed)."""

    delivery_id: int
    reason: str


def _connection() -> BaseDBAsyncClient:
    return Tortoise.get_connection("default")


async def inactive_channel_ids() -> list[int]:
    rows = await _connection().execute_query_dict(
        "SELECT id FROM channel WHERE status <> 'active'")
    return [row["id"] for row in rows]


async def claim(batch_size: int, lease_seconds: float, lane: str = "bulk") -> Claim:
    excluded = await inactive_channel_ids()
    query = _CLAIM_ALERTS if lane == "alert" else _CLAIM
    lease_id = uuid.uuid4()
    rows = await _connection().execute_query_dict(query, [batch_size, excluded,
                                                           lease_seconds, lane, lease_id])
    return Claim(lease_id, [ClaimedDelivery(**row) for row in rows])


async def extend_lease(lease_id: uuid.UUID, lease_seconds: float) -> int:
    """Push the lease of the rows this claim still holds; returns how many it holds."""
    count, _ = await _connection().execute_query(
        "UPDATE delivery SET next_attempt_at = now() + make_interval(secs => $2) "
        "WHERE lease_id = $1 AND status = 'sending'", [lease_id, lease_seconds])
    return count


def _history(attempt: int, error: str) -> str:
    return json.dumps([{"attempt": attempt, "at": dt.datetime.now(dt.UTC).isoformat(),
                        "error": error[:1000]}])


Outcome = Sent | Retry | Deferred | Held | Failed | Skipped


async def record_outcomes(lease_id: uuid.UUID, outcomes: Iterable[Outcome]) -> None:
    """Write outcomes of one claim, whatever their kinds (a statement per kind)."""
    by_kind: dict[type, list] = {}
    for outcome in outcomes:
        by_kind.setdefault(type(outcome), []).append(outcome)
    await record(lease_id, sent=by_kind.get(Sent, ()), retries=by_kind.get(Retry, ()),
                 deferred=by_kind.get(Deferred, ()), failed=by_kind.get(Failed, ()),
                 skipped=by_kind.get(Skipped, ()), held=by_kind.get(Held, ()))


async def record(lease_id: uuid.UUID, sent: Sequence[Sent] = (),
                 retries: Sequence[Retry] = (), deferred: Sequence[Deferred] = (),
                 failed: Sequence[Failed] = (), skipped: Sequence[Skipped] = (),
                 held: Sequence[Held] = ()) -> None:
    """Every write names the claim (`lease_id`): rows re-claimed since are left alone.

    Each outcome's timeline entry (`delivery_attempt`) is written atomically with it, in
    the very statement that records it: one statement per kind of outcome in the group,
    whatever its size (sends; retries and failures; waits)."""
    connection = _connection()
    if skipped:
        await connection.execute_many(
            "UPDATE delivery SET status = 'skipped', updated_at = now(), "
            "next_attempt_at = NULL, last_error = $2 "
            "WHERE id = $1 AND status = 'sending' AND lease_id = $3",
            [[item.delivery_id, item.reason[:2000], lease_id] for item in skipped])
    if sent:
        await _record_sent(connection, lease_id, sent)
    if retries or failed:
        await _record_failures(connection, lease_id, retries, failed)
    if deferred:
        await _record_deferred(connection, lease_id, deferred)
    if held:
        await connection.execute_many(
            "UPDATE delivery SET status = 'pending', updated_at = now(), "
            "attempts = GREATEST(attempts - 1, 0), next_attempt_at = $2, "
            "deferred_until = $2, deferral_reason = $3 "
            "WHERE id = $1 AND status = 'sending' AND lease_id = $4",
            [[item.delivery_id, item.until, item.reason[:64], lease_id] for item in held])


_SENT = """
WITH v AS (
    SELECT * FROM unnest($1::bigint[], $2::varchar[], $3::smallint[], $4::timestamptz[],
                         $5::float8[], $6::varchar[], $7::smallint[], $8::float8[])
        AS v(id, provider_message_id, attempt, at, wait_ms, destination, status_code,
             latency_ms)
), recorded AS (
    UPDATE delivery d SET status = 'sent', sent_at = now(), updated_at = now(),
        provider_message_id = v.provider_message_id, next_attempt_at = NULL,
        last_error = NULL
    FROM v WHERE d.id = v.id AND d.status = 'sending' AND d.lease_id = $9
)
INSERT INTO delivery_attempt (delivery_id, attempt, kind, at, times, wait_ms, destination,
                              status_code, latency_ms, outcome, provider_message_id)
SELECT v.id, v.attempt, 'attempt', v.at, 1, v.wait_ms, v.destination, v.status_code,
       v.latency_ms, 'sent', v.provider_message_id
FROM v WHERE v.at IS NOT NULL
"""


async def _record_sent(connection: BaseDBAsyncClient, lease_id: uuid.UUID,
                       sent: Sequence[Sent]) -> None:
    columns: list[list[object]] = [[] for _ in range(8)]
    for item in sent:
        trace = item.trace
        values = (item.delivery_id, item.provider_message_id, item.attempt,
                  trace.at if trace else None, trace.wait_ms if trace else None,
                  trace.destination if trace else None, trace.status_code if trace else None,
                  trace.latency_ms if trace else None)
        for column, value in zip(columns, values, strict=True):
            column.append(value)
    await connection.execute_query(_SENT, [*columns, lease_id])


# waits fold into one row per (delivery, attempt number, kind): an outage adds a bounded
# number of rows, however often the breaker turns a row away
_DEFERRED = """
WITH v AS (
    SELECT * FROM unnest($1::bigint[], $2::float8[], $3::smallint[], $4::varchar[])
        AS v(id, delay, attempt, kind)
), recorded AS (
    UPDATE delivery d SET status = 'pending', updated_at = now(),
        attempts = GREATEST(d.attempts - 1, 0),
        next_attempt_at = now() + make_interval(secs => v.delay)
    FROM v WHERE d.id = v.id AND d.status = 'sending' AND d.lease_id = $5
)
INSERT INTO delivery_attempt (delivery_id, attempt, kind, at, last_at, times, wait_ms,
                              fold_key)
SELECT v.id, v.attempt, v.kind, now(), now(), 1, v.delay * 1000,
       v.id || ':' || v.attempt || ':' || v.kind
FROM v WHERE v.kind IS NOT NULL ORDER BY v.id
ON CONFLICT (fold_key) DO UPDATE SET last_at = now(),
    times = delivery_attempt.times + 1,
    wait_ms = GREATEST(delivery_attempt.wait_ms, excluded.wait_ms)
"""


async def _record_deferred(connection: BaseDBAsyncClient, lease_id: uuid.UUID,
                           deferred: Sequence[Deferred]) -> None:
    await connection.execute_query(_DEFERRED, [
        [item.delivery_id for item in deferred],
        [item.delay.total_seconds() for item in deferred],
        [item.attempt for item in deferred], [item.kind for item in deferred], lease_id])


_FAILURES = """
WITH v AS (
    SELECT * FROM unnest($1::bigint[], $2::varchar[], $3::float8[], $4::text[], $5::text[],
                         $6::bool[], $7::varchar[], $8::smallint[], $9::timestamptz[],
                         $10::float8[], $11::varchar[], $12::smallint[], $13::float8[],
                         $14::text[])
        AS v(id, status, delay, error, history, counted, error_class, attempt, at, wait_ms,
             destination, status_code, latency_ms, trace_error)
), recorded AS (
    UPDATE delivery d SET status = v.status, updated_at = now(),
        next_attempt_at = CASE WHEN v.status = 'pending'
                               THEN now() + make_interval(secs => v.delay) END,
        last_error = v.error, error_history = d.error_history || v.history::jsonb,
        error_class = v.error_class,
        attempts = CASE WHEN v.counted THEN d.attempts ELSE GREATEST(d.attempts - 1, 0) END
    FROM v WHERE d.id = v.id AND d.status = 'sending' AND d.lease_id = $15
)
INSERT INTO delivery_attempt (delivery_id, attempt, kind, at, times, wait_ms, destination,
                              status_code, latency_ms, outcome, error_class, error)
SELECT v.id, v.attempt, 'attempt', v.at, 1, v.wait_ms, v.destination, v.status_code,
       v.latency_ms, CASE v.status WHEN 'pending' THEN 'retry' ELSE v.status END,
       v.error_class, v.trace_error
FROM v WHERE v.at IS NOT NULL
"""


async def _record_failures(connection: BaseDBAsyncClient, lease_id: uuid.UUID,
                           retries: Sequence[Retry], failed: Sequence[Failed]) -> None:
    """Retries and failures with their timeline entries, in one statement."""
    columns: list[list[object]] = [[] for _ in range(14)]
    rows: list[tuple[Retry | Failed, str, float, bool]] = [
        *((item, "pending", item.delay.total_seconds(), item.counted) for item in retries),
        *((item, "dead" if item.dead else "failed", 0.0, True) for item in failed)]
    for item, status, delay, counted in rows:
        trace = item.trace
        values = (item.delivery_id, status, delay, item.error[:2000],
                  _history(item.attempt, item.error), counted, item.error_class,
                  item.attempt, trace.at if trace else None, trace.wait_ms if trace else None,
                  trace.destination if trace else None, trace.status_code if trace else None,
                  trace.latency_ms if trace else None,
                  trace.error[:2000] if trace and trace.error else None)
        for column, value in zip(columns, values, strict=True):
            column.append(value)
    await connection.execute_query(_FAILURES, [*columns, lease_id])


async def requeue_expired_leases() -> int:
    """Rows whose worker died mid-send go back to pending (at-least-once delivery)."""
    count, _ = await _connection().execute_query(
        "UPDATE delivery SET status = 'pending', updated_at = now(), next_attempt_at = now(), "
        "lease_id = NULL WHERE status = 'sending' AND next_attempt_at < now()")
    return count


_DUE = ("FROM delivery d JOIN channel c ON c.id = d.channel_id AND c.status = 'active' "
        "WHERE d.status = 'pending' AND d.next_attempt_at <= now() - make_interval(secs => $1)"
        " AND d.lane = $2")


async def seconds_until_due(lane: str = "bulk") -> float | None:
    """How long until the next pending row of `lane` is due (None: nothing pending)."""
    rows = await _connection().execute_query_dict(
        "SELECT extract(epoch FROM min(next_attempt_at) - now()) AS wait FROM delivery "
        "WHERE status = 'pending' AND lane = $1", [lane])
    wait = rows[0]["wait"] if rows else None
    return max(0.0, float(wait)) if wait is not None else None


async def has_due_work(lane: str = "bulk") -> bool:
    """Rows a pump could claim now (rows of paused channels wait without kicking pumps)."""
    rows = await _connection().execute_query_dict(f"SELECT 1 {_DUE} LIMIT 1", [0, lane])
    return bool(rows)


async def overdue(due_for_seconds: float, lane: str = "bulk") -> bool:
    """Rows due for a while that nobody has claimed: either every pump is busy, or the
    pumps meant to be on them were lost with a worker (the queue tells which)."""
    rows = await _connection().execute_query_dict(f"SELECT 1 {_DUE} LIMIT 1",
                                                  [due_for_seconds, lane])
    return bool(rows)


async def complete_publications(publication_ids: Iterable[int] | None = None) -> list[int]:
    """Publications with nothing left in flight become published; returns their ids.

    `published_at` was set when publishing started (audience resolution), so every send
    rendered the same one; it is kept.

    Each one finished is logged once with its deliveries per status (the one line an
    operator reads to learn how a send went), counted in the same statement: the
    completing UPDATE and a GROUP BY over just the completed publications' rows (the
    `(publication_id, status)` index), so the sweep's frequent no-op call costs nothing
    more."""
    condition = "AND p.id = ANY($1::int[])" if publication_ids is not None else ""
    values = [list(publication_ids)] if publication_ids is not None else []
    rows = await _connection().execute_query_dict(
        "WITH done AS (UPDATE publication p SET status = 'published', "
        "published_at = COALESCE(p.published_at, now()), "
        "updated_at = now() WHERE p.status = 'publishing' "
        f"AND p.audience_resolved_at IS NOT NULL {condition} "
        "AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.publication_id = p.id "
        "AND d.status IN ('pending', 'queued', 'sending', 'held')) RETURNING p.id) "
        "SELECT done.id, d.status, count(d.id) AS n FROM done "
        "LEFT JOIN delivery d ON d.publication_id = done.id "
        "GROUP BY done.id, d.status ORDER BY done.id, d.status", values)
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        per_status = counts.setdefault(row["id"], {})
        if row["status"] is not None:
            per_status[row["status"]] = int(row["n"])
    for publication_id, per_status in counts.items():
        logger.info("publication %s finished: %d deliveries%s", publication_id,
                    sum(per_status.values()),
                    " (" + ", ".join(f"{status} {n}" for status, n in per_status.items())
                    + ")" if per_status else "")
    return list(counts)


async def skip_pending(publication_id: int, reason: str) -> int:
    count, _ = await _connection().execute_query(
        "UPDATE delivery SET status = 'skipped', last_error = $2, next_attempt_at = NULL, "
        "updated_at = now() WHERE publication_id = $1 "
        "AND status IN ('pending', 'queued', 'held')",
        [publication_id, reason])
    return count


@dataclass(frozen=True, slots=True)
class DeadFilter:
    """Which dead deliveries a replay, a discard or the dead-letter view acts on; the
    time range is on when they died (`updated_at`: inclusive from, exclusive to)."""

    publication_id: int | None = None
    channel_id: int | None = None
    error_class: str | None = None
    died_after: dt.datetime | None = None
    died_before: dt.datetime | None = None

    def where(self) -> tuple[str, list[object]]:
        """SQL conditions (always `status = 'dead'`) and their values."""
        conditions = ["status = 'dead'"]
        values: list[object] = []
        for column, operator, value in (("publication_id", "=", self.publication_id),
                                        ("channel_id", "=", self.channel_id),
                                        ("error_class", "=", self.error_class),
                                        ("updated_at", ">=", self.died_after),
                                        ("updated_at", "<", self.died_before)):
            if value is not None:
                values.append(value)
                conditions.append(f"{column} {operator} ${len(values)}")
        return " AND ".join(conditions), values


async def retry_dead(*, publication_id: int | None = None, channel_id: int | None = None,
                     where: DeadFilter | None = None) -> int:
    """Give dead deliveries a fresh set of attempts (admin replay of the dead letters)."""
    where = where or DeadFilter(publication_id=publication_id, channel_id=channel_id)
    conditions, values = where.where()
    async with in_transaction() as connection:
        rows = await connection.execute_query_dict(
            "UPDATE delivery SET status = 'pending', attempts = 0, next_attempt_at = now(), "
            f"lease_id = NULL, updated_at = now() WHERE {conditions} "
            "RETURNING publication_id", values)
        publications = sorted({row["publication_id"] for row in rows})
        if publications:
            await connection.execute_query(
                "UPDATE publication SET status = 'publishing', updated_at = now() "
                "WHERE id = ANY($1::int[]) AND status = 'published'", [publications])
    return len(rows)


async def discard_dead(where: DeadFilter, note: str) -> int:
    """Dead deliveries become `failed` for good (no replay picks them up again); their
    error stays and their history says who discarded them."""
    conditions, values = where.where()
    values.append(json.dumps([{"at": dt.datetime.now(dt.UTC).isoformat(),
                               "discarded": note[:1000]}]))
    count, _ = await _connection().execute_query(
        "UPDATE delivery SET status = 'failed', next_attempt_at = NULL, updated_at = now(), "
        f"error_history = error_history || ${len(values)}::jsonb WHERE {conditions}",
        values)
    return count


async def skip_channel(channel_id: int, reason: str) -> int:
    count, _ = await _connection().execute_query(
        "UPDATE delivery SET status = 'skipped', last_error = $2, next_attempt_at = NULL, "
        "updated_at = now() WHERE channel_id = $1 AND status IN ('pending', 'queued')",
        [channel_id, reason])
    return count
