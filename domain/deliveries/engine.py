"""The delivery engine: claim due deliveries, pass them through the shared rate limiter
and circuit breaker, hand them to the channel's transport, record what happened.

Everything a second worker needs is in PostgreSQL (the ledger) or Redis (limits,
breakers, health), so any number of workers can run this loop side by side.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis

from domain.alerts import service as alerts
from domain.alerts.models import Alert
from domain.audience.models import Subscriber, SubscriberStatus
from domain.channels import testing
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.channels.transport import (
    FailureReason,
    Outcome,
    OutcomeKind,
    OutgoingMessage,
    Transport,
)
from domain.crypto import SecretDecryptionError, decrypt_secrets
from domain.deliveries import audience, ledger
from domain.deliveries.compose import CompositionError, MessageComposer
from domain.deliveries.models import Lane
from domain.deliveries.policy import DeliveryPolicy
from domain.deliveries.stats import BatchStats, DeliveryStats, error_class
from domain.engagement.links import LinkRegistry, apply_tracking
from domain.engagement.sends import record_send_outcomes
from domain.engagement.suppression import suppressed_among
from domain.errors import InvalidInput
from domain.publications.models import Priority, Publication, PublicationStatus
from domain.realtime.announce import announce_alerts, announce_metrics, announce_progress
from domain.realtime.events import EventPublisher
from domain.templates.context import PublicationData
from domain.throttling.breaker import BreakerState, CircuitBreaker
from domain.throttling.health import HealthRecorder
from domain.throttling.rate_limiter import RateLimiter

logger = logging.getLogger(__name__)

START_TOLERANCE = dt.timedelta(seconds=2)
#: dashboards get a publication's progress at most this often from one worker
PROGRESS_INTERVAL = 0.25
#: Due work with nothing in flight for this long means the pumps were lost (see sweep).
STALL_SECONDS = 10.0
#: testChannel waits this long for the shared rate limiter before answering rate_limited
TEST_MAX_WAIT_SECONDS = 2.0


@dataclass
class _Probe:
    """A half-open breaker admits one delivery; the channel's other rows in the batch wait
    for its answer (a failure re-opens the breaker and defers them)."""

    taken: bool = False
    answered: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class _BatchState:
    """What one batch learns as it goes: channels whose breaker opened stop sending."""

    open_until: dict[int, float] = field(default_factory=dict)
    sent: list[ledger.Sent] = field(default_factory=list)
    retries: list[ledger.Retry] = field(default_factory=list)
    deferred: list[ledger.Deferred] = field(default_factory=list)
    failed: list[ledger.Failed] = field(default_factory=list)
    skipped: list[ledger.Skipped] = field(default_factory=list)
    #: email addresses a hard bounce or complaint put on the suppression list
    suppressed: set[str] = field(default_factory=set)
    #: delivery id → (publication, channel): sent and failed counts for the rollups
    destinations: dict[int, tuple[int, int]] = field(default_factory=dict)
    disabled: dict[int, str] = field(default_factory=dict)
    health: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(
        lambda: [0, 0, None]))
    breaker_success: set[int] = field(default_factory=set)
    probes: dict[int, _Probe] = field(default_factory=dict)
    stats: BatchStats = field(default_factory=BatchStats)


@dataclass(frozen=True, slots=True)
class SweepReport:
    requeued: int
    started: list[int]
    completed: list[int]
    due_work: bool
    #: due work and nobody sending it: the queue's pump jobs died with their worker
    stalled: bool = False


def _send_counts(state: _BatchState) -> dict[tuple[int, int], list[int]]:
    """(publication, channel) → [sent, failed] of a batch: every final failure counts,
    whether the provider refused or the message could not be built."""
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for sent in state.sent:
        counts[state.destinations[sent.delivery_id]][0] += 1
    for failed in state.failed:
        counts[state.destinations[failed.delivery_id]][1] += 1
    return counts


def sending_rate(channel: Channel) -> tuple[float | None, int | None]:
    """The channel's own limit, else the provider's (SES: the account's max send rate,
    which every worker shares through the Redis limiter)."""
    rate, burst = channel.rate_limit_per_second, channel.rate_limit_burst
    if rate is None and channel.type is ChannelType.EMAIL and channel.config.get(
            "max_send_rate"):
        rate = float(channel.config["max_send_rate"])
        burst = burst or max(1, int(rate))  # SES allows a second's worth at once
    return rate, burst


class DeliveryEngine:
    def __init__(self, redis: Redis, transports: Mapping[ChannelType, Transport],
                 policy: DeliveryPolicy, secret_key: str, lane: Lane = Lane.BULK,
                 public_base_url: str = "http://127.0.0.1:8000") -> None:
        self.redis = redis
        self.public_base_url = public_base_url
        self.transports = transports
        self.policy = policy
        self.secret_key = secret_key
        self.lane = lane
        # the alerts lane has buckets and breakers of its own: a bulk send that exhausts a
        # destination's budget or trips its breaker never holds an alert back
        suffix = "" if lane is Lane.BULK else f":{lane.value}"
        self.limiter = RateLimiter(redis, prefix=f"publishing:rl{suffix}")
        self.breaker = CircuitBreaker(redis, policy.breaker_failure_threshold,
                                      policy.breaker_cooldown_seconds,
                                      prefix=f"publishing:cb{suffix}")
        self.events = EventPublisher(redis)
        self._announced: dict[int, float] = {}
        self.health = HealthRecorder(redis)
        self.link_registry = LinkRegistry()
        self.stats = DeliveryStats(redis)
        self._secrets: dict[tuple[int, dt.datetime], dict[str, Any]] = {}

    # -- publications ---------------------------------------------------------------

    async def start_publication(self, publication_id: int) -> bool:
        """Move a due scheduled publication to publishing and resolve its audience.
        Safe to call any number of times; returns whether there is sending to do."""
        now = dt.datetime.now(dt.UTC)
        await Publication.filter(
            id=publication_id, status=PublicationStatus.SCHEDULED,
            publish_at__lte=now + START_TOLERANCE,
        ).update(status=PublicationStatus.PUBLISHING, updated_at=now)
        publication = await Publication.get_or_none(id=publication_id)
        if publication is None or publication.status != PublicationStatus.PUBLISHING:
            return False
        result = await audience.resolve_audience(publication_id)
        if not result.already_resolved:
            logger.info("publication %s: %d deliveries written", publication_id,
                        result.created)
        await ledger.complete_publications([publication_id])
        await self.announce({publication_id}, force=True)
        return True

    async def due_scheduled_publications(self) -> list[int]:
        """Due publications of this engine's lane (normal priority: bulk; high and
        critical: alerts)."""
        now = dt.datetime.now(dt.UTC)
        if self.lane is Lane.BULK:
            lane_filter = {"priority": Priority.NORMAL}
        else:
            lane_filter = {"priority__in": [Priority.HIGH, Priority.CRITICAL]}
        scheduled = await Publication.filter(
            status=PublicationStatus.SCHEDULED, publish_at__lte=now, **lane_filter
        ).values_list("id", flat=True)
        unresolved = await Publication.filter(
            status=PublicationStatus.PUBLISHING, audience_resolved_at__isnull=True,
            **lane_filter).values_list("id", flat=True)
        return sorted({*scheduled, *unresolved})

    async def sweep(self) -> SweepReport:
        """The safety net: lost leases, missed schedules, unfinished publications."""
        requeued = await ledger.requeue_expired_leases()
        started = [publication_id for publication_id in await self.due_scheduled_publications()
                   if await self.start_publication(publication_id)]
        completed = await ledger.complete_publications()
        due_work = await ledger.has_due_work(self.lane.value)
        stalled = due_work and await ledger.stalled(STALL_SECONDS, self.lane.value)
        if completed:
            await self.announce(set(completed), force=True)
        if self.lane is Lane.ALERT:
            await announce_alerts(self.events, await alerts.open_alerts())
        else:
            await announce_metrics(self.events, self.stats)
        return SweepReport(requeued, started, completed, due_work, stalled)

    async def announce(self, publication_ids: set[int], force: bool = False) -> None:
        """Publish progress (at most every PROGRESS_INTERVAL per publication, unless
        forced) and, on the alerts lane, each touched alert's per-channel state."""
        now = time.monotonic()
        due = {publication_id for publication_id in publication_ids
               if force or now - self._announced.get(publication_id, 0) >= PROGRESS_INTERVAL}
        if due:
            for progress in await announce_progress(self.events, due):
                self._announced[progress.publication_id] = now
                if progress.status is not PublicationStatus.PUBLISHING:
                    self._announced.pop(progress.publication_id, None)
        if self.lane is Lane.ALERT:
            await announce_alerts(self.events,
                                  await Alert.filter(publication_id__in=publication_ids))

    # -- sending --------------------------------------------------------------------

    async def pump(self, budget_seconds: float = 60.0) -> int:
        """Claim and send batches until nothing is due or the time budget is spent."""
        deadline = time.monotonic() + budget_seconds
        processed = 0
        while time.monotonic() < deadline:
            batch = await ledger.claim(self.policy.batch_size, self.policy.lease_seconds,
                                       self.lane.value)
            if not batch:
                break
            await self.process(batch)
            processed += len(batch)
        return processed

    async def process(self, batch: list[ledger.ClaimedDelivery]) -> None:
        channels = {channel.id: channel for channel in await Channel.filter(
            id__in={row.channel_id for row in batch})}
        publication_ids = {row.publication_id for row in batch}
        publications = {publication.id: publication for publication in
                        await Publication.filter(id__in=publication_ids)}
        subscriber_ids = {row.subscriber_id for row in batch if row.subscriber_id}
        subscribers = {subscriber.id: subscriber for subscriber in
                       await Subscriber.filter(id__in=subscriber_ids)} if subscriber_ids else {}
        composer = MessageComposer(self.secret_key, self.public_base_url)
        await composer.prepare(publications, channels,
                               {(row.publication_id, row.channel_id) for row in batch})
        state = _BatchState(destinations={row.id: (row.publication_id, row.channel_id)
                                          for row in batch})
        state.suppressed = await suppressed_among(
            [row.recipient for row in batch
             if channels[row.channel_id].type is ChannelType.EMAIL])
        for channel_id in channels:
            admission = await self.breaker.admit(channel_id)
            if not admission.allowed:
                wait = admission.wait_seconds
                if admission.state is BreakerState.HALF_OPEN:
                    # another worker's probe is out: look again after a cool-down, not
                    # after the whole probe timeout
                    wait = min(wait, self.policy.breaker_cooldown_seconds)
                state.open_until[channel_id] = time.monotonic() + wait
            elif admission.state is BreakerState.HALF_OPEN:
                state.probes[channel_id] = _Probe()
        semaphore = asyncio.Semaphore(self.policy.concurrency)

        async def run(row: ledger.ClaimedDelivery) -> None:
            async with semaphore:
                probe = state.probes.get(row.channel_id)
                if probe is not None and probe.taken:
                    await probe.answered.wait()
                elif probe is not None:
                    probe.taken = True
                    try:
                        await deliver(row)
                        if row.channel_id in state.breaker_success:
                            # closed now, so other workers need not wait for this batch
                            await self.breaker.record(row.channel_id, success=True)
                    finally:
                        probe.answered.set()
                    return
                await deliver(row)

        async def deliver(row: ledger.ClaimedDelivery) -> None:
            await self._deliver(row, channels[row.channel_id], composer,
                                subscribers.get(row.subscriber_id or 0), state)

        await asyncio.gather(*(run(row) for row in batch))
        await self._record(state, publication_ids)

    def channel_secrets(self, channel: Channel) -> dict[str, Any]:
        """Decrypted once per channel version (raises SecretDecryptionError)."""
        key = (channel.id, channel.updated_at)
        if key not in self._secrets:
            self._secrets[key] = decrypt_secrets(self.secret_key, channel.secret_ciphertext)
        return self._secrets[key]

    def _message(self, row: ledger.ClaimedDelivery, channel: Channel,
                 composer: MessageComposer, subscriber: Subscriber | None) -> OutgoingMessage:
        return composer.compose(
            delivery_id=row.id, idempotency_key=row.idempotency_key, recipient=row.recipient,
            publication_id=row.publication_id, channel=channel,
            secrets=self.channel_secrets(channel), subscriber=subscriber)

    async def _deliver(self, row: ledger.ClaimedDelivery, channel: Channel,
                       composer: MessageComposer, subscriber: Subscriber | None,
                       state: _BatchState) -> None:
        transport = self.transports.get(channel.type)
        if transport is None:
            state.failed.append(ledger.Failed(row.id, row.attempts,
                                              f"no transport for {channel.type.value} channels"))
            return
        if channel.id in state.disabled:
            state.failed.append(ledger.Failed(row.id, row.attempts, state.disabled[channel.id]))
            return
        if subscriber is not None and subscriber.status is not SubscriberStatus.ACTIVE:
            # unsubscribed (or bounced) after the audience was resolved
            state.skipped.append(ledger.Skipped(row.id, f"subscriber {subscriber.status}"))
            return
        if channel.type is ChannelType.EMAIL and row.recipient.lower() in state.suppressed:
            state.skipped.append(ledger.Skipped(row.id, "address is suppressed"))
            return
        blocked_for = state.open_until.get(channel.id, 0) - time.monotonic()
        if blocked_for > 0:
            state.deferred.append(ledger.Deferred(row.id, dt.timedelta(seconds=blocked_for)))
            return
        try:
            message = self._message(row, channel, composer, subscriber)
        except (SecretDecryptionError, CompositionError) as error:
            # one misconfigured channel must not fail the batch it shares with others
            state.failed.append(ledger.Failed(row.id, row.attempts, str(error)))
            return
        if channel.type is ChannelType.EMAIL:
            message = await apply_tracking(
                message, composer.links, self.link_registry,
                opens=channel.config.get("track_opens", True),
                clicks=channel.config.get("track_clicks", True))
        destination = transport.destination_key(message)
        wait = await self._acquire_within(destination, channel,
                                          self.policy.max_inline_wait_seconds)
        if wait > 0:
            state.deferred.append(ledger.Deferred(row.id, dt.timedelta(seconds=wait)))
            return
        started = time.perf_counter()
        outcome = await transport.send(message)
        state.stats.latencies.append(time.perf_counter() - started)
        await self._apply(row, channel, destination, outcome, state)

    async def send_test(self, channel: Channel, *, recipient: str,
                        publication: PublicationData) -> testing.ChannelTestResult:
        """testChannel's send: a delivery's path (templates, breaker, shared limiter,
        transport, pauses, breaker record) without a ledger row. A DISABLE answer is
        reported, not applied (see domain.channels.testing). As in `process`, admission
        comes before the limiter, so a test admitted as a half-open probe and then held
        back by the limiter keeps the probe slot until the probe timeout."""
        transport = self.transports.get(channel.type)
        if transport is None:
            return testing.refused(FailureReason.MISCONFIGURED, "This service has no "
                                   f"transport for {channel.type.value} channels")
        try:
            secrets = self.channel_secrets(channel)
        except SecretDecryptionError:
            return testing.refused(FailureReason.MISCONFIGURED, "The channel's secrets cannot "
                                   "be decrypted (SECRET_KEY changed?): set them again")
        try:
            message = await self._test_message(channel, secrets, recipient, publication)
        except CompositionError as error:
            return testing.refused(FailureReason.MISCONFIGURED,
                                   f"The channel's templates cannot render a message: {error}")
        admission = await self.breaker.admit(channel.id)
        if not admission.allowed:
            return testing.circuit_open(admission.wait_seconds)
        destination = transport.destination_key(message)
        wait = await self._acquire_within(destination, channel, TEST_MAX_WAIT_SECONDS)
        if wait > 0:
            return testing.held_back(channel.type, wait,
                                     await self.limiter.paused_for(destination) > 0)
        started = time.perf_counter()
        try:
            outcome = await transport.send(message)
        except InvalidInput as error:  # e.g. a signing secret that is not whsec_ base64
            outcome = Outcome(OutcomeKind.PERMANENT, error=error.message,
                              reason=FailureReason.MISCONFIGURED)
        duration_ms = (time.perf_counter() - started) * 1000
        await self._settle_test(channel, destination, outcome)
        return testing.from_outcome(outcome, channel.type, recipient=recipient,
                                    secret_names=sorted(secrets), duration_ms=duration_ms)

    async def _test_message(self, channel: Channel, secrets: dict[str, Any], recipient: str,
                            publication: PublicationData) -> OutgoingMessage:
        """The test publication composed like a channel-wide delivery (raises
        CompositionError); webhook bodies say `"test": true` so receivers can tell."""
        composer = MessageComposer(self.secret_key, self.public_base_url)
        await composer.prepare({0: publication}, {channel.id: channel}, {(0, channel.id)})
        message = composer.compose(
            delivery_id=0, idempotency_key=f"test_{uuid.uuid4().hex}", recipient=recipient,
            publication_id=0, channel=channel, secrets=secrets, subscriber=None, is_test=True)
        payload = {**message.payload, "test": True} if message.payload else message.payload
        return dataclasses.replace(message, publication_id=None, payload=payload)

    async def _acquire_within(self, destination: str, channel: Channel, budget: float
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

    async def _obey_pauses(self, destination: str, outcome: Outcome) -> None:
        """Hold every worker back from `destination` when the provider said so: a spent
        budget on a success (Discord's X-RateLimit-Remaining: 0) or a rate-limited
        failure's Retry-After."""
        if outcome.pause_seconds:
            await self.limiter.pause(destination, outcome.pause_seconds)
        if (outcome.kind is not OutcomeKind.SENT and outcome.rate_limited
                and outcome.retry_after):
            await self.limiter.pause(destination, outcome.retry_after)

    async def _settle_test(self, channel: Channel, destination: str, outcome: Outcome) -> None:
        """What the provider's answer means for everybody sending there: pauses and the
        breaker, exactly as `_apply` handles them (the ledger and disabling excepted)."""
        await self._obey_pauses(destination, outcome)
        if outcome.kind is OutcomeKind.SENT:
            await self.breaker.record(channel.id, success=True)
            return
        if outcome.counts_against_breaker:
            await self.breaker.record(channel.id, success=False)

    async def _apply(self, row: ledger.ClaimedDelivery, channel: Channel, destination: str,
                     outcome: Outcome, state: _BatchState) -> None:
        health = state.health[channel.id]
        await self._obey_pauses(destination, outcome)
        if outcome.kind is OutcomeKind.SENT:
            state.stats.sent[channel.type.value] += 1
            health[0] += 1
            state.breaker_success.add(channel.id)
            state.sent.append(ledger.Sent(row.id, outcome.provider_message_id))
            return
        health[1] += 1
        health[2] = outcome.error
        state.stats.errors[error_class(outcome)] += 1
        if outcome.counts_against_breaker and (
                await self.breaker.record(channel.id, success=False) is BreakerState.OPEN):
            state.open_until[channel.id] = time.monotonic() + self.policy.breaker_cooldown_seconds
        error = outcome.error or outcome.kind.value
        if outcome.kind is OutcomeKind.DISABLE:
            state.disabled[channel.id] = error
            state.failed.append(ledger.Failed(row.id, row.attempts, error))
        elif outcome.kind is OutcomeKind.PERMANENT:
            state.failed.append(ledger.Failed(row.id, row.attempts, error))
        elif row.attempts >= self.policy.max_attempts:
            state.failed.append(ledger.Failed(
                row.id, row.attempts, f"gave up after {row.attempts} attempts: {error}",
                dead=True))
        else:
            delay = self.policy.retry_delay(row.attempts, outcome.retry_after)
            blocked_for = state.open_until.get(channel.id, 0) - time.monotonic()
            if blocked_for > 0:
                # the breaker is open: come back after it, behind the rows it deferred, so
                # the next probe is another row's attempt and not this one's again
                delay = max(delay, dt.timedelta(seconds=blocked_for))
            state.retries.append(ledger.Retry(row.id, row.attempts, delay, error))

    async def _record(self, state: _BatchState, publication_ids: set[int]) -> None:
        await ledger.record(state.sent, state.retries, state.deferred, state.failed,
                            state.skipped)
        await record_send_outcomes(_send_counts(state))
        for channel_id in state.breaker_success - set(state.disabled):
            await self.breaker.record(channel_id, success=True)
        for channel_id, reason in state.disabled.items():
            await Channel.filter(id=channel_id).update(status=ChannelStatus.DISABLED,
                                                      status_reason=reason)
            skipped = await ledger.skip_channel(channel_id, f"channel disabled: {reason}")
            logger.warning("channel %s disabled (%s); %d pending deliveries skipped",
                           channel_id, reason, skipped)
        await self.health.record_many({channel_id: tuple(values)
                                       for channel_id, values in state.health.items()})
        await self.stats.record(state.stats)
        completed = await ledger.complete_publications(publication_ids)
        await self.announce(publication_ids, force=bool(completed))
