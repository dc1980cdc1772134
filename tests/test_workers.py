"""A real arq worker on the test Redis runs jobs against the test database."""

from __future__ import annotations

import datetime as dt
import uuid

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
