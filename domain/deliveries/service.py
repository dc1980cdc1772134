"""Reading the delivery ledger (writing it is the delivery engine's job)."""

from __future__ import annotations

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
    from tortoise.functions import Count

    rows = await Delivery.all().annotate(total=Count("id")).group_by("status").values_list(
        "status", "total")
    return {DeliveryStatus(status): total for status, total in rows}
