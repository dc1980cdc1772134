"""Topics, subscribers and preferences: the rules for who may receive what."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from domain.audience.models import (
    Frequency,
    Subscriber,
    SubscriberPreference,
    SubscriberStatus,
    Topic,
)
from domain.channels.models import Channel
from domain.engagement.models import EventType
from domain.engagement.recorder import EngagementInput, record_events
from domain.engagement.suppression import status_for_reason, suppression_reasons
from domain.errors import Conflict, InvalidInput, NotFound, in_use
from domain.personalization.preferences import (
    KEEP,
    SettingsSpec,
    affects_quiet_hours,
    check_settings,
    release_held,
)
from domain.principals.actor import Actor
from domain.principals.service import audit
from domain.publications.models import Publication
from domain.validation import (
    normalise_email,
    optional_text,
    require_json_object,
    require_slug,
    require_text,
    require_timezone,
)

MAX_PREFERENCES = 500
#: publications named in a CONFLICT answer (the count says how many there are)
EXAMPLES_SHOWN = 5
#: ledger rows not handed to a provider yet
UNSENT_STATUSES = ("pending", "queued", "held")


@dataclass(frozen=True, slots=True)
class PreferenceSpec:
    topic_id: int
    channel_id: int
    frequency: Frequency = Frequency.IMMEDIATE


async def create_topic(actor: Actor, *, slug: str, name: str, description: str = "") -> Topic:
    slug = require_slug(slug.strip())
    name = require_text(name, "name", max_length=200)
    description = optional_text(description, "description", max_length=5000)
    try:
        topic = await Topic.create(slug=slug, name=name, description=description)
    except IntegrityError:
        raise Conflict(f"a topic with slug {slug!r} already exists", field="slug") from None
    await audit(actor, "topic.create", "topic", topic.id, {"slug": slug})
    return topic


async def update_topic(actor: Actor, topic_id: int, *, name: str | None = None,
                       description: str | None = None, slug: str | None = None) -> Topic:
    topic = await get_topic(topic_id)
    if slug is not None:
        topic.slug = require_slug(slug.strip())
    if name is not None:
        topic.name = require_text(name, "name", max_length=200)
    if description is not None:
        topic.description = optional_text(description, "description", max_length=5000)
    try:
        await topic.save()
    except IntegrityError:
        raise Conflict(f"a topic with slug {topic.slug!r} already exists",
                       field="slug") from None
    await audit(actor, "topic.update", "topic", topic.id,
                {"slug": topic.slug} if slug is not None else None)
    return topic


async def delete_topic(actor: Actor, topic_id: int) -> None:
    """A topic any publication was filed under stays (the publication's history names
    it): CONFLICT naming them. Otherwise it goes, with the preferences, quality policies
    and learned affinities that were about it."""
    topic = await get_topic(topic_id)
    users = Publication.filter(topics__id=topic.id)
    total = await users.count()
    if total:
        titles = await users.order_by("id").limit(EXAMPLES_SHOWN).values_list("title", flat=True)
        raise in_use(f"topic {topic.slug!r}", "publications",
                     [repr(title) for title in titles], total)
    followers = await SubscriberPreference.filter(topic_id=topic.id).count()
    await topic.delete()
    await audit(actor, "topic.delete", "topic", topic_id,
                {"slug": topic.slug, "preferences_removed": followers})


async def get_topic(topic_id: int) -> Topic:
    topic = await Topic.get_or_none(id=topic_id)
    if topic is None:
        raise NotFound("topic not found", field="id")
    return topic


async def get_subscriber(subscriber_id: int) -> Subscriber:
    subscriber = await Subscriber.get_or_none(id=subscriber_id)
    if subscriber is None:
        raise NotFound("subscriber not found", field="id")
    return subscriber


async def _check_preferences(preferences: list[PreferenceSpec]) -> None:
    if len(preferences) > MAX_PREFERENCES:
        raise InvalidInput(f"at most {MAX_PREFERENCES} preferences", field="preferences")
    seen: set[tuple[int, int]] = set()
    for index, spec in enumerate(preferences):
        pair = (spec.topic_id, spec.channel_id)
        if pair in seen:
            raise InvalidInput("the same topic and channel appear twice",
                               field=f"preferences[{index}]")
        seen.add(pair)
    topic_ids = {spec.topic_id for spec in preferences}
    channel_ids = {spec.channel_id for spec in preferences}
    known_topics = set(await Topic.filter(id__in=topic_ids).values_list("id", flat=True))
    known_channels = set(await Channel.filter(id__in=channel_ids).values_list("id", flat=True))
    for index, spec in enumerate(preferences):
        if spec.topic_id not in known_topics:
            raise InvalidInput(f"unknown topic id {spec.topic_id}",
                               field=f"preferences[{index}].topicId")
        if spec.channel_id not in known_channels:
            raise InvalidInput(f"unknown channel id {spec.channel_id}",
                               field=f"preferences[{index}].channelId")


async def _replace_preferences(subscriber: Subscriber, preferences: list[PreferenceSpec]) -> None:
    await SubscriberPreference.filter(subscriber=subscriber).delete()
    await SubscriberPreference.bulk_create([
        SubscriberPreference(
            subscriber=subscriber, topic_id=spec.topic_id, channel_id=spec.channel_id,
            frequency=spec.frequency,
        )
        for spec in preferences
    ])


async def create_subscriber(
    actor: Actor,
    *,
    email: str | None = None,
    external_id: str | None = None,
    name: str = "",
    attributes: dict[str, Any] | None = None,
    timezone: str = "UTC",
    locale: str = "en",
    preferences: list[PreferenceSpec] | None = None,
    settings: SettingsSpec | None = None,
) -> Subscriber:
    """`settings` may give quiet hours, a daily cap and a channel order (its time zone,
    if given, wins over `timezone`)."""
    if not email and not external_id:
        raise InvalidInput("a subscriber needs an email or an externalId", field="email")
    normalised = normalise_email(email) if email else None
    if external_id is not None:
        external_id = require_text(external_id, "externalId", max_length=200)
    attributes = require_json_object(attributes or {}, "attributes")
    timezone = require_timezone(timezone)
    locale = require_text(locale, "locale", max_length=16)
    preferences = preferences or []
    await _check_preferences(preferences)
    extra = {"timezone": timezone, **await check_settings(settings or SettingsSpec())}
    status = await _status_for_address(normalised, SubscriberStatus.ACTIVE)
    try:
        async with in_transaction():
            subscriber = await Subscriber.create(
                email=normalised, external_id=external_id,
                name=optional_text(name, "name", max_length=200),
                attributes=attributes, locale=locale, status=status,
                consent_given_at=dt.datetime.now(dt.UTC), **extra,
            )
            await _replace_preferences(subscriber, preferences)
    except IntegrityError:
        field = "email" if normalised and await Subscriber.exists(email=normalised) else (
            "externalId")
        raise Conflict(f"a subscriber with this {field} already exists", field=field) from None
    await audit(actor, "subscriber.create", "subscriber", subscriber.id)
    return subscriber


async def _status_for_address(email: str | None, status: SubscriberStatus
                              ) -> SubscriberStatus:
    """An active subscriber whose address is on the suppression list (plain or hashed)
    is stored the way imports store them (bounced, complained, or unsubscribed for an
    erased address): the list wins over whoever types the address in again."""
    if email is None or status is not SubscriberStatus.ACTIVE:
        return status
    reasons = await suppression_reasons([email])
    reason = reasons.get(email.lower())
    return status if reason is None else SubscriberStatus(status_for_reason(reason))


@dataclass(frozen=True, slots=True)
class SubscriberChanges:
    """What updateSubscriber changes; KEEP leaves a field as it is. `email` and
    `external_id` may be None (cleared) as long as one of them remains."""

    email: str | Any | None = KEEP
    external_id: str | Any | None = KEEP
    name: str | Any = KEEP
    attributes: dict[str, Any] | Any = KEEP
    locale: str | Any = KEEP
    timezone: str | Any = KEEP


def _check_changes(subscriber: Subscriber, changes: SubscriberChanges) -> dict[str, Any]:
    """The columns to write, or InvalidInput naming the first bad field (nothing written)."""
    values: dict[str, Any] = {}
    if changes.email is not KEEP:
        values["email"] = (normalise_email(changes.email) if changes.email is not None
                           else None)
    if changes.external_id is not KEEP:
        values["external_id"] = (require_text(changes.external_id, "externalId",
                                              max_length=200)
                                 if changes.external_id is not None else None)
    if values.get("email", subscriber.email) is None and \
            values.get("external_id", subscriber.external_id) is None:
        raise InvalidInput("a subscriber needs an email or an externalId",
                           field="email" if "email" in values else "externalId")
    if changes.name is not KEEP:
        values["name"] = optional_text(changes.name, "name", max_length=200)
    if changes.attributes is not KEEP:
        values["attributes"] = require_json_object(changes.attributes, "attributes")
    if changes.locale is not KEEP:
        values["locale"] = require_text(changes.locale, "locale", max_length=16)
    return values


# Unsent ledger rows follow a changed address (email rows take the email, webhook rows
# the external id or else the email, as audience resolution writes them).
_READDRESS = """
UPDATE delivery d
SET recipient = CASE c.type WHEN 'email' THEN $2 ELSE COALESCE($3, $2) END,
    updated_at = now()
