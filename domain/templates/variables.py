"""Custom variables a template declares: a name, a type, a default and a description.

Definitions are checked when a template is saved (names, types, defaults) and values
when a publication sets them. At render time a value that does not fit its type falls
back to the default instead of failing: a send must not crash on a bad value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from domain.errors import InvalidInput
from domain.validation import require_http_url

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
MAX_VARIABLES = 50
MAX_STRING = 10_000
MAX_LIST_ITEMS = 100
#: Names the renderer provides itself, plus Jinja's own.
RESERVED_NAMES = frozenset({
    "publication", "subscriber", "brand", "links", "channel", "self", "loop", "range",
    "dict", "namespace", "cycler", "joiner", "caller", "varargs", "kwargs", "true", "false",
    "none", "super",
})


class VariableType(StrEnum):
    STRING = "string"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATETIME = "datetime"
    URL = "url"
    LIST = "list"


def _coerce(kind: VariableType, value: Any, field: str) -> Any:
    """The value as its type, or InvalidInput naming `field`."""
    if kind is VariableType.STRING:
        if not isinstance(value, str):
            raise InvalidInput(f"{field} must be a string", field=field)
        if len(value) > MAX_STRING:
            raise InvalidInput(f"{field} must be at most {MAX_STRING} characters", field=field)
        return value
    if kind is VariableType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidInput(f"{field} must be a number", field=field)
        return value
    if kind is VariableType.BOOLEAN:
        if not isinstance(value, bool):
            raise InvalidInput(f"{field} must be true or false", field=field)
        return value
    if kind is VariableType.DATETIME:
        if isinstance(value, dt.datetime):
            return value
        try:
            moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise InvalidInput(f"{field} must be an ISO 8601 date-time with an offset",
                               field=field)
        return moment
    if kind is VariableType.URL:
        if not isinstance(value, str):
            raise InvalidInput(f"{field} must be a string", field=field)
        return require_http_url(value, field, https_only=False)
    if not isinstance(value, list) or len(value) > MAX_LIST_ITEMS or not all(
            isinstance(item, str | int | float | bool) for item in value):
        raise InvalidInput(f"{field} must be a list of at most {MAX_LIST_ITEMS} strings, "
                           "numbers or booleans", field=field)
    return value


def _stored(kind: VariableType, value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.datetime) else value


def parse_definitions(raw: Sequence[Mapping[str, Any]] | None, field: str = "variables"
                      ) -> list[dict[str, Any]]:
    """Checked definitions as stored: [{name, type, default, description}]."""
    if raw is None:
        return []
    if len(raw) > MAX_VARIABLES:
        raise InvalidInput(f"at most {MAX_VARIABLES} variables", field=field)
    seen: set[str] = set()
    result = []
    for index, definition in enumerate(raw):
        where = f"{field}[{index}]"
        name = definition.get("name")
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            raise InvalidInput(f"{where}.name must be lowercase letters, digits and _, "
                               "starting with a letter (max 64)", field=f"{where}.name")
        if name in RESERVED_NAMES:
            raise InvalidInput(f"{where}.name {name!r} is reserved", field=f"{where}.name")
        if name in seen:
            raise InvalidInput(f"variable {name!r} is defined twice", field=f"{where}.name")
        seen.add(name)
        try:
            kind = VariableType(definition.get("type"))
        except ValueError:
            allowed = ", ".join(kind.value for kind in VariableType)
            raise InvalidInput(f"{where}.type must be one of {allowed}",
                               field=f"{where}.type") from None
        default = definition.get("default")
        if default is not None:
            default = _stored(kind, _coerce(kind, default, f"{where}.default"))
        description = definition.get("description") or ""
        if not isinstance(description, str) or len(description) > 500:
            raise InvalidInput(f"{where}.description must be text of at most 500 characters",
                               field=f"{where}.description")
        result.append({"name": name, "type": kind.value, "default": default,
                       "description": description})
    return result


def check_values(definitions: Sequence[Mapping[str, Any]], values: Mapping[str, Any] | None,
                 field: str = "variables") -> dict[str, Any]:
    """Values a publication sets, checked against the definitions of its templates."""
    if values is None:
        return {}
    if not isinstance(values, Mapping):
        raise InvalidInput(f"{field} must be a JSON object", field=field)
    by_name = {definition["name"]: definition for definition in definitions}
    checked: dict[str, Any] = {}
    for name, value in values.items():
        definition = by_name.get(name)
        if definition is None:
            known = ", ".join(sorted(by_name)) or "none"
            raise InvalidInput(f"the chosen templates define no variable {name!r} "
                               f"(defined: {known})", field=f"{field}.{name}")
        if value is None:
            continue
        kind = VariableType(definition["type"])
        checked[name] = _stored(kind, _coerce(kind, value, f"{field}.{name}"))
    return checked


def resolve_values(definitions: Sequence[Mapping[str, Any]],
                   *layers: Mapping[str, Any] | None) -> dict[str, Any]:
    """Default, then each layer in turn (publication values, the caller's extras); a value
    that does not fit the type is ignored. Never raises."""
    resolved: dict[str, Any] = {}
    for definition in definitions:
        kind = VariableType(definition["type"])
        value = _render_value(kind, definition.get("default"))
        for layer in layers:
            if layer and definition["name"] in layer:
                candidate = _render_value(kind, layer[definition["name"]])
                if candidate is not None:
                    value = candidate
        resolved[definition["name"]] = value if value is not None else _empty(kind)
    return resolved


def _render_value(kind: VariableType, value: Any) -> Any:
    if value is None:
        return None
    try:
        return _coerce(kind, value, "value")
    except InvalidInput:
        return None


def _empty(kind: VariableType) -> Any:
    return {VariableType.NUMBER: 0, VariableType.BOOLEAN: False,
            VariableType.LIST: []}.get(kind, "")
