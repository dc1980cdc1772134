from __future__ import annotations

from domain.audience import service
from domain.audience.models import Topic
from domain.idempotency.service import create_once
from domain.pagination import Page
from resolvers.context import RequestContext
from resolvers.listing import page_of
from resolvers.permissions import Ability, require


async def list_topics(context: RequestContext, *, first: int, after: str | None) -> Page[Topic]:
    require(context, Ability.READ)
    return await page_of(Topic.all(), first=first, after=after, descending=False)


async def create_topic(context: RequestContext, *, slug: str, name: str, description: str,
                       idempotency_key: str | None) -> Topic:
    actor = require(context, Ability.EDIT_CONTENT)
    payload = {"slug": slug, "name": name, "description": description}
    return await create_once(actor, "createTopic", idempotency_key, payload, Topic,
                             lambda: service.create_topic(actor, **payload))


async def update_topic(context: RequestContext, topic_id: int, *, name: str | None,
                       description: str | None, slug: str | None) -> Topic:
    actor = require(context, Ability.EDIT_CONTENT)
    return await service.update_topic(actor, topic_id, name=name, description=description,
                                      slug=slug)


async def delete_topic(context: RequestContext, topic_id: int) -> None:
    actor = require(context, Ability.EDIT_CONTENT)
    await service.delete_topic(actor, topic_id)
