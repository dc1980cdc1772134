"""Schema migrations through aerich's programmatic API.

The migration files under ``migrations/models`` are the source of truth; the functions
here apply them, roll them back one step at a time and detect models that drifted away
from them (a model change without a migration).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from aerich import Command
from tortoise import Tortoise
from tortoise.context import TortoiseContext

from app.db import APP_LABEL, tortoise_config

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


@asynccontextmanager
async def _aerich(
    database_url: str,
    location: Path = MIGRATIONS_DIR,
    offline: bool = False,
    extra_model_modules: Sequence[str] = (),
) -> AsyncIterator[Command]:
    """An initialised aerich Command in a Tortoise context of its own, so running
    migrations never disturbs (or closes) the connections of the calling process."""
    config = tortoise_config(database_url)
    config["apps"][APP_LABEL]["models"].extend(extra_model_modules)
    command = Command(tortoise_config=config, app=APP_LABEL, location=str(location))
    async with TortoiseContext():
        await Tortoise.init(config=config)
        await command.init(offline=offline)
        yield command


async def upgrade(database_url: str) -> list[str]:
    """Apply every migration not yet recorded in the `aerich` table; returns their names."""
    async with _aerich(database_url) as command:
        await Tortoise.get_connection("default").execute_script(
            'CREATE TABLE IF NOT EXISTS "aerich" ("id" SERIAL NOT NULL PRIMARY KEY, '
            '"version" VARCHAR(255) NOT NULL, "app" VARCHAR(100) NOT NULL, '
            '"content" JSONB NOT NULL);'
        )
        return await command.upgrade(run_in_transaction=True)


async def downgrade(database_url: str) -> list[str]:
    """Roll back the newest applied migration (one step)."""
    async with _aerich(database_url) as command:
        return await command.downgrade(version=-1, delete=False)


async def applied(database_url: str) -> list[str]:
    async with _aerich(database_url):
        return await Command.get_applied_migrations(APP_LABEL)


async def pending_model_changes(
    database_url: str, extra_model_modules: Sequence[str] = ()
) -> str:
    """The migration aerich would write for models that differ from the last migration's
    recorded state, or an empty string when models and migrations agree.

    Runs against a scratch copy of the migrations folder so nothing is written to the repo.
    """
    with tempfile.TemporaryDirectory() as scratch:
        location = Path(scratch)
        shutil.copytree(MIGRATIONS_DIR / APP_LABEL, location / APP_LABEL)
        async with _aerich(database_url, location, True, extra_model_modules) as command:
            written = await command.migrate("drift", no_input=True, offline=True)
            if not written:
                return ""
            return (location / APP_LABEL / written).read_text()


async def make_migration(database_url: str, name: str) -> str:
    """Write the next migration file from the model changes; returns its name ('' if none)."""
    async with _aerich(database_url, offline=True) as command:
        return await command.migrate(name, no_input=True, offline=True)
