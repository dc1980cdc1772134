from __future__ import annotations

from typing import Any

from domain.channels import redaction, service
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.idempotency.service import create_once
from domain.pagination import Page
from resolvers.context import RequestContext
from resolvers.listing import page_of
from resolvers.permissions import Ability, allows, require


async def list_channels(context: RequestContext, *, first: int, after: str | None,
                        type: ChannelType | None, status: ChannelStatus | None
                        ) -> Page[Channel]:
    require(context, Ability.READ)
    query = service.channels_query(type=type, status=status)
    return await page_of(query, first=first, after=after, descending=False)


def channel_config(context: RequestContext, channel: Channel) -> dict[str, Any]:
    """The whole config for admins; for other roles without what may be a credential (a
    webhook URL's path and query values)."""
    if allows(context, Ability.MANAGE):
        return channel.config
    return redaction.public_config(channel.type, channel.config)


def shown_error(context: RequestContext, channel: Channel, error: str | None) -> str | None:
    """A recorded error as this caller may see it. Errors are scrubbed when recorded;
    this also covers texts recorded before that."""
    if error is None or allows(context, Ability.MANAGE):
        return error
    urls = [channel.config[key] for key in redaction.REDACTED_CONFIG_KEYS.get(channel.type, ())
            if isinstance(channel.config.get(key), str)]
    return redaction.scrub(error, urls)


def secret_names(context: RequestContext, channel: Channel) -> list[str]:
    return service.secret_names(context.secret_key, channel)


async def create_channel(context: RequestContext, *, idempotency_key: str | None,
                         **fields: Any) -> Channel:
    actor = require(context, Ability.MANAGE)
    # Secrets enter the fingerprint only as a digest inside create_once.
    return await create_once(
        actor, "createChannel", idempotency_key, fields, Channel,
        lambda: service.create_channel(actor, context.secret_key, resolver=context.resolver,
                                       endpoints=context.endpoints, **fields))


async def update_channel(context: RequestContext, channel_id: int, **fields: Any) -> Channel:
    actor = require(context, Ability.MANAGE)
    return await service.update_channel(actor, context.secret_key, channel_id,
                                        resolver=context.resolver, endpoints=context.endpoints,
                                        **fields)


async def delete_channel(context: RequestContext, channel_id: int) -> bool:
    """True when the channel was archived (it has history) rather than deleted."""
    actor = require(context, Ability.MANAGE)
    return await service.delete_channel(actor, channel_id)
