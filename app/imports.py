"""POST /imports/subscribers: a streamed CSV or NDJSON upload of subscribers.

Bearer token (editor or admin). The body is read as it arrives and written in batches
(domain/imports/service.py), so the answer comes when the upload is done: 201 with the
job's report, or a 4xx JSON error (with the job's report) when the file is malformed.
While it runs, the job is visible through `importJob(id)` and `importProgress(id)`."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from strawberry import relay

from app.exports import NO_STORE, _error, bearer_actor
from domain.imports.models import ImportFormat
from domain.imports.service import ImportFailed, TooManyErrors, report, run_import
from domain.realtime.events import EventPublisher
from resolvers.permissions import Ability

MEDIA_TYPES = {"text/csv": ImportFormat.CSV, "application/x-ndjson": ImportFormat.NDJSON,
               "application/ndjson": ImportFormat.NDJSON}


def _public(job_report: dict[str, Any]) -> dict[str, Any]:
    return {**job_report, "id": str(relay.GlobalID("ImportJob", str(job_report["id"])))}


async def import_subscribers(request: Request) -> Response:
    actor = await bearer_actor(request, Ability.EDIT_CONTENT)
    if isinstance(actor, JSONResponse):
        return actor
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    import_format = MEDIA_TYPES.get(media_type)
    if import_format is None:
        return _error(415, "BAD_USER_INPUT",
                      "send Content-Type: text/csv or application/x-ndjson", "content-type")
    redis = getattr(request.app.state, "redis", None)  # set by the lifespan
    publisher = EventPublisher(redis, request.app.state.settings.events_prefix) \
        if redis is not None else None
    try:
        job = await run_import(actor, import_format, request.stream(),
                               publish=publisher.publish if publisher else None)
    except ImportFailed as failure:
        status = 422 if isinstance(failure.cause, TooManyErrors) else 400
        return JSONResponse({"error": {"code": "BAD_USER_INPUT", "message": failure.message,
                                       "field": failure.field, "row": failure.row},
                             "job": _public(report(failure.job))},
                            status_code=status, headers=NO_STORE)
    return JSONResponse(_public(report(job)), status_code=201, headers=NO_STORE)


IMPORT_ROUTES = [Route("/imports/subscribers", import_subscribers, methods=["POST"])]
