"""Job functions: thin — take the engine from the worker context, call the domain.

Each is idempotent: arq may run a job again after a worker dies.
"""

from __future__ import annotations

import logging
from typing import Any

from domain.deliveries.engine import DeliveryEngine
from domain.deliveries.models import Lane
from domain.errors import Conflict, InvalidInput, NotFound
from domain.idempotency.service import purge_expired
from domain.intelligence import publications as intelligence
from domain.matching import learning
from domain.newsletters import flows as digests
from domain.optimization import scheduled as optimization
from domain.realtime.events import EventPublisher
from workers.names import DEFAULT_QUEUE, DIGEST_RANGE_JOB
from workers.queue import ArqDeliveryQueue

logger = logging.getLogger(__name__)

PUMP_BUDGET_SECONDS = 50.0
ALERT_INLINE_PUMP_SECONDS = 10.0
#: a pump refreshes its heartbeat this often; one silent for PUMP_HEARTBEAT_TTL is dead
PUMP_HEARTBEAT_SECONDS = 1.0
PUMP_HEARTBEAT_TTL = 5.0
#: a pump with nothing due waits this long for rows coming due (a retry's backoff)
#: instead of leaving them to the next sweep
PUMP_LINGER_SECONDS = 2.0


def _engine(ctx: dict[str, Any]) -> DeliveryEngine:
    return ctx["engine"]


def _queue(ctx: dict[str, Any]) -> ArqDeliveryQueue:
    """The queue this worker serves: its jobs enqueue follow-ups on the same lane."""
    return ArqDeliveryQueue(ctx["redis"], pumps=ctx.get("pumps", 4),
                            queue_name=ctx.get("queue_name", DEFAULT_QUEUE))


async def start_publication(ctx: dict[str, Any], publication_id: int) -> bool:
    engine = _engine(ctx)
    started = await engine.start_publication(publication_id)
    if started:
        await _queue(ctx).kick_senders()
        if engine.lane is Lane.ALERT:
            # An alert does not wait for a pump to be picked up: one batch is sent from
            # here (the oldest due alert rows, this alert's among them). One, not "until
            # nothing is due": while alerts keep arriving there is always more, and start
            # jobs that kept pumping held every job slot, so the next alerts' start jobs
            # waited in the queue (p50 10 s at 20 alerts/s on a loaded machine). The kicked
            # pumps send the rest.
            await engine.pump(ALERT_INLINE_PUMP_SECONDS, max_batches=1)
    return started


async def send_due_deliveries(ctx: dict[str, Any]) -> int:
    async with _queue(ctx).pump_heartbeat(ctx.get("job_id", "inline"),
                                          every=PUMP_HEARTBEAT_SECONDS, ttl=PUMP_HEARTBEAT_TTL):
        return await _engine(ctx).pump(PUMP_BUDGET_SECONDS, linger_seconds=PUMP_LINGER_SECONDS)


async def sweep(ctx: dict[str, Any]) -> dict[str, Any]:
    report = await _engine(ctx).sweep()
    queue = _queue(ctx)
    if report.overdue and await queue.live_pumps() < queue.pumps:
        # rows wait unclaimed and pumps are missing: their worker died (its arq job ids
        # stay taken for minutes), so new ones start under fresh ids
        logger.warning("deliveries are overdue and pumps are missing; replacing lost pumps")
        await queue.kick_senders(fresh=True)
    elif report.due_work or report.started:
        await queue.kick_senders()
    if report.requeued or report.started or report.completed:
        logger.info("sweep: requeued %d, started %s, completed %s", report.requeued,
                    report.started, report.completed)
    return {"requeued": report.requeued, "started": report.started,
            "completed": report.completed}


async def purge_idempotency_keys(ctx: dict[str, Any]) -> int:
    removed = await purge_expired()
    if removed:
        logger.info("purged %d expired idempotency keys", removed)
    return removed


async def check_anomalies(ctx: dict[str, Any]) -> list[int]:
    """Channel anomalies (open-rate drops, bounce and complaint spikes) → alerts."""
    return await optimization.check_anomalies()


async def analyze_publication(ctx: dict[str, Any], publication_id: int, *, force: bool = False,
                              attempt: int = 0) -> str | None:
    outcome = await intelligence.analyze_publication(
        ctx["intelligence"], publication_id, force=force, attempt=attempt,
        publisher=EventPublisher(ctx["redis"], ctx.get("events_prefix", "publishing:events")),
        queue=_queue(ctx))
    return None if outcome is None else outcome.stored.source


async def train_matching_strategy(ctx: dict[str, Any], name: str, requested_by: str
                                  ) -> dict[str, Any]:
    """Propose learned weights for strategy `name`; too few outcomes is an answer, not a
    failure to retry (the admin asks again once more deliveries have been read)."""
    try:
        proposal = await learning.train(name, requested_by)
    except (Conflict, InvalidInput, NotFound) as error:
        logger.warning("matching strategy %s not trained: %s", name, error.message)
        return {"proposed": None, "reason": error.message}
    return {"proposed": proposal.id, "version": proposal.version, "metrics": proposal.metrics}


async def plan_digests(ctx: dict[str, Any]) -> int:
    """Cron: one range job per slice of the subscribers (none while `digests` is off)."""

    async def enqueue(low: int, high: int, tick: str) -> None:
        # the worker's own queue (its pool's default)
        await ctx["redis"].enqueue_job(DIGEST_RANGE_JOB, low, high, tick,
                                       _job_id=f"digests:{tick}:{low}")

    return await digests.plan_tick(enqueue)


async def generate_digests(ctx: dict[str, Any], low: int, high: int, tick: str) -> int:
    """Write the due digests of one subscriber range, then wake the send pumps."""
    report = await digests.run_range(low, high)
    if report.created:
        await _queue(ctx).kick_senders()
        logger.info("digests %s-%s: %d written, %d empty, %d already done", low, high,
                    report.created, report.empty, report.already)
    return report.created
