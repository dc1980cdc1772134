"""Experiments on a publication: create, start, stop, declare a winner, read the results.

An experiment belongs to one publication and acts when that publication's audience is
resolved (domain/experiments/audience.py): so it can be created and started any time
before the publication goes out, and not after. Alerts (high and critical priority)
cannot carry one: they must never wait for a test.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from domain.errors import Conflict, InvalidInput, NotFound
from domain.experiments import analysis
from domain.experiments.models import (
    Experiment,
    ExperimentMode,
    ExperimentStatus,
    Variant,
)
from domain.principals.actor import Actor
from domain.principals.service import audit
from domain.publications.models import Priority, Publication, PublicationStatus
from domain.publications.service import MAX_BODY, MAX_SUMMARY, MAX_TITLE
from domain.templates.models import Template
from domain.validation import require_text

MAX_WEIGHT = 1000
MAX_HOLDOUT = 0.9
MIN_TEST_WINDOW = dt.timedelta(minutes=5)
MAX_TEST_WINDOW = dt.timedelta(days=7)
MAX_SEND_DELAY = dt.timedelta(days=7)
OPEN_PUBLICATION_STATES = (PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW,
                           PublicationStatus.APPROVED, PublicationStatus.SCHEDULED)


@dataclass(frozen=True)
class VariantSpec:
    """What a variant changes; None keeps the publication's own text."""

    name: str
    weight: int = 1
    title: str | None = None
    summary: str | None = None
    body: str | None = None
    template_id: int | None = None
    send_delay: dt.timedelta | None = None


@dataclass(frozen=True)
class ExperimentSpec:
    publication_id: int
    name: str
    variants: Sequence[VariantSpec]
    metric: analysis.Metric = analysis.Metric.OPEN_RATE
    minimum_detectable_effect: float = 0.1
    holdout: float = 0.0
    mode: ExperimentMode = ExperimentMode.SIMULTANEOUS
    test_fraction: float | None = None
    test_window: dt.timedelta | None = None


def _validate_variants(variants: Sequence[VariantSpec]) -> list[VariantSpec]:
    if not analysis.MIN_ARMS <= len(variants) <= analysis.MAX_ARMS:
        raise InvalidInput(f"an experiment has {analysis.MIN_ARMS} to {analysis.MAX_ARMS} "
                           "variants", field="variants")
    cleaned: list[VariantSpec] = []
    for index, variant in enumerate(variants):
        where = f"variants[{index}]"
        name = require_text(variant.name, f"{where}.name", max_length=100)
        if not 1 <= variant.weight <= MAX_WEIGHT:
            raise InvalidInput(f"weight must be between 1 and {MAX_WEIGHT}",
                               field=f"{where}.weight")
        title = (require_text(variant.title, f"{where}.title", max_length=MAX_TITLE)
                 if variant.title is not None else None)
        for field_name, value, limit in (("summary", variant.summary, MAX_SUMMARY),
                                         ("body", variant.body, MAX_BODY)):
            if value is not None and len(value) > limit:
                raise InvalidInput(f"{field_name} must be at most {limit} characters",
                                   field=f"{where}.{field_name}")
        if variant.send_delay is not None and not (
                dt.timedelta(0) <= variant.send_delay <= MAX_SEND_DELAY):
            raise InvalidInput("a send delay is between 0 and 7 days",
                               field=f"{where}.sendDelaySeconds")
        cleaned.append(VariantSpec(name, variant.weight, title, variant.summary, variant.body,
                                   variant.template_id, variant.send_delay))
    names = [variant.name for variant in cleaned]
    if len(set(names)) != len(names):
        raise InvalidInput("variant names must be unique", field="variants")
    return cleaned


async def _check_templates(variants: Sequence[VariantSpec]) -> None:
    wanted = {v.template_id for v in variants if v.template_id is not None}
    found = set(await Template.filter(id__in=wanted).values_list("id", flat=True))
    for index, variant in enumerate(variants):
        if variant.template_id is not None and variant.template_id not in found:
            raise NotFound("template not found", field=f"variants[{index}].templateId")


def _validate_plan(spec: ExperimentSpec) -> None:
    if not 0 < spec.minimum_detectable_effect <= 10:
        raise InvalidInput("the minimum detectable effect is a relative change in (0, 10]",
                           field="minimumDetectableEffect")
    if not 0 <= spec.holdout <= MAX_HOLDOUT:
        raise InvalidInput(f"holdout must be between 0 and {MAX_HOLDOUT}", field="holdout")
    if spec.mode is ExperimentMode.TEST_THEN_SEND:
        if spec.test_fraction is None or not 0 < spec.test_fraction <= 0.9:
            raise InvalidInput("test-then-send needs a test fraction in (0, 0.9]",
                               field="testFraction")
        if spec.test_window is None or not MIN_TEST_WINDOW <= spec.test_window <= (
                MAX_TEST_WINDOW):
            raise InvalidInput("test-then-send needs a window between 5 minutes and 7 days",
                               field="testWindowSeconds")
    elif spec.test_fraction is not None or spec.test_window is not None:
        raise InvalidInput("a test fraction and window belong to test-then-send mode",
                           field="mode")


