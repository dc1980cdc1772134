"""A circuit breaker per channel, shared by all workers through Redis.

closed: everything goes. After `threshold` consecutive failures that point at the
destination (timeouts, connection errors, 5xx) it opens: deliveries wait instead of
burning attempts. After the cool-down one probe is let through (half-open); its success
closes the breaker, its failure opens it again.

"Consecutive" is in the order answers arrive: every answer is recorded the moment it
comes back (never a batch's successes after its failures), a success resets the count,
and only answers to requests the breaker admitted in the state it is in now count — a
request that left before the breaker opened cannot close it by answering late, and its
failure cannot push the cool-down further out.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from redis.asyncio import Redis

# KEYS[1] the breaker; ARGV[1] probe timeout (ms).
# Returns {allowed, wait_ms, state, probe, failures so far}.
_ADMIT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
if state == 'closed' then
  return {1, 0, state, 0, tonumber(redis.call('HGET', KEYS[1], 'failures') or '0')}
end
if state == 'open' then
  local open_until = tonumber(redis.call('HGET', KEYS[1], 'open_until') or '0')
  if now < open_until then return {0, open_until - now, state, 0} end
end
local probe_until = tonumber(redis.call('HGET', KEYS[1], 'probe_until') or '0')
if state == 'half_open' and now < probe_until then
  return {0, probe_until - now, state, 0}
end
redis.call('HSET', KEYS[1], 'state', 'half_open', 'probe_until', now + tonumber(ARGV[1]))
return {1, 0, 'half_open', 1}
"""

# ARGV: success ('1'/'0'), was this request the probe ('1'/'0'), threshold, cool-down ms.
# Returns {state after, 1 when this answer changed the state}.
_RECORD = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
local probe = ARGV[2] == '1'
if state == 'half_open' then
  if not probe then return {state, 0} end
  if ARGV[1] == '1' then
    redis.call('HSET', KEYS[1], 'state', 'closed', 'failures', 0)
    return {'closed', 1}
  end
  redis.call('HSET', KEYS[1], 'state', 'open', 'open_until', now + tonumber(ARGV[4]),
             'opened_at', now)
  return {'open', 1}
end
if state == 'open' then return {state, 0} end
if ARGV[1] == '1' then
  if redis.call('HGET', KEYS[1], 'failures') ~= '0' then
    redis.call('HSET', KEYS[1], 'failures', 0)
  end
  return {state, 0}
end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
if failures >= tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[1], 'state', 'open', 'open_until', now + tonumber(ARGV[4]),
             'opened_at', now, 'failures', 0)
  return {'open', 1}
end
return {state, 0}
"""

# A probe that was admitted but never sent (the rate limiter held it back): let the next
# request probe at once instead of after the probe timeout.
_RELEASE = """
if redis.call('HGET', KEYS[1], 'state') == 'half_open' then
  redis.call('HSET', KEYS[1], 'probe_until', 0)
end
return 1
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
    #: this request is the half-open probe: its answer decides the breaker
    probe: bool = False
    #: failures counted when admitted (closed): a success needs recording only if some
    #: failure may be waiting to be reset
    failures: int = 0


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class CircuitBreaker:
    def __init__(self, redis: Redis, threshold: int, cooldown_seconds: float,
                 probe_timeout_seconds: float = 30.0, prefix: str = "publishing:cb") -> None:
        self.redis = redis
        self.threshold = threshold
        self.cooldown_ms = int(cooldown_seconds * 1000)
        self.probe_timeout_ms = int(probe_timeout_seconds * 1000)
        self.prefix = prefix
        self._admit = redis.register_script(_ADMIT)
        self._record = redis.register_script(_RECORD)
        self._release = redis.register_script(_RELEASE)

    def _key(self, channel_id: int) -> str:
        return f"{self.prefix}:{channel_id}"

    async def admit(self, channel_id: int) -> Admission:
        """Ask before every request (not once per batch): a breaker that opened while a
        batch was under way holds back the rest of it."""
        allowed, wait_ms, state, probe, *failures = await self._admit(
            keys=[self._key(channel_id)], args=[self.probe_timeout_ms])
        return Admission(bool(allowed), float(wait_ms) / 1000, BreakerState(_text(state)),
                         bool(probe), int(failures[0]) if failures else 0)

    async def record(self, channel_id: int, success: bool, probe: bool = False
                     ) -> BreakerState:
        """Record one answer as it arrives; returns the breaker's state after it."""
        return (await self.record_change(channel_id, success, probe))[0]

    async def record_change(self, channel_id: int, success: bool, probe: bool = False
                            ) -> tuple[BreakerState, bool]:
        """`record`, and whether this very answer opened or closed the breaker (decided
        inside the script, so of many workers exactly one sees each change)."""
        state, changed = await self._record(keys=[self._key(channel_id)],
                                            args=["1" if success else "0",
                                                  "1" if probe else "0",
                                                  self.threshold, self.cooldown_ms])
        return BreakerState(_text(state)), bool(int(changed))

    async def release_probe(self, channel_id: int) -> None:
        await self._release(keys=[self._key(channel_id)])

    async def state(self, channel_id: int) -> BreakerState:
        value = await self.redis.hget(self._key(channel_id), "state")
        return BreakerState(value.decode()) if value else BreakerState.CLOSED
