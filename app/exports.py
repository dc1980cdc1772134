"""GET /exports/metrics: the `metrics` query as a CSV or JSON download; GET
/exports/quality: the `qualityMetrics` query as CSV; GET /exports/subscribers: every
subscriber with their preferences, streamed as CSV or NDJSON in the shape POST
/imports/subscribers reads; GET /exports/subscribers/{id}: one subscriber's
`exportSubscriberData` document as a JSON download (a privacy request; admin).

Authenticated like the API (Authorization: Bearer <jwt>; metrics and quality: any role,
subscribers: editor or admin; one subscriber's data: admin); the same filters as the
GraphQL queries (`from`, `to`, `granularity`, `publicationId`/`channelId`/`topicId` as
global ids or plain numbers; for quality: `from`, `to`, `period` day or week). Bad input
answers 400 with the code and the field, like the API's errors.
"""

from __future__ import annotations

import datetime as dt
import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from strawberry import relay

from app.auth import InvalidToken
from app.identity import credential
from domain.engagement.export import as_csv, as_json
from domain.engagement.metrics import MetricsFilter, metrics
from domain.engagement.models import Granularity
from domain.errors import InvalidInput, NotFound, Unauthenticated
from domain.imports import export as subscriber_export
from domain.intelligence import metrics as quality
from domain.principals.actor import Actor
from domain.privacy import export as privacy_export
from resolvers.permissions import ROLES_WITH, Ability

NO_STORE = {"cache-control": "no-store"}


def _error(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "field": field}},
                        status_code=status, headers=NO_STORE)


def _moment(request: Request, name: str) -> dt.datetime:
    value = request.query_params.get(name)
    if not value:
        raise InvalidInput(f"{name} is required (ISO 8601 with a time zone)", field=name)
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"{name} is not an ISO 8601 date-time", field=name) from None


def _id(request: Request, name: str, type_name: str) -> int | None:
    value = request.query_params.get(name)
    if not value:
        return None
    return _id_value(value, name, type_name)


def _id_value(value: str, name: str, type_name: str) -> int:
    """A global id of `type_name` or a plain number."""
    if value.isdigit() and len(value) <= 10 and int(value) < 2**31:
        return int(value)
    try:
        global_id = relay.GlobalID.from_id(value)
    except Exception:
        raise InvalidInput(f"{name} is not a {type_name} id", field=name) from None
    if global_id.type_name != type_name or not global_id.node_id.isdigit():
        raise InvalidInput(f"{name} is not a {type_name} id", field=name)
    return int(global_id.node_id)


def _filter(request: Request) -> MetricsFilter:
    granularity = request.query_params.get("granularity", "day").lower()
    if granularity not in {g.value for g in Granularity}:
        raise InvalidInput("granularity must be minute, hour or day", field="granularity")
    return MetricsFilter(
        start=_moment(request, "from"), end=_moment(request, "to"),
        granularity=Granularity(granularity),
        publication_id=_id(request, "publicationId", "Publication"),
        channel_id=_id(request, "channelId", "Channel"),
        topic_id=_id(request, "topicId", "Topic"))


