"""Channels: configured destinations. Secrets are write-only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from domain.channels.models import Channel as ChannelModel
from domain.throttling.breaker import BreakerState
from resolvers import channels as resolvers
from resolvers import deliveries as delivery_resolvers
from schema.enums import ChannelStatus, ChannelType
from schema.ids import decode_id
from schema.pagination import Connection
from schema.permissions import CanManage, CanRead

BreakerStateEnum = strawberry.enum(BreakerState, name="BreakerState")


@strawberry.type
class ChannelHealth:
    breaker_state: BreakerStateEnum
    sent_last_five_minutes: int
    failed_last_five_minutes: int
    error_rate: float = strawberry.field(description="failed / (sent + failed), last 5 min.")
    last_error: str | None
    last_error_at: dt.datetime | None


@strawberry.type
class Channel(relay.Node):
    id: relay.NodeID[int]
    name: str
    type: ChannelType
    config: JSON
    status: ChannelStatus
    status_reason: str | None
    rate_limit_per_second: float | None
    rate_limit_burst: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    _model: strawberry.Private[ChannelModel]

    @strawberry.field(description="Names of the secrets that are set. Values are never "
                                  "returned.")
    def secret_fields(self, info: Info) -> list[str]:
        return resolvers.secret_names(info.context, self._model)

    @strawberry.field(description="Circuit breaker and recent outcomes; null when live state "
                                  "is unavailable.")
    async def health(self, info: Info) -> ChannelHealth | None:
        view = await delivery_resolvers.channel_health(info.context, self._model)
        if view is None:
            return None
        recent = view.recent
        return ChannelHealth(
            breaker_state=view.breaker, sent_last_five_minutes=recent.sent,
            failed_last_five_minutes=recent.failed, error_rate=round(recent.error_rate, 4),
            last_error=recent.last_error,
            last_error_at=dt.datetime.fromtimestamp(recent.last_error_at, dt.UTC)
            if recent.last_error_at else None)

    @classmethod
    def from_model(cls, channel: ChannelModel) -> Channel:
        return cls(id=channel.id, name=channel.name, type=channel.type, config=channel.config,
                   status=channel.status, status_reason=channel.status_reason,
                   rate_limit_per_second=channel.rate_limit_per_second,
                   rate_limit_burst=channel.rate_limit_burst, created_at=channel.created_at,
                   updated_at=channel.updated_at, _model=channel)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],
                            required: bool = False) -> list[Any]:
        rows = await info.context.loaders.channel.load_many([int(i) for i in node_ids])
        return [cls.from_model(row) if row else None for row in rows]


@strawberry.input
class ChannelFilter:
    type: ChannelType | None = None
    status: ChannelStatus | None = None


@strawberry.input
class CreateChannelInput:
    name: str
    type: ChannelType
    config: JSON = strawberry.field(default_factory=dict)
    secrets: JSON = strawberry.field(
        default_factory=dict,
        description="Write-only: tokens, keys, webhook URLs. Stored encrypted.")
    rate_limit_per_second: float | None = None
    rate_limit_burst: int | None = None
    idempotency_key: str | None = None


@strawberry.input
class UpdateChannelInput:
    id: relay.GlobalID
    name: str | None = None
    config: JSON | None = strawberry.field(
        default=None, description="Merged into the stored config; a null value removes a key.")
    secrets: JSON | None = strawberry.field(
        default=None, description="Merged into the stored secrets; null removes a key.")
    status: ChannelStatus | None = None
    status_reason: str | None = None
    rate_limit_per_second: float | None = None
    rate_limit_burst: int | None = None


@strawberry.type
class ChannelQueries:
    @strawberry.field(description="Channels, oldest first. Requires any role.",
                        permission_classes=[CanRead])
    async def channels(self, info: Info, first: int = 20, after: str | None = None,
                       filter: ChannelFilter | None = None) -> Connection[Channel]:
        filter = filter or ChannelFilter()
        page = await resolvers.list_channels(info.context, first=first, after=after,
                                             type=filter.type, status=filter.status)
        return Connection[Channel].from_page(page, Channel.from_model)


@strawberry.type
class ChannelMutations:
    @strawberry.mutation(description="Create a channel. Requires admin.",
                        permission_classes=[CanManage])
    async def create_channel(self, info: Info, input: CreateChannelInput) -> Channel:
        channel = await resolvers.create_channel(
            info.context, idempotency_key=input.idempotency_key, name=input.name,
            type=input.type, config=input.config, secrets=input.secrets,
            rate_limit_per_second=input.rate_limit_per_second,
            rate_limit_burst=input.rate_limit_burst)
        return Channel.from_model(channel)

    @strawberry.mutation(description="Change a channel. Requires admin.",
                        permission_classes=[CanManage])
    async def update_channel(self, info: Info, input: UpdateChannelInput) -> Channel:
        channel = await resolvers.update_channel(
            info.context, decode_id(input.id, "Channel"), name=input.name, config=input.config,
            secrets=input.secrets, status=input.status, status_reason=input.status_reason,
            rate_limit_per_second=input.rate_limit_per_second,
            rate_limit_burst=input.rate_limit_burst)
        return Channel.from_model(channel)
