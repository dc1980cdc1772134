"""Matching strategies and explanations: permission checks, then the domain."""

from __future__ import annotations

from domain.matching import learning, strategies
from domain.matching.explain import MatchExplanation, explain_match
from domain.matching.models import MatchingStrategy, StrategyMode
from resolvers.context import RequestContext
from resolvers.permissions import Ability, require


async def list_strategies(context: RequestContext, name: str | None
                          ) -> list[MatchingStrategy]:
    require(context, Ability.READ)
    return await strategies.list_strategies(name)


async def explain(context: RequestContext, publication_id: int, subscriber_id: int
                  ) -> MatchExplanation:
    require(context, Ability.READ)
    return await explain_match(publication_id, subscriber_id)


async def create_strategy(context: RequestContext, *, name: str, weights: strategies.Weights,
                          bias: float, threshold: float, mode: StrategyMode
                          ) -> MatchingStrategy:
    actor = require(context, Ability.MANAGE)
    return await strategies.create_strategy(actor, name=name, weights=weights, bias=bias,
                                            threshold=threshold, mode=mode)


async def train(context: RequestContext, name: str) -> str:
    actor = require(context, Ability.MANAGE)
    # the API's job queue (workers.queue.ArqDeliveryQueue) also queues training
    return await learning.request_training(actor, context.queue, name)  # type: ignore[arg-type]


async def promote(context: RequestContext, strategy_id: int) -> MatchingStrategy:
    return await strategies.promote_strategy(require(context, Ability.MANAGE), strategy_id)
