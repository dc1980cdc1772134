"""Worker configuration for each queue.

The composition root (app.runtime) passes the start-up and shutdown hooks that build the
delivery engine, so a standalone `publishing worker` opens its own pools while the API's
in-process worker shares the API's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from arq import cron, func
from arq.connections import RedisSettings
from arq.worker import Worker

from domain.newsletters.flows import TICK_MINUTES
from workers import jobs
from workers.names import (
    ANALYZE_JOB,
    DIGEST_PLAN_JOB,
    DIGEST_RANGE_JOB,
    PUMP_JOB,
    QUEUES,
    START_JOB,
    SWEEP_JOB,
    TRAIN_MATCHING_JOB,
    cron_name,
)

Hook = Callable[[dict[str, Any]], Awaitable[None]]
SWEEP_SECONDS = set(range(0, 60, 2))
BULK_POLL_SECONDS = 0.5
ALERT_POLL_SECONDS = 0.05
#: the optimization engine's anomaly check runs every this many minutes (bulk queue)
ANOMALY_CHECK_MINUTES = 5


def build_worker(
    *,
    redis_url: str,
    queue: str = "default",
    on_startup: Hook | None = None,
    on_shutdown: Hook | None = None,
    max_jobs: int = 20,
    handle_signals: bool = False,
    burst: bool = False,
    with_cron: bool = True,
    queue_name: str | None = None,
) -> Worker:
    """`queue_name` overrides the Redis key of `queue` (tests isolate themselves with it)."""
    functions = [
        func(jobs.start_publication, name=START_JOB, max_tries=10),
        # keep_result=0 frees the pump's job id as soon as it finishes, so it can be
        # kicked again straight away.
        func(jobs.send_due_deliveries, name=PUMP_JOB, keep_result=0, timeout=300),
        func(jobs.sweep, name=SWEEP_JOB, keep_result=0),
        jobs.purge_idempotency_keys,
        func(jobs.check_anomalies, name="check_anomalies", keep_result=0, max_tries=1),
        # keep_result=0: the job id (which names the content) frees when it ends
        func(jobs.analyze_publication, name=ANALYZE_JOB, keep_result=0, max_tries=3,
             timeout=300),
        func(jobs.train_matching_strategy, name=TRAIN_MATCHING_JOB, keep_result=0,
             max_tries=1, timeout=900),
        func(jobs.generate_digests, name=DIGEST_RANGE_JOB, max_tries=5, timeout=600),
    ]
    queue_name = queue_name or QUEUES[queue]
    cron_jobs: list = []
    if with_cron:
        # Each lane sweeps itself (alerts every second: their deadline is short). arq's
        # cron job ids (`<name>:<ms>`) are global across queues, so the name carries the
        # queue: with one name, the alerts worker (polling every 50 ms) took every tick
        # and the bulk lane's sweep almost never ran.
        cron_jobs.append(cron(jobs.sweep, name=cron_name(SWEEP_JOB, queue_name),
                              second=SWEEP_SECONDS if queue == "default" else set(range(60)),
                              keep_result=0, run_at_startup=True))
    if with_cron and queue == "default":
        cron_jobs.append(cron(jobs.purge_idempotency_keys,
                              name=cron_name("purge_idempotency_keys", queue_name),
                              minute={7}, run_at_startup=False))
        cron_jobs.append(cron(jobs.plan_digests, name=cron_name(DIGEST_PLAN_JOB, queue_name),
                              minute=set(range(0, 60, TICK_MINUTES)), second={30},
                              keep_result=0, run_at_startup=True))
        cron_jobs.append(cron(jobs.check_anomalies,
                              name=cron_name("check_anomalies", queue_name),
                              minute=set(range(0, 60, ANOMALY_CHECK_MINUTES)),
                              keep_result=0, run_at_startup=False))
    return Worker(
        functions=functions,
        cron_jobs=cron_jobs,
        redis_settings=RedisSettings.from_dsn(redis_url),
        queue_name=queue_name,
        on_startup=on_startup,
        on_shutdown=on_shutdown,
        max_jobs=max_jobs,
        handle_signals=handle_signals,
        burst=burst,
        # an alert waits for a poll at each hop: poll its queue ten times as often
        poll_delay=ALERT_POLL_SECONDS if queue == "alerts" else BULK_POLL_SECONDS,
    )
