"""A GCRA rate limiter per destination, atomic in one Lua script.

GCRA keeps one timestamp per destination (the theoretical arrival time), so a limit of
any rate costs one key, and every worker process shares it. A destination that answered
429 is paused: the pause key is checked first and holds everybody back until it expires.
Times come from the Redis server clock so workers on different hosts agree.
"""

from __future__ import annotations

import math

from redis.asyncio import Redis

#: The longest one destination can hold every worker back. A pause is shared by all the
#: channels behind one host, so a hostile or broken `Retry-After` must not stop them for
#: days; rows still wait for their own (day-capped) Retry-After in the ledger.
MAX_PAUSE_SECONDS = 3600.0

_ACQUIRE = """
local pause = redis.call('PTTL', KEYS[2])
if pause > 0 then return pause end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local tolerance = interval * tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - tolerance
if allow_at > now then return allow_at - now end
redis.call('SET', KEYS[1], new_tat, 'PX', math.ceil(new_tat - now) + 1000)
return 0
"""

_PAUSE = """
local current = redis.call('PTTL', KEYS[1])
if current < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 1
"""


class RateLimiter:
    def __init__(self, redis: Redis, prefix: str = "publishing:rl") -> None:
        self.redis = redis
        self.prefix = prefix
        self._acquire = redis.register_script(_ACQUIRE)
        self._pause = redis.register_script(_PAUSE)

    async def acquire(self, destination: str, per_second: float | None, burst: int | None
                      ) -> float:
        """0 when the caller may send now, else the seconds to wait. A destination
        without a configured rate is limited only by pauses."""
        if per_second is None:
            remaining = await self.redis.pttl(f"{self.prefix}:pause:{destination}")
            return remaining / 1000 if remaining and remaining > 0 else 0.0
        interval_ms = max(1.0, 1000.0 / per_second)
        wait_ms = await self._acquire(
            keys=[f"{self.prefix}:tat:{destination}", f"{self.prefix}:pause:{destination}"],
            args=[interval_ms, max(1, burst or 1)])
        return float(wait_ms) / 1000

    async def pause(self, destination: str, seconds: float) -> None:
        """Hold every worker back from `destination` (a 429 told us to), for at most
        MAX_PAUSE_SECONDS."""
        if not math.isfinite(seconds):
            seconds = MAX_PAUSE_SECONDS
        milliseconds = max(1, int(min(seconds, MAX_PAUSE_SECONDS) * 1000))
        await self._pause(keys=[f"{self.prefix}:pause:{destination}"], args=[milliseconds])

    async def paused_for(self, destination: str) -> float:
        remaining = await self.redis.pttl(f"{self.prefix}:pause:{destination}")
        return remaining / 1000 if remaining and remaining > 0 else 0.0
