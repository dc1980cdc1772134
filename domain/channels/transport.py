"""The one small interface every channel type implements, and what a send can come to.

A transport turns a prepared message into a provider call and classifies the answer.
It never touches the ledger: the engine records outcomes, so every channel gets the same
retry, dead-letter, rate-limit and breaker behaviour.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from domain.templates.rendering import RenderedMessage


class OutcomeKind(StrEnum):
    SENT = "sent"
    RETRY = "retry"            # transient: try again later
    PERMANENT = "permanent"    # this delivery cannot succeed; stop with the reason
    DISABLE = "disable"        # the destination is gone or refuses us: disable the channel


class FailureReason(StrEnum):
    """Why a send failed, in words an editor can act on (testChannel reports it)."""

    BAD_CREDENTIALS = "bad_credentials"          # token/key refused: fix the secret
    NOT_FOUND = "not_found"                      # webhook, channel or sender does not exist
    RATE_LIMITED = "rate_limited"                # the provider asked us to slow down
    UNREACHABLE = "network_unreachable"          # DNS, connection refused, TLS failure
    TIMEOUT = "timeout"                          # no answer in time
    BLOCKED_BY_SSRF_GUARD = "blocked_by_ssrf_guard"  # target resolves into a private network
    REJECTED = "rejected"                        # the provider refused this message
    PROVIDER_ERROR = "provider_error"            # the provider failed (5xx); try later
    MISCONFIGURED = "misconfigured"              # the channel lacks what sending needs
    CIRCUIT_OPEN = "circuit_open"                # our breaker holds sends to this destination


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: OutcomeKind
    error: str | None = None
    provider_message_id: str | None = None
    retry_after: float | None = None
    rate_limited: bool = False
    status_code: int | None = None
    #: whether the failure says something about the destination's health (breaker input)
    counts_against_breaker: bool = False
    reason: FailureReason | None = None
    #: the provider said its budget is spent (e.g. Discord X-RateLimit-Remaining: 0): hold
    #: the destination this long even though this send succeeded
    pause_seconds: float | None = None

    @classmethod
    def sent(cls, provider_message_id: str | None = None, status_code: int | None = None,
             pause_seconds: float | None = None) -> Outcome:
        return cls(OutcomeKind.SENT, provider_message_id=provider_message_id,
                   status_code=status_code, pause_seconds=pause_seconds)


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """Everything a transport needs for one delivery, prepared by the engine."""

    delivery_id: int
    idempotency_key: str
    recipient: str
    channel_id: int
    config: dict[str, Any]
    secrets: dict[str, Any]
    payload: dict[str, Any] = field(default_factory=dict)
    #: what the channel's templates rendered for this recipient (None: render failed or
    #: the transport builds its own body, e.g. tests)
    rendered: RenderedMessage | None = None
    #: signed per-recipient links: `unsubscribe` (https one-click URL), `unsubscribe_mailto`,
    #: `preferences`
    links: Mapping[str, str] = field(default_factory=dict)
    publication_id: int | None = None
    subscriber_id: int | None = None
    #: True for testChannel: the message is a test, nothing is recorded in the ledger
    is_test: bool = False


class Transport(Protocol):
    def destination_key(self, message: OutgoingMessage) -> str:
        """The rate-limit bucket this message belongs to (a host, a webhook, an account)."""

    async def send(self, message: OutgoingMessage) -> Outcome:
        """Deliver once; classify every answer instead of raising."""
