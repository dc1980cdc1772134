"""Email through Amazon SES (API v2), one raw MIME message per delivery.

The message is built by `domain.channels.mime.build_email` (the preview uses the same
function) and sent with `SendEmail` + `Content.Raw`, so our headers (List-Unsubscribe,
List-Unsubscribe-Post, the delivery header) reach the recipient unchanged.

* Recipients: SES v2 accepts at most 50 per call; one delivery is one recipient, and the
  limit is enforced here so a future batching change cannot exceed it silently.
* Rate: SES sends no rate headers. The account's max send rate (config
  `max_send_rate`) is enforced by the engine's Redis limiter, keyed by `destination_key`
  = account (access key) + region, so every worker and every channel sending through
  one account share one budget. A throttling answer pauses that key for all workers.
* Clients: one aiobotocore client per (region, endpoint, credentials), opened once and
  reused (connection pool, signer, credential resolution). At most `CLIENT_CACHE_SIZE`
  stay open, and one unused for `CLIENT_IDLE_SECONDS` is closed (rotated keys, deleted
  channels and test sends with throwaway keys must not keep pools open for ever); a
  client pushed out while a send uses it is closed when that send ends. `close()` exits
  them all.
  botocore's own retries are off: the engine decides when to try again.
* EmailTags carry the delivery, publication and channel ids and the delivery key: SES
  echoes them in its bounce / complaint / delivery events, which is how those events
  find their delivery.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import time
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any

import aioboto3
from aiobotocore.config import AioConfig
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionError,
    CredentialRetrievalError,
    HTTPClientError,
    NoCredentialsError,
    ParamValidationError,
    PartialCredentialsError,
    ReadTimeoutError,
)

from domain.caching import TTLCache
from domain.channels.mime import EmailBuildError, build_email
from domain.channels.providers import ProviderEndpoints
from domain.channels.transport import FailureReason, Outcome, OutcomeKind, OutgoingMessage

#: SES v2 SendEmail accepts at most 50 recipients (To + Cc + Bcc) per call
MAX_RECIPIENTS_PER_CALL = 50
#: SES v2's message size limit, attachments and encoding included
MAX_MESSAGE_BYTES = 40 * 1024 * 1024
#: "Maximum sending rate exceeded" clears within a second
RATE_PAUSE_SECONDS = 1.0
#: the daily quota is a rolling 24 hours: look again in a quarter of an hour, not at once
QUOTA_PAUSE_SECONDS = 900.0

THROTTLING_CODES = frozenset({"TooManyRequestsException", "ThrottlingException",
                              "Throttling", "LimitExceededException"})
REJECTED_CODES = frozenset({"MessageRejected", "MailFromDomainNotVerifiedException",
                            "BadRequestException", "InvalidParameterValue",
                            "ValidationException", "ValidationError"})
SUSPENDED_CODES = frozenset({"AccountSuspendedException", "SendingPausedException"})
CREDENTIAL_CODES = frozenset({
    "UnrecognizedClientException", "InvalidClientTokenId", "SignatureDoesNotMatch",
    "AccessDeniedException", "AccessDenied", "InvalidSignatureException",
    "MissingAuthenticationToken", "MissingAuthenticationTokenException",
    "IncompleteSignature", "IncompleteSignatureException", "AuthFailure",
})
#: temporary credentials from the default chain expire and are refreshed: try again
EXPIRED_CODES = frozenset({"ExpiredToken", "ExpiredTokenException", "RequestExpired"})
PROVIDER_FAILURE_CODES = frozenset({"InternalFailure", "InternalServerError",
                                    "InternalFailureException", "ServiceUnavailable",
                                    "ServiceUnavailableException"})
TIMEOUT_CODES = frozenset({"RequestTimeout", "RequestTimeoutException"})

_QUOTA_WORDS = re.compile(r"daily|quota|24[- ]?hour", re.IGNORECASE)
_RATE_WORDS = re.compile(r"sending rate|send rate|per second", re.IGNORECASE)
_UNVERIFIED_WORDS = re.compile(r"not verified|authority to send|unverified", re.IGNORECASE)
_TAG_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
ERROR_MAX = 500
#: open SES clients kept per process (one per region, endpoint and credentials)
CLIENT_CACHE_SIZE = 64
#: an SES client unused this long is closed
CLIENT_IDLE_SECONDS = 900.0

log = logging.getLogger(__name__)


def tag_value(value: object) -> str:
    """SES tag names and values allow only ASCII letters, digits, `_` and `-`, ≤256."""
    return _TAG_UNSAFE.sub("_", str(value))[:256]


def email_tags(message: OutgoingMessage) -> list[dict[str, str]]:
    values: dict[str, object | None] = {
        "delivery_id": message.delivery_id, "publication_id": message.publication_id,
        "channel_id": message.channel_id, "delivery_key": message.idempotency_key,
    }
    if message.is_test:
        values["test_send"] = "true"
    return [{"Name": name, "Value": tag_value(value)} for name, value in values.items()
            if value is not None and tag_value(value)]


def _region(message: OutgoingMessage, endpoints: ProviderEndpoints) -> str:
    return str(message.config.get("region") or endpoints.ses_region)


def classify_client_error(code: str, text: str, status: int | None, *, region: str,
                          configuration_set: str | None = None) -> Outcome:
    """Map SES's error code (and HTTP status for codes we do not know) to an outcome."""
    detail = f"SES {code or 'error'}" + (f" (HTTP {status})" if status else "") + (
        f": {text}" if text else "")
    detail = detail[:ERROR_MAX]

    def outcome(kind: OutcomeKind, reason: FailureReason, error: str = detail,
                **fields: Any) -> Outcome:
        return Outcome(kind, error=error[:ERROR_MAX], status_code=status, reason=reason,
                       **fields)

    if code in THROTTLING_CODES or (status == 429 and code not in CREDENTIAL_CODES):
        quota = bool(_QUOTA_WORDS.search(text)) or (
            code == "LimitExceededException" and not _RATE_WORDS.search(text))
        return outcome(OutcomeKind.RETRY, FailureReason.RATE_LIMITED, rate_limited=True,
                       retry_after=QUOTA_PAUSE_SECONDS if quota else RATE_PAUSE_SECONDS)
    if code in SUSPENDED_CODES:
        return outcome(OutcomeKind.DISABLE, FailureReason.REJECTED,
                       f"{detail} (SES refuses to send for this account or configuration "
                       "set; channel disabled)")
    if code == "NotFoundException" or (status == 404 and code not in CREDENTIAL_CODES):
        what = (f"configuration set {configuration_set!r}" if configuration_set
                else "a resource the message names")
        return outcome(OutcomeKind.DISABLE, FailureReason.NOT_FOUND,
                       f"{detail} ({what} does not exist in SES region {region}; "
                       "channel disabled)")
    if code in EXPIRED_CODES:
        return outcome(OutcomeKind.RETRY, FailureReason.BAD_CREDENTIALS,
                       counts_against_breaker=True)
    if code in CREDENTIAL_CODES or status in (401, 403):
        return outcome(OutcomeKind.DISABLE, FailureReason.BAD_CREDENTIALS,
                       f"{detail} (SES refused the AWS credentials; fix "
                       "secrets.aws_access_key_id / aws_secret_access_key or the IAM "
                       "policy; channel disabled)")
    if code in TIMEOUT_CODES or status == 408:
        return outcome(OutcomeKind.RETRY, FailureReason.TIMEOUT, counts_against_breaker=True)
    if code in PROVIDER_FAILURE_CODES or (status is not None and status >= 500):
        return outcome(OutcomeKind.RETRY, FailureReason.PROVIDER_ERROR,
                       counts_against_breaker=True)
    if code in REJECTED_CODES or (status is not None and 400 <= status < 500):
        if _UNVERIFIED_WORDS.search(text) or code == "MailFromDomainNotVerifiedException":
            detail = (f"{detail} (the sender address or its domain is not verified in SES "
                      f"region {region}; verify it, or leave the SES sandbox for "
                      "unverified recipients)")
        return outcome(OutcomeKind.PERMANENT, FailureReason.REJECTED, detail)
    return outcome(OutcomeKind.RETRY, FailureReason.PROVIDER_ERROR,
                   counts_against_breaker=True)


