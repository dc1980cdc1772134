"""Relay connections over keyset pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry

from domain.pagination import Page
from resolvers.cursors import encode_cursor

NodeT = TypeVar("NodeT")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


@strawberry.type
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo

    @classmethod
    def from_page(cls, page: Page[Any], to_node: Callable[[Any], NodeT]) -> Connection[NodeT]:
        cursors = [encode_cursor(key) for key in page.keys]
        return cls(
            edges=[Edge(cursor=cursor, node=to_node(item))
                   for cursor, item in zip(cursors, page.items, strict=True)],
            page_info=PageInfo(
                has_next_page=page.has_next_page, has_previous_page=page.has_previous_page,
                start_cursor=cursors[0] if cursors else None,
                end_cursor=cursors[-1] if cursors else None,
            ),
        )
