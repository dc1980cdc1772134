"""Import jobs: permission check (editor or admin), then the domain."""

from __future__ import annotations

from collections.abc import AsyncIterator

from domain.imports.models import ImportJob, ImportStatus
from domain.imports.service import get_import_job, import_channel
from domain.pagination import Page
from resolvers.context import RequestContext
from resolvers.listing import page_of
from resolvers.permissions import Ability, require
from resolvers.realtime import PROGRESS_INTERVAL, stream


async def import_job(context: RequestContext, job_id: int) -> ImportJob | None:
    require(context, Ability.EDIT_CONTENT)
    return await ImportJob.get_or_none(id=job_id)


async def import_jobs(context: RequestContext, *, first: int, after: str | None,
                      status: ImportStatus | None) -> Page[ImportJob]:
    require(context, Ability.EDIT_CONTENT)
    query = ImportJob.all() if status is None else ImportJob.filter(status=status)
    return await page_of(query, first=first, after=after)


async def import_progress(context: RequestContext, job_id: int
                          ) -> AsyncIterator[ImportJob]:
    """The job now, then after every committed batch (at most 4 a second); ends once the
    job has completed or failed."""
    require(context, Ability.EDIT_CONTENT)
    await get_import_job(job_id)  # NOT_FOUND before any subscription
    async for job in stream(context, Ability.EDIT_CONTENT, import_channel(job_id),
                            lambda: get_import_job(job_id), None, PROGRESS_INTERVAL):
        yield job
        if job.status is not ImportStatus.RUNNING:
            return
