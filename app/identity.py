"""From a bearer token to a Credential (subject, role claim, `iat`, `exp`).

The signature and the standard claims are checked by `app.auth.authenticate`; who the
subject is *now* (role, deactivation, revoked tokens) is decided afterwards from the
principal table by `domain.principals.directory`. Revocation is a per-principal cutoff
(`principal.tokens_valid_after`) compared with the token's `iat`: it needs no new claim,
so `publishing token` stays offline and tokens from an identity provider (RS256) can be
revoked the same way.
"""

from __future__ import annotations

import jwt

from app.auth import TokenKeys, authenticate
from domain.principals.directory import Credential


def credential(keys: TokenKeys | str, token: str) -> Credential:
    """The verified token's claims; raises app.auth.InvalidToken."""
    actor, expires_at = authenticate(keys, token)
    return Credential(name=actor.name, role=actor.role, issued_at=_issued_at(token),
                      expires_at=expires_at)


def _issued_at(token: str) -> float | None:
    """`iat` of a token `authenticate` has just verified (the signature covers these very
    bytes). Read apart so that signature checking stays in one function."""
    iat = jwt.decode(token, options={"verify_signature": False}).get("iat")
    if isinstance(iat, bool) or not isinstance(iat, int | float):
        return None
    return float(iat)
