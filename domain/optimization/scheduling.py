"""Scheduling a publication at a fixed time or at each reader's best time in a window.

`sendAt: OPTIMAL` schedules the publication at the window's start and stores a
`SendTimePlan`; when the publication starts, audience resolution asks
`sendtime.plan_deliveries` for each delivery's due time. Scheduling at a fixed time
again drops the plan. Both happen in one transaction with the lifecycle step, so a
refused step leaves no plan behind.
"""

from __future__ import annotations

import datetime as dt

from tortoise.transactions import in_transaction

from domain.errors import InvalidInput
from domain.flags.book import FLAGS
from domain.optimization import sendtime
from domain.optimization.models import SendTimePlan
from domain.principals.actor import Actor
from domain.publications import service
from domain.publications.models import Priority, Publication

DEFAULT_WINDOW = dt.timedelta(hours=24)


async def schedule_publication(actor: Actor, publication_id: int, *,
                               at: dt.datetime | None, optimal: bool = False,
                               window: dt.timedelta | None = None) -> Publication:
    """Fixed: `at` is required. Optimal: the window is [at or now, + window)."""
    if not optimal:
        if at is None:
            raise InvalidInput("at is required unless sendAt is OPTIMAL", field="at")
        if window is not None:
            raise InvalidInput("windowHours applies to sendAt: OPTIMAL only",
                               field="windowHours")
        async with in_transaction():
            publication = await service.schedule(actor, publication_id, at)
            await SendTimePlan.filter(publication_id=publication_id).delete()
        return publication
    publication = await service.get_publication(publication_id)
    if publication.priority is not Priority.NORMAL:
        raise InvalidInput("high and critical publications go out at once on the alerts "
                           "lane; sendAt: OPTIMAL is for normal ones", field="sendAt")
    if not (await FLAGS.state(sendtime.FLAG)).enabled:
        raise InvalidInput(f"send-time optimization is off (feature flag {sendtime.FLAG})",
                           field="sendAt")
    start = at or dt.datetime.now(dt.UTC)
    end = start + (window if window is not None else DEFAULT_WINDOW)
    sendtime.check_window(start, end)
    async with in_transaction():
        publication = await service.schedule(actor, publication_id, start)
        await SendTimePlan.filter(publication_id=publication_id).delete()
        await SendTimePlan.create(publication_id=publication_id, window_start=start,
                                  window_end=end)
    return publication


async def plan_of(publication_id: int) -> SendTimePlan | None:
    return await SendTimePlan.get_or_none(publication_id=publication_id)
