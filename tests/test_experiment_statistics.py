"""Experiment statistics against scipy/statsmodels and closed forms on a table of cases,
the decision rules, bad input, and the what-if query over the API."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from scipy import integrate, special, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_effectsize,
    proportions_ztest,
)

from domain.errors import InvalidInput
from domain.experiments import bayesian, frequentist
from domain.experiments.analysis import ArmCounts, Decision, Metric, analyze

# (control exposures, control conversions, challenger exposures, challenger conversions)
CASES = {
    "equal arms": (1000, 100, 1000, 100),
    "small samples": (20, 3, 25, 7),
    "unequal sizes": (5000, 400, 1200, 120),
    "worse challenger": (3000, 450, 3000, 360),
    "no conversions in the challenger": (500, 12, 500, 0),
    "no conversions in the control": (500, 0, 500, 12),
    "very large samples": (10_000_000, 1_000_000, 10_000_000, 1_003_000),
}


def evan_miller_chance_to_beat(a_conv: int, a_fail: int, b_conv: int, b_fail: int) -> float:
    """P(p_B > p_A) for Beta(1+conv, 1+fail) posteriors, exact closed form (Evan Miller)."""
    alpha_a, beta_a, alpha_b, beta_b = a_conv + 1, a_fail + 1, b_conv + 1, b_fail + 1
    i = np.arange(alpha_b, dtype=float)
    terms = (special.betaln(alpha_a + i, beta_a + beta_b) - np.log(beta_b + i)
             - special.betaln(1 + i, beta_b) - special.betaln(alpha_a, beta_a))
    return float(np.exp(terms).sum())


@pytest.mark.parametrize("case", list(CASES))
def test_z_test_matches_statsmodels(case: str) -> None:
    n_c, c_c, n_k, c_k = CASES[case]
    ours = frequentist.two_proportion_z_test(n_c, c_c, n_k, c_k)
    z, p = proportions_ztest([c_k, c_c], [n_k, n_c])
    assert ours.z == pytest.approx(z, rel=1e-9, abs=1e-12)
    assert ours.p_value == pytest.approx(p, rel=1e-7, abs=1e-12)


@pytest.mark.parametrize("case", list(CASES))
def test_wald_interval_matches_statsmodels(case: str) -> None:
    n_c, c_c, n_k, c_k = CASES[case]
    low, high = frequentist.wald_interval(n_c, c_c, n_k, c_k)
    ref_low, ref_high = confint_proportions_2indep(c_k, n_k, c_c, n_c, method="wald",
                                                   compare="diff")
    assert low == pytest.approx(ref_low, abs=1e-12)
    assert high == pytest.approx(ref_high, abs=1e-12)


@pytest.mark.parametrize("case", list(CASES))
def test_chance_to_beat_matches_the_closed_form(case: str) -> None:
    n_c, c_c, n_k, c_k = CASES[case]
    ours = bayesian.chance_to_beat(bayesian.Posterior.of(n_k, c_k),
                                   bayesian.Posterior.of(n_c, c_c), higher_is_better=True)
    exact = evan_miller_chance_to_beat(c_c, n_c - c_c, c_k, n_k - c_k)
    assert ours == pytest.approx(exact, abs=1e-7)


def test_chance_to_be_best_and_expected_loss_match_adaptive_quadrature() -> None:
    counts = [(800, 80), (820, 95), (790, 70)]
    posteriors = [bayesian.Posterior.of(n, c) for n, c in counts]
    ranking = bayesian.rank(posteriors, higher_is_better=True)
    frozen = [stats.beta(p.alpha, p.beta) for p in posteriors]
    means = [p.mean for p in posteriors]
    for index, arm in enumerate(frozen):
        others = [f for j, f in enumerate(frozen) if j != index]
        reference, _ = integrate.quad(
            lambda x, arm=arm, others=others: arm.pdf(x) * math.prod(o.cdf(x) for o in others),
            0, 1, points=means, limit=500, epsabs=1e-12)
        assert ranking.chance_to_be_best[index] == pytest.approx(reference, abs=1e-7)
    assert sum(ranking.chance_to_be_best) == pytest.approx(1.0, abs=1e-7)
    expected_max, _ = integrate.quad(
        lambda x: 1 - math.prod(f.cdf(x) for f in frozen), 0, 1, points=means, limit=500,
        epsabs=1e-12)
    for index, posterior in enumerate(posteriors):
        assert ranking.expected_loss[index] == pytest.approx(expected_max - posterior.mean,
                                                             abs=1e-7)


def test_lower_is_better_mirrors_the_posterior_comparisons() -> None:
    fewer, more = bayesian.Posterior.of(5000, 20), bayesian.Posterior.of(5000, 40)
    assert bayesian.chance_to_beat(fewer, more, higher_is_better=False) == pytest.approx(
        1 - bayesian.chance_to_beat(fewer, more, higher_is_better=True), abs=1e-9)
    ranking = bayesian.rank([more, fewer], higher_is_better=False)
    assert ranking.chance_to_be_best[1] > 0.99 > ranking.chance_to_be_best[0]
    assert ranking.expected_loss[1] < ranking.expected_loss[0]


def test_holm_matches_statsmodels() -> None:
    p_values = [0.01, 0.04, 0.03, 0.2]
    _, reference, _, _ = multipletests(p_values, alpha=0.05, method="holm")
    assert frequentist.holm(p_values) == pytest.approx(list(reference))


@pytest.mark.parametrize(("exposures", "weights", "mismatch"), [
    ([5000, 5050], [1, 1], False),
    ([5000, 5400], [1, 1], True),
    ([2500, 2480, 5020], [1, 1, 2], False),
    ([2500, 2750, 4750], [1, 1, 2], True),
])
def test_sample_ratio_check_matches_scipy(exposures: list[int], weights: list[float],
                                          mismatch: bool) -> None:
    check = frequentist.sample_ratio(exposures, weights)
    total = sum(exposures)
    expected = [total * w / sum(weights) for w in weights]
    reference = stats.chisquare(exposures, expected)
    assert check.chi_square == pytest.approx(reference.statistic)
    assert check.p_value == pytest.approx(reference.pvalue)
    assert check.mismatch is mismatch


@pytest.mark.parametrize(("baseline", "mde", "ratio"), [(0.1, 0.2, 1.0), (0.1, 0.2, 2.0),
                                                        (0.02, 0.1, 1.0), (0.5, 0.05, 0.5)])
def test_sample_size_matches_statsmodels_power(baseline: float, mde: float, ratio: float
                                               ) -> None:
    ours = frequentist.required_sample_size(baseline, mde, alpha=0.05, power=0.8, ratio=ratio)
    effect = abs(proportion_effectsize(baseline * (1 + mde), baseline))
    reference = NormalIndPower().solve_power(effect_size=effect, alpha=0.05, power=0.8,
                                             ratio=ratio)
    assert ours == pytest.approx(reference, abs=1.01)


def _all_numbers(value: object) -> list[float]:
    if dataclasses.is_dataclass(value):
        return [n for f in dataclasses.fields(value) for n in _all_numbers(getattr(value, f.name))]
    if isinstance(value, list | tuple):
        return [n for item in value for n in _all_numbers(item)]
    return [value] if isinstance(value, float) else []


@pytest.mark.parametrize("arms", [
    [(400, 0), (400, 0)],
    [(0, 0), (100, 5)],
    [(100, 5), (0, 0), (100, 9)],
    [(10_000_000, 1_000_000), (10_000_000, 1_003_000), (10_000_000, 999_000)],
    [(3, 3), (3, 0)],
])
def test_no_nan_or_infinity_anywhere(arms: list[tuple[int, int]]) -> None:
    result = analyze(Metric.CLICK_RATE, [ArmCounts(f"v{i}", n, c) for i, (n, c) in
                                         enumerate(arms)])
    numbers = _all_numbers(result)
    assert numbers and all(math.isfinite(n) for n in numbers)


def test_a_clear_winner_is_named_once_the_sample_is_reached() -> None:
    result = analyze(Metric.OPEN_RATE, [ArmCounts("control", 20_000, 2000),
                                        ArmCounts("b", 20_000, 2300)], relative_mde=0.1)
    assert result.sample_size_reached
    assert result.decision is Decision.WINNER and result.winner == "b"
    assert result.arms[1].significant and result.arms[1].interval_low > 0


def test_no_difference_keeps_the_control() -> None:
    result = analyze(Metric.OPEN_RATE, [ArmCounts("control", 30_000, 3000),
                                        ArmCounts("b", 30_000, 3010)])
    assert result.decision is Decision.CONTROL and result.winner == "control"


def test_no_winner_before_the_sample_size_even_when_p_is_small() -> None:
    result = analyze(Metric.OPEN_RATE, [ArmCounts("control", 300, 20),
                                        ArmCounts("b", 300, 45)], relative_mde=0.05)
    assert result.arms[1].p_value < 0.05
    assert not result.sample_size_reached
    assert result.decision is Decision.KEEP_RUNNING and result.winner is None


def test_sample_ratio_mismatch_blocks_the_winner() -> None:
    result = analyze(Metric.OPEN_RATE, [ArmCounts("control", 20_000, 2000),
                                        ArmCounts("b", 23_000, 2700)])
    assert result.arms[1].significant
    assert result.sample_ratio.mismatch
    assert result.decision is Decision.SAMPLE_RATIO_MISMATCH and result.winner is None


def test_holm_correction_with_several_challengers() -> None:
    result = analyze(Metric.CLICK_RATE, [ArmCounts("control", 40_000, 2000),
                                         ArmCounts("b", 40_000, 2100),
                                         ArmCounts("c", 40_000, 2400),
                                         ArmCounts("d", 40_000, 1990)],
                     relative_mde=0.2)
    raw = [arm.p_value for arm in result.arms[1:]]
    _, reference, _, _ = multipletests(raw, method="holm")
    assert [arm.adjusted_p_value for arm in result.arms[1:]] == pytest.approx(list(reference))
    assert result.winner == "c"


def test_guardrail_metric_prefers_fewer_unsubscribes() -> None:
    result = analyze(Metric.UNSUBSCRIBE_RATE, [ArmCounts("control", 60_000, 600),
                                               ArmCounts("gentler", 60_000, 420)],
                     relative_mde=0.3)
    assert result.decision is Decision.WINNER and result.winner == "gentler"
    assert result.arms[1].chance_to_beat_control > 0.99


@pytest.mark.parametrize(("arms", "weights", "kwargs", "field"), [
    ([("a", 10, 1)], None, {}, "variants"),
    ([(f"v{i}", 10, 1) for i in range(6)], None, {}, "variants"),
    ([("a", 10, 1), ("a", 10, 1)], None, {}, "variants.name"),
    ([("a", 10, 1), (" ", 10, 1)], None, {}, "variants.name"),
    ([("a", 10, 11), ("b", 10, 1)], None, {}, "variants.conversions"),
    ([("a", -1, 0), ("b", 10, 1)], None, {}, "variants.exposures"),
    ([("a", 10, 1), ("b", 10, 1)], [1.0], {}, "weights"),
    ([("a", 10, 1), ("b", 10, 1)], [1.0, 0.0], {}, "weights"),
    ([("a", 10, 1), ("b", 10, 1)], [1.0, float("nan")], {}, "weights"),
    ([("a", 10, 1), ("b", 10, 1)], None, {"relative_mde": 0}, "minimumDetectableEffect"),
    ([("a", 10, 1), ("b", 10, 1)], None, {"alpha": 0.5}, "alpha"),
    ([("a", 10, 1), ("b", 10, 1)], None, {"power": 1.0}, "power"),
])
def test_bad_input_names_the_field(arms: list, weights: list | None, kwargs: dict,
                                   field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        analyze(Metric.OPEN_RATE, [ArmCounts(*arm) for arm in arms], weights, **kwargs)
    assert caught.value.field == field


ANALYSIS = """
query($metric: ExperimentMetricKind!, $variants: [VariantCountsInput!]!, $weights: [Float!],
      $mde: Float!) {
  experimentAnalysis(metric: $metric, variants: $variants, weights: $weights,
                     minimumDetectableEffect: $mde) {
    metric correction sampleSizeReached decision winner reason requiredExposures
    sampleRatio { mismatch pValue expectedShares }
    variants { name rate isControl pValue adjustedPValue zScore intervalLow intervalHigh
               chanceToBeatControl chanceToBeBest expectedLoss significant }
  }
}"""


async def test_what_if_query_returns_the_domain_analysis(gql) -> None:
    variables = {"metric": "OPEN_RATE", "mde": 0.1, "weights": [1, 1],
                 "variants": [{"name": "control", "exposures": 20000, "conversions": 2000},
                              {"name": "b", "exposures": 20000, "conversions": 2300}]}
    data = (await gql.data(ANALYSIS, variables, role="viewer"))["experimentAnalysis"]
    expected = analyze(Metric.OPEN_RATE, [ArmCounts("control", 20000, 2000),
                                          ArmCounts("b", 20000, 2300)], [1, 1])
    assert data["decision"] == "WINNER" and data["winner"] == "b"
    assert data["correction"] == "holm"
    control, challenger = data["variants"]
    assert control["isControl"] and control["pValue"] is None
    assert challenger["pValue"] == pytest.approx(expected.arms[1].p_value)
    assert challenger["chanceToBeatControl"] == pytest.approx(
        expected.arms[1].chance_to_beat_control)
    assert data["requiredExposures"] == expected.required_per_arm


async def test_what_if_query_bad_input_and_anonymous(gql) -> None:
    variables = {"metric": "OPEN_RATE", "mde": 0.1, "weights": None,
                 "variants": [{"name": "control", "exposures": 10, "conversions": 20},
                              {"name": "b", "exposures": 10, "conversions": 1}]}
    body = await gql.post(ANALYSIS, variables, role="viewer")
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "variants.conversions"
    anonymous = await gql.post(ANALYSIS, {**variables, "variants": variables["variants"][:1]},
                               role=None)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
