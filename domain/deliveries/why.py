"""Why a subscriber did or did not receive a publication (`explainAudience`), per channel
of the publication.

Where the ledger has a row for (publication, subscriber, channel), the row tells: sent,
failed, held for quiet hours until…, skipped by a frequency cap, an experiment's holdout,
suppressed, … (`from_delivery`). Where it has none, the reasons audience resolution leaves
someone out are checked in order (`NO_ROW_CHECKS`): the first that applies is the answer.
The checks are a plain list of functions (the matching strategy's threshold and
best-channel choice among them, from domain/matching); `add_check` adds another.

Reads: the publication with its channels and topics, the subscriber with their
preferences, the ledger rows of the pair, the suppression entry — a handful of indexed
queries, whatever the audience's size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum

from domain.audience.models import Frequency, Subscriber, SubscriberPreference, SubscriberStatus
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.engagement.suppression import suppressed_among
from domain.errors import NotFound
from domain.experiments.audience import HOLDOUT_REASON
from domain.matching.explain import MatchExplanation, MatchReason, explain_match
from domain.personalization.enforcement import FREQUENCY_CAP, PREFERENCE_WITHDRAWN, QUIET_HOURS
from domain.publications.models import Publication


class Reason(StrEnum):
    DELIVERED = "delivered"          # sent (or confirmed delivered by the provider)
    IN_PROGRESS = "in_progress"      # queued, being sent, or retrying after a failure
    QUIET_HOURS = "quiet_hours"      # held on the subscriber's behalf until `until`
    FAILED = "failed"                # failed for good, or dead after its retries
    CAPPED = "capped"                # the subscriber's daily cap on the channel was reached
    EXPERIMENT_HOLDOUT = "experiment_holdout"  # in the experiment's holdout
    EXPERIMENT_HELD = "experiment_held"  # waits for a test-then-send decision
    PREFERENCE_WITHDRAWN = "preference_withdrawn"  # preference changed after queueing
    SUPPRESSED = "suppressed"        # the address is on the suppression list / bounced
    UNSUBSCRIBED = "unsubscribed"
    NOT_SUBSCRIBED = "not_subscribed"  # no preference for a topic of it on this channel
    NOT_IMMEDIATE = "not_immediate"  # the preference asks for digests (or never)
    NO_ADDRESS = "no_address"        # nothing to send to on this channel (no email)
    BELOW_MATCHING_THRESHOLD = "below_matching_threshold"  # the strategy's score is too low
    NOT_BEST_CHANNEL = "not_best_channel"  # best-channel strategy: another channel won
    CHANNEL_DISABLED = "channel_disabled"
    CHANNEL_WIDE = "channel_wide"    # a Slack/Discord room: one message, not per person
    NO_CHANNEL = "no_channel"        # the publication goes to no channel at all
    SKIPPED = "skipped"              # skipped for another reason (see message)
    WILL_RECEIVE = "will_receive"    # not published yet; nothing stands in the way
    NOT_IN_AUDIENCE = "not_in_audience"  # resolved before they qualified (e.g. joined later)


#: reasons under which the subscriber got (or is getting) the message
RECEIVED = frozenset({Reason.DELIVERED})


@dataclass(frozen=True, slots=True)
class Verdict:
    reason: Reason
    message: str
    channel_id: int | None = None
    delivery_id: int | None = None
    #: quiet hours: held until then
    until: dt.datetime | None = None

    @property
    def received(self) -> bool:
        return self.reason in RECEIVED


@dataclass
class Facts:
    """What the checks read, loaded once per explanation."""

    publication: Publication
    subscriber: Subscriber
    channels: list[Channel]
    topic_ids: set[int]
    preferences: list[SubscriberPreference]
    deliveries: dict[int, Delivery]
    suppressed: bool
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    #: the matching strategy's verdict for this subscriber, computed on first need
    match: MatchExplanation | None = None

    def preferences_for(self, channel: Channel) -> list[SubscriberPreference]:
        return [p for p in self.preferences
                if p.channel_id == channel.id and p.topic_id in self.topic_ids]


Check = Callable[[Facts, Channel], Awaitable[Verdict | None]]


def from_delivery(delivery: Delivery, now: dt.datetime) -> Verdict:
    """The ledger row's word."""
    status, error = delivery.status, delivery.last_error or ""
    common = {"channel_id": delivery.channel_id, "delivery_id": delivery.id}
    if status in (DeliveryStatus.SENT, DeliveryStatus.DELIVERED):
        at = delivery.delivered_at or delivery.sent_at
        return Verdict(Reason.DELIVERED, f"{status.value} at {at.isoformat() if at else '?'}",
                       **common)
    if status in (DeliveryStatus.FAILED, DeliveryStatus.DEAD):
        return Verdict(Reason.FAILED, f"{status.value}: {error}".rstrip(": "), **common)
    if status is DeliveryStatus.SUPPRESSED:
        return Verdict(Reason.SUPPRESSED, error or "the address is suppressed", **common)
    if status is DeliveryStatus.HELD:
        return Verdict(Reason.EXPERIMENT_HELD, "waits for the experiment's test-then-send "
                                               "decision", **common)
    if status is DeliveryStatus.SKIPPED:
        for prefix, reason in ((FREQUENCY_CAP, Reason.CAPPED),
                               (HOLDOUT_REASON, Reason.EXPERIMENT_HOLDOUT),
                               (PREFERENCE_WITHDRAWN, Reason.PREFERENCE_WITHDRAWN),
                               ("address is suppressed", Reason.SUPPRESSED),
                               ("subscriber unsubscribed", Reason.UNSUBSCRIBED),
                               ("subscriber ", Reason.SUPPRESSED),  # bounced, complained
                               ("channel disabled", Reason.CHANNEL_DISABLED),
                               ("channel is disabled", Reason.CHANNEL_DISABLED)):
            if error.startswith(prefix):
                return Verdict(reason, error, **common)
        return Verdict(Reason.SKIPPED, error or "skipped", **common)
    # pending, queued, sending
    if (delivery.deferred_until is not None and delivery.deferred_until > now
            and delivery.deferral_reason == QUIET_HOURS):
        return Verdict(Reason.QUIET_HOURS,
                       f"held for quiet hours until {delivery.deferred_until.isoformat()}",
                       until=delivery.deferred_until, **common)
    detail = f" (attempt {delivery.attempts}; last error: {error})" if error else ""
    return Verdict(Reason.IN_PROGRESS, f"{status.value}{detail}", **common)


