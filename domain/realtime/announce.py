"""Telling dashboards that something changed: read the current state, publish it.

Used by the API after a lifecycle change and by workers after sending, so both publish
exactly the same event shapes.
"""

from __future__ import annotations

from collections.abc import Iterable

from domain.alerts import service as alerts
from domain.alerts.models import Alert
from domain.deliveries.stats import DeliveryStats
from domain.realtime.events import (
    METRICS_CHANNEL,
    EventPublisher,
    alert_channel,
    publication_channel,
)
from domain.realtime.snapshots import MetricsTick, Progress, metrics_tick, progress_of
from domain.realtime.watching import METRICS_WATCHED_KEY, is_watched


async def announce_progress(publisher: EventPublisher, publication_ids: Iterable[int]
                            ) -> list[Progress]:
    found = await progress_of(sorted(set(publication_ids)))
    for progress in found:
        await publisher.publish(publication_channel(progress.publication_id),
                                progress.to_event())
    return found


async def announce_alerts(publisher: EventPublisher, open_alerts: Iterable[Alert]) -> None:
    for alert in open_alerts:
        state = await alerts.refresh_state(alert)
        await publisher.publish(alert_channel(alert.id), state.to_event())


async def announce_metrics(publisher: EventPublisher, stats: DeliveryStats
                           ) -> MetricsTick | None:
    """The dashboard tick (deliveries, sends, errors, last-24h engagement) to every
    metricsUpdated subscriber: from the sweep, and after engagement events are written.
    Not even built while no API process has a subscriber (domain.realtime.watching):
    returns None then."""
    if not await is_watched(publisher.redis, METRICS_WATCHED_KEY):
        return None
    tick = await metrics_tick(await stats.snapshot())
    await publisher.publish(METRICS_CHANNEL, tick.to_event())
    return tick
