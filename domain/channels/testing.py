"""testChannel: send one test message through a channel and say what happened.

The sending itself is the delivery engine's (`DeliveryEngine.send_test`): the same
templates, circuit breaker, shared rate limiter, transport, signing and SSRF guard as a
real delivery, so a passing test means deliveries will pass too. This module holds what
is particular to a test: checking the request, the test publication and its recipient,
the result type, and the audit entry. It talks to the engine through `ChannelTester` so
the channels package does not import the deliveries package that builds on it.

A test writes no delivery row and does not count in channel health or delivery stats
(those describe deliveries); it does record breaker success/failure and honours the
destination's pauses, because the provider saw a real request (a passing test can close
a half-open breaker). A DISABLE outcome (Discord
404, Slack channel_not_found) is reported, never applied: a typo being tested must not
switch off a channel that is in use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Protocol

from domain.channels import explain
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.channels.service import get_channel
from domain.channels.transport import FailureReason, Outcome, OutcomeKind
from domain.errors import InvalidInput, Unavailable
from domain.principals.actor import Actor
from domain.principals.service import audit
from domain.templates.context import PublicationData
from domain.templates.models import Brand
from domain.validation import normalise_email

SERVICE_NAME = "Publishing"


@dataclass(frozen=True, slots=True)
class ChannelTestResult:
    ok: bool
    #: a sentence for the person testing: what happened, and what to check
    message: str
    reason: FailureReason | None = None
    status_code: int | None = None
    #: when to try again (rate limited, breaker open, provider asked to slow down)
    retry_after_seconds: float | None = None
    provider_message_id: str | None = None
    duration_ms: float | None = None
    #: a real delivery with this answer would have disabled the channel (a test does not)
    would_disable_channel: bool = False


class ChannelTester(Protocol):
    async def send_test(self, channel: Channel, *, recipient: str,
                        publication: PublicationData) -> ChannelTestResult:
        """Send `publication` to `channel` through the real path; never raises for what
        the destination answers."""


def probe_publication(sender: str, requested_by: str,
                      now: dt.datetime | None = None) -> PublicationData:
    """What a test sends: rendered through the channel's own templates and brand, so the
    test also shows that they render."""
    now = now or dt.datetime.now(dt.UTC)
    by = f" by {requested_by}" if requested_by else ""
    return PublicationData(
        id=None, title=f"Test message from {sender}",
        summary=f"This is a test of the channel's settings, sent{by}.",
        body=("If you can read this, deliveries to this destination work.\n\n"
              "No action is needed; it was not sent to any subscriber."),
        status="published", published_at=now, created_at=now, author=requested_by,
        topics=(("test", "Test"),))


def probe_recipient(channel: Channel, to: str | None) -> str:
    """Email: `to` (checked) or the channel's own sender address; others post to the
    channel itself, named like the ledger names channel-wide deliveries."""
    if channel.type is ChannelType.EMAIL:
        if to is not None:
            return normalise_email(to, "to")
        return str(channel.config.get("from_address") or "")
    if to is not None:
        raise InvalidInput("`to` applies to email channels only", field="to")
    return channel.name


def refused(reason: FailureReason, message: str, retry_after: float | None = None
            ) -> ChannelTestResult:
    """A test stopped before reaching the provider (breaker, limiter, setup)."""
    return ChannelTestResult(ok=False, reason=reason, message=message,
                             retry_after_seconds=retry_after)


def circuit_open(wait_seconds: float) -> ChannelTestResult:
    return refused(FailureReason.CIRCUIT_OPEN,
                   "Sending to this channel is paused by its circuit breaker after repeated "
                   f"failures; it lets a probe through in {explain.seconds_text(wait_seconds)}",
                   retry_after=round(wait_seconds, 3))


def held_back(channel_type: ChannelType, wait_seconds: float, provider_paused: bool
              ) -> ChannelTestResult:
    """Our shared limiter says wait: the provider's pause (a 429 earlier) or the channel's
    own rate, spent by deliveries in progress."""
    wait = explain.seconds_text(wait_seconds)
    if provider_paused:
        text = f"Rate limited by {explain.PROVIDER[channel_type]}; try again in {wait}"
    else:
        text = (f"The channel's sending rate is used up (deliveries in progress share it); "
                f"try again in {wait}")
    return refused(FailureReason.RATE_LIMITED, text, retry_after=round(wait_seconds, 3))


def from_outcome(outcome: Outcome, channel_type: ChannelType, *, recipient: str,
                 secret_names: list[str], duration_ms: float) -> ChannelTestResult:
    duration = round(duration_ms, 1)
    if outcome.kind is OutcomeKind.SENT:
        return ChannelTestResult(
            ok=True, message=explain.delivered(channel_type, outcome, recipient),
            status_code=outcome.status_code, provider_message_id=outcome.provider_message_id,
            duration_ms=duration)
    reason = explain.reason_for(outcome)
    message = explain.explain(outcome, reason, channel_type, secret_names)
    disable = outcome.kind is OutcomeKind.DISABLE
    if disable:
        message += ". A delivery getting this answer would disable the channel; the test " \
                   "left it as it is"
    return ChannelTestResult(
        ok=False, reason=reason, message=message, status_code=outcome.status_code,
        retry_after_seconds=outcome.retry_after, duration_ms=duration,
        would_disable_channel=disable)


async def _sender_name(channel: Channel) -> str:
    brand = await Brand.get_or_none(id=channel.brand_id) if channel.brand_id else None
    return (brand.sender_name or brand.name) if brand is not None else SERVICE_NAME


def _status_note(channel: Channel, result: ChannelTestResult) -> ChannelTestResult:
    """A test of a paused or disabled channel works, but deliveries stay off: say so."""
    if channel.status is ChannelStatus.ACTIVE:
        return result
    note = (f" (the channel is {channel.status.value}: deliveries stay off until it is set "
            "ACTIVE)")
    return replace(result, message=result.message + note)


async def run_channel_test(tester: ChannelTester | None, actor: Actor, channel_id: int,
                           to: str | None = None) -> ChannelTestResult:
    """Check the request, send the test, audit who tested what and how it went."""
    channel = await get_channel(channel_id)
    if channel.type is ChannelType.RSS:
        raise InvalidInput("rss channels publish a feed and send nothing; open the feed to "
                           "check it", field="id")
    recipient = probe_recipient(channel, to)
    if tester is None:
        raise Unavailable("channel tests need the delivery runtime (Redis and the "
                          "transports), which this process does not run")
    publication = probe_publication(await _sender_name(channel), actor.name)
    result = _status_note(channel, await tester.send_test(
        channel, recipient=recipient, publication=publication))
    await audit(actor, "channel.test", "channel", channel.id, {
        "ok": result.ok, "reason": result.reason.value if result.reason else None,
        "status_code": result.status_code,
        **({"to": recipient} if channel.type is ChannelType.EMAIL else {})})
    return result
