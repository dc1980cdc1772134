"""Quality gate, policies, review queue and quality metrics: parse, check the role, call
domain.intelligence, announce."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from domain.channels.ssrf import TargetResolver
from domain.intelligence import gating, metrics, policy
from domain.intelligence.checks.runner import CheckEnvironment
from domain.intelligence.quality_models import CheckRun, QualityPolicy
from domain.intelligence.review import review_queue_query
from domain.pagination import Page
from domain.publications.models import Priority, Publication
from domain.realtime.announce import announce_progress
from resolvers.context import RequestContext
from resolvers.listing import page_of
from resolvers.permissions import Ability, require


def check_environment(context: RequestContext) -> CheckEnvironment:
    """Link checks go through this process's SSRF guard (ALLOW_PRIVATE_TARGETS)."""
    return CheckEnvironment(context.resolver or TargetResolver(allow_private=False))


async def _announce(context: RequestContext, publication: Publication) -> Publication:
    if (publisher := context.event_publisher()) is not None:
        await announce_progress(publisher, [publication.id])
    return publication


async def override_checks(context: RequestContext, publication_id: int, note: str
                          ) -> Publication:
    actor = require(context, Ability.REVIEW)
    return await _announce(context, await gating.override(
        actor, publication_id, note, check_environment(context)))


async def policies(context: RequestContext) -> list[QualityPolicy]:
    require(context, Ability.READ)
    return await policy.policies_query()


async def set_policy(context: RequestContext, *, topic_id: int | None,
                     priority: Priority | None, min_score: float | None,
                     rules: Sequence[tuple[str, str]]) -> QualityPolicy:
    actor = require(context, Ability.MANAGE)
    return await policy.set_policy(actor, topic_id=topic_id, priority=priority,
                                   min_score=min_score, rules=rules)


async def delete_policy(context: RequestContext, policy_id: int) -> int:
    return await policy.delete_policy(require(context, Ability.MANAGE), policy_id)


async def review_queue(context: RequestContext, *, first: int, after: str | None,
                       topic_id: int | None, author_id: int | None,
                       priority: Priority | None, min_age: dt.timedelta | None
                       ) -> Page[Publication]:
    require(context, Ability.READ)
    query = review_queue_query(topic_id=topic_id, author_id=author_id, priority=priority,
                               min_age=min_age)
    return await page_of(query, first=first, after=after, order_field="submitted_at",
                         descending=False)


async def quality_metrics(context: RequestContext, period: metrics.Period,
                          start: dt.datetime, end: dt.datetime) -> metrics.QualityReport:
    require(context, Ability.READ)
    return await metrics.quality_metrics(period, start, end)


async def latest_runs(publication_ids: Sequence[int]) -> dict[int, CheckRun]:
    return await gating.latest_runs(publication_ids)
