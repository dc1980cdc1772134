from __future__ import annotations

from domain.pagination import Page
from domain.principals import service
from domain.principals.models import Principal, Role
from resolvers.context import RequestContext
from resolvers.listing import page_of
from resolvers.permissions import Ability, require


async def list_principals(context: RequestContext, *, first: int, after: str | None
                          ) -> Page[Principal]:
    require(context, Ability.MANAGE)
    return await page_of(Principal.all(), first=first, after=after, descending=False)


async def create_principal(context: RequestContext, *, name: str, role: Role,
                           display_name: str) -> Principal:
    actor = require(context, Ability.MANAGE)
    principal = await service.create_principal(actor, name=name, role=role,
                                               display_name=display_name)
    # tokens of this subject used the token's role while it had no row
    await context.principal_changed(principal.name)
    return principal


async def update_principal(context: RequestContext, principal_id: int, *, role: Role | None,
                           is_active: bool | None, display_name: str | None) -> Principal:
    actor = require(context, Ability.MANAGE)
    principal = await service.update_principal(actor, principal_id, role=role,
                                               is_active=is_active, display_name=display_name)
    await context.principal_changed(principal.name)
    return principal


async def revoke_tokens(context: RequestContext, principal_id: int) -> Principal:
    actor = require(context, Ability.MANAGE)
    principal = await service.revoke_tokens(actor, principal_id)
    await context.principal_changed(principal.name)
    return principal


async def archive_principal(context: RequestContext, principal_id: int) -> Principal:
    actor = require(context, Ability.MANAGE)
    principal = await service.archive_principal(actor, principal_id)
    await context.principal_changed(principal.name)
    return principal
