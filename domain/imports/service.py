"""Running one import: read the stream, check rows, write batches, keep the job current.

Batch semantics: rows are written in batches of `batch_size`, each batch in its own
transaction together with the job's counters. When the file turns out malformed half way
(bad encoding, an over-long line, too many bad rows), the batches already committed stay,
the rows after them are not written, and the job says where it stopped
(`committed_through_row`) — fix the file and upload it again: the committed rows come
back as unchanged."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import time
from collections.abc import AsyncIterable, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tortoise import Tortoise

from domain.audience.models import Topic
from domain.channels.models import Channel
from domain.errors import InvalidInput, NotFound
from domain.imports import writer
from domain.imports.models import ImportFormat, ImportJob, ImportStatus
from domain.imports.reader import (
    MAX_LINE_BYTES,
    CsvRecords,
    MalformedFile,
    NdjsonRecords,
    lines,
)
from domain.imports.rows import COLUMNS, Catalogue, RowError, SubscriberRow, parse_row
from domain.principals.actor import Actor
from domain.principals.service import audit

BATCH_SIZE = 1_000
MAX_ERRORS = 1_000
PROGRESS_EVERY_SECONDS = 0.25

Publish = Callable[[str, dict[str, Any]], Awaitable[None]]


def import_channel(job_id: int) -> str:
    """The realtime channel that carries a job's progress."""
    return f"import:{job_id}"


class TooManyErrors(InvalidInput):
    """More bad rows than an import accepts: the file is probably not what it seems."""


class ImportFailed(InvalidInput):
    """The file could not be read to the end (`cause`); `job` is the failed job."""

    def __init__(self, job: ImportJob, cause: MalformedFile | TooManyErrors) -> None:
        super().__init__(cause.message, field=cause.field)
        self.job = job
        self.cause = cause
        self.row = getattr(cause, "row", None)


@dataclass(frozen=True, slots=True)
class ImportLimits:
    batch_size: int = BATCH_SIZE
    max_errors: int = MAX_ERRORS
    max_line_bytes: int = MAX_LINE_BYTES


def report(job: ImportJob) -> dict[str, Any]:
    """What the endpoint answers and progress events carry."""
    return {"id": job.id, "status": job.status.value, "format": job.format.value,
            "rowsSeen": job.rows_seen, "rowsImported": job.rows_imported,
            "rowsUnchanged": job.rows_unchanged, "rowsFailed": job.rows_failed,
            "committedThroughRow": job.committed_through_row, "error": job.error,
            "errors": job.errors,
            "startedAt": job.started_at.isoformat(),
            "finishedAt": job.finished_at.isoformat() if job.finished_at else None}


def progress_event(job: ImportJob) -> dict[str, Any]:
    """The report without the error list (subscribers re-read the job; events stay small)."""
    event = report(job)
    del event["errors"]
    return event


async def _catalogue() -> Catalogue:
    return Catalogue(
        topics=dict(await Topic.all().values_list("slug", "id")),  # type: ignore[arg-type]
        channels=dict(await Channel.all().values_list("name", "id")))  # type: ignore[arg-type]


class _Run:
    """Parses the next batch while the previous one is being written: one batch in
    flight at a time on the import's connection, so Python and PostgreSQL work at once."""

    def __init__(self, job: ImportJob, limits: ImportLimits, publish: Publish | None,
                 connection: Any) -> None:
        self.job = job
        self.limits = limits
        self.publish = publish
        self.connection = connection
        self.pending: list[SubscriberRow] = []
        self.pending_errors: list[tuple[int, str, str]] = []
        self.pending_seen = 0
        self.pending_last_row = 0
        self.errors_found = 0  # parse errors so far plus write errors of written batches
        self.in_flight: asyncio.Task[None] | None = None
        self.published_at = 0.0

    async def fail_row(self, row: int, field: str, reason: str) -> None:
        self.pending_errors.append((row, field, reason))
        self.errors_found += 1
        if self.errors_found > self.limits.max_errors:
            # the bad rows of the batch it stops in are reported; its good rows are not
            # written (the job's committed_through_row says where writing stopped)
            await self.drain()
            job = self.job
            job.rows_seen += len(self.pending_errors)
            job.rows_failed += len(self.pending_errors)
            job.errors = [*job.errors, *self._error_objects(self.pending_errors)]
            await ImportJob.filter(id=job.id).update(
                rows_seen=job.rows_seen, rows_failed=job.rows_failed, errors=job.errors)
            raise TooManyErrors(f"more than {self.limits.max_errors} rows have errors; "
                                f"stopped at line {row}", field="body")

    def _error_objects(self, errors: list[tuple[int, str, str]]) -> list[dict[str, Any]]:
        room = max(0, self.limits.max_errors - len(self.job.errors))
        return [{"row": row, "field": field, "reason": reason}
                for row, field, reason in sorted(errors)[:room]]

    async def flush(self) -> None:
        """Hand the parsed batch to the writer (after the previous one is committed)."""
        if not self.pending_seen:
            return
        batch = (self.pending, self.pending_errors, self.pending_seen, self.pending_last_row)
        self.pending, self.pending_errors = [], []
        self.pending_seen = 0
        await self.drain()
        self.in_flight = asyncio.create_task(self._write(*batch))

    async def drain(self) -> None:
        """Wait for the batch in flight (its errors, if any, are raised here)."""
        task, self.in_flight = self.in_flight, None
        if task is not None:
            await task

    async def abandon(self) -> None:
        task, self.in_flight = self.in_flight, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def _write(self, rows: list[SubscriberRow], parse_errors: list[tuple[int, str, str]],
                     seen: int, last_row: int) -> None:
        job = self.job
        async with self.connection.transaction():
            # a batch's commit need not wait for the WAL flush: a crash can lose only the
            # last batches, together with the job counters that claim them (same
            # transaction), and uploading the file again puts them back
            await self.connection.execute("SET LOCAL synchronous_commit = off")
            result = await writer.write_batch(self.connection, rows)
            errors = sorted(parse_errors + result.errors)
            job.rows_seen += seen
            job.rows_imported += result.imported
            job.rows_unchanged += result.unchanged
            job.rows_failed += len(errors)
            if errors:
                job.errors = [*job.errors, *self._error_objects(errors)]
            job.committed_through_row = last_row
            await self.connection.execute(
                "UPDATE import_job SET rows_seen = $2, rows_imported = $3, "
                "rows_unchanged = $4, rows_failed = $5, errors = $6::jsonb, "
                "committed_through_row = $7 WHERE id = $1",
                job.id, job.rows_seen, job.rows_imported, job.rows_unchanged,
                job.rows_failed, json.dumps(job.errors), job.committed_through_row)
        self.errors_found += len(result.errors)
        await self.progress()

    async def progress(self, force: bool = False) -> None:
        now = time.monotonic()
        if self.publish is not None and (force or now - self.published_at
                                         >= PROGRESS_EVERY_SECONDS):
            self.published_at = now
            await self.publish(import_channel(self.job.id), progress_event(self.job))


