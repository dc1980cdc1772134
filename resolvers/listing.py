"""Shared list handling: decode the cursor, pick the ordering, fetch one keyset page."""

from __future__ import annotations

from typing import TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

from domain.pagination import Ordering, Page, paginate
from resolvers.cursors import decode_cursor

ModelT = TypeVar("ModelT", bound=Model)


async def page_of(queryset: QuerySet[ModelT], *, first: int, after: str | None,
                  order_field: str = "id", descending: bool = True) -> Page[ModelT]:
    return await paginate(queryset, ordering=Ordering(order_field, descending), first=first,
                          after=decode_cursor(after))
