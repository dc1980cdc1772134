"""JWT bearer tokens: issuing (CLI) and verifying (HTTP and websocket adapters).

HS256 by default, with a key derived from SECRET_KEY for JWTs alone (HKDF, see
domain/keyring.py) and named in the token's `kid` header. Keys of PREVIOUS_SECRET_KEYS
still verify the tokens they signed, picked by `kid`; a token naming no key of the ring is
refused. Tokens without `kid` were issued before key ids, signed with a raw key of the
ring: they are checked against each one until that key is dropped.

With JWT_PUBLIC_KEY set (a PEM, or a path to one) the API accepts only RS256 tokens signed
by the matching private key — the usual setup when an identity provider issues tokens;
`publishing token` then needs JWT_PRIVATE_KEY. Key rings and `kid` do not apply there.
Exactly one algorithm is accepted, so `alg: none` and HS/RS confusion tokens fail.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jwt

from domain.keyring import KeyRing, fingerprint, hkdf
from domain.principals.actor import Actor
from domain.principals.models import Role

TOKEN_ISSUER = "publishing"
TOKEN_AUDIENCE = "publishing-api"
#: HKDF labels of the HS256 signing keys (one per key of the ring)
JWT_SALT = b"publishing/jwt"
JWT_INFO = b"jwt-hs256-v1"


class InvalidToken(Exception):
    pass


def jwt_key(secret_key: str) -> bytes:
    """The HS256 key one operator key gives JWTs (never the raw key itself)."""
    return hkdf(secret_key, salt=JWT_SALT, info=JWT_INFO)


@dataclass(frozen=True, slots=True)
class TokenKeys:
    algorithm: str
    verify_key: str | bytes
    signing_key: str | bytes | None
    #: HS256: the `kid` written into issued tokens (fingerprint of `signing_key`)
    key_id: str | None = None
    #: HS256: (kid, key) of every key of the ring, newest first; empty for RS256
    verify_keys: tuple[tuple[str, bytes], ...] = ()
    #: HS256: the raw keys of the ring, for tokens issued before key ids (no `kid`)
    legacy_keys: tuple[str, ...] = ()

    @classmethod
    def hs256(cls, secret_key: KeyRing | str) -> TokenKeys:
        return _hs256(KeyRing.of(secret_key))

    @classmethod
    def from_settings(cls, secret_key: KeyRing | str, public_key: str | None,
                      private_key: str | None) -> TokenKeys:
        if not public_key:
            return cls.hs256(secret_key)
        return cls("RS256", _pem(public_key), _pem(private_key) if private_key else None)

    def headers(self) -> dict[str, Any] | None:
        """Extra JWT headers of issued tokens: the signing key's `kid` (HS256)."""
        return {"kid": self.key_id} if self.key_id else None

    def for_token(self, token: str) -> TokenKeys:
        """These keys with `verify_key` set to the one that must verify `token` (raises
        InvalidToken). RS256: unchanged. HS256: the ring key its `kid` names; without
        `kid` (issued before key ids) the raw ring key whose signature matches."""
        if not self.verify_keys:
            return self
        try:
            key = self._key_for(token)
        except jwt.PyJWTError as error:
            raise InvalidToken(str(error)) from None
        return TokenKeys(self.algorithm, key, self.signing_key, self.key_id)

    def _key_for(self, token: str) -> str | bytes:
        kid = _unverified_header(token).get("kid")
        if kid is None:
            return self._legacy_key(token)
        for key_id, key in self.verify_keys:
            if key_id == kid:
                return key
        raise jwt.InvalidTokenError("unknown signing key (kid)")

    def _legacy_key(self, token: str) -> str | bytes:
        if not self.legacy_keys:
            raise jwt.InvalidTokenError("a signing key id (kid) is required")
        for key in self.legacy_keys[:-1]:
            try:
                _JWS.decode(token, key, algorithms=[self.algorithm])
            except jwt.InvalidSignatureError:
                continue
            return key
        return self.legacy_keys[-1]  # jwt.decode says what is wrong with it


_JWS = jwt.PyJWS()


def _unverified_header(token: str) -> dict[str, Any]:
    """The JOSE header, only to pick a key: jwt.decode checks it all afterwards.
    (jwt.get_unverified_header costs about as much as the signature check.)"""
    segment = token.split(".", 1)[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, binascii.Error):
        raise jwt.DecodeError("invalid token header") from None
    if not isinstance(header, dict):
        raise jwt.DecodeError("invalid token header")
    return header


@lru_cache(maxsize=16)
def _hs256(ring: KeyRing) -> TokenKeys:
    keys = tuple((fingerprint(key), key) for key in map(jwt_key, ring))
    kid, key = keys[0]
    return TokenKeys("HS256", key, key, key_id=kid, verify_keys=keys,
                     legacy_keys=tuple(ring))


def _pem(value: str) -> str:
    """A PEM given inline, or the path of a file holding one."""
    if "-----BEGIN" in value:
        return value.replace("\\n", "\n")
    return Path(value).read_text(encoding="utf-8")


def _keys(keys: TokenKeys | KeyRing | str) -> TokenKeys:
    return TokenKeys.hs256(keys) if isinstance(keys, str | KeyRing) else keys


def issue_token(keys: TokenKeys | str, subject: str, role: Role, ttl: dt.timedelta) -> str:
    keys = _keys(keys)
    if keys.signing_key is None:
        raise InvalidToken("JWT_PRIVATE_KEY is needed to issue RS256 tokens")
    now = dt.datetime.now(dt.UTC)
    claims = {
        "sub": subject,
        "role": role.value,
        "iss": TOKEN_ISSUER,
        "aud": TOKEN_AUDIENCE,
        "iat": now,
        "nbf": now,
        "exp": now + ttl,
    }
    return jwt.encode(claims, keys.signing_key, algorithm=keys.algorithm,
                      headers=keys.headers())


def verify_token(keys: TokenKeys | str, token: str) -> Actor:
    return authenticate(keys, token)[0]


def authenticate(keys: TokenKeys | str, token: str) -> tuple[Actor, float]:
    """The actor and the token's expiry (epoch seconds), for checks on long connections."""
    keys = _keys(keys).for_token(token)
    try:
        claims = jwt.decode(
            token, keys.verify_key, algorithms=[keys.algorithm], audience=TOKEN_AUDIENCE,
            issuer=TOKEN_ISSUER, options={"require": ["exp", "sub", "iss", "aud"]},
        )
        actor = Actor(name=str(claims["sub"]), role=Role(claims.get("role", "viewer")))
        return actor, float(claims["exp"])
    except (jwt.PyJWTError, ValueError) as error:
        raise InvalidToken(str(error)) from None