FROM channel c
WHERE d.subscriber_id = $1 AND d.channel_id = c.id AND c.type IN ('email', 'webhook')
  AND d.status = ANY($4::varchar[])
  AND (c.type = 'webhook' OR $2::varchar IS NOT NULL)
"""


async def update_subscriber(actor: Actor, subscriber_id: int, changes: SubscriberChanges
                            ) -> Subscriber:
    """Change the profile: email, external id, name, attributes, locale, time zone. All
    fields are checked before anything is written. A new email on the suppression list
    moves an active subscriber to the status imports give it; the old address's entry
    stays where it is (suppression belongs to addresses, not to records). Deliveries not
    handed over yet go to the new address. A taken email or external id is a CONFLICT
    naming the field."""
    subscriber = await get_subscriber(subscriber_id)
    values = _check_changes(subscriber, changes)
    settings = await check_settings(SettingsSpec(timezone=changes.timezone))
    if "email" in values:
        values["status"] = await _status_for_address(values["email"], subscriber.status)
    before = {name: getattr(subscriber, name) for name in (*values, *settings)}
    for name, value in {**values, **settings}.items():
        setattr(subscriber, name, value)
    readdress = bool({"email", "external_id"} & values.keys())
    try:
        async with in_transaction() as connection:
            await subscriber.save(update_fields=[*values, *settings, "updated_at"])
            if readdress:
                await connection.execute_query(_READDRESS, [
                    subscriber.id, subscriber.email, subscriber.external_id,
                    list(UNSENT_STATUSES)])
            if affects_quiet_hours(settings):
                await release_held(connection, subscriber.id)
    except IntegrityError:
        email = values.get("email")
        field = "email" if email and await Subscriber.filter(email=email).exclude(
            id=subscriber.id).exists() else "externalId"
        raise Conflict(f"another subscriber has this {field}", field=field) from None
    changed = sorted(name for name in before if before[name] != getattr(subscriber, name))
    # field names only: the audit log keeps no personal values
    await audit(actor, "subscriber.update", "subscriber", subscriber.id, {"fields": changed})
    return subscriber


_SKIP_UNSENT = """
UPDATE delivery SET status = 'skipped', last_error = 'subscriber deleted',
       next_attempt_at = NULL, updated_at = now()
