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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class Ranked:
    publication_id: int
    #: the reader's topic the item is listed under (its best-liked matching topic)
    topic_id: int
    score: float
    reasons: tuple[str, ...]
    published_at: dt.datetime

    def as_item(self) -> dict[str, object]:
        return {"publication_id": self.publication_id, "topic_id": self.topic_id,
                "score": round(self.score, 4), "reasons": list(self.reasons)}


def rank(candidates: Iterable[Candidate], topics: frozenset[int] | set[int],
         affinity: Mapping[int, float], topic_names: Mapping[int, str] | None = None, *,
         held: Iterable[Candidate] = ()) -> list[Ranked]:
    """Candidates in the reader's `topics`, best first (ties: newer first, then id).
    `affinity`: topic id → share of the reader's strongest topic (0..1). `held`:
    publications the reader's daily cap kept back on this channel; they were meant for
    the reader (their immediate topics), so they count as a match of their own topic."""
    names = topic_names or {}
    ranked: list[Ranked] = []
    held_ids = set()
    pairs = []
    for candidate in held:
        held_ids.add(candidate.publication_id)
        pairs.append((candidate, candidate.topic_ids))
    pairs += [(c, c.topic_ids & topics) for c in candidates
              if c.publication_id not in held_ids]
    for candidate, matching in pairs:
        if not matching:
            continue  # never outside the reader's topics
        listed = max(matching, key=lambda topic: (affinity.get(topic, 0.0), -topic))
        liked = affinity.get(listed, 0.0)
        quality = NEUTRAL_QUALITY if candidate.quality is None else candidate.quality
        score = (TOPIC_WEIGHT + EXTRA_TOPIC_WEIGHT * (len(matching) - 1)
                 + AFFINITY_WEIGHT * liked + QUALITY_WEIGHT * quality)
        name = names.get(listed, f"topic {listed}")
        reasons = [f"held back by your daily cap ({name})"
                   if candidate.publication_id in held_ids else f"in your topic {name}"]
        if len(matching) > 1:
            reasons.append(f"matches {len(matching)} of your topics")
        if liked > 0:
            reasons.append(f"you read {name} often (interest {liked:.2f})")
        reasons.append(f"quality {quality:.2f}" if candidate.quality is not None
                       else "not analysed yet (neutral quality)")
        ranked.append(Ranked(candidate.publication_id, listed, score, tuple(reasons),
                             candidate.published_at))
    ranked.sort(key=lambda item: (-item.score, -item.published_at.timestamp(),
                                  item.publication_id))
    return ranked


def select(ranked: Sequence[Ranked], limit: int) -> list[Ranked]:
    """The top `limit` of `ranked` under the diversity rule (see the module)."""
    if limit <= 0 or not ranked:
        return []
    topics = {item.topic_id for item in ranked}
    per_topic = math.ceil(limit / len(topics))
    chosen: list[Ranked] = []
    taken: dict[int, int] = {}
    rest: list[Ranked] = []
    for item in ranked:
        if len(chosen) == limit:
            break
        if taken.get(item.topic_id, 0) < per_topic:
            chosen.append(item)
            taken[item.topic_id] = taken.get(item.topic_id, 0) + 1
        else:
            rest.append(item)
    for item in rest:  # other topics ran out: fill by rank
        if len(chosen) == limit:
            break
        chosen.append(item)
    order = {item.publication_id: index for index, item in enumerate(ranked)}
    return sorted(chosen, key=lambda item: order[item.publication_id])
