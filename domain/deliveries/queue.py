"""What the domain needs from a job queue, without knowing which one (arq, in workers/)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class QueueDepth:
    queue: str
    ready: int
    deferred: int
    in_progress: int


class DeliveryQueue(Protocol):
    async def start_publication(self, publication_id: int,
                                at: dt.datetime | None = None) -> None:
        """Run the publication start job now, or at `at`."""

    async def start_alert(self, publication_id: int) -> None:
        """Run the start job for an alert on the alerts queue, now."""

    async def kick_senders(self) -> None:
        """Make sure sender jobs are running (they stop by themselves when idle)."""

    async def depths(self) -> list[QueueDepth]:
        """Jobs waiting now, waiting for a later time, and running, per queue."""
