"""Counters every process adds to in Redis, so /metrics in any API process sees the
analyses run by workers too (the pattern of domain/deliveries/stats.py)."""

from __future__ import annotations

import contextlib
import time
from collections import Counter
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
    """Counts are buffered in the process and written at most every `flush_seconds` (a
    cache hit costs microseconds; a Redis round trip per hit would be most of its cost),
    and on `flush()`, which the analysis job calls when it ends."""

    def __init__(self, redis: Redis, flush_seconds: float = 1.0) -> None:
        self.redis = redis
        self.flush_seconds = flush_seconds
        self._pending: Counter[str] = Counter()
        self._flushed_at = time.monotonic()

    async def add(self, *names: str) -> None:
        """Metrics never fail an analysis."""
        self._pending.update(names)
        if time.monotonic() - self._flushed_at >= self.flush_seconds:
            await self.flush()

    async def flush(self) -> None:
        pending, self._pending = self._pending, Counter()
        self._flushed_at = time.monotonic()
        if not pending:
            return
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for name, count in pending.items():
                    pipe.hincrby(KEY, name, count)
                await pipe.execute()
        except (RedisError, OSError):
            self._pending.update(pending)  # try again with the next flush

    async def snapshot(self) -> IntelligenceSnapshot:
        """The whole deployment's counts (this process's buffered ones included)."""
        with contextlib.suppress(RedisError, OSError):
            await self.flush()
        raw = {key.decode() if isinstance(key, bytes) else key: int(value)
               for key, value in (await self.redis.hgetall(KEY)).items()}
        return IntelligenceSnapshot(
            cache_hits=raw.get("cache_hit", 0), cache_misses=raw.get("cache_miss", 0),
            scored={name: raw.get(name, 0) for name in ("remote", "fallback", "local")},
            remote_errors={key.removeprefix(ERROR_PREFIX): value for key, value
                           in sorted(raw.items()) if key.startswith(ERROR_PREFIX)})
