"""Batch engagement events in memory so tracking endpoints answer without waiting on
the database.

The endpoint appends and returns; a background task writes a batch every
`flush_interval` seconds (or sooner when `max_batch` events wait). What a crash can lose:
the events of the last `flush_interval` (0.2 s by default) plus the batch being written,
nothing older. When the database is down, events are kept and retried up to
`max_pending`; beyond that the oldest are dropped and counted in `dropped`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Sequence

from domain.engagement.recorder import EngagementInput, RecordResult, record_events

logger = logging.getLogger(__name__)

Writer = Callable[[Sequence[EngagementInput]], Awaitable[RecordResult]]
#: told how many events a flush wrote (e.g. to push a metrics tick to dashboards)
FlushListener = Callable[[int], Awaitable[None]]


class EventBuffer:
    def __init__(self, *, flush_interval: float = 0.2, max_batch: int = 2000,
                 max_pending: int = 200_000, writer: Writer = record_events,
                 on_flush: FlushListener | None = None) -> None:
        self.flush_interval = flush_interval
        self.max_batch = max_batch
        self.max_pending = max_pending
        self.writer = writer
        self.on_flush = on_flush
        self.pending: deque[EngagementInput] = deque()
        self.recorded = 0
        self.dropped = 0
        self.failures = 0
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._flush_lock = asyncio.Lock()

    def add(self, event: EngagementInput) -> None:
        """Never blocks and never raises: the caller is answering a mail client."""
        if len(self.pending) >= self.max_pending:
            self.pending.popleft()
            self.dropped += 1
        self.pending.append(event)
        if len(self.pending) >= self.max_batch:
            self._wake.set()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="engagement-buffer")

    async def stop(self) -> None:
        """Write everything still pending (shutdown must not lose events)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.flush()

    async def flush(self) -> int:
        """Write what is pending now; returns how many events were written."""
        written = 0
        async with self._flush_lock:
            while self.pending:
                batch = [self.pending.popleft()
                         for _ in range(min(self.max_batch, len(self.pending)))]
                try:
                    result = await self.writer(batch)
                except Exception:
                    self.failures += 1
                    logger.exception("writing %d engagement events failed; will retry",
                                     len(batch))
                    self.pending.extendleft(reversed(batch))
                    break
                written += result.recorded
                self.recorded += result.recorded
        if written and self.on_flush is not None:
            try:
                await self.on_flush(written)
            except Exception:  # a dashboard push must never lose or block events
                logger.exception("engagement flush listener failed")
        return written

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.flush_interval)
            self._wake.clear()
            await self.flush()
            if self.failures and self.pending:
                await asyncio.sleep(min(5.0, self.flush_interval * 10))  # database down
