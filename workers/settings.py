"""Worker configuration for each queue.

The composition root (app.cli, app.http) passes the start-up and shutdown hooks, so a
standalone `publishing worker` opens its own database pool while the API's in-process
worker shares the API's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from arq import cron
from arq.connections import RedisSettings
from arq.worker import Worker

from workers import jobs

DEFAULT_QUEUE = "publishing:default"
ALERTS_QUEUE = "publishing:alerts"
QUEUES = {"default": DEFAULT_QUEUE, "alerts": ALERTS_QUEUE}

Hook = Callable[[dict[str, Any]], Awaitable[None]]


def build_worker(
    *,
    redis_url: str,
    queue: str = "default",
    on_startup: Hook | None = None,
    on_shutdown: Hook | None = None,
    max_jobs: int = 20,
    handle_signals: bool = False,
    burst: bool = False,
) -> Worker:
    cron_jobs = (
        [cron(jobs.purge_idempotency_keys, minute={7}, run_at_startup=False)]
        if queue == "default" else []
    )
    return Worker(
        functions=[jobs.purge_idempotency_keys],
        cron_jobs=cron_jobs,
        redis_settings=RedisSettings.from_dsn(redis_url),
        queue_name=QUEUES[queue],
        on_startup=on_startup,
        on_shutdown=on_shutdown,
        max_jobs=max_jobs,
        handle_signals=handle_signals,
        burst=burst,
    )
