"""Builds what a process needs to deliver: Redis, an HTTP client, the transports and
the engine. Workers get it through their start-up hook; the API uses the queue side."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import httpx
from redis.asyncio import Redis

from app.db import close_db, init_db
from app.intelligence import IntelligenceRuntime, open_intelligence
from app.settings import Settings
from domain.channels.discord import DiscordTransport
from domain.channels.email import EmailTransport
from domain.channels.models import ChannelType
from domain.channels.slack import SlackTransport
from domain.channels.ssrf import TargetResolver
from domain.channels.webhook import WebhookTransport
from domain.deliveries.engine import DeliveryEngine
from domain.deliveries.models import Lane
from domain.deliveries.policy import DeliveryPolicy
from domain.flags.book import FLAGS
from domain.optimization.anomalies import configure as configure_anomalies
from domain.personalization.profiles import configure as configure_profiles
from domain.realtime.events import EventPublisher
from workers.names import QUEUES
from workers.settings import Hook


def delivery_policy(settings: Settings) -> DeliveryPolicy:
    return DeliveryPolicy(
        max_attempts=settings.delivery_max_attempts,
        backoff_base_seconds=settings.delivery_backoff_base_seconds,
        backoff_max_seconds=settings.delivery_backoff_max_seconds,
        batch_size=settings.delivery_batch_size,
        concurrency=settings.delivery_concurrency,
        lease_seconds=settings.delivery_lease_seconds,
        request_timeout_seconds=settings.delivery_request_timeout_seconds,
        breaker_failure_threshold=settings.breaker_failure_threshold,
        breaker_cooldown_seconds=settings.breaker_cooldown_seconds,
        allow_private_targets=settings.allow_private_targets,
    )


@dataclass
class DeliveryRuntime:
    redis: Redis
    http: httpx.AsyncClient
    engine: DeliveryEngine

    async def close(self) -> None:
        email = self.engine.transports.get(ChannelType.EMAIL)
        if isinstance(email, EmailTransport):
            await email.close()
        await self.http.aclose()
        await self.redis.aclose()


def alert_policy(settings: Settings) -> DeliveryPolicy:
    """Alerts retry fast and often inside their short deadline, in small batches."""
    return dataclasses.replace(
        delivery_policy(settings), backoff_base_seconds=0.25, backoff_max_seconds=2.0,
        max_attempts=max(settings.delivery_max_attempts, 8), batch_size=50,
        lease_seconds=15.0, breaker_cooldown_seconds=min(settings.breaker_cooldown_seconds,
                                                         5.0))


def open_runtime(settings: Settings, lane: Lane = Lane.BULK) -> DeliveryRuntime:
    assert settings.redis_url
    FLAGS.ttl = settings.flag_cache_seconds  # workers read flags through it too
    configure_profiles(half_life=dt.timedelta(days=settings.profile_half_life_days))
    configure_anomalies(alert_channel_ids=settings.anomaly_alert_channel_ids)
    policy = delivery_policy(settings) if lane is Lane.BULK else alert_policy(settings)
    redis = Redis.from_url(settings.redis_url)
    http = httpx.AsyncClient(
        follow_redirects=False, timeout=policy.request_timeout_seconds,
        limits=httpx.Limits(max_connections=policy.concurrency * 2,
                            max_keepalive_connections=policy.concurrency),
    )
    resolver = TargetResolver(allow_private=policy.allow_private_targets,
                              own_prefixes=settings.own_target_prefixes())
    transports = {
        ChannelType.WEBHOOK: WebhookTransport(http, resolver, policy.request_timeout_seconds),
        ChannelType.SLACK: SlackTransport(http, resolver, policy.request_timeout_seconds,
                                          settings.provider_endpoints()),
        ChannelType.DISCORD: DiscordTransport(http, resolver, policy.request_timeout_seconds),
        ChannelType.EMAIL: EmailTransport(settings.provider_endpoints()),
    }
    engine = DeliveryEngine(redis, transports, policy, settings.key_ring(), lane,
                            public_base_url=settings.public_base_url,
                            events=EventPublisher(redis, settings.events_prefix))
    return DeliveryRuntime(redis=redis, http=http, engine=engine)


def worker_hooks(settings: Settings, manage_database: bool, queue: str = "default"
                 ) -> tuple[Hook, Hook]:
    """`manage_database`: a standalone worker opens and closes its own pool; the API's
    in-process worker shares the API's. `queue` picks the lane (default: bulk)."""
    lane = Lane.ALERT if queue == "alerts" else Lane.BULK
    opened: dict[str, Any] = {}

    async def release() -> None:
        # Also run at start-up: when the supervisor replaces a worker that lost Redis,
        # arq's Worker.close() stops at its first Redis error and never calls on_shutdown,
        # so the previous worker's pool and clients may still be open.
        intelligence: IntelligenceRuntime | None = opened.pop("intelligence", None)
        if intelligence is not None:
            await intelligence.close()
        runtime: DeliveryRuntime | None = opened.pop("runtime", None)
        if runtime is not None:
            await runtime.close()
        if opened.pop("database", False):
            await close_db()

    async def startup(ctx: dict[str, Any]) -> None:
        await release()
        if manage_database:
            assert settings.database_url
            await init_db(settings.database_url, settings.db_pool_min, settings.db_pool_max)
            opened["database"] = True
        runtime = opened["runtime"] = open_runtime(settings, lane)
        ctx["runtime"] = runtime
        ctx["engine"] = runtime.engine
        ctx["pumps"] = settings.delivery_pumps
        ctx["queue_name"] = QUEUES[queue]
        ctx["events_prefix"] = settings.events_prefix
        intelligence = opened["intelligence"] = open_intelligence(settings, runtime.redis)
        ctx["intelligence"] = intelligence.service

    async def shutdown(ctx: dict[str, Any]) -> None:
        await release()

    return startup, shutdown
