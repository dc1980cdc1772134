"""Subscriptions for live dashboards (graphql-transport-ws / graphql-ws)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from domain.deliveries.models import DeliveryStatus as DomainDeliveryStatus
from domain.engagement.models import COUNTERS
from domain.realtime.snapshots import MetricsTick as MetricsTickModel
from domain.realtime.snapshots import Progress
from resolvers import realtime
from schema.counts import DeliveryCounts
from schema.enums import PublicationStatus
from schema.ids import decode_id
from schema.metrics import MetricCounters
from schema.permissions import CanRead


@strawberry.type
class PublicationProgress:
    publication_id: relay.GlobalID
    status: PublicationStatus
    counts: DeliveryCounts
    at: dt.datetime

    @classmethod
    def from_progress(cls, progress: Progress) -> PublicationProgress:
        return cls(publication_id=relay.GlobalID("Publication", str(progress.publication_id)),
                   status=progress.status, counts=DeliveryCounts.from_counts(progress.counts),
                   at=progress.at)


@strawberry.type
class MetricsTick:
    at: dt.datetime
    deliveries: DeliveryCounts
    sent_by_channel_type: JSON
    errors_by_class: JSON
    engagement_last_24h: MetricCounters = strawberry.field(
        description="Opens, clicks, bounces… of the last 24 hours, from the rollups.")

    @classmethod
    def from_tick(cls, tick: MetricsTickModel) -> MetricsTick:
        counts = {DomainDeliveryStatus(k): v for k, v in tick.deliveries.items()}
        engagement = {**dict.fromkeys(COUNTERS, 0), **tick.engagement}
        return cls(at=tick.at, deliveries=DeliveryCounts.from_counts(counts),
                   sent_by_channel_type=tick.sent_by_channel_type,
                   errors_by_class=tick.errors_by_class,
                   engagement_last_24h=MetricCounters(**engagement))


@strawberry.type
class RealtimeSubscriptions:
    @strawberry.subscription(description="Delivery counts of a publication: the current "
                                         "state, then every change (at most 4 a second). "
                                         "Requires any role.", permission_classes=[CanRead])
    async def publication_progress(self, info: Info, id: relay.GlobalID
                                   ) -> AsyncGenerator[PublicationProgress, None]:
        publication_id = decode_id(id, "Publication")
        async for progress in realtime.publication_progress(info.context, publication_id):
            yield PublicationProgress.from_progress(progress)

    @strawberry.subscription(description="The live dashboard tick: deliveries by status, "
                                         "sends and errors. Requires any role.",
                             permission_classes=[CanRead])
    async def metrics_updated(self, info: Info) -> AsyncGenerator[MetricsTick, None]:
        async for tick in realtime.metrics_updated(info.context):
            yield MetricsTick.from_tick(tick)
