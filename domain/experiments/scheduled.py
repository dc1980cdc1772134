"""Periodic experiment work: test-then-send decisions that came due. Each experiment is
decided on its own, so one that fails (and is retried next tick) stops no other."""

from __future__ import annotations

import datetime as dt
import logging

from domain.experiments import flows
from domain.experiments.models import Experiment, ExperimentStatus

logger = logging.getLogger(__name__)


async def decide_due_experiments(after: flows.AfterChange | None = None) -> list[int]:
    """Decide every running test-then-send experiment whose window has passed; returns the
    ids decided by this call."""
    due = await Experiment.filter(status=ExperimentStatus.RUNNING,
                                  decide_at__lte=dt.datetime.now(dt.UTC)).values_list(
        "id", flat=True)
    decided: list[int] = []
    for experiment_id in due:
        try:
            if await flows.decide(experiment_id, after) is not None:
                decided.append(experiment_id)
        except Exception:
            logger.exception("experiment %s: the decision failed; retrying next sweep",
                             experiment_id)
    return decided
