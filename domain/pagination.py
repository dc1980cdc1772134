"""Keyset pagination: pages stay stable and cheap however deep a client scrolls.

A cursor is the sort key of the last row seen plus its id (the tie-breaker). The
encoding into an opaque string belongs to the API layer; here a cursor is a tuple.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tortoise.expressions import Q
from tortoise.fields import DatetimeField
from tortoise.models import Model
from tortoise.queryset import QuerySet

from domain.errors import InvalidInput

ModelT = TypeVar("ModelT", bound=Model)
MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class Ordering:
    field: str
    descending: bool = True


@dataclass(frozen=True, slots=True)
class Page(Generic[ModelT]):
    items: list[ModelT]
    keys: list[tuple[Any, int]]
    has_next_page: bool
    has_previous_page: bool


def _sort_value(row: Model, field: str) -> Any:
    value = getattr(row, field)
    return value.isoformat() if isinstance(value, dt.datetime) else value


def _parse_sort_value(value: Any, field: str, sample: type[Model]) -> Any:
    field_object = sample._meta.fields_map.get(field)
    if isinstance(field_object, DatetimeField):
        try:
            return dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise InvalidInput("cursor is malformed", field="after") from None
    return value


async def paginate(
    queryset: QuerySet[ModelT],
    *,
    ordering: Ordering,
    first: int,
    after: tuple[Any, int] | None,
) -> Page[ModelT]:
    """One query of `first + 1` rows decides the page and whether another follows."""
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise InvalidInput(f"first must be between 1 and {MAX_PAGE_SIZE}", field="first")
    field = ordering.field
    comparison = "lt" if ordering.descending else "gt"
    if after is not None:
        raw_value, last_id = after
        limits = queryset.model._meta.pk.constraints
        if not isinstance(last_id, int) or not (
                limits.get("ge", last_id) <= last_id <= limits.get("le", last_id)):
            raise InvalidInput("cursor is malformed", field="after")
        value = _parse_sort_value(raw_value, field, queryset.model)
        if field == "id":
            queryset = queryset.filter(**{f"id__{comparison}": last_id})
        else:
            queryset = queryset.filter(
                Q(**{f"{field}__{comparison}": value})
                | Q(**{field: value, f"id__{comparison}": last_id})
            )
    prefix = "-" if ordering.descending else ""
    order = [f"{prefix}{field}"] if field == "id" else [f"{prefix}{field}", f"{prefix}id"]
    rows = await queryset.order_by(*order).limit(first + 1)
    items = rows[:first]
    return Page(
        items=items,
        keys=[(_sort_value(row, field), row.pk) for row in items],
        has_next_page=len(rows) > first,
        has_previous_page=after is not None,
    )
