"""Reading the audit trail (written by `domain.principals.service.audit`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tortoise.queryset import QuerySet

from domain.errors import InvalidInput
from domain.principals.models import AuditLogEntry


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    action_prefix: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None


def entries_query(filters: AuditFilter) -> QuerySet[AuditLogEntry]:
    """Newest first (keyset by id); every filter narrows."""
    if filters.start and filters.end and filters.start >= filters.end:
        raise InvalidInput("from must be before to", field="filter.from")
    query = AuditLogEntry.all()
    if filters.actor:
        query = query.filter(actor_name=filters.actor)
    if filters.action:
        query = query.filter(action=filters.action)
    if filters.action_prefix:
        query = query.filter(action__startswith=filters.action_prefix)
    if filters.target_type:
        query = query.filter(target_type=filters.target_type)
    if filters.target_id:
        query = query.filter(target_id=filters.target_id)
    if filters.start:
        query = query.filter(occurred_at__gte=filters.start)
    if filters.end:
        query = query.filter(occurred_at__lt=filters.end)
    return query