async def run_import(actor: Actor, import_format: ImportFormat, chunks: AsyncIterable[bytes],
                     *, publish: Publish | None = None,
                     limits: ImportLimits = ImportLimits()) -> ImportJob:
    """Import the stream; returns the finished job. Raises ImportFailed when the file is
    malformed or has too many bad rows (the job is then recorded as failed, with the
    batches before it committed)."""
    job = await ImportJob.create(created_by=actor.name, format=import_format)
    catalogue = await _catalogue()
    records: CsvRecords | NdjsonRecords = (
        CsvRecords(frozenset(COLUMNS), limits.max_line_bytes)
        if import_format is ImportFormat.CSV else NdjsonRecords(frozenset(COLUMNS)))
    client = Tortoise.get_connection("default")
    try:
        async with client.acquire_connection() as connection:
            await connection.execute(writer.CREATE_SEEN)
            run = _Run(job, limits, publish, connection)
            try:
                await run.progress(force=True)
                async for batch in lines(chunks, limits.max_line_bytes):
                    for record in records.feed(batch):
                        run.pending_seen += 1
                        run.pending_last_row = record.row
                        try:
                            run.pending.append(parse_row(record.row, record.values,
                                                         catalogue))
                        except RowError as error:
                            await run.fail_row(record.row, error.field, error.reason)
                        if run.pending_seen >= limits.batch_size:
                            await run.flush()
                records.finish()
                await run.flush()
                await run.drain()
            except (MalformedFile, TooManyErrors):
                await run.drain()  # a whole batch before the fault: it is committed
                raise
            finally:
                await run.abandon()
                await connection.execute(writer.DROP_SEEN)
    except (MalformedFile, TooManyErrors) as error:
        await _finish(job, ImportStatus.FAILED, error.message, publish)

        await audit(actor, "subscribers.import", "import_job", job.id,
                    {"status": "failed", "error": error.message})
        raise ImportFailed(job, error) from None
    except BaseException:
        await _finish(job, ImportStatus.FAILED, "the upload was interrupted", publish)
        raise
    await _finish(job, ImportStatus.COMPLETED, None, publish)
    await audit(actor, "subscribers.import", "import_job", job.id,
                {"imported": job.rows_imported, "unchanged": job.rows_unchanged,
                 "failed": job.rows_failed})
    return job


async def _finish(job: ImportJob, status: ImportStatus, error: str | None,
                  publish: Publish | None) -> None:
    job.status = status
    job.error = error
    job.finished_at = dt.datetime.now(dt.UTC)
    # the counters written with the last committed batch are the true ones
    await ImportJob.filter(id=job.id).update(status=status, error=error,
                                             finished_at=job.finished_at)
    fresh = await ImportJob.get(id=job.id)
    job.rows_seen, job.rows_imported = fresh.rows_seen, fresh.rows_imported
    job.rows_unchanged, job.rows_failed = fresh.rows_unchanged, fresh.rows_failed
    job.committed_through_row = fresh.committed_through_row
    if publish is not None:
        await publish(import_channel(job.id), progress_event(job))


async def get_import_job(job_id: int) -> ImportJob:
    job = await ImportJob.get_or_none(id=job_id)
    if job is None:
        raise NotFound("import job not found", field="id")
    return job
