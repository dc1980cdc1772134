"""What SES tells us about a message after sending: engagement events, the suppression
list and subscriber status.

Input is the `Message` of a *verified* SNS notification (see `domain.engagement.sns`),
in either of SES's two shapes: configuration-set event publishing (`eventType`) or
identity notifications (`notificationType`). Handled:

* Bounce, `bounceType` Permanent → a `bounce` event per bounced recipient; the address
  is suppressed and its subscriber marked `bounced`.
* Bounce, Transient / Undetermined → a `soft_bounce` event. A subscriber with
  `soft_bounce_threshold` soft bounces since their last `delivery` event is suppressed
  and marked `bounced` too: a mailbox that has been full for weeks hurts reputation like
  a dead one, while one delivery in between shows the address still works.
* Complaint → `complaint` event, suppression, subscriber `complained`.
* Delivery → `delivery` event and `Delivery.delivered_at` (the ledger `status` stays
  `sent`: completion and alert counts read it).
* DeliveryDelay → `delivery_delay` event.
* Everything else (Send, Reject, Open, Click, Rendering Failure, …) is acknowledged and
  ignored: opens and clicks come from our own pixel and links, counting SES's as well
  would count them twice.

Matching a send: by the EmailTags the SES transport attaches (`delivery_id`, checked
against the `publication_id` / `channel_id` tags so a topic shared with another
environment cannot attach an event to an unrelated row), else by
`Delivery.provider_message_id` = SES's `mail.messageId`.

**Unknown sends** (no usable tag, no matching message id: mail sent by another system
through the same topic, or a send whose row was deleted) record *no event* (an event
that no publication owns cannot be counted or shown anywhere), but a hard bounce or a
complaint still suppresses the address and marks a subscriber with that email: the
address is bad, or its owner objects, whoever sent to it.

**Replays**: events carry `dedupe_key` = `sns:<MessageId>` (plus a per-recipient suffix
when one notification names several), so a notification delivered twice records once.
Suppression and status changes are not skipped for a replay: they are idempotent, and
running them again is what makes a crash between recording and suppressing heal itself
when SNS retries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import Any

from tortoise import Tortoise

from domain.audience.models import SubscriberStatus
from domain.engagement.models import EventType
from domain.engagement.recorder import EngagementInput, record_events
from domain.engagement.suppression import suppress
from domain.principals.actor import SYSTEM
from domain.principals.service import audit

logger = logging.getLogger(__name__)

DEFAULT_SOFT_BOUNCE_THRESHOLD = 3
MAX_DETAIL_CHARS = 500

REASON_HARD_BOUNCE = "hard_bounce"
REASON_COMPLAINT = "complaint"
REASON_SOFT_BOUNCES = "repeated_soft_bounce"

#: statuses a new status may replace: complained says more than bounced, which says more
#: than unsubscribed (see domain.audience.unsubscribe)
_REPLACEABLE = {
    SubscriberStatus.BOUNCED: ("active", "unsubscribed"),
    SubscriberStatus.COMPLAINED: ("active", "unsubscribed", "bounced"),
}


@dataclass(frozen=True, slots=True)
class SendRef:
    """The delivery row an event belongs to (what the rollups and events need)."""

    delivery_id: int
    publication_id: int
    channel_id: int
    subscriber_id: int | None
    recipient: str


@dataclass(frozen=True, slots=True)
class RecipientReport:
    """One recipient's part of an SES notification."""

    address: str
    type: EventType
    details: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class SesEvent:
    kind: str
    occurred_at: dt.datetime
    ses_message_id: str | None
    tags: Mapping[str, Sequence[str]]
    reports: Sequence[RecipientReport]


@dataclass(frozen=True, slots=True)
class ProviderEventOutcome:
    """What handling one notification did; the HTTP layer answers it and logs it."""

    kind: str
    recorded: int = 0
    duplicates: int = 0
    matched: bool = False
    suppressed: tuple[str, ...] = ()
    ignored: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "recorded": self.recorded, "duplicates": self.duplicates,
                "matched": self.matched, "suppressed": len(self.suppressed),
                "ignored": self.ignored}


@dataclass(slots=True)
class _Effects:
    suppressed: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------- parsing


def _text(value: object, limit: int = MAX_DETAIL_CHARS) -> str | None:
    return str(value)[:limit] if value is not None else None


