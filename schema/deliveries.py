"""The delivery ledger, read-only."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from domain.deliveries.models import Delivery as DeliveryModel
from domain.deliveries.timeline import TimelineEntry as TimelineEntryData
from resolvers import deliveries as resolvers
from resolvers import troubleshooting
from schema.channels import Channel
from schema.counts import DeliveryCounts
from schema.enums import DeliveryStatus
from schema.ids import decode_id
from schema.pagination import Connection
from schema.permissions import CanManage, CanRead


@strawberry.type
class Delivery(relay.Node):
    id: relay.NodeID[int]
    recipient: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: dt.datetime | None
    last_error: str | None = strawberry.field(
        description="Why it failed or was skipped (e.g. `frequency cap: …`, "
                    "`preference withdrawn`).")
    deferred_until: dt.datetime | None = strawberry.field(
        description="Held on the subscriber's behalf until then (kept after sending).")
    deferral_reason: str | None = strawberry.field(
        description="Why it was held: `quiet hours`.")
    provider_message_id: str | None
    sent_at: dt.datetime | None
    delivered_at: dt.datetime | None
    created_at: dt.datetime
    error_class: str | None = strawberry.field(
        description="Class of the latest failure: `http_4xx`, `http_5xx`, `http_429`, "
                    "`http_3xx`, `timeout`, `connection`, `target_refused`, `permanent`, "
                    "`retry`, `disable`, `misconfigured`, `internal`.")
    _model: strawberry.Private[DeliveryModel]

    @strawberry.field(description="Everything that happened to this delivery, oldest first: "
                                  "queued, each attempt (destination, status code, latency, "
                                  "error) and each breaker or rate-limit wait, quiet-hours "
                                  "holds, then provider reports (delivered, bounce, "
                                  "complaint) and engagement (open, click). Error texts are "
                                  "scrubbed of credentials; non-admins see webhook URLs "
                                  "redacted.")
    async def timeline(self, info: Info) -> list[TimelineEntry]:
        channel = await info.context.loaders.channel.load(self._model.channel_id)
        entries = await troubleshooting.delivery_timeline(info.context, self._model, channel)
        return [TimelineEntry.from_entry(entry) for entry in entries]

    @strawberry.field
    def publication_id(self) -> relay.GlobalID:
        return relay.GlobalID("Publication", str(self._model.publication_id))

    @strawberry.field
    def subscriber_id(self) -> relay.GlobalID | None:
        subscriber = self._model.subscriber_id
        return relay.GlobalID("Subscriber", str(subscriber)) if subscriber else None

    @strawberry.field
    async def channel(self, info: Info) -> Channel:
        return Channel.from_model(
            await info.context.loaders.channel.load(self._model.channel_id))

    @classmethod
    def from_model(cls, delivery: DeliveryModel) -> Delivery:
        return cls(id=delivery.id, recipient=delivery.recipient, status=delivery.status,
                   attempts=delivery.attempts, next_attempt_at=delivery.next_attempt_at,
                   last_error=delivery.last_error, deferred_until=delivery.deferred_until,
                   deferral_reason=delivery.deferral_reason,
                   provider_message_id=delivery.provider_message_id, sent_at=delivery.sent_at,
                   delivered_at=delivery.delivered_at, created_at=delivery.created_at,
                   error_class=delivery.error_class, _model=delivery)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],
                            required: bool = False) -> list[Any]:
        rows = {row.id: row for row in await DeliveryModel.filter(
            id__in=[int(i) for i in node_ids])}
        return [cls.from_model(rows[int(i)]) if int(i) in rows else None for i in node_ids]


@strawberry.type(description="One entry of a delivery's timeline; which fields are set "
                             "depends on `kind`.")
class TimelineEntry:
    at: dt.datetime
    kind: str = strawberry.field(
        description="`queued`, `attempt` (a request went out), `circuit_open` / "
                    "`rate_limited` (held back, no attempt spent), `held` (quiet hours, "
                    "an experiment), `skipped`, `suppressed`, or a provider/engagement "
                    "event: `delivery`, `delivery_delay`, `bounce`, `soft_bounce`, "
                    "`complaint`, `open`, `click`, `unsubscribe`.")
    attempt: int | None = strawberry.field(description="The attempt number (a wait: the "
                                                       "attempt it held back).")
    destination: str | None = strawberry.field(
        description="Where the request went: a webhook's URL redacted to scheme, host and "
                    "port; an email's recipient; a chat channel's name.")
    status_code: int | None
    latency_ms: float | None
    wait_ms: float | None = strawberry.field(
        description="An attempt: time the shared rate limiter held it before it left. A "
                    "wait: the longest wait asked.")
    times: int | None = strawberry.field(description="A wait: how often it held the "
                                                     "delivery back (folded into one entry).")
    last_at: dt.datetime | None = strawberry.field(description="A wait: the last time.")
    outcome: str | None = strawberry.field(description="An attempt: `sent`, `retry`, "
                                                       "`failed` or `dead`.")
    error_class: str | None
    error: str | None
    provider_message_id: str | None
    url: str | None = strawberry.field(description="A click: the link's target.")
    machine: bool | None = strawberry.field(description="An event a machine caused (a mail "
                                                        "privacy proxy, a link scanner).")
    detail: str | None

    @classmethod
    def from_entry(cls, entry: TimelineEntryData) -> TimelineEntry:
        return cls(**{name: getattr(entry, name) for name in TIMELINE_FIELDS})


TIMELINE_FIELDS = tuple(field.name for field in dataclasses.fields(TimelineEntryData))


@strawberry.input
class DeliveryFilter:
    publication_id: relay.GlobalID | None = None
    status: DeliveryStatus | None = None
    channel_id: relay.GlobalID | None = None
    subscriber_id: relay.GlobalID | None = None
    recipient: str | None = strawberry.field(
        default=None, description="Exact recipient (an email address, an external id, a "
                                  "chat channel's name).")
    error_class: str | None = strawberry.field(
        default=None, description="Class of the latest failure, as on Delivery.errorClass.")
    created_after: dt.datetime | None = strawberry.field(
        default=None, description="Created at or after this time.")
    created_before: dt.datetime | None = strawberry.field(
        default=None, description="Created before this time.")


@strawberry.type
class DeliveryQueries:
    @strawberry.field(description="Deliveries, newest first, filtered by publication, "
                                  "channel, subscriber, recipient, status, error class and "
                                  "creation time. Requires any role.",
                        permission_classes=[CanRead])
    async def deliveries(self, info: Info, first: int = 20, after: str | None = None,
                         filter: DeliveryFilter | None = None) -> Connection[Delivery]:
        filter = filter or DeliveryFilter()
        page = await resolvers.list_deliveries(
            info.context, first=first, after=after,
            publication_id=decode_id(filter.publication_id, "Publication",
                                     "filter.publicationId") if filter.publication_id else None,
            status=filter.status,
            channel_id=decode_id(filter.channel_id, "Channel", "filter.channelId")
            if filter.channel_id else None,
            subscriber_id=decode_id(filter.subscriber_id, "Subscriber", "filter.subscriberId")
            if filter.subscriber_id else None,
            recipient=filter.recipient, error_class=filter.error_class,
            created_after=filter.created_after, created_before=filter.created_before)
        return Connection[Delivery].from_page(page, Delivery.from_model)


@strawberry.type
class QueueDepth:
    queue: str
    ready: int
    deferred: int
    in_progress: int


@strawberry.type
class DeliveryStats:
    by_status: DeliveryCounts
    queues: list[QueueDepth]


@strawberry.input
class RetryDeliveriesInput:
    publication_id: relay.GlobalID | None = None
    channel_id: relay.GlobalID | None = None


@strawberry.type
class RetryDeliveriesPayload:
    requeued: int


@strawberry.type
class DeliveryStatsQueries:
    @strawberry.field(description="Deliveries by status and job queue depths. Requires any "
                                  "role.", permission_classes=[CanRead])
    async def delivery_stats(self, info: Info) -> DeliveryStats:
        counts = await resolvers.status_counts(info.context)
        queue = info.context.queue
        depths = await queue.depths() if queue is not None else []
        return DeliveryStats(
            by_status=DeliveryCounts.from_counts(counts),
            queues=[QueueDepth(queue=d.queue, ready=d.ready, deferred=d.deferred,
                               in_progress=d.in_progress) for d in depths])


@strawberry.type
class DeliveryMutations:
    @strawberry.mutation(description="Give dead deliveries (optionally of one publication or "
                                     "channel) a fresh set of attempts. Requires admin.",
                         permission_classes=[CanManage])
    async def retry_deliveries(self, info: Info, input: RetryDeliveriesInput
                               ) -> RetryDeliveriesPayload:
        requeued = await resolvers.retry_dead(
            info.context,
            publication_id=decode_id(input.publication_id, "Publication", "publicationId")
            if input.publication_id else None,
            channel_id=decode_id(input.channel_id, "Channel", "channelId")
            if input.channel_id else None)
        return RetryDeliveriesPayload(requeued=requeued)
