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
class Sent:
    delivery_id: int
    provider_message_id: str | None = None


@dataclass(frozen=True, slots=True)
class Retry:
    delivery_id: int
    attempt: int
    delay: dt.timedelta
    error: str
    #: False: the attempt is given back (a half-open breaker's probe: an outage must not
    #: use up the deliveries that happened to be its probes)
    counted: bool = True


@dataclass(frozen=True, slots=True)
class Deferred:
    """Not attempted (breaker open, rate limited): the attempt is given back."""

    delivery_id: int
    delay: dt.timedelta


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
    """Every write names the claim (`lease_id`): rows re-claimed since are left alone."""
    connection = _connection()
    if skipped:
        await connection.execute_many(
            "UPDATE delivery SET status = 'skipped', updated_at = now(), "
            "next_attempt_at = NULL, last_error = $2 "
            "WHERE id = $1 AND status = 'sending' AND lease_id = $3",
            [[item.delivery_id, item.reason[:2000], lease_id] for item in skipped])
    if sent:
        await connection.execute_many(
            "UPDATE delivery SET status = 'sent', sent_at = now(), updated_at = now(), "
            "provider_message_id = $2, next_attempt_at = NULL, last_error = NULL "
            "WHERE id = $1 AND status = 'sending' AND lease_id = $3",
            [[item.delivery_id, item.provider_message_id, lease_id] for item in sent])
    if retries:
        await connection.execute_many(
            "UPDATE delivery SET status = 'pending', updated_at = now(), "
            "next_attempt_at = now() + make_interval(secs => $2), last_error = $3, "
            "error_history = error_history || $4::jsonb, "
            "attempts = CASE WHEN $6 THEN attempts ELSE GREATEST(attempts - 1, 0) END "
            "WHERE id = $1 AND status = 'sending' AND lease_id = $5",
            [[item.delivery_id, item.delay.total_seconds(), item.error[:2000],
              _history(item.attempt, item.error), lease_id, item.counted]
             for item in retries])
    if deferred:
        await connection.execute_many(
            "UPDATE delivery SET status = 'pending', updated_at = now(), "
            "attempts = GREATEST(attempts - 1, 0), "
            "next_attempt_at = now() + make_interval(secs => $2) "
            "WHERE id = $1 AND status = 'sending' AND lease_id = $3",
            [[item.delivery_id, item.delay.total_seconds(), lease_id] for item in deferred])
    if held:
        await connection.execute_many(
            "UPDATE delivery SET status = 'pending', updated_at = now(), "
            "attempts = GREATEST(attempts - 1, 0), next_attempt_at = $2, "
            "deferred_until = $2, deferral_reason = $3 "
            "WHERE id = $1 AND status = 'sending' AND lease_id = $4",
            [[item.delivery_id, item.until, item.reason[:64], lease_id] for item in held])
    if failed:
        await connection.execute_many(
            "UPDATE delivery SET status = $2, updated_at = now(), next_attempt_at = NULL, "
            "last_error = $3, error_history = error_history || $4::jsonb "
            "WHERE id = $1 AND status = 'sending' AND lease_id = $5",
            [[item.delivery_id, "dead" if item.dead else "failed", item.error[:2000],
              _history(item.attempt, item.error), lease_id] for item in failed])


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


async def retry_dead(*, publication_id: int | None = None, channel_id: int | None = None
                     ) -> int:
    """Give dead deliveries a fresh set of attempts (admin replay of the dead letters)."""
    conditions = ["status = 'dead'"]
    values: list[object] = []
    if publication_id is not None:
        values.append(publication_id)
        conditions.append(f"publication_id = ${len(values)}")
    if channel_id is not None:
        values.append(channel_id)
        conditions.append(f"channel_id = ${len(values)}")
    async with in_transaction() as connection:
        rows = await connection.execute_query_dict(
            "UPDATE delivery SET status = 'pending', attempts = 0, next_attempt_at = now(), "
            f"updated_at = now() WHERE {' AND '.join(conditions)} RETURNING publication_id",
            values)
        publications = sorted({row["publication_id"] for row in rows})
        if publications:
            await connection.execute_query(
                "UPDATE publication SET status = 'publishing', updated_at = now() "
                "WHERE id = ANY($1::int[]) AND status = 'published'", [publications])
    return len(rows)


async def skip_channel(channel_id: int, reason: str) -> int:
    count, _ = await _connection().execute_query(
        "UPDATE delivery SET status = 'skipped', last_error = $2, next_attempt_at = NULL, "
        "updated_at = now() WHERE channel_id = $1 AND status IN ('pending', 'queued')",
        [channel_id, reason])
    return count
