from __future__ import annotations

from domain.channels.models import ChannelType
from domain.idempotency.service import create_once
from domain.pagination import Page
from domain.templates import service
from domain.templates.models import Template
from resolvers.context import RequestContext
from resolvers.listing import page_of
from resolvers.permissions import Ability, require


async def list_templates(context: RequestContext, *, first: int, after: str | None,
                         channel_type: ChannelType | None) -> Page[Template]:
    require(context, Ability.READ)
    return await page_of(service.templates_query(channel_type=channel_type), first=first,
                         after=after, descending=False)


async def create_template(context: RequestContext, *, name: str, channel_type: ChannelType,
                          source: str, parent_id: int | None, idempotency_key: str | None
                          ) -> Template:
    actor = require(context, Ability.EDIT_CONTENT)
    payload = {"name": name, "channel_type": channel_type, "source": source,
               "parent_id": parent_id}
    return await create_once(actor, "createTemplate", idempotency_key, payload, Template,
                             lambda: service.create_template(actor, **payload))


async def update_template(context: RequestContext, template_id: int, *, source: str | None,
                          parent_id: int | None) -> Template:
    actor = require(context, Ability.EDIT_CONTENT)
    return await service.update_template(actor, template_id, source=source,
                                         parent_id=parent_id)
