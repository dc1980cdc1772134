"""Channel optimization: which of a reader's channels gets engagement, the per-publication
"best channel only" strategy, and per channel type delivery success, latency and
engagement over time.

`best_channels` is the one place that decides a reader's best channel (matching's
best-single-channel mode is meant to call it too). Per reader and candidate channel
(a channel they asked for on one of the topics, immediately), the engagement rate is
human-engaged deliveries / sent deliveries on publications of those topics, smoothed:

    rate = (engaged_topic + K * overall) / (sent_topic + K)
    overall = (engaged_all + K * channel_rate) / (sent_all + K)

where `*_all` is the reader's responsiveness on that channel across every topic
(`channel_responsiveness`) and `channel_rate` the channel's rate over all its readers. So
a reader with no history on a topic follows their general habit, and one with no
history at all follows the channel's population. Ties go to the reader's own channel
order, then the lower channel id.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from tortoise import BaseDBAsyncClient, Tortoise
from tortoise.transactions import in_transaction

from domain.engagement.metrics import check_filter
from domain.engagement.models import Granularity
from domain.errors import Conflict, InvalidInput
from domain.optimization.models import PublicationOptimization
from domain.principals.actor import Actor
from domain.principals.service import audit
from domain.publications import service as publications
from domain.publications.models import PublicationStatus

#: pseudo-deliveries of the prior in each smoothing step
SMOOTHING = 5.0
BEST_CHANNEL_REASON = "best channel only"
PER_READER_TYPES = ("email", "webhook")

_CANDIDATES = """
SELECT DISTINCT sp.subscriber_id AS s, sp.channel_id AS c
FROM subscriber_preference sp
JOIN channel ch ON ch.id = sp.channel_id AND ch.type IN ('email', 'webhook')
WHERE sp.subscriber_id = ANY($1::int[]) AND sp.topic_id = ANY($2::int[])
  AND sp.frequency = 'immediate'
"""

# sent and engaged deliveries per (reader, channel) on publications of the topics
_ON_TOPICS = """
WITH pubs AS (SELECT DISTINCT publication_id FROM publication_topic
              WHERE topic_id = ANY($3::int[])),
cand AS (SELECT * FROM unnest($1::int[], $2::int[]) AS i(s, c)),
sent AS (
    SELECT d.id, d.subscriber_id AS s, d.channel_id AS c FROM delivery d
    JOIN pubs ON pubs.publication_id = d.publication_id
    JOIN cand ON cand.s = d.subscriber_id AND cand.c = d.channel_id
    WHERE d.status IN ('sent', 'delivered')
)
SELECT sent.s, sent.c, count(*) AS sent,
       count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM engagement_event e WHERE e.delivery_id = sent.id
           AND e.type IN ('open', 'click') AND NOT e.is_machine)) AS engaged
