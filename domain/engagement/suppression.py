"""The suppression list: addresses that hard-bounced or complained are never mailed
again, whichever subscriber record they come back under.

There is one list, `suppressed_address`, stored lower-cased (a CHECK constraint holds
every writer to it): provider events write it through `suppress`, the sender checks it
before each send through `suppressed_among`, and audience resolution
(domain.deliveries.audience) joins it on `lower(subscriber.email)` to write `suppressed`
ledger rows. Matching is case-insensitive because SES and subscribers' own records do not
agree on the case of the local part."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from tortoise import Tortoise


async def suppressed_among(addresses: Iterable[str]) -> set[str]:
    """The lower-cased addresses of `addresses` that are suppressed (one query)."""
    wanted = sorted({address.lower() for address in addresses if address})
    if not wanted:
        return set()
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT email FROM suppressed_address WHERE email = ANY($1::varchar[])", [wanted])
    return {row["email"] for row in rows}


async def suppress(email: str, reason: str, detail: Mapping[str, Any] | None = None) -> bool:
    """Add `email`; returns False when it was already suppressed (first reason kept)."""
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "INSERT INTO suppressed_address (email, reason, detail, created_at) "
        "VALUES ($1, $2, $3::jsonb, now()) ON CONFLICT (email) DO NOTHING RETURNING id",
        [email.lower(), reason[:32], json.dumps(dict(detail or {}), default=str)])
    return bool(rows)
