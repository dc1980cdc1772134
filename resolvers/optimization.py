"""Optimization: permission check, then the domain (send times, channels, performance,
recommendations)."""

from __future__ import annotations

from domain.errors import InvalidInput
from domain.optimization import scheduling, sendtime
from domain.optimization.models import SendTimePlan
from resolvers.context import RequestContext
from resolvers.permissions import Ability, require

MAX_ESTIMATES = 100


async def send_time_estimates(context: RequestContext, subscriber_ids: list[int]
                              ) -> list[sendtime.SendTimeEstimate]:
    require(context, Ability.READ)
    if not 1 <= len(subscriber_ids) <= MAX_ESTIMATES:
        raise InvalidInput(f"ask for 1 to {MAX_ESTIMATES} subscribers", field="subscriberIds")
    found = await sendtime.estimates(subscriber_ids)
    return [found[s] for s in dict.fromkeys(subscriber_ids) if s in found]


async def send_time_plan(context: RequestContext, publication_id: int
                         ) -> SendTimePlan | None:
    require(context, Ability.READ)
    return await scheduling.plan_of(publication_id)
