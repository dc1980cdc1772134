"""Audience resolution: who gets a publication, written to the ledger in bulk.

One INSERT per channel kind, keyed by a deterministic idempotency key with ON CONFLICT
DO NOTHING, so resolving twice (a retried job, a sweeper catching up) never creates a
second row. Email and webhook channels get one delivery per selected subscriber; Slack
and Discord channels get one delivery per channel (they post to a room, not to a person).
On the alerts lane a webhook channel is such an endpoint too (a pager, an incident tool):
one delivery per channel.

The per-subscriber candidates — (subscriber, channel) pairs whose preference for a topic
of the publication is `immediate` — are scored and selected by the publication's
matching strategy (domain.matching); the selected ones are written with their score,
features and the strategy version. The default strategy selects every candidate.

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

import numpy as np
from tortoise import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from domain.experiments.audience import assign_ledger
from domain.matching.scorers import SCORER_NAMES
from domain.matching.service import Matched, match_publication
from domain.matching.strategies import active_strategy
from domain.optimization.channels import keep_best_channels
from domain.optimization.sendtime import plan_deliveries

PER_SUBSCRIBER_TYPES = ("email", "webhook")
BROADCAST_TYPES = ("slack", "discord")

def _per_subscriber_insert() -> str:
    """The selected (subscriber, channel) pairs, as arrays, into the ledger: one INSERT
    whatever the audience size. Suppression and disabled channels are decided here, as
    before matching existed; the features go in as one float8[] per scorer and become
    the row's `match_features` in SQL (no JSON encoding per row in Python)."""
    columns = ", ".join(f"f{index}" for index in range(len(SCORER_NAMES)))
    arrays = ", ".join(f"${index + 7}::float8[]" for index in range(len(SCORER_NAMES)))
    features = ", ".join(f"'{name}', i.f{index}" for index, name in enumerate(SCORER_NAMES))
    return f"""
INSERT INTO delivery (created_at, updated_at, idempotency_key, publication_id, channel_id,
                      subscriber_id, recipient, status, attempts, next_attempt_at,
                      error_history, last_error, lane, match_score, match_strategy_id,
                      match_features)
SELECT now(), now(), 'p' || $1::int || ':c' || i.c || ':s' || s.id, $1, i.c, s.id,
       CASE c.type WHEN 'email' THEN s.email ELSE COALESCE(s.external_id, s.email) END,
       CASE WHEN sup.id IS NOT NULL THEN 'suppressed'
            WHEN c.status = 'disabled' THEN 'skipped' ELSE 'pending' END,
       0, now(), '[]'::jsonb,
       CASE WHEN sup.id IS NOT NULL THEN 'address is suppressed: ' || sup.reason
            WHEN c.status = 'disabled' THEN 'channel is disabled' END,
       $2, i.score, $3, jsonb_build_object({features})
FROM unnest($4::int[], $5::int[], $6::float8[], {arrays}) AS i(s, c, score, {columns})
JOIN subscriber s ON s.id = i.s
JOIN channel c ON c.id = i.c
LEFT JOIN suppressed_address sup ON c.type = 'email' AND sup.email = lower(s.email)
ON CONFLICT (idempotency_key) DO NOTHING
"""


_PER_SUBSCRIBER = _per_subscriber_insert()

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


async def write_matched(connection: BaseDBAsyncClient, publication_id: int, lane: str,
                        matched: Matched) -> int:
    """The selected candidates into the ledger with their scores (one statement; the
    arrays come sorted by subscriber, then channel)."""
    subscribers, channels, scores, features = matched.selected()
    if not subscribers.size:
        return 0
    rounded = np.round(features, 6)
    return await _count_inserted(connection, _PER_SUBSCRIBER, [
        publication_id, lane, matched.strategy.id, subscribers.tolist(), channels.tolist(),
        np.round(scores, 6).tolist(),
        *(rounded[:, index].tolist() for index in range(len(SCORER_NAMES)))])


async def resolve_audience(publication_id: int) -> AudienceResult:
    """Write the ledger rows and stamp the publication, in one transaction."""
    async with in_transaction() as connection:
        rows = await connection.execute_query_dict(
            "SELECT audience_resolved_at, priority, matching_strategy, title, summary, body "
            "FROM publication WHERE id = $1 FOR UPDATE", [publication_id])
        if not rows:
            return AudienceResult(created=0, already_resolved=False)
        row = rows[0]
        if row["audience_resolved_at"] is not None:
            return AudienceResult(created=0, already_resolved=True)
        # high and critical publications travel on the alerts lane
        lane = "bulk" if row["priority"] == "normal" else "alert"
        # who, on which channel: the publication's matching strategy decides (domain.matching)
        strategy = await active_strategy(row["matching_strategy"], connection=connection)
        matched = await match_publication(connection, publication_id, lane, strategy,
                                          title=row["title"], summary=row["summary"],
                                          body=row["body"])
        per_subscriber = await write_matched(connection, publication_id, lane, matched)
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

