"""The operator's secret keys as a ring: the newest signs and encrypts, all verify and
decrypt, so a key can be replaced without breaking what the previous one made.

`SECRET_KEY` is the newest key, `PREVIOUS_SECRET_KEYS` the older ones (newest first).
No job signs or encrypts with a key's raw bytes: each derives key material of its own
under a label of its own, so no two jobs share key material (what, and where):

- JWTs (HS256), app/auth.py: HKDF-SHA256, salt `publishing/jwt`, info `jwt-hs256-v1`;
- channel secrets at rest, domain/crypto.py: HKDF-SHA256, salt `publishing/secrets`,
  info `channel-secrets-v1`, as a Fernet key;
- link tokens, domain/links/signing.py: HMAC-SHA256(key, `publishing-link:<purpose>`),
  one key per purpose (`unsubscribe`, `open`, `click`);
- preview links, domain/deliveries/preview.py: HMAC-SHA256(key,
  `publishing:channel-preview-links`), a key no verifier holds.

The link and channel-secret derivations are the ones used before key rings existed, so
links already in inboxes and ciphertexts already stored keep verifying and decrypting.
JWTs used to be signed with the raw key; tokens from before the change (they carry no
`kid` header) are still accepted with any key of the ring, see app/auth.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def hkdf(secret: str, *, salt: bytes, info: bytes, length: int = 32) -> bytes:
    """Key material of one purpose (`info`) derived from one operator key."""
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt,
                info=info).derive(secret.encode())


def fingerprint(key: bytes) -> str:
    """A short public name for derived key material (a JWT `kid`): 64 bits of its
    SHA-256, which tells keys apart and reveals nothing usable about them."""
    return hashlib.sha256(b"publishing-key-id:" + key).hexdigest()[:16]


class KeyRing:
    """Operator keys, newest first. Immutable; `newest` is the one that signs."""

    __slots__ = ("secrets",)

    def __init__(self, secrets: Iterable[str]) -> None:
        keys = tuple(secrets)
        if not keys or not all(isinstance(key, str) and key for key in keys):
            raise ValueError("a key ring needs at least one non-empty key")
        if len(set(keys)) != len(keys):
            raise ValueError("a key ring must not hold the same key twice")
        object.__setattr__(self, "secrets", keys)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("KeyRing is immutable")

    @classmethod
    def of(cls, keys: KeyRing | str) -> KeyRing:
        """A ring from a ring or a single key (a deployment without previous keys)."""
        return keys if isinstance(keys, KeyRing) else cls((keys,))

    @property
    def newest(self) -> str:
        return self.secrets[0]

    @property
    def previous(self) -> tuple[str, ...]:
        return self.secrets[1:]

    def __iter__(self) -> Iterator[str]:
        return iter(self.secrets)

    def __len__(self) -> int:
        return len(self.secrets)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KeyRing) and other.secrets == self.secrets

    def __hash__(self) -> int:
        return hash(self.secrets)

    def __repr__(self) -> str:  # never print the keys themselves
        return f"KeyRing({len(self.secrets)} keys)"
