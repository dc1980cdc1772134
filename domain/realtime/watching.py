"""Whether anybody, in any API process, is watching a live feed.

Why: the bulk sweeper and every tracking flush build a `metricsUpdated` tick (delivery
counts, sends, errors, a day of engagement rollups) and publish it, and publishing to a
channel nobody listens to is work for nothing. Listeners live in API processes, the
builders in workers, so the answer has to be in Redis: while a process has at least one
local watcher it keeps a key alive with a short TTL (refreshed every third of it). A
process that dies stops refreshing and the key expires on its own; a process whose last
watcher leaves just stops refreshing (deleting the key could hide other processes'
watchers until their next refresh).
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator

from redis.asyncio import Redis
from redis.exceptions import RedisError

METRICS_WATCHED_KEY = "publishing:watching:metrics"
#: a watcher that vanished without a word (its process was killed) costs at most this
#: long of ticks built for nobody
WATCH_TTL_SECONDS = 10.0


async def is_watched(redis: Redis, key: str = METRICS_WATCHED_KEY) -> bool:
    """True while some process keeps `key` alive. A Redis error answers False: the event
    could not be published either."""
    try:
        return bool(await redis.exists(key))
    except (RedisError, OSError):
        return False


class Beacon:
    """One process's mark on `key`: set while at least one local watcher holds it."""

    def __init__(self, redis: Redis, key: str, ttl: float = WATCH_TTL_SECONDS) -> None:
        self.redis = redis
        self.key = key
        self.ttl = ttl
        self.holders = 0
        self._refresher: asyncio.Task[None] | None = None

    @contextlib.asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        self.holders += 1
        first = self._refresher is None
        if first:
            self._refresher = asyncio.create_task(self._refresh(), name=f"beacon:{self.key}")
        try:
            if first:
                await self._mark()  # before the watcher's first read: the next tick is built
            yield
        finally:
            self.holders -= 1
            if self.holders == 0 and self._refresher is not None:
                self._refresher.cancel()
                self._refresher = None

    async def _mark(self) -> None:
        with contextlib.suppress(RedisError, OSError):
            await self.redis.set(self.key, b"1", px=max(1, int(self.ttl * 1000)))

    async def _refresh(self) -> None:
        while True:
            await asyncio.sleep(self.ttl / 3)
            await self._mark()


_beacons: weakref.WeakKeyDictionary[Redis, dict[str, Beacon]] = weakref.WeakKeyDictionary()


def beacon(redis: Redis, key: str = METRICS_WATCHED_KEY) -> Beacon:
    """The process's beacon for `key` on this Redis client (one per client and key, so
    every subscriber of a process shares one refresher)."""
    by_key = _beacons.setdefault(redis, {})
    if key not in by_key:
        by_key[key] = Beacon(redis, key)
    return by_key[key]