def classify_error(error: Exception, *, region: str,
                   configuration_set: str | None = None) -> Outcome:
    """Every failure of a SendEmail call as an outcome; nothing escapes to the engine."""
    if isinstance(error, ClientError):
        body = error.response.get("Error", {})
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return classify_client_error(str(body.get("Code") or ""),
                                     str(body.get("Message") or ""), status, region=region,
                                     configuration_set=configuration_set)
    text = f"{type(error).__name__}: {error}"[:ERROR_MAX]
    if isinstance(error, NoCredentialsError | PartialCredentialsError |
                  CredentialRetrievalError):
        return Outcome(OutcomeKind.DISABLE, reason=FailureReason.BAD_CREDENTIALS,
                       error=f"no usable AWS credentials ({text}); set "
                             "secrets.aws_access_key_id and aws_secret_access_key; "
                             "channel disabled")
    if isinstance(error, ReadTimeoutError | TimeoutError):
        return Outcome(OutcomeKind.RETRY, error=f"SES did not answer in time ({text})",
                       reason=FailureReason.TIMEOUT, counts_against_breaker=True)
    if isinstance(error, ConnectionError | HTTPClientError | OSError):
        # ConnectTimeoutError and EndpointConnectionError are ConnectionErrors
        return Outcome(OutcomeKind.RETRY, error=f"cannot reach SES ({text})",
                       reason=FailureReason.UNREACHABLE, counts_against_breaker=True)
    if isinstance(error, ParamValidationError):
        return Outcome(OutcomeKind.PERMANENT, error=f"invalid SES request ({text})",
                       reason=FailureReason.MISCONFIGURED)
    return Outcome(OutcomeKind.RETRY, error=f"SES call failed ({text})",
                   reason=FailureReason.PROVIDER_ERROR, counts_against_breaker=True)


