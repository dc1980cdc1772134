"""One guarded HTTP POST for every transport that calls a user-supplied URL.

The host is resolved and checked by the SSRF guard, the request goes to the checked
address (the Host header and TLS SNI keep the name), redirects are never followed, and a
timeout or connection failure becomes a retryable outcome that counts against the
destination's breaker. Transports only build the body and classify the answer.
"""

from __future__ import annotations

import asyncio
import math
import time
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from domain.channels.redaction import scrub_outcome
from domain.channels.ssrf import BlockedTarget, RefusedUrl, ResolvedTarget, TargetResolver
from domain.channels.transport import FailureReason, Outcome, OutcomeKind
from domain.errors import InvalidInput

#: What we keep of an answer: enough for any provider's error code or JSON, never a
#: receiver's 50 MB page (the rest is not read).
MAX_RESPONSE_BYTES = 64 * 1024
#: A destination may ask for a long pause; we believe it up to a day (`inf` or a year
#: from a broken header must not overflow a timer or park a delivery for ever).
MAX_RETRY_AFTER_SECONDS = 86_400.0


def host_header(url: str) -> str:
    """The Host header for `url`: host and port as written, never user info (refused by
    the guard anyway)."""
    return urlsplit(url).netloc.rpartition("@")[2]


def connect_url(url: str, target: ResolvedTarget) -> str:
    """The URL with its host replaced by the checked address (Host header keeps the name)."""
    parts = urlsplit(url)
    address = f"[{target.address}]" if ":" in target.address else target.address
    netloc = f"{address}:{target.port}"
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After is either seconds or an HTTP date; garbage and `nan` are no answer,
    and a huge value (`inf` included) is capped at a day."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, OverflowError):
            return None
    if math.isnan(seconds):
        return None
    return min(max(0.0, seconds), MAX_RETRY_AFTER_SECONDS)


async def _read_capped(response: httpx.Response, limit: int) -> bytes:
    """Up to `limit` bytes of the (decoded) body; the rest is never read."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    return b"".join(chunks)[:limit]


class GuardedPoster:
    def __init__(self, client: httpx.AsyncClient, resolver: TargetResolver,
                 timeout_seconds: float) -> None:
        self.client = client
        self.resolver = resolver
        self.timeout_seconds = timeout_seconds

    async def post(self, url: str, *, field: str, headers: dict[str, str],
                   content: bytes | None = None, json: Any = None,
                   timeout: float | None = None) -> httpx.Response | Outcome:
        """The provider's response, or the outcome when no response could be had (its
        error text never holds the URL's path, query or user info)."""
        try:
            target = await self.resolver.resolve(url, field=field)
        except InvalidInput as error:
            reason = (FailureReason.BLOCKED_BY_SSRF_GUARD if isinstance(error, BlockedTarget)
                      else FailureReason.MISCONFIGURED if isinstance(error, RefusedUrl)
                      else FailureReason.UNREACHABLE)
            return Outcome(OutcomeKind.PERMANENT, error=error.message, reason=reason)
        timeout = timeout if timeout is not None else self.timeout_seconds
        extensions: dict[str, Any] = {"sni_hostname": target.host} \
            if target.scheme == "https" else {}
        request = self.client.build_request(
            "POST", connect_url(url, target), content=content, json=json,
            headers={**headers, "host": host_header(url)}, timeout=timeout,
            extensions=extensions)
        try:
            # httpx's timeouts are per read: a receiver trickling a byte at a time would
            # hold the request (and its lease) for ever, so the whole exchange has one
            # deadline, and only the head of the body is kept
            async with asyncio.timeout(timeout):
                response = await self.client.send(request, stream=True,
                                                   follow_redirects=False)
                try:
                    body = await _read_capped(response, MAX_RESPONSE_BYTES)
                finally:
                    await response.aclose()
            headers_kept = [(name, value) for name, value in response.headers.multi_items()
                            if name.lower() not in ("content-encoding", "content-length",
                                                    "transfer-encoding")]
            return httpx.Response(response.status_code, headers=headers_kept, content=body,
                                  request=request)
        except (httpx.TimeoutException, TimeoutError):
            return Outcome(OutcomeKind.RETRY, error=f"timed out after {timeout:g}s",
                           counts_against_breaker=True, reason=FailureReason.TIMEOUT)
        except httpx.TransportError as error:
            # the library's text may quote the request URL
            return scrub_outcome(Outcome(
                OutcomeKind.RETRY, error=f"connection failed: {type(error).__name__}: {error}",
                counts_against_breaker=True, reason=FailureReason.UNREACHABLE), url,
                limit=500)
