"""Tokens printed by `publishing token` verify; forged, expired and `alg: none` ones do not."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
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


def _rsa_pair() -> tuple[str, str]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo
                                           ).decode()
    return private, public


def test_rs256_tokens_verify_with_the_public_key_only(tmp_path) -> None:
    from app.auth import TokenKeys

    private, public = _rsa_pair()
    key_file = tmp_path / "public.pem"
    key_file.write_text(public)
    signer = TokenKeys.from_settings(SECRET, public, private)
    verifier = TokenKeys.from_settings(SECRET, str(key_file), None)
    token = issue_token(signer, "idp-user", Role.REVIEWER, dt.timedelta(minutes=5))
    assert verify_token(verifier, token).role == Role.REVIEWER
    # an HS256 token signed with SECRET_KEY is refused once RS256 is configured
    with pytest.raises(InvalidToken):
        verify_token(verifier, issue_token(SECRET, "x", Role.ADMIN, dt.timedelta(minutes=5)))
    # HS256 signed with the *public key* as secret (algorithm confusion) is refused
    signing_input = _b64({"alg": "HS256", "typ": "JWT"}) + "." + _b64(
        {"sub": "x", "role": "admin", "iss": "publishing", "aud": "publishing-api",
         "exp": 9999999999})
    mac = hmac.new(public.encode(), signing_input.encode(), hashlib.sha256).digest()
    forged = signing_input + "." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
    with pytest.raises(InvalidToken):
        verify_token(verifier, forged)
    with pytest.raises(InvalidToken):
        issue_token(verifier, "x", Role.ADMIN, dt.timedelta(minutes=5))
