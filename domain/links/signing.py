"""Tokens for public links that must not be forged or enumerated.

A token carries a few small values (ids) and an HMAC-SHA256 tag computed with a key
derived from SECRET_KEY and the token's purpose, so a token minted for one purpose (an
open pixel) is worthless for another (unsubscribing). Values are visible to whoever holds
the token: never put secrets in them. The tag is 128 bits: guessing one is hopeless, and
changing a value (another subscriber id) invalidates it.

With a key ring (SECRET_KEY, then PREVIOUS_SECRET_KEYS) the newest key signs and every
key verifies, so links already in inboxes keep working after a rotation until their key
is dropped. The derivation is the one used before key rings: links sent then still verify.

Format: base64url("v1:" + values joined by ":") + "." + base64url(tag), all URL-safe.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from domain.keyring import KeyRing

VERSION = "v1"
TAG_BYTES = 16
MAX_TOKEN_LENGTH = 512


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def link_key(secret_key: str, purpose: str) -> bytes:
    """The HMAC key links of one purpose get from one operator key."""
    return hmac.new(secret_key.encode(), f"publishing-link:{purpose}".encode(),
                    hashlib.sha256).digest()


class TokenSigner:
    """Signs and verifies the tokens of one purpose (`unsubscribe`, `open`, `click`)."""

    def __init__(self, secret_key: KeyRing | str, purpose: str) -> None:
        if not purpose or ":" in purpose:
            raise ValueError("purpose must be a non-empty word")
        self.purpose = purpose
        #: newest first: the first signs, all verify
        self._keys = tuple(link_key(secret, purpose) for secret in KeyRing.of(secret_key))
        self._key = self._keys[0]

    def _tag(self, payload: bytes, key: bytes | None = None) -> bytes:
        # hmac.digest is OpenSSL's one-shot HMAC: a fraction of hmac.new()'s cost, which
        # matters on the tracking endpoints (one verification per request)
        return hmac.digest(key or self._key, payload, "sha256")[:TAG_BYTES]

    def _known_tag(self, payload: bytes, tag: bytes) -> bool:
        """Whether a key of the ring gives this tag: the newest first (one HMAC, the
        common case), then the previous keys."""
        return hmac.compare_digest(tag, self._tag(payload)) or any(
            hmac.compare_digest(tag, self._tag(payload, key)) for key in self._keys[1:])

    def sign(self, *values: int | str) -> str:
        parts = [str(value) for value in values]
        if any(":" in part for part in parts):
            raise ValueError("token values must not contain ':'")
        payload = ":".join([VERSION, *parts]).encode()
        return f"{_b64encode(payload)}.{_b64encode(self._tag(payload))}"

    def verify(self, token: str) -> list[str] | None:
        """The signed values, or None for anything that is not a token we made for this
        purpose (malformed, tampered, other purpose, other key)."""
        if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH or token.count(".") != 1:
            return None
        encoded_payload, encoded_tag = token.split(".")
        try:
            payload = _b64decode(encoded_payload)
            tag = _b64decode(encoded_tag)
        except (binascii.Error, ValueError):
            return None
        if not self._known_tag(payload, tag):
            return None
        try:
            version, *values = payload.decode().split(":")
        except UnicodeDecodeError:
            return None
        return values if version == VERSION else None

    def verify_ints(self, token: str, count: int) -> tuple[int, ...] | None:
        """The token's values as `count` integers, or None."""
        values = self.verify(token)
        if values is None or len(values) != count:
            return None
        try:
            return tuple(int(value) for value in values)
        except ValueError:
            return None
