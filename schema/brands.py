"""Brands: one look for every channel; chosen per channel or per publication."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from domain.templates.models import Brand as BrandModel
from resolvers import brands as resolvers
from schema.channels import Channel
from schema.deletion import DeletePayload
from schema.ids import decode_id
from schema.pagination import Connection
from schema.permissions import CanEditContent, CanManage, CanRead


@strawberry.type
class Brand(relay.Node):
    id: relay.NodeID[int]
    name: str
    logo_url: str | None
    primary_color: str
    secondary_color: str
    footer: str = strawberry.field(description="Markdown; rendered as HTML in email HTML.")
    sender_name: str
    sender_email: str | None
    social_links: JSON = strawberry.field(description="{network: https URL}")
    created_at: dt.datetime
    updated_at: dt.datetime

    @strawberry.field(description="Channels that use this brand.")
    async def channels(self, info: Info) -> list[Channel]:
        rows = await resolvers.channels_of(info.context, self.id)
        return [Channel.from_model(row) for row in rows]

    @classmethod
    def from_model(cls, brand: BrandModel) -> Brand:
        return cls(id=brand.id, name=brand.name, logo_url=brand.logo_url,
                   primary_color=brand.primary_color, secondary_color=brand.secondary_color,
                   footer=brand.footer, sender_name=brand.sender_name,
                   sender_email=brand.sender_email, social_links=brand.social_links,
                   created_at=brand.created_at, updated_at=brand.updated_at)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],
                            required: bool = False) -> list[Any]:
        rows = {row.id: row for row in await BrandModel.filter(
            id__in=[int(i) for i in node_ids])}
        return [cls.from_model(rows[int(i)]) if int(i) in rows else None for i in node_ids]


@strawberry.input
class CreateBrandInput:
    name: str
    logo_url: str | None = strawberry.field(default=None, description="https URL")
    primary_color: str | None = strawberry.field(default=None, description="#rgb or #rrggbb")
    secondary_color: str | None = None
    footer: str | None = None
    sender_name: str | None = None
    sender_email: str | None = None
    social_links: JSON | None = None


@strawberry.input(description="Fields left out keep their value; an empty logoUrl or "
                              "senderEmail clears it.")
class UpdateBrandInput:
    id: relay.GlobalID
    name: str | None = None
    logo_url: str | None = None
    primary_color: str | None = None
    secondary_color: str | None = None
    footer: str | None = None
    sender_name: str | None = None
    sender_email: str | None = None
    social_links: JSON | None = None


@strawberry.input
class SetChannelBrandInput:
    channel_id: relay.GlobalID
    brand_id: relay.GlobalID | None = strawberry.field(default=None,
                                                       description="null: no brand.")


def _fields(input: CreateBrandInput | UpdateBrandInput) -> dict[str, Any]:
    return {"logo_url": input.logo_url, "primary_color": input.primary_color,
            "secondary_color": input.secondary_color, "footer": input.footer,
            "sender_name": input.sender_name, "sender_email": input.sender_email,
            "social_links": input.social_links}


@strawberry.type
class BrandQueries:
    @strawberry.field(description="Brands, oldest first. Requires any role.",
                        permission_classes=[CanRead])
    async def brands(self, info: Info, first: int = 20, after: str | None = None
                     ) -> Connection[Brand]:
        page = await resolvers.list_brands(info.context, first=first, after=after)
        return Connection[Brand].from_page(page, Brand.from_model)

    @strawberry.field(description="One brand, or null. Requires any role.",
                        permission_classes=[CanRead])
    async def brand(self, info: Info, id: relay.GlobalID) -> Brand | None:
        brand = await resolvers.get_brand(info.context, decode_id(id, "Brand"))
        return Brand.from_model(brand) if brand else None


@strawberry.type
class BrandMutations:
    @strawberry.mutation(description="Create a brand. Requires editor or admin.",
                        permission_classes=[CanEditContent])
    async def create_brand(self, info: Info, input: CreateBrandInput) -> Brand:
        brand = await resolvers.create_brand(info.context, name=input.name, **_fields(input))
        return Brand.from_model(brand)

    @strawberry.mutation(description="Change a brand; every channel and publication using it "
                                     "shows the change. Requires editor or admin.",
                        permission_classes=[CanEditContent])
    async def update_brand(self, info: Info, input: UpdateBrandInput) -> Brand:
        brand = await resolvers.update_brand(info.context, decode_id(input.id, "Brand"),
                                             name=input.name, **_fields(input))
        return Brand.from_model(brand)

    @strawberry.mutation(description="Delete a brand no channel or publication uses (else "
                                     "CONFLICT naming them). Requires editor or admin.",
                         permission_classes=[CanEditContent])
    async def delete_brand(self, info: Info, id: relay.GlobalID) -> DeletePayload:
        brand_id = decode_id(id, "Brand")
        await resolvers.delete_brand(info.context, brand_id)
        return DeletePayload.of("Brand", brand_id)

    @strawberry.mutation(description="Choose the brand of a channel (a publication's own "
                                     "brand wins). Requires admin.",
                        permission_classes=[CanManage])
    async def set_channel_brand(self, info: Info, input: SetChannelBrandInput) -> Channel:
        brand_id = decode_id(input.brand_id, "Brand", "brandId") if input.brand_id else None
        channel = await resolvers.set_channel_brand(
            info.context, decode_id(input.channel_id, "Channel", "channelId"), brand_id)
        return Channel.from_model(channel)
