"""Admin tools in the API: feature flags and the audit log."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from domain.flags.book import KNOWN_FLAGS, FlagState
from domain.flags.models import FeatureFlag as FeatureFlagModel
from domain.principals import audit_log
from domain.principals.models import AuditLogEntry as AuditLogEntryModel
from resolvers import admin as resolvers
from schema.pagination import Connection
from schema.permissions import CanManage, CanRead


@strawberry.type(description="A runtime switch. On for a subject (subscriber id, principal "
                             "name) when enabled and the subject's stable hash falls below "
                             "rolloutPercent.")
class FeatureFlag:
    key: str
    description: str
    enabled: bool
    rollout_percent: float
    stored: bool = strawberry.field(
        description="False: no row, the built-in default applies.")
    updated_by: str | None
    updated_at: dt.datetime | None

    @classmethod
    def build(cls, flag: FeatureFlagModel | None, key: str, state: FlagState) -> FeatureFlag:
        return cls(key=key, description=flag.description if flag else KNOWN_FLAGS.get(
            key, (False, ""))[1], enabled=state.enabled, rollout_percent=state.rollout_percent,
            stored=flag is not None, updated_by=flag.updated_by if flag else None,
            updated_at=flag.updated_at if flag else None)


@strawberry.input
class SetFeatureFlagInput:
    key: str
    enabled: bool
    rollout_percent: float = 100.0
    description: str | None = None


@strawberry.type
class AuditLogEntry:
    actor: str
    action: str
    target_type: str
    target_id: str
    details: JSON
    request_id: str | None
    occurred_at: dt.datetime

    @classmethod
    def from_model(cls, entry: AuditLogEntryModel) -> AuditLogEntry:
        return cls(actor=entry.actor_name, action=entry.action, target_type=entry.target_type,
                   target_id=entry.target_id, details=entry.details,
                   request_id=entry.request_id, occurred_at=entry.occurred_at)


@strawberry.input
class AuditLogFilter:
    actor: str | None = None
    action: str | None = None
    action_prefix: str | None = strawberry.field(
        default=None, description="e.g. `experiment.` for every experiment action")
    target_type: str | None = None
    target_id: str | None = None
    start: dt.datetime | None = strawberry.field(default=None, name="from")
    end: dt.datetime | None = strawberry.field(default=None, name="to")


@strawberry.type
class AdminQueries:
    @strawberry.field(description="Every stored flag and every built-in one. Requires admin.",
                      permission_classes=[CanManage])
    async def feature_flags(self, info: Info) -> list[FeatureFlag]:
        return [FeatureFlag.build(flag, key, state)
                for flag, key, state in await resolvers.list_flags(info.context)]

    @strawberry.field(description="A flag as this process sees it (cached at most a second; "
                                  "changes are announced to every process). Requires any "
                                  "role.", permission_classes=[CanRead])
    async def feature_flag(self, info: Info, key: str) -> FeatureFlag:
        flag, state = await resolvers.flag_state(info.context, key)
        return FeatureFlag.build(flag, key, state)

    @strawberry.field(description="The audit trail, newest first: who did what to which "
                                  "object. Requires admin.", permission_classes=[CanManage])
    async def audit_log(self, info: Info, first: int = 50, after: str | None = None,
                        filter: AuditLogFilter | None = None) -> Connection[AuditLogEntry]:
        given = filter or AuditLogFilter()
        page = await resolvers.audit_entries(
            info.context, first=first, after=after, filters=audit_log.AuditFilter(
                actor=given.actor, action=given.action, action_prefix=given.action_prefix,
                target_type=given.target_type, target_id=given.target_id,
                start=given.start, end=given.end))
        return Connection[AuditLogEntry].from_page(page, AuditLogEntry.from_model)


@strawberry.type
class AdminMutations:
    @strawberry.mutation(description="Create or change a flag; every process sees it within "
                                     "a second. Requires admin.",
                         permission_classes=[CanManage])
    async def set_feature_flag(self, info: Info, input: SetFeatureFlagInput) -> FeatureFlag:
        flag, state = await resolvers.set_flag(
            info.context, input.key, enabled=input.enabled,
            rollout_percent=input.rollout_percent, description=input.description)
        return FeatureFlag.build(flag, flag.key, state)

    @strawberry.mutation(description="Remove a stored flag: a built-in one returns to its "
                                     "default, any other is off. Requires admin.",
                         permission_classes=[CanManage])
    async def delete_feature_flag(self, info: Info, key: str) -> FeatureFlag:
        state = await resolvers.delete_flag(info.context, key)
        return FeatureFlag.build(None, key, state)
