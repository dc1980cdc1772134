"""Stored templates: every save is a new kept version, checked before anything is written.

A save is refused (InvalidInput / TemplateError → BAD_USER_INPUT, nothing written) when
the text has a syntax error (line and column), reaches for Python internals, names a
template that does not exist or would include or extend itself, declares bad custom
variables, or a trial render on sample data hits a sandbox refusal or a render limit
(runaway loops, huge output): failures that would hit every recipient.

A template's parent is the template it extends: inferred from a quoted
`{% extends "name" %}` naming a stored template; set explicitly, for a template without
`{% extends %}`, it is the layout whose `content` block the template fills.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from jinja2 import nodes
from tortoise import Tortoise
from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from domain.channels.models import ChannelType
from domain.errors import Conflict, InvalidInput, NotFound, in_use
from domain.experiments.models import ExperimentStatus, Variant
from domain.principals.actor import Actor
from domain.principals.service import audit
from domain.templates.checks import check_source
from domain.templates.context import (
    SAMPLE_PUBLICATION,
    brand_variables,
    channel_variables,
    link_variables,
    publication_variables,
    subscriber_variables,
)
from domain.templates.engine import render_set
from domain.templates.errors import TemplateError, TemplateLimitExceeded, TemplateSecurityError
from domain.templates.formats import FORMATS_FOR_CHANNEL
from domain.templates.models import Template, TemplateFormat, TemplateVersion
from domain.templates.resolution import BUILTIN_PREFIX, TemplateSet
from domain.templates.selection import Draft, live_set
from domain.templates.variables import parse_definitions, resolve_values
from domain.validation import require_text

SAMPLE_SUBSCRIBER = {"id": 0, "email": "alex@example.com", "name": "Alex Example",
                     "locale": "en", "timezone": "UTC", "attributes": {"plan": "pro"}}
SAMPLE_BRAND = {"name": "Sample brand", "footer": "Sample footer",
                "social_links": {"website": "https://example.com"}}
SAMPLE_LINKS = {"unsubscribe": "https://example.com/unsubscribe",
                "preferences": "https://example.com/preferences"}


async def get_template(template_id: int) -> Template:
    template = await Template.get_or_none(id=template_id)
    if template is None:
        raise NotFound("template not found", field="id")
    return template


def _format_for(channel_type: ChannelType, format: TemplateFormat | None) -> TemplateFormat:
    allowed = FORMATS_FOR_CHANNEL[channel_type]
    if not allowed:
        raise InvalidInput(f"{channel_type.value} channels publish feeds and take no "
                           "templates", field="channelType")
    if format is None:
        return allowed[0]
    if format not in allowed:
        names = ", ".join(f.value for f in allowed)
        raise InvalidInput(f"a {channel_type.value} template has format {names}",
                           field="format")
    return format


def _check_name(name: str) -> str:
    name = require_text(name, "name", max_length=200)
    if name.startswith((BUILTIN_PREFIX, "#")):
        raise InvalidInput(f"names starting with {BUILTIN_PREFIX!r} or '#' are reserved",
                           field="name")
    return name


async def _check_parent(parent_id: int | None, channel_type: ChannelType,
                        format: TemplateFormat, template_id: int | None = None) -> None:
    if parent_id is None:
        return
    parent = await Template.get_or_none(id=parent_id)
    if parent is None:
        raise InvalidInput(f"unknown parent template id {parent_id}", field="parentId")
    if parent.channel_type != channel_type or parent.format != format:
        raise InvalidInput("parent template is for another channel type or format",
                           field="parentId")
    seen = {template_id} if template_id is not None else set()
    while parent is not None:
        if parent.id in seen:
            raise InvalidInput("template inheritance would form a cycle", field="parentId")
        seen.add(parent.id)
        parent = await Template.get_or_none(id=parent.parent_id) if parent.parent_id else None


def _extends_target(tree: nodes.Template) -> str | None:
    extends = tree.find(nodes.Extends)
    if extends is not None and isinstance(extends.template, nodes.Const):
        return str(extends.template.value)
    return None


def _sample_variables(templates: TemplateSet, channel_type: ChannelType) -> dict[str, Any]:
    variables: dict[str, Any] = resolve_values(templates.variable_definitions())
    variables.update({
        "publication": publication_variables(SAMPLE_PUBLICATION, "https://example.com"),
        "subscriber": subscriber_variables(SAMPLE_SUBSCRIBER),
        "brand": brand_variables(SAMPLE_BRAND),
        "channel": channel_variables(None, channel_type),
        "links": link_variables(SAMPLE_LINKS, "https://example.com/publications/1"),
    })
    return variables


def _trial_render(templates: TemplateSet, channel_type: ChannelType) -> None:
    """Render on sample data under the limits. The output of JSON formats is not parsed:
    a fragment meant for `{% include %}` is not a document of its own (previews and
    sends check the assembled message)."""
    render_set(templates, _sample_variables(templates, channel_type))


async def _checked(
    *, name: str, channel_type: ChannelType, format: TemplateFormat, source: str,
    variables: list[dict[str, Any]], parent_id: int | None, template_id: int | None,
) -> int | None:
    """Every check of a save, in the order an author fixes things; returns the parent."""
    # parsing and compiling up to 100,000 characters: off the event loop
    checked = await asyncio.to_thread(check_source, source, format)
    target = _extends_target(checked.tree)
    if target is not None and not target.startswith(BUILTIN_PREFIX):
        extended = await Template.get_or_none(name=target, channel_type=channel_type,
                                              format=format)
        if extended is not None:
            if parent_id is not None and parent_id != extended.id:
                raise InvalidInput(f"the source extends {target!r}, but parentId names "
                                   "another template", field="parentId")
            parent_id = extended.id
    elif target is not None and parent_id is not None:
        raise InvalidInput(f"the source extends {target!r}, but parentId names a stored "
                           "template", field="parentId")
    await _check_parent(parent_id, channel_type, format, template_id)
    draft = Draft(name, source, template_id, parent_id, tuple(variables))
    templates = await live_set(channel_type, format, draft=draft)
    try:
        await asyncio.to_thread(_trial_render, templates, channel_type)
    except (TemplateSecurityError, TemplateLimitExceeded) as error:
        # These fail for every recipient. Other errors (a division by a missing value,
        # say) depend on the data; the preview shows them, the save does not refuse them.
        raise type(error)(f"trial render on sample data failed: {error.reason}",
                          field="source", location=error.location) from None
    except TemplateError:
        pass
    return parent_id


async def create_template(actor: Actor, *, name: str, channel_type: ChannelType, source: str,
                          parent_id: int | None = None, format: TemplateFormat | None = None,
                          variables: Sequence[Mapping[str, Any]] | None = None) -> Template:
    name = _check_name(name)
    format = _format_for(channel_type, format)
    definitions = parse_definitions(variables)
    parent_id = await _checked(name=name, channel_type=channel_type, format=format,
                               source=source, variables=definitions, parent_id=parent_id,
                               template_id=None)
    try:
        async with in_transaction():
            template = await Template.create(name=name, channel_type=channel_type,
                                             format=format, parent_id=parent_id,
                                             current_version=1, variables=definitions)
            await TemplateVersion.create(template=template, version=1, source=source,
                                         variables=definitions)
    except IntegrityError:
        raise Conflict(f"a {channel_type.value} {format.value} template named {name!r} "
                       "already exists", field="name") from None
    await audit(actor, "template.create", "template", template.id)
    return template


async def update_template(actor: Actor, template_id: int, *, source: str | None = None,
                          parent_id: int | None = None,
                          variables: Sequence[Mapping[str, Any]] | None = None) -> Template:
    """A new source or new variables become the next version; earlier versions stay."""
    template = await get_template(template_id)
    current = await TemplateVersion.get(template_id=template.id,
                                        version=template.current_version)
    definitions = (parse_definitions(variables) if variables is not None
                   else list(current.variables or []))
    new_version = source is not None or variables is not None
    text = source if source is not None else current.source
    resolved_parent = await _checked(
        name=template.name, channel_type=template.channel_type, format=template.format,
        source=text, variables=definitions,
        parent_id=parent_id if parent_id is not None else template.parent_id,
        template_id=template.id)
    async with in_transaction():
        changes: dict[str, Any] = {"parent_id": resolved_parent}
        if new_version:
            changes.update(current_version=template.current_version + 1,
                           variables=definitions)
        updated = await Template.filter(
            id=template.id, current_version=template.current_version).update(**changes)
        if not updated:
            raise Conflict("template changed concurrently; reload and retry", field="id")
        if new_version:
            await TemplateVersion.create(template_id=template.id,
                                         version=template.current_version + 1, source=text,
                                         variables=definitions)
    template = await get_template(template.id)
    await audit(actor, "template.update", "template", template.id,
                {"version": template.current_version})
    return template


async def restore_version(actor: Actor, template_id: int, version: int) -> Template:
    """Save an earlier version's text and variables again, as the next version."""
    old = await TemplateVersion.get_or_none(template_id=template_id, version=version)
    if old is None:
        await get_template(template_id)
        raise InvalidInput(f"template has no version {version}", field="version")
    return await update_template(actor, template_id, source=old.source,
                                 variables=list(old.variables or []))


