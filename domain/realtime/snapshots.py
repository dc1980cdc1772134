"""The state a live dashboard shows, read fresh (at subscribe time and after a gap) or
carried inside events (so fan-out needs no database round trip per subscriber)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from domain.deliveries.models import DeliveryStatus
from domain.deliveries.service import status_counts
from domain.engagement.metrics import MetricsFilter, metrics
from domain.engagement.models import Granularity
from domain.errors import NotFound
from domain.publications.models import Publication, PublicationStatus
from domain.publications.read import delivery_counts_by_publication


@dataclass(frozen=True, slots=True)
class Progress:
    publication_id: int
    status: PublicationStatus
    counts: dict[DeliveryStatus, int]
    at: dt.datetime

    def to_event(self) -> dict[str, Any]:
        return {"kind": "progress", "publication_id": self.publication_id,
                "status": self.status.value, "at": self.at.isoformat(),
                "counts": {status.value: count for status, count in self.counts.items()}}

    @classmethod
    def from_event(cls, payload: dict[str, Any]) -> Progress:
        return cls(publication_id=int(payload["publication_id"]),
                   status=PublicationStatus(payload["status"]),
                   counts={DeliveryStatus(k): int(v) for k, v in payload["counts"].items()},
                   at=dt.datetime.fromisoformat(payload["at"]))


async def progress_of(publication_ids: list[int]) -> list[Progress]:
    now = dt.datetime.now(dt.UTC)
    statuses = dict(await Publication.filter(id__in=publication_ids).values_list("id",
                                                                                 "status"))
    counts = await delivery_counts_by_publication(publication_ids)
    return [Progress(publication_id, PublicationStatus(statuses[publication_id]),
                     counts.get(publication_id, {}), now)
            for publication_id in publication_ids if publication_id in statuses]


async def progress(publication_id: int) -> Progress:
    found = await progress_of([publication_id])
    if not found:
        raise NotFound("publication not found", field="id")
    return found[0]


@dataclass(frozen=True, slots=True)
class MetricsTick:
    at: dt.datetime
    deliveries: dict[str, int]
    sent_by_channel_type: dict[str, int]
    errors_by_class: dict[str, int]
    #: engagement counters of the last 24 hours (hourly rollups): opens, clicks, …
    engagement: dict[str, int] = field(default_factory=dict)

    def to_event(self) -> dict[str, Any]:
        payload = asdict(self)
        payload["at"] = self.at.isoformat()
        payload["kind"] = "metrics"
        return payload

    @classmethod
    def from_event(cls, payload: dict[str, Any]) -> MetricsTick:
        return cls(at=dt.datetime.fromisoformat(payload["at"]),
                   deliveries=payload["deliveries"],
                   sent_by_channel_type=payload["sent_by_channel_type"],
                   errors_by_class=payload["errors_by_class"],
                   engagement=payload.get("engagement") or {})


async def metrics_tick(stats_snapshot: Any) -> MetricsTick:
    counts = await status_counts()
    return MetricsTick(at=dt.datetime.now(dt.UTC),
                       deliveries={status.value: counts.get(status, 0)
                                   for status in DeliveryStatus},
                       sent_by_channel_type=dict(stats_snapshot.sent),
                       errors_by_class=dict(stats_snapshot.errors),
                       engagement=await engagement_last_day())


async def engagement_last_day() -> dict[str, int]:
    """One read of at most 25 hourly rollup rows per publication and channel."""
    now = dt.datetime.now(dt.UTC)
    report = await metrics(MetricsFilter(now - dt.timedelta(hours=24),
                                         now + dt.timedelta(hours=1), Granularity.HOUR))
    return report.totals
