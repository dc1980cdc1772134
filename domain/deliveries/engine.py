"""The delivery engine: one object per worker lane that the jobs and the API call.

It composes the parts that do the work — the scheduler (start, sweep, announce), the
batch sender, the gate (breaker, limiter, pauses) and the channel tester — and claims
batches for the sender. Everything a second worker needs is in PostgreSQL (the ledger)
or Redis (limits, breakers, health), so any number of workers can run side by side.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Mapping
from typing import Any

from redis.asyncio import Redis

from domain.caching import TTLCache
from domain.channels import testing
from domain.channels.models import Channel, ChannelType
from domain.channels.transport import Transport
from domain.crypto import decrypt_secrets
from domain.deliveries import ledger
from domain.deliveries.channel_tests import ChannelTester
from domain.deliveries.compose import MessageComposer
from domain.deliveries.gate import DeliveryGate, sending_rate
from domain.deliveries.models import Lane
from domain.deliveries.policy import DeliveryPolicy
from domain.deliveries.scheduler import Scheduler, SweepReport
from domain.deliveries.sender import BatchSender
from domain.deliveries.stats import DeliveryStats
from domain.engagement.links import LinkRegistry
from domain.keyring import KeyRing
from domain.realtime.events import EventPublisher
from domain.templates.context import PublicationData
from domain.throttling.breaker import CircuitBreaker
from domain.throttling.health import HealthRecorder
from domain.throttling.rate_limiter import RateLimiter

__all__ = ["DeliveryEngine", "SweepReport", "sending_rate"]

#: decrypted channel secrets kept per process (one entry per channel version), each for
#: a few minutes: plaintext credentials do not linger in memory, and decrypting again is
#: cheap
SECRETS_CACHE_SIZE = 256
SECRETS_CACHE_SECONDS = 300.0


class DeliveryEngine:
    def __init__(self, redis: Redis, transports: Mapping[ChannelType, Transport],
                 policy: DeliveryPolicy, secret_key: KeyRing | str, lane: Lane = Lane.BULK,
                 public_base_url: str = "http://127.0.0.1:8000",
                 events: EventPublisher | None = None) -> None:
        self.redis = redis
        self.public_base_url = public_base_url
        self.transports = transports
        self.policy = policy
        self.secret_key = secret_key
        self.lane = lane
        self.gate = DeliveryGate(redis, policy, lane)
        self.stats = DeliveryStats(redis)
        events = events or EventPublisher(redis)
        self.scheduler = Scheduler(events, self.stats, lane)
        self.sender = BatchSender(
            gate=self.gate, transports=transports, policy=policy,
            secrets_of=self.channel_secrets, new_composer=self.new_composer,
            health=HealthRecorder(redis), stats=self.stats, link_registry=LinkRegistry(),
            events=events)
        self.tester = ChannelTester(gate=self.gate, transports=transports,
                                    secrets_of=self.channel_secrets,
                                    new_composer=self.new_composer)
        self._secrets: TTLCache[tuple[int, dt.datetime], dict[str, Any]] = TTLCache(
            SECRETS_CACHE_SIZE, SECRETS_CACHE_SECONDS)

    @property
    def limiter(self) -> RateLimiter:
        return self.gate.limiter

    @property
    def breaker(self) -> CircuitBreaker:
        return self.gate.breaker

    # -- publications ---------------------------------------------------------------

    async def start_publication(self, publication_id: int) -> bool:
        return await self.scheduler.start_publication(publication_id)

    async def sweep(self) -> SweepReport:
        return await self.scheduler.sweep()

    async def announce(self, publication_ids: set[int], force: bool = False) -> None:
        await self.scheduler.announce(publication_ids, force)

    # -- sending --------------------------------------------------------------------

    async def pump(self, budget_seconds: float = 60.0, linger_seconds: float = 0.0,
                   max_batches: int | None = None) -> int:
        """Claim and send batches until nothing is due, the time budget is spent or
        `max_batches` were sent. With `linger_seconds`, rows coming due that soon (a
        retry's backoff) are waited for instead of being left to the next sweep."""
        deadline = time.monotonic() + budget_seconds
        processed = 0
        batches = 0
        while time.monotonic() < deadline and (max_batches is None or batches < max_batches):
            claim = await ledger.claim(self.policy.batch_size, self.policy.lease_seconds,
                                       self.lane.value)
            if claim.rows:
                await self.process(claim)
                processed += len(claim.rows)
                batches += 1
                continue
            if not linger_seconds:
                break
            wait = await ledger.seconds_until_due(self.lane.value)
            if wait is None or wait > linger_seconds or (
                    time.monotonic() + wait >= deadline):
                break
            await asyncio.sleep(wait + 0.01)
        return processed

    async def process(self, claim: ledger.Claim) -> None:
        await self.sender.send(claim, self.scheduler.after_batch)

    def new_composer(self) -> MessageComposer:
        return MessageComposer(self.secret_key, self.public_base_url)

    def channel_secrets(self, channel: Channel) -> dict[str, Any]:
        """Decrypted once per channel version, a bounded number kept for a few minutes
        (raises SecretDecryptionError)."""
        key = (channel.id, channel.updated_at)
        secrets = self._secrets.get(key)
        if secrets is None:
            secrets = decrypt_secrets(self.secret_key, channel.secret_ciphertext)
            self._secrets.set(key, secrets)
        return secrets

    async def send_test(self, channel: Channel, *, recipient: str,
                        publication: PublicationData) -> testing.ChannelTestResult:
        return await self.tester.send_test(channel, recipient=recipient,
                                           publication=publication)
