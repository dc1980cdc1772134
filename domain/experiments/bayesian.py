"""Bayesian read-out of conversion rates: Beta(1, 1) priors, exact by quadrature.

Every quantity is a one-dimensional integral against one arm's posterior density, so it
is integrated over that arm's own support (where its density is not negligible) with
composite Gauss-Legendre nodes: deterministic, vectorised, and accurate to ~1e-9 even
for millions of exposures, where a Monte Carlo estimate would still be noisy in the
third decimal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import special

PRIOR_SUCCESSES = 1.0
PRIOR_FAILURES = 1.0
TAIL = 1e-12
PANELS = 16
NODES_PER_PANEL = 24

_nodes, _weights = np.polynomial.legendre.leggauss(NODES_PER_PANEL)


@dataclass(frozen=True)
class Posterior:
    alpha: float
    beta: float

    @classmethod
    def of(cls, exposures: int, conversions: int) -> Posterior:
        return cls(PRIOR_SUCCESSES + conversions, PRIOR_FAILURES + exposures - conversions)

    @property
    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)

    # scipy.special rather than scipy.stats.beta: the same functions without the
    # distribution-object overhead, which dominated a 5-arm read-out.
    def pdf(self, x: np.ndarray) -> np.ndarray:
        log_density = (special.xlogy(self.alpha - 1, x) + special.xlog1py(self.beta - 1, -x)
                       - special.betaln(self.alpha, self.beta))
        return np.exp(log_density)

    def cdf(self, x: np.ndarray) -> np.ndarray:
        return special.betainc(self.alpha, self.beta, x)

    def sf(self, x: np.ndarray) -> np.ndarray:
        return special.betaincc(self.alpha, self.beta, x)

    def support(self) -> tuple[float, float]:
        low = special.betaincinv(self.alpha, self.beta, TAIL)
        high = special.betainccinv(self.alpha, self.beta, TAIL)
        return float(low), float(high)


def _grid(posterior: Posterior) -> tuple[np.ndarray, np.ndarray]:
    """Quadrature points and weights covering one posterior's support."""
    low, high = posterior.support()
    edges = np.linspace(low, high, PANELS + 1)
    half = (edges[1:] - edges[:-1]) / 2
    middle = (edges[1:] + edges[:-1]) / 2
    points = (middle[:, None] + half[:, None] * _nodes[None, :]).ravel()
    weights = (half[:, None] * _weights[None, :]).ravel()
    return points, weights


def chance_to_beat(challenger: Posterior, control: Posterior, *, higher_is_better: bool) -> float:
    """P(challenger's true rate is better than control's)."""
    points, weights = _grid(challenger)
    other = control.cdf(points) if higher_is_better else control.sf(points)
    return float(np.clip(np.sum(weights * challenger.pdf(points) * other), 0.0, 1.0))


@dataclass(frozen=True)
class Ranking:
    chance_to_be_best: list[float]
    expected_loss: list[float]


def rank(posteriors: Sequence[Posterior], *, higher_is_better: bool) -> Ranking:
    """Each arm's chance to be the best one, and the expected loss (in rate units) of
    shipping it: E[best rate] - E[its rate] (or the mirror image when lower is better)."""
    chances: list[float] = []
    best_share = 0.0  # E[X_best] = Σ_k E[X_k · 1{k is best}]
    for index, posterior in enumerate(posteriors):
        points, weights = _grid(posterior)
        others = np.ones_like(points)
        for other_index, other in enumerate(posteriors):
            if other_index != index:
                others *= other.cdf(points) if higher_is_better else other.sf(points)
        density = weights * posterior.pdf(points) * others
        chances.append(float(np.clip(np.sum(density), 0.0, 1.0)))
        best_share += float(np.sum(density * points))
    if higher_is_better:
        losses = [max(best_share - p.mean, 0.0) for p in posteriors]
    else:
        losses = [max(p.mean - best_share, 0.0) for p in posteriors]
    return Ranking(chance_to_be_best=chances, expected_loss=losses)
