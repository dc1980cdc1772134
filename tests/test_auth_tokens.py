"""Tokens printed by `publishing token` verify; forged, expired and `alg: none` ones do not."""

from __future__ import annotations

import base64
import datetime as dt
import json

import jwt
import pytest

from app.auth import InvalidToken, issue_token, verify_token
from domain.principals.models import Role

SECRET = "s" * 40


def test_issued_token_verifies_with_subject_and_role() -> None:
    identity = verify_token(SECRET, issue_token(SECRET, "eddie", Role.EDITOR,
                                                dt.timedelta(minutes=5)))
    assert (identity.name, identity.role) == ("eddie", Role.EDITOR)


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "token_factory",
    [
        pytest.param(lambda: issue_token("other" * 10, "x", Role.ADMIN, dt.timedelta(minutes=5)),
                     id="wrong-key"),
        pytest.param(lambda: issue_token(SECRET, "x", Role.ADMIN, dt.timedelta(seconds=-1)),
                     id="expired"),
        pytest.param(lambda: _b64({"alg": "none", "typ": "JWT"}) + "." + _b64(
            {"sub": "x", "role": "admin", "iss": "publishing", "aud": "publishing-api",
             "exp": 9999999999}) + ".", id="alg-none"),
        pytest.param(lambda: jwt.encode({"sub": "x", "role": "admin", "exp": 9999999999},
                                        SECRET, algorithm="HS256"), id="no-audience"),
        pytest.param(lambda: jwt.encode({"sub": "x", "role": "root", "iss": "publishing",
                                         "aud": "publishing-api", "exp": 9999999999},
                                        SECRET, algorithm="HS256"), id="unknown-role"),
        pytest.param(lambda: "not-a-token", id="garbage"),
    ],
)
def test_bad_tokens_are_rejected(token_factory) -> None:
    with pytest.raises(InvalidToken):
        verify_token(SECRET, token_factory())
