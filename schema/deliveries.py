"""The delivery ledger, read-only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from domain.deliveries.models import Delivery as DeliveryModel
from resolvers import deliveries as resolvers
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
    _model: strawberry.Private[DeliveryModel]

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
                   _model=delivery)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],
                            required: bool = False) -> list[Any]:
        rows = {row.id: row for row in await DeliveryModel.filter(
            id__in=[int(i) for i in node_ids])}
        return [cls.from_model(rows[int(i)]) if int(i) in rows else None for i in node_ids]


@strawberry.input
class DeliveryFilter:
    publication_id: relay.GlobalID | None = None
    status: DeliveryStatus | None = None
    channel_id: relay.GlobalID | None = None


@strawberry.type
class DeliveryQueries:
    @strawberry.field(description="Deliveries, newest first. Requires any role.",
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
            if filter.channel_id else None)
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
