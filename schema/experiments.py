"""Experiments in the API: the lifecycle, the read-out types and the what-if query."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator, Iterable
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from domain.experiments import analysis as analysis_model
from domain.experiments import service
from domain.experiments.models import Experiment as ExperimentModel
from domain.experiments.models import ExperimentMode, ExperimentStatus
from domain.experiments.models import Variant as VariantModel
from resolvers import experiments as resolvers
from resolvers import realtime
from schema.ids import decode_id
from schema.pagination import Connection
from schema.permissions import CanEditContent, CanRead

if TYPE_CHECKING:
    from schema.publications import Publication

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


ExperimentStatusKind = strawberry.enum(ExperimentStatus, name="ExperimentStatus")
ExperimentModeKind = strawberry.enum(
    ExperimentMode, name="ExperimentMode",
    description="SIMULTANEOUS: every variant goes to its share at once. TEST_THEN_SEND: "
                "a test fraction gets the variants; after the window the rest gets the "
                "winner (or the control when no variant wins).")


@strawberry.type(description="One arm of an experiment. Null text fields keep the "
                             "publication's own.")
class ExperimentVariant:
    name: str
    position: int = strawberry.field(description="0 is the control.")
    weight: int
    title: str | None
    summary: str | None
    body: str | None
    template_id: relay.GlobalID | None = strawberry.field(
        description="Renders this variant's deliveries of the template's channel type with "
                    "this template (its current version).")
    send_delay_seconds: int | None = strawberry.field(
        description="This variant's deliveries go out this much after the others.")
    is_winner: bool

    @classmethod
    def from_model(cls, variant: VariantModel) -> ExperimentVariant:
        return cls(name=variant.name, position=variant.position, weight=variant.weight,
                   title=variant.title, summary=variant.summary, body=variant.body,
                   template_id=relay.GlobalID("Template", str(variant.template_id))
                   if variant.template_id is not None else None,
                   send_delay_seconds=variant.send_delay_seconds, is_winner=variant.is_winner)


@strawberry.type
class Experiment(relay.Node):
    id: relay.NodeID[int]
    name: str
    status: ExperimentStatusKind  # type: ignore[valid-type]
    metric: ExperimentMetricKind  # type: ignore[valid-type]
    mode: ExperimentModeKind  # type: ignore[valid-type]
    seed: str = strawberry.field(
        description="GrowthBook v2 hashing seed: a subscriber's variant is reproducible "
                    "from (seed, subscriber id) and the weights.")
    minimum_detectable_effect: float
    holdout: float = strawberry.field(description="Share of the audience that gets nothing.")
    test_fraction: float | None
    test_window_seconds: int | None
    decide_at: dt.datetime | None
    decided_at: dt.datetime | None
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    created_at: dt.datetime
    decision: JSON | None = strawberry.field(
        description="The read-out the decision was made on, with `chosen` (the variant the "
                    "held audience got) and `chosen_is_winner`.")
    publication_id: strawberry.Private[int]
    _model: strawberry.Private[ExperimentModel]

    @classmethod
    def from_model(cls, experiment: ExperimentModel) -> Experiment:
        return cls(
            id=experiment.id, name=experiment.name, status=experiment.status,
            metric=experiment.metric, mode=experiment.mode, seed=experiment.seed,
            minimum_detectable_effect=experiment.minimum_detectable_effect,
            holdout=round(1.0 - experiment.coverage, 12),
            test_fraction=experiment.test_fraction,
            test_window_seconds=experiment.test_window_seconds,
            decide_at=experiment.decide_at, decided_at=experiment.decided_at,
            started_at=experiment.started_at, ended_at=experiment.ended_at,
            created_at=experiment.created_at, decision=experiment.decision,
            publication_id=experiment.publication_id, _model=experiment)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],
                            required: bool = False) -> list[Any]:
        rows = await info.context.loaders.experiment.load_many([int(i) for i in node_ids])
        return [cls.from_model(row) if row else None for row in rows]

    @strawberry.field
    async def publication(self, info: Info) -> Annotated[
            Publication, strawberry.lazy("schema.publications")] | None:
        from schema.publications import Publication

        row = await info.context.loaders.publication.load(self.publication_id)
        return Publication.from_model(row) if row else None

    @strawberry.field(description="Control first.")
    async def variants(self, info: Info) -> list[ExperimentVariant]:
        rows = await info.context.loaders.variants_by_experiment.load(self.id)
        return [ExperimentVariant.from_model(row) for row in rows]

    @strawberry.field(description="The unsubscribe-rate read-out (the guardrail): an "
                                  "automatic decision never picks a variant that drives "
                                  "significantly more unsubscribes than the control. "
                                  "Requires any role.")
    async def guardrail(self, info: Info) -> ExperimentAnalysis:
        variants = await info.context.loaders.variants_by_experiment.load(self.id)
        return ExperimentAnalysis.from_domain(await resolvers.experiment_results(
            info.context, self._model, variants, analysis_model.Metric.UNSUBSCRIBE_RATE))

    @strawberry.field(description="The read-out now, from the variants' tallies: exposures "
                                  "are deliveries sent, conversions the first human open, "
                                  "click or unsubscribe of each. Requires any role.")
    async def results(self, info: Info) -> ExperimentAnalysis:
        variants = await info.context.loaders.variants_by_experiment.load(self.id)
        return ExperimentAnalysis.from_domain(
            await resolvers.experiment_results(info.context, self._model, variants))


@strawberry.input
class ExperimentVariantInput:
    name: str
    weight: int = 1
    title: str | None = None
    summary: str | None = None
    body: str | None = None
    template_id: relay.GlobalID | None = None
    send_delay_seconds: int | None = None


@strawberry.input(description="The first variant is the control.")
class CreateExperimentInput:
    publication_id: relay.GlobalID
    name: str
    variants: list[ExperimentVariantInput]
    metric: ExperimentMetricKind = analysis_model.Metric.OPEN_RATE  # type: ignore
    minimum_detectable_effect: float = 0.1
    holdout: float = 0.0
    mode: ExperimentModeKind = ExperimentMode.SIMULTANEOUS  # type: ignore
    test_fraction: float | None = None
    test_window_seconds: int | None = None


@strawberry.input
class DeclareWinnerInput:
    id: relay.GlobalID
    variant: str = strawberry.field(description="The winning variant's name.")


@strawberry.input
class ExperimentFilter:
    publication_id: relay.GlobalID | None = None
    status: ExperimentStatusKind | None = None  # type: ignore[valid-type]


@strawberry.type
class ExperimentListQueries:
    @strawberry.field(description="One experiment, or null. Requires any role.",
                      permission_classes=[CanRead])
    async def experiment(self, info: Info, id: relay.GlobalID) -> Experiment | None:
        row = await resolvers.get_experiment(info.context, decode_id(id, "Experiment"))
        return Experiment.from_model(row) if row else None

    @strawberry.field(description="Experiments, newest first. Requires any role.",
                      permission_classes=[CanRead])
    async def experiments(self, info: Info, first: int = 20, after: str | None = None,
                          filter: ExperimentFilter | None = None) -> Connection[Experiment]:
        page = await resolvers.list_experiments(
            info.context, first=first, after=after,
            publication_id=decode_id(filter.publication_id, "Publication",
                                     "filter.publicationId")
            if filter and filter.publication_id else None,
            status=ExperimentStatus(filter.status) if filter and filter.status else None)
        return Connection[Experiment].from_page(page, Experiment.from_model)


@strawberry.type
class ExperimentMutations:
    @strawberry.mutation(description="Set up an A/B test on a publication that has not gone "
                                     "out yet (normal priority only). Requires editor or "
                                     "admin.", permission_classes=[CanEditContent])
    async def create_experiment(self, info: Info, input: CreateExperimentInput) -> Experiment:
        window = input.test_window_seconds
        spec = service.ExperimentSpec(
            publication_id=decode_id(input.publication_id, "Publication", "publicationId"),
            name=input.name, metric=analysis_model.Metric(input.metric),
            variants=[service.VariantSpec(
                v.name, v.weight, v.title, v.summary, v.body,
                decode_id(v.template_id, "Template", f"variants[{index}].templateId")
                if v.template_id is not None else None,
                dt.timedelta(seconds=v.send_delay_seconds)
                if v.send_delay_seconds is not None else None)
                for index, v in enumerate(input.variants)],
            minimum_detectable_effect=input.minimum_detectable_effect, holdout=input.holdout,
            mode=ExperimentMode(input.mode), test_fraction=input.test_fraction,
            test_window=dt.timedelta(seconds=window) if window is not None else None)
        return Experiment.from_model(await resolvers.create_experiment(info.context, spec))

    @strawberry.mutation(description="Start a draft experiment: it takes effect when its "
                                     "publication goes out. Requires editor or admin.",
                         permission_classes=[CanEditContent])
    async def start_experiment(self, info: Info, id: relay.GlobalID) -> Experiment:
        return Experiment.from_model(await resolvers.start_experiment(
            info.context, decode_id(id, "Experiment")))

    @strawberry.mutation(description="Drop a draft experiment. Requires editor or admin.",
                         permission_classes=[CanEditContent])
    async def cancel_experiment(self, info: Info, id: relay.GlobalID) -> Experiment:
        return Experiment.from_model(await resolvers.cancel_experiment(
            info.context, decode_id(id, "Experiment")))

    @strawberry.mutation(description="End a running experiment without a winner; held "
                                     "readers (test-then-send) get the control. Requires "
                                     "editor or admin.", permission_classes=[CanEditContent])
    async def stop_experiment(self, info: Info, id: relay.GlobalID) -> Experiment:
        return Experiment.from_model(await resolvers.stop_experiment(
            info.context, decode_id(id, "Experiment")))

    @strawberry.mutation(description="End a running experiment with this winner; held "
                                     "readers (test-then-send) get it. Requires editor or "
                                     "admin.", permission_classes=[CanEditContent])
    async def declare_winner(self, info: Info, input: DeclareWinnerInput) -> Experiment:
        return Experiment.from_model(await resolvers.declare_winner(
            info.context, decode_id(input.id, "Experiment"), input.variant))


@strawberry.type
class ExperimentResultsUpdate:
    experiment_id: relay.GlobalID
    status: ExperimentStatusKind  # type: ignore[valid-type]
    at: dt.datetime
    results: ExperimentAnalysis


@strawberry.type
class ExperimentSubscriptions:
    @strawberry.subscription(description="An experiment's read-out: now, then again as "
                                         "sends, opens, clicks and decisions arrive (at "
                                         "most once a second). Requires any role.",
                             permission_classes=[CanRead])
    async def experiment_results(self, info: Info, id: relay.GlobalID
                                 ) -> AsyncGenerator[ExperimentResultsUpdate, None]:
        experiment_id = decode_id(id, "Experiment")
        async for experiment, result in realtime.experiment_results(info.context,
                                                                    experiment_id):
            yield ExperimentResultsUpdate(
                experiment_id=relay.GlobalID("Experiment", str(experiment.id)),
                status=experiment.status, at=dt.datetime.now(dt.UTC),
                results=ExperimentAnalysis.from_domain(result))
