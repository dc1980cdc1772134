"""A publication's look (brand, templates, variable values) and previews of messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from domain.channels.models import ChannelType
from domain.templates import presentation, preview
from domain.templates.models import Brand, Template, TemplateFormat
from domain.templates.presentation import Presentation
from domain.templates.rendering import RenderedMessage
from resolvers.context import RequestContext
from resolvers.permissions import Ability, require


def _public_base_url(context: RequestContext) -> str:
    """PUBLIC_BASE_URL of the serving app (for links in previews), when there is one."""
    app = getattr(context.request, "app", None)
    settings = getattr(getattr(app, "state", None), "settings", None)
    return str(getattr(settings, "public_base_url", "") or "")


async def get_presentation(context: RequestContext, publication_id: int
                           ) -> Presentation | None:
    require(context, Ability.READ)
    return await presentation.get_presentation(publication_id)


async def presentation_objects(context: RequestContext, presentation: Presentation
                               ) -> tuple[Brand | None, dict[int, Template]]:
    """The brand and chosen templates a presentation names (two queries)."""
    require(context, Ability.READ)
    brand = await Brand.get_or_none(id=presentation.brand_id) if presentation.brand_id \
        else None
    templates = {row.id: row for row in await Template.filter(
        id__in=list(presentation.templates.values()))}
    return brand, templates


async def set_presentation(context: RequestContext, publication_id: int, *,
                           brand_id: int | None,
                           templates: Sequence[tuple[TemplateFormat, int]],
                           variables: Mapping[str, Any] | None) -> Presentation:
    actor = require(context, Ability.EDIT_CONTENT)
    return await presentation.set_presentation(actor, publication_id, brand_id=brand_id,
                                               templates=templates, variables=variables)


async def render_preview(context: RequestContext, *, template_id: int | None,
                         version: int | None, publication_id: int | None,
                         channel_type: ChannelType | None, channel_id: int | None,
                         subscriber_id: int | None, brand_id: int | None,
                         variables: Mapping[str, Any] | None) -> RenderedMessage:
    require(context, Ability.READ)
    return await preview.render_preview(
        template_id=template_id, version=version, publication_id=publication_id,
        channel_type=channel_type, channel_id=channel_id, subscriber_id=subscriber_id,
        brand_id=brand_id, variables=variables, base_url=_public_base_url(context))
