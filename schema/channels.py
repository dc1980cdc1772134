"""Channels: configured destinations. Secrets are write-only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from domain.channels.models import Channel as ChannelModel
from domain.channels.testing import ChannelTestResult as ChannelTestResultData
from domain.deliveries.preview import ChannelPreview as ChannelPreviewData
from domain.throttling.breaker import BreakerState
from resolvers import channel_tests as test_resolvers
from resolvers import channels as resolvers
from resolvers import deliveries as delivery_resolvers
from schema.deletion import DeletePayload
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
    status: ChannelStatus
    rate_limit_per_second: float | None
    rate_limit_burst: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    _model: strawberry.Private[ChannelModel]

    @strawberry.field(description="Non-secret settings. A webhook's url is shown in full "
                                  "to admins only; other roles see scheme, host and port, "
                                  "the path as /… and query values as … (receivers often "
                                  "put a token there).")
    def config(self, info: Info) -> JSON:
        return resolvers.channel_config(info.context, self._model)

    @strawberry.field(description="Why the channel has its status (e.g. the answer that "
                                  "disabled it).")
    def status_reason(self, info: Info) -> str | None:
        return resolvers.shown_error(info.context, self._model, self._model.status_reason)

    @strawberry.field(description="Since when the channel has its status (null: since "
                                  "before this was recorded).")
    def status_since(self) -> dt.datetime | None:
        return self._model.status_since

    @strawberry.field(description="Who gave the channel its status: a principal's name, or "
                                  "`system` when delivery disabled it (e.g. a 410 Gone).")
    def status_by(self) -> str | None:
        return self._model.status_by

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
            last_error=resolvers.shown_error(info.context, self._model, recent.last_error),
            last_error_at=dt.datetime.fromtimestamp(recent.last_error_at, dt.UTC)
            if recent.last_error_at else None)

    @classmethod
    def from_model(cls, channel: ChannelModel) -> Channel:
        return cls(id=channel.id, name=channel.name, type=channel.type, status=channel.status,
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
    # Optional rather than `= {}`: graphql-core cannot introspect an object default of a
    # custom scalar (GraphiQL's docs query failed on it); omitted means empty
    config: JSON | None = strawberry.field(default=None, description="Omitted: {}.")
    secrets: JSON | None = strawberry.field(
        default=None,
        description="Write-only: tokens, keys, webhook URLs. Stored encrypted. Omitted: {}.")
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


@strawberry.enum(description="Why a channel test failed, named so an admin knows what to "
                             "fix.")
class ChannelTestFailure(Enum):
    BAD_CREDENTIALS = strawberry.enum_value(
        "bad_credentials", description="The provider or endpoint refused the token, key or "
                                       "signature: fix the secret.")
    NOT_FOUND = strawberry.enum_value(
        "not_found", description="The webhook, channel, endpoint or sender does not exist.")
    RATE_LIMITED = strawberry.enum_value(
        "rate_limited", description="Too many sends right now (the provider's limit, a pause "
                                    "it asked for, or the channel's own rate): see "
                                    "retryAfterSeconds.")
    NETWORK_UNREACHABLE = strawberry.enum_value(
        "network_unreachable", description="DNS, connection or TLS failure.")
    TIMEOUT = strawberry.enum_value("timeout", description="No answer in time.")
    BLOCKED_BY_SSRF_GUARD = strawberry.enum_value(
        "blocked_by_ssrf_guard", description="The host resolves to a private or local "
                                             "address; delivery there is refused.")
    REJECTED = strawberry.enum_value(
        "rejected", description="The provider refused this message.")
    PROVIDER_ERROR = strawberry.enum_value(
        "provider_error", description="The provider failed (5xx); deliveries retry later.")
    MISCONFIGURED = strawberry.enum_value(
        "misconfigured", description="The channel lacks what sending needs (secrets, "
                                     "templates, a transport).")
    CIRCUIT_OPEN = strawberry.enum_value(
        "circuit_open", description="The circuit breaker holds sends to this channel after "
                                    "repeated failures: see retryAfterSeconds.")


@strawberry.type(description="What a testChannel send came to. Nothing is written to the "
                             "deliveries ledger.")
class ChannelTestResult:
    ok: bool
    reason: ChannelTestFailure | None = strawberry.field(description="Null when ok.")
    message: str = strawberry.field(description="What happened and what to check, for a "
                                                "person.")
    status_code: int | None = strawberry.field(description="The provider's HTTP status, "
                                                           "when it answered.")
    retry_after_seconds: float | None
    provider_message_id: str | None
    duration_ms: float | None = strawberry.field(description="Time the provider took to "
                                                             "answer.")
    would_disable_channel: bool = strawberry.field(
        description="A delivery getting this answer would have disabled the channel; a "
                    "test leaves it unchanged.")

    @classmethod
    def from_result(cls, result: ChannelTestResultData) -> ChannelTestResult:
        return cls(ok=result.ok, message=result.message,
                   reason=ChannelTestFailure(result.reason.value) if result.reason else None,
                   status_code=result.status_code,
                   retry_after_seconds=result.retry_after_seconds,
                   provider_message_id=result.provider_message_id,
                   duration_ms=result.duration_ms,
                   would_disable_channel=result.would_disable_channel)


@strawberry.type
class Header:
    name: str
    value: str


@strawberry.type(description="A publication as one channel would send it, built by the "
                             "delivery code without sending. Links have the real shape but "
                             "are inert preview links.")
class ChannelPreview:
    channel_type: ChannelType
    subject: str | None = strawberry.field(description="Email subject.")
    html: str | None = strawberry.field(description="Email HTML part, CSS inlined, as sent.")
    text: str | None = strawberry.field(description="Email text part; Slack fallback text; "
                                                    "Discord content.")
    headers: list[Header] = strawberry.field(
        description="Email: every header (List-Unsubscribe included). Webhook: content-type "
                    "and webhook-id; webhook-timestamp and webhook-signature are set per "
                    "attempt.")
    body: JSON | None = strawberry.field(
        description="The JSON document POSTed: Slack message, Discord execute-webhook body, "
                    "webhook envelope. Null for email.")
    raw: str | None = strawberry.field(description="Email: the complete MIME message.")
    warnings: list[str] = strawberry.field(
        description="What provider limits cut, and what differs from a real send.")

    @classmethod
    def from_preview(cls, preview: ChannelPreviewData) -> ChannelPreview:
        return cls(channel_type=preview.channel_type, subject=preview.subject,
                   html=preview.html, text=preview.text,
                   headers=[Header(name=name, value=value) for name, value in preview.headers],
                   body=preview.body, raw=preview.raw, warnings=list(preview.warnings))


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

    @strawberry.field(description="A publication rendered for one channel exactly as delivery "
                                  "would build it (subject, HTML, headers, the JSON body or "
                                  "MIME), without sending. Without subscriberId, per-subscriber "
                                  "channels render for a sample reader. Requires any role.",
                        permission_classes=[CanRead])
    async def channel_preview(self, info: Info, publication_id: relay.GlobalID,
                              channel_id: relay.GlobalID,
                              subscriber_id: relay.GlobalID | None = None) -> ChannelPreview:
        preview = await test_resolvers.channel_preview(
            info.context, publication_id=decode_id(publication_id, "Publication",
                                                   "publicationId"),
            channel_id=decode_id(channel_id, "Channel", "channelId"),
            subscriber_id=decode_id(subscriber_id, "Subscriber", "subscriberId")
            if subscriber_id is not None else None)
        return ChannelPreview.from_preview(preview)


@strawberry.type
class ChannelMutations:
    @strawberry.mutation(description="Create a channel. Requires admin.",
                        permission_classes=[CanManage])
    async def create_channel(self, info: Info, input: CreateChannelInput) -> Channel:
        channel = await resolvers.create_channel(
            info.context, idempotency_key=input.idempotency_key, name=input.name,
            type=input.type, config={} if input.config is None else input.config,
            secrets={} if input.secrets is None else input.secrets,
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

    @strawberry.mutation(description="Delete a channel. CONFLICT while it has deliveries "
                                     "not sent yet or publications not finished yet (both "
                                     "named); a channel with history is archived instead "
                                     "(status DISABLED, reason \"archived\"). Requires admin.",
                         permission_classes=[CanManage])
    async def delete_channel(self, info: Info, id: relay.GlobalID) -> DeletePayload:
        channel_id = decode_id(id, "Channel")
        archived = await resolvers.delete_channel(info.context, channel_id)
        return DeletePayload.of("Channel", channel_id, archived=archived)

    @strawberry.mutation(description="Send a test message through the channel the way "
                                     "deliveries go (templates, circuit breaker, shared rate "
                                     "limiter, signing, SSRF guard) and report the outcome. "
                                     "Email goes to `to`, else to the channel's from_address. "
                                     "Writes no delivery and never disables the channel. "
                                     "Requires admin.",
                        permission_classes=[CanManage])
    async def test_channel(self, info: Info, id: relay.GlobalID, to: str | None = None
                           ) -> ChannelTestResult:
        result = await test_resolvers.send_channel_test(info.context,
                                                        decode_id(id, "Channel"), to)
        return ChannelTestResult.from_result(result)
