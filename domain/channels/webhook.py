"""Signed webhooks following the Standard Webhooks specification.

`webhook-id` is the delivery's idempotency key, identical on every retry, so receivers
can drop duplicates; `webhook-timestamp` is per attempt; `webhook-signature` carries one
`v1,<base64 HMAC-SHA256>` per active secret, space separated, so a secret can be rotated
with the old and new one valid side by side.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from domain.channels.ssrf import ResolvedTarget, TargetResolver
from domain.channels.transport import Outcome, OutcomeKind, OutgoingMessage
from domain.errors import InvalidInput

SECRET_PREFIX = "whsec_"
RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}
SLOW_DOWN_STATUS = {429, 502, 504}


def secret_bytes(secret: str) -> bytes:
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("webhook signing secret must be whsec_ followed by base64",
                           field="secrets.signing_secret") from None


def sign(secrets: list[str], message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    return " ".join(
        "v1," + base64.b64encode(hmac.new(secret_bytes(secret), signed, hashlib.sha256)
                                 .digest()).decode()
        for secret in secrets
    )


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


def connect_url(url: str, target: ResolvedTarget) -> str:
    """The URL with its host replaced by the checked address (Host header keeps the name)."""
    parts = urlsplit(url)
    address = f"[{target.address}]" if ":" in target.address else target.address
    netloc = f"{address}:{target.port}"
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


class WebhookTransport:
    def __init__(self, client: httpx.AsyncClient, resolver: TargetResolver,
                 timeout_seconds: float) -> None:
        self.client = client
        self.resolver = resolver
        self.timeout_seconds = timeout_seconds

    def destination_key(self, message: OutgoingMessage) -> str:
        return f"host:{urlsplit(message.config['url']).hostname}"

    def signing_secrets(self, message: OutgoingMessage) -> list[str]:
        return [secret for secret in (message.secrets.get("signing_secret"),
                                      message.secrets.get("previous_signing_secret")) if secret]

    async def send(self, message: OutgoingMessage) -> Outcome:
        url = message.config["url"]
        try:
            target = await self.resolver.resolve(url, field="config.url")
        except InvalidInput as error:
            return Outcome(OutcomeKind.PERMANENT, error=error.message)
        body = json.dumps(message.payload, separators=(",", ":"), default=str).encode()
        timestamp = int(time.time())
        headers = {
            "content-type": "application/json",
            "user-agent": "publishing-webhooks/1",
            "host": urlsplit(url).netloc,
            "webhook-id": message.idempotency_key,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(self.signing_secrets(message), message.idempotency_key,
                                      timestamp, body),
        }
        extensions: dict[str, Any] = {"sni_hostname": target.host} \
            if target.scheme == "https" else {}
        timeout = float(message.config.get("timeout_seconds", self.timeout_seconds))
        try:
            response = await self.client.post(
                connect_url(url, target), content=body, headers=headers,
                timeout=timeout, extensions=extensions, follow_redirects=False)
        except httpx.TimeoutException:
            return Outcome(OutcomeKind.RETRY, error=f"timed out after {timeout:g}s",
                           counts_against_breaker=True)
        except httpx.TransportError as error:
            return Outcome(OutcomeKind.RETRY,
                           error=f"connection failed: {type(error).__name__}: {error}"[:500],
                           counts_against_breaker=True)
        return classify(response)


def classify(response: httpx.Response) -> Outcome:
    status = response.status_code
    snippet = response.text[:200].strip() if response.content else ""
    detail = f"HTTP {status}" + (f": {snippet}" if snippet else "")
    if 200 <= status < 300:
        return Outcome.sent(status_code=status)
    if status == 410:
        return Outcome(OutcomeKind.DISABLE, error=f"{detail} (endpoint gone; channel disabled)",
                       status_code=status)
    if 300 <= status < 400:
        return Outcome(OutcomeKind.PERMANENT,
                       error=f"{detail} (redirects are not followed)", status_code=status)
    if status in RETRYABLE_STATUS:
        return Outcome(OutcomeKind.RETRY, error=detail, status_code=status,
                       retry_after=retry_after_seconds(response.headers.get("retry-after")),
                       rate_limited=status in SLOW_DOWN_STATUS,
                       counts_against_breaker=status >= 500)
    if status >= 500:
        return Outcome(OutcomeKind.RETRY, error=detail, status_code=status,
                       counts_against_breaker=True)
    return Outcome(OutcomeKind.PERMANENT, error=detail, status_code=status)
