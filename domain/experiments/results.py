"""An experiment's read-out from its variants' tallies (never from the raw events)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tortoise import Tortoise

from domain.experiments import analysis
from domain.experiments.models import Experiment, Variant


@dataclass(frozen=True, slots=True)
class Tally:
    exposures: int = 0
    opens: int = 0
    clicks: int = 0
    unsubscribes: int = 0


async def tallies(variant_ids: Sequence[int]) -> dict[int, Tally]:
    """Summed counters per variant: one indexed aggregate over the increments."""
    if not variant_ids:
        return {}
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT variant_id, sum(exposures)::bigint AS exposures, sum(opens)::bigint AS opens,"
        " sum(clicks)::bigint AS clicks, sum(unsubscribes)::bigint AS unsubscribes "
        "FROM variant_tally WHERE variant_id = ANY($1::int[]) GROUP BY variant_id",
        [list(variant_ids)])
    return {row["variant_id"]: Tally(int(row["exposures"]), int(row["opens"]),
                                     int(row["clicks"]), int(row["unsubscribes"]))
            for row in rows}


def arm_counts(metric: analysis.Metric, name: str, tally: Tally) -> analysis.ArmCounts:
    """Exposures and conversions for the metric. Click-to-open counts clicks among the
    opened (a click without a recorded open — images blocked — counts as both)."""
    if metric is analysis.Metric.OPEN_RATE:
        return analysis.ArmCounts(name, tally.exposures, min(tally.opens, tally.exposures))
    if metric is analysis.Metric.CLICK_RATE:
        return analysis.ArmCounts(name, tally.exposures, min(tally.clicks, tally.exposures))
    if metric is analysis.Metric.CLICK_TO_OPEN:
        opened = max(tally.opens, tally.clicks)
        return analysis.ArmCounts(name, opened, tally.clicks)
    return analysis.ArmCounts(name, tally.exposures, min(tally.unsubscribes, tally.exposures))


async def read_out(experiment: Experiment, variants: Sequence[Variant],
                   metric: analysis.Metric | None = None) -> analysis.Analysis:
    """The read-out of the experiment's metric (or of `metric`, e.g. the guardrail)."""
    metric = metric or experiment.metric
    counts = await tallies([variant.id for variant in variants])
    arms = [arm_counts(metric, variant.name, counts.get(variant.id, Tally()))
            for variant in variants]
    return analysis.analyze(metric, arms, [variant.weight for variant in variants],
                            relative_mde=experiment.minimum_detectable_effect)


def guardrail_breached(guardrail: analysis.Analysis, name: str) -> bool:
    """The variant drives significantly more unsubscribes than the control (Holm-adjusted
    p < alpha): it must not win, whatever its primary metric says."""
    arm = next((arm for arm in guardrail.arms if arm.name == name), None)
    return bool(arm is not None and not arm.is_control and arm.adjusted_p_value is not None
                and arm.adjusted_p_value < guardrail.alpha
                and (arm.absolute_difference or 0.0) > 0)
