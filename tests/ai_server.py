"""A loopback stand-in for an OpenAI-compatible AI service (chat completions with a JSON
schema response, embeddings), scriptable per request: good answers, 429 with
Retry-After, 5xx, hangs, malformed JSON, out-of-range scores, oversized answers.

Embeddings are a hashed bag of words (64 dimensions), so texts sharing words are close:
the remote analyzer's relevance is meaningful against it."""

from __future__ import annotations

import asyncio
import json
import re
import time
import zlib
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from domain.intelligence.analysis import SUB_SCORES
from tests.receivers import LoopbackServer

DIMENSIONS = 64
GOOD = "good"
#: behaviours a script may hold
HANG, MALFORMED, OUT_OF_RANGE, MISSING_FIELD, HUGE = ("hang", "malformed", "out_of_range",
                                                       "missing_field", "huge")


@dataclass
class AIRequest:
    path: str
    body: dict[str, Any]
    at: float
    headers: dict[str, str] = field(default_factory=dict)


def bag_of_words(text: str) -> list[float]:
    vector = [0.0] * DIMENSIONS
    for word in re.findall(r"[a-z]{4,}", text.lower()):
        vector[zlib.crc32(word.encode()) % DIMENSIONS] += 1.0
    if not any(vector):
        vector[0] = 1.0
    return vector


class AIStandIn(LoopbackServer):
    """`behaviour` answers every request; `script` (a queue of behaviours, statuses or
    (status, retry_after) pairs) takes precedence while it lasts. `latency_seconds`
    delays every answer."""

    def __init__(self) -> None:
        self.requests: list[AIRequest] = []
        self.behaviour: str | int = GOOD
        self.script: deque[str | int | tuple[int, str]] = deque()
        self.latency_seconds = 0.0
        self.quality = 0.82
        super().__init__(Starlette(routes=[
            Route("/v1/chat/completions", self._chat, methods=["POST"]),
            Route("/v1/embeddings", self._embeddings, methods=["POST"]),
        ]))

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    def count(self, path: str | None = None) -> int:
        return sum(1 for request in self.requests
                   if path is None or request.path.endswith(path))

    async def _next(self, request: Request) -> tuple[str | int, str | None, dict[str, Any]]:
        body = json.loads(await request.body())
        self.requests.append(AIRequest(request.url.path, body, time.monotonic(),
                                       dict(request.headers)))
        if self.latency_seconds:
            await asyncio.sleep(self.latency_seconds)
        step = self.script.popleft() if self.script else self.behaviour
        retry_after = None
        if isinstance(step, tuple):
            step, retry_after = step
        if step == HANG:
            await asyncio.sleep(3600)
        return step, retry_after, body

    @staticmethod
    def _failure(step: str | int, retry_after: str | None) -> Response | None:
        if isinstance(step, int):
            headers = {"retry-after": retry_after} if retry_after is not None else {}
            return JSONResponse({"error": {"message": "stand-in failure"}}, status_code=step,
                                headers=headers)
        if step == MALFORMED:
            return PlainTextResponse("<html>upstream gateway said no</html>")
        if step == HUGE:
            return PlainTextResponse("x" * 3_000_000)
        return None

    async def _chat(self, request: Request) -> Response:
        step, retry_after, body = await self._next(request)
        if (failure := self._failure(step, retry_after)) is not None:
            return failure
        text = body["messages"][-1]["content"]
        words = re.findall(r"[A-Za-z]{5,}", text)
        answer: dict[str, Any] = {
            "quality": self.quality,
            "sub_scores": {name: {"score": 0.75, "reason": f"stand-in view of {name}"}
                           for name in SUB_SCORES},
            "keywords": sorted({word.lower() for word in words})[:5],
            "entities": ["Stand In"],
        }
        if step == OUT_OF_RANGE:
            answer["quality"] = 1.7
        if step == MISSING_FIELD:
            del answer["sub_scores"]["tone"]
        return JSONResponse({"id": "chatcmpl-standin", "object": "chat.completion",
                             "model": body.get("model"),
                             "choices": [{"index": 0, "finish_reason": "stop",
                                          "message": {"role": "assistant",
                                                      "content": json.dumps(answer)}}]})

    async def _embeddings(self, request: Request) -> Response:
        step, retry_after, body = await self._next(request)
        if (failure := self._failure(step, retry_after)) is not None:
            return failure
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        data = [{"object": "embedding", "index": index, "embedding": bag_of_words(text)}
                for index, text in enumerate(inputs)]
        return JSONResponse({"object": "list", "data": data, "model": body.get("model")})


def main() -> None:
    """Serve the stand-in on its own (bench/intelligence.py runs it in a subprocess so it
    does not share the measured process's CPU): prints its base URL, runs until killed."""
    import argparse

    import uvicorn

    parser = argparse.ArgumentParser(description="OpenAI-compatible stand-in")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--behaviour", default=GOOD,
                        help="good, hang, malformed, out_of_range or an HTTP status")
    args = parser.parse_args()
    stand_in = AIStandIn()
    stand_in.latency_seconds = args.latency
    stand_in.behaviour = int(args.behaviour) if args.behaviour.isdigit() else args.behaviour
    stand_in.requests = _Discarding()
    uvicorn.run(stand_in.app, host="127.0.0.1", port=args.port, log_level="warning",
                access_log=False, lifespan="off", timeout_graceful_shutdown=1)


class _Discarding(list):  # type: ignore[type-arg]
    """A long run keeps no request log."""

    def append(self, item: object) -> None:
        return None


if __name__ == "__main__":
    main()
