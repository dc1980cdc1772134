"""Stored templates: every save is a new kept version, checked for syntax first."""

from __future__ import annotations

from jinja2 import TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from domain.channels.models import ChannelType
from domain.errors import Conflict, InvalidInput, NotFound
from domain.principals.actor import Actor
from domain.principals.service import audit
from domain.templates.models import Template, TemplateVersion
from domain.validation import require_text

MAX_SOURCE = 100_000
_syntax_checker = ImmutableSandboxedEnvironment()


def check_syntax(source: str) -> None:
    if len(source) > MAX_SOURCE:
        raise InvalidInput(f"source must be at most {MAX_SOURCE} characters", field="source")
    try:
        _syntax_checker.parse(source)
    except TemplateSyntaxError as error:
        raise InvalidInput(f"template syntax error at line {error.lineno}: {error.message}",
                           field="source") from None


async def get_template(template_id: int) -> Template:
    template = await Template.get_or_none(id=template_id)
    if template is None:
        raise NotFound("template not found", field="id")
    return template


async def _check_parent(parent_id: int | None, channel_type: ChannelType,
                        template_id: int | None = None) -> None:
    if parent_id is None:
        return
    parent = await Template.get_or_none(id=parent_id)
    if parent is None:
        raise InvalidInput(f"unknown parent template id {parent_id}", field="parentId")
    if parent.channel_type != channel_type:
        raise InvalidInput("parent template is for another channel type", field="parentId")
    seen = {template_id} if template_id is not None else set()
    while parent is not None:
        if parent.id in seen:
            raise InvalidInput("template inheritance would form a cycle", field="parentId")
        seen.add(parent.id)
        parent = await Template.get_or_none(id=parent.parent_id) if parent.parent_id else None


async def create_template(actor: Actor, *, name: str, channel_type: ChannelType, source: str,
                          parent_id: int | None = None) -> Template:
    name = require_text(name, "name", max_length=200)
    check_syntax(source)
    await _check_parent(parent_id, channel_type)
    try:
        async with in_transaction():
            template = await Template.create(name=name, channel_type=channel_type,
                                             parent_id=parent_id, current_version=1)
            await TemplateVersion.create(template=template, version=1, source=source)
    except IntegrityError:
        raise Conflict(f"a {channel_type.value} template named {name!r} already exists",
                       field="name") from None
    await audit(actor, "template.create", "template", template.id)
    return template


async def update_template(actor: Actor, template_id: int, *, source: str | None = None,
                          parent_id: int | None = None) -> Template:
    """A new source becomes the next version; earlier versions stay readable."""
    template = await get_template(template_id)
    if parent_id is not None:
        await _check_parent(parent_id, template.channel_type, template.id)
        template.parent_id = parent_id
    async with in_transaction():
        if source is not None:
            check_syntax(source)
            template.current_version += 1
            await TemplateVersion.create(template=template, version=template.current_version,
                                         source=source)
        await template.save()
    await audit(actor, "template.update", "template", template.id,
                {"version": template.current_version})
    return template


async def current_source(template: Template) -> str:
    version = await TemplateVersion.get(template_id=template.id,
                                        version=template.current_version)
    return version.source


def templates_query(*, channel_type: ChannelType | None = None) -> QuerySet[Template]:
    query = Template.all()
    if channel_type is not None:
        query = query.filter(channel_type=channel_type)
    return query
