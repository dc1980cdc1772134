"""Remembered results of create calls that carried an idempotency key."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class IdempotencyRecord(Model):
    id = fields.BigIntField(primary_key=True)
    principal_name = fields.CharField(max_length=200)
    operation = fields.CharField(max_length=64)
    key = fields.CharField(max_length=200)
    fingerprint = fields.CharField(max_length=64)
    result_id = fields.BigIntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "idempotency_record"
        unique_together = (("principal_name", "operation", "key"),)
