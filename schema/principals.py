"""API principals (admin only) and the caller's own identity."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import relay
from strawberry.types import Info

from domain.principals.models import Principal as PrincipalModel
from resolvers import principals as resolvers
from resolvers.permissions import Ability, abilities_of, require
from schema.deletion import DeletePayload
from schema.enums import Role
from schema.ids import decode_id
from schema.pagination import Connection
from schema.permissions import CanManage, CanRead


@strawberry.type
class Principal:
    id: relay.GlobalID
    name: str
    display_name: str
    role: Role
    is_active: bool
    created_at: dt.datetime
    tokens_valid_after: dt.datetime | None = strawberry.field(
        description="Tokens issued at or before this moment are refused "
                    "(revokePrincipalTokens, deactivation); null: none revoked.")

    @classmethod
    def from_model(cls, principal: PrincipalModel) -> Principal:
        return cls(id=relay.GlobalID("Principal", str(principal.id)), name=principal.name,
                   display_name=principal.display_name, role=principal.role,
                   is_active=principal.is_active, created_at=principal.created_at,
                   tokens_valid_after=principal.tokens_valid_after)


AbilityEnum = strawberry.enum(
    Ability, name="Ability",
    description="What a role may do: READ (every query and subscription), EDIT_CONTENT "
                "(editor, admin), REVIEW (reviewer, admin), MANAGE (admin). Each operation's "
                "description says which role it needs.")


@strawberry.type
class Me:
    name: str
    role: Role
    abilities: list[AbilityEnum] = strawberry.field(
        description="What this caller may do, so a frontend shows only the actions it can "
                    "use (the API checks every call anyway).")


@strawberry.input
class CreatePrincipalInput:
    name: str
    role: Role
    display_name: str = ""


@strawberry.input
class UpdatePrincipalInput:
    id: relay.GlobalID
    role: Role | None = None
    is_active: bool | None = None
    display_name: str | None = None


@strawberry.type
class PrincipalQueries:
    @strawberry.field(description="Who the token belongs to. Requires any role.",
                        permission_classes=[CanRead])
    def me(self, info: Info) -> Me:
        actor = require(info.context, Ability.READ)
        return Me(name=actor.name, role=actor.role, abilities=abilities_of(actor.role))

    @strawberry.field(description="API principals. Requires admin.",
                        permission_classes=[CanManage])
    async def principals(self, info: Info, first: int = 20, after: str | None = None
                         ) -> Connection[Principal]:
        page = await resolvers.list_principals(info.context, first=first, after=after)
        return Connection[Principal].from_page(page, Principal.from_model)


@strawberry.type
class PrincipalMutations:
    @strawberry.mutation(description="Register a principal. Requires admin.",
                        permission_classes=[CanManage])
    async def create_principal(self, info: Info, input: CreatePrincipalInput) -> Principal:
        principal = await resolvers.create_principal(
            info.context, name=input.name, role=input.role, display_name=input.display_name)
        return Principal.from_model(principal)

    @strawberry.mutation(description="Change a principal's role or deactivate it; both take "
                                     "effect at the caller's next request (deactivation "
                                     "also revokes its tokens). Requires admin.",
                         permission_classes=[CanManage])
    async def update_principal(self, info: Info, input: UpdatePrincipalInput) -> Principal:
        principal = await resolvers.update_principal(
            info.context, decode_id(input.id, "Principal"), role=input.role,
            is_active=input.is_active, display_name=input.display_name)
        return Principal.from_model(principal)

    @strawberry.mutation(description="Retire a principal: always archived, never removed "
                                     "(its name stays in the audit log and a token's "
                                     "subject without a row would be trusted again): "
                                     "deactivated and every token revoked. Requires admin.",
                         permission_classes=[CanManage])
    async def delete_principal(self, info: Info, id: relay.GlobalID) -> DeletePayload:
        principal_id = decode_id(id, "Principal")
        await resolvers.archive_principal(info.context, principal_id)
        return DeletePayload.of("Principal", principal_id, archived=True)

    @strawberry.mutation(description="Refuse every token issued to a principal until now "
                                     "(a token issued later works). Requires admin.",
                         permission_classes=[CanManage])
    async def revoke_principal_tokens(self, info: Info, id: relay.GlobalID) -> Principal:
        principal = await resolvers.revoke_tokens(info.context, decode_id(id, "Principal"))
        return Principal.from_model(principal)
