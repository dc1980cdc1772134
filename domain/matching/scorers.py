"""Scorers: one feature per (subscriber, channel) candidate, computed over the whole
candidate set at once with numpy (no Python loop per subscriber).

Every scorer answers a value in [0, 1]; a strategy weighs them (see `strategies`). The
inputs are gathered in bulk by `features.fetch_candidates` into a `Candidates` frame: one
row per candidate, plus a (candidates x publication topics) view of what each reader
chose and engaged with.

- topic_match: the share of the publication's topics the reader chose `immediate` on
  this channel (the explicit preference; every candidate has at least one).
- interest_affinity: the implicit profile — the reader's decayed engagement with the
  publication's strongest topic for them, saturated: 1 - exp(-score / 3) (one click,
  weight 3, gives 0.63; a few opens give less).
- ai_relevance: the content analysis' relevance of the publication to the topics the
  reader chose (the best of them); 0 while the publication has no analysis.
- channel_affinity: how the reader responds on this channel: (engaged + 1) / (sent + 2),
  smoothed so a reader with no history sits at 0.5 rather than at an extreme.
- recency_fatigue: messages the reader got on this channel in the last day, saturated:
  n / (n + 2). A strategy gives it a negative weight to rest tired readers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

#: the engagement score at which interest_affinity reaches 1 - 1/e
AFFINITY_SCALE = 3.0
#: recency/fatigue counts a reader's messages in this window
FATIGUE_WINDOW = dt.timedelta(days=1)
#: a channel missing from the reader's channel order ranks after every listed one
UNRANKED = 1_000_000


@dataclass(slots=True)
class Candidates:
    """The candidate (subscriber, channel) pairs of one publication and their inputs.

    Arrays of length n are per candidate; `matched` and `affinity` are n x T over the
    publication's topics (`topic_ids`), `relevance` is per topic."""

    subscriber_ids: np.ndarray
    channel_ids: np.ndarray
    topic_ids: np.ndarray
    #: the reader chose `immediate` for topic t on this channel
    matched: np.ndarray
    #: the reader's decayed engagement score with topic t (the profile; 0 when none)
    affinity: np.ndarray
    #: the publication's analysis relevance to topic t (0 without an analysis)
    relevance: np.ndarray
    #: messages counted as sent to the reader on this channel, and how many were engaged
    sent: np.ndarray
    engaged: np.ndarray
    #: messages on this channel in the last FATIGUE_WINDOW
    recent: np.ndarray
    #: position of the channel in the reader's channel order (UNRANKED when absent)
    rank: np.ndarray

    def __len__(self) -> int:
        return int(self.subscriber_ids.shape[0])

    @classmethod
    def empty(cls, topic_ids: np.ndarray, relevance: np.ndarray) -> Candidates:
        t = len(topic_ids)
        ints = np.zeros(0, dtype=np.int64)
        return cls(ints, ints.copy(), topic_ids, np.zeros((0, t), dtype=bool),
                   np.zeros((0, t)), relevance, ints.copy(), ints.copy(), ints.copy(),
                   ints.copy())


def topic_match(c: Candidates) -> np.ndarray:
    if not c.matched.shape[1]:
        return np.zeros(len(c))
    return c.matched.sum(axis=1) / c.matched.shape[1]


def interest_affinity(c: Candidates) -> np.ndarray:
    if not c.affinity.shape[1]:
        return np.zeros(len(c))
    return 1.0 - np.exp(-c.affinity.max(axis=1) / AFFINITY_SCALE)


def ai_relevance(c: Candidates) -> np.ndarray:
    if not c.matched.shape[1]:
        return np.zeros(len(c))
    return np.where(c.matched, c.relevance[np.newaxis, :], 0.0).max(axis=1)


def channel_affinity(c: Candidates) -> np.ndarray:
    return (c.engaged + 1.0) / (c.sent + 2.0)


def recency_fatigue(c: Candidates) -> np.ndarray:
    return c.recent / (c.recent + 2.0)


Scorer = Callable[[Candidates], np.ndarray]

#: every scorer by name, in the order features are stored and learned
SCORERS: dict[str, Scorer] = {
    "topic_match": topic_match,
    "interest_affinity": interest_affinity,
    "ai_relevance": ai_relevance,
    "channel_affinity": channel_affinity,
    "recency_fatigue": recency_fatigue,
}
SCORER_NAMES: tuple[str, ...] = tuple(SCORERS)


def feature_matrix(candidates: Candidates) -> np.ndarray:
    """n x len(SCORER_NAMES): every scorer's value for every candidate."""
    if not len(candidates):
        return np.zeros((0, len(SCORER_NAMES)))
    return np.column_stack([np.clip(SCORERS[name](candidates), 0.0, 1.0)
                            for name in SCORER_NAMES])
