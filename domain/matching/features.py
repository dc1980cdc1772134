"""Gathering a publication's candidates and the scorers' inputs: a fixed number of
set-based queries whatever the audience size, turned into numpy arrays.

1. the candidates: one row per (subscriber, channel, chosen topic) — eligibility
   (status, suppression, channel kind) is decided in SQL, as audience resolution always
   did;
2. topic affinities of those subscribers for the publication's topics (the profile);
3. channel responsiveness of those (subscriber, channel) pairs;
4. their messages in the fatigue window.

The publication's topic relevance comes from its stored content analysis (one query).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from tortoise import BaseDBAsyncClient

from domain.intelligence.analysis import AnalyzableContent
from domain.intelligence.store import best_for_hashes
from domain.matching.scorers import FATIGUE_WINDOW, UNRANKED, Candidates
from domain.personalization.profiles import config as profile_config

#: channel kinds that deliver to each subscriber (on the alerts lane a webhook is a
#: channel-wide endpoint instead, see domain.deliveries.audience)
_CANDIDATES = """
SELECT p.subscriber_id AS s, p.channel_id AS c,
       array_position($2::int[], p.topic_id) - 1 AS t
FROM publication_channel pc
JOIN channel c ON c.id = pc.channel_id
     AND (c.type = 'email' OR (c.type = 'webhook' AND $3 = 'bulk'))
JOIN subscriber_preference p ON p.channel_id = pc.channel_id AND p.topic_id = ANY($2::int[])
                             AND p.frequency = 'immediate'
JOIN subscriber s ON s.id = p.subscriber_id
LEFT JOIN suppressed_address sup ON c.type = 'email' AND sup.email = lower(s.email)
WHERE pc.publication_id = $1 AND (c.type <> 'email' OR s.email IS NOT NULL)
  AND (s.status = 'active' OR (sup.id IS NOT NULL AND s.status <> 'unsubscribed'))
  {only}
"""

#: only for best-channel strategies (a tie-break): each reader's channel order
_RANKS = """
SELECT s.id AS s, o.v::int AS c, o.n AS r
FROM subscriber s JOIN unnest($1::int[]) AS u(id) ON u.id = s.id,
     jsonb_array_elements_text(s.channel_order::jsonb) WITH ORDINALITY AS o(v, n)
WHERE s.channel_order::jsonb <> '[]'::jsonb AND o.v::int = ANY($2::int[])
"""

_AFFINITY = """
SELECT a.subscriber_id AS s, array_position($2::int[], a.topic_id) - 1 AS t,
       a.score * power(0.5, GREATEST(0, extract(epoch FROM $3::timestamptz - a.scored_at))
                            / $4::float8) AS v
FROM topic_affinity a JOIN unnest($1::int[]) AS u(id) ON u.id = a.subscriber_id
WHERE a.topic_id = ANY($2::int[])
"""

_RESPONSIVENESS = """
SELECT r.subscriber_id AS s, r.channel_id AS c, r.sent, r.engaged
FROM channel_responsiveness r JOIN unnest($1::int[]) AS u(id) ON u.id = r.subscriber_id
WHERE r.channel_id = ANY($2::int[])
"""

#: messages on their way or sent (not the rows that never reach the reader), other
#: publications only (a re-resolution must not count the publication itself)
_RECENT = """
SELECT d.subscriber_id AS s, d.channel_id AS c, count(*) AS n
FROM delivery d JOIN unnest($1::int[]) AS u(id) ON u.id = d.subscriber_id
WHERE d.created_at >= $3::timestamptz AND d.channel_id = ANY($2::int[])
  AND d.publication_id <> $4
  AND d.status NOT IN ('skipped', 'suppressed', 'failed', 'dead')
