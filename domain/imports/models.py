"""One row per upload to POST /imports/subscribers: what it did, and where it stopped."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class ImportFormat(StrEnum):
    CSV = "csv"
    NDJSON = "ndjson"


class ImportStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class ImportJob(Model):
    """Counters are written with every committed batch, so a failed or interrupted job
    says how far it got: every row up to `rows_seen` has been committed or reported."""

    id = fields.BigIntField(primary_key=True)
    created_by = fields.CharField(max_length=200)
    format = fields.CharEnumField(ImportFormat, max_length=8)
    status = fields.CharEnumField(ImportStatus, max_length=16, default=ImportStatus.RUNNING)
    rows_seen = fields.IntField(default=0)
    rows_imported = fields.IntField(default=0)
    rows_unchanged = fields.IntField(default=0)
    rows_failed = fields.IntField(default=0)
    errors = fields.JSONField(default=list, description="the first row errors: "
                              "[{row, field, reason}]")
    error = fields.TextField(null=True, description="why a failed job stopped")
    committed_through_row = fields.IntField(
        default=0, description="every record up to this line of the file is committed "
                               "or reported as an error")
    started_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "import_job"
