"""eraseSubscriber: remove a person's personal data everywhere, keep the numbers.

What goes, in one transaction:
* the subscriber row, and with it (foreign keys) their preferences, interest profile
  (topic affinities, channel responsiveness, active hours) and experiment assignments;
* engagement events that were theirs: linked to them or to their deliveries, and
  unlinked events (subscriber and delivery unknown) whose metadata quotes the address;
* tracked links whose URL carries the address (plain or URL-encoded);
* development-outbox messages addressed to them or whose stored message contains the
  address;
* idempotency records of the createSubscriber call that made them;
* personal details of audit entries: entries about them keep action, actor and time,
  with empty details; any other entry whose details quote the address likewise;
* import errors (`import_job.errors` items) that quote the address.

What stays, anonymous: their ledger rows (recipient `erased`, no subscriber, no error
texts or provider message id; rows not handed over yet become `skipped`, "subscriber
erased"), so per-status counts stay right; the metric rollups and experiment tallies,
which never held personal data and are not touched (dashboard totals do not move).

And one thing is added: a hashed suppression entry (domain.engagement.suppression),
replacing a plain one if the address was suppressed already (its reason is kept), so
the address is never mailed again, whoever brings it back (createSubscriber,
updateSubscriber, imports, the sender's check).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from tortoise.transactions import in_transaction

from domain.audience.service import get_subscriber
from domain.engagement.suppression import ERASURE_REASON, address_hash
from domain.principals.actor import Actor
from domain.principals.service import audit

#: what an erased ledger row says instead of the address
ERASED = "erased"


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """Counts only: the report and its audit entry say nothing about the person."""

    deliveries_anonymized: int
    deliveries_skipped: int
    events_deleted: int
    tracked_links_deleted: int
    outbox_messages_deleted: int
    audit_entries_scrubbed: int
    import_jobs_scrubbed: int
    suppressed: bool


_DELIVERIES = """
SELECT id, status FROM delivery
WHERE subscriber_id = $1 OR ($2 <> '' AND lower(recipient) = $2)
   OR ($3::varchar IS NOT NULL AND subscriber_id IS NULL AND recipient = $3)
"""

#: ledger rows not handed over yet: they will not be
UNSENT = ("pending", "queued", "held")

# Error texts stay for troubleshooting unless they quote the address.
_ANONYMIZE = """
UPDATE delivery
SET recipient = $2, subscriber_id = NULL, provider_message_id = NULL,
    status = CASE WHEN status = ANY($4::varchar[]) THEN 'skipped' ELSE status END,
    next_attempt_at = CASE WHEN status = ANY($4::varchar[]) THEN NULL
                           ELSE next_attempt_at END,
    last_error = CASE WHEN status = ANY($4::varchar[]) THEN 'subscriber erased'
                      WHEN $3 <> '' AND strpos(lower(last_error), $3) > 0 THEN NULL
                      ELSE last_error END,
    error_history = CASE WHEN $3 <> '' AND strpos(lower(error_history::text), $3) > 0
                         THEN '[]'::jsonb ELSE error_history END,
    updated_at = now()
WHERE id = ANY($1::bigint[])
"""

_EVENTS = """
DELETE FROM engagement_event
WHERE subscriber_id = $1 OR delivery_id = ANY($2::bigint[])
   OR ($3 <> '' AND subscriber_id IS NULL AND delivery_id IS NULL
       AND strpos(lower(metadata::text), $3) > 0)
"""

_LINKS = """
DELETE FROM tracked_link
WHERE strpos(lower(url), $1) > 0 OR strpos(lower(url), $2) > 0
"""

# addressed to them, or the stored bytes carry the address as stored or lower-cased
_OUTBOX = """
DELETE FROM outbox_message
WHERE strpos(lower(recipients), $1) > 0
   OR position(convert_to($1, 'UTF8') IN mime) > 0
   OR position(convert_to($2, 'UTF8') IN mime) > 0
"""

_AUDIT = """
UPDATE audit_log SET details = '{}'::jsonb
WHERE details <> '{}'::jsonb
  AND ((target_type = 'subscriber' AND target_id = $1)
       OR ($2 <> '' AND strpos(lower(details::text), $2) > 0))
"""

_IMPORTS = """
UPDATE import_job SET errors = COALESCE((
    SELECT jsonb_agg(e.value ORDER BY e.ordinality)
    FROM jsonb_array_elements(errors) WITH ORDINALITY e
    WHERE strpos(lower(e.value::text), $1) = 0), '[]'::jsonb)
WHERE strpos(lower(errors::text), $1) > 0
"""

_SUPPRESS = """
WITH plain AS (DELETE FROM suppressed_address WHERE email = $1 RETURNING reason)
INSERT INTO suppressed_address (email, reason, detail, created_at)
SELECT $2, COALESCE((SELECT reason FROM plain), $3), '{}'::jsonb, now()
ON CONFLICT (email) DO NOTHING
"""

_IDEMPOTENCY = """
DELETE FROM idempotency_record WHERE operation = 'createSubscriber' AND result_id = $1
"""


async def erase_subscriber(actor: Actor, subscriber_id: int) -> ErasureReport:
    """Erase one subscriber (NotFound when there is none; a repeat is NotFound too)."""
    subscriber = await get_subscriber(subscriber_id)
    email = (subscriber.email or "").lower()
    encoded = email.replace("@", "%40")
    async with in_transaction() as connection:
        rows = await connection.execute_query_dict(
            _DELIVERIES, [subscriber.id, email, subscriber.external_id])
        ids = [row["id"] for row in rows]
        skipped = sum(1 for row in rows if row["status"] in UNSENT)
        anonymized, _ = await connection.execute_query(
            _ANONYMIZE, [ids, ERASED, email, list(UNSENT)])
        events, _ = await connection.execute_query(_EVENTS, [subscriber.id, ids, email])
        links = outbox = imports = 0
        if email:
            links, _ = await connection.execute_query(_LINKS, [email, encoded])
            outbox, _ = await connection.execute_query(_OUTBOX, [email, subscriber.email])
            imports, _ = await connection.execute_query(_IMPORTS, [email])
            await connection.execute_query(
                _SUPPRESS, [email, address_hash(email), ERASURE_REASON])
        audits, _ = await connection.execute_query(_AUDIT, [str(subscriber.id), email])
        await connection.execute_query(_IDEMPOTENCY, [subscriber.id])
        await subscriber.delete(using_db=connection)
    report = ErasureReport(
        deliveries_anonymized=anonymized, deliveries_skipped=skipped, events_deleted=events,
        tracked_links_deleted=links, outbox_messages_deleted=outbox,
        audit_entries_scrubbed=audits, import_jobs_scrubbed=imports, suppressed=bool(email))
    await audit(actor, "subscriber.erase", "subscriber", subscriber_id, _details(report))
    return report


def _details(report: ErasureReport) -> dict[str, Any]:
    return asdict(report)
