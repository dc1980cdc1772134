"""Audience resolution: who gets a publication, written to the ledger in bulk.

One INSERT … SELECT per channel kind, keyed by a deterministic idempotency key with
ON CONFLICT DO NOTHING, so resolving twice (a retried job, a sweeper catching up) never
creates a second row. Email and webhook channels get one delivery per subscriber whose
preference matches a topic of the publication; Slack and Discord channels get one
delivery per channel (they post to a room, not to a person). On the alerts lane a webhook
channel is such an endpoint too (a pager, an incident tool): one delivery per channel.

An email address on the suppression list (`suppressed_address`, lower-cased; written by
hard bounces and complaints) gets a `suppressed` row instead of a send, also when the
bounce or complaint marked its subscriber `bounced`/`complained`: the ledger then says
why that reader got nothing. Subscribers who unsubscribed get no row at all.

Optimization (domain.optimization) acts in the same transaction on bulk publications:
"best channel only" skips a reader's rows on all but their best channel, and `sendAt:
OPTIMAL` gives each pending row its reader's due time.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from domain.experiments.audience import assign_ledger
from domain.optimization.channels import keep_best_channels
from domain.optimization.sendtime import plan_deliveries

PER_SUBSCRIBER_TYPES = ("email", "webhook")
BROADCAST_TYPES = ("slack", "discord")

_PER_SUBSCRIBER = """
INSERT INTO delivery (created_at, updated_at, idempotency_key, publication_id, channel_id,
                      subscriber_id, recipient, status, attempts, next_attempt_at,
                      error_history, last_error, lane)
SELECT now(), now(), 'p' || pc.publication_id || ':c' || pc.channel_id || ':s' || s.id,
       pc.publication_id, pc.channel_id, s.id,
       CASE c.type WHEN 'email' THEN s.email ELSE COALESCE(s.external_id, s.email) END,
       CASE WHEN sup.id IS NOT NULL THEN 'suppressed'
            WHEN c.status = 'disabled' THEN 'skipped' ELSE 'pending' END,
       0, now(), '[]'::jsonb,
       CASE WHEN sup.id IS NOT NULL THEN 'address is suppressed: ' || sup.reason
            WHEN c.status = 'disabled' THEN 'channel is disabled' END,
       $2
FROM publication_channel pc
JOIN channel c ON c.id = pc.channel_id
     AND (c.type = 'email' OR (c.type = 'webhook' AND $2 = 'bulk'))
JOIN publication_topic pt ON pt.publication_id = pc.publication_id
JOIN subscriber_preference p ON p.topic_id = pt.topic_id AND p.channel_id = pc.channel_id
                             AND p.frequency = 'immediate'
JOIN subscriber s ON s.id = p.subscriber_id
LEFT JOIN suppressed_address sup ON c.type = 'email' AND sup.email = lower(s.email)
WHERE pc.publication_id = $1 AND (c.type <> 'email' OR s.email IS NOT NULL)
  AND (s.status = 'active' OR (sup.id IS NOT NULL AND s.status <> 'unsubscribed'))
ON CONFLICT (idempotency_key) DO NOTHING
"""

_BROADCAST = """
INSERT INTO delivery (created_at, updated_at, idempotency_key, publication_id, channel_id,
                      subscriber_id, recipient, status, attempts, next_attempt_at,
                      error_history, last_error, lane)
SELECT now(), now(), 'p' || pc.publication_id || ':c' || c.id, pc.publication_id, c.id, NULL,
       c.name, CASE WHEN c.status = 'disabled' THEN 'skipped' ELSE 'pending' END, 0, now(),
       '[]'::jsonb, CASE WHEN c.status = 'disabled' THEN 'channel is disabled' END, $2
FROM publication_channel pc
JOIN channel c ON c.id = pc.channel_id
     AND (c.type IN ('slack', 'discord') OR (c.type = 'webhook' AND $2 = 'alert'))
WHERE pc.publication_id = $1
ON CONFLICT (idempotency_key) DO NOTHING
"""


@dataclass(frozen=True, slots=True)
class AudienceResult:
    created: int
    already_resolved: bool


async def _count_inserted(connection: BaseDBAsyncClient, insert: str,
                          values: list[object]) -> int:
    """Rows an INSERT wrote (the driver reports no row count for a plain INSERT)."""
    rows = await connection.execute_query_dict(
        f"WITH written AS ({insert.strip()} RETURNING 1) SELECT count(*) AS n FROM written",
        values)
    return int(rows[0]["n"])


async def resolve_audience(publication_id: int) -> AudienceResult:
    """Write the ledger rows and stamp the publication, in one transaction."""
    async with in_transaction() as connection:
        rows = await connection.execute_query_dict(
            "SELECT audience_resolved_at, priority FROM publication WHERE id = $1 FOR UPDATE",
            [publication_id])
        if not rows:
            return AudienceResult(created=0, already_resolved=False)
        if rows[0]["audience_resolved_at"] is not None:
            return AudienceResult(created=0, already_resolved=True)
        # high and critical publications travel on the alerts lane
        lane = "bulk" if rows[0]["priority"] == "normal" else "alert"
        per_subscriber = await _count_inserted(connection, _PER_SUBSCRIBER,
                                               [publication_id, lane])
        broadcast = await _count_inserted(connection, _BROADCAST, [publication_id, lane])
        if lane == "bulk":  # "best channel only": one channel per reader
            await keep_best_channels(connection, publication_id)
        await assign_ledger(connection, publication_id)  # a running experiment's variants
        if lane == "bulk":  # sendAt: OPTIMAL gives each delivery its reader's time
            await plan_deliveries(connection, publication_id)
        await connection.execute_query(
            # publishing starts: from here on every send (and retry) renders the same
            # publication.published_at (the Discord embed's timestamp, for one)
            "UPDATE publication SET audience_resolved_at = now(), "
            "published_at = COALESCE(published_at, now()), updated_at = now() "
            "WHERE id = $1", [publication_id])
    return AudienceResult(created=per_subscriber + broadcast, already_resolved=False)

