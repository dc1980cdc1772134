"""Migrations round-trip on a scratch database, and models never drift from them."""

from __future__ import annotations

import json

import asyncpg
import pytest

from app import migrations
from app.db import connection_credentials

HOT_INDEXES = {
    ("delivery", "idx_delivery_status_bb1bd8"),
    ("delivery", "idx_delivery_publica_74c23d"),
    ("engagement_event", "idx_engagement__publica_9dc4b9"),
    ("subscriber_preference", "idx_subscriber__topic_i_925f6a"),
    ("delivery", "idx_delivery_due"),
}
CORE_TABLES = {
    "principal", "audit_log", "channel", "topic", "subscriber", "subscriber_preference",
    "brand", "template", "template_version", "publication",
    "publication_topic", "publication_channel", "delivery", "engagement_event",
    "experiment", "variant", "assignment", "alert",
}


async def _schema(url: str) -> tuple[set[str], set[tuple[str, str]], set[str]]:
    connection = await asyncpg.connect(**connection_credentials(url))
    try:
        tables = {r["tablename"] for r in await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        indexes = {(r["tablename"], r["indexname"]) for r in await connection.fetch(
            "SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public'")}
        checks = {r["conname"] for r in await connection.fetch(
            "SELECT conname FROM pg_constraint WHERE contype = 'c'")}
        return tables, indexes, checks
    finally:
        await connection.close()


def _number(name: str) -> str:
    return name.split("_")[0]


async def test_upgrade_downgrade_to_zero_and_upgrade_again(scratch_database_url: str) -> None:
    applied = await migrations.upgrade(scratch_database_url)
    assert [_number(name) for name in applied] == [str(n) for n in range(len(applied))]
    assert len(applied) >= 8
    tables, indexes, checks = await _schema(scratch_database_url)
    assert tables >= CORE_TABLES
    assert indexes >= HOT_INDEXES
    assert {"ck_delivery_status", "ck_subscriber_reachable"} <= checks

    assert await migrations.upgrade(scratch_database_url) == []  # idempotent

    # newest first, one at a time, down to (not including) 6_engagement_rollups
    for name in reversed(applied[7:]):
        assert await migrations.downgrade(scratch_database_url) == [name]
    assert await migrations.downgrade(scratch_database_url) == [applied[6]]
    tables, _, _ = await _schema(scratch_database_url)
    assert not {"metric_rollup", "engagement_first", "suppressed_address", "tracked_link"} & tables
    assert await migrations.downgrade(scratch_database_url) == [applied[5]]
    assert await migrations.downgrade(scratch_database_url) == [applied[4]]
    assert await migrations.downgrade(scratch_database_url) == [applied[3]]
    assert await migrations.downgrade(scratch_database_url) == [applied[2]]
    tables, _, _ = await _schema(scratch_database_url)
    assert "idempotency_record" not in tables
    rolled_back = await migrations.downgrade(scratch_database_url)
    assert rolled_back == [applied[1]]
    tables, indexes, checks = await _schema(scratch_database_url)
    assert tables >= CORE_TABLES
    assert not HOT_INDEXES & indexes
    assert "ck_delivery_status" not in checks

    assert await migrations.downgrade(scratch_database_url) == [applied[0]]
    tables, _, _ = await _schema(scratch_database_url)
    assert not CORE_TABLES & tables
    assert await migrations.applied(scratch_database_url) == []

    assert await migrations.upgrade(scratch_database_url) == applied
    tables, indexes, _ = await _schema(scratch_database_url)
    assert tables >= CORE_TABLES
    assert indexes >= HOT_INDEXES


async def test_models_match_the_migrations(scratch_database_url: str) -> None:
    pending = await migrations.pending_model_changes(scratch_database_url)
    assert pending == "", f"models changed without a migration:\n{pending}"


async def test_drift_check_notices_a_model_without_migration(scratch_database_url: str) -> None:
    pending = await migrations.pending_model_changes(
        scratch_database_url, extra_model_modules=["tests.unmigrated_model"]
    )
    assert "unmigrated_widget" in pending


_SEED_AT_7 = """
INSERT INTO channel (created_at, updated_at, name, type, config, status)
VALUES (now(), now(), 'newsletter', 'email', '{}', 'active');
INSERT INTO publication (created_at, updated_at, title, summary, body, priority, status)
VALUES (now(), now(), 'before 8', '', '', 'normal', 'published');
INSERT INTO delivery (created_at, updated_at, idempotency_key, recipient, status, attempts,
                      error_history, channel_id, publication_id)
SELECT now(), now(), 'k' || g, 'r' || g || '@example.com',
       (ARRAY['sent', 'sent', 'failed', 'pending', 'suppressed'])[1 + g % 5], 0, '[]',
       (SELECT id FROM channel), (SELECT id FROM publication)
FROM generate_series(1, 23) AS g;
INSERT INTO suppressed_address (email, reason, detail, created_at) VALUES
    ('bounced@example.com', 'hard_bounce', '{"bounce_type": "Permanent"}', now());
INSERT INTO suppression (address, reason, details, created_at) VALUES
    ('Bounced@Example.com', 'manual', 'older list', now() - interval '1 day'),
    ('Manual.Entry@Example.org', 'manual', 'added by hand', now() - interval '2 days'),
    ('manual.entry@example.org', 'complaint', '', now() - interval '1 day'),
    ('plain@example.net', 'complaint', '', now());
"""


async def test_migration_8_merges_the_suppression_lists_and_counts_existing_deliveries(
        scratch_database_url: str) -> None:
    """Rows written before migration 8 survive it: `suppression` folds into the one list
    (lower-cased, the earliest reason per address, the `suppressed_address` row first),
    and the status counts start from the deliveries already there."""
    applied = await migrations.upgrade(scratch_database_url)
    eighth = next(index for index, name in enumerate(applied) if _number(name) == "8")
    for name in reversed(applied[eighth:]):
        assert await migrations.downgrade(scratch_database_url) == [name]
    connection = await asyncpg.connect(**connection_credentials(scratch_database_url))
    try:
        await connection.execute(_SEED_AT_7)
        assert await migrations.upgrade(scratch_database_url) == applied[eighth:]

        suppressed = {r["email"]: (r["reason"], json.loads(r["detail"])) for r in
                      await connection.fetch("SELECT * FROM suppressed_address")}
        assert suppressed == {
            "bounced@example.com": ("hard_bounce", {"bounce_type": "Permanent"}),
            "manual.entry@example.org": ("manual", {"details": "added by hand"}),
            "plain@example.net": ("complaint", {}),
        }
        tables, _, checks = await _schema(scratch_database_url)
        assert "suppression" not in tables
        assert "ck_suppressed_address_lower_case" in checks
        with pytest.raises(asyncpg.CheckViolationError):
            await connection.execute("INSERT INTO suppressed_address "
                                     "(email, reason, detail, created_at) "
                                     "VALUES ('Upper@example.com', 'manual', '{}', now())")

        counted = {r["status"]: r["total"] for r in await connection.fetch(
            "SELECT status, sum(delta) AS total FROM delivery_status_count GROUP BY status")}
        assert counted == {r["status"]: r["total"] for r in await connection.fetch(
            "SELECT status, count(*) AS total FROM delivery GROUP BY status")}
        assert counted == {"sent": 9, "failed": 5, "pending": 5, "suppressed": 4}

        # back to 7: the previous release's audience resolution reads `suppression` again
        for name in reversed(applied[eighth:]):
            assert await migrations.downgrade(scratch_database_url) == [name]
        assert {r["address"]: r["details"] for r in await connection.fetch(
            "SELECT address, details FROM suppression")} == {
            "bounced@example.com": '{"bounce_type": "Permanent"}',
            "manual.entry@example.org": "added by hand",
            "plain@example.net": ""}
        tables, _, _ = await _schema(scratch_database_url)
        assert "delivery_status_count" not in tables
    finally:
        await connection.close()
