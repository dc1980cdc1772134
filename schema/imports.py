"""Subscriber import jobs in the API: the job, its row errors, the list and the live
progress. The upload itself is POST /imports/subscribers (app/imports.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator, Iterable
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from domain.imports.models import ImportFormat as DomainImportFormat
from domain.imports.models import ImportJob as ImportJobModel
from domain.imports.models import ImportStatus as DomainImportStatus
from resolvers import imports as resolvers
from schema.ids import decode_id
from schema.pagination import Connection
from schema.permissions import CanEditContent

ImportJobStatus = strawberry.enum(DomainImportStatus, name="ImportJobStatus")
ImportFileFormat = strawberry.enum(DomainImportFormat, name="ImportFileFormat")


@strawberry.type(description="A row the import skipped, and why.")
class ImportRowError:
    row: int = strawberry.field(description="Line of the file the record starts on (the "
                                            "CSV header is line 1).")
    field: str
    reason: str


@strawberry.type(description="One upload to POST /imports/subscribers. Counters move with "
                             "every committed batch of rows.")
class ImportJob(relay.Node):
    id: relay.NodeID[int]
    created_by: str
    format: ImportFileFormat  # type: ignore[valid-type]
    status: ImportJobStatus  # type: ignore[valid-type]
    rows_seen: int
    rows_imported: int = strawberry.field(description="Rows that created or changed a "
                                                      "subscriber or a preference.")
    rows_unchanged: int = strawberry.field(description="Rows that matched what is stored.")
    rows_failed: int
    committed_through_row: int = strawberry.field(
        description="Every record up to this line is committed or reported; a failed job "
                    "wrote nothing after it.")
    errors: list[ImportRowError] = strawberry.field(description="The first 1,000 errors.")
    error: str | None = strawberry.field(description="Why a failed job stopped.")
    started_at: dt.datetime
    finished_at: dt.datetime | None

    @classmethod
    def from_model(cls, job: ImportJobModel) -> ImportJob:
        return cls(id=job.id, created_by=job.created_by, format=job.format,
                   status=job.status, rows_seen=job.rows_seen,
                   rows_imported=job.rows_imported, rows_unchanged=job.rows_unchanged,
                   rows_failed=job.rows_failed,
                   committed_through_row=job.committed_through_row,
                   errors=[ImportRowError(row=e["row"], field=e["field"], reason=e["reason"])
                           for e in job.errors],
                   error=job.error, started_at=job.started_at, finished_at=job.finished_at)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],
                            required: bool = False) -> list[Any]:
        wanted = [int(node_id) for node_id in node_ids]
        rows = {row.id: row for row in await ImportJobModel.filter(id__in=wanted)}
        return [cls.from_model(rows[pk]) if pk in rows else None for pk in wanted]


@strawberry.type
class ImportQueries:
    @strawberry.field(description="One import job, or null. Requires editor or admin.",
                      permission_classes=[CanEditContent])
    async def import_job(self, info: Info, id: relay.GlobalID) -> ImportJob | None:
        row = await resolvers.import_job(info.context, decode_id(id, "ImportJob"))
        return ImportJob.from_model(row) if row else None

    @strawberry.field(description="Import jobs, newest first (filter by status to find a "
                                  "running one). Requires editor or admin.",
                      permission_classes=[CanEditContent])
    async def import_jobs(self, info: Info, first: int = 20, after: str | None = None,
                          status: ImportJobStatus | None = None  # type: ignore[valid-type]
                          ) -> Connection[ImportJob]:
        page = await resolvers.import_jobs(
            info.context, first=first, after=after,
            status=DomainImportStatus(status) if status else None)
        return Connection[ImportJob].from_page(page, ImportJob.from_model)


@strawberry.type
class ImportSubscriptions:
    @strawberry.subscription(description="An import job now, then after every committed "
                                         "batch (at most 4 a second); ends when the job "
                                         "completes or fails. Requires editor or admin.",
                             permission_classes=[CanEditContent])
    async def import_progress(self, info: Info, id: relay.GlobalID
                              ) -> AsyncGenerator[ImportJob, None]:
        async for job in resolvers.import_progress(info.context, decode_id(id, "ImportJob")):
            yield ImportJob.from_model(job)
