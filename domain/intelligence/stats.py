"""Counters every process adds to in Redis, so /metrics in any API process sees the
analyses run by workers too (the pattern of domain/deliveries/stats.py)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

KEY = "publishing:stats:intelligence"
#: counter names in KEY: cache_hit, cache_miss, remote, fallback, local, error:<kind>
ERROR_PREFIX = "error:"


@dataclass(frozen=True, slots=True)
class IntelligenceSnapshot:
    cache_hits: int
    cache_misses: int
    #: scores produced, by source: remote, fallback (local because the remote failed or
    #: was skipped), local (no remote configured)
    scored: dict[str, int]
    #: remote failures by kind (timeout, http_429, http_5xx, malformed, out_of_range, ...)
    remote_errors: dict[str, int]


class IntelligenceStats:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def add(self, *names: str) -> None:
        """Metrics never fail an analysis."""
        if not names:
            return
        with contextlib.suppress(RedisError, OSError):
            async with self.redis.pipeline(transaction=False) as pipe:
                for name in names:
                    pipe.hincrby(KEY, name, 1)
                await pipe.execute()

    async def snapshot(self) -> IntelligenceSnapshot:
        raw = {key.decode() if isinstance(key, bytes) else key: int(value)
               for key, value in (await self.redis.hgetall(KEY)).items()}
        return IntelligenceSnapshot(
            cache_hits=raw.get("cache_hit", 0), cache_misses=raw.get("cache_miss", 0),
            scored={name: raw.get(name, 0) for name in ("remote", "fallback", "local")},
            remote_errors={key.removeprefix(ERROR_PREFIX): value for key, value
                           in sorted(raw.items()) if key.startswith(ERROR_PREFIX)})
