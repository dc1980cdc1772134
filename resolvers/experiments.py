"""Experiment read-outs: permission check, then the domain's statistics."""

from __future__ import annotations

from collections.abc import Sequence

from domain.experiments import analysis
from resolvers.context import RequestContext
from resolvers.permissions import Ability, require


def what_if_analysis(
    context: RequestContext, metric: analysis.Metric, arms: Sequence[analysis.ArmCounts],
    weights: Sequence[float] | None, *, relative_mde: float, alpha: float, power: float,
) -> analysis.Analysis:
    require(context, Ability.READ)
    return analysis.analyze(metric, arms, weights, relative_mde=relative_mde, alpha=alpha,
                            power=power)