WHERE subscriber_id = $1 AND status = ANY($2::varchar[])
"""


async def delete_subscriber(actor: Actor, subscriber_id: int) -> int:
    """Remove the subscriber with their preferences, interest profile and experiment
    assignments. Their deliveries not handed over yet are `skipped` ("subscriber
    deleted"); the ledger's history (recipient address included) and engagement events
    stay, no longer linked to anyone — `eraseSubscriber` is the request that removes
    personal data everywhere. Returns how many deliveries were skipped."""
    subscriber = await get_subscriber(subscriber_id)
    async with in_transaction() as connection:
        skipped, _ = await connection.execute_query(
            _SKIP_UNSENT, [subscriber.id, list(UNSENT_STATUSES)])
        await subscriber.delete(using_db=connection)
    await audit(actor, "subscriber.delete", "subscriber", subscriber_id,
                {"deliveries_skipped": skipped})
    return skipped


async def update_subscriber_preferences(
    actor: Actor, subscriber_id: int, preferences: list[PreferenceSpec] | None,
    settings: SettingsSpec | None = None,
) -> Subscriber:
    """Replace the per-topic preferences (None: keep them) and change the settings
    `settings` mentions. Everything is checked first: a bad field writes nothing.
    Deliveries already queued are checked against the new values when they are sent."""
    subscriber = await get_subscriber(subscriber_id)
    if preferences is not None:
        await _check_preferences(preferences)
    changes = await check_settings(settings or SettingsSpec())
    async with in_transaction() as connection:
        if preferences is not None:
            await _replace_preferences(subscriber, preferences)
        for name, value in changes.items():
            setattr(subscriber, name, value)
        await subscriber.save(update_fields=[*changes, "updated_at"])
        if affects_quiet_hours(changes):
            await release_held(connection, subscriber.id)
    await audit(actor, "subscriber.preferences", "subscriber", subscriber.id,
                {"count": None if preferences is None else len(preferences),
                 "settings": sorted(changes)})
    return subscriber


async def unsubscribe(actor: Actor, subscriber_id: int, topic_id: int | None = None
                      ) -> Subscriber:
    """Without a topic: stop everything. With one: stop that topic on every channel."""
    subscriber = await get_subscriber(subscriber_id)
    if topic_id is None:
        was_active = subscriber.status is SubscriberStatus.ACTIVE
        subscriber.status = SubscriberStatus.UNSUBSCRIBED
        subscriber.consent_withdrawn_at = dt.datetime.now(dt.UTC)
        await subscriber.save()
        if was_active:
            await record_events([EngagementInput(
                EventType.UNSUBSCRIBE, subscriber.consent_withdrawn_at,
                subscriber_id=subscriber.id, metadata={"source": "preferences",
                                                       "actor": actor.name})])
    else:
        if not await Topic.exists(id=topic_id):
            raise InvalidInput(f"unknown topic id {topic_id}", field="topicId")
        await SubscriberPreference.filter(subscriber=subscriber, topic_id=topic_id).update(
            frequency=Frequency.NEVER)
    await audit(actor, "subscriber.unsubscribe", "subscriber", subscriber.id,
                {"topic_id": topic_id})
    return subscriber


def subscribers_query(*, status: SubscriberStatus | None = None, topic_id: int | None = None,
                      email_prefix: str | None = None) -> QuerySet[Subscriber]:
    query = Subscriber.all()
    if status is not None:
        query = query.filter(status=status)
    if topic_id is not None:
        query = query.filter(id__in=Subquery(
            SubscriberPreference.filter(topic_id=topic_id).values("subscriber_id")))
    if email_prefix:
        query = query.filter(email__istartswith=email_prefix)
    return query
