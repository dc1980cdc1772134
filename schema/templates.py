"""Stored templates (rendering arrives with the templates issue; here: storage and syntax)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from domain.templates import service as template_service
from domain.templates.models import Template as TemplateModel
from resolvers import templates as resolvers
from schema.enums import ChannelType
from schema.ids import decode_id
from schema.pagination import Connection
from schema.permissions import CanEditContent, CanRead


@strawberry.type
class Template(relay.Node):
    id: relay.NodeID[int]
    name: str
    channel_type: ChannelType
    current_version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    _model: strawberry.Private[TemplateModel]

    @strawberry.field
    def parent_id(self) -> relay.GlobalID | None:
        parent = self._model.parent_id
        return relay.GlobalID("Template", str(parent)) if parent else None

    @strawberry.field(description="Source of the current version.")
    async def source(self) -> str:
        return await template_service.current_source(self._model)

    @classmethod
    def from_model(cls, template: TemplateModel) -> Template:
        return cls(id=template.id, name=template.name, channel_type=template.channel_type,
                   current_version=template.current_version, created_at=template.created_at,
                   updated_at=template.updated_at, _model=template)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],
                            required: bool = False) -> list[Any]:
        rows = {row.id: row for row in await TemplateModel.filter(
            id__in=[int(i) for i in node_ids])}
        return [cls.from_model(rows[int(i)]) if int(i) in rows else None for i in node_ids]


@strawberry.input
class CreateTemplateInput:
    name: str
    channel_type: ChannelType
    source: str
    parent_id: relay.GlobalID | None = None
    idempotency_key: str | None = None


@strawberry.input
class UpdateTemplateInput:
    id: relay.GlobalID
    source: str | None = strawberry.field(default=None,
                                          description="Saved as the next version.")
    parent_id: relay.GlobalID | None = None


@strawberry.type
class TemplateQueries:
    @strawberry.field(description="Templates, oldest first. Requires any role.",
                        permission_classes=[CanRead])
    async def templates(self, info: Info, first: int = 20, after: str | None = None,
                        channel_type: ChannelType | None = None) -> Connection[Template]:
        page = await resolvers.list_templates(info.context, first=first, after=after,
                                              channel_type=channel_type)
        return Connection[Template].from_page(page, Template.from_model)


@strawberry.type
class TemplateMutations:
    @strawberry.mutation(description="Create a template. Requires editor or admin.",
                        permission_classes=[CanEditContent])
    async def create_template(self, info: Info, input: CreateTemplateInput) -> Template:
        parent_id = decode_id(input.parent_id, "Template", "parentId") if input.parent_id \
            else None
        template = await resolvers.create_template(
            info.context, name=input.name, channel_type=input.channel_type,
            source=input.source, parent_id=parent_id, idempotency_key=input.idempotency_key)
        return Template.from_model(template)

    @strawberry.mutation(description="Save a new version. Requires editor or admin.",
                        permission_classes=[CanEditContent])
    async def update_template(self, info: Info, input: UpdateTemplateInput) -> Template:
        parent_id = decode_id(input.parent_id, "Template", "parentId") if input.parent_id \
            else None
        template = await resolvers.update_template(
            info.context, decode_id(input.id, "Template"), source=input.source,
            parent_id=parent_id)
        return Template.from_model(template)
