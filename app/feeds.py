"""Public feed endpoints (no auth): RSS 2.0 and Atom per rss channel and per topic, and
the page of a published publication that feed entries link to.

Thin adapters: parse the path, call domain.feeds, answer with ETag / Last-Modified and a
304 to a conditional GET that matches (If-None-Match wins over If-Modified-Since, as RFC
9110 says). Links in feeds use PUBLIC_BASE_URL, not the request's host, so every process
and every proxy path serves the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from domain.errors import NotFound
from domain.feeds import service
from domain.feeds.documents import FeedDocument, FeedKind
from domain.feeds.pages import publication_page

CACHE_CONTROL = "public, no-cache"  # store, but revalidate: new entries show at once


def _base_url(request: Request) -> str:
    return str(request.app.state.settings.public_base_url).rstrip("/")


def _matches(request: Request, etag: str, last_modified: dt.datetime) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = [tag.strip() for tag in if_none_match.split(",")]
        return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.UTC)
        return last_modified <= since
    return False


def _answer(request: Request, document: FeedDocument) -> Response:
    headers = {"ETag": document.etag, "Cache-Control": CACHE_CONTROL,
               "Last-Modified": format_datetime(document.last_modified, usegmt=True)}
    if _matches(request, document.etag, document.last_modified):
        return Response(status_code=304, headers=headers)
    return Response(document.body, media_type=document.content_type, headers=headers)


def _not_found() -> PlainTextResponse:
    return PlainTextResponse("feed not found\n", status_code=404)


def _feed_endpoint(kind: FeedKind, scope: str
                   ) -> Callable[[Request], Coroutine[Any, Any, Response]]:
    async def endpoint(request: Request) -> Response:
        try:
            if scope == "channel":
                document = await service.channel_feed(request.path_params["channel_id"], kind,
                                                      _base_url(request))
            else:
                document = await service.topic_feed(request.path_params["slug"], kind,
                                                    _base_url(request))
        except NotFound:
            return _not_found()
        return _answer(request, document)
    return endpoint


async def publication(request: Request) -> Response:
    try:
        found, topics = await service.published_publication(request.path_params["id"])
    except NotFound:
        return PlainTextResponse("publication not found\n", status_code=404)
    return HTMLResponse(publication_page(found, topics), headers={"Cache-Control": CACHE_CONTROL})


FEED_ROUTES = [
    Route("/feeds/channels/{channel_id:int}.rss", _feed_endpoint(FeedKind.RSS, "channel")),
    Route("/feeds/channels/{channel_id:int}.atom", _feed_endpoint(FeedKind.ATOM, "channel")),
    Route("/feeds/topics/{slug}.rss", _feed_endpoint(FeedKind.RSS, "topic")),
    Route("/feeds/topics/{slug}.atom", _feed_endpoint(FeedKind.ATOM, "topic")),
    Route("/publications/{id:int}", publication),
]
