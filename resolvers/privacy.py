"""Privacy requests: admins only, since both read or remove everything about a person."""

from __future__ import annotations

from typing import Any

from domain.privacy import erasure, export
from resolvers.context import RequestContext
from resolvers.permissions import Ability, require


async def export_subscriber_data(context: RequestContext, subscriber_id: int
                                 ) -> dict[str, Any]:
    actor = require(context, Ability.MANAGE)
    return await export.subscriber_data(actor, subscriber_id)


async def erase_subscriber(context: RequestContext, subscriber_id: int
                           ) -> erasure.ErasureReport:
    actor = require(context, Ability.MANAGE)
    return await erasure.erase_subscriber(actor, subscriber_id)
