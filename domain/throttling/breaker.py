"""A circuit breaker per channel, shared by all workers through Redis.

closed: everything goes. After `threshold` consecutive failures that point at the
destination (timeouts, connection errors, 5xx) it opens: deliveries wait instead of
burning attempts. After the cool-down one probe is let through (half-open); its success
closes the breaker, its failure opens it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from redis.asyncio import Redis

_ALLOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
if state == 'closed' then return {1, 0, state} end
if state == 'open' then
  local open_until = tonumber(redis.call('HGET', KEYS[1], 'open_until') or '0')
  if now < open_until then return {0, open_until - now, state} end
end
local probe_until = tonumber(redis.call('HGET', KEYS[1], 'probe_until') or '0')
if state == 'half_open' and now < probe_until then return {0, probe_until - now, state} end
redis.call('HSET', KEYS[1], 'state', 'half_open', 'probe_until', now + tonumber(ARGV[1]))
return {1, 0, 'half_open'}
"""

_RECORD = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if ARGV[1] == '1' then
  redis.call('HSET', KEYS[1], 'state', 'closed', 'failures', 0)
  return 'closed'
end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
if state == 'half_open' or failures >= tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], 'state', 'open', 'open_until', now + tonumber(ARGV[3]),
             'opened_at', now)
  return 'open'
end
return state
"""


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(frozen=True, slots=True)
class Admission:
    allowed: bool
    wait_seconds: float
    state: BreakerState


class CircuitBreaker:
    def __init__(self, redis: Redis, threshold: int, cooldown_seconds: float,
                 probe_timeout_seconds: float = 30.0, prefix: str = "publishing:cb") -> None:
        self.redis = redis
        self.threshold = threshold
        self.cooldown_ms = int(cooldown_seconds * 1000)
        self.probe_timeout_ms = int(probe_timeout_seconds * 1000)
        self.prefix = prefix
        self._allow = redis.register_script(_ALLOW)
        self._record = redis.register_script(_RECORD)

    def _key(self, channel_id: int) -> str:
        return f"{self.prefix}:{channel_id}"

    async def admit(self, channel_id: int) -> Admission:
        allowed, wait_ms, state = await self._allow(keys=[self._key(channel_id)],
                                                    args=[self.probe_timeout_ms])
        state = state.decode() if isinstance(state, bytes) else state
        return Admission(bool(allowed), float(wait_ms) / 1000, BreakerState(state))

    async def record(self, channel_id: int, success: bool) -> BreakerState:
        state = await self._record(keys=[self._key(channel_id)],
                                   args=["1" if success else "0", self.threshold,
                                         self.cooldown_ms])
        return BreakerState(state.decode() if isinstance(state, bytes) else state)

    async def state(self, channel_id: int) -> BreakerState:
        value = await self.redis.hget(self._key(channel_id), "state")
        return BreakerState(value.decode()) if value else BreakerState.CLOSED
