"""Stored templates: versions, formats, custom variables, inheritance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from domain.templates import service as template_service
from domain.templates.models import Template as TemplateModel
from domain.templates.models import TemplateFormat as _TemplateFormat
from domain.templates.models import TemplateVersion as TemplateVersionModel
from domain.templates.variables import VariableType as _VariableType
from resolvers import templates as resolvers
from schema.deletion import DeletePayload
from schema.enums import ChannelType
from schema.ids import decode_id
from schema.pagination import Connection
from schema.permissions import CanEditContent, CanRead

TemplateFormat = strawberry.enum(
    _TemplateFormat, name="TemplateFormat",
    description="What a template produces: HTML and TEXT (email), SLACK, DISCORD, JSON "
                "(webhook). Decides how {{ values }} are escaped.")
TemplateVariableType = strawberry.enum(_VariableType, name="TemplateVariableType")


@strawberry.type(description="A custom variable a template declares; templates see it by "
                             "name. A missing or ill-typed value renders as the default.")
class TemplateVariable:
    name: str
    type: TemplateVariableType
    default: JSON | None
    description: str

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> TemplateVariable:
        return cls(name=stored["name"], type=_VariableType(stored["type"]),
                   default=stored.get("default"), description=stored.get("description", ""))


@strawberry.type(description="One kept version of a template (versions never change).")
class TemplateVersion:
    version: int
    source: str
    variables: list[TemplateVariable]
    created_at: dt.datetime

    @classmethod
    def from_model(cls, row: TemplateVersionModel) -> TemplateVersion:
        return cls(version=row.version, source=row.source, created_at=row.created_at,
                   variables=[TemplateVariable.from_stored(v) for v in row.variables or []])


@strawberry.type
class Template(relay.Node):
    id: relay.NodeID[int]
    name: str
    channel_type: ChannelType
    format: TemplateFormat
    current_version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    _model: strawberry.Private[TemplateModel]

    @strawberry.field(description="The template this one extends (or is laid out by).")
    def parent_id(self) -> relay.GlobalID | None:
        parent = self._model.parent_id
        return relay.GlobalID("Template", str(parent)) if parent else None

    @strawberry.field(description="Source of the current version.")
    async def source(self) -> str:
        return await template_service.current_source(self._model)

    @strawberry.field(description="Custom variables of the current version.")
    def variables(self) -> list[TemplateVariable]:
        return [TemplateVariable.from_stored(v) for v in self._model.variables or []]

    @strawberry.field(description="Kept versions, newest first (at most `last`, 1-100).")
    async def versions(self, info: Info, last: int = 20) -> list[TemplateVersion]:
        rows = await resolvers.versions(info.context, self._model.id, last=last)
        return [TemplateVersion.from_model(row) for row in rows]

    @strawberry.field(description="One kept version, or null.")
    async def version(self, info: Info, number: int) -> TemplateVersion | None:
        rows = await resolvers.versions(info.context, self._model.id, last=1, number=number)
        return TemplateVersion.from_model(rows[0]) if rows else None

    @classmethod
    def from_model(cls, template: TemplateModel) -> Template:
        return cls(id=template.id, name=template.name, channel_type=template.channel_type,
                   format=template.format, current_version=template.current_version,
                   created_at=template.created_at, updated_at=template.updated_at,
                   _model=template)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],
                            required: bool = False) -> list[Any]:
        rows = {row.id: row for row in await TemplateModel.filter(
            id__in=[int(i) for i in node_ids])}
        return [cls.from_model(rows[int(i)]) if int(i) in rows else None for i in node_ids]


@strawberry.input
class TemplateVariableInput:
    name: str
    type: TemplateVariableType
    default: JSON | None = None
    description: str = ""


def _variables(values: list[TemplateVariableInput] | None) -> list[dict[str, Any]] | None:
    if values is None:
        return None
    return [{"name": value.name, "type": value.type.value, "default": value.default,
             "description": value.description} for value in values]


@strawberry.input
class CreateTemplateInput:
    name: str
    channel_type: ChannelType
    source: str
    format: TemplateFormat | None = strawberry.field(
        default=None, description="Defaults to the channel type's first format (HTML for "
                                  "email).")
    parent_id: relay.GlobalID | None = strawberry.field(
        default=None, description="For a template without {% extends %}: the layout whose "
                                  "`content` block it fills. Inferred from a quoted "
                                  "{% extends %} of a stored template.")
    variables: list[TemplateVariableInput] | None = None
    idempotency_key: str | None = None


@strawberry.input
class UpdateTemplateInput:
    id: relay.GlobalID
    source: str | None = strawberry.field(default=None,
                                          description="Saved as the next version.")
    parent_id: relay.GlobalID | None = None
    variables: list[TemplateVariableInput] | None = strawberry.field(
        default=None, description="Replaces the custom variables (a new version).")


@strawberry.input
class RestoreTemplateVersionInput:
    id: relay.GlobalID
    version: int


@strawberry.type
class TemplateQueries:
    @strawberry.field(description="Templates, oldest first. Requires any role.",
                        permission_classes=[CanRead])
    async def templates(self, info: Info, first: int = 20, after: str | None = None,
                        channel_type: ChannelType | None = None,
                        format: TemplateFormat | None = None) -> Connection[Template]:
        page = await resolvers.list_templates(info.context, first=first, after=after,
                                              channel_type=channel_type, format=format)
        return Connection[Template].from_page(page, Template.from_model)


@strawberry.type
class TemplateMutations:
    @strawberry.mutation(description="Create a template (checked: syntax, sandbox rules, "
                                     "references, a trial render). Requires editor or admin.",
                        permission_classes=[CanEditContent])
    async def create_template(self, info: Info, input: CreateTemplateInput) -> Template:
        parent_id = decode_id(input.parent_id, "Template", "parentId") if input.parent_id \
            else None
        template = await resolvers.create_template(
            info.context, name=input.name, channel_type=input.channel_type,
            source=input.source, parent_id=parent_id, idempotency_key=input.idempotency_key,
            format=input.format, variables=_variables(input.variables))
        return Template.from_model(template)

    @strawberry.mutation(description="Save a new version. Requires editor or admin.",
                        permission_classes=[CanEditContent])
    async def update_template(self, info: Info, input: UpdateTemplateInput) -> Template:
        parent_id = decode_id(input.parent_id, "Template", "parentId") if input.parent_id \
            else None
        template = await resolvers.update_template(
            info.context, decode_id(input.id, "Template"), source=input.source,
            parent_id=parent_id, variables=_variables(input.variables))
        return Template.from_model(template)

    @strawberry.mutation(description="Delete a template and its versions. CONFLICT, naming "
                                     "them, while templates extend or include it, "
                                     "publications chose or pinned it, or unfinished "
                                     "experiments use it. Requires editor or admin.",
                         permission_classes=[CanEditContent])
    async def delete_template(self, info: Info, id: relay.GlobalID) -> DeletePayload:
        template_id = decode_id(id, "Template")
        await resolvers.delete_template(info.context, template_id)
        return DeletePayload.of("Template", template_id)

    @strawberry.mutation(description="Save an earlier version again, as the next version. "
                                     "Requires editor or admin.",
                        permission_classes=[CanEditContent])
    async def restore_template_version(self, info: Info, input: RestoreTemplateVersionInput
                                       ) -> Template:
        template = await resolvers.restore_version(
            info.context, decode_id(input.id, "Template"), input.version)
        return Template.from_model(template)
