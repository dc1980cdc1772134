"""Encryption at rest for channel secrets.

The key is derived from SECRET_KEY with HKDF so the same operator secret serves JWTs and
storage without reusing the raw bytes for two purposes. Fernet gives authenticated
encryption: a tampered ciphertext fails to decrypt instead of yielding garbage.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class SecretDecryptionError(Exception):
    """The ciphertext was written with another SECRET_KEY or was altered."""


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"publishing/secrets",
               info=b"channel-secrets-v1").derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_secrets(secret_key: str, secrets: dict[str, Any]) -> str:
    return _fernet(secret_key).encrypt(json.dumps(secrets, sort_keys=True).encode()).decode()


def decrypt_secrets(secret_key: str, ciphertext: str | None) -> dict[str, Any]:
    if not ciphertext:
        return {}
    try:
        return json.loads(_fernet(secret_key).decrypt(ciphertext.encode()))
    except InvalidToken:
        raise SecretDecryptionError(
            "channel secrets cannot be decrypted with this SECRET_KEY"
        ) from None