GROUP BY 1, 2
"""


@dataclass(frozen=True, slots=True)
class PublicationFacts:
    publication_id: int
    topic_ids: tuple[int, ...]
    relevance: tuple[float, ...]


async def publication_facts(connection: BaseDBAsyncClient, publication_id: int,
                            title: str, summary: str, body: str) -> PublicationFacts:
    """The publication's topics (ordered by id) and the analysis' relevance to each."""
    rows = await connection.execute_query_dict(
        "SELECT topic_id FROM publication_topic WHERE publication_id = $1 ORDER BY topic_id",
        [publication_id])
    topic_ids = tuple(int(row["topic_id"]) for row in rows)
    content_hash = AnalyzableContent(title=title, summary=summary, body=body).content_hash
    stored = (await best_for_hashes([content_hash])).get(content_hash)
    by_topic = ({item.topic_id: item.score for item in stored.analysis.relevance}
                if stored else {})
    return PublicationFacts(publication_id, topic_ids,
                            tuple(float(by_topic.get(t, 0.0)) for t in topic_ids))


def _pair_keys(subscribers: np.ndarray, channels: np.ndarray, width: int) -> np.ndarray:
    return subscribers.astype(np.int64) * width + channels.astype(np.int64)


def _lookup(keys: np.ndarray, found_keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """values[i] where found_keys[i] == keys[j], else 0 (found_keys need not be sorted)."""
    out = np.zeros(keys.shape[0], dtype=values.dtype if values.size else np.int64)
    if not found_keys.size or not keys.size:
        return out
    order = np.argsort(found_keys, kind="stable")
    sorted_keys = found_keys[order]
    positions = np.clip(np.searchsorted(sorted_keys, keys), 0, sorted_keys.size - 1)
    hit = sorted_keys[positions] == keys
    out[hit] = values[order][positions[hit]]
    return out


async def _columns(connection: BaseDBAsyncClient, sql: str, values: list[object], count: int,
                   dtype: type = np.int64) -> list[np.ndarray]:
    """The query's `count` columns as arrays. The rows are aggregated into one array per
    column in SQL: the driver decodes an array in C, where 100k row objects would cost
    more than the query itself."""
    names = [f"c{index}" for index in range(count)]
    wrapped = (f"SELECT {', '.join(f'array_agg(q.{name})' for name in names)} "
               f"FROM ({sql}) AS q({', '.join(names)})")
    _, rows = await connection.execute_query(wrapped, values)
    row = rows[0] if rows else None
    if row is None or row[0] is None:
        return [np.zeros(0, dtype=dtype) for _ in range(count)]
    return [np.array(row[index], dtype=dtype) for index in range(count)]


async def fetch_candidates(connection: BaseDBAsyncClient, facts: PublicationFacts, lane: str,
                           *, now: dt.datetime | None = None,
                           subscriber_id: int | None = None,
                           with_ranks: bool = False) -> Candidates:
    """The publication's candidates and their inputs; `subscriber_id` narrows the set to
    one reader (explainMatch) with the same queries. `with_ranks` reads the readers'
    channel order (best-channel tie-breaks); otherwise every candidate is UNRANKED."""
    now = now or dt.datetime.now(dt.UTC)
    topic_ids = np.array(facts.topic_ids, dtype=np.int64)
    relevance = np.array(facts.relevance, dtype=np.float64)
    if not facts.topic_ids:
        return Candidates.empty(topic_ids, relevance)
    topics = list(facts.topic_ids)
    values: list[object] = [facts.publication_id, topics, lane]
    only = ""
    if subscriber_id is not None:
        values.append(subscriber_id)
        only = "AND s.id = $4"
    sql = _CANDIDATES.format(only=only)
    s, c, t = await _columns(connection, sql, values, 3)
    if not s.size:
        return Candidates.empty(topic_ids, relevance)
    width = int(c.max()) + 1
    keys = _pair_keys(s, c, width)
    unique_keys, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    n, n_topics = unique_keys.size, topic_ids.size
    matched = np.zeros((n, n_topics), dtype=bool)
    matched[inverse, t] = True
    subscriber_ids, channel_ids = s[first], c[first]
    readers = np.unique(subscriber_ids)
    reader_list = readers.tolist()
    channel_list = np.unique(channel_ids).tolist()
    ranks = np.full(n, UNRANKED, dtype=np.int64)
    if with_ranks:
        ks, kc, kr = await _columns(connection, _RANKS, [reader_list, channel_list], 3)
        ranked = _lookup(unique_keys, _pair_keys(ks, kc, width), kr)
        ranks = np.where(ranked > 0, ranked, UNRANKED)

    a_s, a_t, a_v = await _columns(
        connection, _AFFINITY, [reader_list, topics, now,
                                profile_config.half_life.total_seconds()], 3, np.float64)
    affinity_by_reader = np.zeros((readers.size, n_topics))
    if a_s.size:
        affinity_by_reader[np.searchsorted(readers, a_s.astype(np.int64)),
                           a_t.astype(np.int64)] = a_v
    affinity = affinity_by_reader[np.searchsorted(readers, subscriber_ids)]

    rs, rc, sent, engaged = await _columns(connection, _RESPONSIVENESS,
                                           [reader_list, channel_list], 4)
    found = _pair_keys(rs, rc, width)
    ds, dc, recent = await _columns(
        connection, _RECENT, [reader_list, channel_list, now - FATIGUE_WINDOW,
                              facts.publication_id], 3)
    return Candidates(
        subscriber_ids=subscriber_ids, channel_ids=channel_ids, topic_ids=topic_ids,
        matched=matched, affinity=affinity, relevance=relevance,
        sent=_lookup(unique_keys, found, sent), engaged=_lookup(unique_keys, found, engaged),
        recent=_lookup(unique_keys, _pair_keys(ds, dc, width), recent), rank=ranks)
