"""Who may call the API, with which role, and what they did."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from domain.common import TimestampedMixin


class Role(StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    REVIEWER = "reviewer"
    VIEWER = "viewer"


class Principal(TimestampedMixin, Model):
    """A person or service that holds tokens; `name` is the JWT `sub`."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    display_name = fields.CharField(max_length=200, default="")
    email = fields.CharField(max_length=320, null=True)
    role = fields.CharEnumField(Role, max_length=16, default=Role.VIEWER)
    is_active = fields.BooleanField(default=True)
    #: tokens issued (JWT `iat`) at or before this moment are refused; set by
    #: revokePrincipalTokens and by deactivation (app/identity.py, README "Tokens")
    tokens_valid_after = fields.DatetimeField(
        null=True, description="tokens issued at or before this moment are refused")

    class Meta:
        table = "principal"


class AuditLogEntry(Model):
    """Append-only record of every state-changing action, for admins and incident reviews."""

    id = fields.BigIntField(primary_key=True)
    actor: fields.ForeignKeyNullableRelation[Principal] = fields.ForeignKeyField(
        "models.Principal", related_name="audit_entries", null=True, on_delete=fields.SET_NULL
    )
    actor_name = fields.CharField(max_length=200, default="system")
    action = fields.CharField(max_length=100)
    target_type = fields.CharField(max_length=50)
    target_id = fields.CharField(max_length=64)
    details = fields.JSONField(default=dict)
    request_id = fields.CharField(max_length=64, null=True)
    occurred_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "audit_log"
        indexes = (("target_type", "target_id"), ("occurred_at",))
