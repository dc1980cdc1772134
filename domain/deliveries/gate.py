"""What stands between a message and its destination: the channel's circuit breaker, the
shared rate limiter and the provider's pauses. Deliveries and testChannel pass the same
gate, so a test sees exactly what a send would.
"""

from __future__ import annotations

import asyncio
import time

from redis.asyncio import Redis

from domain.channels.models import Channel, ChannelType
from domain.channels.transport import (
    FailureReason,
    Outcome,
    OutcomeKind,
    OutgoingMessage,
    Transport,
)
from domain.deliveries.models import Lane
from domain.deliveries.policy import DeliveryPolicy
from domain.errors import InvalidInput
from domain.throttling.breaker import Admission, BreakerState, CircuitBreaker
from domain.throttling.rate_limiter import RateLimiter


def sending_rate(channel: Channel) -> tuple[float | None, int | None]:
    """The channel's own limit, else the provider's (SES: the account's max send rate,
    which every worker shares through the Redis limiter)."""
    rate, burst = channel.rate_limit_per_second, channel.rate_limit_burst
    if rate is None and channel.type is ChannelType.EMAIL and channel.config.get(
            "max_send_rate"):
        rate = float(channel.config["max_send_rate"])
        burst = burst or max(1, int(rate))  # SES allows a second's worth at once
    return rate, burst


async def send_through(transport: Transport, message: OutgoingMessage) -> Outcome:
    """The transport's answer; a message the transport refuses to build (e.g. a signing
    secret that is not whsec_ base64) is a permanent, misconfigured outcome."""
    try:
        return await transport.send(message)
    except InvalidInput as error:
        return Outcome(OutcomeKind.PERMANENT, error=error.message,
                       reason=FailureReason.MISCONFIGURED)


class DeliveryGate:
    def __init__(self, redis: Redis, policy: DeliveryPolicy, lane: Lane) -> None:
        # the alerts lane has buckets and breakers of its own: a bulk send that exhausts a
        # destination's budget or trips its breaker never holds an alert back
        suffix = "" if lane is Lane.BULK else f":{lane.value}"
        self.policy = policy
        self.limiter = RateLimiter(redis, prefix=f"publishing:rl{suffix}")
        self.breaker = CircuitBreaker(
            redis, policy.breaker_failure_threshold, policy.breaker_cooldown_seconds,
            # a probe's slot must outlive the probe's request
            probe_timeout_seconds=max(30.0, 2 * policy.request_timeout_seconds),
            prefix=f"publishing:cb{suffix}")

    async def admit(self, channel_id: int) -> Admission:
        admission = await self.breaker.admit(channel_id)
        if not admission.allowed and admission.state is BreakerState.HALF_OPEN:
            # another worker's probe is out: look again after a cool-down, not after the
            # whole probe timeout
            return Admission(False, min(admission.wait_seconds,
                                        self.policy.breaker_cooldown_seconds),
                             admission.state)
        return admission

    async def acquire_within(self, destination: str, channel: Channel, budget: float
                             ) -> float:
        """Take a send slot, sleeping for it while the waits fit in `budget` seconds
        (deliveries: max_inline_wait_seconds; tests: a couple of seconds); 0 when taken,
        else how long remains to wait."""
        rate, burst = sending_rate(channel)
        deadline = time.monotonic() + budget
        wait = await self.limiter.acquire(destination, rate, burst)
        while wait > 0 and time.monotonic() + wait <= deadline:
            await asyncio.sleep(wait)
            wait = await self.limiter.acquire(destination, rate, burst)
        return wait

    async def obey_pauses(self, destination: str, outcome: Outcome) -> bool:
        """Hold every worker back from `destination` when the provider said so: a spent
        budget on a success (Discord's X-RateLimit-Remaining: 0) or a rate-limited
        failure's Retry-After (capped by the limiter). Returns whether it paused."""
        paused = False
        if outcome.pause_seconds:
            await self.limiter.pause(destination, outcome.pause_seconds)
            paused = True
        if (outcome.kind is not OutcomeKind.SENT and outcome.rate_limited
                and outcome.retry_after):
            await self.limiter.pause(destination, outcome.retry_after)
            paused = True
        return paused

    async def settle(self, channel_id: int, outcome: Outcome, admission: Admission
                     ) -> tuple[BreakerState | None, bool]:
        """Tell the breaker what the destination answered, as soon as it answered.
        A probe that got any answer saying nothing about the destination's health
        (a 4xx, a 429) proves it is up; other such answers are not recorded. A success
        admitted with no failure counted is not recorded either (nothing to reset: the
        common case costs no round trip); a failure recorded meanwhile by another
        request is reset by the next success admitted after it.

        Returns the state after the answer and whether this answer changed it."""
        if (outcome.kind is OutcomeKind.SENT and not admission.probe
                and admission.state is BreakerState.CLOSED and admission.failures == 0):
            return BreakerState.CLOSED, False
        if outcome.kind is OutcomeKind.SENT or (
                admission.probe and not outcome.counts_against_breaker):
            return await self.breaker.record_change(channel_id, success=True,
                                                    probe=admission.probe)
        if outcome.counts_against_breaker:
            return await self.breaker.record_change(channel_id, success=False,
                                                    probe=admission.probe)
        return None, False