@dataclass(eq=False)
class _OpenClient:
    client: Any
    stack: AsyncExitStack
    #: sends using the client right now (a retired client is closed when this is 0)
    users: int = 0
    closed: bool = field(default=False)


class EmailTransport:
    """The `Transport` for email channels (see the module docstring)."""

    def __init__(self, endpoints: ProviderEndpoints, *, connect_timeout: float = 5.0,
                 read_timeout: float = 15.0, max_pool_connections: int = 50,
                 client_cache_size: int = CLIENT_CACHE_SIZE,
                 client_idle_seconds: float = CLIENT_IDLE_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.endpoints = endpoints
        self.config = AioConfig(
            connect_timeout=connect_timeout, read_timeout=read_timeout,
            # total_max_attempts counts the first call: exactly one HTTP request per send
            # (botocore's `max_attempts` counts retries after it, so 1 would mean two)
            retries={"total_max_attempts": 1, "mode": "standard"},
            max_pool_connections=max_pool_connections,
        )
        self._clients: TTLCache[tuple[str, str | None, str, str], _OpenClient] = TTLCache(
            client_cache_size, client_idle_seconds, clock=clock, sliding=True,
            on_evict=lambda _key, entry: self._retired.append(entry))
        #: pushed out of the cache, not closed yet (a send was using them)
        self._retired: list[_OpenClient] = []
        self._lock = asyncio.Lock()
        self._clock = clock
        self._next_sweep = 0.0

    @property
    def open_clients(self) -> int:
        """How many SES clients are open (one per region, endpoint and credentials)."""
        return len(self._clients) + sum(not entry.closed for entry in self._retired)

    def destination_key(self, message: OutgoingMessage) -> str:
        # SES's send rate and quota belong to the account in a region
        account = message.secrets.get("aws_access_key_id") or "default"
        return f"ses:{_region(message, self.endpoints)}:{account}"

    async def _acquire(self, region: str, key_id: str | None, secret: str | None
                       ) -> _OpenClient:
        """The open client for these credentials, marked in use until `_release`."""
        fingerprint = hashlib.sha256((secret or "").encode()).hexdigest()[:16]
        key = (region, self.endpoints.ses_endpoint_url, key_id or "", fingerprint)
        if self._clock() >= self._next_sweep:  # idle clients go even if never asked for
            self._next_sweep = self._clock() + 1.0
            self._clients.expire()
        entry = self._clients.get(key)
        if entry is None:
            async with self._lock:  # two first sends must not open two clients
                entry = self._clients.get(key)
                if entry is None:
                    session = aioboto3.Session(aws_access_key_id=key_id or None,
                                               aws_secret_access_key=secret or None,
                                               region_name=region)
                    stack = AsyncExitStack()
                    client = await stack.enter_async_context(session.client(
                        "sesv2", region_name=region,
                        endpoint_url=self.endpoints.ses_endpoint_url, config=self.config))
                    entry = _OpenClient(client, stack)
                    self._clients.set(key, entry)
        entry.users += 1
        await self._close_retired()
        return entry

    async def _release(self, entry: _OpenClient) -> None:
        entry.users -= 1
        await self._close_retired()

    async def _close_retired(self, *, all_of_them: bool = False) -> None:
        if not self._retired:
            return
        closing = [entry for entry in self._retired if all_of_them or entry.users <= 0]
        self._retired = [entry for entry in self._retired if entry not in closing]
        for entry in closing:
            if entry.closed:
                continue
            entry.closed = True
            try:
                await entry.stack.aclose()
            except Exception:  # a pool that fails to close must not fail a send
                log.warning("closing an SES client failed", exc_info=True)

    async def send(self, message: OutgoingMessage) -> Outcome:
        region = _region(message, self.endpoints)
        configuration_set = message.config.get("configuration_set") or None
        key_id = message.secrets.get("aws_access_key_id")
        secret = message.secrets.get("aws_secret_access_key")
        if not key_id and not secret and self.endpoints.ses_fallback_credentials:
            key_id, secret = self.endpoints.ses_fallback_credentials
        if bool(key_id) != bool(secret):
            return Outcome(OutcomeKind.DISABLE, reason=FailureReason.BAD_CREDENTIALS,
                           error="secrets.aws_access_key_id and aws_secret_access_key go "
                                 "together (or leave both out to use the default AWS "
                                 "credentials); channel disabled")
        try:
            email = build_email(message)
        except EmailBuildError as error:
            if error.field.startswith("config."):
                return Outcome(OutcomeKind.DISABLE, error=f"{error.message}; channel disabled",
                               reason=FailureReason.MISCONFIGURED)
            reason = (FailureReason.REJECTED if error.field == "recipient"
                      else FailureReason.MISCONFIGURED)
            return Outcome(OutcomeKind.PERMANENT, error=error.message, reason=reason)
        recipients = [address.addr_spec for address in email["To"].addresses]
        if not 1 <= len(recipients) <= MAX_RECIPIENTS_PER_CALL:
            return Outcome(OutcomeKind.PERMANENT, reason=FailureReason.MISCONFIGURED,
                           error=f"SES takes 1 to {MAX_RECIPIENTS_PER_CALL} recipients per "
                                 f"message, not {len(recipients)}")
        raw = email.as_bytes()
        if len(raw) > MAX_MESSAGE_BYTES:
            return Outcome(OutcomeKind.PERMANENT, reason=FailureReason.REJECTED,
                           error=f"message is {len(raw)} bytes; SES accepts at most "
                                 f"{MAX_MESSAGE_BYTES}")
        request: dict[str, Any] = {
            "FromEmailAddress": email["From"].addresses[0].addr_spec,
            "Destination": {"ToAddresses": recipients},
            "Content": {"Raw": {"Data": raw}},
            "EmailTags": email_tags(message),
        }
        if configuration_set:
            request["ConfigurationSetName"] = configuration_set
        try:
            entry = await self._acquire(region, key_id, secret)
            try:
                response = await entry.client.send_email(**request)
            finally:
                await self._release(entry)
        except (BotoCoreError, ClientError, OSError, TimeoutError) as error:
            return classify_error(error, region=region, configuration_set=configuration_set)
        except ValueError as error:  # an endpoint URL botocore cannot use
            return Outcome(OutcomeKind.DISABLE, reason=FailureReason.MISCONFIGURED,
                           error=f"cannot use the SES endpoint: {error}"[:ERROR_MAX])
        status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return Outcome.sent(provider_message_id=response.get("MessageId"), status_code=status)

    async def close(self) -> None:
        """Exit every open client (their connection pools); the transport can be used
        again afterwards and reopens clients on demand."""
        self._clients.clear()
        await self._close_retired(all_of_them=True)
