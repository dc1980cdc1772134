"""A delivery's whole story, oldest first: queued, every attempt and wait, what the
provider reported afterwards (delivered, bounce, complaint) and what the reader did (open,
click, unsubscribe).

Attempts and waits come from `delivery_attempt` (written with each outcome, see
domain.deliveries.ledger); provider reports and engagement from `engagement_event` (its
`(delivery_id, type)` index); the rest from the ledger row itself. Three indexed reads,
whatever the delivery's history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.deliveries.models import AttemptKind, Delivery, DeliveryAttempt, DeliveryStatus
from domain.engagement.models import EngagementEvent, EventType

PROVIDER_EVENTS = frozenset({EventType.DELIVERY, EventType.DELIVERY_DELAY, EventType.BOUNCE,
                             EventType.SOFT_BOUNCE, EventType.COMPLAINT})
#: what a provider report says that helps (SES bounce and complaint types, SMTP answer)
DETAIL_KEYS = ("bounce_type", "bounce_sub_type", "feedback_type", "diagnostic_code",
               "smtp_response")
#: the most entries of each source one timeline shows (a reader who opened a message a
#: thousand times does not make the timeline a thousand entries long)
MAX_EVENTS = 200


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: dt.datetime
    #: `queued`, `attempt`, `circuit_open`, `rate_limited`, `held`, `skipped`, `suppressed`,
    #: or an engagement event type (`delivery`, `bounce`, `complaint`, `open`, `click`, …)
    kind: str
    attempt: int | None = None
    destination: str | None = None
    status_code: int | None = None
    latency_ms: float | None = None
    wait_ms: float | None = None
    #: a wait: how often it turned the delivery away, and when it last did
    times: int | None = None
    last_at: dt.datetime | None = None
    #: an attempt: sent, retry, failed or dead
    outcome: str | None = None
    error_class: str | None = None
    error: str | None = None
    provider_message_id: str | None = None
    url: str | None = None
    machine: bool | None = None
    detail: str | None = None


def _attempt_entry(row: DeliveryAttempt) -> TimelineEntry:
    if row.kind is AttemptKind.ATTEMPT:
        return TimelineEntry(
            at=row.at, kind=row.kind.value, attempt=row.attempt, destination=row.destination,
            status_code=row.status_code, latency_ms=row.latency_ms, wait_ms=row.wait_ms,
            outcome=row.outcome, error_class=row.error_class, error=row.error,
            provider_message_id=row.provider_message_id)
    return TimelineEntry(at=row.at, kind=row.kind.value, attempt=row.attempt,
                         wait_ms=row.wait_ms, times=row.times, last_at=row.last_at)


def _event_entry(event: EngagementEvent) -> TimelineEntry:
    detail = None
    if event.type in PROVIDER_EVENTS:
        metadata = event.metadata or {}
        detail = " / ".join(str(metadata[key]) for key in DETAIL_KEYS
                            if metadata.get(key))[:300] or None
    return TimelineEntry(at=event.occurred_at, kind=event.type.value,
                         url=event.url if event.type is EventType.CLICK else None,
                         machine=event.is_machine, detail=detail)


async def timeline(delivery: Delivery) -> list[TimelineEntry]:
    """Everything that happened to `delivery`, oldest first."""
    entries = [TimelineEntry(at=delivery.created_at, kind="queued",
                             detail=f"lane {delivery.lane.value}")]
    attempts = await DeliveryAttempt.filter(delivery_id=delivery.id).order_by(
        "at", "id").limit(MAX_EVENTS)
    entries += [_attempt_entry(row) for row in attempts]
    if delivery.deferred_until is not None:
        entries.append(TimelineEntry(at=delivery.deferred_until, kind="held",
                                     detail=f"{delivery.deferral_reason or 'held'} until "
                                            f"{delivery.deferred_until.isoformat()}"))
    if delivery.status in (DeliveryStatus.SKIPPED, DeliveryStatus.SUPPRESSED):
        entries.append(TimelineEntry(at=delivery.updated_at, kind=delivery.status.value,
                                     detail=delivery.last_error))
    elif delivery.status is DeliveryStatus.HELD:
        entries.append(TimelineEntry(at=delivery.updated_at, kind="held",
                                     detail="waits for the experiment's decision"))
    events = await EngagementEvent.filter(delivery_id=delivery.id).order_by(
        "occurred_at", "id").limit(MAX_EVENTS)
    entries += [_event_entry(event) for event in events]
    entries.sort(key=lambda entry: entry.at)
    return entries
