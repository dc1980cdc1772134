from __future__ import annotations

from domain.deliveries import service
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.pagination import Page
from resolvers.context import RequestContext
from resolvers.listing import page_of
from resolvers.permissions import Ability, require


async def list_deliveries(context: RequestContext, *, first: int, after: str | None,
                          publication_id: int | None, status: DeliveryStatus | None,
                          channel_id: int | None) -> Page[Delivery]:
    require(context, Ability.READ)
    query = service.deliveries_query(publication_id=publication_id, status=status,
                                     channel_id=channel_id)
    return await page_of(query, first=first, after=after)
