"""Recent outcomes per channel (minute buckets in Redis) for the health view and metrics."""

from __future__ import annotations

import time
from dataclasses import dataclass

from redis.asyncio import Redis

WINDOW_MINUTES = 5


@dataclass(frozen=True, slots=True)
class ChannelHealth:
    sent: int
    failed: int
    last_error: str | None
    last_error_at: float | None

    @property
    def error_rate(self) -> float:
        total = self.sent + self.failed
        return self.failed / total if total else 0.0


class HealthRecorder:
    def __init__(self, redis: Redis, prefix: str = "publishing:health") -> None:
        self.redis = redis
        self.prefix = prefix

    async def record_many(self, outcomes: dict[int, tuple[int, int, str | None]]) -> None:
        """`outcomes`: channel id → (sent, failed, last error) for one batch."""
        minute = int(time.time() // 60)
        async with self.redis.pipeline(transaction=False) as pipe:
            for channel_id, (sent, failed, error) in outcomes.items():
                bucket = f"{self.prefix}:{channel_id}:{minute}"
                if sent:
                    pipe.hincrby(bucket, "sent", sent)
                if failed:
                    pipe.hincrby(bucket, "failed", failed)
                pipe.expire(bucket, (WINDOW_MINUTES + 1) * 60)
                if error:
                    pipe.hset(f"{self.prefix}:{channel_id}:last",
                              mapping={"error": error[:500], "at": time.time()})
            await pipe.execute()

    async def read(self, channel_id: int) -> ChannelHealth:
        minute = int(time.time() // 60)
        async with self.redis.pipeline(transaction=False) as pipe:
            for offset in range(WINDOW_MINUTES):
                pipe.hgetall(f"{self.prefix}:{channel_id}:{minute - offset}")
            pipe.hgetall(f"{self.prefix}:{channel_id}:last")
            results = await pipe.execute()
        sent = sum(int(bucket.get(b"sent", 0)) for bucket in results[:-1])
        failed = sum(int(bucket.get(b"failed", 0)) for bucket in results[:-1])
        last = results[-1]
        return ChannelHealth(
            sent=sent, failed=failed,
            last_error=last[b"error"].decode() if b"error" in last else None,
            last_error_at=float(last[b"at"]) if b"at" in last else None,
        )
