"""What a query selects below a field, for look-ahead loading."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection


def _fields(selections: Iterable[Selection]) -> list[SelectedField]:
    """Flatten fragments into the fields they select."""
    flat: list[SelectedField] = []
    for selection in selections:
        if isinstance(selection, SelectedField):
            flat.append(selection)
        elif isinstance(selection, (InlineFragment, FragmentSpread)):
            flat.extend(_fields(selection.selections))
    return flat


def node_fields(info: Info, path: Sequence[str]) -> set[str]:
    """Names of the fields selected at `path` below the current field (e.g. edges → node)."""
    level = _fields(info.selected_fields)
    level = _fields(selection for field in level for selection in field.selections)
    for name in path:
        level = _fields(selection for field in level if field.name == name
                        for selection in field.selections)
    return {field.name for field in level}