# -- the checks for a channel without a ledger row, in order --------------------------------


async def channel_wide(facts: Facts, channel: Channel) -> Verdict | None:
    if channel.type in (ChannelType.SLACK, ChannelType.DISCORD):
        return Verdict(Reason.CHANNEL_WIDE, f"{channel.type.value} channels post once to a "
                                            "room, not to each subscriber", channel.id)
    return None


async def unsubscribed(facts: Facts, channel: Channel) -> Verdict | None:
    status = facts.subscriber.status
    if status is SubscriberStatus.UNSUBSCRIBED:
        return Verdict(Reason.UNSUBSCRIBED, "the subscriber unsubscribed", channel.id)
    if status is not SubscriberStatus.ACTIVE:
        return Verdict(Reason.SUPPRESSED, f"the subscriber is {status.value}", channel.id)
    return None


async def not_subscribed(facts: Facts, channel: Channel) -> Verdict | None:
    if not facts.preferences_for(channel):
        return Verdict(Reason.NOT_SUBSCRIBED, "no preference for any topic of the "
                                              "publication on this channel", channel.id)
    return None


async def not_immediate(facts: Facts, channel: Channel) -> Verdict | None:
    frequencies = {p.frequency for p in facts.preferences_for(channel)}
    if Frequency.IMMEDIATE not in frequencies:
        listed = ", ".join(sorted(f.value for f in frequencies))
        return Verdict(Reason.NOT_IMMEDIATE, f"the matching preferences ask for: {listed}",
                       channel.id)
    return None


async def suppressed(facts: Facts, channel: Channel) -> Verdict | None:
    if channel.type is ChannelType.EMAIL and facts.suppressed:
        return Verdict(Reason.SUPPRESSED, "the address is on the suppression list",
                       channel.id)
    return None


