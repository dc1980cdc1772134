"""Builds the content-intelligence service from settings (the domain reads no
environment): the local analyzer always, the remote one when AI_BASE_URL is set."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from redis.asyncio import Redis

from app.settings import Settings
from domain.intelligence.remote import RemoteAnalyzer, RemoteConfig
from domain.intelligence.service import IntelligencePolicy, IntelligenceService


def intelligence_policy(settings: Settings) -> IntelligencePolicy:
    return IntelligencePolicy(
        time_budget_seconds=settings.ai_time_budget_ms / 1000,
        job_time_budget_seconds=settings.ai_job_time_budget_ms / 1000,
        breaker_failure_threshold=settings.ai_breaker_failure_threshold,
        breaker_cooldown_seconds=settings.ai_breaker_cooldown_seconds)


def remote_config(settings: Settings) -> RemoteConfig | None:
    if not settings.ai_base_url:
        return None
    return RemoteConfig(base_url=settings.ai_base_url, api_key=settings.ai_api_key,
                        model=settings.ai_model, embedding_model=settings.ai_embedding_model,
                        request_timeout_seconds=settings.ai_request_timeout_seconds,
                        max_attempts=settings.ai_max_attempts)


@dataclass
class IntelligenceRuntime:
    service: IntelligenceService
    http: httpx.AsyncClient | None

    async def close(self) -> None:
        if self.http is not None:
            await self.http.aclose()


def open_intelligence(settings: Settings, redis: Redis) -> IntelligenceRuntime:
    config = remote_config(settings)
    http = None
    remote = None
    if config is not None:
        http = httpx.AsyncClient(follow_redirects=False,
                                 timeout=config.request_timeout_seconds,
                                 limits=httpx.Limits(max_connections=50,
                                                     max_keepalive_connections=20))
        remote = RemoteAnalyzer(http, config)
    service = IntelligenceService(redis, remote=remote, policy=intelligence_policy(settings))
    return IntelligenceRuntime(service=service, http=http)
