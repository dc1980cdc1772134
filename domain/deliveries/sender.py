"""Sending one claimed batch: per row, the gate (breaker, limiter), the transport, and an
outcome written the moment it is known.

Each row is on its own: whatever one row raises becomes that row's retry, and the rows
already answered are in the ledger whatever happens to the rest, so a lease that ends
(or a worker that dies) never sends an answered row again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from redis.exceptions import RedisError

from domain.audience.models import Subscriber, SubscriberStatus
from domain.channels.models import Channel, ChannelType
from domain.channels.redaction import redact_url
from domain.channels.transport import (
    Outcome,
    OutcomeKind,
    OutgoingMessage,
    Transport,
)
from domain.crypto import SecretDecryptionError
from domain.deliveries import ledger, monitoring
from domain.deliveries.compose import CompositionError, MessageComposer
from domain.deliveries.gate import DeliveryGate, send_through
from domain.deliveries.outcomes import OutcomeWriter, lease_kept
from domain.deliveries.policy import DeliveryPolicy
from domain.deliveries.stats import BatchStats, DeliveryStats, error_class
from domain.engagement.links import LinkRegistry, apply_tracking
from domain.engagement.sends import record_send_outcomes
from domain.engagement.suppression import suppressed_among
from domain.experiments.models import Variant
from domain.newsletters.content import digest_extras
from domain.newsletters.editions import Recipient, edition_extras
from domain.personalization.enforcement import Hold, SendRules, Skip, load_rules
from domain.personalization.profiles import record_sends
from domain.publications.models import Publication, PublicationKind
from domain.realtime.events import EventPublisher
from domain.throttling.breaker import Admission, BreakerState
from domain.throttling.health import HealthRecorder

logger = logging.getLogger(__name__)

#: a row that could not be sent because Redis was away waits this long (no attempt spent)
REDIS_RETRY_SECONDS = 5.0

SecretsOf = Callable[[Channel], dict[str, Any]]
#: a fresh MessageComposer signed for this deployment (one per batch or test message)
NewComposer = Callable[[], MessageComposer]


@dataclass
class _BatchState:
    """What one batch learns as it goes."""

    channels: dict[int, Channel]
    subscribers: dict[int, Subscriber]
    composer: MessageComposer
    #: email addresses on the suppression list
    suppressed: set[str]
    #: the subscribers' quiet hours, caps and preferences as of this batch
    rules: SendRules
    #: channel → monotonic time before which its breaker is known to hold sends back
    open_until: dict[int, float] = field(default_factory=dict)
    #: channel → the probe this batch has out on a half-open breaker
    probes: dict[int, asyncio.Event] = field(default_factory=dict)
    disabled: dict[int, str] = field(default_factory=dict)
    #: (publication, channel) → [sent, failed] for the rollups
    counts: dict[tuple[int, int], list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0]))
    health: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(
        lambda: [0, 0, None]))
    stats: BatchStats = field(default_factory=BatchStats)
    #: (subscriber, channel) → messages sent, for the interest profiles
    sent_to: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    #: channel → this batch's part of the channel monitor's minute rollup
    minutes: dict[int, monitoring.MinuteCounts] = field(
        default_factory=lambda: defaultdict(monitoring.MinuteCounts))
    #: channel → where its requests go, as the timeline shows it (no credentials)
    destinations: dict[int, str] = field(default_factory=dict)

    def count(self, row: ledger.ClaimedDelivery, outcome: ledger.Outcome) -> None:
        if isinstance(outcome, ledger.Sent):
            self.counts[(row.publication_id, row.channel_id)][0] += 1
            if row.subscriber_id is not None:
                self.sent_to[(row.subscriber_id, row.channel_id)] += 1
        elif isinstance(outcome, ledger.Failed):
            self.counts[(row.publication_id, row.channel_id)][1] += 1
        if isinstance(outcome, ledger.Deferred) and outcome.kind:
            self.minutes[row.channel_id].deferred(outcome.kind)

    def destination(self, channel: Channel, recipient: str) -> str:
        """Where a request goes, as the timeline shows it: a webhook's URL redacted, an
        email's recipient, a chat room's channel name."""
        if channel.type is ChannelType.EMAIL:
            return recipient[:300]
        label = self.destinations.get(channel.id)
        if label is None:
            url = channel.config.get("url")
            label = (redact_url(url) if channel.type is ChannelType.WEBHOOK and isinstance(
                url, str) else f"{channel.type.value}: {channel.name}")[:300]
            self.destinations[channel.id] = label
        return label


class BatchSender:
    def __init__(self, *, gate: DeliveryGate, transports: Mapping[ChannelType, Transport],
                 policy: DeliveryPolicy, secrets_of: SecretsOf, new_composer: NewComposer,
                 health: HealthRecorder, stats: DeliveryStats,
                 link_registry: LinkRegistry, events: EventPublisher | None = None) -> None:
        self.gate = gate
        self.transports = transports
        self.policy = policy
        self.secrets_of = secrets_of
        self.new_composer = new_composer
        self.health = health
        self.stats = stats
        self.link_registry = link_registry
        #: announces channel health changes (breaker, disabling) to live dashboards
        self.events = events

    async def send(self, claim: ledger.Claim,
                   after: Callable[[set[int]], Awaitable[None]]) -> None:
        """Send every row of `claim`; `after(publication_ids)` runs when the batch is
        done (completion and progress announcements)."""
        rows = claim.rows
        state = await self._prepare(rows)
        writer = OutcomeWriter(claim.lease_id)
        semaphore = asyncio.Semaphore(self.policy.concurrency)

        async def run(row: ledger.ClaimedDelivery) -> None:
            async with semaphore:
                try:
                    outcome = await self._deliver(row, state)
                except (RedisError, OSError) as error:
                    # Redis (limiter, breaker) away before the request left: not an
                    # attempt, try again shortly
                    logger.warning("delivery %s: deferred, Redis unavailable (%s)", row.id,
                                   error)
                    outcome = ledger.Deferred(row.id, dt.timedelta(seconds=REDIS_RETRY_SECONDS))
                except Exception as error:  # one row must not sink a batch
                    logger.exception("delivery %s: unexpected error", row.id)
                    outcome = self._retry_or_die(row, f"internal error: {type(error).__name__}",
                                                 error_class="internal")
                state.count(row, outcome)
                try:
                    await writer.write(outcome)
                except Exception:  # the lease will hand the row back
                    logger.exception("delivery %s: outcome not recorded", row.id)

        try:
            async with lease_kept(claim.lease_id, self.policy.lease_seconds):
                await asyncio.gather(*(run(row) for row in rows), return_exceptions=True)
        finally:
            await self._settle(state, {row.publication_id for row in rows}, after)

    async def _prepare(self, rows: list[ledger.ClaimedDelivery]) -> _BatchState:
        channels = {channel.id: channel for channel in await Channel.filter(
            id__in={row.channel_id for row in rows})}
        publications = {publication.id: publication for publication in
                        await Publication.filter(id__in={row.publication_id for row in rows})}
        subscriber_ids = {row.subscriber_id for row in rows if row.subscriber_id}
        subscribers = {subscriber.id: subscriber for subscriber in
                       await Subscriber.filter(id__in=subscriber_ids)} if subscriber_ids else {}
        variant_ids = {row.variant_id for row in rows if row.variant_id is not None}
        variants = {variant.id: variant for variant in await Variant.filter(
            id__in=variant_ids)} if variant_ids else {}
        composer = self.new_composer()
        digest_rows = [row.id for row in rows
                       if publications[row.publication_id].kind is PublicationKind.DIGEST]
        if digest_rows:  # each digest renders with its own items
            composer.extras.update(await digest_extras(digest_rows, composer.public_base_url))
        for publication in publications.values():  # editions: sections per reader
            if publication.kind is PublicationKind.NEWSLETTER:
                composer.extras.update(await edition_extras(
                    publication, [Recipient(row.id, row.subscriber_id, row.channel_id)
                                  for row in rows if row.publication_id == publication.id],
                    composer.public_base_url))
        await composer.prepare(
            publications, channels,
            {(row.publication_id, row.channel_id, row.variant_id) for row in rows}, variants)
        suppressed = await suppressed_among(
            [row.recipient for row in rows
             if channels[row.channel_id].type is ChannelType.EMAIL])
        rules = await load_rules(rows, subscribers, publications, dt.datetime.now(dt.UTC))
        return _BatchState(channels, subscribers, composer, suppressed, rules)

    def _retry_or_die(self, row: ledger.ClaimedDelivery, error: str,
                      retry_after: float | None = None, counted: bool = True,
                      error_class: str | None = None, trace: ledger.Trace | None = None
                      ) -> ledger.Outcome:
        if counted and row.attempts >= self.policy.max_attempts:
            return ledger.Failed(row.id, row.attempts,
                                 f"gave up after {row.attempts} attempts: {error}", dead=True,
                                 error_class=error_class, trace=trace)
        return ledger.Retry(row.id, row.attempts,
                            self.policy.retry_delay(row.attempts, retry_after), error,
                            counted=counted, error_class=error_class, trace=trace)

    async def _admit(self, channel_id: int, state: _BatchState) -> Admission:
        """The breaker's word for this row: known-open channels are answered locally;
        while this batch's own probe is out, its other rows wait for the answer."""
        while True:
            blocked_for = state.open_until.get(channel_id, 0) - time.monotonic()
            if blocked_for > 0:
                return Admission(False, blocked_for, BreakerState.OPEN)
            probe = state.probes.get(channel_id)
            if probe is None:
                break
            await probe.wait()
        admission = await self.gate.admit(channel_id)
        if not admission.allowed:
            state.open_until[channel_id] = time.monotonic() + admission.wait_seconds
        elif admission.probe:
            state.probes[channel_id] = asyncio.Event()
        return admission

    async def _deliver(self, row: ledger.ClaimedDelivery, state: _BatchState
                       ) -> ledger.Outcome:
        channel = state.channels[row.channel_id]
        subscriber = state.subscribers.get(row.subscriber_id or 0)
        transport = self.transports.get(channel.type)
        if transport is None:
            return ledger.Failed(row.id, row.attempts,
                                 f"no transport for {channel.type.value} channels",
                                 error_class="misconfigured")
        if channel.id in state.disabled:
            return ledger.Skipped(row.id, f"channel disabled: {state.disabled[channel.id]}")
        if subscriber is not None and subscriber.status is not SubscriberStatus.ACTIVE:
            # unsubscribed (or bounced) after the audience was resolved
            return ledger.Skipped(row.id, f"subscriber {subscriber.status}")
        if channel.type is ChannelType.EMAIL and row.recipient.lower() in state.suppressed:
            return ledger.Skipped(row.id, "address is suppressed")
        verdict = state.rules.verdict(row, dt.datetime.now(dt.UTC))
        if isinstance(verdict, Hold):
            return ledger.Held(row.id, verdict.until, verdict.reason)
        if isinstance(verdict, Skip):
            return ledger.Skipped(row.id, verdict.reason)
        admission = await self._admit(channel.id, state)
        if not admission.allowed:
            return ledger.Deferred(row.id, dt.timedelta(seconds=admission.wait_seconds),
                                   "circuit_open", row.attempts)
        try:
            return await self._compose_and_send(row, channel, transport, subscriber,
                                                admission, state)
        finally:
            if admission.probe:
                state.probes.pop(channel.id).set()

    async def _compose_and_send(self, row: ledger.ClaimedDelivery, channel: Channel,
                                transport: Transport, subscriber: Subscriber | None,
                                admission: Admission, state: _BatchState) -> ledger.Outcome:
        try:
            message = await self._message(row, channel, state.composer, subscriber)
        except (SecretDecryptionError, CompositionError) as error:
            # one misconfigured channel must not fail the batch it shares with others
            if admission.probe:
                await self.gate.breaker.release_probe(channel.id)
            return ledger.Failed(row.id, row.attempts, str(error), error_class="misconfigured")
        if channel.type is ChannelType.EMAIL:
            message = await apply_tracking(
                message, state.composer.links, self.link_registry,
                opens=channel.config.get("track_opens", True),
                clicks=channel.config.get("track_clicks", True))
        return await self._send(row, channel, transport, message, admission, state)

    async def _send(self, row: ledger.ClaimedDelivery, channel: Channel,
                    transport: Transport, message: OutgoingMessage, admission: Admission,
                    state: _BatchState) -> ledger.Outcome:
        destination = transport.destination_key(message)
        waiting = time.perf_counter()
        wait = await self.gate.acquire_within(destination, channel,
                                              self.policy.max_inline_wait_seconds)
        if wait > 0:
            if admission.probe:
                await self.gate.breaker.release_probe(channel.id)
            return ledger.Deferred(row.id, dt.timedelta(seconds=wait), "rate_limited",
                                   row.attempts)
        started = time.perf_counter()
        at = dt.datetime.now(dt.UTC)
        try:
            outcome = await send_through(transport, message)
        except Exception:
            if admission.probe:  # unanswered: let the next request probe
                await self.gate.breaker.release_probe(channel.id)
            raise
        latency = time.perf_counter() - started
        state.stats.latencies.append(latency)
        waited = started - waiting
        trace = ledger.Trace(
            at=at, destination=state.destination(channel, row.recipient),
            status_code=outcome.status_code, latency_ms=round(latency * 1000, 3),
            wait_ms=round(waited * 1000, 3) if waited >= 0.001 else None)
        return await self._apply(row, channel, destination, outcome, admission, state,
                                 trace)

    async def _message(self, row: ledger.ClaimedDelivery, channel: Channel,
                       composer: MessageComposer, subscriber: Subscriber | None
                       ) -> OutgoingMessage:
        return await composer.compose_async(  # renders off the event loop
            delivery_id=row.id, idempotency_key=row.idempotency_key, recipient=row.recipient,
            publication_id=row.publication_id, channel=channel,
            secrets=self.secrets_of(channel), subscriber=subscriber, variant_id=row.variant_id)

    async def _apply(self, row: ledger.ClaimedDelivery, channel: Channel, destination: str,
                     outcome: Outcome, admission: Admission, state: _BatchState,
                     trace: ledger.Trace) -> ledger.Outcome:
        """What the answer means for this row, the destination and the breaker."""
        health = state.health[channel.id]
        minute = state.minutes[channel.id]
        try:
            paused = await self.gate.obey_pauses(destination, outcome)
            breaker, changed = await self.gate.settle(channel.id, outcome, admission)
        except (RedisError, OSError) as error:
            # the destination has answered: its answer is recorded whatever Redis does
            logger.warning("delivery %s: pauses and breaker not updated (%s)", row.id, error)
            breaker, changed, paused = None, False, False
        if paused:
            minute.rate_limit_pauses += 1
        if changed and breaker is not None:
            minute.breaker_changed(breaker)
            await monitoring.breaker_changed(self.events, channel, breaker)
        if breaker is BreakerState.OPEN:
            state.open_until[channel.id] = (time.monotonic()
                                            + self.policy.breaker_cooldown_seconds)
        if outcome.kind is OutcomeKind.SENT:
            state.stats.sent[channel.type.value] += 1
            health[0] += 1
            minute.record(trace.latency_ms, None)
            return ledger.Sent(row.id, outcome.provider_message_id, row.attempts, trace)
        health[1] += 1
        health[2] = outcome.error
        kind = error_class(outcome)
        state.stats.errors[kind] += 1
        minute.record(trace.latency_ms, kind)
        error = outcome.error or outcome.kind.value
        trace = replace(trace, error_class=kind, error=error)
        if outcome.kind is OutcomeKind.DISABLE:
            await self._disable(channel, error, state)
            return ledger.Failed(row.id, row.attempts, error, error_class=kind, trace=trace)
        if outcome.kind is OutcomeKind.PERMANENT:
            return ledger.Failed(row.id, row.attempts, error, error_class=kind, trace=trace)
        # a failed probe gives its attempt back: an outage of any length costs no row
        # more than the failures that opened the breaker
        retry = self._retry_or_die(row, error, outcome.retry_after,
                                   counted=not (admission.probe
                                                and outcome.counts_against_breaker),
                                   error_class=kind, trace=trace)
        blocked_for = state.open_until.get(channel.id, 0) - time.monotonic()
        if isinstance(retry, ledger.Retry) and blocked_for > retry.delay.total_seconds():
            # the breaker is open: come back after it, behind the rows it deferred, so
            # the next probe is another row's attempt and not this one's again
            retry = replace(retry, delay=dt.timedelta(seconds=blocked_for))
        return retry

    async def _disable(self, channel: Channel, reason: str, state: _BatchState) -> None:
        """At once, not at the end of the batch: other workers stop claiming its rows."""
        if channel.id in state.disabled:
            return
        state.disabled[channel.id] = reason
        skipped = await monitoring.disable_by_system(channel.id, reason, self.events)
        logger.warning("channel %s disabled (%s); %d pending deliveries skipped",
                       channel.id, reason, skipped)

    async def _settle(self, state: _BatchState, publication_ids: set[int],
                      after: Callable[[set[int]], Awaitable[None]]) -> None:
        """Counters and announcements: best effort, after the ledger has the truth."""
        try:
            await record_send_outcomes(dict(state.counts))
            await record_sends(dict(state.sent_to))
            await self.health.record_many({channel_id: tuple(values)
                                           for channel_id, values in state.health.items()})
            await self.stats.record(state.stats)
            await after(publication_ids)
        except Exception:  # counters must not undo the sends
            logger.exception("recording batch statistics failed")
        try:  # the channel monitor's rollup: on its own, so it never costs an announcement
            await monitoring.record_minutes(dict(state.minutes))
        except Exception:
            logger.exception("recording the channel monitor's minute failed")
