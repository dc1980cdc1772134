"""Encryption at rest for channel secrets.

Each key of the ring (SECRET_KEY, then PREVIOUS_SECRET_KEYS) yields its own Fernet key
through HKDF with a label only this job uses (see domain/keyring.py), so the operator
secret never serves two jobs with the same bytes. Fernet gives authenticated encryption:
a tampered ciphertext fails to decrypt instead of yielding garbage. Secrets are written
with the newest key and read with any key of the ring (MultiFernet); `reencrypt` moves a
ciphertext to the newest key, so an old key can be dropped once every channel is moved
(`publishing rotate-keys`).
"""

from __future__ import annotations

import base64
import json
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from domain.keyring import KeyRing, hkdf

#: the HKDF labels of this purpose; unchanged since before key rings, so ciphertexts
#: written then still decrypt
SALT = b"publishing/secrets"
INFO = b"channel-secrets-v1"


class SecretDecryptionError(Exception):
    """The ciphertext was written with a key no longer in the ring, or was altered."""


def secrets_key(secret_key: str) -> bytes:
    """The Fernet key (raw 32 bytes) that one operator key gives channel secrets."""
    return hkdf(secret_key, salt=SALT, info=INFO)


@lru_cache(maxsize=32)
def _fernet(secret_key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(secrets_key(secret_key)))


def _multi(keys: KeyRing | str) -> MultiFernet:
    return MultiFernet([_fernet(secret) for secret in KeyRing.of(keys)])


def encrypt_secrets(keys: KeyRing | str, secrets: dict[str, Any]) -> str:
    """Encrypted with the newest key of the ring."""
    plaintext = json.dumps(secrets, sort_keys=True).encode()
    return _fernet(KeyRing.of(keys).newest).encrypt(plaintext).decode()


def decrypt_secrets(keys: KeyRing | str, ciphertext: str | None) -> dict[str, Any]:
    """Decrypted with whichever key of the ring wrote it."""
    if not ciphertext:
        return {}
    try:
        return json.loads(_multi(keys).decrypt(ciphertext.encode()))
    except InvalidToken:
        raise SecretDecryptionError(
            "channel secrets cannot be decrypted with SECRET_KEY or PREVIOUS_SECRET_KEYS"
        ) from None


def uses_newest_key(keys: KeyRing | str, ciphertext: str) -> bool:
    """Whether the newest key alone decrypts this ciphertext (nothing to re-encrypt)."""
    try:
        _fernet(KeyRing.of(keys).newest).decrypt(ciphertext.encode())
    except InvalidToken:
        return False
    return True


def reencrypt(keys: KeyRing | str, ciphertext: str) -> str:
    """The same secrets encrypted with the newest key (raises SecretDecryptionError when
    no key of the ring reads the ciphertext). Always a new ciphertext: callers skip the
    ones `uses_newest_key` accepts."""
    try:
        return _multi(keys).rotate(ciphertext.encode()).decode()
    except InvalidToken:
        raise SecretDecryptionError(
            "channel secrets cannot be decrypted with SECRET_KEY or PREVIOUS_SECRET_KEYS"
        ) from None
