"""The dead letters: deliveries that used up their attempts (`dead`), grouped by error
class for an operator, replayed or discarded in bulk by filter, each bulk action audited.

Grouping reads only dead rows (the `(status, next_attempt_at)` index), so the view costs
what the dead letters are, not what the ledger is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tortoise import Tortoise
from tortoise.transactions import in_transaction

from domain.deliveries import ledger
from domain.deliveries.ledger import DeadFilter
from domain.errors import InvalidInput
from domain.principals.actor import Actor
from domain.principals.service import audit
from domain.validation import require_text


@dataclass(frozen=True, slots=True)
class DeadLetterGroup:
    #: None: deliveries that died before error classes were recorded
    error_class: str | None
    count: int
    first_seen: dt.datetime
    last_seen: dt.datetime
    #: the newest of the group's errors, and its delivery
    sample_error: str | None
    sample_delivery_id: int


def check_filter(where: DeadFilter) -> DeadFilter:
    """Bad filter values are bad input, named."""
    for value, name in ((where.died_after, "diedAfter"), (where.died_before, "diedBefore")):
        if value is not None and value.tzinfo is None:
            raise InvalidInput("times need a time zone", field=name)
    if where.died_after and where.died_before and where.died_before <= where.died_after:
        raise InvalidInput("diedBefore must be after diedAfter", field="diedBefore")
    if where.error_class is not None:
        require_text(where.error_class, "errorClass", max_length=32)
    return where


async def groups(where: DeadFilter) -> list[DeadLetterGroup]:
    """Dead deliveries per error class, the largest group first."""
    conditions, values = check_filter(where).where()
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT error_class, count(*) AS n, min(updated_at) AS first_seen, "
        "max(updated_at) AS last_seen, "
        "(array_agg(last_error ORDER BY updated_at DESC, id DESC))[1] AS sample_error, "
        "(array_agg(id ORDER BY updated_at DESC, id DESC))[1] AS sample_id "
        f"FROM delivery WHERE {conditions} GROUP BY error_class "
        "ORDER BY count(*) DESC, error_class NULLS LAST", values)
    return [DeadLetterGroup(row["error_class"], int(row["n"]), row["first_seen"],
                            row["last_seen"], row["sample_error"], int(row["sample_id"]))
            for row in rows]


def _details(where: DeadFilter) -> dict[str, object]:
    return {key: value.isoformat() if isinstance(value, dt.datetime) else value
            for key, value in (("publication_id", where.publication_id),
                               ("channel_id", where.channel_id),
                               ("error_class", where.error_class),
                               ("died_after", where.died_after),
                               ("died_before", where.died_before)) if value is not None}


async def replay(actor: Actor, where: DeadFilter, request_id: str | None = None) -> int:
    """Every dead delivery matching `where` gets a fresh set of attempts; audited in the
    same transaction. Returns how many were requeued (the caller kicks the senders)."""
    check_filter(where)
    async with in_transaction():
        requeued = await ledger.retry_dead(where=where)
        await audit(actor, "deliveries.replay", "delivery", "*",
                    {**_details(where), "requeued": requeued}, request_id)
    return requeued


async def discard(actor: Actor, where: DeadFilter, reason: str | None,
                  request_id: str | None = None) -> int:
    """Every dead delivery matching `where` becomes `failed` for good; audited in the same
    transaction. Returns how many were discarded."""
    check_filter(where)
    if reason is not None and len(reason) > 1000:
        raise InvalidInput("the reason is at most 1000 characters", field="reason")
    note = f"by {actor.name}" + (f": {reason.strip()}" if reason and reason.strip() else "")
    async with in_transaction():
        discarded = await ledger.discard_dead(where, note)
        await audit(actor, "deliveries.discard", "delivery", "*",
                    {**_details(where), "discarded": discarded, "reason": reason},
                    request_id)
    return discarded
