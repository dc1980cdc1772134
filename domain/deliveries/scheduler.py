"""Starting due publications, the sweep that catches what fell through, and telling
dashboards about progress.

Nothing here sends: the sweep reports what it found, and the worker decides whether
sender jobs need kicking or replacing (that depends on the job queue, not the domain).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

from domain.alerts import service as alerts
from domain.alerts.models import Alert
from domain.deliveries import audience, ledger
from domain.deliveries.models import Lane
from domain.deliveries.stats import DeliveryStats
from domain.experiments.scheduled import decide_due_experiments
from domain.publications.models import Priority, Publication, PublicationStatus
from domain.realtime.announce import announce_alerts, announce_metrics, announce_progress
from domain.realtime.events import EventPublisher

logger = logging.getLogger(__name__)

START_TOLERANCE = dt.timedelta(seconds=2)
#: dashboards get a publication's progress at most this often from one worker
PROGRESS_INTERVAL = 0.25
#: Rows due this long and still unclaimed: the pumps are all busy, or were lost with a
#: worker (the worker checks which before replacing them).
OVERDUE_SECONDS = 3.0


@dataclass(frozen=True, slots=True)
class SweepReport:
    requeued: int
    started: list[int]
    completed: list[int]
    due_work: bool
    #: due rows that no pump has claimed for OVERDUE_SECONDS
    overdue: bool = False


class Scheduler:
    def __init__(self, events: EventPublisher, stats: DeliveryStats, lane: Lane) -> None:
        self.events = events
        self.stats = stats
        self.lane = lane
        self._announced: dict[int, float] = {}

    async def start_publication(self, publication_id: int) -> bool:
        """Move a due scheduled publication to publishing and resolve its audience.
        Safe to call any number of times; returns whether there is sending to do."""
        now = dt.datetime.now(dt.UTC)
        await Publication.filter(
            id=publication_id, status=PublicationStatus.SCHEDULED,
            publish_at__lte=now + START_TOLERANCE,
        ).update(status=PublicationStatus.PUBLISHING, updated_at=now)
        publication = await Publication.get_or_none(id=publication_id)
        if publication is None or publication.status != PublicationStatus.PUBLISHING:
            return False
        result = await audience.resolve_audience(publication_id)
        if not result.already_resolved:
            logger.info("publication %s: %d deliveries written", publication_id,
                        result.created)
        if self.lane is Lane.ALERT and result.created:
            # An alert's first batch goes out right after this (the start job sends it),
            # and that batch completes and announces it: six queries saved on the path
            # whose latency is the product's promise.
            return True
        await ledger.complete_publications([publication_id])
        await self.announce({publication_id}, force=True)
        return True

    async def due_scheduled_publications(self) -> list[int]:
        """Due publications of this engine's lane (normal priority: bulk; high and
        critical: alerts)."""
        now = dt.datetime.now(dt.UTC)
        if self.lane is Lane.BULK:
            lane_filter = {"priority": Priority.NORMAL}
        else:
            lane_filter = {"priority__in": [Priority.HIGH, Priority.CRITICAL]}
        scheduled = await Publication.filter(
            status=PublicationStatus.SCHEDULED, publish_at__lte=now, **lane_filter
        ).values_list("id", flat=True)
        unresolved = await Publication.filter(
            status=PublicationStatus.PUBLISHING, audience_resolved_at__isnull=True,
            **lane_filter).values_list("id", flat=True)
        return sorted({*scheduled, *unresolved})

    async def sweep(self) -> SweepReport:
        """The safety net: lost leases, missed schedules, unfinished publications."""
        requeued = await ledger.requeue_expired_leases()
        started = [publication_id for publication_id in await self.due_scheduled_publications()
                   if await self.start_publication(publication_id)]
        if self.lane is Lane.BULK:  # test-then-send decisions release held deliveries
            await decide_due_experiments()
        completed = await ledger.complete_publications()
        due_work = await ledger.has_due_work(self.lane.value)
        overdue = due_work and await ledger.overdue(OVERDUE_SECONDS, self.lane.value)
        if completed:
            await self.announce(set(completed), force=True)
        if self.lane is Lane.ALERT:
            await announce_alerts(self.events, await alerts.open_alerts())
        else:
            await announce_metrics(self.events, self.stats)
        return SweepReport(requeued, started, completed, due_work, overdue)

    async def after_batch(self, publication_ids: set[int]) -> None:
        completed = await ledger.complete_publications(publication_ids)
        await self.announce(publication_ids, force=bool(completed))

    async def announce(self, publication_ids: set[int], force: bool = False) -> None:
        """Publish progress (at most every PROGRESS_INTERVAL per publication, unless
        forced) and, on the alerts lane, each touched alert's per-channel state."""
        now = time.monotonic()
        due = {publication_id for publication_id in publication_ids
               if force or now - self._announced.get(publication_id, 0) >= PROGRESS_INTERVAL}
        if due:
            for progress in await announce_progress(self.events, due):
                self._announced[progress.publication_id] = now
                if progress.status is not PublicationStatus.PUBLISHING:
                    self._announced.pop(progress.publication_id, None)
        if self.lane is Lane.ALERT:
            await announce_alerts(self.events,
                                  await Alert.filter(publication_id__in=publication_ids))
