"""Reading the delivery ledger (writing it is the delivery engine's job)."""

from __future__ import annotations

import datetime as dt

from tortoise import Tortoise
from tortoise.queryset import QuerySet

from domain.deliveries.models import Delivery, DeliveryStatus
from domain.errors import InvalidInput, NotFound
from domain.validation import require_text


def deliveries_query(*, publication_id: int | None = None, status: DeliveryStatus | None = None,
                     channel_id: int | None = None, recipient: str | None = None,
                     error_class: str | None = None, created_after: dt.datetime | None = None,
                     created_before: dt.datetime | None = None,
                     subscriber_id: int | None = None) -> QuerySet[Delivery]:
    """The ledger filtered for troubleshooting. `recipient` is matched exactly (an
    email address case-insensitively as stored; the `recipient` index serves it), the
    time range is on `created_at` (inclusive from, exclusive to)."""
    query = Delivery.all()
    if publication_id is not None:
        query = query.filter(publication_id=publication_id)
    if status is not None:
        query = query.filter(status=status)
    if channel_id is not None:
        query = query.filter(channel_id=channel_id)
    if subscriber_id is not None:
        query = query.filter(subscriber_id=subscriber_id)
    if recipient is not None:
        recipient = require_text(recipient, "recipient", max_length=2000)
        query = query.filter(recipient__in=sorted({recipient, recipient.lower()}))
    if error_class is not None:
        query = query.filter(error_class=require_text(error_class, "errorClass",
                                                      max_length=32))
    for value, name in ((created_after, "createdAfter"), (created_before, "createdBefore")):
        if value is not None and value.tzinfo is None:
            raise InvalidInput("times need a time zone", field=name)
    if created_after is not None and created_before is not None \
            and created_before <= created_after:
        raise InvalidInput("createdBefore must be after createdAfter", field="createdBefore")
    if created_after is not None:
        query = query.filter(created_at__gte=created_after)
    if created_before is not None:
        query = query.filter(created_at__lt=created_before)
    return query


async def get_delivery(delivery_id: int) -> Delivery:
    delivery = await Delivery.get_or_none(id=delivery_id)
    if delivery is None:
        raise NotFound(f"delivery {delivery_id} not found")
    return delivery


async def status_counts() -> dict[DeliveryStatus, int]:
    """Deliveries per status across the whole ledger, from the change rows the
    `delivery` triggers keep (migration 8): a read of a few dozen rows at most, where a
    GROUP BY over every delivery grew with the ledger (the sweep's tick, every tracking
    flush, `deliveryStats` and each `/metrics` scrape ask). Statuses with none are left
    out, as the GROUP BY left them out."""
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT status, sum(delta)::bigint AS total FROM delivery_status_count "
        "GROUP BY status")
    return {DeliveryStatus(row["status"]): int(row["total"]) for row in rows if row["total"]}
