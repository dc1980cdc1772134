"""Which templates a publication renders with, read from the database.

* Live (drafts, previews): per format, the template the publication chose, else a stored
  template named `default`, else the built-in `default`; every name it reaches resolves
  to the current version.
* Pinned (from approval on): `pin_templates` records each format's set (root and exact
  versions) on the publication; rendering then rebuilds exactly that set, so editing a
  template after approval does not change what the reviewer approved.

Each resolution reads the versions it needs in one query per inheritance level; what is
cached in process is keyed by content (compiled templates, parsed references), never by
id, so a reused id can never bring back someone else's text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q

from domain.channels.models import ChannelType
from domain.publications.models import Publication
from domain.templates.context import PublicationData
from domain.templates.errors import TemplateError
from domain.templates.formats import FORMATS_FOR_CHANNEL
from domain.templates.models import Template, TemplateFormat, TemplateVersion
from domain.templates.resolution import (
    BUILTIN_PREFIX,
    StoredTemplate,
    TemplateSet,
    builtin_source,
    pinned_names,
    references,
)

DEFAULT_NAME = "default"


@dataclass(frozen=True, slots=True)
class Draft:
    """Unsaved text to resolve as if it were stored (checks at save, previews)."""

    name: str
    source: str
    template_id: int | None = None
    parent_id: int | None = None
    variables: tuple[Mapping[str, Any], ...] = ()


async def _load_versions(pairs: Iterable[tuple[int, int]]
                         ) -> dict[tuple[int, int], tuple[str, tuple[Mapping[str, Any], ...]]]:
    wanted = set(pairs)
    found: dict[tuple[int, int], tuple[str, tuple[Mapping[str, Any], ...]]] = {}
    if wanted:
        condition = Q()
        for template_id, version in wanted:
            condition |= Q(template_id=template_id, version=version)
        rows = await TemplateVersion.filter(condition).values(
            "template_id", "version", "source", "variables")
        for row in rows:
            found[(row["template_id"], row["version"])] = (
                row["source"], tuple(row["variables"] or ()))
    absent = wanted - set(found)
    if absent:
        template_id, version = sorted(absent)[0]
        raise TemplateError(f"version {version} of template {template_id} does not exist",
                            field=None)
    return found


async def live_set(channel_type: ChannelType, format: TemplateFormat, *,
                   root_id: int | None = None, root_version: int | None = None,
                   draft: Draft | None = None, default_name: str = DEFAULT_NAME
                   ) -> TemplateSet:
    """The set rooted at the draft, at template `root_id` (optionally an older version of
    it), or at the default (`default_name`: a stored template of that name, else the
    built-in one). Unknown names raise TemplateError (field "source"); so does a
    draft that would reach itself (an inheritance or include cycle)."""
    rows = await Template.filter(channel_type=channel_type, format=format).values(
        "id", "name", "parent_id", "current_version")
    by_name = {row["name"]: row for row in rows}
    by_id = {row["id"]: row for row in rows}
    if draft is not None:
        row = {"id": draft.template_id, "name": draft.name, "parent_id": draft.parent_id,
               "current_version": 0}
        by_name = {name: r for name, r in by_name.items() if r["id"] != draft.template_id}
        by_name[draft.name] = row
        if draft.template_id is not None:
            by_id[draft.template_id] = row
        root = draft.name
    elif root_id is not None:
        if root_id not in by_id:
            raise TemplateError(f"template {root_id} is not a {format.value} template for "
                                f"{channel_type.value}", field="templateId")
        root = by_id[root_id]["name"]
        if root_version is not None:
            by_id[root_id] = by_name[root] = {**by_id[root_id], "current_version": root_version}
    else:
        root = default_name if default_name in by_name else f"{BUILTIN_PREFIX}{default_name}"

    stored: dict[str, StoredTemplate] = {}
    seen: set[str] = set()
    pending = [root]
    while pending:
        needed = {(by_name[name]["id"], by_name[name]["current_version"]) for name in pending
                  if name in by_name and name not in seen and by_name[name]["current_version"]}
        texts = await _load_versions(needed)
        following: list[str] = []
        for name in pending:
            if name in seen:
                continue
            seen.add(name)
            row = None if name.startswith(BUILTIN_PREFIX) else by_name.get(name)
            if row is None:
                builtin = name.removeprefix(BUILTIN_PREFIX)
                source = builtin_source(format, builtin)
                if source is None:
                    raise TemplateError(f"unknown template {name!r} (no stored {format.value}"
                                        f" template for {channel_type.value} and no "
                                        "built-in has that name)")
                following.extend(references(format, source).names)
                continue
            if draft is not None and row is by_name.get(draft.name) and not row[
                    "current_version"]:
                source, variables = draft.source, draft.variables
            else:
                source, variables = texts[(row["id"], row["current_version"])]
            refs = references(format, source)
            layout_id = row["parent_id"] if row["parent_id"] and not refs.extends else None
            stored[name] = StoredTemplate(row["id"], name, row["current_version"], source,
                                          variables, layout_id)
            following.extend(refs.names)
            if layout_id is not None:
                if layout_id not in by_id:
                    raise TemplateError(f"the parent of {name!r} is not a {format.value} "
                                        "template", field="parentId")
                following.append(by_id[layout_id]["name"])
        if draft is not None and draft.name in following:
            raise TemplateError(f"template {draft.name!r} would extend or include itself "
                                "(a cycle)")
        pending = following
    return TemplateSet(format, root, stored)


async def pinned_set(format: TemplateFormat, pin: Mapping[str, Any]) -> TemplateSet:
    entries = list(pinned_names(pin))
    texts = await _load_versions((template_id, version) for _, template_id, version, _ in entries)
    stored = {name: StoredTemplate(template_id, name, version, *texts[(template_id, version)],
                                   layout_id)
              for name, template_id, version, layout_id in entries}
    return TemplateSet(format, str(pin["root"]), stored)


async def sets_for(publication: PublicationData, channel_type: ChannelType,
                   overrides: Mapping[TemplateFormat, TemplateSet] | None = None
                   ) -> dict[TemplateFormat, TemplateSet]:
    pins = publication.template_pins or {}
    sets: dict[TemplateFormat, TemplateSet] = {}
    for format in FORMATS_FOR_CHANNEL[channel_type]:
        if overrides and format in overrides:
            sets[format] = overrides[format]
        elif format.value in pins:
            sets[format] = await pinned_set(format, pins[format.value])
        else:
            sets[format] = await live_set(
                channel_type, format, root_id=publication.template_choices.get(format.value),
                default_name=default_template_name(publication.kind))
    return sets


def default_template_name(kind: str) -> str:
    """Digests and newsletter editions have layouts of their own (`digest`,
    `newsletter`); an editor restyles them by storing a template of that name."""
    return kind if kind in ("digest", "newsletter") else DEFAULT_NAME


async def pin_templates(publication: Publication) -> dict[str, Any]:
    """The sets in force for every format the publication's channels need, as recorded
    on approval ({format: {"root": name, "templates": {name: [id, version, layout]}}})."""
    channel_types = {ChannelType(value) for value in
                     await publication.channels.all().values_list("type", flat=True)}
    pins: dict[str, Any] = {}
    for channel_type in sorted(channel_types):
        for format in FORMATS_FOR_CHANNEL[channel_type]:
            chosen = (publication.template_choices or {}).get(format.value)
            pins[format.value] = (await live_set(
                channel_type, format, root_id=chosen,
                default_name=default_template_name(publication.kind.value))).pin()
    return pins


async def publication_data(publication: Publication) -> PublicationData:
    """The publication with its topics and author name, detached for rendering."""
    topics = await publication.topics.all().order_by("id").values_list("slug", "name")
    author = ""
    if publication.author_id is not None:
        await publication.fetch_related("author")
        if publication.author is not None:
            author = publication.author.display_name or publication.author.name
    return PublicationData(
        id=publication.id, title=publication.title, summary=publication.summary,
        body=publication.body, priority=publication.priority.value,
        status=publication.status.value, published_at=publication.published_at,
        approved_at=publication.approved_at, created_at=publication.created_at,
        author=author, topics=tuple((slug, name) for slug, name in topics),
        brand_id=publication.brand_id,
        template_choices=publication.template_choices or {},
        template_variables=publication.template_variables or {},
        template_pins=publication.template_pins,
        kind=publication.kind.value,
    )
