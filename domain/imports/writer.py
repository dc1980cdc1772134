"""Writing one batch of checked rows with a handful of set-based statements.

Only rows that differ are written (`IS DISTINCT FROM` in every WHERE), so re-importing
the same file touches nothing, not even `updated_at`. Status rules: an import may move
an active subscriber to unsubscribed/bounced/complained, never the other way; an address
on the suppression list (plain or hashed, see domain.engagement.suppression) is stored
with the status `status_for_reason` gives: bounced, complained for a complaint,
unsubscribed for an erased address."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.engagement.suppression import lookup_keys, status_for_reason
from domain.imports.rows import SubscriberRow

SEEN_TABLE = "pg_temp.import_seen"
CREATE_SEEN = (f"CREATE TEMP TABLE IF NOT EXISTS import_seen (key text PRIMARY KEY, "
               f"row int NOT NULL); TRUNCATE {SEEN_TABLE}")
DROP_SEEN = f"DROP TABLE IF EXISTS {SEEN_TABLE}"

# two index lookups (an OR of the two would scan the whole table)
_EXISTING = """
SELECT id, email, external_id FROM subscriber WHERE email = ANY($1::varchar[])
UNION
SELECT id, email, external_id FROM subscriber WHERE external_id = ANY($2::varchar[])"""

_SUPPRESSED = """
SELECT email, reason FROM suppressed_address WHERE email = ANY($1::varchar[])"""

_REMEMBER = f"""
INSERT INTO {SEEN_TABLE} (key, row) SELECT * FROM unnest($1::text[], $2::int[])
ON CONFLICT (key) DO NOTHING RETURNING key"""

_FIRST_SEEN = f"SELECT key, row FROM {SEEN_TABLE} WHERE key = ANY($1::text[])"

_INSERT = """
INSERT INTO subscriber (email, external_id, name, timezone, locale, status,
                        consent_given_at, attributes, created_at, updated_at)
SELECT v.email, v.external_id, COALESCE(v.name, ''), COALESCE(v.timezone, 'UTC'),
       COALESCE(v.locale, 'en'), COALESCE(v.status, 'active'), v.consent,
       COALESCE(v.attributes::jsonb, '{}'::jsonb), now(), now()
FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[],
            $6::varchar[], $7::timestamptz[], $8::text[])
     AS v(email, external_id, name, timezone, locale, status, consent, attributes)
ON CONFLICT DO NOTHING
RETURNING id, email, external_id"""

_UPDATE = """
UPDATE subscriber AS s SET
    email = COALESCE(v.email, s.email),
    external_id = COALESCE(v.external_id, s.external_id),
    name = COALESCE(v.name, s.name),
    timezone = COALESCE(v.timezone, s.timezone),
    locale = COALESCE(v.locale, s.locale),
    status = CASE WHEN s.status = 'active' THEN COALESCE(v.status, s.status)
                  ELSE s.status END,
    consent_withdrawn_at = CASE WHEN s.status = 'active'
                                     AND COALESCE(v.status, 'active') <> 'active'
                                THEN now() ELSE s.consent_withdrawn_at END,
    consent_given_at = COALESCE(v.consent, s.consent_given_at),
    attributes = COALESCE(v.attributes::jsonb, s.attributes),
    updated_at = now()
FROM unnest($1::int[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[],
            $6::varchar[], $7::varchar[], $8::timestamptz[], $9::text[])
     AS v(id, email, external_id, name, timezone, locale, status, consent, attributes)
WHERE s.id = v.id
  AND (s.email, s.external_id, s.name, s.timezone, s.locale, s.status,
       s.consent_given_at, s.attributes)
      IS DISTINCT FROM
      (COALESCE(v.email, s.email), COALESCE(v.external_id, s.external_id),
       COALESCE(v.name, s.name), COALESCE(v.timezone, s.timezone),
       COALESCE(v.locale, s.locale),
       CASE WHEN s.status = 'active' THEN COALESCE(v.status, s.status) ELSE s.status END,
       COALESCE(v.consent, s.consent_given_at), COALESCE(v.attributes::jsonb, s.attributes))
RETURNING s.id"""

# the pairs that differ are found by a plain read first: ON CONFLICT DO UPDATE locks (and
# so writes) every conflicting row even when its WHERE then skips the update
_PREFERENCES = """
WITH v AS (SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::varchar[])
                         AS v(subscriber_id, topic_id, channel_id, frequency)),
changed AS (SELECT v.* FROM v LEFT JOIN subscriber_preference p
                USING (subscriber_id, topic_id, channel_id)
            WHERE p.frequency IS DISTINCT FROM v.frequency)
INSERT INTO subscriber_preference (subscriber_id, topic_id, channel_id, frequency,
                                   created_at, updated_at)
