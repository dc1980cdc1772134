"""Topics: what subscribers choose to follow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from domain.audience.models import Topic as TopicModel
from resolvers import topics as resolvers
from schema.deletion import DeletePayload
from schema.ids import decode_id
from schema.pagination import Connection
from schema.permissions import CanEditContent, CanRead


@strawberry.type
class Topic(relay.Node):
    id: relay.NodeID[int]
    slug: str
    name: str
    description: str
    created_at: dt.datetime

    @classmethod
    def from_model(cls, topic: TopicModel) -> Topic:
        return cls(id=topic.id, slug=topic.slug, name=topic.name,
                   description=topic.description, created_at=topic.created_at)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],
                            required: bool = False) -> list[Any]:
        rows = await info.context.loaders.topic.load_many([int(i) for i in node_ids])
        return [cls.from_model(row) if row else None for row in rows]


@strawberry.input
class CreateTopicInput:
    slug: str
    name: str
    description: str = ""
    idempotency_key: str | None = None


@strawberry.input
class UpdateTopicInput:
    id: relay.GlobalID
    slug: str | None = strawberry.field(default=None, description="Must stay unique.")
    name: str | None = None
    description: str | None = None


@strawberry.type
class TopicQueries:
    @strawberry.field(description="Topics, oldest first. Requires any role.",
                        permission_classes=[CanRead])
    async def topics(self, info: Info, first: int = 20, after: str | None = None
                     ) -> Connection[Topic]:
        page = await resolvers.list_topics(info.context, first=first, after=after)
        return Connection[Topic].from_page(page, Topic.from_model)


@strawberry.type
class TopicMutations:
    @strawberry.mutation(description="Create a topic. Requires editor or admin.",
                        permission_classes=[CanEditContent])
    async def create_topic(self, info: Info, input: CreateTopicInput) -> Topic:
        topic = await resolvers.create_topic(
            info.context, slug=input.slug, name=input.name, description=input.description,
            idempotency_key=input.idempotency_key)
        return Topic.from_model(topic)

    @strawberry.mutation(description="Rename, re-slug or describe a topic. Requires editor "
                                     "or admin.", permission_classes=[CanEditContent])
    async def update_topic(self, info: Info, input: UpdateTopicInput) -> Topic:
        topic = await resolvers.update_topic(info.context, decode_id(input.id, "Topic"),
                                             name=input.name, description=input.description,
                                             slug=input.slug)
        return Topic.from_model(topic)

    @strawberry.mutation(description="Delete a topic no publication was filed under (else "
                                     "CONFLICT naming them); its preferences go with it. "
                                     "Requires editor or admin.",
                         permission_classes=[CanEditContent])
    async def delete_topic(self, info: Info, id: relay.GlobalID) -> DeletePayload:
        topic_id = decode_id(id, "Topic")
        await resolvers.delete_topic(info.context, topic_id)
        return DeletePayload.of("Topic", topic_id)

