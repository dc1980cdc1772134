"""Drive the GraphQL endpoint in-process (same event loop as the ORM fixtures)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.routing import Route

from app.auth import issue_token
from app.graphql import GraphQLApp
from app.settings import Settings
from domain.principals.models import Role

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


def token_for(role: Role | str, subject: str | None = None) -> str:
    role = Role(role)
    return issue_token(TEST_SECRET, subject or f"{role.value}-user", role,
                       dt.timedelta(minutes=10))


class GraphQLClient:
    def __init__(self, *, allow_private_targets: bool = False) -> None:
        settings = Settings(secret_key=TEST_SECRET, database_url="postgres://x/y",
                            redis_url="redis://x", allow_private_targets=allow_private_targets)
        graphql = GraphQLApp(settings)
        self.graphql = graphql
        app = Starlette(routes=[Route("/graphql", graphql, methods=["GET", "POST"])])
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                      base_url="http://test")

    async def post(self, query: str, variables: dict[str, Any] | None = None, *,
                   role: Role | str | None = Role.ADMIN, subject: str | None = None,
                   token: str | None = None) -> dict[str, Any]:
        headers = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        elif role is not None:
            headers["Authorization"] = f"Bearer {token_for(role, subject)}"
        response = await self.http.post("/graphql", json={"query": query,
                                                           "variables": variables or {}},
                                        headers=headers)
        assert response.status_code in (200, 400), response.text
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
                   ) -> dict[str, Any]:
        """The `data` of a response that must have no errors."""
        body = await self.post(query, variables, **kwargs)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def error(self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
                    ) -> dict[str, Any]:
        """The single error of a response that must fail."""
        body = await self.post(query, variables, **kwargs)
        assert body.get("errors"), body
        assert len(body["errors"]) == 1, body["errors"]
        return body["errors"][0]


class _QueryCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(("Created connection pool", "Closed connection pool")):
            self.statements.append(message)


@contextmanager
def count_queries() -> Iterator[list[str]]:
    """Collect the SQL statements Tortoise sends while the block runs."""
    logger = logging.getLogger("tortoise.db_client")
    counter = _QueryCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        yield counter.statements
    finally:
        logger.removeHandler(counter)
        logger.setLevel(previous)


def gid(type_name: str, pk: int) -> str:
    """A global id, as the API gives them out."""
    from strawberry import relay

    return str(relay.GlobalID(type_name, str(pk)))
