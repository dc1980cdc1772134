"""The suppression list: addresses that hard-bounced or complained are never mailed
again, whichever subscriber record they come back under.

There is one list, `suppressed_address`, stored lower-cased (a CHECK constraint holds
every writer to it): provider events write it through `suppress`, the sender checks it
before each send through `suppressed_among`, and audience resolution
(domain.deliveries.audience) joins it on `lower(subscriber.email)` to write `suppressed`
ledger rows. Matching is case-insensitive because SES and subscribers' own records do not
agree on the case of the local part.

An erased subscriber (domain.privacy.erasure) leaves a *hashed* entry instead: the
`email` column holds `sha256:` + the hex SHA-256 of the lower-cased address, so the list
no longer says who they were yet still recognises the address when it comes back. Every
lookup here (`suppressed_among` at send time, `suppression_reasons` for createSubscriber,
updateSubscriber and imports) asks for both forms of each address, and `suppress` adds
no plain entry for an address whose hashed entry exists."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from tortoise import BaseDBAsyncClient, Tortoise

#: the reason of the hashed entry an erasure leaves (when the address was not suppressed
#: already for a bounce or complaint)
ERASURE_REASON = "erasure"
HASH_PREFIX = "sha256:"

_REASONS = "SELECT email, reason FROM suppressed_address WHERE email = ANY($1::varchar[])"


def address_hash(email: str) -> str:
    """The stored form of an erased address. Unkeyed on purpose: every process, import
    and SQL statement can compute it without a secret, and key rotation cannot orphan it."""
    return HASH_PREFIX + hashlib.sha256(email.strip().lower().encode()).hexdigest()


def lookup_keys(addresses: Iterable[str]) -> dict[str, str]:
    """Stored form (plain lower-cased and hashed) → the lower-cased address it stands for."""
    keys: dict[str, str] = {}
    for address in addresses:
        if address:
            lowered = address.lower()
            keys[lowered] = lowered
            keys[address_hash(lowered)] = lowered
    return keys


async def suppression_reasons(addresses: Iterable[str],
                              connection: BaseDBAsyncClient | None = None) -> dict[str, str]:
    """Lower-cased suppressed addresses of `addresses` → why (one query; plain and hashed
    entries both count)."""
    keys = lookup_keys(addresses)
    if not keys:
        return {}
    connection = connection or Tortoise.get_connection("default")
    rows = await connection.execute_query_dict(_REASONS, [sorted(keys)])
    return {keys[row["email"]]: row["reason"] for row in rows}


async def suppressed_among(addresses: Iterable[str]) -> set[str]:
    """The lower-cased addresses of `addresses` that are suppressed (one query)."""
    return set(await suppression_reasons(addresses))


def status_for_reason(reason: str) -> str:
    """The subscriber status a suppressed address is stored with (imports, creates): a
    complaint says `complained`, an erasure `unsubscribed` (the person asked to be
    forgotten), anything else `bounced`."""
    if reason == "complaint":
        return "complained"
    if reason == ERASURE_REASON:
        return "unsubscribed"
    return "bounced"


async def suppress(email: str, reason: str, detail: Mapping[str, Any] | None = None) -> bool:
    """Add `email`; returns False when it was already suppressed (first reason kept), also
    when only its hashed form is on the list (an erased address stays anonymous)."""
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "INSERT INTO suppressed_address (email, reason, detail, created_at) "
        "SELECT $1, $2, $3::jsonb, now() WHERE NOT EXISTS "
        "(SELECT 1 FROM suppressed_address WHERE email = $4) "
        "ON CONFLICT (email) DO NOTHING RETURNING id",
        [email.lower(), reason[:32], json.dumps(dict(detail or {}), default=str),
         address_hash(email)])
    return bool(rows)
