"""Keep a worker running across Redis outages.

arq's worker loop ends with an exception when Redis goes away, and redis-py does not
reconnect by itself. The supervisor builds a fresh worker after a short backoff; work
that was in flight is not lost: its deliveries stay leased in PostgreSQL and the sweeper
puts them back when the lease runs out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable

from arq.worker import Worker
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


async def _close(worker: Worker) -> None:
    """Close a worker whose loop ended. arq's close() cancels the jobs still running and
    gathers them, so their CancelledError comes back out of it: that one is theirs, not
    ours, and must not end this process (only a cancellation of the supervisor itself
    may)."""
    try:
        await worker.close()
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise
    except Exception:  # the connection it would close is the one that broke
        logger.debug("closing the lost worker failed", exc_info=True)


async def run_supervised(make_worker: Callable[[], Worker], *, max_backoff: float = 10.0
                         ) -> None:
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    running: dict[str, asyncio.Task[None]] = {}

    def stop() -> None:
        stopping.set()
        if task := running.get("main"):
            task.cancel()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop)
    backoff = 0.5
    try:
        while not stopping.is_set():
            worker = make_worker()
            running["main"] = asyncio.create_task(worker.main())
            try:
                await running["main"]
                return
            except asyncio.CancelledError:
                if stopping.is_set():
                    return
                raise
            except (RedisError, OSError) as error:
                logger.warning("worker lost Redis (%s: %s); restarting in %.1fs",
                               type(error).__name__, error, backoff)
            finally:
                await _close(worker)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), timeout=backoff)
            backoff = min(backoff * 2, max_backoff)
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
