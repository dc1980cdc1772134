"""Engagement metrics (rollups per time bucket) and a subscriber's engagement history."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from domain.engagement import history as history_model
from domain.engagement import metrics as metrics_model
from domain.engagement.models import EventType, Granularity
from resolvers import metrics as resolvers
from schema.ids import decode_id
from schema.permissions import CanRead

MetricGranularity = strawberry.enum(Granularity, name="MetricGranularity")
EngagementType = strawberry.enum(EventType, name="EngagementType")


@strawberry.type(description="Counts in a bucket or a range. Unique opens and clicks are "
                             "counted in the bucket of the first one per delivery.")
class MetricCounters:
    sent: int
    delivered: int
    failed: int
    opens: int = strawberry.field(description="Human opens (all).")
    unique_opens: int = strawberry.field(description="Deliveries opened by a person.")
    machine_opens: int = strawberry.field(
        description="Opens by Apple Mail Privacy Protection, prefetchers and scanners.")
    unique_machine_opens: int
    clicks: int = strawberry.field(description="Human clicks (all).")
    unique_clicks: int
    machine_clicks: int = strawberry.field(description="Link scanners, HEAD requests.")
    bounces: int
    soft_bounces: int
    complaints: int
    unsubscribes: int


@strawberry.type(description="Fractions from 0 to 1; null when there is nothing to divide "
                             "by. Open and click rates use unique human events over "
                             "delivered (sent where the channel has no receipts).")
class MetricRates:
    delivery_rate: float | None
    open_rate: float | None
    click_rate: float | None
    click_to_open_rate: float | None
    bounce_rate: float | None
    complaint_rate: float | None
    unsubscribe_rate: float | None


def _counters(values: dict[str, int]) -> MetricCounters:
    return MetricCounters(**values)


def _rates(rates: metrics_model.Rates | None) -> MetricRates | None:
    return MetricRates(**{name: getattr(rates, name) for name in rates.__slots__}) \
        if rates is not None else None


@strawberry.type
class MetricPoint:
    bucket: dt.datetime
    counters: MetricCounters
    rates: MetricRates


@strawberry.type
class MetricsReport:
    granularity: MetricGranularity
    start: dt.datetime = strawberry.field(name="from")
    end: dt.datetime = strawberry.field(name="to")
    totals: MetricCounters
    rates: MetricRates | None
    points: list[MetricPoint]

    @classmethod
    def from_report(cls, report: metrics_model.MetricsReport) -> MetricsReport:
        return cls(granularity=report.filter.granularity, start=report.filter.start,
                   end=report.filter.end, totals=_counters(report.totals),
                   rates=_rates(report.rates),
                   points=[MetricPoint(bucket=point.bucket, counters=_counters(point.counters),
                                       rates=_rates(point.rates))  # type: ignore[arg-type]
                           for point in report.points])


@strawberry.type
class EngagementEvent:
    type: EngagementType
    occurred_at: dt.datetime
    publication_id: relay.GlobalID | None
    channel_id: relay.GlobalID | None
    is_machine: bool
    url: str | None


@strawberry.type
class TopicEngagement:
    topic_id: relay.GlobalID
    opens: int
    clicks: int
    last_engaged_at: dt.datetime | None


@strawberry.type(description="What a subscriber opened and clicked; topics ranked by "
                             "human clicks, then opens.")
class SubscriberEngagement:
    subscriber_id: relay.GlobalID
    last_open_at: dt.datetime | None
    last_click_at: dt.datetime | None
    by_topic: list[TopicEngagement]
    recent: list[EngagementEvent]

    @classmethod
    def from_history(cls, found: history_model.EngagementHistory) -> SubscriberEngagement:
        def gid(type_name: str, pk: int | None) -> relay.GlobalID | None:
            return relay.GlobalID(type_name, str(pk)) if pk is not None else None

        return cls(
            subscriber_id=relay.GlobalID("Subscriber", str(found.subscriber_id)),
            last_open_at=found.last_open_at, last_click_at=found.last_click_at,
            by_topic=[TopicEngagement(topic_id=relay.GlobalID("Topic", str(t.topic_id)),
                                      opens=t.opens, clicks=t.clicks,
                                      last_engaged_at=t.last_engaged_at)
                      for t in found.by_topic],
            recent=[EngagementEvent(type=e.type, occurred_at=e.occurred_at,
                                    publication_id=gid("Publication", e.publication_id),
                                    channel_id=gid("Channel", e.channel_id),
                                    is_machine=e.is_machine, url=e.url)
                    for e in found.recent])


@strawberry.type
class MetricsQueries:
    @strawberry.field(description="Sent, delivered, opens, clicks, bounces, complaints and "
                                  "unsubscribes with their rates, per time bucket, from the "
                                  "rollups (optionally one publication, channel or topic). "
                                  "The range is [from, to). Requires any role.",
                      permission_classes=[CanRead])
    async def metrics(self, info: Info,
                      start: Annotated[dt.datetime, strawberry.argument(name="from")],
                      end: Annotated[dt.datetime, strawberry.argument(name="to")],
                      granularity: MetricGranularity = Granularity.DAY,  # type: ignore
                      publication_id: relay.GlobalID | None = None,
                      channel_id: relay.GlobalID | None = None,
                      topic_id: relay.GlobalID | None = None) -> MetricsReport:
        query = metrics_model.MetricsFilter(
            start=start, end=end, granularity=Granularity(granularity),
            publication_id=decode_id(publication_id, "Publication", "publicationId")
            if publication_id else None,
            channel_id=decode_id(channel_id, "Channel", "channelId") if channel_id else None,
            topic_id=decode_id(topic_id, "Topic", "topicId") if topic_id else None)
        return MetricsReport.from_report(await resolvers.metrics_report(info.context, query))

    @strawberry.field(description="A subscriber's recent engagement events and per-topic "
                                  "summary (human opens and clicks). Requires any role.",
                      permission_classes=[CanRead])
    async def subscriber_engagement(self, info: Info, id: relay.GlobalID, first: int = 20,
                                    topic_id: relay.GlobalID | None = None,
                                    types: list[EngagementType] | None = None,  # type: ignore
                                    ) -> SubscriberEngagement:
        found = await resolvers.subscriber_engagement(
            info.context, decode_id(id, "Subscriber"), first=first,
            topic_id=decode_id(topic_id, "Topic", "topicId") if topic_id else None,
            types=[EventType(kind) for kind in types] if types else None)
        return SubscriberEngagement.from_history(found)
