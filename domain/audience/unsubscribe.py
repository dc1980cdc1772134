"""A recipient withdrawing consent through the link in a message (RFC 8058 one-click,
the confirmation page, a mailto handler later).

Unlike the admin mutation in `domain.audience.service`, nobody is logged in here: the
caller has already verified a signed token, and this module only changes state. It is
safe to call any number of times and from concurrent requests (mail providers retry, and
people click twice): the status change is a single guarded UPDATE, so exactly one call
wins and every other call reports `ALREADY_UNSUBSCRIBED`.

Bounced and complained subscribers keep their status (it says more than "unsubscribed"
does, and it is what suppression reporting reads), but whatever is still waiting to be
sent to them is skipped all the same: they asked us to stop.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from tortoise import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from domain.deliveries import ledger
from domain.engagement.models import EventType
from domain.engagement.recorder import EngagementInput, record_events
from domain.principals.actor import SYSTEM
from domain.principals.service import audit

SKIP_REASON = "subscriber unsubscribed"
MAX_SOURCE_LENGTH = 40

# Only the row of an active subscriber changes; the guard makes concurrent calls safe.
_WITHDRAW = """
UPDATE subscriber SET status = 'unsubscribed', consent_withdrawn_at = now(), updated_at = now()
WHERE id = $1 AND status = 'active'
RETURNING id
"""

# Same statuses as ledger.skip_pending: rows nobody has started sending. A row that is
# `sending` belongs to a worker's lease and is left to it.
_SKIP_WAITING = """
UPDATE delivery SET status = 'skipped', last_error = $2, next_attempt_at = NULL,
                    updated_at = now()
WHERE subscriber_id = $1 AND status IN ('pending', 'queued', 'held')
RETURNING publication_id
"""


class UnsubscribeOutcome(StrEnum):
    UNSUBSCRIBED = "unsubscribed"
    """Was active; now unsubscribed with consent withdrawn."""
    ALREADY_UNSUBSCRIBED = "already_unsubscribed"
    """An earlier call (or an admin) already did it."""
    NOT_ACTIVE = "not_active"
    """Bounced or complained: status left as it is."""
    UNKNOWN_SUBSCRIBER = "unknown_subscriber"
    """The subscriber was deleted after the message was sent."""


@dataclass(frozen=True, slots=True)
class UnsubscribeResult:
    outcome: UnsubscribeOutcome
    skipped_deliveries: int = 0

    @property
    def already_unsubscribed(self) -> bool:
        return self.outcome is UnsubscribeOutcome.ALREADY_UNSUBSCRIBED

    @property
    def changed(self) -> bool:
        """Whether this call changed anything (a repeated call normally does not)."""
        return self.outcome is UnsubscribeOutcome.UNSUBSCRIBED or self.skipped_deliveries > 0


async def unsubscribe(subscriber_id: int, delivery_id: int | None, source: str
                      ) -> UnsubscribeResult:
    """Withdraw `subscriber_id`'s consent and skip what still waits to be sent to them.

    `delivery_id` names the send whose link was used (None when unknown) and `source`
    how the request arrived (`one-click`, `confirmation-page`, …); both only go to the
    audit trail and the engagement record, they never widen or narrow the effect."""
    source = source[:MAX_SOURCE_LENGTH]
    async with in_transaction() as connection:
        outcome = await _withdraw_consent(connection, subscriber_id)
        if outcome is UnsubscribeOutcome.UNKNOWN_SUBSCRIBER:
            return UnsubscribeResult(outcome)
        publication_ids = await _skip_waiting_deliveries(connection, subscriber_id)
        result = UnsubscribeResult(outcome, len(publication_ids))
        if result.changed:
            await _audit(subscriber_id, delivery_id, source, result)
        if outcome is UnsubscribeOutcome.UNSUBSCRIBED:
            await record_unsubscribe_engagement(connection, subscriber_id, delivery_id, source)
    if publication_ids:
        # skipping the last waiting rows can finish a publication; say so now rather than
        # at the next sweep
        await ledger.complete_publications(set(publication_ids))
    return result


async def _withdraw_consent(connection: BaseDBAsyncClient, subscriber_id: int
                            ) -> UnsubscribeOutcome:
    rows = await connection.execute_query_dict(_WITHDRAW, [subscriber_id])
    if rows:
        return UnsubscribeOutcome.UNSUBSCRIBED
    current = await connection.execute_query_dict(
        "SELECT status FROM subscriber WHERE id = $1", [subscriber_id])
    if not current:
        return UnsubscribeOutcome.UNKNOWN_SUBSCRIBER
    if current[0]["status"] == "unsubscribed":
        return UnsubscribeOutcome.ALREADY_UNSUBSCRIBED
    return UnsubscribeOutcome.NOT_ACTIVE


async def _skip_waiting_deliveries(connection: BaseDBAsyncClient, subscriber_id: int
                                   ) -> list[int]:
    """Run on every call, not only the first: a publication whose audience was resolved
    concurrently with the first call may have added rows after it."""
    rows = await connection.execute_query_dict(_SKIP_WAITING, [subscriber_id, SKIP_REASON])
    return [row["publication_id"] for row in rows]


async def _audit(subscriber_id: int, delivery_id: int | None, source: str,
                 result: UnsubscribeResult) -> None:
    """The recipient is not a principal, so the system actor writes the entry; the
    target says who, the details say where the request came from."""
    await audit(SYSTEM, "subscriber.unsubscribe", "subscriber", subscriber_id,
                {"source": source, "delivery_id": delivery_id,
                 "outcome": result.outcome.value,
                 "skipped_deliveries": result.skipped_deliveries})


async def record_unsubscribe_engagement(connection: BaseDBAsyncClient, subscriber_id: int,
                                        delivery_id: int | None, source: str) -> None:
    """The `unsubscribe` engagement event, inside the same transaction as the status
    change so the two cannot disagree. Called once per subscriber, on the call that
    actually unsubscribed; attributed to the send the link came from when known."""
    publication_id = channel_id = None
    if delivery_id:
        rows = await connection.execute_query_dict(
            "SELECT publication_id, channel_id FROM delivery WHERE id = $1", [delivery_id])
        if rows:
            publication_id, channel_id = rows[0]["publication_id"], rows[0]["channel_id"]
        else:
            delivery_id = None
    await record_events([EngagementInput(
        EventType.UNSUBSCRIBE, dt.datetime.now(dt.UTC), delivery_id=delivery_id or None,
        publication_id=publication_id, channel_id=channel_id, subscriber_id=subscriber_id,
        metadata={"source": source})], connection)
