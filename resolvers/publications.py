from __future__ import annotations

import datetime as dt
from typing import Any

from domain.idempotency.service import create_once
from domain.intelligence import gating
from domain.optimization import scheduling
from domain.pagination import Page
from domain.publications import flows, service
from domain.publications import read as reads
from domain.publications.models import Priority, Publication, PublicationStatus
from domain.realtime.announce import announce_progress
from resolvers.context import RequestContext
from resolvers.listing import page_of
from resolvers.permissions import Ability, require
from resolvers.quality import check_environment

ORDER_FIELDS = {"CREATED_AT": "created_at", "UPDATED_AT": "updated_at", "ID": "id"}


async def list_publications(context: RequestContext, *, first: int, after: str | None,
                            status: PublicationStatus | None, priority: Priority | None,
                            topic_id: int | None, search: str | None, order_by: str,
                            descending: bool) -> Page[Publication]:
    require(context, Ability.READ)
    query = service.publications_query(status=status, priority=priority, topic_id=topic_id,
                                       search=search)
    return await page_of(query, first=first, after=after, order_field=ORDER_FIELDS[order_by],
                         descending=descending)


async def page_relations(publication_ids: list[int], wanted: set[str]) -> dict[str, Any]:
    """Relations of a page of publications, fetched up front for the fields selected."""
    loaders = {"topics": reads.topics_by_publication,
               "channels": reads.channels_by_publication,
               "deliveryCounts": reads.delivery_counts_by_publication}
    return {name: await loaders[name](publication_ids) for name in wanted if name in loaders}


async def create_publication(context: RequestContext, *, idempotency_key: str | None,
                             **fields: Any) -> Publication:
    actor = require(context, Ability.EDIT_CONTENT)
    return await create_once(actor, "createPublication", idempotency_key, fields, Publication,
                             lambda: flows.create_publication(actor, context.queue, **fields))


async def update_publication(context: RequestContext, publication_id: int, **fields: Any
                             ) -> Publication:
    actor = require(context, Ability.EDIT_CONTENT)
    return await flows.update_publication(actor, context.queue, publication_id, **fields)


async def _announce(context: RequestContext, publication: Publication) -> Publication:
    """Dashboards subscribed to this publication (in any API process) see the change."""
    if (publisher := context.event_publisher()) is not None:
        await announce_progress(publisher, [publication.id])
    return publication


async def submit(context: RequestContext, publication_id: int) -> Publication:
    """Through the quality gate: blocking checks keep it in draft (BAD_USER_INPUT); then
    the content is analyzed (a worker job)."""
    publication = await gating.submit(require(context, Ability.EDIT_CONTENT), publication_id,
                                      check_environment(context))
    await flows.after_submit(context.queue, publication)  # content intelligence
    return await _announce(context, publication)


async def approve(context: RequestContext, publication_id: int, note: str | None
                  ) -> Publication:
    return await _announce(context, await service.approve(
        require(context, Ability.REVIEW), publication_id, note))


async def reject(context: RequestContext, publication_id: int, note: str) -> Publication:
    return await _announce(context, await service.reject(
        require(context, Ability.REVIEW), publication_id, note))


async def schedule(context: RequestContext, publication_id: int, at: dt.datetime | None,
                   *, optimal: bool = False, window_hours: int | None = None) -> Publication:
    """At a fixed time, or (optimal) at each reader's best time in a window."""
    publication = await scheduling.schedule_publication(
        require(context, Ability.EDIT_CONTENT), publication_id, at=at, optimal=optimal,
        window=dt.timedelta(hours=window_hours) if window_hours is not None else None)
    if context.queue is not None:
        await context.queue.start_publication(publication.id, publication.publish_at)
    return await _announce(context, publication)


async def publish_now(context: RequestContext, publication_id: int) -> Publication:
    publication = await service.publish_now(require(context, Ability.EDIT_CONTENT),
                                            publication_id)
    if context.queue is not None:
        await context.queue.start_publication(publication.id)
    return await _announce(context, publication)


async def cancel(context: RequestContext, publication_id: int) -> Publication:
    return await _announce(context, await service.cancel(
        require(context, Ability.EDIT_CONTENT), publication_id))