EXAMPLES_SHOWN = 5

# Publications whose chosen templates ({format: id}) or approval pins
# ({format: {"root", "templates": {name: [id, version, layout]}}}) name the template.
_PUBLICATIONS_USING = """
SELECT p.title FROM publication p
WHERE EXISTS (SELECT 1 FROM jsonb_each_text(p.template_choices) c WHERE c.value = $1::text)
   OR (p.template_pins IS NOT NULL AND jsonb_path_exists(
       p.template_pins, '$.*.templates.*[0] ? (@ == $id)', jsonb_build_object('id', $2::int)))
ORDER BY p.id
"""

# Other templates of the same channel type whose current text names it in quotes
# ({% include "footer" %}, {% import 'macros' %}, {% extends "base" %}).
_TEMPLATES_NAMING = """
SELECT t.name FROM template t
JOIN template_version v ON v.template_id = t.id AND v.version = t.current_version
WHERE t.channel_type = $1 AND t.id <> $2
  AND (strpos(v.source, '"' || $3 || '"') > 0 OR strpos(v.source, chr(39) || $3 || chr(39)) > 0)
ORDER BY t.id
"""


async def delete_template(actor: Actor, template_id: int) -> None:
    """Delete a template, with its versions, when nothing renders with it; otherwise
    CONFLICT naming the first users: child templates, templates that include, import or
    extend it by name, publications that chose it or were approved with it pinned (past
    ones too: their pins keep re-rendering them the way they were approved), and
    experiments not ended yet whose variants use it."""
    template = await get_template(template_id)
    what = f"template {template.name!r}"
    children = await Template.filter(parent_id=template.id).order_by("id").values_list(
        "name", flat=True)
    connection = Tortoise.get_connection("default")
    naming = [row["name"] for row in await connection.execute_query_dict(
        _TEMPLATES_NAMING, [template.channel_type.value, template.id, template.name])]
    templates = list(dict.fromkeys([*children, *naming]))
    if templates:
        raise in_use(what, "templates", [repr(n) for n in templates[:EXAMPLES_SHOWN]],
                     len(templates))
    titles = [row["title"] for row in await connection.execute_query_dict(
        _PUBLICATIONS_USING, [str(template.id), template.id])]
    if titles:
        raise in_use(what, "publications", [repr(t) for t in titles[:EXAMPLES_SHOWN]],
                     len(titles))
    variants = Variant.filter(template_id=template.id, experiment__status__in=(
        ExperimentStatus.DRAFT, ExperimentStatus.RUNNING))
    total = await variants.count()
    if total:
        names = await variants.order_by("id").limit(EXAMPLES_SHOWN).values_list(
            "experiment__name", flat=True)
        raise in_use(what, "experiment variants", [repr(n) for n in names], total)
    await template.delete()
    await audit(actor, "template.delete", "template", template_id, {"name": template.name})


async def current_source(template: Template) -> str:
    version = await TemplateVersion.get(template_id=template.id,
                                        version=template.current_version)
    return version.source


def versions_query(template_id: int) -> QuerySet[TemplateVersion]:
    return TemplateVersion.filter(template_id=template_id)


def templates_query(*, channel_type: ChannelType | None = None,
                    format: TemplateFormat | None = None) -> QuerySet[Template]:
    query = Template.all()
    if channel_type is not None:
        query = query.filter(channel_type=channel_type)
    if format is not None:
        query = query.filter(format=format)
    return query
