"""What a digest could hold: the period's publications, loaded once per run, and each
reader's rules for choosing among them (topics, affinity, what they already got).

The pool holds the publications published in the widest window any reader of the run
can have (at most `MAX_LOOKBACK` periods back), with their topics and quality scores:
one query each, whatever the number of readers. Per page of readers, `ReaderFacts`
loads affinities, the last digest per (reader, channel, frequency) and the publications
already sent to them on the digest's channel, three queries per page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from tortoise import Tortoise

from domain.intelligence import store
from domain.intelligence.service import content_of
from domain.newsletters.ranking import Candidate
from domain.personalization.enforcement import FREQUENCY_CAP
from domain.personalization.reads import decayed
from domain.publications.models import Publication, PublicationKind

#: distinct (topics, window) lists kept per run
WINDOW_CACHE = 4096
#: a reader whose last digest is older than this many periods gets at most this window
MAX_LOOKBACK = 2

_TOPICS = """
SELECT pt.publication_id, array_agg(pt.topic_id ORDER BY pt.topic_id) AS topics
FROM publication_topic pt WHERE pt.publication_id = ANY($1::int[]) GROUP BY 1
"""


@dataclass(slots=True)
class CandidatePool:
    """Publications that may appear in digests, by topic."""

    candidates: dict[int, Candidate] = field(default_factory=dict)
    by_topic: dict[int, list[Candidate]] = field(default_factory=lambda: defaultdict(list))
    topic_names: dict[int, str] = field(default_factory=dict)
    #: (topics, start, end) → candidates: readers of a run share topic sets and windows
    _windows: dict[tuple[frozenset[int], dt.datetime, dt.datetime], list[Candidate]] = field(
        default_factory=dict)

    def in_window(self, topics: frozenset[int], start: dt.datetime, end: dt.datetime
                  ) -> list[Candidate]:
        key = (topics, start, end)
        found = self._windows.get(key)
        if found is not None:
            return found
        seen: dict[int, Candidate] = {}
        for topic in topics:
            for candidate in self.by_topic.get(topic, ()):
                if start <= candidate.published_at < end:
                    seen[candidate.publication_id] = candidate
        if len(self._windows) >= WINDOW_CACHE:
            self._windows.clear()
        found = self._windows[key] = list(seen.values())
        return found


async def load_pool(start: dt.datetime, end: dt.datetime) -> CandidatePool:
    """Published standard publications with `published_at` in [start, end)."""
    publications = await Publication.filter(
        kind=PublicationKind.STANDARD, status__in=("publishing", "published"),
        published_at__gte=start, published_at__lt=end).only(
        "id", "title", "summary", "body", "published_at")
    pool = CandidatePool()
    if not publications:
        return pool
    connection = Tortoise.get_connection("default")
    rows = await connection.execute_query_dict(_TOPICS, [[p.id for p in publications]])
    topics = {row["publication_id"]: frozenset(row["topics"]) for row in rows}
    hashes = {p.id: content_of(p).content_hash for p in publications}
    analyses = await store.best_for_hashes(list(hashes.values()))
    for publication in publications:
        analysis = analyses.get(hashes[publication.id])
        candidate = Candidate(publication.id, topics.get(publication.id, frozenset()),
                              publication.published_at,
                              analysis.quality if analysis is not None else None)
        pool.candidates[publication.id] = candidate
        for topic in candidate.topic_ids:
            pool.by_topic[topic].append(candidate)
    names = await connection.execute_query_dict(
        "SELECT id, name FROM topic WHERE id = ANY($1::int[])", [list(pool.by_topic)])
    pool.topic_names = {row["id"]: row["name"] for row in names}
    return pool


@dataclass(frozen=True, slots=True)
class LastDigest:
    period: str
    window_end: dt.datetime


@dataclass(slots=True)
class ReaderFacts:
    #: subscriber → topic → share of their strongest topic (0..1), decayed to now
    affinity: dict[int, dict[int, float]]
    #: (subscriber, channel, frequency) → their latest digest
    last: dict[tuple[int, int, str], LastDigest]
    #: (subscriber, channel) → publications already sent to them there
    received: dict[tuple[int, int], set[int]]
    #: (subscriber, channel) → publications skipped there by the reader's daily cap:
    #: held for their digest, whatever its topics
    held: dict[tuple[int, int], set[int]] = field(default_factory=dict)


_LAST = """
SELECT DISTINCT ON (subscriber_id, channel_id, frequency)
       subscriber_id, channel_id, frequency, period, window_end
FROM digest WHERE subscriber_id = ANY($1::int[])
ORDER BY subscriber_id, channel_id, frequency, window_end DESC
"""

_RECEIVED = """
SELECT subscriber_id, channel_id, publication_id, status FROM delivery
WHERE subscriber_id = ANY($1::int[]) AND publication_id = ANY($2::int[])
  AND (status IN ('sent', 'delivered')
       OR (status = 'skipped' AND last_error LIKE $3 || '%'))
"""

_AFFINITY = """
SELECT subscriber_id, topic_id, score, scored_at FROM topic_affinity
WHERE subscriber_id = ANY($1::int[])
"""


async def reader_facts(subscriber_ids: Sequence[int], pool: CandidatePool,
                       now: dt.datetime) -> ReaderFacts:
    connection = Tortoise.get_connection("default")
    ids = list(subscriber_ids)
    raw: dict[int, dict[int, float]] = defaultdict(dict)
    for row in await connection.execute_query_dict(_AFFINITY, [ids]):
        raw[row["subscriber_id"]][row["topic_id"]] = decayed(row["score"], row["scored_at"],
                                                             now)
    affinity: dict[int, dict[int, float]] = {}
    for subscriber_id, scores in raw.items():
        top = max(scores.values()) or 1.0
        affinity[subscriber_id] = {topic: score / top for topic, score in scores.items()}
    last = {(row["subscriber_id"], row["channel_id"], row["frequency"]):
            LastDigest(row["period"], row["window_end"])
            for row in await connection.execute_query_dict(_LAST, [ids])}
    received: dict[tuple[int, int], set[int]] = defaultdict(set)
    held: dict[tuple[int, int], set[int]] = defaultdict(set)
    if pool.candidates:
        for row in await connection.execute_query_dict(
                _RECEIVED, [ids, list(pool.candidates), FREQUENCY_CAP]):
            into = held if row["status"] == "skipped" else received
            into[(row["subscriber_id"], row["channel_id"])].add(row["publication_id"])
    return ReaderFacts(affinity, last, received, held)
