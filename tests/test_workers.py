"""A real arq worker on the test Redis runs jobs against the test database."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

import pytest
from arq import create_pool
from arq.connections import RedisSettings

from domain.idempotency.models import IdempotencyRecord
from workers.names import DEFAULT_QUEUE
from workers.settings import build_worker


async def test_worker_purges_expired_idempotency_keys(db: str, redis_url: str) -> None:
    old = await IdempotencyRecord.create(principal_name="a", operation="createTopic", key="k1",
                                         fingerprint="f", result_id=1)
    fresh = await IdempotencyRecord.create(principal_name="a", operation="createTopic",
                                           key="k2", fingerprint="f", result_id=2)
    await IdempotencyRecord.filter(id=old.id).update(
        created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=2))

    # a queue of its own, so no other worker on this Redis can take the job
    queue_name = f"{DEFAULT_QUEUE}:test-{uuid.uuid4().hex[:8]}"
    pool = await create_pool(RedisSettings.from_dsn(redis_url), default_queue_name=queue_name)
    try:
        job = await pool.enqueue_job("purge_idempotency_keys")
        assert job is not None
        worker = build_worker(redis_url=redis_url, burst=True, with_cron=False,
                              queue_name=queue_name)
        await worker.async_run()
        await worker.close()
        assert await job.result(timeout=5) == 1
    finally:
        await pool.aclose()
    assert not await IdempotencyRecord.exists(id=old.id)
    assert await IdempotencyRecord.exists(id=fresh.id)


async def test_closing_a_lost_worker_survives_its_cancelled_jobs() -> None:
    """arq's close() cancels the jobs still running and gathers them: their
    CancelledError must not end the supervisor (the worker process died under load when
    Redis restarted mid-send), while cancelling the supervisor itself still works."""
    from workers.supervisor import _close

    class JobsCancelledOnClose:
        async def close(self) -> None:
            raise asyncio.CancelledError

    await _close(JobsCancelledOnClose())  # type: ignore[arg-type]  # returns quietly

    class SlowToClose:
        def __init__(self) -> None:
            self.closing = asyncio.Event()

        async def close(self) -> None:
            self.closing.set()
            await asyncio.Event().wait()

    slow = SlowToClose()
    closing = asyncio.create_task(_close(slow))  # type: ignore[arg-type]
    await asyncio.wait_for(slow.closing.wait(), timeout=30)
    closing.cancel()
    with pytest.raises(asyncio.CancelledError):
        await closing
