"""Subscribers and their per-topic, per-channel preferences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import UNSET, relay
from strawberry.scalars import JSON
from strawberry.types import Info

from domain.audience.models import Subscriber as SubscriberModel
from domain.audience.models import SubscriberPreference
from domain.audience.service import PreferenceSpec, SubscriberChanges
from domain.errors import InvalidInput
from domain.personalization.preferences import (
    KEEP,
    QuietHoursSpec,
    SettingsSpec,
    format_wall_clock,
)
from resolvers import subscribers as resolvers
from schema.channels import Channel
from schema.deletion import DeletePayload
from schema.enums import Frequency, SubscriberStatus
from schema.ids import decode_id
from schema.pagination import Connection
from schema.permissions import CanEditContent, CanRead
from schema.personalization import InterestProfile
from schema.topics import Topic


@strawberry.type
class Preference:
    frequency: Frequency
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
        return cls(frequency=preference.frequency, _model=preference)


@strawberry.type(description="A do-not-disturb window in the subscriber's time zone; "
                             "start after end crosses midnight.")
class QuietHours:
    start: str = strawberry.field(description="HH:MM")
    end: str = strawberry.field(description="HH:MM")


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
    quiet_hours: QuietHours | None = strawberry.field(
        description="Deliveries due inside it wait until it ends (CRITICAL alerts excepted).")
    daily_cap: int | None = strawberry.field(
        description="At most this many messages per channel per local day; more are "
                    "skipped (reason `frequency cap`).")
    _channel_order: strawberry.Private[list[int]]

    @strawberry.field(description="Channels in the subscriber's order of preference.")
    async def channel_order(self, info: Info) -> list[Channel]:
        rows = await info.context.loaders.channel.load_many(self._channel_order)
        return [Channel.from_model(row) for row in rows if row is not None]

    @strawberry.field(description="Topics, channels and hours the subscriber engages with, "
                                  "learned from their opens and clicks. Requires any role.",
                      permission_classes=[CanRead])
    async def interest_profile(self, info: Info) -> InterestProfile:
        return InterestProfile.from_model(
            await info.context.loaders.interest_profile.load(self.id))

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
                   created_at=subscriber.created_at,
                   quiet_hours=_quiet_hours(subscriber), daily_cap=subscriber.daily_cap,
                   _channel_order=list(subscriber.channel_order or []))

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],
                            required: bool = False) -> list[Any]:
        rows = await info.context.loaders.subscriber.load_many([int(i) for i in node_ids])
        return [cls.from_model(row) if row else None for row in rows]


def _quiet_hours(subscriber: SubscriberModel) -> QuietHours | None:
    start = format_wall_clock(subscriber.quiet_hours_start)
    end = format_wall_clock(subscriber.quiet_hours_end)
    return QuietHours(start=start, end=end) if start and end else None


@strawberry.input
class PreferenceInput:
    topic_id: relay.GlobalID
    channel_id: relay.GlobalID
    frequency: Frequency = Frequency.IMMEDIATE


@strawberry.input
class QuietHoursInput:
    start: str = strawberry.field(description="HH:MM in the subscriber's time zone.")
    end: str = strawberry.field(description="HH:MM; before start: the window crosses "
                                            "midnight. Must differ from start.")


def _specs(preferences: list[PreferenceInput]) -> list[PreferenceSpec]:
    return [
        PreferenceSpec(
            topic_id=decode_id(item.topic_id, "Topic", f"preferences[{index}].topicId"),
            channel_id=decode_id(item.channel_id, "Channel", f"preferences[{index}].channelId"),
            frequency=item.frequency,
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
    quiet_hours: QuietHoursInput | None = None
    daily_cap: int | None = strawberry.field(
        default=None, description="1 to 1000 messages per channel per local day.")
    channel_order: list[relay.GlobalID] = strawberry.field(
        default_factory=list, description="Channels, most preferred first.")
    idempotency_key: str | None = None


@strawberry.input(description="Omitted fields stay as they are; null clears quietHours "
                               "and dailyCap.")
class UpdateSubscriberPreferencesInput:
    id: relay.GlobalID
    preferences: list[PreferenceInput] | None = strawberry.field(
        default=UNSET, description="Replaces every topic preference.")
    timezone: str | None = strawberry.field(default=UNSET,
                                            description="An IANA name, e.g. Europe/Paris.")
    quiet_hours: QuietHoursInput | None = UNSET
    daily_cap: int | None = strawberry.field(
        default=UNSET, description="1 to 1000 messages per channel per local day.")
    channel_order: list[relay.GlobalID] | None = strawberry.field(
        default=UNSET, description="Channels, most preferred first.")


def _quiet_spec(quiet_hours: QuietHoursInput | None) -> QuietHoursSpec | None:
    return None if quiet_hours is None else QuietHoursSpec(quiet_hours.start, quiet_hours.end)


def _channel_ids(channels: list[relay.GlobalID] | None) -> list[int]:
    return [decode_id(item, "Channel", f"channelOrder[{index}]")
            for index, item in enumerate(channels or [])]


def _settings(input: UpdateSubscriberPreferencesInput) -> SettingsSpec:
    quiet: Any = KEEP
    if input.quiet_hours is not UNSET:
        quiet = _quiet_spec(input.quiet_hours)
    order: Any = KEEP
    if input.channel_order is not UNSET:
        order = _channel_ids(input.channel_order)
    timezone: Any = KEEP
    if input.timezone is not UNSET:
        if input.timezone is None:
            raise InvalidInput("timezone cannot be null", field="timezone")
        timezone = input.timezone
    return SettingsSpec(timezone=timezone, quiet_hours=quiet,
                        daily_cap=KEEP if input.daily_cap is UNSET else input.daily_cap,
                        channel_order=order)


@strawberry.input(description="Omitted fields stay as they are. email and externalId may "
                               "be null as long as the subscriber keeps one of them.")
class UpdateSubscriberInput:
    id: relay.GlobalID
    email: str | None = strawberry.field(
        default=UNSET, description="Unique (CONFLICT, field email). An address on the "
                                   "suppression list stays suppressed.")
    external_id: str | None = strawberry.field(default=UNSET, description="Unique.")
    name: str | None = UNSET
    attributes: JSON | None = strawberry.field(default=UNSET,
                                               description="Replaces every attribute.")
    locale: str | None = UNSET
    timezone: str | None = strawberry.field(default=UNSET,
                                            description="An IANA name, e.g. Europe/Paris.")


def _changes(input: UpdateSubscriberInput) -> SubscriberChanges:
    """UNSET → KEEP; null is refused where the field cannot be empty."""
    values: dict[str, Any] = {}
    for name in ("email", "external_id", "name", "attributes", "locale", "timezone"):
        value = getattr(input, name)
        if value is UNSET:
            continue
        if value is None and name not in ("email", "external_id"):
            raise InvalidInput(f"{name} cannot be null", field=name)
        values[name] = value
    return SubscriberChanges(**values)


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
            timezone=input.timezone, locale=input.locale, settings=SettingsSpec(
                quiet_hours=_quiet_spec(input.quiet_hours), daily_cap=input.daily_cap,
                channel_order=_channel_ids(input.channel_order)))
        return Subscriber.from_model(subscriber)

    @strawberry.mutation(description="Change a subscriber's topic preferences, time zone, "
                                     "quiet hours, daily cap and channel order (validated "
                                     "together: a bad field changes nothing). Requires "
                                     "editor or admin.",
                        permission_classes=[CanEditContent])
    async def update_subscriber_preferences(self, info: Info,
                                            input: UpdateSubscriberPreferencesInput
                                            ) -> Subscriber:
        preferences = None if input.preferences in (None, UNSET) else _specs(input.preferences)
        subscriber = await resolvers.update_preferences(
            info.context, decode_id(input.id, "Subscriber"), preferences, _settings(input))
        return Subscriber.from_model(subscriber)

    @strawberry.mutation(description="Change a subscriber's email, external id, name, "
                                     "attributes, locale or time zone (validated together: "
                                     "a bad field changes nothing; deliveries not sent yet "
                                     "follow a new address). Requires editor or admin.",
                         permission_classes=[CanEditContent])
    async def update_subscriber(self, info: Info, input: UpdateSubscriberInput) -> Subscriber:
        subscriber = await resolvers.update_subscriber(
            info.context, decode_id(input.id, "Subscriber"), _changes(input))
        return Subscriber.from_model(subscriber)

    @strawberry.mutation(description="Delete a subscriber with their preferences and "
                                     "interest profile; deliveries not sent yet are skipped, "
                                     "past ones stay in the ledger (eraseSubscriber removes "
                                     "personal data everywhere). Requires editor or admin.",
                         permission_classes=[CanEditContent])
    async def delete_subscriber(self, info: Info, id: relay.GlobalID) -> DeletePayload:
        subscriber_id = decode_id(id, "Subscriber")
        await resolvers.delete_subscriber(info.context, subscriber_id)
        return DeletePayload.of("Subscriber", subscriber_id)

    @strawberry.mutation(description="Unsubscribe from everything or one topic. Requires "
                                     "editor or admin.", permission_classes=[CanEditContent])
    async def unsubscribe(self, info: Info, input: UnsubscribeInput) -> Subscriber:
        topic_id = decode_id(input.topic_id, "Topic", "topicId") if input.topic_id else None
        subscriber = await resolvers.unsubscribe(info.context, decode_id(input.id, "Subscriber"),
                                                 topic_id)
        return Subscriber.from_model(subscriber)