async def _open_publication(publication_id: int) -> Publication:
    publication = await Publication.get_or_none(id=publication_id)
    if publication is None:
        raise NotFound("publication not found", field="publicationId")
    if publication.priority is not Priority.NORMAL:
        raise InvalidInput("alerts (high and critical priority) cannot be experimented on: "
                           "they never wait", field="publicationId")
    if publication.audience_resolved_at is not None or (
            publication.status not in OPEN_PUBLICATION_STATES):
        raise Conflict(f"the publication is {publication.status.value}: experiments must "
                       "be set up before it goes out", field="publicationId")
    return publication


async def create_experiment(actor: Actor, spec: ExperimentSpec) -> Experiment:
    name = require_text(spec.name, "name", max_length=200)
    variants = _validate_variants(spec.variants)
    _validate_plan(spec)
    await _check_templates(variants)
    async with in_transaction():
        publication = await _open_publication(spec.publication_id)
        await Publication.select_for_update().get(id=publication.id)  # one at a time
        if await Experiment.filter(publication_id=publication.id, status__in=(
                ExperimentStatus.DRAFT, ExperimentStatus.RUNNING)).exists():
            raise Conflict("this publication already has an experiment; stop or cancel it "
                           "first", field="publicationId")
        experiment = await Experiment.create(
            publication_id=publication.id, name=name, metric=spec.metric,
            seed=f"exp-{secrets.token_hex(8)}",
            minimum_detectable_effect=spec.minimum_detectable_effect,
            coverage=1.0 - spec.holdout, mode=spec.mode, test_fraction=spec.test_fraction,
            test_window_seconds=int(spec.test_window.total_seconds())
            if spec.test_window else None,
            created_by=actor.name)
        await Variant.bulk_create([
            Variant(experiment_id=experiment.id, name=variant.name, position=position,
                    weight=variant.weight, title=variant.title, summary=variant.summary,
                    body=variant.body, template_id=variant.template_id,
                    send_delay_seconds=int(variant.send_delay.total_seconds())
                    if variant.send_delay is not None else None)
            for position, variant in enumerate(variants)])
    await audit(actor, "experiment.create", "experiment", experiment.id,
                {"publication": publication.id, "variants": [v.name for v in variants]})
    return experiment


async def get_experiment(experiment_id: int) -> Experiment:
    experiment = await Experiment.get_or_none(id=experiment_id)
    if experiment is None:
        raise NotFound("experiment not found", field="id")
    return experiment


def experiments_query(*, publication_id: int | None = None,
                      status: ExperimentStatus | None = None) -> QuerySet[Experiment]:
    query = Experiment.all()
    if publication_id is not None:
        query = query.filter(publication_id=publication_id)
    if status is not None:
        query = query.filter(status=status)
    return query


async def lock_in_state(experiment_id: int, allowed: Sequence[ExperimentStatus], verb: str
                        ) -> Experiment:
    """The experiment, locked for this transaction, when it is in one of `allowed`;
    NOT_FOUND or CONFLICT (naming the states it is allowed from) otherwise."""
    experiment = await Experiment.select_for_update().get_or_none(id=experiment_id)
    if experiment is None:
        raise NotFound("experiment not found", field="id")
    if experiment.status not in allowed:
        raise Conflict(f"cannot {verb} an experiment that is {experiment.status.value} "
                       f"(allowed from: {', '.join(s.value for s in allowed)})", field="id")
    return experiment


async def start_experiment(actor: Actor, experiment_id: int) -> Experiment:
    async with in_transaction():
        experiment = await lock_in_state(experiment_id, (ExperimentStatus.DRAFT,), "start")
        await _open_publication(experiment.publication_id)
        experiment.status = ExperimentStatus.RUNNING
        experiment.started_at = dt.datetime.now(dt.UTC)
        await experiment.save(update_fields=["status", "started_at", "updated_at"])
    await audit(actor, "experiment.start", "experiment", experiment.id)
    return experiment


async def cancel_experiment(actor: Actor, experiment_id: int) -> Experiment:
    """A draft that will never run."""
    async with in_transaction():
        experiment = await lock_in_state(experiment_id, (ExperimentStatus.DRAFT,), "cancel")
        experiment.status = ExperimentStatus.CANCELED
        experiment.ended_at = dt.datetime.now(dt.UTC)
        await experiment.save(update_fields=["status", "ended_at", "updated_at"])
    await audit(actor, "experiment.cancel", "experiment", experiment.id)
    return experiment


async def variants_of(experiment_ids: Sequence[int]) -> dict[int, list[Variant]]:
    grouped: dict[int, list[Variant]] = {}
    for variant in await Variant.filter(experiment_id__in=experiment_ids).order_by(
            "experiment_id", "position"):
        grouped.setdefault(variant.experiment_id, []).append(variant)
    return grouped
