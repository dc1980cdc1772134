"""A migrated scratch database for one bench run, dropped afterwards."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bench.queries import find_server, redact
from bench.support import log, with_database


@asynccontextmanager
async def scratch_database() -> AsyncIterator[tuple[str, str]]:
    """(server URL, scratch database URL) with the ORM initialised on the scratch
    database: the `DATABASE_URL` server, else 127.0.0.1:5432, else an embedded one."""
    from app.db import close_db, drop_database, ensure_database, init_db
    from app.migrations import upgrade

    server_url, embedded = await find_server()
    scratch = with_database(server_url, f"publishing_bench_{secrets.token_hex(4)}")
    try:
        await ensure_database(scratch)
        log(f"migrating {redact(scratch)}")
        await upgrade(scratch)
        await init_db(scratch)
        try:
            yield server_url, scratch
        finally:
            await close_db()
    finally:
        await drop_database(scratch)
        if embedded is not None:
            embedded.stop()