async def no_address(facts: Facts, channel: Channel) -> Verdict | None:
    subscriber = facts.subscriber
    if channel.type is ChannelType.EMAIL and not subscriber.email:
        return Verdict(Reason.NO_ADDRESS, "the subscriber has no email address", channel.id)
    if not (subscriber.email or subscriber.external_id):
        return Verdict(Reason.NO_ADDRESS, "the subscriber has no address", channel.id)
    return None


async def channel_disabled(facts: Facts, channel: Channel) -> Verdict | None:
    if channel.status is ChannelStatus.DISABLED:
        return Verdict(Reason.CHANNEL_DISABLED,
                       f"the channel is disabled: {channel.status_reason or 'no reason given'}",
                       channel.id)
    return None


async def below_matching_threshold(facts: Facts, channel: Channel) -> Verdict | None:
    """The publication's matching strategy (domain.matching) left this pair out: its
    score is under the threshold, or a best-channel strategy chose another channel."""
    if facts.match is None:
        facts.match = await explain_match(facts.publication.id, facts.subscriber.id,
                                          now=facts.now)
    strategy = facts.match.strategy
    for match in facts.match.channels:
        if match.channel_id != channel.id:
            continue
        if match.reason is MatchReason.BELOW_THRESHOLD:
            return Verdict(Reason.BELOW_MATCHING_THRESHOLD,
                           f"matching strategy {strategy.name} v{strategy.version}: score "
                           f"{match.score:.3f} is below its threshold {strategy.threshold:g} "
                           "(explainMatch shows each scorer)", channel.id)
        if match.reason is MatchReason.NOT_BEST_CHANNEL:
            return Verdict(Reason.NOT_BEST_CHANNEL,
                           f"matching strategy {strategy.name} v{strategy.version} sends on "
                           "the reader's best channel only, and another one scores higher",
                           channel.id)
    return None


NO_ROW_CHECKS: list[Check] = [channel_wide, unsubscribed, not_subscribed, not_immediate,
                              suppressed, no_address, below_matching_threshold,
                              channel_disabled]


def add_check(check: Check, before: Check | None = None) -> None:
    """Add a reason check (e.g. the matching threshold), before `before` or last."""
    if check in NO_ROW_CHECKS:
        return
    NO_ROW_CHECKS.insert(NO_ROW_CHECKS.index(before) if before else len(NO_ROW_CHECKS),
                         check)


async def _facts(publication_id: int, subscriber_id: int) -> Facts:
    publication = await Publication.get_or_none(id=publication_id)
    if publication is None:
        raise NotFound(f"publication {publication_id} not found")
    subscriber = await Subscriber.get_or_none(id=subscriber_id)
    if subscriber is None:
        raise NotFound(f"subscriber {subscriber_id} not found")
    channels = await publication.channels.all().order_by("id")
    topic_ids = set(await publication.topics.all().values_list("id", flat=True))
    preferences = await SubscriberPreference.filter(subscriber_id=subscriber_id)
    rows = await Delivery.filter(publication_id=publication_id, subscriber_id=subscriber_id)
    is_suppressed = bool(subscriber.email and await suppressed_among([subscriber.email]))
    return Facts(publication, subscriber, channels, topic_ids, preferences,
                 {row.channel_id: row for row in rows}, is_suppressed)


async def explain(publication_id: int, subscriber_id: int) -> list[Verdict]:
    """One verdict per channel of the publication (or one NO_CHANNEL)."""
    facts = await _facts(publication_id, subscriber_id)
    if not facts.channels:
        return [Verdict(Reason.NO_CHANNEL, "the publication goes to no channel")]
    resolved = facts.publication.audience_resolved_at is not None
    verdicts = []
    for channel in facts.channels:
        delivery = facts.deliveries.get(channel.id)
        if delivery is not None:
            verdicts.append(from_delivery(delivery, facts.now))
            continue
        verdict = None
        for check in NO_ROW_CHECKS:
            verdict = await check(facts, channel)
            if verdict is not None:
                break
        verdicts.append(verdict or (
            Verdict(Reason.NOT_IN_AUDIENCE, "the audience was resolved at "
                    f"{facts.publication.audience_resolved_at.isoformat()}, before this "
                    "subscriber qualified", channel.id) if resolved and
            facts.publication.audience_resolved_at else
            Verdict(Reason.WILL_RECEIVE, "not published yet; nothing stands in the way",
                    channel.id)))
    return verdicts
