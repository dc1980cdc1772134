"""Frequentist read-out of conversion rates: the tests a statistician would expect.

Two-proportion z-test with the pooled standard error (the null says both rates are
equal, so they share one estimate), a Wald interval with the unpooled one (the interval
describes the difference as observed), Holm's step-down correction when several
challengers are compared with one control, a chi-square sample-ratio-mismatch check,
and the sample size a minimum detectable effect needs at a given power.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

SRM_THRESHOLD = 0.001


@dataclass(frozen=True)
class ZTest:
    z: float
    p_value: float


def two_proportion_z_test(
    control_exposures: int, control_conversions: int,
    challenger_exposures: int, challenger_conversions: int,
) -> ZTest:
    """z of (challenger - control) with the pooled SE; no difference to test → z 0, p 1."""
    if control_exposures == 0 or challenger_exposures == 0:
        return ZTest(0.0, 1.0)
    pooled = (control_conversions + challenger_conversions) / (
        control_exposures + challenger_exposures)
    variance = pooled * (1 - pooled) * (1 / control_exposures + 1 / challenger_exposures)
    difference = (challenger_conversions / challenger_exposures
                  - control_conversions / control_exposures)
    if variance <= 0:
        return ZTest(0.0, 1.0)
    z = difference / math.sqrt(variance)
    return ZTest(z, float(2 * stats.norm.sf(abs(z))))


def wald_interval(
    control_exposures: int, control_conversions: int,
    challenger_exposures: int, challenger_conversions: int,
    confidence: float = 0.95,
) -> tuple[float, float] | None:
    """Interval for (challenger rate - control rate) with the unpooled SE."""
    if control_exposures == 0 or challenger_exposures == 0:
        return None
    control_rate = control_conversions / control_exposures
    challenger_rate = challenger_conversions / challenger_exposures
    se = math.sqrt(control_rate * (1 - control_rate) / control_exposures
                   + challenger_rate * (1 - challenger_rate) / challenger_exposures)
    half_width = float(stats.norm.ppf(0.5 + confidence / 2)) * se
    difference = challenger_rate - control_rate
    return difference - half_width, difference + half_width


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm step-down adjusted p-values: compare them with alpha and the family-wise error
    across all challengers stays at alpha. (statsmodels' ``multipletests`` gives the same
    figures — the tests check — but runs a full garbage collection on every call.)"""
    order = sorted(range(len(p_values)), key=lambda index: p_values[index])
    adjusted = [0.0] * len(p_values)
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


@dataclass(frozen=True)
class SampleRatio:
    expected_shares: list[float]
    observed_shares: list[float]
    chi_square: float
    p_value: float

    @property
    def mismatch(self) -> bool:
        return self.p_value < SRM_THRESHOLD


def sample_ratio(exposures: Sequence[int], weights: Sequence[float]) -> SampleRatio:
    """Chi-square goodness of fit of the observed exposures against the weights."""
    total = sum(exposures)
    weight_total = float(sum(weights))
    expected_shares = [weight / weight_total for weight in weights]
    if total == 0:
        return SampleRatio(expected_shares, [0.0] * len(exposures), 0.0, 1.0)
    expected = np.array(expected_shares) * total
    result = stats.chisquare(np.array(exposures, dtype=float), expected)
    return SampleRatio(
        expected_shares=expected_shares,
        observed_shares=[count / total for count in exposures],
        chi_square=float(result.statistic),
        p_value=float(result.pvalue),
    )


def required_sample_size(
    baseline_rate: float, relative_mde: float, *, alpha: float, power: float,
    ratio: float = 1.0, higher_is_better: bool = True,
) -> int | None:
    """Control-arm exposures needed to detect a relative change of ``relative_mde`` in a
    two-sided test at ``alpha`` with ``power``, the challenger having ``ratio`` times as
    many: n = (z(1-alpha/2) + z_power)² · (1 + 1/ratio) / h², with Cohen's h = 2·asin√p₁ -
    2·asin√p₀ (what statsmodels' NormalIndPower solves for, without its root finder).
    None when the effect cannot be told apart at all."""
    target = baseline_rate * (1 + relative_mde if higher_is_better else 1 - relative_mde)
    target = min(max(target, 1e-9), 1 - 1e-9)
    effect = abs(2 * math.asin(math.sqrt(target)) - 2 * math.asin(math.sqrt(baseline_rate)))
    if effect == 0:
        return None
    z_total = float(stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power))
    return math.ceil(z_total**2 * (1 + 1 / ratio) / effect**2)
