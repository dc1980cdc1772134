"""exportSubscriberData: everything the service holds about one person, as one JSON
document (a data-subject access request).

Read from every place erasure (domain.privacy.erasure) clears: the subscriber row,
preferences, interest profile, experiment assignments, ledger rows, engagement events,
tracked links their messages or clicks used that carry their address, their entry on the
suppression list, audit entries about them, and import errors that quote them. Lists
are newest first and capped (MAX_ROWS each; `truncated` names the lists that were cut),
so one export never loads a lifetime of events into memory.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from typing import Any

from tortoise import Tortoise

from domain.audience.models import Subscriber, SubscriberPreference
from domain.audience.service import get_subscriber
from domain.deliveries.models import Delivery
from domain.engagement.models import EngagementEvent
from domain.engagement.suppression import address_hash
from domain.experiments.models import Assignment
from domain.personalization.models import ActiveHour, ChannelResponsiveness, TopicAffinity
from domain.principals.actor import Actor
from domain.principals.models import AuditLogEntry
from domain.principals.service import audit

#: rows per list in one export
MAX_ROWS = 10_000
FORMAT_VERSION = 1

_SUPPRESSION = ("SELECT reason, created_at, email LIKE 'sha256:%' AS hashed "
                "FROM suppressed_address WHERE email = ANY($1::varchar[])")

# links of the publications they were sent, whose URL carries their address
_LINKS = """
SELECT l.id, l.publication_id, l.url, l.created_at FROM tracked_link l
WHERE l.publication_id IN (SELECT publication_id FROM delivery WHERE subscriber_id = $1)
  AND (strpos(lower(l.url), $2) > 0 OR strpos(lower(l.url), $3) > 0)
ORDER BY l.id DESC LIMIT $4
"""

_IMPORT_ERRORS = """
SELECT j.id, e.value AS error FROM import_job j, jsonb_array_elements(j.errors) e
WHERE strpos(lower(e.value::text), $1) > 0 ORDER BY j.id DESC LIMIT $2
"""


def _time(value: dt.datetime | dt.time | None) -> str | None:
    return None if value is None else value.isoformat()


async def subscriber_data(actor: Actor, subscriber_id: int) -> dict[str, Any]:
    """The document; NotFound when there is no such subscriber. Audited (who read it)."""
    subscriber = await get_subscriber(subscriber_id)
    await audit(actor, "subscriber.export", "subscriber", subscriber.id)
    truncated: list[str] = []

    async def capped(name: str, rows: list[Any]) -> list[Any]:
        if len(rows) > MAX_ROWS:
            truncated.append(name)
            return rows[:MAX_ROWS]
        return rows

    email = (subscriber.email or "").lower()
    preferences = await SubscriberPreference.filter(subscriber_id=subscriber.id).order_by(
        "id").values("topic__slug", "channel__name", "frequency")
    deliveries = await Delivery.filter(subscriber_id=subscriber.id).order_by("-id").limit(
        MAX_ROWS + 1).values(
        "id", "publication_id", "publication__title", "channel__name", "recipient", "status",
        "attempts", "last_error", "provider_message_id", "sent_at", "delivered_at",
        "deferred_until", "deferral_reason", "created_at")
    events = await EngagementEvent.filter(subscriber_id=subscriber.id).order_by("-id").limit(
        MAX_ROWS + 1).values("id", "type", "occurred_at", "delivery_id", "publication_id",
                             "channel_id", "is_machine", "url", "metadata")
    connection = Tortoise.get_connection("default")
    links = await connection.execute_query_dict(
        _LINKS, [subscriber.id, email, email.replace("@", "%40"), MAX_ROWS + 1]) if email else []
    suppression = await connection.execute_query_dict(
        _SUPPRESSION, [[email, address_hash(email)]]) if email else []
    imports = await connection.execute_query_dict(
        _IMPORT_ERRORS, [email, MAX_ROWS + 1]) if email else []
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(),
        "subscriber": _profile(subscriber),
        "preferences": [{"topic": row["topic__slug"], "channel": row["channel__name"],
                         "frequency": str(row["frequency"])} for row in preferences],
        "interest_profile": await _interest_profile(subscriber.id),
        "experiment_assignments": [_plain(row) for row in await Assignment.filter(
            subscriber_id=subscriber.id).order_by("id").values(
            "experiment__name", "variant__name", "assigned_at")],
        "deliveries": await capped("deliveries", [_plain(row) for row in deliveries]),
        "engagement_events": await capped("engagement_events", [_plain(row) for row in events]),
        "tracked_links": await capped("tracked_links", [_plain(row) for row in links]),
        "suppression": [_plain(row) for row in suppression],
        "audit_log": [_plain(row) for row in await AuditLogEntry.filter(
            target_type="subscriber", target_id=str(subscriber.id)).order_by("-id").limit(
            MAX_ROWS).values("action", "actor_name", "occurred_at", "details")],
        "import_errors": await capped("import_errors", [
            {"import_job_id": row["id"], "error": json.loads(row["error"])}
            for row in imports]),
        "truncated": truncated,
    }


def _profile(subscriber: Subscriber) -> dict[str, Any]:
    return {
        "id": subscriber.id, "email": subscriber.email, "external_id": subscriber.external_id,
        "name": subscriber.name, "attributes": subscriber.attributes,
        "timezone": subscriber.timezone, "locale": subscriber.locale,
        "status": subscriber.status.value,
        "consent_given_at": _time(subscriber.consent_given_at),
        "consent_withdrawn_at": _time(subscriber.consent_withdrawn_at),
        "quiet_hours_start": _time(subscriber.quiet_hours_start),
        "quiet_hours_end": _time(subscriber.quiet_hours_end),
        "daily_cap": subscriber.daily_cap, "channel_order": subscriber.channel_order,
        "created_at": _time(subscriber.created_at), "updated_at": _time(subscriber.updated_at),
    }


async def _interest_profile(subscriber_id: int) -> dict[str, Any]:
    topics = await TopicAffinity.filter(subscriber_id=subscriber_id).order_by(
        "-score").values("topic__slug", "score", "opens", "clicks", "scored_at")
    channels = await ChannelResponsiveness.filter(subscriber_id=subscriber_id).order_by(
        "id").values("channel__name", "sent", "engaged", "last_engaged_at")
    hours = await ActiveHour.filter(subscriber_id=subscriber_id).order_by("hour").values(
        "hour", "events")
    return {"topics": [_plain(row) for row in topics],
            "channels": [_plain(row) for row in channels],
            "active_hours": [_plain(row) for row in hours]}


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready values: times as ISO 8601, enums as their value."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dt.datetime | dt.date | dt.time):
            value = value.isoformat()
        elif isinstance(value, Enum):
            value = value.value
        out[key.replace("__", "_")] = value
    return out
