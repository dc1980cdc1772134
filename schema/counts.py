"""Counts of deliveries by status, shared by publications and the delivery stats."""

from __future__ import annotations

import strawberry

from domain.deliveries.models import DeliveryStatus as DomainDeliveryStatus


@strawberry.type
class DeliveryCounts:
    pending: int
    queued: int
    sending: int
    sent: int
    delivered: int
    failed: int
    dead: int
    suppressed: int
    skipped: int
    held: int = strawberry.field(
        description="Waiting for an experiment's decision (test-then-send).")
    total: int

    @classmethod
    def from_counts(cls, counts: dict[DomainDeliveryStatus, int]) -> DeliveryCounts:
        values = {status.value: counts.get(status, 0) for status in DomainDeliveryStatus}
        return cls(**values, total=sum(values.values()))
