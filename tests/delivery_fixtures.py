"""Build publications with real subscribers, channels and preferences for engine tests."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import httpx
from redis.asyncio import Redis

from domain.audience.models import Frequency, Subscriber, SubscriberPreference, Topic
from domain.channels.config import new_webhook_secret
from domain.channels.models import Channel, ChannelType
from domain.channels.ssrf import TargetResolver
from domain.channels.transport import Transport
from domain.channels.webhook import WebhookTransport
from domain.crypto import encrypt_secrets
from domain.deliveries.engine import DeliveryEngine
from domain.deliveries.models import Lane
from domain.deliveries.policy import DeliveryPolicy
from domain.keyring import KeyRing
from domain.publications.models import Publication, PublicationStatus
from domain.realtime.events import DEFAULT_PREFIX, EventPublisher

SECRET_KEY = "engine-test-secret-key-0123456789abcdef"


@dataclass
class Scenario:
    publication: Publication
    channel: Channel
    topic: Topic
    signing_secret: str


async def webhook_channel(url: str, name: str = "hook", **fields: object) -> tuple[Channel, str]:
    secret = new_webhook_secret()
    config = {"url": url, **fields.pop("config", {})}  # type: ignore[dict-item]
    channel = await Channel.create(
        name=name, type=ChannelType.WEBHOOK, config=config,
        secret_ciphertext=encrypt_secrets(SECRET_KEY, {"signing_secret": secret}), **fields)
    return channel, secret


async def publication_to(url: str, subscribers: int, *, slug: str = "news",
                         channel_fields: dict | None = None) -> Scenario:
    topic = await Topic.create(slug=slug, name=slug.title())
    channel, secret = await webhook_channel(url, name=f"hook-{slug}", **(channel_fields or {}))
    people = await Subscriber.bulk_create([
        Subscriber(email=f"{slug}-reader{index}@example.com", name=f"Reader {index}")
        for index in range(subscribers)
    ])
    people = await Subscriber.filter(email__startswith=f"{slug}-reader").order_by("id")
    await SubscriberPreference.bulk_create([
        SubscriberPreference(subscriber=person, topic=topic, channel=channel,
                             frequency=Frequency.IMMEDIATE) for person in people
    ])
    publication = await Publication.create(title=f"{slug} update", summary="s", body="b",
                                           status=PublicationStatus.PUBLISHING,
                                           publish_at=dt.datetime.now(dt.UTC))
    await publication.topics.add(topic)
    await publication.channels.add(channel)
    return Scenario(publication, channel, topic, secret)


def build_engine(redis: Redis, http: httpx.AsyncClient, lane: Lane = Lane.BULK,
                 transports: dict[ChannelType, Transport] | None = None,
                 public_base_url: str = "http://127.0.0.1:8000",
                 secret_key: KeyRing | str = SECRET_KEY,
                 **policy: object) -> DeliveryEngine:
    """An engine with the webhook transport, plus any `transports` a test adds (they
    override the default for their channel type); `secret_key` as SECRET_KEY (and
    PREVIOUS_SECRET_KEYS) would give it."""
    defaults: dict[str, object] = {"allow_private_targets": True, "backoff_base_seconds": 0.01,
                                   "backoff_max_seconds": 0.05, "max_attempts": 4,
                                   "batch_size": 100, "concurrency": 20,
                                   "breaker_failure_threshold": 1000}
    defaults.update(policy)
    resolved = DeliveryPolicy(**defaults)  # type: ignore[arg-type]
    transport = WebhookTransport(http, TargetResolver(resolved.allow_private_targets), 5.0)
    registered: dict[ChannelType, Transport] = {ChannelType.WEBHOOK: transport}
    registered.update(transports or {})
    # this test run's EVENTS_PREFIX (tests/conftest.py), like the app's composition root
    events = EventPublisher(redis, os.environ.get("EVENTS_PREFIX", DEFAULT_PREFIX))
    return DeliveryEngine(redis, registered, resolved, secret_key, lane,
                          public_base_url=public_base_url, events=events)