FROM sent GROUP BY 1, 2
"""

_OVERALL = """
SELECT r.subscriber_id AS s, r.channel_id AS c, r.sent, r.engaged
FROM channel_responsiveness r
JOIN unnest($1::int[], $2::int[]) AS i(s, c) ON i.s = r.subscriber_id AND i.c = r.channel_id
"""

_CHANNEL_RATES = """
SELECT channel_id AS c, sum(sent)::bigint AS sent, sum(engaged)::bigint AS engaged
FROM channel_responsiveness WHERE channel_id = ANY($1::int[]) GROUP BY 1
"""


@dataclass(frozen=True, slots=True)
class ChannelScore:
    channel_id: int
    rate: float
    sent: int
    engaged: int


@dataclass(frozen=True, slots=True)
class ChannelChoice:
    """A reader's best channel for some topics, and every candidate's score (best
    first)."""

    subscriber_id: int
    channel_id: int
    candidates: list[ChannelScore] = field(default_factory=list)

    @property
    def best(self) -> ChannelScore:
        return self.candidates[0]


def _json_list(value: object) -> list:
    """A JSON column as the driver hands it back (text without a codec)."""
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, list) else []


def _smoothed(engaged: float, sent: float, prior: float) -> float:
    return (engaged + SMOOTHING * prior) / (sent + SMOOTHING)


async def best_channels(subscriber_ids: Sequence[int], topic_ids: Sequence[int], *,
                        candidates: Mapping[int, Collection[int]] | None = None,
                        connection: BaseDBAsyncClient | None = None
                        ) -> dict[int, ChannelChoice]:
    """Per reader, their best channel for `topic_ids` among `candidates[reader]` (default:
    the per-reader channels they asked for on those topics). Readers without a
    candidate are left out. Four statements, whatever the number of readers."""
    connection = connection or Tortoise.get_connection("default")
    readers = sorted(set(subscriber_ids))
    topics = sorted(set(topic_ids))
    if not readers or not topics:
        return {}
    if candidates is None:
        rows = await connection.execute_query_dict(_CANDIDATES, [readers, topics])
        pairs = sorted((row["s"], row["c"]) for row in rows)
    else:
        pairs = sorted({(s, c) for s in readers for c in candidates.get(s, ())})
    if not pairs:
        return {}
    columns = [[p[0] for p in pairs], [p[1] for p in pairs]]
    on_topics = {(r["s"], r["c"]): (int(r["sent"]), int(r["engaged"]))
                 for r in await connection.execute_query_dict(_ON_TOPICS,
                                                              [*columns, topics])}
    overall = {(r["s"], r["c"]): (int(r["sent"]), int(r["engaged"]))
               for r in await connection.execute_query_dict(_OVERALL, columns)}
    channels = sorted({c for _, c in pairs})
    channel_rates = {r["c"]: (int(r["engaged"]) / int(r["sent"]) if r["sent"] else 0.0)
                     for r in await connection.execute_query_dict(_CHANNEL_RATES,
                                                                  [channels])}
    orders = {r["id"]: _json_list(r["channel_order"])
              for r in await connection.execute_query_dict(
                  "SELECT id, channel_order FROM subscriber WHERE id = ANY($1::int[])",
                  [readers])}
    scored: dict[int, list[ChannelScore]] = {}
    for reader, channel in pairs:
        all_sent, all_engaged = overall.get((reader, channel), (0, 0))
        prior = _smoothed(all_engaged, all_sent, channel_rates.get(channel, 0.0))
        sent, engaged = on_topics.get((reader, channel), (0, 0))
        scored.setdefault(reader, []).append(
            ChannelScore(channel, _smoothed(engaged, sent, prior), sent, engaged))
    choices = {}
    for reader, scores in scored.items():
        order = orders.get(reader, [])
        rank = {channel: index for index, channel in enumerate(order)}
        scores.sort(key=lambda s: (-round(s.rate, 12), rank.get(s.channel_id, len(order)),
                                   s.channel_id))
        choices[reader] = ChannelChoice(reader, scores[0].channel_id, scores)
    return choices


# --- the per-publication strategy ---------------------------------------------------

_PENDING_PER_READER = """
SELECT d.id, d.subscriber_id, d.channel_id FROM delivery d
JOIN channel c ON c.id = d.channel_id AND c.type IN ('email', 'webhook')
WHERE d.publication_id = $1 AND d.status = 'pending' AND d.subscriber_id IS NOT NULL
ORDER BY d.id
"""

_SKIP = """
UPDATE delivery d SET status = 'skipped', next_attempt_at = NULL, updated_at = now(),
       last_error = i.reason
FROM unnest($1::bigint[], $2::text[]) AS i(id, reason)
WHERE d.id = i.id AND d.status = 'pending'
"""

#: lifecycle states in which the strategy may still change (the ledger is not written)
CHANGEABLE = frozenset({PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW,
                        PublicationStatus.APPROVED, PublicationStatus.SCHEDULED})


async def best_channel_only(publication_id: int) -> bool:
    """Whether the publication sends on each reader's best channel only."""
    return await PublicationOptimization.filter(publication_id=publication_id,
                                                best_channel_only=True).exists()


async def set_best_channel_only(actor: Actor, publication_id: int, enabled: bool
                                ) -> PublicationOptimization:
    """Send each reader the publication on their best channel only (or on every channel
    they asked for, the default)."""
    publication = await publications.get_publication(publication_id)
    if publication.status not in CHANGEABLE:
        raise Conflict(f"publication is {publication.status.value}: its audience is "
                       "already resolved", field="publicationId")
    if publication.priority.value != "normal" and enabled:
        raise InvalidInput("alerts go to every channel they name", field="strategy")
    async with in_transaction():
        settings, _ = await PublicationOptimization.get_or_create(
            publication_id=publication_id)
        settings.best_channel_only = enabled
        await settings.save()
    await audit(actor, "publication.channel_strategy", "publication", publication_id,
                {"best_channel_only": enabled})
    return settings


