"""Ending an experiment, with its side effects: the decision recorded, the held part of
the audience released with the chosen variant, the change audited and announced.

Three ways in: `declare_winner` (an editor picks), `stop_experiment` (an editor ends it;
held readers get the control), and `decide_due` (test-then-send: at `decide_at` the
read-out decides — the significant winner, or the control when no variant wins, the
sample is too small or the sample ratio is off).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from tortoise import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from domain.errors import InvalidInput
from domain.experiments import analysis
from domain.experiments.models import Experiment, ExperimentStatus, Variant
from domain.experiments.results import guardrail_breached, read_out
from domain.experiments.service import lock_in_state, variants_of
from domain.principals.actor import SYSTEM, Actor
from domain.principals.service import audit

logger = logging.getLogger(__name__)

#: called with the experiment after a change (e.g. kick the senders, push to dashboards)
AfterChange = Callable[[Experiment, int], Awaitable[None]]


def _snapshot(result: analysis.Analysis) -> dict[str, Any]:
    """The read-out as JSON, stored with the decision it justified."""
    data = dataclasses.asdict(result)
    data["sample_ratio"]["mismatch"] = result.sample_ratio.mismatch
    return data


async def _finish(connection: BaseDBAsyncClient, experiment: Experiment, winner: Variant,
                  result: analysis.Analysis, *, is_winner: bool) -> int:
    """Record the decision and release the held rows with `winner`; returns how many."""
    now = dt.datetime.now(dt.UTC)
    experiment.status = ExperimentStatus.COMPLETED
    experiment.decided_at = now
    experiment.ended_at = now
    experiment.decision = {**_snapshot(result), "chosen": winner.name,
                           "chosen_is_winner": is_winner}
    await experiment.save(update_fields=["status", "decided_at", "ended_at", "decision",
                                         "updated_at"])
    if is_winner:
        await Variant.filter(id=winner.id).update(is_winner=True)
    released, _ = await connection.execute_query(
        "UPDATE delivery SET status = 'pending', variant_id = $2, next_attempt_at = now(), "
        "updated_at = now() WHERE publication_id = $1 AND status = 'held'",
        [experiment.publication_id, winner.id])
    return released


async def _variants(experiment: Experiment) -> list[Variant]:
    return (await variants_of([experiment.id])).get(experiment.id, [])


async def declare_winner(actor: Actor, experiment_id: int, variant_id: int,
                         after: AfterChange | None = None) -> Experiment:
    async with in_transaction() as connection:
        experiment = await lock_in_state(experiment_id, (ExperimentStatus.RUNNING,),
                                   "declare a winner of")
        variants = await _variants(experiment)
        winner = next((variant for variant in variants if variant.id == variant_id), None)
        if winner is None:
            raise InvalidInput("the variant is not one of this experiment's",
                               field="variantId")
        released = await _finish(connection, experiment, winner,
                                 await read_out(experiment, variants), is_winner=True)
    await audit(actor, "experiment.declare_winner", "experiment", experiment.id,
                {"variant": winner.name, "released": released})
    if after is not None:
        await after(experiment, released)
    return experiment


async def stop_experiment(actor: Actor, experiment_id: int,
                          after: AfterChange | None = None) -> Experiment:
    async with in_transaction() as connection:
        experiment = await lock_in_state(experiment_id, (ExperimentStatus.RUNNING,), "stop")
        variants = await _variants(experiment)
        released = await _finish(connection, experiment, variants[0],
                                 await read_out(experiment, variants), is_winner=False)
    await audit(actor, "experiment.stop", "experiment", experiment.id,
                {"released": released})
    if after is not None:
        await after(experiment, released)
    return experiment


async def decide(experiment_id: int, after: AfterChange | None = None) -> Experiment | None:
    """Test-then-send's automatic decision for one experiment; None when another process
    decided it already or it is not due."""
    async with in_transaction() as connection:
        experiment = await Experiment.select_for_update().get_or_none(
            id=experiment_id, status=ExperimentStatus.RUNNING, decide_at__lte=dt.datetime.now(
                dt.UTC))
        if experiment is None:
            return None
        variants = await _variants(experiment)
        result = await read_out(experiment, variants)
        is_winner = result.decision is analysis.Decision.WINNER
        if is_winner and guardrail_breached(
                await read_out(experiment, variants, analysis.Metric.UNSUBSCRIBE_RATE),
                result.winner or ""):
            is_winner = False
            result = dataclasses.replace(
                result, reason=f"{result.winner} won on {result.metric.value} but drives "
                               "significantly more unsubscribes (guardrail): keep the control")
        chosen = next(v for v in variants if v.name == result.winner) if is_winner else (
            variants[0])
        released = await _finish(connection, experiment, chosen, result, is_winner=is_winner)
    logger.info("experiment %s decided: %s (%s); %d held deliveries released",
                experiment.id, chosen.name, result.decision.value, released)
    await audit(SYSTEM, "experiment.decide", "experiment", experiment.id,
                {"chosen": chosen.name, "decision": result.decision.value,
                 "reason": result.reason, "released": released})
    if after is not None:
        await after(experiment, released)
    return experiment
