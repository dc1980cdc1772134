"""testChannel's send: a delivery's path (templates, breaker, shared limiter, transport,
pauses, breaker record) without a ledger row. A DISABLE answer is reported, not applied
(see domain.channels.testing)."""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections.abc import Mapping
from typing import Any

from domain.channels import testing
from domain.channels.models import Channel, ChannelType
from domain.channels.transport import (
    FailureReason,
    OutgoingMessage,
    Transport,
)
from domain.crypto import SecretDecryptionError
from domain.deliveries.compose import CompositionError
from domain.deliveries.gate import DeliveryGate, send_through
from domain.deliveries.sender import NewComposer, SecretsOf
from domain.templates.context import PublicationData

#: testChannel waits this long for the shared rate limiter before answering rate_limited
TEST_MAX_WAIT_SECONDS = 2.0


class ChannelTester:
    def __init__(self, *, gate: DeliveryGate, transports: Mapping[ChannelType, Transport],
                 secrets_of: SecretsOf, new_composer: NewComposer) -> None:
        self.gate = gate
        self.transports = transports
        self.secrets_of = secrets_of
        self.new_composer = new_composer

    async def send_test(self, channel: Channel, *, recipient: str,
                        publication: PublicationData) -> testing.ChannelTestResult:
        """As for a delivery, admission comes before the limiter; a probe held back by
        the limiter is released at once."""
        transport = self.transports.get(channel.type)
        if transport is None:
            return testing.refused(FailureReason.MISCONFIGURED, "This service has no "
                                   f"transport for {channel.type.value} channels")
        try:
            secrets = self.secrets_of(channel)
        except SecretDecryptionError:
            return testing.refused(FailureReason.MISCONFIGURED, "The channel's secrets cannot "
                                   "be decrypted (written with a key no longer in SECRET_KEY or "
                                   "PREVIOUS_SECRET_KEYS?): set them again")
        try:
            message = await self._test_message(channel, secrets, recipient, publication)
        except CompositionError as error:
            return testing.refused(FailureReason.MISCONFIGURED,
                                   f"The channel's templates cannot render a message: {error}")
        admission = await self.gate.breaker.admit(channel.id)
        if not admission.allowed:
            return testing.circuit_open(admission.wait_seconds)
        destination = transport.destination_key(message)
        wait = await self.gate.acquire_within(destination, channel, TEST_MAX_WAIT_SECONDS)
        if wait > 0:
            if admission.probe:
                await self.gate.breaker.release_probe(channel.id)
            return testing.held_back(channel.type, wait,
                                     await self.gate.limiter.paused_for(destination) > 0)
        started = time.perf_counter()
        outcome = await send_through(transport, message)
        duration_ms = (time.perf_counter() - started) * 1000
        # what the answer means for everybody sending there: pauses and the breaker,
        # exactly as for a delivery (the ledger and disabling excepted)
        await self.gate.obey_pauses(destination, outcome)
        await self.gate.settle(channel.id, outcome, admission)
        return testing.from_outcome(outcome, channel.type, recipient=recipient,
                                    secret_names=sorted(secrets), duration_ms=duration_ms)

    async def _test_message(self, channel: Channel, secrets: dict[str, Any], recipient: str,
                            publication: PublicationData) -> OutgoingMessage:
        """The test publication composed like a channel-wide delivery (raises
        CompositionError); webhook bodies say `"test": true` so receivers can tell."""
        composer = self.new_composer()
        await composer.prepare({0: publication}, {channel.id: channel}, {(0, channel.id)})
        message = await composer.compose_async(
            delivery_id=0, idempotency_key=f"test_{uuid.uuid4().hex}", recipient=recipient,
            publication_id=0, channel=channel, secrets=secrets, subscriber=None, is_test=True)
        payload = {**message.payload, "test": True} if message.payload else message.payload
        return dataclasses.replace(message, publication_id=None, payload=payload)
