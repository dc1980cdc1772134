from __future__ import annotations

from typing import Any

from domain.audience import service
from domain.audience.models import Subscriber, SubscriberStatus
from domain.audience.service import PreferenceSpec
from domain.idempotency.service import create_once
from domain.pagination import Page
from domain.personalization.preferences import SettingsSpec
from resolvers.context import RequestContext
from resolvers.listing import page_of
from resolvers.permissions import Ability, require


async def list_subscribers(context: RequestContext, *, first: int, after: str | None,
                           status: SubscriberStatus | None, topic_id: int | None,
                           email_prefix: str | None) -> Page[Subscriber]:
    require(context, Ability.READ)
    query = service.subscribers_query(status=status, topic_id=topic_id,
                                      email_prefix=email_prefix)
    return await page_of(query, first=first, after=after)


async def create_subscriber(context: RequestContext, *, preferences: list[PreferenceSpec],
                            idempotency_key: str | None, **fields: Any) -> Subscriber:
    actor = require(context, Ability.EDIT_CONTENT)
    payload = {**fields, "preferences": [spec.__repr__() for spec in preferences]}
    return await create_once(
        actor, "createSubscriber", idempotency_key, payload, Subscriber,
        lambda: service.create_subscriber(actor, preferences=preferences, **fields))


async def update_preferences(context: RequestContext, subscriber_id: int,
                             preferences: list[PreferenceSpec] | None,
                             settings: SettingsSpec) -> Subscriber:
    actor = require(context, Ability.EDIT_CONTENT)
    return await service.update_subscriber_preferences(actor, subscriber_id, preferences,
                                                       settings)


async def unsubscribe(context: RequestContext, subscriber_id: int, topic_id: int | None
                      ) -> Subscriber:
    actor = require(context, Ability.EDIT_CONTENT)
    return await service.unsubscribe(actor, subscriber_id, topic_id)


async def update_subscriber(context: RequestContext, subscriber_id: int,
                            changes: service.SubscriberChanges) -> Subscriber:
    actor = require(context, Ability.EDIT_CONTENT)
    return await service.update_subscriber(actor, subscriber_id, changes)


async def delete_subscriber(context: RequestContext, subscriber_id: int) -> None:
    actor = require(context, Ability.EDIT_CONTENT)
    await service.delete_subscriber(actor, subscriber_id)
