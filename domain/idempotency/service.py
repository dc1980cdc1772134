"""Run a create at most once per (principal, operation, key).

The record is written in the same transaction as the created row, so a crash between
the two cannot leave a created row without its key (or the reverse). A repeat with the
same key but different input is a conflict, not a silent replay of the first result.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from domain.errors import Conflict
from domain.idempotency.models import IdempotencyRecord
from domain.principals.actor import Actor
from domain.validation import require_text

ModelT = TypeVar("ModelT", bound=Model)


def fingerprint(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


async def create_once(
    actor: Actor,
    operation: str,
    key: str | None,
    payload: dict[str, Any],
    model: type[ModelT],
    create: Callable[[], Awaitable[ModelT]],
) -> ModelT:
    if key is None:
        return await create()
    key = require_text(key, "idempotencyKey", max_length=200)
    digest = fingerprint(payload)
    existing = await _replay(actor, operation, key, digest, model)
    if existing is not None:
        return existing
    try:
        async with in_transaction():
            created = await create()
            await IdempotencyRecord.create(principal_name=actor.name, operation=operation,
                                           key=key, fingerprint=digest, result_id=created.pk)
            return created
    except IntegrityError:
        # A concurrent request with the same key won the race; answer with its result.
        existing = await _replay(actor, operation, key, digest, model)
        if existing is None:
            raise
        return existing


async def _replay(actor: Actor, operation: str, key: str, digest: str,
                  model: type[ModelT]) -> ModelT | None:
    record = await IdempotencyRecord.get_or_none(principal_name=actor.name,
                                                 operation=operation, key=key)
    if record is None:
        return None
    if record.fingerprint != digest:
        raise Conflict("idempotencyKey was already used with different input",
                       field="idempotencyKey")
    return await model.get(pk=record.result_id)


KEY_RETENTION_HOURS = 24


async def purge_expired(now: dt.datetime | None = None,
                        retention: dt.timedelta = dt.timedelta(hours=KEY_RETENTION_HOURS)) -> int:
    """Keys are honoured for a day (like Stripe's); older records only take space."""
    cutoff = (now or dt.datetime.now(dt.UTC)) - retention
    return await IdempotencyRecord.filter(created_at__lt=cutoff).delete()
