"""Ranking and selecting a digest's items for one reader, in memory (no database).

`rank` is the one place a digest asks "how relevant is this publication to this
reader": topic match, the reader's decayed interest affinity for the topic, and the
publication's quality score. When `domain/matching` lands, `rank` calls its scorers and
everything else (selection, diversity, reasons shown in previews) stays as it is.

Diversity (`select`): a reader who follows k topics with something new in the period
gets at most ceil(limit / k) items of one topic while other topics still have items to
show; only when they run out does the rest of the list fill by rank.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

#: weights of the parts of an item's score
TOPIC_WEIGHT = 1.0
EXTRA_TOPIC_WEIGHT = 0.25
AFFINITY_WEIGHT = 1.0
QUALITY_WEIGHT = 0.5
#: the quality assumed for a publication not analysed yet
NEUTRAL_QUALITY = 0.5


@dataclass(frozen=True, slots=True)
class Candidate:
    publication_id: int
    topic_ids: frozenset[int]
    published_at: dt.datetime
    #: the stored analysis' quality score (0..1), None while not analysed
    quality: float | None = None
    #: published_at as a POSIX timestamp (ranking sorts by it, once per candidate)
    stamp: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "stamp", self.published_at.timestamp())


@dataclass(frozen=True, slots=True)
class Ranked:
    publication_id: int
    #: the reader's topic the item is listed under (its best-liked matching topic)
    topic_id: int
    score: float
    published_at: dt.datetime
    #: what the score is made of, for the reasons shown (built only for chosen items)
    matching: int = 1
    liked: float = 0.0
    quality: float | None = None
    held: bool = False

    def reasons(self, topic_names: Mapping[int, str] | None = None) -> list[str]:
        name = (topic_names or {}).get(self.topic_id, f"topic {self.topic_id}")
        reasons = [f"held back by your daily cap ({name})" if self.held
                   else f"in your topic {name}"]
        if self.matching > 1:
            reasons.append(f"matches {self.matching} of your topics")
        if self.liked > 0:
            reasons.append(f"you read {name} often (interest {self.liked:.2f})")
        reasons.append(f"quality {self.quality:.2f}" if self.quality is not None
                       else "not analysed yet (neutral quality)")
        return reasons

    def as_item(self, topic_names: Mapping[int, str] | None = None) -> dict[str, object]:
        return {"publication_id": self.publication_id, "topic_id": self.topic_id,
                "score": round(self.score, 4), "reasons": self.reasons(topic_names)}


#: a scored candidate, sortable as is: (-score, -published timestamp, publication id,
#: listed topic, liked, matching topics, held, candidate)
_Row = tuple[float, float, int, int, float, int, bool, Candidate]


def _scored(candidates: Iterable[Candidate], topics: frozenset[int] | set[int],
            affinity: Mapping[int, float], held: Iterable[Candidate]) -> list[_Row]:
    held_ids: set[int] = set()
    pairs: list[tuple[Candidate, frozenset[int]]] = []
    for candidate in held:
        held_ids.add(candidate.publication_id)
        pairs.append((candidate, candidate.topic_ids))
    pairs += [(c, c.topic_ids & topics) for c in candidates
              if c.publication_id not in held_ids]
    rows: list[_Row] = []
    for candidate, matching in pairs:
        if not matching:
            continue  # never outside the reader's topics
        if len(matching) == 1:
            [listed] = matching
        else:
            listed = max(matching, key=lambda topic: (affinity.get(topic, 0.0), -topic))
        liked = affinity.get(listed, 0.0)
        quality = NEUTRAL_QUALITY if candidate.quality is None else candidate.quality
        score = (TOPIC_WEIGHT + EXTRA_TOPIC_WEIGHT * (len(matching) - 1)
                 + AFFINITY_WEIGHT * liked + QUALITY_WEIGHT * quality)
        rows.append((-score, -candidate.stamp, candidate.publication_id, listed, liked,
                     len(matching), candidate.publication_id in held_ids, candidate))
    rows.sort()  # best first; ties: newer first, then the lower id
    return rows


def _ranked(row: _Row) -> Ranked:
    score, _, publication_id, listed, liked, matching, held, candidate = row
    return Ranked(publication_id, listed, -score, candidate.published_at, matching, liked,
                  candidate.quality, held)


def rank(candidates: Iterable[Candidate], topics: frozenset[int] | set[int],
         affinity: Mapping[int, float], *, held: Iterable[Candidate] = ()) -> list[Ranked]:
    """Candidates in the reader's `topics`, best first (ties: newer first, then id).
    `affinity`: topic id → share of the reader's strongest topic (0..1). `held`:
    publications the reader's daily cap kept back on this channel; they were meant for
    the reader (their immediate topics), so they count as a match of their own topic."""
    return [_ranked(row) for row in _scored(candidates, topics, affinity, held)]


def choose(candidates: Iterable[Candidate], topics: frozenset[int] | set[int],
           affinity: Mapping[int, float], limit: int, *, held: Iterable[Candidate] = ()
           ) -> list[Ranked]:
    """`select(rank(...), limit)` without building the items that are not chosen (the
    digest job's path: most candidates are not)."""
    rows = _scored(candidates, topics, affinity, held)
    return [_ranked(row) for row in _diverse(rows, limit, lambda row: row[3])]


def select(ranked: Sequence[Ranked], limit: int) -> list[Ranked]:
    """The top `limit` of `ranked` under the diversity rule (see the module)."""
    return _diverse(ranked, limit, lambda item: item.topic_id)


def _diverse(ordered: Sequence[T], limit: int, topic_of: Callable[[T], int]) -> list[T]:
    if limit <= 0 or not ordered:
        return []
    per_topic = math.ceil(limit / len({topic_of(item) for item in ordered}))
    chosen: list[int] = []
    taken: dict[int, int] = {}
    rest: list[int] = []
    for index, item in enumerate(ordered):
        if len(chosen) == limit:
            break
        topic = topic_of(item)
        if taken.get(topic, 0) < per_topic:
            chosen.append(index)
            taken[topic] = taken.get(topic, 0) + 1
        else:
            rest.append(index)
    chosen += rest[:limit - len(chosen)]  # other topics ran out: fill by rank
    return [ordered[index] for index in sorted(chosen)]
