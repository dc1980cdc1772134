"""Who may do what. One table, so the authorization matrix is readable in one place."""

from __future__ import annotations

from enum import StrEnum

from domain.errors import PermissionDenied, Unauthenticated
from domain.principals.actor import Actor
from domain.principals.models import Role
from resolvers.context import RequestContext


class Ability(StrEnum):
    READ = "read"
    EDIT_CONTENT = "edit_content"
    REVIEW = "review"
    MANAGE = "manage"


ROLES_WITH: dict[Ability, frozenset[Role]] = {
    Ability.READ: frozenset(Role),
    Ability.EDIT_CONTENT: frozenset({Role.ADMIN, Role.EDITOR}),
    Ability.REVIEW: frozenset({Role.ADMIN, Role.REVIEWER}),
    Ability.MANAGE: frozenset({Role.ADMIN}),
}


def abilities_of(role: Role) -> list[Ability]:
    """What a role may do, in table order (a frontend shows only the buttons it can use)."""
    return [ability for ability, roles in ROLES_WITH.items() if role in roles]


def allows(context: RequestContext, ability: Ability) -> bool:
    """Whether the caller has `ability` (for fields that show more to some roles)."""
    return context.actor is not None and context.actor.role in ROLES_WITH[ability]


def require(context: RequestContext, ability: Ability) -> Actor:
    if context.actor is None:
        raise Unauthenticated(context.auth_error or "a bearer token is required")
    if context.actor.role not in ROLES_WITH[ability]:
        allowed = ", ".join(sorted(role.value for role in ROLES_WITH[ability]))
        raise PermissionDenied(f"this needs one of the roles: {allowed}")
    return context.actor
