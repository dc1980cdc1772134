"""Engagement events POSTed to us by other systems, signed per Standard Webhooks.

A provider or relay that is not SES (another ESP, an in-house MTA, a mobile app
reporting opens) reports events here. The shared secret (`INBOUND_WEBHOOK_SECRET`,
`whsec_` + base64) is the only authorisation, so nothing is parsed before the signature
checks out:

* `webhook-id`, `webhook-timestamp`, `webhook-signature` are all required;
* the timestamp must be within ±5 minutes of our clock, so a captured request cannot be
  replayed later (and the id dedupes replays inside the window);
* `webhook-signature` is a space-separated list of `v1,<base64 HMAC-SHA256 of
  "id.timestamp.body">`; any one matching (constant-time compare) is enough, which is
  how a sender rotates secrets. Other versions (e.g. `v1a` asymmetric) are ignored.

The body is `{"type": open|click|bounce|complaint|unsubscribe|delivery,
"delivery_id": … or "provider_message_id": …, "occurred_at": ISO 8601, "url"?,
"machine"?}`. The event is recorded with `dedupe_key` = `webhook:<webhook-id>` (the id
is the same on every retry of one event). A bounce here is a hard bounce and a
complaint a complaint: both suppress the address and mark the subscriber, as for SES;
an unsubscribe withdraws the subscriber's consent through the same function as the
one-click link, which records the `unsubscribe` event itself (once per subscriber, so
that is what dedupes it rather than the webhook id). An event naming a delivery we do
not know is acknowledged and dropped (retrying it could never succeed).
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from domain.audience.models import SubscriberStatus
from domain.audience.unsubscribe import UnsubscribeOutcome, unsubscribe
from domain.channels.webhook import sign as standard_webhook_signature
from domain.engagement.models import EventType
from domain.engagement.provider_events import (
    REASON_COMPLAINT,
    REASON_HARD_BOUNCE,
    SendRef,
    mark_delivered,
    send_by_id,
    send_by_provider_message_id,
    stop_mailing,
    subscriber_for,
)
from domain.engagement.recorder import EngagementInput, record_events
from domain.errors import InvalidInput

TOLERANCE_SECONDS = 300
MAX_WEBHOOK_ID_LENGTH = 150  # `webhook:` + id must fit the 200-character dedupe key
MAX_URL_LENGTH = 2000
#: how far `occurred_at` may be ahead of our clock before the event is refused
MAX_FUTURE = dt.timedelta(minutes=5)
UNSUBSCRIBE_SOURCE = "inbound-webhook"

_TYPES = {
    "open": EventType.OPEN, "click": EventType.CLICK, "bounce": EventType.BOUNCE,
    "complaint": EventType.COMPLAINT, "unsubscribe": EventType.UNSUBSCRIBE,
    "delivery": EventType.DELIVERY,
}


class WebhookRejected(Exception):
    """The request is not authenticated; nothing in it may be acted on."""

    code = "rejected"


class WebhookNotConfigured(WebhookRejected):
    code = "not_configured"


class MissingWebhookHeaders(WebhookRejected):
    code = "missing_headers"


class StaleWebhook(WebhookRejected):
    code = "stale_timestamp"


class BadWebhookSignature(WebhookRejected):
    code = "bad_signature"


class InvalidInboundEvent(Exception):
    """Authenticated, but the body is not an event we understand (answered 400)."""


@dataclass(frozen=True, slots=True)
class InboundEvent:
    type: EventType
    occurred_at: dt.datetime
    delivery_id: int | None = None
    provider_message_id: str | None = None
    url: str | None = None
    machine: bool = False


@dataclass(frozen=True, slots=True)
class InboundOutcome:
    recorded: int
    duplicates: int
    matched: bool

    def as_dict(self) -> dict[str, Any]:
        return {"recorded": self.recorded, "duplicates": self.duplicates,
                "matched": self.matched}


# ---------------------------------------------------------------------------- verifying


def _expected_signatures(secrets: Collection[str], webhook_id: str, timestamp: str,
                         body: bytes) -> list[str]:
    """What each secret would sign: the same Standard Webhooks signer our outgoing
    webhooks use (domain/channels/webhook.py)."""
    try:
        return [signature.split(",", 1)[1] for signature in
                standard_webhook_signature(list(secrets), webhook_id, int(timestamp),
                                           body).split()]
    except InvalidInput:
        raise WebhookNotConfigured("the inbound webhook secret is not whsec_<base64>") from None


def verify_webhook(secrets: Collection[str], headers: Mapping[str, str], body: bytes, *,
                   now: float | None = None, tolerance: int = TOLERANCE_SECONDS) -> str:
    """The verified `webhook-id`; raises a `WebhookRejected` otherwise."""
    if not secrets:
        raise WebhookNotConfigured("INBOUND_WEBHOOK_SECRET is not set")
    webhook_id = headers.get("webhook-id", "")
    timestamp = headers.get("webhook-timestamp", "")
    offered = headers.get("webhook-signature", "")
    if not webhook_id or not timestamp or not offered:
        raise MissingWebhookHeaders("webhook-id, webhook-timestamp and webhook-signature "
                                    "are required")
    if len(webhook_id) > MAX_WEBHOOK_ID_LENGTH:
        raise MissingWebhookHeaders("webhook-id is too long")
    if not timestamp.isdigit() or len(timestamp) > 12:
        raise StaleWebhook("webhook-timestamp is not Unix seconds")
    if abs((time.time() if now is None else now) - int(timestamp)) > tolerance:
        raise StaleWebhook("webhook-timestamp is outside the tolerance")
    candidates = [part.split(",", 1)[1] for part in offered.split()
                  if part.startswith("v1,")]
    expected = _expected_signatures(secrets, webhook_id, timestamp, body)
    # every comparison runs, so timing tells nothing about which one (if any) matched
    matches = [hmac.compare_digest(want.encode(), got.encode())
               for want in expected for got in candidates]
    if not any(matches):
        raise BadWebhookSignature("no webhook-signature matches")
    return webhook_id


# ---------------------------------------------------------------------------- parsing


def _occurred_at(value: object, now: dt.datetime) -> dt.datetime:
    if value is None:
        return now
    if not isinstance(value, str):
        raise InvalidInboundEvent("occurred_at must be an ISO 8601 string")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInboundEvent("occurred_at is not ISO 8601") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    if moment > now + MAX_FUTURE:
        raise InvalidInboundEvent("occurred_at is in the future")
    return moment


def _reference(document: Mapping[str, Any]) -> tuple[int | None, str | None]:
    delivery_id = document.get("delivery_id")
    message_id = document.get("provider_message_id")
    if isinstance(delivery_id, str) and delivery_id.isdigit():
        delivery_id = int(delivery_id)
    if delivery_id is not None and (isinstance(delivery_id, bool)
                                    or not isinstance(delivery_id, int)
                                    or not 0 < delivery_id < 2**63):
        raise InvalidInboundEvent("delivery_id must be a positive integer")
    if message_id is not None and (not isinstance(message_id, str) or not message_id
                                   or len(message_id) > 256):
        raise InvalidInboundEvent("provider_message_id must be a string of ≤256 characters")
    if delivery_id is None and message_id is None:
        raise InvalidInboundEvent("delivery_id or provider_message_id is required")
    return delivery_id, message_id


def parse_inbound_event(body: bytes, now: dt.datetime | None = None) -> InboundEvent:
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInboundEvent("body is not JSON") from None
    if not isinstance(document, dict):
        raise InvalidInboundEvent("body is not a JSON object")
    kind = _TYPES.get(document.get("type"))  # type: ignore[arg-type]
    if kind is None:
        raise InvalidInboundEvent(f"type must be one of {', '.join(_TYPES)}")
    delivery_id, message_id = _reference(document)
    url = document.get("url")
    if url is not None and (not isinstance(url, str) or len(url) > MAX_URL_LENGTH):
        raise InvalidInboundEvent(f"url must be a string of ≤{MAX_URL_LENGTH} characters")
    machine = document.get("machine", False)
    if not isinstance(machine, bool):
        raise InvalidInboundEvent("machine must be true or false")
    return InboundEvent(kind, _occurred_at(document.get("occurred_at"),
                                           now or dt.datetime.now(dt.UTC)),
                        delivery_id, message_id, url if kind is EventType.CLICK else None,
                        machine)


# ---------------------------------------------------------------------------- handling


async def _find(event: InboundEvent) -> SendRef | None:
    if event.delivery_id is not None:
        return await send_by_id(event.delivery_id)
    assert event.provider_message_id is not None
    return await send_by_provider_message_id(event.provider_message_id)


async def _apply(event: InboundEvent, send: SendRef, webhook_id: str) -> None:
    """The same consequences as the SES path; each is idempotent, so they run on a
    replay too (a crash after recording heals on the sender's retry)."""
    details = {"provider": "webhook", "webhook_id": webhook_id,
               "delivery_id": send.delivery_id}
    address = send.recipient.strip().lower()
    if event.type is EventType.BOUNCE and "@" in address:
        await stop_mailing(address, await subscriber_for(address, send), REASON_HARD_BOUNCE,
                           SubscriberStatus.BOUNCED, details)
    elif event.type is EventType.COMPLAINT and "@" in address:
        await stop_mailing(address, await subscriber_for(address, send), REASON_COMPLAINT,
                           SubscriberStatus.COMPLAINED, details)
    elif event.type is EventType.DELIVERY:
        await mark_delivered(send.delivery_id, event.occurred_at)


async def _unsubscribe(send: SendRef) -> InboundOutcome:
    """`domain.audience.unsubscribe` writes the `unsubscribe` event itself, in the
    transaction that changes the status, and only on the call that changed it: that is
    what dedupes a replay here, so no event of our own is recorded."""
    if send.subscriber_id is None:
        return InboundOutcome(0, 0, matched=True)
    result = await unsubscribe(send.subscriber_id, send.delivery_id, UNSUBSCRIBE_SOURCE)
    changed = result.outcome is UnsubscribeOutcome.UNSUBSCRIBED
    return InboundOutcome(int(changed), int(not changed), matched=True)


async def handle_inbound_event(webhook_id: str, event: InboundEvent) -> InboundOutcome:
    """Record one verified inbound event and apply what it implies."""
    send = await _find(event)
    if send is None:
        return InboundOutcome(0, 0, matched=False)
    if event.type is EventType.UNSUBSCRIBE:
        return await _unsubscribe(send)
    result = await record_events([EngagementInput(
        event.type, event.occurred_at, delivery_id=send.delivery_id,
        publication_id=send.publication_id, channel_id=send.channel_id,
        subscriber_id=send.subscriber_id, is_machine=event.machine, url=event.url,
        dedupe_key=f"webhook:{webhook_id}",
        metadata={"provider": "webhook", "webhook_id": webhook_id})])
    await _apply(event, send, webhook_id)
    return InboundOutcome(result.recorded, result.duplicates, matched=True)
