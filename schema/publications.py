"""Publications and their lifecycle mutations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from domain.intelligence.analysis import AnalyzableContent
from domain.publications.models import Publication as PublicationModel
from resolvers import publications as resolvers
from schema.channels import Channel
from schema.counts import DeliveryCounts
from schema.enums import Priority, PublicationKind, PublicationStatus, SortDirection
from schema.ids import decode_id, decode_ids
from schema.intelligence import ContentAnalysis
from schema.optimization import SendAt
from schema.pagination import Connection
from schema.permissions import CanEditContent, CanRead, CanReview
from schema.selection import node_fields
from schema.topics import Topic

if TYPE_CHECKING:
    from schema.quality import CheckResult


@strawberry.type
class Publication(relay.Node):
    id: relay.NodeID[int]
    title: str
    summary: str
    body: str
    priority: Priority
    status: PublicationStatus
    kind: PublicationKind = strawberry.field(  # type: ignore[valid-type]
        description="STANDARD, NEWSLETTER (an edition with per-reader sections) or DIGEST "
                    "(the parent of one period's digests, made by the digest job).")
    publish_at: dt.datetime | None
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    published_at: dt.datetime | None
    canceled_at: dt.datetime | None
    review_note: str | None
    failure_reason: str | None
    matching_strategy: str = strawberry.field(description=(
        "The matching strategy choosing the audience (its active version when the "
        "audience is resolved); \"default\" unless one was chosen."))
    created_at: dt.datetime
    updated_at: dt.datetime
    #: Filled by the `publications` list for the fields the query selects, so a page of
    #: nodes resolves them without an awaitable per node; otherwise DataLoaders batch.
    _prefetched: strawberry.Private[dict[str, Any]] = strawberry.field(default_factory=dict)

    @strawberry.field
    def topics(self, info: Info) -> list[Topic]:
        if "topics" in self._prefetched:
            return self._prefetched["topics"]
        return self._load_topics(info)  # type: ignore[return-value]  # awaited by graphql-core

    async def _load_topics(self, info: Info) -> list[Topic]:
        rows = await info.context.loaders.topics_by_publication.load(self.id)
        return [Topic.from_model(row) for row in rows]

    @strawberry.field
    def channels(self, info: Info) -> list[Channel]:
        if "channels" in self._prefetched:
            return self._prefetched["channels"]
        return self._load_channels(info)  # type: ignore[return-value]

    async def _load_channels(self, info: Info) -> list[Channel]:
        rows = await info.context.loaders.channels_by_publication.load(self.id)
        return [Channel.from_model(row) for row in rows]

    @strawberry.field(description="Deliveries of this publication by status.")
    def delivery_counts(self, info: Info) -> DeliveryCounts:
        if "deliveryCounts" in self._prefetched:
            return self._prefetched["deliveryCounts"]
        return self._load_counts(info)  # type: ignore[return-value]

    async def _load_counts(self, info: Info) -> DeliveryCounts:
        return DeliveryCounts.from_counts(
            await info.context.loaders.delivery_counts.load(self.id))

    @strawberry.field(description="The quality checks of its latest submit (warnings travel "
                                  "with it into review); empty before the first submit. "
                                  "Requires any role.")
    async def checks(self, info: Info
                     ) -> list[Annotated[CheckResult, strawberry.lazy("schema.quality")]]:
        from schema.quality import checks_of  # schema.quality builds on this module

        return await checks_of(info, self.id)
    @strawberry.field(description="The analysis of the current content (quality, reasons, "
                                  "relevance per topic, keywords), or null while it has not "
                                  "been analyzed. Requires any role.")
    async def analysis(self, info: Info) -> ContentAnalysis | None:
        content = AnalyzableContent(title=self.title, summary=self.summary, body=self.body)
        stored = await info.context.loaders.analysis_by_content.load(content.content_hash)
        return ContentAnalysis.from_stored(stored) if stored else None

    @classmethod
    def from_model(cls, publication: PublicationModel) -> Publication:
        return cls(
            id=publication.id, title=publication.title, summary=publication.summary,
            body=publication.body, priority=publication.priority, status=publication.status,
            kind=publication.kind, publish_at=publication.publish_at,
            submitted_at=publication.submitted_at,
            approved_at=publication.approved_at, published_at=publication.published_at,
            canceled_at=publication.canceled_at, review_note=publication.review_note,
            failure_reason=publication.failure_reason,
            matching_strategy=publication.matching_strategy or "default",
            created_at=publication.created_at,
            updated_at=publication.updated_at,
        )

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],
                            required: bool = False) -> list[Any]:
        rows = await info.context.loaders.publication.load_many([int(i) for i in node_ids])
        return [cls.from_model(row) if row else None for row in rows]


@strawberry.enum
class PublicationOrderField(Enum):
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"
    ID = "ID"


@strawberry.input
class PublicationOrder:
    field: PublicationOrderField = PublicationOrderField.CREATED_AT
    direction: SortDirection = SortDirection.DESC


@strawberry.input
class PublicationFilter:
    status: PublicationStatus | None = None
    priority: Priority | None = None
    topic_id: relay.GlobalID | None = None
    search: str | None = strawberry.field(default=None, description="Substring of the title.")


@strawberry.input
class CreatePublicationInput:
    title: str
    summary: str = ""
    body: str = ""
    priority: Priority = Priority.NORMAL
    topic_ids: list[relay.GlobalID] = strawberry.field(default_factory=list)
    channel_ids: list[relay.GlobalID] = strawberry.field(default_factory=list)
    matching_strategy: str | None = strawberry.field(
        default=None, description="A strategy name with an active version (null: default).")
    idempotency_key: str | None = None


@strawberry.input
class UpdatePublicationInput:
    id: relay.GlobalID
    title: str | None = None
    summary: str | None = None
    body: str | None = None
    priority: Priority | None = None
    topic_ids: list[relay.GlobalID] | None = None
    channel_ids: list[relay.GlobalID] | None = None
    matching_strategy: str | None = strawberry.field(
        default=None, description="null: unchanged; \"default\": back to the default.")


@strawberry.input
class ReviewInput:
    id: relay.GlobalID
    note: str | None = None


@strawberry.input
class SchedulePublicationInput:
    id: relay.GlobalID
    at: dt.datetime | None = strawberry.field(
        default=None, description="ISO 8601 with an offset, in the future: the send time "
                                  "(FIXED, required) or the window's start (OPTIMAL, "
                                  "default now).")
    send_at: SendAt = strawberry.field(
        default=SendAt.FIXED, description="OPTIMAL: each delivery at its reader's best "
                                          "time inside the window (feature flag "
                                          "send_time_optimization; normal priority only).")
    window_hours: int | None = strawberry.field(
        default=None, description="OPTIMAL only: the window's length, 1-168 hours "
                                  "(default 24).")


async def _prefetch(info: Info, nodes: list[Publication]) -> None:
    """Load the per-node relations the query asks for, one batch query each."""
    wanted = node_fields(info, ("edges", "node")) & {"topics", "channels", "deliveryCounts"}
    if not nodes or not wanted:
        return
    loaded = await resolvers.page_relations([node.id for node in nodes], wanted)
    for node in nodes:
        if "topics" in loaded:
            node._prefetched["topics"] = [Topic.from_model(topic)
                                          for topic in loaded["topics"].get(node.id, [])]
        if "channels" in loaded:
            node._prefetched["channels"] = [Channel.from_model(channel)
                                            for channel in loaded["channels"].get(node.id, [])]
        if "deliveryCounts" in loaded:
            node._prefetched["deliveryCounts"] = DeliveryCounts.from_counts(
                loaded["deliveryCounts"].get(node.id, {}))


def _id(global_id: relay.GlobalID) -> int:
    return decode_id(global_id, "Publication")


@strawberry.type
class PublicationQueries:
    @strawberry.field(description="Publications (newest first by default). Requires any role.",
                        permission_classes=[CanRead])
    async def publications(self, info: Info, first: int = 20, after: str | None = None,
                           filter: PublicationFilter | None = None,
                           order_by: PublicationOrder | None = None
                           ) -> Connection[Publication]:
        filter = filter or PublicationFilter()
        order_by = order_by or PublicationOrder()
        topic_id = decode_id(filter.topic_id, "Topic", "filter.topicId") if filter.topic_id \
            else None
        page = await resolvers.list_publications(
            info.context, first=first, after=after, status=filter.status,
            priority=filter.priority, topic_id=topic_id, search=filter.search,
            order_by=order_by.field.value, descending=order_by.direction == SortDirection.DESC)
        connection = Connection[Publication].from_page(page, Publication.from_model)
        await _prefetch(info, [edge.node for edge in connection.edges])
        return connection


@strawberry.type
class PublicationMutations:
    @strawberry.mutation(description="Create a draft. Requires editor or admin.",
                        permission_classes=[CanEditContent])
    async def create_publication(self, info: Info, input: CreatePublicationInput
                                 ) -> Publication:
        publication = await resolvers.create_publication(
            info.context, idempotency_key=input.idempotency_key, title=input.title,
            summary=input.summary, body=input.body, priority=input.priority,
            topic_ids=decode_ids(input.topic_ids, "Topic", "topicIds"),
            channel_ids=decode_ids(input.channel_ids, "Channel", "channelIds"),
            matching_strategy=input.matching_strategy)
        return Publication.from_model(publication)

    @strawberry.mutation(description="Edit a draft. Requires editor or admin.",
                        permission_classes=[CanEditContent])
    async def update_publication(self, info: Info, input: UpdatePublicationInput
                                 ) -> Publication:
        publication = await resolvers.update_publication(
            info.context, _id(input.id), title=input.title, summary=input.summary,
            body=input.body, priority=input.priority,
            topic_ids=decode_ids(input.topic_ids, "Topic", "topicIds"),
            channel_ids=decode_ids(input.channel_ids, "Channel", "channelIds"),
            matching_strategy=input.matching_strategy)
        return Publication.from_model(publication)

    @strawberry.mutation(description="Draft → in review, through the quality checks: a "
                                     "failing blocking check keeps it in draft "
                                     "(BAD_USER_INPUT, extensions.checks lists them). "
                                     "Requires editor or admin.",
                        permission_classes=[CanEditContent])
    async def submit_publication(self, info: Info, id: relay.GlobalID) -> Publication:
        return Publication.from_model(await resolvers.submit(info.context, _id(id)))

    @strawberry.mutation(description="In review → approved. Requires reviewer or admin; the "
                                     "author cannot approve their own publication.",
                        permission_classes=[CanReview])
    async def approve_publication(self, info: Info, input: ReviewInput) -> Publication:
        return Publication.from_model(
            await resolvers.approve(info.context, _id(input.id), input.note))

    @strawberry.mutation(description="In review → draft, with a note. Requires reviewer or "
                                     "admin.", permission_classes=[CanReview])
    async def reject_publication(self, info: Info, input: ReviewInput) -> Publication:
        return Publication.from_model(
            await resolvers.reject(info.context, _id(input.id), input.note or ""))

    @strawberry.mutation(description="Approved → scheduled at a time, or at each reader's "
                                     "best time in a window (sendAt: OPTIMAL). Requires "
                                     "editor or admin.",
                        permission_classes=[CanEditContent])
    async def schedule_publication(self, info: Info, input: SchedulePublicationInput
                                   ) -> Publication:
        return Publication.from_model(await resolvers.schedule(
            info.context, _id(input.id), input.at, optimal=input.send_at is SendAt.OPTIMAL,
            window_hours=input.window_hours))

    @strawberry.mutation(description="Approved or scheduled → publishing now. Requires editor "
                                     "or admin.",
                        permission_classes=[CanEditContent])
    async def publish_now(self, info: Info, id: relay.GlobalID) -> Publication:
        return Publication.from_model(await resolvers.publish_now(info.context, _id(id)))

    @strawberry.mutation(description="Stop a publication that has not finished. Requires "
                                     "editor or admin.", permission_classes=[CanEditContent])
    async def cancel_publication(self, info: Info, id: relay.GlobalID) -> Publication:
        return Publication.from_model(await resolvers.cancel(info.context, _id(id)))