async def bearer_actor(request: Request, ability: Ability = Ability.READ
                       ) -> Actor | JSONResponse:
    """The caller behind `Authorization: Bearer <jwt>`, checked as the API checks it, or
    the 401/403 answer to send."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return _error(401, "UNAUTHENTICATED", "send Authorization: Bearer <token>")
    try:
        caller = credential(request.app.state.settings.token_keys(), token.strip())
    except InvalidToken as error:
        return _error(401, "UNAUTHENTICATED", f"invalid token: {error}")
    try:  # deactivated principals and revoked tokens are refused as by the API
        actor: Actor = await request.app.state.principals.actor_for(caller)
    except Unauthenticated as error:
        return _error(401, "UNAUTHENTICATED", error.message)
    if actor.role not in ROLES_WITH[ability]:
        allowed = ", ".join(sorted(role.value for role in ROLES_WITH[ability]))
        return _error(403, "FORBIDDEN", f"this needs one of the roles: {allowed}")
    return actor


async def export_metrics(request: Request) -> Response:
    actor = await bearer_actor(request)
    if isinstance(actor, JSONResponse):
        return actor
    export_format = request.query_params.get("format", "csv").lower()
    if export_format not in {"csv", "json"}:
        return _error(400, "BAD_USER_INPUT", "format must be csv or json", "format")
    try:
        report = await metrics(_filter(request))
    except InvalidInput as error:
        return _error(400, "BAD_USER_INPUT", error.message, error.field)
    filename = f"metrics-{report.filter.start:%Y%m%d}-{report.filter.end:%Y%m%d}"
    if export_format == "json":
        return Response(as_json(report), media_type="application/json", headers={
            **NO_STORE, "content-disposition": f'attachment; filename="{filename}.json"'})
    return Response(as_csv(report), media_type="text/csv; charset=utf-8", headers={
        **NO_STORE, "content-disposition": f'attachment; filename="{filename}.csv"'})


async def export_quality(request: Request) -> Response:
    actor = await bearer_actor(request)
    if isinstance(actor, JSONResponse):
        return actor
    period = request.query_params.get("period", "day").lower()
    try:
        if period not in {p.value for p in quality.Period}:
            raise InvalidInput("period must be day or week", field="period")
        report = await quality.quality_metrics(quality.Period(period), _moment(request, "from"),
                                               _moment(request, "to"))
    except InvalidInput as error:
        return _error(400, "BAD_USER_INPUT", error.message, error.field)
    filename = f"quality-{report.start:%Y%m%d}-{report.end:%Y%m%d}"
    return Response(quality.as_csv(report), media_type="text/csv; charset=utf-8", headers={
        **NO_STORE, "content-disposition": f'attachment; filename="{filename}.csv"'})


async def export_subscribers(request: Request) -> Response:
    actor = await bearer_actor(request, Ability.EDIT_CONTENT)
    if isinstance(actor, JSONResponse):
        return actor
    export_format = request.query_params.get("format", "csv").lower()
    if export_format not in {"csv", "ndjson"}:
        return _error(400, "BAD_USER_INPUT", "format must be csv or ndjson", "format")
    if export_format == "ndjson":
        return StreamingResponse(subscriber_export.as_ndjson(),
                                 media_type="application/x-ndjson", headers={
            **NO_STORE, "content-disposition": 'attachment; filename="subscribers.ndjson"'})
    return StreamingResponse(subscriber_export.as_csv(), media_type="text/csv; charset=utf-8",
                             headers={**NO_STORE, "content-disposition":
                                      'attachment; filename="subscribers.csv"'})


async def export_subscriber_data(request: Request) -> Response:
    actor = await bearer_actor(request, Ability.MANAGE)
    if isinstance(actor, JSONResponse):
        return actor
    raw = request.path_params["id"]
    try:
        subscriber_id = _id_value(raw, "id", "Subscriber")
        document = await privacy_export.subscriber_data(actor, subscriber_id)
    except InvalidInput as error:
        return _error(400, "BAD_USER_INPUT", error.message, error.field)
    except NotFound as error:
        return _error(404, "NOT_FOUND", error.message, error.field)
    return Response(json.dumps(document, default=str), media_type="application/json",
                    headers={**NO_STORE, "content-disposition":
                             f'attachment; filename="subscriber-{subscriber_id}.json"'})


EXPORT_ROUTES = [Route("/exports/metrics", export_metrics, methods=["GET"]),
                 Route("/exports/quality", export_quality, methods=["GET"]),
                 Route("/exports/subscribers", export_subscribers, methods=["GET"]),
                 Route("/exports/subscribers/{id}", export_subscriber_data, methods=["GET"])]
