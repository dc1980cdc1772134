"""Troubleshooting and channel monitoring: `delivery`, `deadLetters`, `explainAudience`,
`channelMonitor`; `replayDeadLetters`, `discardDeadLetters`, `disableChannel`,
`enableChannel`; the `channelHealthChanged` subscription."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from domain.deliveries.dead_letters import DeadLetterGroup as DeadLetterGroupData
from domain.deliveries.ledger import DeadFilter
from domain.deliveries.monitoring import HealthEvent
from domain.deliveries.monitoring import MonitorPoint as MonitorPointData
from domain.deliveries.why import Reason
from domain.deliveries.why import Verdict as VerdictData
from resolvers import troubleshooting as resolvers
from schema.channels import BreakerStateEnum, Channel
from schema.deliveries import Delivery
from schema.enums import ChannelStatus
from schema.ids import decode_id
from schema.permissions import CanManage, CanRead

AudienceReason = strawberry.enum(Reason, name="AudienceReason", description=(
    "Why a subscriber did or did not get a publication on a channel."))


@strawberry.enum(description="What changed about a channel's health.")
class ChannelHealthChange(Enum):
    SNAPSHOT = "snapshot"
    BREAKER_OPENED = "breaker_opened"
    BREAKER_CLOSED = "breaker_closed"
    DISABLED = "disabled"
    ENABLED = "enabled"


@strawberry.input(description="Which dead deliveries: all of them when empty.")
class DeadLetterFilter:
    publication_id: relay.GlobalID | None = None
    channel_id: relay.GlobalID | None = None
    error_class: str | None = None
    died_after: dt.datetime | None = strawberry.field(
        default=None, description="Died at or after this time.")
    died_before: dt.datetime | None = strawberry.field(
        default=None, description="Died before this time.")

    def to_domain(self) -> DeadFilter:
        return DeadFilter(
            publication_id=decode_id(self.publication_id, "Publication",
                                     "filter.publicationId") if self.publication_id else None,
            channel_id=decode_id(self.channel_id, "Channel", "filter.channelId")
            if self.channel_id else None,
            error_class=self.error_class, died_after=self.died_after,
            died_before=self.died_before)


@strawberry.type
class DeadLetterGroup:
    error_class: str | None = strawberry.field(description="Null: died before error "
                                                           "classes were recorded.")
    count: int
    first_seen: dt.datetime
    last_seen: dt.datetime
    sample_error: str | None = strawberry.field(description="The newest error of the group.")
    sample_delivery_id: relay.GlobalID

    @classmethod
    def from_group(cls, group: DeadLetterGroupData) -> DeadLetterGroup:
        return cls(error_class=group.error_class, count=group.count,
                   first_seen=group.first_seen, last_seen=group.last_seen,
                   sample_error=group.sample_error,
                   sample_delivery_id=relay.GlobalID("Delivery",
                                                     str(group.sample_delivery_id)))


@strawberry.type
class AudienceVerdict:
    reason: AudienceReason
    message: str
    received: bool
    channel_id: relay.GlobalID | None
    delivery_id: relay.GlobalID | None
    until: dt.datetime | None = strawberry.field(description="Quiet hours: held until then.")

    @classmethod
    def from_verdict(cls, verdict: VerdictData) -> AudienceVerdict:
        return cls(reason=verdict.reason, message=verdict.message, received=verdict.received,
                   channel_id=relay.GlobalID("Channel", str(verdict.channel_id))
                   if verdict.channel_id else None,
                   delivery_id=relay.GlobalID("Delivery", str(verdict.delivery_id))
                   if verdict.delivery_id else None, until=verdict.until)


@strawberry.type
class AudienceExplanation:
    received: bool = strawberry.field(description="Got it on at least one channel.")
    channels: list[AudienceVerdict] = strawberry.field(
        description="One verdict per channel of the publication.")


@strawberry.type
class ChannelMonitorPoint:
    start: dt.datetime
    sent: int
    failed: int
    errors_by_class: JSON = strawberry.field(description="{errorClass: count}")
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    latency_p99_ms: float | None
    latency_avg_ms: float | None
    deferred_by_breaker: int = strawberry.field(description="Deliveries the open breaker "
                                                            "held back.")
    deferred_by_rate_limit: int = strawberry.field(description="Deliveries the rate limiter "
                                                               "held back.")
    rate_limit_pauses: int = strawberry.field(description="Times the provider asked every "
                                                          "worker to pause (429, "
                                                          "Retry-After, spent budget).")
    breaker_opened: int
    breaker_closed: int

    @classmethod
    def from_point(cls, point: MonitorPointData) -> ChannelMonitorPoint:
        return cls(start=point.start, sent=point.sent, failed=point.failed,
                   errors_by_class=point.errors, latency_p50_ms=point.latency_p50_ms,
                   latency_p95_ms=point.latency_p95_ms, latency_p99_ms=point.latency_p99_ms,
                   latency_avg_ms=point.latency_avg_ms,
                   deferred_by_breaker=point.deferred_breaker,
                   deferred_by_rate_limit=point.deferred_rate_limit,
                   rate_limit_pauses=point.rate_limit_pauses,
                   breaker_opened=point.breaker_opened, breaker_closed=point.breaker_closed)


@strawberry.type
class ChannelHealthEvent:
    channel_id: relay.GlobalID
    change: ChannelHealthChange
    status: ChannelStatus
    breaker_state: BreakerStateEnum | None = strawberry.field(
        description="Null for disable/enable events (the breaker did not change).")
    reason: str | None
    by: str | None = strawberry.field(description="Who: a principal's name, or `system`.")
    at: dt.datetime

    @classmethod
    def from_event(cls, event: HealthEvent) -> ChannelHealthEvent:
        return cls(channel_id=relay.GlobalID("Channel", str(event.channel_id)),
                   change=ChannelHealthChange(event.change.value), status=event.status,
                   breaker_state=event.breaker, reason=event.reason, by=event.by,
                   at=event.at)


@strawberry.type
class DeadLettersPayload:
    count: int = strawberry.field(description="How many deliveries the action changed.")


@strawberry.type
class TroubleshootingQueries:
    @strawberry.field(description="One delivery with its timeline, or null. Requires any "
                                  "role.", permission_classes=[CanRead])
    async def delivery(self, info: Info, id: relay.GlobalID) -> Delivery | None:
        row = await resolvers.delivery(info.context, decode_id(id, "Delivery"))
        return Delivery.from_model(row) if row is not None else None

    @strawberry.field(description="Dead deliveries grouped by error class (count, first and "
                                  "last seen, the newest error), the largest group first. "
                                  "Requires any role.", permission_classes=[CanRead])
    async def dead_letters(self, info: Info, filter: DeadLetterFilter | None = None
                           ) -> list[DeadLetterGroup]:
        groups = await resolvers.dead_letter_groups(
            info.context, (filter or DeadLetterFilter()).to_domain())
        return [DeadLetterGroup.from_group(group) for group in groups]

    @strawberry.field(description="Why a subscriber did or did not receive a publication, "
                                  "per channel of it. Requires any role.",
                      permission_classes=[CanRead])
    async def explain_audience(self, info: Info, publication_id: relay.GlobalID,
                               subscriber_id: relay.GlobalID) -> AudienceExplanation:
        verdicts = await resolvers.explain_audience(
            info.context, decode_id(publication_id, "Publication", "publicationId"),
            decode_id(subscriber_id, "Subscriber", "subscriberId"))
        return AudienceExplanation(received=any(v.received for v in verdicts),
                                   channels=[AudienceVerdict.from_verdict(v)
                                             for v in verdicts])

    @strawberry.field(description="A channel's sends, errors by class, latency percentiles, "
                                  "breaker changes and rate-limit waits per bucket of "
                                  "`bucketMinutes`, from `from` to `to` (at most 31 days, "
                                  "1440 buckets), read from the per-minute rollup. Buckets "
                                  "without activity are left out. Requires any role.",
                      permission_classes=[CanRead])
    async def channel_monitor(self, info: Info, channel_id: relay.GlobalID,
                              start: Annotated[dt.datetime, strawberry.argument(name="from")],
                              end: Annotated[dt.datetime | None,
                                             strawberry.argument(name="to")] = None,
                              bucket_minutes: int = 5
                              ) -> list[ChannelMonitorPoint]:
        points = await resolvers.channel_monitor(
            info.context, decode_id(channel_id, "Channel", "channelId"), start,
            end or dt.datetime.now(dt.UTC), dt.timedelta(minutes=bucket_minutes))
        return [ChannelMonitorPoint.from_point(point) for point in points]


@strawberry.type
class TroubleshootingMutations:
    @strawberry.mutation(description="Give every dead delivery matching the filter a fresh "
                                     "set of attempts (all dead letters when the filter is "
                                     "empty). Audited. Requires admin.",
                         permission_classes=[CanManage])
    async def replay_dead_letters(self, info: Info, filter: DeadLetterFilter
                                  ) -> DeadLettersPayload:
        count = await resolvers.replay_dead_letters(info.context, filter.to_domain())
        return DeadLettersPayload(count=count)

    @strawberry.mutation(description="Give up on every dead delivery matching the filter: "
                                     "they become FAILED (replays no longer pick them up), "
                                     "keeping their error. Audited. Requires admin.",
                         permission_classes=[CanManage])
    async def discard_dead_letters(self, info: Info, filter: DeadLetterFilter,
                                   reason: str | None = None) -> DeadLettersPayload:
        count = await resolvers.discard_dead_letters(info.context, filter.to_domain(),
                                                     reason)
        return DeadLettersPayload(count=count)

    @strawberry.mutation(description="Disable a channel, saying why: workers send none of "
                                     "its deliveries (pending ones stay pending until it is "
                                     "enabled) and new publications skip it. Audited. "
                                     "Requires admin.", permission_classes=[CanManage])
    async def disable_channel(self, info: Info, id: relay.GlobalID, reason: str) -> Channel:
        channel = await resolvers.set_channel_enabled(info.context, decode_id(id, "Channel"),
                                                      False, reason)
        return Channel.from_model(channel)

    @strawberry.mutation(description="Enable a channel again (also one the system disabled); "
                                     "its pending deliveries go out. Audited. Requires admin.",
                         permission_classes=[CanManage])
    async def enable_channel(self, info: Info, id: relay.GlobalID) -> Channel:
        channel = await resolvers.set_channel_enabled(info.context, decode_id(id, "Channel"),
                                                      True, None)
        return Channel.from_model(channel)


@strawberry.type
class TroubleshootingSubscriptions:
    @strawberry.subscription(description="A channel's health: the current state first, then "
                                         "each breaker open/close and each disable/enable "
                                         "(by an admin or by the system). Requires any role.",
                             permission_classes=[CanRead])
    async def channel_health_changed(self, info: Info, channel_id: relay.GlobalID
                                     ) -> AsyncGenerator[ChannelHealthEvent, None]:
        async for event in resolvers.channel_health_changed(
                info.context, decode_id(channel_id, "Channel", "channelId")):
            yield ChannelHealthEvent.from_event(event)
