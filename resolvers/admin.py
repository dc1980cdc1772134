"""Admin reads and switches: feature flags and the audit log."""

from __future__ import annotations

from domain.flags import service as flags
from domain.flags.book import FLAGS, FLAGS_CHANNEL, FlagState
from domain.flags.models import FeatureFlag
from domain.pagination import Page
from domain.principals import audit_log
from domain.principals.models import AuditLogEntry
from resolvers.context import RequestContext
from resolvers.listing import page_of
from resolvers.permissions import Ability, require


def _announce(context: RequestContext) -> flags.Announce:
    async def announce() -> None:
        if (publisher := context.event_publisher()) is not None:
            await publisher.publish(FLAGS_CHANNEL, {})
    return announce


async def list_flags(context: RequestContext
                     ) -> list[tuple[FeatureFlag | None, str, FlagState]]:
    require(context, Ability.MANAGE)
    return [(flag, key, await FLAGS.state(key)) for flag, key in await flags.list_flags()]


async def set_flag(context: RequestContext, key: str, *, enabled: bool,
                   rollout_percent: float, description: str | None
                   ) -> tuple[FeatureFlag, FlagState]:
    actor = require(context, Ability.MANAGE)
    flag = await flags.set_flag(actor, key, enabled=enabled, rollout_percent=rollout_percent,
                                description=description, announce=_announce(context))
    return flag, await FLAGS.state(flag.key)


async def delete_flag(context: RequestContext, key: str) -> FlagState:
    actor = require(context, Ability.MANAGE)
    await flags.delete_flag(actor, key, announce=_announce(context))
    return await FLAGS.state(key)


async def flag_state(context: RequestContext, key: str
                     ) -> tuple[FeatureFlag | None, FlagState]:
    """The stored row (for its description and history) and the state this process
    acts on (its cached copy)."""
    require(context, Ability.READ)
    return await FeatureFlag.get_or_none(key=key), await FLAGS.state(key)


async def audit_entries(context: RequestContext, *, first: int, after: str | None,
                        filters: audit_log.AuditFilter) -> Page[AuditLogEntry]:
    require(context, Ability.MANAGE)
    return await page_of(audit_log.entries_query(filters), first=first, after=after)
