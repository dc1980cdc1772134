"""One guarded HTTP POST for every transport that calls a user-supplied URL.

The host is resolved and checked by the SSRF guard, the request goes to the checked
address (the Host header and TLS SNI keep the name), redirects are never followed, and a
timeout or connection failure becomes a retryable outcome that counts against the
destination's breaker. Transports only build the body and classify the answer.
"""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from domain.channels.ssrf import BlockedTarget, ResolvedTarget, TargetResolver
from domain.channels.transport import FailureReason, Outcome, OutcomeKind
from domain.errors import InvalidInput


def connect_url(url: str, target: ResolvedTarget) -> str:
    """The URL with its host replaced by the checked address (Host header keeps the name)."""
    parts = urlsplit(url)
    address = f"[{target.address}]" if ":" in target.address else target.address
    netloc = f"{address}:{target.port}"
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After is either seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class GuardedPoster:
    def __init__(self, client: httpx.AsyncClient, resolver: TargetResolver,
                 timeout_seconds: float) -> None:
        self.client = client
        self.resolver = resolver
        self.timeout_seconds = timeout_seconds

    async def post(self, url: str, *, field: str, headers: dict[str, str],
                   content: bytes | None = None, json: Any = None,
                   timeout: float | None = None) -> httpx.Response | Outcome:
        """The provider's response, or the outcome when no response could be had."""
        try:
            target = await self.resolver.resolve(url, field=field)
        except InvalidInput as error:
            reason = FailureReason.BLOCKED_BY_SSRF_GUARD if isinstance(
                error, BlockedTarget) else FailureReason.UNREACHABLE
            return Outcome(OutcomeKind.PERMANENT, error=error.message, reason=reason)
        timeout = timeout if timeout is not None else self.timeout_seconds
        extensions: dict[str, Any] = {"sni_hostname": target.host} \
            if target.scheme == "https" else {}
        try:
            return await self.client.post(
                connect_url(url, target), content=content, json=json,
                headers={**headers, "host": urlsplit(url).netloc}, timeout=timeout,
                extensions=extensions, follow_redirects=False)
        except httpx.TimeoutException:
            return Outcome(OutcomeKind.RETRY, error=f"timed out after {timeout:g}s",
                           counts_against_breaker=True, reason=FailureReason.TIMEOUT)
        except httpx.TransportError as error:
            return Outcome(OutcomeKind.RETRY,
                           error=f"connection failed: {type(error).__name__}: {error}"[:500],
                           counts_against_breaker=True, reason=FailureReason.UNREACHABLE)
