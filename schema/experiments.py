"""Experiment statistics in the API: the read-out types and the what-if query."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from domain.experiments import analysis as analysis_model
from resolvers import experiments as resolvers
from schema.permissions import CanRead

ExperimentMetricKind = strawberry.enum(
    analysis_model.Metric, name="ExperimentMetricKind",
    description="What counts as a conversion. UNSUBSCRIBE_RATE is a guardrail: lower is "
                "better.")
ExperimentDecision = strawberry.enum(analysis_model.Decision, name="ExperimentDecision")


@strawberry.input(description="Observed counts of one variant; the first one given is the "
                              "control.")
class VariantCountsInput:
    name: str
    exposures: int
    conversions: int


@strawberry.type(description="One variant's figures. The comparisons with the control are "
                             "null on the control itself and where a rate has no meaning "
                             "(no exposures).")
class VariantResult:
    name: str
    exposures: int
    conversions: int
    rate: float | None
    is_control: bool
    absolute_difference: float | None = strawberry.field(
        description="Rate minus the control's rate.")
    relative_difference: float | None = strawberry.field(
        description="absoluteDifference over the control's rate; null when that is 0.")
    z_score: float | None = strawberry.field(
        description="Two-proportion z-test with the pooled standard error.")
    p_value: float | None = strawberry.field(description="Two-sided, uncorrected.")
    adjusted_p_value: float | None = strawberry.field(
        description="Holm step-down adjustment across all challengers; compare with alpha.")
    interval_low: float | None = strawberry.field(
        description="95% Wald interval (unpooled) for absoluteDifference: low end.")
    interval_high: float | None
    chance_to_beat_control: float | None = strawberry.field(
        description="Posterior probability (Beta(1,1) priors, exact by quadrature) that "
                    "this variant is better than the control.")
    chance_to_be_best: float = strawberry.field(
        description="Posterior probability that this variant is the best of all.")
    expected_loss: float = strawberry.field(
        description="Expected rate given up by shipping this variant instead of the best "
                    "one (posterior expectation, in rate units).")
    significant: bool = strawberry.field(
        description="Better than the control with adjustedPValue < alpha.")


@strawberry.type(description="Chi-square goodness of fit of the exposures against the "
                             "weights; a p-value below 0.001 flags a sample-ratio mismatch, "
                             "which blocks automatic winners.")
class SampleRatioCheck:
    expected_shares: list[float]
    observed_shares: list[float]
    chi_square: float
    p_value: float
    mismatch: bool


@strawberry.type(description="An experiment read-out: every challenger against the control.")
class ExperimentAnalysis:
    metric: ExperimentMetricKind  # type: ignore[valid-type]
    alpha: float
    power: float
    minimum_detectable_effect: float = strawberry.field(
        description="Relative change of the control's rate the test is sized for.")
    correction: str = strawberry.field(description="Multiple-comparison correction: holm.")
    variants: list[VariantResult]
    sample_ratio: SampleRatioCheck
    required_exposures: list[int | None] = strawberry.field(
        description="Exposures each variant needs for the minimum detectable effect at the "
                    "given power (Bonferroni-sized per comparison, conservative), in the "
                    "order of variants; null when the effect cannot be detected.")
    sample_size_reached: bool
    decision: ExperimentDecision  # type: ignore[valid-type]
    winner: str | None = strawberry.field(
        description="The variant to ship: a significant winner, or the control when no "
                    "variant wins; null while the test must keep running or after a "
                    "sample-ratio mismatch.")
    reason: str

    @classmethod
    def from_domain(cls, result: analysis_model.Analysis) -> ExperimentAnalysis:
        ratio = result.sample_ratio
        return cls(
            metric=result.metric, alpha=result.alpha, power=result.power,
            minimum_detectable_effect=result.relative_mde, correction=result.correction,
            variants=[VariantResult(**vars(arm)) for arm in result.arms],
            sample_ratio=SampleRatioCheck(
                expected_shares=ratio.expected_shares, observed_shares=ratio.observed_shares,
                chi_square=ratio.chi_square, p_value=ratio.p_value, mismatch=ratio.mismatch),
            required_exposures=result.required_per_arm,
            sample_size_reached=result.sample_size_reached, decision=result.decision,
            winner=result.winner, reason=result.reason,
        )


@strawberry.type
class ExperimentQueries:
    @strawberry.field(description="The experiment read-out for given counts (a what-if: "
                                  "nothing is stored). The first variant is the control. "
                                  "Requires any role.",
                      permission_classes=[CanRead])
    def experiment_analysis(
        self, info: Info, metric: ExperimentMetricKind,  # type: ignore[valid-type]
        variants: list[VariantCountsInput], weights: list[float] | None = None,
        minimum_detectable_effect: float = 0.1, alpha: float = analysis_model.DEFAULT_ALPHA,
        power: float = analysis_model.DEFAULT_POWER,
    ) -> ExperimentAnalysis:
        arms = [analysis_model.ArmCounts(v.name, v.exposures, v.conversions) for v in variants]
        return ExperimentAnalysis.from_domain(resolvers.what_if_analysis(
            info.context, analysis_model.Metric(metric), arms, weights,
            relative_mde=minimum_detectable_effect, alpha=alpha, power=power))
