"""JWT bearer tokens: issuing (CLI) and verifying (HTTP and websocket adapters)."""

from __future__ import annotations

import datetime as dt

import jwt

from domain.principals.actor import Actor
from domain.principals.models import Role

TOKEN_ISSUER = "publishing"
TOKEN_AUDIENCE = "publishing-api"
ALGORITHM = "HS256"


class InvalidToken(Exception):
    pass


def issue_token(secret_key: str, subject: str, role: Role, ttl: dt.timedelta) -> str:
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
    return jwt.encode(claims, secret_key, algorithm=ALGORITHM)


def verify_token(secret_key: str, token: str) -> Actor:
    """Only HS256 is accepted, so `alg: none` and algorithm-confusion tokens fail."""
    try:
        claims = jwt.decode(
            token, secret_key, algorithms=[ALGORITHM], audience=TOKEN_AUDIENCE,
            issuer=TOKEN_ISSUER, options={"require": ["exp", "sub", "iss", "aud"]},
        )
        return Actor(name=str(claims["sub"]), role=Role(claims.get("role", "viewer")))
    except (jwt.PyJWTError, ValueError) as error:
        raise InvalidToken(str(error)) from None
