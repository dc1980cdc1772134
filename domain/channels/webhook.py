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
from urllib.parse import urlsplit

import httpx

from domain.channels.outbound import GuardedPoster, retry_after_seconds
from domain.channels.redaction import scrub
from domain.channels.ssrf import TargetResolver
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


#: how far a signed timestamp may be from our clock (the Standard Webhooks default)
TIMESTAMP_TOLERANCE_SECONDS = 300


def verify(secrets: list[str], headers: dict[str, str], body: bytes,
           now: float | None = None) -> str | None:
    """What a receiver checks: None when one `v1,` signature of `webhook-signature` is
    the HMAC of `id.timestamp.body` under one of `secrets` and the timestamp is within
    TIMESTAMP_TOLERANCE_SECONDS of now; else why not, in words. `headers`: lower-case
    names. Used by the development outbox's webhook sink (app/outbox.py)."""
    message_id = headers.get("webhook-id", "")
    stamp = headers.get("webhook-timestamp", "")
    offered = headers.get("webhook-signature", "").split()
    if not message_id or not stamp or not offered:
        return "webhook-id, webhook-timestamp or webhook-signature is missing"
    if not stamp.isdigit():
        return "webhook-timestamp is not a number of seconds"
    if abs((time.time() if now is None else now) - int(stamp)) > TIMESTAMP_TOLERANCE_SECONDS:
        return f"webhook-timestamp is more than {TIMESTAMP_TOLERANCE_SECONDS} s away"
    if not secrets:
        return "no signing secret to check against"
    expected = {signature for secret in secrets
                for signature in sign([secret], message_id, int(stamp), body).split()}
    if any(hmac.compare_digest(candidate, signature)
           for candidate in offered for signature in expected):
        return None
    return "no signature matches the body under the channel's secrets"


class WebhookTransport:
    def __init__(self, client: httpx.AsyncClient, resolver: TargetResolver,
                 timeout_seconds: float) -> None:
        self.poster = GuardedPoster(client, resolver, timeout_seconds)

    def destination_key(self, message: OutgoingMessage) -> str:
        return f"host:{urlsplit(message.config['url']).hostname}"

    def signing_secrets(self, message: OutgoingMessage) -> list[str]:
        return [secret for secret in (message.secrets.get("signing_secret"),
                                      message.secrets.get("previous_signing_secret")) if secret]

    async def send(self, message: OutgoingMessage) -> Outcome:
        body = json.dumps(message.payload, separators=(",", ":"), default=str).encode()
        timestamp = int(time.time())
        headers = {
            "content-type": "application/json",
            "user-agent": "publishing-webhooks/1",
            "webhook-id": message.idempotency_key,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(self.signing_secrets(message), message.idempotency_key,
                                      timestamp, body),
        }
        timeout = message.config.get("timeout_seconds")
        answer = await self.poster.post(
            message.config["url"], field="config.url", headers=headers, content=body,
            timeout=float(timeout) if timeout is not None else None)
        return answer if isinstance(answer, Outcome) else classify(answer,
                                                                     message.config["url"])


def classify(response: httpx.Response, url: str | None = None) -> Outcome:
    """The outcome of the receiver's answer. Its body goes into the error text with the
    pieces of `url` that may be credentials masked (an error page may echo the request
    URL), before it is cut, so no partial token is left."""
    status = response.status_code
    text = (scrub(response.text, url) if url else response.text) or ""
    snippet = text[:200].strip() if response.content else ""
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
