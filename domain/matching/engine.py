"""Combining scorers with a strategy, and choosing who is selected, for all candidates
at once.

A strategy's score is a logistic model over the scorers' features:
`score = sigmoid(bias + sum(weight[s] * feature[s]))`, so a learned strategy's weights are
exactly the fitted coefficients and its score reads as a probability of engagement. A
candidate is selected when `score >= threshold`; in best-channel mode only the reader's
best selected channel is (ties: the reader's channel order, then the lower channel id).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from domain.matching.models import StrategyMode
from domain.matching.scorers import SCORER_NAMES, Candidates, feature_matrix

#: why a candidate was not selected (explainMatch reads these)
BELOW_THRESHOLD = "below_threshold"
NOT_BEST_CHANNEL = "not_best_channel"


@dataclass(frozen=True, slots=True)
class StrategySpec:
    """The part of a strategy version scoring needs (no database)."""

    name: str
    version: int
    weights: dict[str, float]
    bias: float = 0.0
    threshold: float = 0.0
    mode: StrategyMode = StrategyMode.ALL_CHANNELS
    #: the stored row (None for a spec not stored, e.g. the built-in default before seeding)
    id: int | None = None
    source: str = "manual"

    def weight_vector(self) -> np.ndarray:
        return np.array([float(self.weights.get(name, 0.0)) for name in SCORER_NAMES])


@dataclass(slots=True)
class Scored:
    features: np.ndarray
    #: features x weights (logit units), n x len(SCORER_NAMES)
    contributions: np.ndarray
    scores: np.ndarray
    selected: np.ndarray
    #: per candidate: None when selected, else BELOW_THRESHOLD or NOT_BEST_CHANNEL
    reasons: list[str | None] = field(default_factory=list)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))


def probabilities(features: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return sigmoid(features @ weights + bias)


def best_channel_mask(candidates: Candidates, scores: np.ndarray,
                      eligible: np.ndarray) -> np.ndarray:
    """True for each subscriber's best eligible candidate (one per subscriber)."""
    n = len(candidates)
    chosen = np.zeros(n, dtype=bool)
    index = np.flatnonzero(eligible)
    if not index.size:
        return chosen
    # sort by subscriber, then best first: highest score, preferred rank, lower channel id
    order = np.lexsort((candidates.channel_ids[index], candidates.rank[index],
                        -scores[index], candidates.subscriber_ids[index]))
    ordered = index[order]
    subscribers = candidates.subscriber_ids[ordered]
    first = np.ones(ordered.size, dtype=bool)
    first[1:] = subscribers[1:] != subscribers[:-1]
    chosen[ordered[first]] = True
    return chosen


def score(candidates: Candidates, strategy: StrategySpec, *, with_reasons: bool = False
          ) -> Scored:
    features = feature_matrix(candidates)
    weights = strategy.weight_vector()
    contributions = features * weights[np.newaxis, :]
    scores = sigmoid(contributions.sum(axis=1) + strategy.bias)
    passing = scores >= strategy.threshold
    if strategy.mode == StrategyMode.BEST_CHANNEL:
        selected = best_channel_mask(candidates, scores, passing)
    else:
        selected = passing
    reasons: list[str | None] = []
    if with_reasons:
        reasons = [None if chosen else BELOW_THRESHOLD if not passes else NOT_BEST_CHANNEL
                   for chosen, passes in zip(selected.tolist(), passing.tolist(), strict=True)]
    return Scored(features, contributions, scores, selected, reasons)
