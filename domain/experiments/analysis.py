"""One experiment read-out from counts: every challenger against the control (the first
arm), frequentist and Bayesian side by side, and a decision that refuses to name a
winner from noise.

The same function serves stored experiments and the what-if ``experimentAnalysis``
query, so anyone can check our figures against a statistics package with the same
counts. No value it returns is NaN or infinite: an arm without exposures reports
``None`` where a ratio has no meaning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from domain.errors import InvalidInput
from domain.experiments import bayesian, frequentist

MIN_ARMS = 2
MAX_ARMS = 5
MAX_NAME_LENGTH = 100
DEFAULT_ALPHA = 0.05
DEFAULT_POWER = 0.8
CORRECTION = "holm"


class Metric(StrEnum):
    OPEN_RATE = "open_rate"
    CLICK_RATE = "click_rate"
    CLICK_TO_OPEN = "click_to_open"
    UNSUBSCRIBE_RATE = "unsubscribe_rate"

    @property
    def higher_is_better(self) -> bool:
        """Unsubscribes are a guardrail: fewer is better."""
        return self is not Metric.UNSUBSCRIBE_RATE


class Decision(StrEnum):
    KEEP_RUNNING = "keep_running"
    SAMPLE_RATIO_MISMATCH = "sample_ratio_mismatch"
    WINNER = "winner"
    CONTROL = "control"


@dataclass(frozen=True)
class ArmCounts:
    name: str
    exposures: int
    conversions: int


@dataclass(frozen=True)
class ArmResult:
    name: str
    exposures: int
    conversions: int
    rate: float | None
    is_control: bool
    chance_to_be_best: float
    expected_loss: float
    absolute_difference: float | None = None
    relative_difference: float | None = None
    z_score: float | None = None
    p_value: float | None = None
    adjusted_p_value: float | None = None
    interval_low: float | None = None
    interval_high: float | None = None
    chance_to_beat_control: float | None = None
    significant: bool = False


@dataclass(frozen=True)
class Analysis:
    metric: Metric
    alpha: float
    power: float
    relative_mde: float
    arms: list[ArmResult]
    sample_ratio: frequentist.SampleRatio
    required_per_arm: list[int | None]
    sample_size_reached: bool
    decision: Decision
    winner: str | None
    reason: str
    correction: str = field(default=CORRECTION)


def validate(
    arms: Sequence[ArmCounts], weights: Sequence[float] | None, relative_mde: float,
    alpha: float, power: float,
) -> list[float]:
    """Field-level checks; returns the weights to use (equal when none are given)."""
    if not MIN_ARMS <= len(arms) <= MAX_ARMS:
        raise InvalidInput(f"an experiment has {MIN_ARMS} to {MAX_ARMS} variants",
                           field="variants")
    names = [arm.name.strip() for arm in arms]
    if any(not name or len(name) > MAX_NAME_LENGTH for name in names):
        raise InvalidInput(f"variant names must be 1-{MAX_NAME_LENGTH} characters",
                           field="variants.name")
    if len(set(names)) != len(names):
        raise InvalidInput("variant names must be unique", field="variants.name")
    for arm in arms:
        if arm.exposures < 0:
            raise InvalidInput(f"{arm.name}: exposures must not be negative",
                               field="variants.exposures")
        if not 0 <= arm.conversions <= arm.exposures:
            raise InvalidInput(f"{arm.name}: conversions must be between 0 and exposures",
                               field="variants.conversions")
    chosen = list(weights) if weights is not None else [1.0] * len(arms)
    if len(chosen) != len(arms):
        raise InvalidInput("give one weight per variant", field="weights")
    if any(not weight > 0 or weight != weight or weight == float("inf") for weight in chosen):
        raise InvalidInput("weights must be positive numbers", field="weights")
    if not 0 < relative_mde <= 10:
        raise InvalidInput("the minimum detectable effect is a relative change in (0, 10]",
                           field="minimumDetectableEffect")
    if not 0 < alpha <= 0.2:
        raise InvalidInput("alpha must be in (0, 0.2]", field="alpha")
    if not 0.5 <= power < 1:
        raise InvalidInput("power must be in [0.5, 1)", field="power")
    return chosen


def _rate(arm: ArmCounts) -> float | None:
    return arm.conversions / arm.exposures if arm.exposures else None


def _challenger(
    arm: ArmCounts, control: ArmCounts, posterior: bayesian.Posterior,
    control_posterior: bayesian.Posterior, metric: Metric,
) -> dict[str, float | None]:
    control_rate, rate = _rate(control), _rate(arm)
    test = frequentist.two_proportion_z_test(
        control.exposures, control.conversions, arm.exposures, arm.conversions)
    interval = frequentist.wald_interval(
        control.exposures, control.conversions, arm.exposures, arm.conversions)
    difference = rate - control_rate if rate is not None and control_rate is not None else None
    return {
        "absolute_difference": difference,
        "relative_difference": (difference / control_rate
                                if difference is not None and control_rate else None),
        "z_score": test.z,
        "p_value": test.p_value,
        "interval_low": interval[0] if interval else None,
        "interval_high": interval[1] if interval else None,
        "chance_to_beat_control": bayesian.chance_to_beat(
            posterior, control_posterior, higher_is_better=metric.higher_is_better),
    }


def _required(
    arms: Sequence[ArmCounts], weights: Sequence[float], metric: Metric, relative_mde: float,
    alpha: float, power: float,
) -> list[int | None]:
    """Exposures each arm needs. The baseline is the control's rate with Laplace smoothing
    (never 0 or 1, so a control without conversions still gets a finite target), and each
    comparison is sized at the Bonferroni level alpha / challengers — conservative
    against Holm, so reaching it never lets a peek through."""
    control = arms[0]
    baseline = (control.conversions + 1) / (control.exposures + 2)
    per_comparison_alpha = alpha / (len(arms) - 1)
    sizes: list[int | None] = [None] * len(arms)
    for index in range(1, len(arms)):
        ratio = weights[index] / weights[0]
        control_size = frequentist.required_sample_size(
            baseline, relative_mde, alpha=per_comparison_alpha, power=power, ratio=ratio,
            higher_is_better=metric.higher_is_better)
        if control_size is None:
            return [None] * len(arms)
        sizes[0] = max(sizes[0] or 0, control_size)
        sizes[index] = int(-(-control_size * ratio // 1))
    return sizes


def analyze(
    metric: Metric, arms: Sequence[ArmCounts], weights: Sequence[float] | None = None, *,
    relative_mde: float = 0.1, alpha: float = DEFAULT_ALPHA, power: float = DEFAULT_POWER,
) -> Analysis:
    """Read out an experiment whose first arm is the control."""
    chosen_weights = validate(arms, weights, relative_mde, alpha, power)
    arms = [ArmCounts(arm.name.strip(), arm.exposures, arm.conversions) for arm in arms]
    posteriors = [bayesian.Posterior.of(arm.exposures, arm.conversions) for arm in arms]
    ranking = bayesian.rank(posteriors, higher_is_better=metric.higher_is_better)
    control = arms[0]
    challengers = [
        _challenger(arm, control, posteriors[index], posteriors[0], metric)
        for index, arm in enumerate(arms) if index > 0
    ]
    adjusted = frequentist.holm(
        [1.0 if c["p_value"] is None else c["p_value"] for c in challengers])
    results = [ArmResult(
        name=control.name, exposures=control.exposures, conversions=control.conversions,
        rate=_rate(control), is_control=True, chance_to_be_best=ranking.chance_to_be_best[0],
        expected_loss=ranking.expected_loss[0],
    )]
    for offset, (arm, figures) in enumerate(zip(arms[1:], challengers, strict=True)):
        difference = figures["absolute_difference"]
        better = difference is not None and (
            difference > 0 if metric.higher_is_better else difference < 0)
        results.append(ArmResult(
            name=arm.name, exposures=arm.exposures, conversions=arm.conversions,
            rate=_rate(arm), is_control=False,
            chance_to_be_best=ranking.chance_to_be_best[offset + 1],
            expected_loss=ranking.expected_loss[offset + 1],
            adjusted_p_value=adjusted[offset],
            significant=better and adjusted[offset] < alpha,
            **figures,  # type: ignore[arg-type]
        ))
    sample_ratio = frequentist.sample_ratio([arm.exposures for arm in arms], chosen_weights)
    required = _required(arms, chosen_weights, metric, relative_mde, alpha, power)
    reached = all(size is not None and arm.exposures >= size
                  for arm, size in zip(arms, required, strict=True))
    decision, winner, reason = _decide(results, sample_ratio, reached, metric)
    return Analysis(
        metric=metric, alpha=alpha, power=power, relative_mde=relative_mde, arms=results,
        sample_ratio=sample_ratio, required_per_arm=required, sample_size_reached=reached,
        decision=decision, winner=winner, reason=reason,
    )


def _decide(
    results: Sequence[ArmResult], sample_ratio: frequentist.SampleRatio, reached: bool,
    metric: Metric,
) -> tuple[Decision, str | None, str]:
    if sample_ratio.mismatch:
        return (Decision.SAMPLE_RATIO_MISMATCH, None,
                f"exposures do not match the weights (chi-square p = "
                f"{sample_ratio.p_value:.2g} < {frequentist.SRM_THRESHOLD}); "
                "check assignment before trusting any result")
    if not reached:
        return (Decision.KEEP_RUNNING, None,
                "the sample needed for the minimum detectable effect is not reached yet")
    winners = [result for result in results if result.significant]
    if not winners:
        return (Decision.CONTROL, results[0].name,
                "no variant differs significantly from the control; keep the control")
    best = (max if metric.higher_is_better else min)(
        winners, key=lambda result: (result.rate or 0.0, result.chance_to_be_best))
    return (Decision.WINNER, best.name,
            f"{best.name} beats the control (Holm-adjusted p = {best.adjusted_p_value:.2g})")