def _address(value: object) -> str | None:
    """A bare, lower-cased address ("Name <a@b>" tolerated), or None if it is not one."""
    if not isinstance(value, str):
        return None
    address = parseaddr(value)[1].strip().lower()
    return address if "@" in address and len(address) <= 320 else None


def _moment(value: object, fallback: dt.datetime) -> dt.datetime:
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return fallback
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return fallback


def _section(payload: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = payload.get(name)
    return value if isinstance(value, dict) else {}


def _entries(section: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    """A recipients list, whether its items are objects or bare address strings."""
    items = section.get(name)
    if not isinstance(items, list):
        return []
    return [item if isinstance(item, dict) else {"emailAddress": item} for item in items]


def _bounce_reports(section: Mapping[str, Any]) -> list[RecipientReport]:
    permanent = section.get("bounceType") == "Permanent"
    kind = EventType.BOUNCE if permanent else EventType.SOFT_BOUNCE
    shared = {"bounce_type": _text(section.get("bounceType")),
              "bounce_sub_type": _text(section.get("bounceSubType")),
              "feedback_id": _text(section.get("feedbackId"))}
    return [RecipientReport(address, kind, {
        **shared, "action": _text(entry.get("action")), "status": _text(entry.get("status")),
        "diagnostic_code": _text(entry.get("diagnosticCode"))})
        for entry in _entries(section, "bouncedRecipients")
        if (address := _address(entry.get("emailAddress")))]


def _complaint_reports(section: Mapping[str, Any]) -> list[RecipientReport]:
    details = {"feedback_type": _text(section.get("complaintFeedbackType")),
               "complaint_sub_type": _text(section.get("complaintSubType")),
               "feedback_id": _text(section.get("feedbackId"))}
    return [RecipientReport(address, EventType.COMPLAINT, details)
            for entry in _entries(section, "complainedRecipients")
            if (address := _address(entry.get("emailAddress")))]


def _delivery_reports(section: Mapping[str, Any]) -> list[RecipientReport]:
    details = {"smtp_response": _text(section.get("smtpResponse")),
               "processing_time_ms": section.get("processingTimeMillis"),
               "reporting_mta": _text(section.get("reportingMTA"))}
    return [RecipientReport(address, EventType.DELIVERY, details)
            for entry in _entries(section, "recipients")
            if (address := _address(entry.get("emailAddress")))]


def _delay_reports(section: Mapping[str, Any]) -> list[RecipientReport]:
    shared = {"delay_type": _text(section.get("delayType")),
              "expiration_time": _text(section.get("expirationTime"))}
    return [RecipientReport(address, EventType.DELIVERY_DELAY, {
        **shared, "status": _text(entry.get("status")),
        "diagnostic_code": _text(entry.get("diagnosticCode"))})
        for entry in _entries(section, "delayedRecipients")
        if (address := _address(entry.get("emailAddress")))]


_HANDLED = {
    "Bounce": ("bounce", _bounce_reports),
    "Complaint": ("complaint", _complaint_reports),
    "Delivery": ("delivery", _delivery_reports),
    "DeliveryDelay": ("deliveryDelay", _delay_reports),
}


def _tags(mail: Mapping[str, Any]) -> dict[str, list[str]]:
    tags = mail.get("tags")
    if not isinstance(tags, dict):
        return {}
    return {str(name): [str(value) for value in values] if isinstance(values, list)
            else [str(values)] for name, values in tags.items()}


def parse_ses_event(message: str, received_at: dt.datetime | None = None) -> SesEvent | None:
    """The handled part of an SES notification, or None for anything else (another
    event type, or a message on the topic that is not from SES at all)."""
    try:
        payload = json.loads(message)
    except ValueError:
        return None
    if not isinstance(payload, dict):
        return None
    kind = payload.get("eventType") or payload.get("notificationType")
    if kind not in _HANDLED:
        return None
    section_name, reports_of = _HANDLED[kind]
    section = _section(payload, section_name)
    mail = _section(payload, "mail")
    now = received_at or dt.datetime.now(dt.UTC)
    occurred_at = _moment(section.get("timestamp"), _moment(mail.get("timestamp"), now))
    return SesEvent(kind, occurred_at, _text(mail.get("messageId"), 256), _tags(mail),
                    reports_of(section))


# ---------------------------------------------------------------------------- matching

_SEND_COLUMNS = "id, publication_id, channel_id, subscriber_id, recipient"


def _send(row: Mapping[str, Any]) -> SendRef:
    return SendRef(row["id"], row["publication_id"], row["channel_id"],
                   row["subscriber_id"], row["recipient"])


def _tag_int(tags: Mapping[str, Sequence[str]], name: str) -> int | None:
    values = tags.get(name) or []
    return int(values[0]) if values and values[0].isdigit() and len(values[0]) < 19 else None


async def send_by_id(delivery_id: int) -> SendRef | None:
    rows = await Tortoise.get_connection("default").execute_query_dict(
        f"SELECT {_SEND_COLUMNS} FROM delivery WHERE id = $1", [delivery_id])
    return _send(rows[0]) if rows else None


async def send_by_provider_message_id(message_id: str) -> SendRef | None:
    rows = await Tortoise.get_connection("default").execute_query_dict(
        f"SELECT {_SEND_COLUMNS} FROM delivery WHERE provider_message_id = $1 "
        "ORDER BY id LIMIT 1", [message_id])
    return _send(rows[0]) if rows else None


async def _send_by_tags(tags: Mapping[str, Sequence[str]]) -> SendRef | None:
    delivery_id = _tag_int(tags, "delivery_id")
    if delivery_id is None:
        return None
    send = await send_by_id(delivery_id)
    if send is None:
        return None
    for name, actual in (("publication_id", send.publication_id),
                         ("channel_id", send.channel_id)):
        tagged = _tag_int(tags, name)
        if tagged is not None and tagged != actual:
            logger.warning("SES event tags name delivery %s but %s %s (row has %s): "
                           "not ours, ignoring the tag", delivery_id, name, tagged, actual)
            return None
    return send


async def find_send(event: SesEvent) -> SendRef | None:
    """Tags first (they survive a retried send with a new message id), then the id."""
    send = await _send_by_tags(event.tags)
    if send is None and event.ses_message_id:
        send = await send_by_provider_message_id(event.ses_message_id)
    return send


async def subscriber_for(address: str, send: SendRef | None) -> int | None:
    """The send's subscriber when the address is the send's, else whoever has it."""
    if send is not None and send.recipient.strip().lower() == address:
        return send.subscriber_id
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT id FROM subscriber WHERE email = ANY($1::varchar[]) ORDER BY id LIMIT 1",
        [[address]])
    return rows[0]["id"] if rows else None


# ---------------------------------------------------------------------------- effects


async def mark_subscriber(subscriber_id: int, status: SubscriberStatus,
                          details: Mapping[str, Any]) -> bool:
    """Move the subscriber to `status` unless their status already says more; audited
    when it changes. Returns whether it changed."""
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "UPDATE subscriber SET status = $2, updated_at = now() "
        "WHERE id = $1 AND status = ANY($3::varchar[]) RETURNING id",
        [subscriber_id, status.value, list(_REPLACEABLE[status])])
    if rows:
        await audit(SYSTEM, f"subscriber.{status.value}", "subscriber", subscriber_id,
                    dict(details))
    return bool(rows)


