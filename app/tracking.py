"""Open-pixel and click endpoints: verify the token, queue the event, answer at once.

Neither endpoint waits on the database for the event: it goes to the process's
EventBuffer (see domain/engagement/buffer.py for what a crash can lose). The click
endpoint needs the link's URL, read once per link and then served from memory (links
never change). A token that does not verify gets a 404 and nothing is recorded; a click
never redirects anywhere but to the URL stored at send time.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import logging
import time
from dataclasses import dataclass, field

from redis.asyncio import Redis
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from domain.deliveries.stats import DeliveryStats
from domain.engagement.buffer import EventBuffer, FlushListener
from domain.engagement.classify import is_machine_click, is_machine_open
from domain.engagement.links import LinkRegistry
from domain.engagement.models import EventType
from domain.engagement.recorder import EngagementInput
from domain.links.urls import LinkBuilder, SendClaim
from domain.realtime.announce import announce_metrics
from domain.realtime.events import DEFAULT_PREFIX, EventPublisher

#: the classic transparent 1x1 GIF (42 bytes)
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
NO_STORE = {"cache-control": "no-store, no-cache, must-revalidate, max-age=0",
            "pragma": "no-cache", "expires": "0"}
#: dashboards get a metrics tick after engagement arrives, at most this often per process
#: (0.5 s: with the buffer's 0.2 s flush, a dashboard shows an open within a second even
#: while events keep coming; a tick costs one small rollup query, only while watched)
PUSH_INTERVAL = 0.5

logger = logging.getLogger(__name__)


@dataclass
class Tracking:
    """What the endpoints share: built with the app, kept on app.state."""

    links: LinkBuilder
    buffer: EventBuffer
    registry: LinkRegistry = field(default_factory=LinkRegistry)


def metrics_pusher(redis: Redis, interval: float = PUSH_INTERVAL,
                   events_prefix: str = DEFAULT_PREFIX) -> FlushListener:
    """After a flush wrote events, push a metricsUpdated tick (throttled), so live
    dashboards see opens and clicks within a second instead of at the next sweep.
    Nothing is built while no dashboard watches (announce_metrics checks)."""
    publisher, stats = EventPublisher(redis, events_prefix), DeliveryStats(redis)
    last = [-interval]
    trailing: list[asyncio.Task[None] | None] = [None]

    async def announce() -> None:
        last[0] = time.monotonic()
        await announce_metrics(publisher, stats)

    async def later(delay: float) -> None:
        await asyncio.sleep(delay)
        trailing[0] = None
        try:
            await announce()
        except Exception:  # the next flush or sweep tries again
            logger.exception("metrics tick after engagement failed")

    async def push(written: int) -> None:
        wait = last[0] + interval - time.monotonic()
        if wait <= 0:
            await announce()
        elif trailing[0] is None:
            # Throttled: one tick when the interval ends, so the last events of a burst
            # show within `interval` too instead of waiting for the next sweep (2 s, and
            # none at all in an API process without a worker).
            trailing[0] = asyncio.create_task(later(wait))
    return push


def _event(kind: EventType, claim: SendClaim, machine: bool, user_agent: str, method: str,
           url: str | None = None) -> EngagementInput:
    return EngagementInput(
        kind, dt.datetime.now(dt.UTC), delivery_id=claim.delivery_id,
        publication_id=claim.publication_id, channel_id=claim.channel_id,
        subscriber_id=claim.subscriber_id, is_machine=machine, url=url,
        metadata={"user_agent": user_agent[:300], "method": method})


def _not_found() -> Response:
    return PlainTextResponse("not found\n", status_code=404, headers=NO_STORE)


async def open_pixel(request: Request) -> Response:
    tracking: Tracking = request.app.state.tracking
    claim = tracking.links.verify_open(request.path_params["token"])
    if claim is None:
        return _not_found()
    if request.method == "GET":
        user_agent = request.headers.get("user-agent", "")
        machine = is_machine_open(user_agent, time.time() - claim.issued_at)
        tracking.buffer.add(_event(EventType.OPEN, claim, machine, user_agent, "GET"))
    return Response(PIXEL, media_type="image/gif", headers=NO_STORE)


async def click(request: Request) -> Response:
    tracking: Tracking = request.app.state.tracking
    claim = tracking.links.verify_click(request.path_params["token"])
    if claim is None:
        return _not_found()
    url = await tracking.registry.url_of(claim.link_id or 0, claim.publication_id)
    if url is None:
        return _not_found()
    user_agent = request.headers.get("user-agent", "")
    machine = is_machine_click(request.method, user_agent, time.time() - claim.issued_at)
    tracking.buffer.add(_event(EventType.CLICK, claim, machine, user_agent, request.method,
                               url=url))
    # the URL was checked when it was stored (http(s), no spaces or control characters),
    # so it goes into Location as is (RedirectResponse would re-quote it on every click)
    return Response(status_code=302, headers={"location": url, **NO_STORE})


TRACKING_ROUTES = [
    Route("/t/o/{token}", open_pixel, methods=["GET", "HEAD"]),
    Route("/t/c/{token}", click, methods=["GET", "HEAD"]),
]
