"""Which template text a name means in one render: the template set.

Templates refer to each other by name (`{% extends "base" %}`, `{% include "footer" %}`).
A name means, in order: a stored template of the same channel type and format, else a
built-in of that format (`base`, `default`). `builtin/<name>` always means the built-in,
so a stored `base` can restyle the built-in one by extending it.

A `TemplateSet` freezes that mapping for one format: the root to render and, for every
stored template it can reach, the exact version. Jinja compiles and caches templates by
an *internal* name that identifies immutable text ("t:12@3:<digest>" is version 3 of
template 12; "builtin:html/base"), so one process-wide cache serves every publication,
each rendering the versions of its own set, and a render never touches the database.

A stored template with a parent but no `{% extends %}` is laid out by its parent: its text
becomes the parent's `content` block (internal name "t:12@3:<digest>>7").
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateNotFound, TemplateSyntaxError, meta, nodes

from domain.templates.errors import TemplateError
from domain.templates.models import TemplateFormat

BUILTIN_PREFIX = "builtin/"
BUILTIN_DIR = Path(__file__).resolve().parent / "builtin"
LAYOUT_BLOCK = "content"
_EXTENSIONS = {TemplateFormat.HTML: "html", TemplateFormat.TEXT: "txt"}


def _load_builtins() -> dict[tuple[TemplateFormat, str], str]:
    sources: dict[tuple[TemplateFormat, str], str] = {}
    for format in TemplateFormat:
        folder = BUILTIN_DIR / format.value
        extension = _EXTENSIONS.get(format, "json")
        for path in sorted(folder.glob(f"*.{extension}")):
            sources[(format, path.stem)] = path.read_text(encoding="utf-8")
    return sources


BUILTINS = _load_builtins()


def builtin_source(format: TemplateFormat, name: str) -> str | None:
    return BUILTINS.get((format, name))


def builtin_names(format: TemplateFormat) -> list[str]:
    return sorted(name for fmt, name in BUILTINS if fmt is format)


@dataclass(frozen=True, slots=True)
class References:
    names: tuple[str, ...]
    extends: bool


_REFERENCES: OrderedDict[tuple[TemplateFormat, str], References] = OrderedDict()
_REFERENCES_KEPT = 4096


def references(format: TemplateFormat, source: str) -> References:
    """The template names a (valid) source refers to, and whether it extends one. Cached
    by a digest of the text (not the text itself: sources can be 100 kB each)."""
    from domain.templates.sandbox import environment_for

    key = (format, hashlib.sha256(source.encode()).hexdigest())
    found = _REFERENCES.get(key)
    if found is not None:
        return found
    try:
        tree = environment_for(format).parse(source)
    except TemplateSyntaxError as error:
        raise TemplateError(f"template syntax error at line {error.lineno}: "
                            f"{error.message}") from None
    found = _REFERENCES[key] = references_in(tree)
    while len(_REFERENCES) > _REFERENCES_KEPT:
        _REFERENCES.popitem(last=False)
    return found


def references_in(tree: nodes.Template) -> References:
    names = tuple(dict.fromkeys(name for name in meta.find_referenced_templates(tree)
                                if name is not None))
    return References(names, tree.find(nodes.Extends) is not None)


@dataclass(frozen=True)
class StoredTemplate:
    """One stored template version as a render sees it. `template_id` is None and
    `version` 0 for unsaved text being checked.

    `key`, the internal name Jinja caches the compiled template under, includes a digest
    of the text: ids can be reused (a restored or truncated database), text cannot lie."""

    template_id: int | None
    name: str
    version: int
    source: str
    variables: tuple[Mapping[str, Any], ...] = ()
    layout_id: int | None = None
    key: str = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(self.source.encode()).hexdigest()[:16]
        key = f"t:{self.template_id}@{self.version}:{digest}" if self.version else f"d:{digest}"
        object.__setattr__(self, "key", f"{key}>{self.layout_id}" if self.layout_id else key)

    @property
    def label(self) -> str:
        return f"{self.name!r} v{self.version}" if self.version else f"{self.name!r} (unsaved)"

    def text(self) -> str:
        if self.layout_id is None:
            return self.source
        # No newline is added, so line numbers in errors stay those of the stored text.
        return (f'{{% extends "#{self.layout_id}" %}}{{% block {LAYOUT_BLOCK} %}}'
                f"{self.source}{{% endblock %}}")


@dataclass(frozen=True)
class TemplateSet:
    format: TemplateFormat
    root: str
    stored: Mapping[str, StoredTemplate] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {t.key: t for t in self.stored.values()})
        object.__setattr__(self, "_by_id", {t.template_id: t for t in self.stored.values()
                                            if t.template_id is not None})

    def internal_name(self, name: str) -> str:
        if name.startswith("#") and name[1:].isdigit():
            stored = self._by_id.get(int(name[1:]))  # type: ignore[attr-defined]
            if stored is not None:
                return stored.key
            raise TemplateNotFound(name)
        if name.startswith(BUILTIN_PREFIX):
            builtin = name[len(BUILTIN_PREFIX):]
            if builtin_source(self.format, builtin) is not None:
                return f"builtin:{self.format.value}/{builtin}"
            raise TemplateNotFound(name)
        stored = self.stored.get(name)
        if stored is not None:
            return stored.key
        if builtin_source(self.format, name) is not None:
            return f"builtin:{self.format.value}/{name}"
        raise TemplateNotFound(name)

    @property
    def root_name(self) -> str:
        return self.internal_name(self.root)

    def source_of(self, internal: str) -> tuple[str, str]:
        if internal.startswith("builtin:"):
            name = internal.partition("/")[2]
            source = builtin_source(self.format, name)
            if source is not None:
                return source, f"{BUILTIN_PREFIX}{name}"
        stored = self._by_key.get(internal)  # type: ignore[attr-defined]
        if stored is None:
            raise TemplateNotFound(internal)
        return stored.text(), stored.label

    def variable_definitions(self) -> list[Mapping[str, Any]]:
        """Custom variables of every stored template in the set; the root's win."""
        merged: dict[str, Mapping[str, Any]] = {}
        ordered = sorted(self.stored.values(), key=lambda t: t.name == self.root)
        for template in ordered:
            for definition in template.variables:
                merged[definition["name"]] = definition
        return list(merged.values())

    def pin(self) -> dict[str, Any]:
        """What approval records: enough to rebuild exactly this set later."""
        return {"root": self.root,
                "templates": {name: [t.template_id, t.version, t.layout_id]
                              for name, t in sorted(self.stored.items()) if t.version}}

    def versions(self) -> list[tuple[str, int | None, int]]:
        return [(name, t.template_id, t.version) for name, t in sorted(self.stored.items())]


def builtin_set(format: TemplateFormat, root: str = "builtin/default") -> TemplateSet:
    return TemplateSet(format, root)


def pinned_names(pin: Mapping[str, Any]) -> Iterable[tuple[str, int, int, int | None]]:
    for name, (template_id, version, layout_id) in (pin.get("templates") or {}).items():
        yield name, int(template_id), int(version), layout_id
