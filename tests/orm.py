"""The ORM bound to another database (one that server processes under test use)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


@asynccontextmanager
async def orm_on(database_url: str) -> AsyncIterator[None]:
    """The ORM bound to the servers' database, without touching the session's."""
    from tortoise import Tortoise
    from tortoise.context import TortoiseContext

    from app.db import tortoise_config

    async with TortoiseContext():
        await Tortoise.init(config=tortoise_config(database_url))
        yield
