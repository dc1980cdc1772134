"""The one small interface every channel type implements, and what a send can come to.

A transport turns a prepared message into a provider call and classifies the answer.
It never touches the ledger: the engine records outcomes, so every channel gets the same
retry, dead-letter, rate-limit and breaker behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class OutcomeKind(StrEnum):
    SENT = "sent"
    RETRY = "retry"            # transient: try again later
    PERMANENT = "permanent"    # this delivery cannot succeed; stop with the reason
    DISABLE = "disable"        # the destination is gone or refuses us: disable the channel


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

    @classmethod
    def sent(cls, provider_message_id: str | None = None, status_code: int | None = None
             ) -> Outcome:
        return cls(OutcomeKind.SENT, provider_message_id=provider_message_id,
                   status_code=status_code)


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


class Transport(Protocol):
    def destination_key(self, message: OutgoingMessage) -> str:
        """The rate-limit bucket this message belongs to (a host, a webhook, an account)."""

    async def send(self, message: OutgoingMessage) -> Outcome:
        """Deliver once; classify every answer instead of raising."""
