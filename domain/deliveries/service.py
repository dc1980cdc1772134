"""Reading the delivery ledger (writing it is the delivery engine's job)."""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.queryset import QuerySet

from domain.deliveries.models import Delivery, DeliveryStatus


def deliveries_query(*, publication_id: int | None = None, status: DeliveryStatus | None = None,
                     channel_id: int | None = None) -> QuerySet[Delivery]:
    query = Delivery.all()
    if publication_id is not None:
        query = query.filter(publication_id=publication_id)
    if status is not None:
        query = query.filter(status=status)
    if channel_id is not None:
        query = query.filter(channel_id=channel_id)
    return query


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
