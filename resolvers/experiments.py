"""Experiments: permission check, then the domain (lifecycle, flows, read-outs)."""

from __future__ import annotations

from collections.abc import Sequence

from domain.errors import InvalidInput
from domain.experiments import analysis, flows, results, service
from domain.experiments.models import Experiment, ExperimentStatus, Variant
from domain.pagination import Page
from resolvers.context import RequestContext
from resolvers.listing import page_of
from resolvers.permissions import Ability, require


def what_if_analysis(
    context: RequestContext, metric: analysis.Metric, arms: Sequence[analysis.ArmCounts],
    weights: Sequence[float] | None, *, relative_mde: float, alpha: float, power: float,
) -> analysis.Analysis:
    require(context, Ability.READ)
    return analysis.analyze(metric, arms, weights, relative_mde=relative_mde, alpha=alpha,
                            power=power)


async def list_experiments(context: RequestContext, *, first: int, after: str | None,
                           publication_id: int | None, status: ExperimentStatus | None
                           ) -> Page[Experiment]:
    require(context, Ability.READ)
    query = service.experiments_query(publication_id=publication_id, status=status)
    return await page_of(query, first=first, after=after)


async def get_experiment(context: RequestContext, experiment_id: int) -> Experiment | None:
    require(context, Ability.READ)
    return await Experiment.get_or_none(id=experiment_id)


async def create_experiment(context: RequestContext, spec: service.ExperimentSpec
                            ) -> Experiment:
    return await service.create_experiment(require(context, Ability.EDIT_CONTENT), spec)


async def start_experiment(context: RequestContext, experiment_id: int) -> Experiment:
    return await service.start_experiment(require(context, Ability.EDIT_CONTENT),
                                          experiment_id)


async def cancel_experiment(context: RequestContext, experiment_id: int) -> Experiment:
    return await service.cancel_experiment(require(context, Ability.EDIT_CONTENT),
                                           experiment_id)


def _after_change(context: RequestContext) -> flows.AfterChange:
    async def kick(experiment: Experiment, released: int) -> None:
        if released and context.queue is not None:
            await context.queue.kick_senders()
    return kick


async def stop_experiment(context: RequestContext, experiment_id: int) -> Experiment:
    return await flows.stop_experiment(require(context, Ability.EDIT_CONTENT), experiment_id,
                                       _after_change(context))


async def declare_winner(context: RequestContext, experiment_id: int, variant_name: str
                         ) -> Experiment:
    actor = require(context, Ability.EDIT_CONTENT)
    variant = await Variant.get_or_none(experiment_id=experiment_id, name=variant_name)
    if variant is None:
        raise InvalidInput("no variant of this experiment has that name", field="variant")
    return await flows.declare_winner(actor, experiment_id, variant.id,
                                      _after_change(context))


async def experiment_results(context: RequestContext, experiment: Experiment,
                             variants: Sequence[Variant],
                             metric: analysis.Metric | None = None) -> analysis.Analysis:
    require(context, Ability.READ)
    return await results.read_out(experiment, variants, metric)
