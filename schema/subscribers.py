"""Subscribers and their per-topic, per-channel preferences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from domain.audience.models import Subscriber as SubscriberModel
from domain.audience.models import SubscriberPreference
from domain.audience.service import PreferenceSpec
from resolvers import subscribers as resolvers
from schema.channels import Channel
from schema.enums import Frequency, SubscriberStatus
from schema.ids import decode_id
from schema.pagination import Connection
from schema.permissions import CanEditContent, CanRead
from schema.topics import Topic


@strawberry.type
class Preference:
    frequency: Frequency
    quiet_hours_start: dt.time | None
    quiet_hours_end: dt.time | None
    _model: strawberry.Private[SubscriberPreference]

    @strawberry.field
    async def topic(self, info: Info) -> Topic:
        return Topic.from_model(await info.context.loaders.topic.load(self._model.topic_id))

    @strawberry.field
    async def channel(self, info: Info) -> Channel:
        return Channel.from_model(
            await info.context.loaders.channel.load(self._model.channel_id))

    @classmethod
    def from_model(cls, preference: SubscriberPreference) -> Preference:
        return cls(frequency=preference.frequency,
                   quiet_hours_start=preference.quiet_hours_start,
                   quiet_hours_end=preference.quiet_hours_end, _model=preference)


@strawberry.type
class Subscriber(relay.Node):
    id: relay.NodeID[int]
    email: str | None
    external_id: str | None
    name: str
    attributes: JSON
    timezone: str
    locale: str
    status: SubscriberStatus
    consent_given_at: dt.datetime | None
    consent_withdrawn_at: dt.datetime | None
    created_at: dt.datetime

    @strawberry.field
    async def preferences(self, info: Info) -> list[Preference]:
        rows = await info.context.loaders.preferences_by_subscriber.load(self.id)
        return [Preference.from_model(row) for row in rows]

    @classmethod
    def from_model(cls, subscriber: SubscriberModel) -> Subscriber:
        return cls(id=subscriber.id, email=subscriber.email, external_id=subscriber.external_id,
                   name=subscriber.name, attributes=subscriber.attributes,
                   timezone=subscriber.timezone, locale=subscriber.locale,
                   status=subscriber.status, consent_given_at=subscriber.consent_given_at,
                   consent_withdrawn_at=subscriber.consent_withdrawn_at,
                   created_at=subscriber.created_at)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],
                            required: bool = False) -> list[Any]:
        rows = await info.context.loaders.subscriber.load_many([int(i) for i in node_ids])
        return [cls.from_model(row) if row else None for row in rows]


@strawberry.input
class PreferenceInput:
    topic_id: relay.GlobalID
    channel_id: relay.GlobalID
    frequency: Frequency = Frequency.IMMEDIATE
    quiet_hours_start: dt.time | None = None
    quiet_hours_end: dt.time | None = None


def _specs(preferences: list[PreferenceInput]) -> list[PreferenceSpec]:
    return [
        PreferenceSpec(
            topic_id=decode_id(item.topic_id, "Topic", f"preferences[{index}].topicId"),
            channel_id=decode_id(item.channel_id, "Channel", f"preferences[{index}].channelId"),
            frequency=item.frequency, quiet_hours_start=item.quiet_hours_start,
            quiet_hours_end=item.quiet_hours_end,
        )
        for index, item in enumerate(preferences)
    ]


@strawberry.input
class CreateSubscriberInput:
    email: str | None = None
    external_id: str | None = None
    name: str = ""
    # optional, not `= {}`: graphql-core cannot introspect an object default of a scalar
    attributes: JSON | None = strawberry.field(default=None, description="Omitted: {}.")
    timezone: str = "UTC"
    locale: str = "en"
    preferences: list[PreferenceInput] = strawberry.field(default_factory=list)
    idempotency_key: str | None = None


@strawberry.input
class UpdateSubscriberPreferencesInput:
    id: relay.GlobalID
    preferences: list[PreferenceInput]


@strawberry.input
class UnsubscribeInput:
    id: relay.GlobalID
    topic_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Only this topic; without it, everything stops.")


@strawberry.input
class SubscriberFilter:
    status: SubscriberStatus | None = None
    topic_id: relay.GlobalID | None = None
    email_prefix: str | None = None


@strawberry.type
class SubscriberQueries:
    @strawberry.field(description="Subscribers, newest first. Requires any role.",
                        permission_classes=[CanRead])
    async def subscribers(self, info: Info, first: int = 20, after: str | None = None,
                          filter: SubscriberFilter | None = None) -> Connection[Subscriber]:
        filter = filter or SubscriberFilter()
        topic_id = decode_id(filter.topic_id, "Topic", "filter.topicId") if filter.topic_id \
            else None
        page = await resolvers.list_subscribers(
            info.context, first=first, after=after, status=filter.status, topic_id=topic_id,
            email_prefix=filter.email_prefix)
        return Connection[Subscriber].from_page(page, Subscriber.from_model)


@strawberry.type
class SubscriberMutations:
    @strawberry.mutation(description="Add a subscriber. Requires editor or admin.",
                        permission_classes=[CanEditContent])
    async def create_subscriber(self, info: Info, input: CreateSubscriberInput) -> Subscriber:
        subscriber = await resolvers.create_subscriber(
            info.context, preferences=_specs(input.preferences),
            idempotency_key=input.idempotency_key, email=input.email,
            external_id=input.external_id, name=input.name,
            attributes={} if input.attributes is None else input.attributes,
            timezone=input.timezone, locale=input.locale)
        return Subscriber.from_model(subscriber)

    @strawberry.mutation(description="Replace a subscriber's preferences. Requires editor or "
                                     "admin.",
                        permission_classes=[CanEditContent])
    async def update_subscriber_preferences(self, info: Info,
                                            input: UpdateSubscriberPreferencesInput
                                            ) -> Subscriber:
        subscriber = await resolvers.update_preferences(
            info.context, decode_id(input.id, "Subscriber"), _specs(input.preferences))
        return Subscriber.from_model(subscriber)

    @strawberry.mutation(description="Unsubscribe from everything or one topic. Requires "
                                     "editor or admin.", permission_classes=[CanEditContent])
    async def unsubscribe(self, info: Info, input: UnsubscribeInput) -> Subscriber:
        topic_id = decode_id(input.topic_id, "Topic", "topicId") if input.topic_id else None
        subscriber = await resolvers.unsubscribe(info.context, decode_id(input.id, "Subscriber"),
                                                 topic_id)
        return Subscriber.from_model(subscriber)