SELECT subscriber_id, topic_id, channel_id, frequency, now(), now() FROM changed
ON CONFLICT (subscriber_id, topic_id, channel_id) DO UPDATE
SET frequency = EXCLUDED.frequency, updated_at = now()
WHERE subscriber_preference.frequency IS DISTINCT FROM EXCLUDED.frequency
RETURNING subscriber_id"""


@dataclass(slots=True)
class BatchResult:
    imported: int = 0
    unchanged: int = 0
    #: (row, field, reason) of rows refused while writing (duplicates, taken ids)
    errors: list[tuple[int, str, str]] = field(default_factory=list)


def _keys(row: SubscriberRow) -> list[str]:
    keys = []
    if row.email is not None:
        keys.append("e:" + row.email.lower())
    if row.external_id is not None:
        keys.append("x:" + row.external_id)
    return keys


async def _drop_duplicates(connection: Any, rows: list[SubscriberRow],
                           result: BatchResult) -> list[SubscriberRow]:
    """A key (email or external_id) seen on an earlier row of the file makes this row an
    error: applying both would make the outcome depend on the order, and a re-upload
    would flip the subscriber back and forth."""
    first_in_batch: dict[str, int] = {}
    kept: list[SubscriberRow] = []
    for row in rows:
        keys = _keys(row)
        clash = next((key for key in keys if key in first_in_batch), None)
        if clash is not None:
            result.errors.append((row.row, "email" if clash[0] == "e" else "external_id",
                                  f"duplicate of row {first_in_batch[clash]}"))
            continue
        for key in keys:
            first_in_batch[key] = row.row
        kept.append(row)
    keys = list(first_in_batch)
    added = {record["key"] for record in await connection.fetch(
        _REMEMBER, keys, [first_in_batch[key] for key in keys])}
    if len(added) == len(keys):
        return kept
    earlier = {record["key"]: record["row"] for record in await connection.fetch(
        _FIRST_SEEN, [key for key in keys if key not in added])
        if record["row"] != first_in_batch[record["key"]]}
    survivors = []
    for row in kept:
        clash = next((key for key in _keys(row) if key in earlier), None)
        if clash is None:
            survivors.append(row)
        else:
            result.errors.append((row.row, "email" if clash[0] == "e" else "external_id",
                                  f"duplicate of row {earlier[clash]}"))
    return survivors


async def write_batch(connection: Any, rows: list[SubscriberRow]) -> BatchResult:
    """Upsert `rows` (already checked) on `connection`, inside the caller's transaction."""
    result = BatchResult()
    rows = await _drop_duplicates(connection, rows, result)
    emails = [row.email for row in rows if row.email is not None]
    external_ids = [row.external_id for row in rows if row.external_id is not None]
    by_email: dict[str, int] = {}
    by_external: dict[str, int] = {}
    has_email: set[int] = set()
    for record in await connection.fetch(_EXISTING, emails, external_ids):
        if record["email"] is not None:
            by_email[record["email"]] = record["id"]
            has_email.add(record["id"])
        if record["external_id"] is not None:
            by_external[record["external_id"]] = record["id"]
    keys = lookup_keys(emails)  # plain and hashed forms
    suppressed = {keys[record["email"]]: record["reason"] for record in await connection.fetch(
        _SUPPRESSED, sorted(keys))}

    targets: dict[int, int] = {}  # row → subscriber id (existing)
    new_rows: list[SubscriberRow] = []
    updates: list[SubscriberRow] = []
    for row in rows:
        if row.email is not None and row.email.lower() in suppressed:
            reason = suppressed[row.email.lower()]
            row.status = status_for_reason(reason)
        target = by_email.get(row.email) if row.email is not None else None
        owner = by_external.get(row.external_id) if row.external_id is not None else None
        if target is None and (row.email is None or owner not in has_email):
            target = owner  # found by external_id (an email, if given, is added)
        elif owner is not None and owner != target:
            result.errors.append((row.row, "external_id",
                                  "belongs to another subscriber (with another email)"))
            continue
        if target is None:
            new_rows.append(row)
        else:
            targets[row.row] = target
            updates.append(row)

    changed: set[int] = set()  # rows that wrote something
    if new_rows:
        inserted = await connection.fetch(_INSERT, *_columns(new_rows))
        made_by_email = {r["email"]: r["id"] for r in inserted if r["email"] is not None}
        made_by_external = {r["external_id"]: r["id"] for r in inserted
                            if r["email"] is None}
        for row in new_rows:
            made = made_by_email.get(row.email) if row.email is not None \
                else made_by_external.get(row.external_id)
            if made is None:
                result.errors.append((row.row, "email" if row.email else "external_id",
                                      "created by someone else meanwhile; upload again"))
                continue
            targets[row.row] = made
            changed.add(row.row)
    if updates:
        columns = _columns(updates)
        updated = {record["id"] for record in await connection.fetch(
            _UPDATE, [targets[row.row] for row in updates], *columns)}
        changed.update(row.row for row in updates if targets[row.row] in updated)

    with_preferences = [row for row in rows if row.preferences and row.row in targets]
    if with_preferences:
        subscriber_ids, topic_ids, channel_ids, frequencies = [], [], [], []
        for row in with_preferences:
            for (topic_id, channel_id), frequency in row.preferences.items():
                subscriber_ids.append(targets[row.row])
                topic_ids.append(topic_id)
                channel_ids.append(channel_id)
                frequencies.append(frequency)
        touched = {record["subscriber_id"] for record in await connection.fetch(
            _PREFERENCES, subscriber_ids, topic_ids, channel_ids, frequencies)}
        changed.update(row.row for row in with_preferences if targets[row.row] in touched)

    result.imported = len(changed)
    result.unchanged = len(targets) - len(changed)
    return result


def _columns(rows: list[SubscriberRow]) -> list[list[Any]]:
    return [[row.email for row in rows], [row.external_id for row in rows],
            [row.name for row in rows], [row.timezone for row in rows],
            [row.locale for row in rows], [row.status for row in rows],
            [row.consent_given_at for row in rows], [row.attributes for row in rows]]
