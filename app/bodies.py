"""Reading request bodies from the public endpoints (anyone on the internet can call
them), with a size cap."""

from __future__ import annotations

from starlette.requests import Request


async def read_capped_body(request: Request, limit: int) -> bytes | None:
    """The body, or None when it is larger than `limit` bytes (checked against the
    declared length first, then while reading, so a lying client cannot stream more)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)