async def keep_best_channels(connection: BaseDBAsyncClient, publication_id: int) -> int:
    """In audience resolution's transaction: a reader with pending rows on several
    channels keeps the best one; the others become `skipped` saying which channel was
    used. Returns the rows skipped (0 when the publication does not ask for it)."""
    settings = await PublicationOptimization.filter(
        publication_id=publication_id, best_channel_only=True).using_db(connection).first()
    if settings is None:
        return 0
    rows = await connection.execute_query_dict(_PENDING_PER_READER, [publication_id])
    by_reader: dict[int, list[dict]] = {}
    for row in rows:
        by_reader.setdefault(row["subscriber_id"], []).append(row)
    several = {reader: {row["channel_id"] for row in found}
               for reader, found in by_reader.items() if len(found) > 1}
    if not several:
        return 0
    topics = [row["topic_id"] for row in await connection.execute_query_dict(
        "SELECT topic_id FROM publication_topic WHERE publication_id = $1", [publication_id])]
    choices = await best_channels(list(several), topics, candidates=several,
                                  connection=connection)
    skipped_ids, reasons = [], []
    for reader in several:
        best = choices[reader].channel_id
        for row in by_reader[reader]:
            if row["channel_id"] != best:
                skipped_ids.append(row["id"])
                reasons.append(f"{BEST_CHANNEL_REASON}: sent on channel {best}")
    await connection.execute_query(_SKIP, [skipped_ids, reasons])
    return len(skipped_ids)


# --- per channel type over time -----------------------------------------------------

@dataclass(frozen=True, slots=True)
class ChannelTypePoint:
    channel_type: str
    bucket: dt.datetime
    sent: int
    delivered: int
    failed: int
    bounces: int
    engaged: int
    #: (sent - bounces) / (sent + failed): handed over and not bounced, of all attempts
    success_rate: float | None
    #: unique human opens or clicks per delivered (or sent, without receipts)
    engagement_rate: float | None
    #: seconds from the ledger row to the send, median and 95th percentile (rows held
    #: for quiet hours or timed by send-time optimization are left out)
    latency_p50: float | None
    latency_p95: float | None


_TYPE_ROLLUPS = """
SELECT c.type, r.bucket, sum(r.sent)::bigint AS sent, sum(r.delivered)::bigint AS delivered,
       sum(r.failed)::bigint AS failed, sum(r.bounces)::bigint AS bounces,
       sum(GREATEST(r.unique_opens, r.unique_clicks))::bigint AS engaged
FROM metric_rollup r JOIN channel c ON c.id = r.channel_id
WHERE r.granularity = $1 AND r.bucket >= $2 AND r.bucket < $3
GROUP BY 1, 2 ORDER BY 1, 2
"""

_TYPE_LATENCY = """
SELECT c.type, date_trunc($1, d.sent_at) AS bucket,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.sent_at - d.created_at))
           AS p50,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM d.sent_at - d.created_at))
           AS p95
FROM delivery d JOIN channel c ON c.id = d.channel_id
WHERE d.sent_at >= $2 AND d.sent_at < $3 AND d.deferred_until IS NULL
  AND NOT EXISTS (SELECT 1 FROM send_time_plan p WHERE p.publication_id = d.publication_id)
GROUP BY 1, 2
"""


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


async def channel_type_performance(start: dt.datetime, end: dt.datetime,
                                   granularity: Granularity = Granularity.DAY
                                   ) -> list[ChannelTypePoint]:
    """Per channel type and time bucket: from the rollups (counters) and the ledger
    (latency percentiles over the range's sends)."""
    from domain.engagement.metrics import MetricsFilter

    check_filter(MetricsFilter(start, end, granularity))
    connection = Tortoise.get_connection("default")
    rollups = await connection.execute_query_dict(_TYPE_ROLLUPS,
                                                  [granularity.value, start, end])
    latency = {(r["type"], r["bucket"]): (r["p50"], r["p95"])
               for r in await connection.execute_query_dict(
                   _TYPE_LATENCY, [granularity.value, start, end])}
    points = []
    for r in rollups:
        sent, delivered = int(r["sent"]), int(r["delivered"])
        p50, p95 = latency.get((r["type"], r["bucket"]), (None, None))
        points.append(ChannelTypePoint(
            r["type"], r["bucket"], sent, delivered, int(r["failed"]), int(r["bounces"]),
            int(r["engaged"]), _rate(sent - int(r["bounces"]), sent + int(r["failed"])),
            _rate(int(r["engaged"]), delivered or sent),
            float(p50) if p50 is not None else None, float(p95) if p95 is not None else None))
    return points
