"""Principals and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.exceptions import IntegrityError

from domain.errors import Conflict, InvalidInput, NotFound
from domain.principals.actor import Actor
from domain.principals.models import AuditLogEntry, Principal, Role
from domain.validation import optional_text, require_text


async def principal_for(actor: Actor) -> Principal:
    """The row behind a token's subject, created on first use so authors are recorded."""
    principal, _ = await Principal.get_or_create(name=actor.name,
                                                 defaults={"role": actor.role})
    return principal


async def audit(actor: Actor, action: str, target_type: str, target_id: object,
                details: dict[str, Any] | None = None, request_id: str | None = None) -> None:
    principal = await Principal.get_or_none(name=actor.name)
    await AuditLogEntry.create(
        actor=principal, actor_name=actor.name, action=action, target_type=target_type,
        target_id=str(target_id), details=details or {}, request_id=request_id,
    )


async def create_principal(actor: Actor, *, name: str, role: Role,
                           display_name: str = "", email: str | None = None) -> Principal:
    name = require_text(name, "name", max_length=200)
    try:
        principal = await Principal.create(name=name, role=role,
                                           display_name=display_name[:200], email=email)
    except IntegrityError:
        raise Conflict(f"a principal named {name!r} already exists", field="name") from None
    await audit(actor, "principal.create", "principal", principal.id, {"role": role.value})
    return principal


async def update_principal(actor: Actor, principal_id: int, *, role: Role | None = None,
                           is_active: bool | None = None, display_name: str | None = None
                           ) -> Principal:
    """Every field is checked before anything changes; None leaves a field alone."""
    principal = await Principal.get_or_none(id=principal_id)
    if principal is None:
        raise NotFound("principal not found", field="id")
    if principal.name == actor.name and (is_active is False or
                                         (role is not None and role is not Role.ADMIN)):
        raise InvalidInput("admins cannot demote or deactivate themselves", field="role")
    if display_name is not None:
        principal.display_name = optional_text(display_name, "displayName", max_length=200)
    if role is not None:
        principal.role = role
    if is_active is not None:
        if principal.is_active and not is_active:
            # tokens issued before the deactivation stay dead if it is ever undone
            principal.tokens_valid_after = _now()
        principal.is_active = is_active
    await principal.save()
    await audit(actor, "principal.update", "principal", principal.id,
                {"role": principal.role.value, "is_active": principal.is_active})
    return principal


async def archive_principal(actor: Actor, principal_id: int) -> Principal:
    """What deletePrincipal does: a principal is never removed, because a token names its
    subject and a subject without a row would be trusted with the token's own role again
    (app/identity.py); its name also stays in the audit log and on publications. So it is
    deactivated and every token issued so far is revoked, in one write."""
    principal = await Principal.get_or_none(id=principal_id)
    if principal is None:
        raise NotFound("principal not found", field="id")
    if principal.name == actor.name:
        raise InvalidInput("admins cannot delete themselves", field="id")
    principal.is_active = False
    principal.tokens_valid_after = _now()
    await principal.save(update_fields=["is_active", "tokens_valid_after", "updated_at"])
    await audit(actor, "principal.archive", "principal", principal.id)
    return principal


async def revoke_tokens(actor: Actor, principal_id: int) -> Principal:
    """Refuse every token issued to the principal until now; new tokens work (those issued
    within the same second as the revocation are refused too: `iat` has whole seconds)."""
    principal = await Principal.get_or_none(id=principal_id)
    if principal is None:
        raise NotFound("principal not found", field="id")
    principal.tokens_valid_after = _now()
    await principal.save(update_fields=["tokens_valid_after", "updated_at"])
    await audit(actor, "principal.revoke_tokens", "principal", principal.id,
                {"tokens_valid_after": principal.tokens_valid_after.isoformat()})
    return principal


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
