"""Learning a strategy's weights from outcomes.

Training rows are sent deliveries that were scored (their `match_features`, the scorers'
values at send time) and the label "the reader opened or clicked it" — a human event:
the profile updater claims `engaged` in `engagement_first` only for human opens and
clicks, so machine opens (mail privacy proxies, link scanners) never count as a positive.

The newest quarter of the rows by send time is held out: the weights are fitted
(scikit-learn's LogisticRegression) on the older rows and judged on the newer ones — the
way they will be used, on messages sent after training. The proposal records AUC and
log-loss of the learned weights and of the current version on the same held-out rows;
it becomes active only when an admin promotes it (with the `learned_matching` flag on).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score
from tortoise import Tortoise

from domain.errors import Conflict, NotFound, Unavailable
from domain.matching.engine import StrategySpec, probabilities
from domain.matching.models import MatchingStrategy
from domain.matching.scorers import SCORER_NAMES
from domain.matching.strategies import (
    active_strategy,
    check_name,
    propose_learned,
    strategy_exists,
)
from domain.personalization.profiles import ENGAGED_KIND
from domain.principals.actor import Actor
from domain.principals.service import audit

logger = logging.getLogger(__name__)

#: the newest share of rows (by send time) held out for validation
HOLDOUT_SHARE = 0.25
#: fewer rows than this (or a slice without both outcomes) is no basis for weights
MIN_ROWS = 40
#: at most this many of the newest rows are read (bounded cost, recent behaviour)
MAX_ROWS = 500_000
#: L2 regularisation strength (sklearn's C: smaller is stronger)
REGULARISATION_C = 1.0


class TrainingQueue(Protocol):
    async def train_matching_strategy(self, name: str, requested_by: str) -> None:
        """Run the training job for strategy `name` in the background."""


@dataclass(frozen=True, slots=True)
class Dataset:
    features: np.ndarray
    labels: np.ndarray
    #: send times (epoch seconds), ascending
    times: np.ndarray


@dataclass(frozen=True, slots=True)
class Fit:
    weights: dict[str, float]
    bias: float
    metrics: dict[str, float | int | str]


def _outcomes_sql() -> str:
    features = ", ".join(f"COALESCE((d.match_features ->> '{name}')::float8, 0) AS {name}"
                         for name in SCORER_NAMES)
    return f"""
SELECT * FROM (
    SELECT {features}, extract(epoch FROM d.sent_at)::float8 AS at,
           EXISTS (SELECT 1 FROM engagement_first f
                   WHERE f.delivery_id = d.id AND f.kind = $1)::int AS engaged
    FROM delivery d
    WHERE d.match_features IS NOT NULL AND d.sent_at IS NOT NULL
    ORDER BY d.sent_at DESC LIMIT $2
) newest ORDER BY at
"""


async def load_outcomes(max_rows: int = MAX_ROWS) -> Dataset:
    _, rows = await Tortoise.get_connection("default").execute_query(
        _outcomes_sql(), [ENGAGED_KIND, max_rows])
    if not rows:
        return Dataset(np.zeros((0, len(SCORER_NAMES))), np.zeros(0, dtype=int), np.zeros(0))
    array = np.array([tuple(row) for row in rows], dtype=np.float64)
    width = len(SCORER_NAMES)
    return Dataset(array[:, :width], array[:, width + 1].astype(int), array[:, width])


def split_by_time(dataset: Dataset, holdout_share: float = HOLDOUT_SHARE
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Indices of (older, newer) rows; rows sent at the same instant stay together."""
    n = dataset.labels.shape[0]
    cut_time = dataset.times[min(n - 1, int(n * (1 - holdout_share)))]
    older = np.flatnonzero(dataset.times < cut_time)
    newer = np.flatnonzero(dataset.times >= cut_time)
    return older, newer


def _metrics(labels: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    clipped = np.clip(predicted, 1e-6, 1 - 1e-6)
    return (float(roc_auc_score(labels, predicted)),
            float(log_loss(labels, clipped, labels=[0, 1])))


def fit(dataset: Dataset, current: StrategySpec) -> Fit:
    """Fit weights on the older rows, compare with `current` on the newer ones."""
    n = dataset.labels.shape[0]
    if n < MIN_ROWS:
        raise Conflict(f"not enough outcomes to learn from: {n} scored and sent deliveries "
                       f"(at least {MIN_ROWS})", field="name")
    older, newer = split_by_time(dataset)
    for part, rows in (("training", older), ("held-out", newer)):
        if rows.size == 0 or np.unique(dataset.labels[rows]).size < 2:
            raise Conflict(f"the {part} slice needs both engaged and unengaged deliveries",
                           field="name")
    model = LogisticRegression(C=REGULARISATION_C, max_iter=1_000)
    model.fit(dataset.features[older], dataset.labels[older])
    weights = {name: round(float(value), 6)
               for name, value in zip(SCORER_NAMES, model.coef_[0], strict=True)}
    bias = round(float(model.intercept_[0]), 6)
    test_x, test_y = dataset.features[newer], dataset.labels[newer]
    learned_auc, learned_loss = _metrics(test_y, probabilities(
        test_x, np.array([weights[name] for name in SCORER_NAMES]), bias))
    current_auc, current_loss = _metrics(
        test_y, probabilities(test_x, current.weight_vector(), current.bias))
    return Fit(weights, bias, {
        "auc": round(learned_auc, 6), "log_loss": round(learned_loss, 6),
        "current_auc": round(current_auc, 6), "current_log_loss": round(current_loss, 6),
        "current_version": current.version, "training_rows": int(older.size),
        "holdout_rows": int(newer.size),
        "holdout_positive_rate": round(float(test_y.mean()), 6)})


async def train(name: str, requested_by: str, *, max_rows: int = MAX_ROWS
                ) -> MatchingStrategy:
    """Propose a learned version of strategy `name` (the arq job's body)."""
    name = check_name(name)
    current = await active_strategy(name)
    if current.name != name:
        raise Conflict(f"no active version of strategy {name!r} to learn from", field="name")
    result = fit(await load_outcomes(max_rows), current)
    metrics = {**result.metrics, "trained_at": dt.datetime.now(dt.UTC).isoformat()}
    proposal = await propose_learned(name, parent=current, weights=result.weights,
                                     bias=result.bias, metrics=metrics,
                                     created_by=requested_by)
    logger.info("proposed %s v%d: AUC %.3f (current %.3f)", name, proposal.version,
                metrics["auc"], metrics["current_auc"])
    return proposal


async def request_training(actor: Actor, queue: TrainingQueue | None, name: str) -> str:
    """Queue the training job for an existing strategy (admin); returns the name."""
    name = check_name(name)
    if not await strategy_exists(name):
        raise NotFound(f"unknown matching strategy {name!r}", field="name")
    if queue is None:
        raise Unavailable("no job queue is wired in this process")
    await queue.train_matching_strategy(name, actor.name)
    await audit(actor, "matching_strategy.train", "matching_strategy", name)
    return name
