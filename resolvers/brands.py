"""Brands and which channel uses which."""

from __future__ import annotations

from typing import Any

from domain.channels.models import Channel
from domain.pagination import Page
from domain.templates import brands as service
from domain.templates.models import Brand
from resolvers.context import RequestContext
from resolvers.listing import page_of
from resolvers.permissions import Ability, require


async def list_brands(context: RequestContext, *, first: int, after: str | None
                      ) -> Page[Brand]:
    require(context, Ability.READ)
    return await page_of(service.brands_query(), first=first, after=after, descending=False)


async def get_brand(context: RequestContext, brand_id: int) -> Brand | None:
    require(context, Ability.READ)
    return await Brand.get_or_none(id=brand_id)


async def create_brand(context: RequestContext, **fields: Any) -> Brand:
    return await service.create_brand(require(context, Ability.EDIT_CONTENT), **fields)


async def update_brand(context: RequestContext, brand_id: int, **fields: Any) -> Brand:
    return await service.update_brand(require(context, Ability.EDIT_CONTENT), brand_id,
                                      **fields)


async def set_channel_brand(context: RequestContext, channel_id: int, brand_id: int | None
                            ) -> Channel:
    return await service.set_channel_brand(require(context, Ability.MANAGE), channel_id,
                                           brand_id)


async def channels_of(context: RequestContext, brand_id: int) -> list[Channel]:
    require(context, Ability.READ)
    return await Channel.filter(brand_id=brand_id).order_by("id")


async def delete_brand(context: RequestContext, brand_id: int) -> None:
    await service.delete_brand(require(context, Ability.EDIT_CONTENT), brand_id)
