"""Templates: list, create, save versions, restore an old version."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from domain.channels.models import ChannelType
from domain.idempotency.service import create_once
from domain.pagination import Page
from domain.templates import service
from domain.templates.models import Template, TemplateFormat, TemplateVersion
from resolvers.context import RequestContext
from resolvers.listing import page_of
from resolvers.permissions import Ability, require

MAX_VERSIONS = 100


async def list_templates(context: RequestContext, *, first: int, after: str | None,
                         channel_type: ChannelType | None, format: TemplateFormat | None = None
                         ) -> Page[Template]:
    require(context, Ability.READ)
    return await page_of(service.templates_query(channel_type=channel_type, format=format),
                         first=first, after=after, descending=False)


async def create_template(context: RequestContext, *, name: str, channel_type: ChannelType,
                          source: str, parent_id: int | None, idempotency_key: str | None,
                          format: TemplateFormat | None = None,
                          variables: Sequence[Mapping[str, Any]] | None = None) -> Template:
    actor = require(context, Ability.EDIT_CONTENT)
    payload: dict[str, Any] = {"name": name, "channel_type": channel_type, "source": source,
                               "parent_id": parent_id}
    if format is not None:
        payload["format"] = format
    if variables is not None:
        payload["variables"] = list(variables)
    return await create_once(actor, "createTemplate", idempotency_key, payload, Template,
                             lambda: service.create_template(actor, **payload))


async def update_template(context: RequestContext, template_id: int, *, source: str | None,
                          parent_id: int | None,
                          variables: Sequence[Mapping[str, Any]] | None = None) -> Template:
    actor = require(context, Ability.EDIT_CONTENT)
    return await service.update_template(actor, template_id, source=source,
                                         parent_id=parent_id, variables=variables)


async def restore_version(context: RequestContext, template_id: int, version: int
                          ) -> Template:
    actor = require(context, Ability.EDIT_CONTENT)
    return await service.restore_version(actor, template_id, version)


async def versions(context: RequestContext, template_id: int, *, last: int,
                   number: int | None = None) -> list[TemplateVersion]:
    """Newest first; `number` picks one version."""
    require(context, Ability.READ)
    query = service.versions_query(template_id)
    if number is not None:
        query = query.filter(version=number)
    return await query.order_by("-version").limit(max(1, min(last, MAX_VERSIONS)))


async def delete_template(context: RequestContext, template_id: int) -> None:
    actor = require(context, Ability.EDIT_CONTENT)
    await service.delete_template(actor, template_id)
