"""Migration 4 (templates_feeds) on existing data: formats are backfilled from the channel
type, and rolling back keeps both email parts of a template under distinct names."""

from __future__ import annotations

import asyncpg

from app import migrations
from app.db import connection_credentials

INSERT_TEMPLATE = """
INSERT INTO template (created_at, updated_at, name, channel_type, current_version, variables)
VALUES (now(), now(), $1, $2, 1, '[]') RETURNING id"""
INSERT_VERSION = """
INSERT INTO template_version (template_id, version, source, created_at)
VALUES ($1, 1, 'x', now())"""


async def _down_to_before(url: str, name: str) -> None:
    """Roll back one step at a time until `name` is undone (later migrations first)."""
    while (rolled := await migrations.downgrade(url)) != [name]:
        assert rolled, f"{name} was never rolled back"


async def test_formats_are_backfilled_and_a_rollback_keeps_every_template(
        scratch_database_url: str) -> None:
    applied = await migrations.upgrade(scratch_database_url)
    mine = next(name for name in applied if name.endswith("_templates_feeds.py"))
    await _down_to_before(scratch_database_url, mine)
    connection = await asyncpg.connect(**connection_credentials(scratch_database_url))
    try:
        for name, kind in (("welcome", "email"), ("chat", "slack"), ("hook", "webhook"),
                           ("ping", "discord")):
            template_id = await connection.fetchval(INSERT_TEMPLATE, name, kind)
            await connection.execute(INSERT_VERSION, template_id)
        await connection.execute(
            "INSERT INTO publication (created_at, updated_at, title, summary, body, priority,"
            " status) VALUES (now(), now(), 'p', '', '', 'normal', 'draft')")

        assert mine in await migrations.upgrade(scratch_database_url)
        formats = dict(await connection.fetch("SELECT name, format FROM template"))
        assert formats == {"welcome": "html", "chat": "slack", "hook": "json",
                           "ping": "discord"}
        assert await connection.fetchval(
            "SELECT count(*) FROM template_version WHERE variables = '[]'::jsonb") == 4
        row = await connection.fetchrow(
            "SELECT template_choices, template_variables, template_pins FROM publication")
        assert (row["template_choices"], row["template_variables"], row["template_pins"]) == (
            "{}", "{}", None)
        # the text part of an email template may share the HTML part's name ...
        await connection.execute(
            "INSERT INTO template (created_at, updated_at, name, channel_type, format, "
            "current_version, variables) VALUES (now(), now(), 'welcome', 'email', 'text', 1,"
            " '[]')")

        # ... and survives a rollback under a name of its own
        await _down_to_before(scratch_database_url, mine)
        names = sorted(r["name"] for r in await connection.fetch("SELECT name FROM template"))
        assert names == ["chat", "hook", "ping", "welcome", "welcome [text]"]
        assert mine in await migrations.upgrade(scratch_database_url)
    finally:
        await connection.close()
