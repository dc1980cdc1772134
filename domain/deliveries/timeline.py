"""A delivery's whole story, oldest first: queued, every attempt and wait, what the
provider reported afterwards (delivered, bounce, complaint) and what the reader did (open,
click, unsubscribe).

Attempts and waits come from `delivery_attempt` (written with each outcome, see
domain.deliveries.ledger); provider reports and engagement from `engagement_event` (its
`(delivery_id, type)` index); the rest from the ledger row itself. Two indexed reads for
any number of deliveries (`histories`), at most MAX_EVENTS entries of each kind apiece.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise import Tortoise

from domain.deliveries.models import AttemptKind, Delivery, DeliveryStatus
from domain.engagement.models import EventType

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


def _attempt_entry(row: dict[str, Any]) -> TimelineEntry:
    if row["kind"] == AttemptKind.ATTEMPT.value:
        return TimelineEntry(
            at=row["at"], kind=row["kind"], attempt=row["attempt"],
            destination=row["destination"], status_code=row["status_code"],
            latency_ms=row["latency_ms"], wait_ms=row["wait_ms"], outcome=row["outcome"],
            error_class=row["error_class"], error=row["error"],
            provider_message_id=row["provider_message_id"])
    return TimelineEntry(at=row["at"], kind=row["kind"], attempt=row["attempt"],
                         wait_ms=row["wait_ms"], times=row["times"], last_at=row["last_at"])


def _event_entry(row: dict[str, Any]) -> TimelineEntry:
    kind = EventType(row["type"])
    detail = None
    if kind in PROVIDER_EVENTS:
        metadata = row["metadata"]
        metadata = json.loads(metadata) if isinstance(metadata, str) else (metadata or {})
        detail = " / ".join(str(metadata[key]) for key in DETAIL_KEYS
                            if metadata.get(key))[:300] or None
    return TimelineEntry(at=row["occurred_at"], kind=kind.value,
                         url=row["url"] if kind is EventType.CLICK else None,
                         machine=row["is_machine"], detail=detail)


@dataclass(frozen=True, slots=True)
class History:
    """The attempt log and the events of one delivery (at most MAX_EVENTS of each)."""

    attempts: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)


_ATTEMPTS = """
SELECT * FROM (
    SELECT a.*, row_number() OVER (PARTITION BY a.delivery_id ORDER BY a.at, a.id) AS n
    FROM delivery_attempt a WHERE a.delivery_id = ANY($1::bigint[])) ranked
WHERE n <= $2 ORDER BY delivery_id, at, id
"""
_EVENTS = """
SELECT * FROM (
    SELECT e.delivery_id, e.type, e.occurred_at, e.url, e.is_machine, e.metadata, e.id,
           row_number() OVER (PARTITION BY e.delivery_id ORDER BY e.occurred_at, e.id) AS n
    FROM engagement_event e WHERE e.delivery_id = ANY($1::bigint[])) ranked
WHERE n <= $2 ORDER BY delivery_id, occurred_at, id
"""


async def histories(delivery_ids: Sequence[int]) -> dict[int, History]:
    """The histories of many deliveries in two queries (a page of deliveries with their
    timelines costs the same as one)."""
    connection = Tortoise.get_connection("default")
    ids = sorted(set(delivery_ids))
    found: dict[int, History] = {delivery_id: History() for delivery_id in ids}
    for row in await connection.execute_query_dict(_ATTEMPTS, [ids, MAX_EVENTS]):
        found[row["delivery_id"]].attempts.append(row)
    for row in await connection.execute_query_dict(_EVENTS, [ids, MAX_EVENTS]):
        found[row["delivery_id"]].events.append(row)
    return found


def assemble(delivery: Delivery, history: History) -> list[TimelineEntry]:
    """Everything that happened to `delivery`, oldest first."""
    entries = [TimelineEntry(at=delivery.created_at, kind="queued",
                             detail=f"lane {delivery.lane.value}")]
    entries += [_attempt_entry(row) for row in history.attempts]
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
    entries += [_event_entry(row) for row in history.events]
    entries.sort(key=lambda entry: entry.at)
    return entries


async def timeline(delivery: Delivery) -> list[TimelineEntry]:
    return assemble(delivery, (await histories([delivery.id]))[delivery.id])
