"""High-priority alerts: create one, read its per-channel status, or watch it live."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator
from enum import Enum

import strawberry
from strawberry import relay
from strawberry.types import Info

from domain.alerts.models import AlertStatus as DomainAlertStatus
from domain.alerts.service import AlertState
from domain.publications.models import Priority as DomainPriority
from resolvers import alerts as resolvers
from schema.enums import ChannelType
from schema.ids import decode_id, decode_ids
from schema.permissions import CanEditContent, CanRead

AlertStatus = strawberry.enum(DomainAlertStatus, name="AlertStatus")


@strawberry.enum
class AlertSeverity(Enum):
    HIGH = "high"
    CRITICAL = "critical"


@strawberry.enum
class AlertChannelStatus(Enum):
    QUEUED = "queued"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"


@strawberry.type
class AlertChannel:
    channel_id: relay.GlobalID
    name: str
    type: ChannelType
    status: AlertChannelStatus
    delivered: int
    failed: int
    pending: int
    error: str | None


@strawberry.type
class Alert:
    id: relay.GlobalID
    publication_id: relay.GlobalID
    status: AlertStatus
    deadline_at: dt.datetime
    deadline_missed: bool = strawberry.field(
        description="Not delivered on every channel by the deadline.")
    first_delivered_at: dt.datetime | None
    completed_at: dt.datetime | None
    channels: list[AlertChannel] = strawberry.field(
        description="In delivery order (webhook and chat first, email after).")

    @classmethod
    def from_state(cls, state: AlertState) -> Alert:
        return cls(
            id=relay.GlobalID("Alert", str(state.alert_id)),
            publication_id=relay.GlobalID("Publication", str(state.publication_id)),
            status=state.status, deadline_at=state.deadline_at,
            deadline_missed=state.deadline_missed,
            first_delivered_at=state.first_delivered_at, completed_at=state.completed_at,
            channels=[AlertChannel(
                channel_id=relay.GlobalID("Channel", str(channel.channel_id)),
                name=channel.channel_name, type=ChannelType(channel.channel_type),
                status=AlertChannelStatus(channel.status), delivered=channel.delivered,
                failed=channel.failed, pending=channel.pending, error=channel.error)
                for channel in state.channels])


@strawberry.input
class CreateAlertInput:
    title: str
    body: str = ""
    summary: str = ""
    severity: AlertSeverity = AlertSeverity.HIGH
    topic_ids: list[relay.GlobalID] = strawberry.field(default_factory=list)
    channel_ids: list[relay.GlobalID] = strawberry.field(default_factory=list)
    deadline_seconds: float | None = strawberry.field(
        default=None, description="Deliver within this many seconds (default 30).")
    idempotency_key: str | None = None


@strawberry.type
class AlertQueries:
    @strawberry.field(description="An alert with its per-channel status, or null. Requires "
                                  "any role.", permission_classes=[CanRead])
    async def alert(self, info: Info, id: relay.GlobalID) -> Alert | None:
        state = await resolvers.alert_state(info.context, decode_id(id, "Alert"))
        return Alert.from_state(state) if state is not None else None


@strawberry.type
class AlertMutations:
    @strawberry.mutation(description="Raise a high-priority alert: no review, its own queue "
                                     "and workers. Requires editor or admin.",
                         permission_classes=[CanEditContent])
    async def create_alert(self, info: Info, input: CreateAlertInput) -> Alert:
        alert = await resolvers.create_alert(
            info.context, title=input.title, body=input.body, summary=input.summary,
            severity=DomainPriority(input.severity.value),
            topic_ids=decode_ids(input.topic_ids, "Topic", "topicIds") or [],
            channel_ids=decode_ids(input.channel_ids, "Channel", "channelIds") or [],
            deadline_seconds=input.deadline_seconds, idempotency_key=input.idempotency_key)
        state = await resolvers.alert_state(info.context, alert.id)
        assert state is not None
        return Alert.from_state(state)


@strawberry.type
class AlertSubscriptions:
    @strawberry.subscription(description="Every status change of an alert, per channel, "
                                         "starting with the current state. Requires any role.",
                             permission_classes=[CanRead])
    async def alert_status(self, info: Info, id: relay.GlobalID
                           ) -> AsyncGenerator[Alert, None]:
        async for state in resolvers.alert_status(info.context, decode_id(id, "Alert")):
            yield Alert.from_state(state)
