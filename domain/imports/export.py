"""Subscribers out, in the shape the importer reads (so an export re-imports unchanged).

Keyset batches by id: memory holds one batch whatever the list's size, and a subscriber
added while the export runs is either in it or not, never twice."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from typing import Any

from tortoise import Tortoise

EXPORT_COLUMNS = ("email", "external_id", "name", "timezone", "locale", "status",
                  "consent_given_at", "attributes", "preferences")
EXPORT_BATCH = 1_000

_PAGE = """
SELECT s.id, s.email, s.external_id, s.name, s.timezone, s.locale, s.status,
       s.consent_given_at, s.attributes::text AS attributes,
       COALESCE((SELECT json_agg(json_build_object('topic', t.slug, 'channel', c.name,
                                                   'frequency', p.frequency)
                                 ORDER BY t.slug, c.name)
                 FROM subscriber_preference p
                 JOIN topic t ON t.id = p.topic_id
                 JOIN channel c ON c.id = p.channel_id
                 WHERE p.subscriber_id = s.id)::text, '[]') AS preferences
FROM subscriber s WHERE s.id > $1 ORDER BY s.id LIMIT $2"""


async def subscriber_pages(batch: int = EXPORT_BATCH) -> AsyncIterator[list[dict[str, Any]]]:
    connection = Tortoise.get_connection("default")
    after = 0
    while True:
        rows = await connection.execute_query_dict(_PAGE, [after, batch])
        if not rows:
            return
        after = rows[-1]["id"]
        yield rows
        if len(rows) < batch:
            return


def _moment(row: dict[str, Any]) -> str:
    value = row["consent_given_at"]
    return value.isoformat() if value is not None else ""


async def as_csv() -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    async for rows in subscriber_pages():
        writer.writerows(
            (row["email"] or "", row["external_id"] or "", row["name"], row["timezone"],
             row["locale"], row["status"], _moment(row), row["attributes"],
             row["preferences"]) for row in rows)
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


async def as_ndjson() -> AsyncIterator[bytes]:
    async for rows in subscriber_pages():
        yield "".join(json.dumps({
            "email": row["email"], "external_id": row["external_id"], "name": row["name"],
            "timezone": row["timezone"], "locale": row["locale"], "status": row["status"],
            "consent_given_at": _moment(row) or None,
            "attributes": json.loads(row["attributes"]),
            "preferences": json.loads(row["preferences"])}) + "\n" for row in rows).encode()
