"""How one publication looks: its brand, the template chosen per format, and values for
the custom variables those templates declare. Only drafts change (like their content):
what a reviewer approved is what goes out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise.transactions import in_transaction

from domain.channels.models import ChannelType
from domain.errors import Conflict, InvalidInput, NotFound
from domain.principals.actor import Actor
from domain.principals.service import audit
from domain.publications.models import Publication, PublicationStatus
from domain.templates.formats import FORMATS_FOR_CHANNEL
from domain.templates.models import Brand, Template, TemplateFormat
from domain.templates.selection import live_set
from domain.templates.variables import check_values

CHANNEL_OF_FORMAT = {format: channel_type for channel_type, formats in
                     FORMATS_FOR_CHANNEL.items() for format in formats}


@dataclass(frozen=True, slots=True)
class Presentation:
    publication_id: int
    brand_id: int | None
    templates: Mapping[TemplateFormat, int] = field(default_factory=dict)
    variables: Mapping[str, Any] = field(default_factory=dict)
    pins: Mapping[str, Any] | None = None

    @classmethod
    def of(cls, publication: Publication) -> Presentation:
        return cls(publication.id, publication.brand_id,
                   {TemplateFormat(name): template_id for name, template_id in
                    (publication.template_choices or {}).items()},
                   dict(publication.template_variables or {}), publication.template_pins)


async def _publication(publication_id: int) -> Publication:
    publication = await Publication.get_or_none(id=publication_id)
    if publication is None:
        raise NotFound("publication not found", field="id")
    return publication


async def get_presentation(publication_id: int) -> Presentation | None:
    publication = await Publication.get_or_none(id=publication_id)
    return Presentation.of(publication) if publication is not None else None


async def _check_templates(choices: Sequence[tuple[TemplateFormat, int]]
                           ) -> dict[TemplateFormat, int]:
    chosen: dict[TemplateFormat, int] = {}
    rows = {row.id: row for row in await Template.filter(
        id__in=[template_id for _, template_id in choices])}
    for index, (format, template_id) in enumerate(choices):
        where = f"templates[{index}]"
        if format in chosen:
            raise InvalidInput(f"two templates for the {format.value} format",
                               field=f"{where}.format")
        template = rows.get(template_id)
        if template is None:
            raise InvalidInput(f"unknown template id {template_id}",
                               field=f"{where}.templateId")
        if template.format != format:
            raise InvalidInput(f"template {template.name!r} is a {template.format.value} "
                               f"template, not {format.value}", field=f"{where}.templateId")
        chosen[format] = template_id
    return chosen


async def _definitions(publication: Publication, chosen: Mapping[TemplateFormat, int]
                       ) -> list[Mapping[str, Any]]:
    """Custom variables of every set the publication would render with."""
    channel_types = {ChannelType(value) for value in
                     await publication.channels.all().values_list("type", flat=True)}
    formats = set(chosen) | {format for channel_type in channel_types
                             for format in FORMATS_FOR_CHANNEL[channel_type]}
    definitions: dict[str, Mapping[str, Any]] = {}
    for format in sorted(formats):
        templates = await live_set(CHANNEL_OF_FORMAT[format], format,
                                   root_id=chosen.get(format))
        definitions.update({d["name"]: d for d in templates.variable_definitions()})
    return list(definitions.values())


async def set_presentation(actor: Actor, publication_id: int, *, brand_id: int | None,
                           templates: Sequence[tuple[TemplateFormat, int]],
                           variables: Mapping[str, Any] | None) -> Presentation:
    """Replace brand, template choices and variable values of a draft."""
    publication = await _publication(publication_id)
    if publication.status is not PublicationStatus.DRAFT:
        raise Conflict(f"publication is {publication.status.value}; only drafts change "
                       "their presentation", field="id")
    if brand_id is not None and not await Brand.exists(id=brand_id):
        raise InvalidInput(f"unknown brand id {brand_id}", field="brandId")
    chosen = await _check_templates(templates)
    values = check_values(await _definitions(publication, chosen), variables)
    async with in_transaction():
        updated = await Publication.filter(
            id=publication.id, status=PublicationStatus.DRAFT).update(
            brand_id=brand_id, template_variables=values,
            template_choices={format.value: template_id for format, template_id in
                              sorted(chosen.items())},
            updated_at=dt.datetime.now(dt.UTC))
        if not updated:
            raise Conflict("publication left draft while it was being edited", field="id")
    await audit(actor, "publication.presentation", "publication", publication.id,
                {"brand": brand_id, "templates": {f.value: t for f, t in chosen.items()}})
    return Presentation.of(await _publication(publication.id))
