"""The arq-backed DeliveryQueue used by the API and by jobs that enqueue other jobs."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import AsyncIterator

from arq.connections import ArqRedis

from domain.deliveries.queue import QueueDepth
from domain.periodic import repeating
from workers.names import (
    ALERTS_QUEUE,
    ANALYZE_JOB,
    DEFAULT_QUEUE,
    PUMP_GENERATION_KEY,
    PUMP_HEARTBEAT_KEY,
    PUMP_JOB,
    QUEUES,
    START_JOB,
    TRAIN_MATCHING_JOB,
)


class ArqDeliveryQueue:
    def __init__(self, pool: ArqRedis, pumps: int = 4, queue_name: str = DEFAULT_QUEUE) -> None:
        self.pool = pool
        self.pumps = pumps
        self.queue_name = queue_name

    async def start_publication(self, publication_id: int,
                                at: dt.datetime | None = None) -> None:
        # The job id names the intended time, so a reschedule enqueues a fresh job and the
        # stale one finds the publication not due and does nothing.
        stamp = int(at.timestamp()) if at else "now"
        await self.pool.enqueue_job(START_JOB, publication_id,
                                    _job_id=f"start:{publication_id}:{stamp}",
                                    _defer_until=at, _queue_name=self.queue_name)

    async def start_alert(self, publication_id: int) -> None:
        """Alerts start on the alerts queue, served by its own workers."""
        await self.pool.enqueue_job(START_JOB, publication_id,
                                    _job_id=f"alert-start:{publication_id}",
                                    _queue_name=ALERTS_QUEUE)

    async def analyze_publication(self, publication_id: int, content_hash: str, *,
                                  force: bool = False, attempt: int = 0,
                                  defer_seconds: float = 0.0) -> None:
        """Analysis runs on the bulk queue (the API's; never an alert's). The job id names the
        content, so a request for content already waiting is merged with it and an edit
        gets its own job (the job's result is not kept: the id frees when it ends)."""
        kind = "reanalyze" if force else "analyze"
        await self.pool.enqueue_job(
            ANALYZE_JOB, publication_id, force=force, attempt=attempt,
            _job_id=f"{kind}:{publication_id}:{content_hash[:32]}:{attempt}",
            _defer_by=defer_seconds or None, _queue_name=self.queue_name)

    async def train_matching_strategy(self, name: str, requested_by: str) -> None:
        """Learning runs on the bulk queue; the job id names the strategy, so requests made
        while one is waiting or running merge with it (the result is not kept)."""
        await self.pool.enqueue_job(TRAIN_MATCHING_JOB, name, requested_by,
                                    _job_id=f"train-matching:{name}",
                                    _queue_name=self.queue_name)

    async def kick_senders(self, fresh: bool = False) -> None:
        """One job per pump slot; a slot already queued or running is left alone (arq
        refuses a duplicate job id), so kicking often is cheap.

        A pump whose worker was SIGKILLed keeps its job id taken until arq's in-progress
        key expires (the longest job timeout + 10 s: minutes). `fresh` moves the slots to
        a new generation of job ids, so the sweeper can replace lost pumps at once."""
        if fresh:
            generation = await self.pool.incr(f"{PUMP_GENERATION_KEY}:{self.queue_name}")
        else:
            generation = int(await self.pool.get(f"{PUMP_GENERATION_KEY}:{self.queue_name}")
                             or 0)
        for slot in range(self.pumps):
            await self.pool.enqueue_job(
                PUMP_JOB, _job_id=f"pump:{self.queue_name}:{generation}:{slot}",
                _queue_name=self.queue_name)

    async def pump_alive(self, job_id: str, ttl_seconds: float) -> None:
        """A running pump says so; a SIGKILLed one stops saying it within `ttl_seconds`."""
        key = f"{PUMP_HEARTBEAT_KEY}:{self.queue_name}"
        now_ms = int(time.time() * 1000)
        async with self.pool.pipeline(transaction=False) as pipe:
            pipe.zadd(key, {job_id: now_ms + int(ttl_seconds * 1000)})
            pipe.zremrangebyscore(key, "-inf", now_ms)
            pipe.pexpire(key, int(ttl_seconds * 1000) * 2)
            await pipe.execute()

    async def pump_stopped(self, job_id: str) -> None:
        await self.pool.zrem(f"{PUMP_HEARTBEAT_KEY}:{self.queue_name}", job_id)

    @contextlib.asynccontextmanager
    async def pump_heartbeat(self, job_id: str, every: float, ttl: float
                             ) -> AsyncIterator[None]:
        """Say the pump `job_id` is alive while the block runs; forget it at the end."""

        async def beat() -> None:
            with contextlib.suppress(Exception):  # Redis away: the sweep errs on "alive"
                await self.pump_alive(job_id, ttl)

        try:
            async with repeating(every, beat, at_start=True):
                yield
        finally:
            with contextlib.suppress(Exception):
                await self.pump_stopped(job_id)

    async def live_pumps(self) -> int:
        """Pumps whose heartbeat has not expired (arq's own bookkeeping keeps a dead
        worker's job ids taken for minutes, so it cannot tell)."""
        now_ms = int(time.time() * 1000)
        return await self.pool.zcount(f"{PUMP_HEARTBEAT_KEY}:{self.queue_name}",
                                      f"({now_ms}", "+inf")

    async def depths(self) -> list[QueueDepth]:
        now_ms = int(dt.datetime.now(dt.UTC).timestamp() * 1000)
        in_progress = 0
        async for _ in self.pool.scan_iter(match="arq:in-progress:*", count=1000):
            in_progress += 1
        depths = []
        for name, key in QUEUES.items():
            ready = await self.pool.zcount(key, "-inf", now_ms)
            deferred = await self.pool.zcount(key, f"({now_ms}", "+inf")
            depths.append(QueueDepth(name, ready, deferred,
                                     in_progress if key == self.queue_name else 0))
        return depths