async def stop_mailing(address: str, subscriber_id: int | None, reason: str,
                       status: SubscriberStatus, details: Mapping[str, Any]) -> bool:
    """Suppress `address` and mark its subscriber; both idempotent. Returns whether the
    address was newly suppressed."""
    added = await suppress(address, reason, details)
    if subscriber_id is not None:
        await mark_subscriber(subscriber_id, status, {"reason": reason, **details})
    if added:
        logger.info("suppressed %s (%s)", address, reason)
    return added


_SOFT_BOUNCES_SINCE_DELIVERY = """
SELECT count(*) AS soft_bounces FROM engagement_event
WHERE subscriber_id = $1 AND type = 'soft_bounce'
  AND occurred_at > coalesce((SELECT max(occurred_at) FROM engagement_event
                              WHERE subscriber_id = $1 AND type = 'delivery'),
                             '-infinity'::timestamptz)
"""


async def soft_bounces_since_delivery(subscriber_id: int) -> int:
    rows = await Tortoise.get_connection("default").execute_query_dict(
        _SOFT_BOUNCES_SINCE_DELIVERY, [subscriber_id])
    return int(rows[0]["soft_bounces"])


async def mark_delivered(delivery_id: int, at: dt.datetime) -> None:
    """The first delivery report wins; a replay or a later report changes nothing."""
    await Tortoise.get_connection("default").execute_query(
        "UPDATE delivery SET delivered_at = $2, updated_at = now() "
        "WHERE id = $1 AND delivered_at IS NULL", [delivery_id, at])


