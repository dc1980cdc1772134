"""Loopback servers that behave like the outside services we deliver to.

`WebhookReceiver` records every request and answers as told: a fixed status, a script of
statuses, 429 with Retry-After, slow answers, or hanging. It runs under a real uvicorn
server on 127.0.0.1 inside the test's event loop, so tests can inspect what arrived.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, Self

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route


@dataclass
class ReceivedRequest:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    def signature_valid(self, secret: str) -> bool:
        """Standard Webhooks verification, as a receiver would do it."""
        key = base64.b64decode(secret.removeprefix("whsec_"))
        signed = (f"{self.headers['webhook-id']}.{self.headers['webhook-timestamp']}."
                  .encode() + self.body)
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        offered = [part.split(",", 1)[1] for part in self.headers["webhook-signature"].split()]
        return any(hmac.compare_digest(expected, candidate) for candidate in offered)


class LoopbackServer:
    """A Starlette app served by uvicorn on 127.0.0.1 (an ephemeral port) inside the test's
    event loop, so the test can inspect what the app received."""

    def __init__(self, app: Starlette, host: str = "127.0.0.1") -> None:
        self.app = app
        self.host = host  # any of 127.0.0.0/8: a different host is a different destination
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> Self:
        config = uvicorn.Config(self.app, host=self.host, port=0, log_level="warning",
                                access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            await asyncio.sleep(0.01)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._server.force_exit = True
        if self._task is not None:
            await asyncio.wait_for(self._task, timeout=10)


class WebhookReceiver(LoopbackServer):
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.requests: list[ReceivedRequest] = []
        self.status = 200
        self.script: deque[int] = deque()
        self.retry_after: str | None = None
        self.delay_seconds = 0.0
        self.hang = False
        self.body = "ok"
        self.extra_headers: dict[str, str] = {}
        #: answer with this body stream instead (a trickle, a 50 MB page)
        self.stream: Callable[[], AsyncIterator[bytes]] | None = None
        super().__init__(Starlette(routes=[Route("/{path:path}", self._handle,
                                                 methods=["POST", "GET", "PUT"])]), host)

    async def _handle(self, request: Request) -> Response:
        body = await request.body()
        self.requests.append(ReceivedRequest(request.url.path, dict(request.headers), body))
        if self.hang:
            await asyncio.sleep(3600)
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        status = self.script.popleft() if self.script else self.status
        headers = dict(self.extra_headers)
        if self.retry_after is not None and status in (429, 503):
            headers["retry-after"] = self.retry_after
        if self.stream is not None:
            return StreamingResponse(self.stream(), status_code=status, headers=headers)
        return PlainTextResponse(self.body, status_code=status, headers=headers)

    def recipients(self) -> list[Any]:
        return [request.json["data"]["recipient"]["email"] for request in self.requests]


class LinkSite(LoopbackServer):
    """A web site for link checks: `/ok` (200), `/missing` (404), `/no-head` (405 to HEAD,
    200 to GET), `/redirect?to=URL` (302 to it), `/loop` (301 to
    itself), `/slow` (answers after an hour).
    Records every (method, path) it was asked for."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.requests: list[tuple[str, str]] = []
        super().__init__(Starlette(routes=[Route("/{path:path}", self._handle,
                                                 methods=["GET", "HEAD"])]), host)

    async def _handle(self, request: Request) -> Response:
        path = request.url.path
        self.requests.append((request.method, path))
        if path == "/ok":
            return PlainTextResponse("fine")
        if path == "/no-head":
            return PlainTextResponse("get me", status_code=405 if request.method == "HEAD"
                                     else 200)
        if path == "/redirect":
            return Response(status_code=302,
                            headers={"location": request.query_params.get("to", "/ok")})
        if path == "/loop":
            return Response(status_code=301, headers={"location": "/loop"})
        if path == "/slow":
            await asyncio.sleep(3600)
        return PlainTextResponse("not here", status_code=404)
