"""JWT bearer tokens: issuing (CLI) and verifying (HTTP and websocket adapters).

HS256 with SECRET_KEY by default. With JWT_PUBLIC_KEY set (a PEM, or a path to one) the
API accepts only RS256 tokens signed by the matching private key — the usual setup when
an identity provider issues tokens; `publishing token` then needs JWT_PRIVATE_KEY.
Exactly one algorithm is accepted, so `alg: none` and HS/RS confusion tokens fail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import jwt

from domain.principals.actor import Actor
from domain.principals.models import Role

TOKEN_ISSUER = "publishing"
TOKEN_AUDIENCE = "publishing-api"


class InvalidToken(Exception):
    pass


@dataclass(frozen=True, slots=True)
class TokenKeys:
    algorithm: str
    verify_key: str
    signing_key: str | None

    @classmethod
    def hs256(cls, secret_key: str) -> TokenKeys:
        return cls("HS256", secret_key, secret_key)

    @classmethod
    def from_settings(cls, secret_key: str, public_key: str | None,
                      private_key: str | None) -> TokenKeys:
        if not public_key:
            return cls.hs256(secret_key)
        return cls("RS256", _pem(public_key), _pem(private_key) if private_key else None)


def _pem(value: str) -> str:
    """A PEM given inline, or the path of a file holding one."""
    if "-----BEGIN" in value:
        return value.replace("\\n", "\n")
    return Path(value).read_text(encoding="utf-8")


def _keys(keys: TokenKeys | str) -> TokenKeys:
    return TokenKeys.hs256(keys) if isinstance(keys, str) else keys


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
    return jwt.encode(claims, keys.signing_key, algorithm=keys.algorithm)


def verify_token(keys: TokenKeys | str, token: str) -> Actor:
    return authenticate(keys, token)[0]


def authenticate(keys: TokenKeys | str, token: str) -> tuple[Actor, float]:
    """The actor and the token's expiry (epoch seconds), for checks on long connections."""
    keys = _keys(keys)
    try:
        claims = jwt.decode(
            token, keys.verify_key, algorithms=[keys.algorithm], audience=TOKEN_AUDIENCE,
            issuer=TOKEN_ISSUER, options={"require": ["exp", "sub", "iss", "aud"]},
        )
        actor = Actor(name=str(claims["sub"]), role=Role(claims.get("role", "viewer")))
        return actor, float(claims["exp"])
    except (jwt.PyJWTError, ValueError) as error:
        raise InvalidToken(str(error)) from None