async def _apply(report: RecipientReport, subscriber_id: int | None, send: SendRef | None,
                 occurred_at: dt.datetime, details: Mapping[str, Any],
                 soft_bounce_threshold: int, effects: _Effects) -> None:
    added = False
    if report.type is EventType.BOUNCE:
        added = await stop_mailing(report.address, subscriber_id, REASON_HARD_BOUNCE,
                                   SubscriberStatus.BOUNCED, details)
    elif report.type is EventType.COMPLAINT:
        added = await stop_mailing(report.address, subscriber_id, REASON_COMPLAINT,
                                   SubscriberStatus.COMPLAINED, details)
    elif report.type is EventType.SOFT_BOUNCE and subscriber_id is not None:
        count = await soft_bounces_since_delivery(subscriber_id)
        if count >= soft_bounce_threshold:
            added = await stop_mailing(report.address, subscriber_id, REASON_SOFT_BOUNCES,
                                       SubscriberStatus.BOUNCED,
                                       {**details, "soft_bounces": count})
    elif report.type is EventType.DELIVERY and send is not None:
        await mark_delivered(send.delivery_id, occurred_at)
    if added:
        effects.suppressed.append(report.address)


# ---------------------------------------------------------------------------- handling


def dedupe_key(sns_message_id: str, address: str, recipients: int) -> str:
    """`sns:<MessageId>`, plus a hash of the address when the notification names several
    recipients (a hash: addresses can be long, the column holds 200 characters)."""
    base = f"sns:{sns_message_id[:100]}"
    if recipients <= 1:
        return base
    return f"{base}:{hashlib.sha256(address.encode()).hexdigest()[:24]}"


def _event_input(event: SesEvent, report: RecipientReport, send: SendRef,
                 subscriber_id: int | None, key: str,
                 details: Mapping[str, Any]) -> EngagementInput:
    return EngagementInput(
        report.type, event.occurred_at, delivery_id=send.delivery_id,
        publication_id=send.publication_id, channel_id=send.channel_id,
        subscriber_id=subscriber_id, dedupe_key=key, metadata=details)


async def handle_ses_message(sns_message_id: str, message: str, *,
                             soft_bounce_threshold: int = DEFAULT_SOFT_BOUNCE_THRESHOLD,
                             received_at: dt.datetime | None = None) -> ProviderEventOutcome:
    """Record and act on one verified SNS notification carrying an SES event."""
    event = parse_ses_event(message, received_at)
    if event is None:
        logger.info("SNS message %s is not an SES event we act on; ignored", sns_message_id)
        return ProviderEventOutcome("ignored", ignored=True)
    send = await find_send(event)
    if send is None:
        logger.info("SES %s for message %s matches no delivery: no event recorded",
                    event.kind, event.ses_message_id)
    inputs: list[EngagementInput] = []
    plans: list[tuple[RecipientReport, int | None, dict[str, Any]]] = []
    for report in event.reports:
        subscriber_id = await subscriber_for(report.address, send)
        details = {"provider": "ses", "sns_message_id": sns_message_id,
                   "ses_message_id": event.ses_message_id, "recipient": report.address,
                   "delivery_id": send.delivery_id if send else None,
                   **{name: value for name, value in report.details.items()
                      if value is not None}}
        plans.append((report, subscriber_id, details))
        if send is not None:
            key = dedupe_key(sns_message_id, report.address, len(event.reports))
            inputs.append(_event_input(event, report, send, subscriber_id, key, details))
    # events first, so a soft bounce counts itself towards the threshold
    result = await record_events(inputs)
    effects = _Effects()
    for report, subscriber_id, details in plans:
        await _apply(report, subscriber_id, send, event.occurred_at, details,
                     soft_bounce_threshold, effects)
    return ProviderEventOutcome(event.kind.lower(), result.recorded, result.duplicates,
                                matched=send is not None,
                                suppressed=tuple(effects.suppressed))
