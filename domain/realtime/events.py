"""Publishing domain events. Any process (worker or API) publishes; every API process
receives them through its EventHub, whichever process the dashboard is connected to.

Channel names here are relative (`metrics`, `publication:7`): on Redis they live under a
per-deployment prefix (`EVENTS_PREFIX`, default `publishing:events`), because Redis
pub/sub is server-wide — not per database — so two deployments (or two test runs)
sharing one Redis would otherwise receive each other's events."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

DEFAULT_PREFIX = "publishing:events"


def publication_channel(publication_id: int) -> str:
    return f"publication:{publication_id}"


def analysis_channel(publication_id: int) -> str:
    """A new analysis of the publication's content (domain/intelligence)."""
    return f"publication-analysis:{publication_id}"


def alert_channel(alert_id: int) -> str:
    return f"alert:{alert_id}"


METRICS_CHANNEL = "metrics"

#: `{"name": <principal>}` whenever a principal's role, active flag or token cutoff
#: changes; every API process drops its cached copy (domain/principals/directory.py)
PRINCIPALS_CHANNEL = "principals"


def redis_channel(prefix: str, channel: str) -> str:
    """The Redis channel that carries `channel` for the deployment using `prefix`."""
    return f"{prefix}:{channel}"


class EventPublisher:
    """Fire-and-forget: a lost event is repaired by the snapshot subscribers get after a
    gap, so a Redis hiccup must never fail a send."""

    def __init__(self, redis: Redis, prefix: str = DEFAULT_PREFIX) -> None:
        self.redis = redis
        self.prefix = prefix

    async def publish(self, channel: str, payload: dict[str, Any]) -> None:
        with contextlib.suppress(RedisError, OSError):
            await self.redis.publish(redis_channel(self.prefix, channel),
                                     json.dumps(payload, default=str))
