"""Publishing domain events. Any process (worker or API) publishes; every API process
receives them through its EventHub, whichever process the dashboard is connected to."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

PREFIX = "publishing:events"


def publication_channel(publication_id: int) -> str:
    return f"{PREFIX}:publication:{publication_id}"


def alert_channel(alert_id: int) -> str:
    return f"{PREFIX}:alert:{alert_id}"


METRICS_CHANNEL = f"{PREFIX}:metrics"


class EventPublisher:
    """Fire-and-forget: a lost event is repaired by the snapshot subscribers get after a
    gap, so a Redis hiccup must never fail a send."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def publish(self, channel: str, payload: dict[str, Any]) -> None:
        with contextlib.suppress(RedisError, OSError):
            await self.redis.publish(channel, json.dumps(payload, default=str))
