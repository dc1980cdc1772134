"""Telling dashboards that something changed: read the current state, publish it.

Used by the API after a lifecycle change and by workers after sending, so both publish
exactly the same event shapes.
"""

from __future__ import annotations

from collections.abc import Iterable

from domain.alerts import service as alerts
from domain.alerts.models import Alert
from domain.realtime.events import EventPublisher, alert_channel, publication_channel
from domain.realtime.snapshots import Progress, progress_of


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
