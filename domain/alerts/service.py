"""High-priority alerts: created, sent on their own lane, tracked per channel.

An alert is a publication with priority high or critical that skips the review queue
(speed is the point; only editors and admins may raise one) and whose deliveries go
through the alerts lane: their own queue, workers, rate-limit buckets and breakers, so a
bulk send in progress never delays them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from tortoise import Tortoise
from tortoise.transactions import in_transaction

from domain.alerts.models import Alert, AlertStatus
from domain.audience.models import Topic
from domain.channels.models import Channel
from domain.channels.ssrf import TargetResolver
from domain.errors import InvalidInput, NotFound
from domain.intelligence import gating
from domain.intelligence.checks.runner import CheckEnvironment
from domain.principals.actor import Actor
from domain.principals.service import audit, principal_for
from domain.publications.models import Priority, Publication, PublicationStatus
from domain.validation import optional_text, require_text

DEFAULT_DEADLINE = dt.timedelta(seconds=30)
#: channels whose message lands in front of people soonest go first
CHANNEL_ORDER = {"webhook": 0, "slack": 0, "discord": 1, "email": 2, "rss": 3}


class ChannelDeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ChannelProgress:
    channel_id: int
    channel_name: str
    channel_type: str
    status: str
    delivered: int
    failed: int
    pending: int
    error: str | None


@dataclass(frozen=True, slots=True)
class AlertState:
    alert_id: int
    publication_id: int
    status: AlertStatus
    deadline_at: dt.datetime
    deadline_missed: bool
    first_delivered_at: dt.datetime | None
    completed_at: dt.datetime | None
    channels: list[ChannelProgress]

    def to_event(self) -> dict[str, Any]:
        return {
            "kind": "alert", "alert_id": self.alert_id, "publication_id": self.publication_id,
            "status": self.status.value, "deadline_at": self.deadline_at.isoformat(),
            "deadline_missed": self.deadline_missed,
            "first_delivered_at": self.first_delivered_at.isoformat()
            if self.first_delivered_at else None,
            "completed_at": self.completed_at.isoformat() if self.completed_at else None,
            "channels": [asdict(channel) for channel in self.channels],
        }

    @classmethod
    def from_event(cls, payload: dict[str, Any]) -> AlertState:
        def when(value: str | None) -> dt.datetime | None:
            return dt.datetime.fromisoformat(value) if value else None

        return cls(
            alert_id=payload["alert_id"], publication_id=payload["publication_id"],
            status=AlertStatus(payload["status"]),
            deadline_at=dt.datetime.fromisoformat(payload["deadline_at"]),
            deadline_missed=payload["deadline_missed"],
            first_delivered_at=when(payload["first_delivered_at"]),
            completed_at=when(payload["completed_at"]),
            channels=[ChannelProgress(**channel) for channel in payload["channels"]],
        )


async def create_alert(actor: Actor, *, title: str, body: str = "", summary: str = "",
                       severity: Priority = Priority.HIGH, topic_ids: list[int],
                       channel_ids: list[int], deadline: dt.timedelta = DEFAULT_DEADLINE,
                       checks: CheckEnvironment | None = None) -> Alert:
    """`checks`: where the blocking quality checks may look (the SSRF guard's setting);
    they run without network either way (domain.intelligence.gating.check_alert)."""
    if not dt.timedelta(seconds=1) <= deadline <= dt.timedelta(hours=1):
        raise InvalidInput("deadlineSeconds must be from 1 to 3600", field="deadlineSeconds")
    if severity is Priority.NORMAL:
        raise InvalidInput("an alert is high or critical", field="severity")
    title = require_text(title, "title", max_length=300)
    body = optional_text(body, "body", max_length=20_000)
    summary = optional_text(summary, "summary", max_length=2_000)
    if not channel_ids:
        raise InvalidInput("an alert needs at least one channel", field="channelIds")
    topics = await Topic.filter(id__in=topic_ids)
    channels = await Channel.filter(id__in=channel_ids)
    for index, topic_id in enumerate(topic_ids):
        if topic_id not in {topic.id for topic in topics}:
            raise InvalidInput(f"unknown topic id {topic_id}", field=f"topicIds[{index}]")
    for index, channel_id in enumerate(channel_ids):
        if channel_id not in {channel.id for channel in channels}:
            raise InvalidInput(f"unknown channel id {channel_id}", field=f"channelIds[{index}]")
    verdict = await gating.check_alert(
        title=title, summary=summary, body=body, priority=severity.value,
        topic_ids=topic_ids, channels=sorted(channels, key=lambda channel: channel.id),
        environment=checks or CheckEnvironment(TargetResolver(allow_private=False)))
    author = await principal_for(actor)
    now = dt.datetime.now(dt.UTC)
    async with in_transaction():
        publication = await Publication.create(
            title=title, body=body, summary=summary, priority=severity, author=author,
            status=PublicationStatus.PUBLISHING, publish_at=now, approved_at=now,
            approved_by=author)
        if topics:
            await publication.topics.add(*topics)
        await publication.channels.add(*channels)
        alert = await Alert.create(publication=publication, created_by=author,
                                   deadline_at=now + deadline)
        await gating.record_alert_run(publication.id, verdict, actor)
    await audit(actor, "alert.create", "alert", alert.id,
                {"publication_id": publication.id, "severity": severity.value})
    return alert


async def get_alert(alert_id: int) -> Alert:
    alert = await Alert.get_or_none(id=alert_id)
    if alert is None:
        raise NotFound("alert not found", field="id")
    return alert


def _channel_status(pending: int, sending: int, delivered: int, failed: int) -> str:
    if not (pending or sending or delivered or failed):
        return ChannelDeliveryStatus.FAILED  # nobody to deliver to on this channel
    if sending:
        return ChannelDeliveryStatus.SENDING
    if pending:
        return ChannelDeliveryStatus.QUEUED
    if failed and not delivered:
        return ChannelDeliveryStatus.FAILED
    return ChannelDeliveryStatus.DELIVERED


def _overall(channels: list[ChannelProgress]) -> AlertStatus:
    statuses = {channel.status for channel in channels}
    if not channels:
        return AlertStatus.FAILED
    if statuses & {ChannelDeliveryStatus.QUEUED, ChannelDeliveryStatus.SENDING}:
        return AlertStatus.SENDING if statuses - {ChannelDeliveryStatus.QUEUED} \
            else AlertStatus.PENDING
    if statuses == {ChannelDeliveryStatus.DELIVERED}:
        return AlertStatus.DELIVERED
    if statuses == {ChannelDeliveryStatus.FAILED}:
        return AlertStatus.FAILED
    return AlertStatus.PARTIALLY_FAILED


_PER_CHANNEL = """
SELECT c.id AS channel_id, c.name AS channel_name, c.type AS channel_type,
       count(*) FILTER (WHERE d.status IN ('pending', 'queued')) AS pending,
       count(*) FILTER (WHERE d.status = 'sending') AS sending,
       count(*) FILTER (WHERE d.status IN ('sent', 'delivered')) AS delivered,
       count(*) FILTER (WHERE d.status IN ('failed', 'dead', 'skipped', 'suppressed'))
           AS failed,
       max(d.last_error) FILTER (WHERE d.status IN ('failed', 'dead')) AS error,
       min(d.sent_at) AS first_sent
FROM publication_channel pc
JOIN channel c ON c.id = pc.channel_id
LEFT JOIN delivery d ON d.publication_id = pc.publication_id AND d.channel_id = c.id
WHERE pc.publication_id = $1
GROUP BY c.id, c.name, c.type
"""


async def refresh_state(alert: Alert) -> AlertState:
    """Recompute the per-channel picture from the ledger and store the overall status."""
    # The stamp first, the rows after: both are written in one transaction, so rows read
    # after a stamp was seen are complete. The other order could read the rows before the
    # commit and the stamp after it, and call a channel "no recipients, failed".
    resolved = await Publication.filter(id=alert.publication_id,
                                        audience_resolved_at__isnull=False).exists()
    rows = await Tortoise.get_connection("default").execute_query_dict(
        _PER_CHANNEL, [alert.publication_id])
    channels = sorted((
        ChannelProgress(
            channel_id=row["channel_id"], channel_name=row["channel_name"],
            channel_type=row["channel_type"],
            status=_channel_status(row["pending"], row["sending"], row["delivered"],
                                   row["failed"]) if resolved
            else ChannelDeliveryStatus.QUEUED,
            delivered=row["delivered"], failed=row["failed"],
            pending=row["pending"] + row["sending"],
            error=row["error"] or (None if row["pending"] + row["sending"] + row["delivered"]
                                   + row["failed"] else "no recipients on this channel"))
        for row in rows), key=lambda c: (CHANNEL_ORDER.get(c.channel_type, 9), c.channel_id))
    status = _overall(channels)
    now = dt.datetime.now(dt.UTC)
    first_sent = min((row["first_sent"] for row in rows if row["first_sent"]), default=None)
    updates: dict[str, Any] = {}
    if status != alert.status:
        updates["status"] = status
    if first_sent and alert.first_delivered_at is None:
        updates["first_delivered_at"] = first_sent
    finished = status in (AlertStatus.DELIVERED, AlertStatus.FAILED,
                          AlertStatus.PARTIALLY_FAILED)
    if finished and alert.completed_at is None:
        updates["completed_at"] = now
    completed_at = updates.get("completed_at", alert.completed_at)
    delivered_in_time = (status is AlertStatus.DELIVERED and completed_at is not None
                         and completed_at <= alert.deadline_at)
    missed = (completed_at or now) > alert.deadline_at and not delivered_in_time
    if missed and not alert.deadline_missed:
        updates["deadline_missed"] = True
    if updates:
        await Alert.filter(id=alert.id).update(**updates)
        for name, value in updates.items():
            setattr(alert, name, value)
    return AlertState(alert.id, alert.publication_id, alert.status, alert.deadline_at,
                      alert.deadline_missed, alert.first_delivered_at, alert.completed_at,
                      channels)


async def open_alerts() -> list[Alert]:
    return await Alert.filter(completed_at__isnull=True)
