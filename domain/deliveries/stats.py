"""Counters every worker adds to in Redis, so /metrics in any API process sees them all:
sends per channel type, errors by class, and a send-latency histogram."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from redis.asyncio import Redis

from domain.channels.transport import Outcome, OutcomeKind

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
PREFIX = "publishing:stats"


def error_class(outcome: Outcome) -> str:
    """A small, bounded set of labels (never the raw message)."""
    if outcome.status_code is not None:
        if outcome.status_code == 429:
            return "http_429"
        if 300 <= outcome.status_code < 400:
            return "http_3xx"
        return f"http_{outcome.status_code // 100}xx"
    error = (outcome.error or "").lower()
    if "timed out" in error:
        return "timeout"
    if "connection failed" in error:
        return "connection"
    if "non-public address" in error or "cannot be resolved" in error:
        return "target_refused"
    return outcome.kind.value if outcome.kind is not OutcomeKind.SENT else "other"


@dataclass
class BatchStats:
    sent: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StatsSnapshot:
    sent: dict[str, int]
    errors: dict[str, int]
    latency_buckets: dict[float, int]
    latency_count: int
    latency_sum: float


class DeliveryStats:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def record(self, batch: BatchStats) -> None:
        if not (batch.sent or batch.errors or batch.latencies):
            return
        async with self.redis.pipeline(transaction=False) as pipe:
            for channel_type, count in batch.sent.items():
                pipe.hincrby(f"{PREFIX}:sent", channel_type, count)
            for name, count in batch.errors.items():
                pipe.hincrby(f"{PREFIX}:errors", name, count)
            buckets: Counter[str] = Counter()
            for latency in batch.latencies:
                for bound in LATENCY_BUCKETS:
                    if latency <= bound:
                        buckets[str(bound)] += 1
            for bound, count in buckets.items():
                pipe.hincrby(f"{PREFIX}:latency", bound, count)
            if batch.latencies:
                pipe.hincrby(f"{PREFIX}:latency", "count", len(batch.latencies))
                pipe.hincrbyfloat(f"{PREFIX}:latency", "sum", sum(batch.latencies))
            await pipe.execute()

    async def snapshot(self) -> StatsSnapshot:
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.hgetall(f"{PREFIX}:sent")
            pipe.hgetall(f"{PREFIX}:errors")
            pipe.hgetall(f"{PREFIX}:latency")
            sent, errors, latency = await pipe.execute()
        decode = {key.decode(): int(value) for key, value in sent.items()}
        return StatsSnapshot(
            sent=decode,
            errors={key.decode(): int(value) for key, value in errors.items()},
            latency_buckets={bound: int(latency.get(str(bound).encode(), 0))
                             for bound in LATENCY_BUCKETS},
            latency_count=int(latency.get(b"count", 0)),
            latency_sum=float(latency.get(b"sum", 0.0)),
        )
