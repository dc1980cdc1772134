"""Key rotation (#13): SECRET_KEY is the newest key, PREVIOUS_SECRET_KEYS the older ones.
The newest signs and encrypts, every key verifies and decrypts, until it is dropped:
unsubscribe links already in inboxes, stored channel secrets and issued JWTs survive a
rotation. Each job derives key material of its own from the ring, and `publishing
rotate-keys` moves stored secrets to the newest key so the old one can go."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator

import httpx
import jwt
import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from starlette.applications import Starlette
from starlette.routing import Route

from app.auth import (
    TOKEN_AUDIENCE,
    TOKEN_ISSUER,
    InvalidToken,
    TokenKeys,
    issue_token,
    jwt_key,
    verify_token,
)
from app.graphql import GraphQLApp
from app.http import create_app
from app.settings import DEFAULT_SECRET_KEY, ConfigurationError, Settings, load_settings
from domain.audience.models import Subscriber, SubscriberStatus
from domain.channels.models import Channel, ChannelType
from domain.channels.rotation import reencrypt_channel_secrets
from domain.crypto import (
    SecretDecryptionError,
    decrypt_secrets,
    encrypt_secrets,
    secrets_key,
    uses_newest_key,
)
from domain.deliveries.audience import resolve_audience
from domain.deliveries.models import Delivery
from domain.deliveries.preview import preview_link_key
from domain.keyring import KeyRing
from domain.links.signing import TokenSigner, link_key
from domain.links.urls import LinkBuilder
from domain.principals.models import AuditLogEntry, Role
from tests.delivery_fixtures import publication_to

OLD = "old-secret-key-0123456789abcdefghijklmnop"
NEW = "new-secret-key-0123456789abcdefghijklmnop"
BASE = "https://news.example.com"
HOOK = "http://127.0.0.1:9/hook"  # never called: nothing here sends
ONE_CLICK = {"List-Unsubscribe": "One-Click"}
ROTATED = KeyRing((NEW, OLD))


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


# -- what the code before key rings made, written out by hand -----------------------------

def legacy_link(secret: str, purpose: str, *values: int) -> str:
    """A link token exactly as the code before key rings signed it."""
    key = hmac.new(secret.encode(), f"publishing-link:{purpose}".encode(),
                   hashlib.sha256).digest()
    payload = ":".join(["v1", *map(str, values)]).encode()
    return f"{_b64(payload)}.{_b64(hmac.digest(key, payload, 'sha256')[:16])}"


def legacy_ciphertext(secret: str, secrets: dict[str, str]) -> str:
    """Channel secrets exactly as the code before key rings encrypted them."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"publishing/secrets",
               info=b"channel-secrets-v1").derive(secret.encode())
    fernet = Fernet(base64.urlsafe_b64encode(key))
    return fernet.encrypt(json.dumps(secrets, sort_keys=True).encode()).decode()


def legacy_jwt(secret: str, subject: str = "old-timer", **claims: object) -> str:
    """A JWT as the code before key rings issued it: HS256 with the raw key, no kid."""
    now = int(dt.datetime.now(dt.UTC).timestamp())
    body = {"sub": subject, "role": "editor", "iss": TOKEN_ISSUER, "aud": TOKEN_AUDIENCE,
            "iat": now, "nbf": now, "exp": now + 600, **claims}
    return jwt.encode(body, secret, algorithm="HS256")


def _hs256_by_hand(header: dict, claims: dict, key: bytes) -> str:
    """Any header, even one PyJWT would not write (a kid that is not a string)."""
    signing_input = ".".join(_b64(json.dumps(part).encode()) for part in (header, claims))
    signature = hmac.digest(key, signing_input.encode(), "sha256")
    return f"{signing_input}.{_b64(signature)}"


def _settings(secret: str = NEW, previous: str | list[str] = "") -> Settings:
    return Settings(secret_key=secret, previous_secret_keys=previous, public_base_url=BASE,
                    database_url="postgres://unused/db", redis_url="redis://unused")


# -- unsubscribe links through the real endpoint -------------------------------------------

def _client(settings: Settings) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(settings)),
                             base_url="http://testserver", follow_redirects=False)


@pytest.fixture
async def readers(db: str) -> AsyncIterator[list[tuple[Subscriber, Delivery]]]:
    scenario = await publication_to(HOOK, 3)
    await resolve_audience(scenario.publication.id)
    people = await Subscriber.filter(email__startswith="news-reader").order_by("id")
    yield [(person, await Delivery.get(publication_id=scenario.publication.id,
                                       subscriber_id=person.id)) for person in people]


async def test_a_link_signed_before_a_rotation_still_unsubscribes_after_it(readers) -> None:
    (first, first_delivery), (second, second_delivery), _ = readers
    # mailed while OLD was SECRET_KEY: by today's code, and by the code before key rings
    sent = LinkBuilder(OLD, BASE).unsubscribe_token(first.id, first_delivery.id)
    sent_before_rings = legacy_link(OLD, "unsubscribe", second.id, second_delivery.id)
    assert LinkBuilder(OLD, BASE).unsubscribe_token(second.id, second_delivery.id) == \
        sent_before_rings  # same key material, same token

    async with _client(_settings(NEW)) as dropped:  # OLD dropped (or never kept)
        for token in (sent, sent_before_rings):
            assert (await dropped.post(f"/unsubscribe/{token}", data=ONE_CLICK)
                    ).status_code == 404
    async with _client(_settings(NEW, OLD)) as rotated:
        for token, person in ((sent, first), (sent_before_rings, second)):
            page = await rotated.get(f"/unsubscribe/{token}")
            assert page.status_code == 200
            response = await rotated.post(f"/unsubscribe/{token}", data=ONE_CLICK)
            assert response.status_code == 200, response.text
            assert "You have been unsubscribed" in response.text
            assert (await Subscriber.get(id=person.id)).status is SubscriberStatus.UNSUBSCRIBED


async def test_after_a_rotation_the_new_key_signs_links(readers) -> None:
    (person, delivery), *_ = readers
    app = create_app(_settings(NEW, OLD))
    token = app.state.links.unsubscribe_token(person.id, delivery.id)
    assert token == LinkBuilder(NEW, BASE).unsubscribe_token(person.id, delivery.id)
    assert LinkBuilder(OLD, BASE).verify_unsubscribe(token) is None
    async with _client(_settings(NEW)) as after_old_dropped:
        response = await after_old_dropped.post(f"/unsubscribe/{token}", data=ONE_CLICK)
        assert response.status_code == 200


def test_tracking_links_of_the_old_key_verify_until_it_is_dropped() -> None:
    old = LinkBuilder(OLD, BASE)
    opened = old.open_url(7, 3, 2, 11).removeprefix(f"{BASE}/t/o/").removesuffix(".gif")
    clicked = old.click_url(5, 7, 3, 2, 11).removeprefix(f"{BASE}/t/c/")
    assert LinkBuilder(ROTATED, BASE).verify_open(opened).delivery_id == 7
    assert LinkBuilder(ROTATED, BASE).verify_click(clicked).link_id == 5
    assert LinkBuilder(NEW, BASE).verify_open(opened) is None
    assert LinkBuilder(NEW, BASE).verify_click(clicked) is None


# -- channel secrets -----------------------------------------------------------------------

async def _channel(name: str, ciphertext: str | None) -> Channel:
    return await Channel.create(name=name, type=ChannelType.SLACK, config={},
                                secret_ciphertext=ciphertext)


async def test_stored_secrets_decrypt_after_rotation_and_reencryption_with_the_new_key_alone(
        db: str) -> None:
    written_before_rings = await _channel("before-rings", legacy_ciphertext(
        OLD, {"webhook_url": "https://hooks.slack.com/services/T/B/before"}))
    written_with_old = await _channel("old-key", encrypt_secrets(
        OLD, {"webhook_url": "https://hooks.slack.com/services/T/B/old"}))
    written_with_new = await _channel("new-key", encrypt_secrets(
        ROTATED, {"webhook_url": "https://hooks.slack.com/services/T/B/new"}))
    await _channel("no-secrets", None)
    expected = {channel.id: decrypt_secrets(ROTATED, channel.secret_ciphertext)
                for channel in (written_before_rings, written_with_old, written_with_new)}
    assert expected[written_before_rings.id]["webhook_url"].endswith("/before")
    assert expected[written_with_old.id]["webhook_url"].endswith("/old")
    # encrypt_secrets writes with the newest key: NEW alone reads it
    assert decrypt_secrets(NEW, written_with_new.secret_ciphertext) == expected[
        written_with_new.id]
    for channel in (written_before_rings, written_with_old):
        with pytest.raises(SecretDecryptionError):
            decrypt_secrets(NEW, channel.secret_ciphertext)

    dry = await reencrypt_channel_secrets(ROTATED, dry_run=True)
    assert (dry.channels, dry.without_secrets, dry.current, dry.reencrypted) == (4, 1, 1, 2)
    assert (await Channel.get(id=written_with_old.id)).secret_ciphertext == \
        written_with_old.secret_ciphertext  # a dry run changes nothing

    report = await reencrypt_channel_secrets(ROTATED)
    assert (report.channels, report.without_secrets, report.current, report.reencrypted,
            report.unreadable) == (4, 1, 1, 2, [])
    assert report.complete
    stored = {channel.id: channel.secret_ciphertext for channel in await Channel.all()}
    for channel_id, secrets in expected.items():
        assert decrypt_secrets(NEW, stored[channel_id]) == secrets  # the new key alone
        with pytest.raises(SecretDecryptionError):
            decrypt_secrets(OLD, stored[channel_id])
    assert stored[written_with_new.id] == written_with_new.secret_ciphertext  # untouched
    audited = await AuditLogEntry.filter(action="channel.secrets_reencrypt").values_list(
        "target_id", flat=True)
    assert sorted(audited) == sorted([str(written_before_rings.id), str(written_with_old.id)])

    again = await reencrypt_channel_secrets(ROTATED)  # idempotent
    assert (again.current, again.reencrypted) == (3, 0)
    assert {channel.id: channel.secret_ciphertext for channel in await Channel.all()} == stored


async def test_secrets_no_key_reads_are_reported_not_lost(db: str) -> None:
    lost = await _channel("lost", encrypt_secrets("a-key-nobody-has-anymore-0123456789",
                                                   {"webhook_url": "https://x"}))
    kept = await _channel("kept", encrypt_secrets(OLD, {"webhook_url": "https://y"}))
    report = await reencrypt_channel_secrets(ROTATED)
    assert report.unreadable == [lost.id]
    assert report.reencrypted == 1
    assert not report.complete
    assert (await Channel.get(id=lost.id)).secret_ciphertext == lost.secret_ciphertext
    assert uses_newest_key(NEW, (await Channel.get(id=kept.id)).secret_ciphertext)


async def test_the_api_reads_secrets_of_the_old_key_after_a_rotation(db: str) -> None:
    """GraphQLApp takes the ring from the settings: the channel's secret names come back."""
    await _channel("slack-old", encrypt_secrets(
        OLD, {"webhook_url": "https://hooks.slack.com/services/T/B/x"}))
    query = "{ channels(first: 5) { edges { node { name secretFields } } } }"
    for settings, expected in ((_settings(NEW, OLD), [["webhook_url"]]), (_settings(NEW), None)):
        token = issue_token(settings.token_keys(), "admin", Role.ADMIN,
                            dt.timedelta(minutes=5))
        async with _app(settings) as client:
            body = (await client.post("/graphql", json={"query": query},
                                      headers={"Authorization": f"Bearer {token}"})).json()
        if expected:
            assert "errors" not in body, body
            assert [edge["node"]["secretFields"]
                    for edge in body["data"]["channels"]["edges"]] == expected
        else:  # without the old key the secrets are unreadable: an error, not a leak
            assert body.get("errors"), body


# -- JWTs ----------------------------------------------------------------------------------

def _app(settings: Settings) -> httpx.AsyncClient:
    graphql = GraphQLApp(settings)
    app = Starlette(routes=[Route("/graphql", graphql, methods=["GET", "POST"])])
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def _me(settings: Settings, token: str) -> dict:
    async with _app(settings) as client:
        response = await client.post("/graphql", json={"query": "{ me { name role } }"},
                                     headers={"Authorization": f"Bearer {token}"})
    return response.json()


async def test_a_jwt_of_the_old_key_authenticates_until_the_old_key_is_dropped(db) -> None:
    issued = issue_token(_settings(OLD).token_keys(), "ops", Role.EDITOR,
                         dt.timedelta(minutes=10))
    issued_before_rings = legacy_jwt(OLD, "old-timer")
    assert "kid" in jwt.get_unverified_header(issued)
    assert "kid" not in jwt.get_unverified_header(issued_before_rings)

    for token, name in ((issued, "ops"), (issued_before_rings, "old-timer")):
        body = await _me(_settings(NEW, OLD), token)
        assert body.get("data") == {"me": {"name": name, "role": "EDITOR"}}, body
        body = await _me(_settings(NEW), token)  # OLD dropped
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", body
        assert body["errors"][0]["message"].startswith("invalid token")


def test_the_newest_key_signs_and_names_itself_in_kid() -> None:
    rotated, old_only, new_only = (TokenKeys.hs256(ROTATED), TokenKeys.hs256(OLD),
                                   TokenKeys.hs256(NEW))
    token = issue_token(rotated, "ops", Role.ADMIN, dt.timedelta(minutes=5))
    kid = jwt.get_unverified_header(token)["kid"]
    assert kid == new_only.key_id != old_only.key_id
    assert [key_id for key_id, _ in rotated.verify_keys] == [new_only.key_id, old_only.key_id]
    assert verify_token(new_only, token).name == "ops"
    with pytest.raises(InvalidToken):
        verify_token(old_only, token)
    # the kid is a fingerprint: it names the key without giving it away
    assert NEW not in kid and jwt_key(NEW).hex()[:16] != kid and len(kid) == 16


def test_a_token_with_an_unknown_kid_is_refused() -> None:
    keys = TokenKeys.hs256(ROTATED)
    claims = jwt.decode(issue_token(keys, "ops", Role.ADMIN, dt.timedelta(minutes=5)),
                        options={"verify_signature": False})
    for kid in ("0123456789abcdef", "", 7, None, TokenKeys.hs256("retired-" + OLD).key_id):
        forged = _hs256_by_hand({"alg": "HS256", "typ": "JWT", "kid": kid}, claims,
                                jwt_key(NEW))
        with pytest.raises(InvalidToken, match=r"kid|Key ID"):
            verify_token(keys, forged)
    # a kid of the ring does not let another key's signature through
    wrong = jwt.encode(claims, jwt_key(OLD), algorithm="HS256",
                       headers={"kid": TokenKeys.hs256(NEW).key_id})
    with pytest.raises(InvalidToken, match=r"[Ss]ignature"):
        verify_token(keys, wrong)
    # nor does the raw key (the pre-ring format) under a new-style kid
    raw = jwt.encode(claims, NEW, algorithm="HS256",
                     headers={"kid": TokenKeys.hs256(NEW).key_id})
    with pytest.raises(InvalidToken):
        verify_token(keys, raw)


def test_tokens_without_kid_are_checked_against_every_key_of_the_ring() -> None:
    ring = KeyRing((NEW, "middle-" + OLD, OLD))
    assert verify_token(TokenKeys.hs256(ring), legacy_jwt(OLD)).name == "old-timer"
    assert verify_token(TokenKeys.hs256(ring), legacy_jwt("middle-" + OLD)).name == "old-timer"
    for token in (legacy_jwt("unknown-" + OLD), legacy_jwt(OLD, exp=1)):
        with pytest.raises(InvalidToken):
            verify_token(TokenKeys.hs256(ring), token)
    # a kid-less token signed with the derived key is not a pre-ring token: refused
    derived = jwt.encode(jwt.decode(legacy_jwt(NEW), options={"verify_signature": False}),
                         jwt_key(NEW), algorithm="HS256")
    with pytest.raises(InvalidToken):
        verify_token(TokenKeys.hs256(ring), derived)


def test_rs256_tokens_are_unchanged_and_ignore_key_rings(tmp_path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    settings = _settings(NEW, OLD).model_copy(update={"jwt_public_key": public_pem,
                                                      "jwt_private_key": private_pem})
    keys = settings.token_keys()
    token = issue_token(keys, "idp-user", Role.VIEWER, dt.timedelta(minutes=5))
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "typ": "JWT"}
    assert verify_token(keys, token).name == "idp-user"
    # an identity provider's kid (from its JWKS) does not get its tokens refused
    claims = jwt.decode(token, options={"verify_signature": False})
    idp = jwt.encode(claims, private_pem, algorithm="RS256", headers={"kid": "idp-2024"})
    assert verify_token(keys, idp).name == "idp-user"
    for secret in (NEW, OLD):  # HS tokens of the ring are refused with RS256 configured
        with pytest.raises(InvalidToken):
            verify_token(keys, issue_token(secret, "x", Role.ADMIN, dt.timedelta(minutes=5)))


# -- purposes ------------------------------------------------------------------------------

def test_each_job_derives_key_material_of_its_own() -> None:
    for secret in (NEW, OLD, DEFAULT_SECRET_KEY):
        material = {
            "raw": secret.encode(),
            "jwt": jwt_key(secret),
            "channel secrets": secrets_key(secret),
            "unsubscribe links": link_key(secret, "unsubscribe"),
            "open links": link_key(secret, "open"),
            "click links": link_key(secret, "click"),
            "preview links": preview_link_key(secret).encode(),
        }
        assert len(set(material.values())) == len(material), material.keys()
        assert all(len(key) >= 32 for key in material.values())
    assert jwt_key(NEW) != jwt_key(OLD) and secrets_key(NEW) != secrets_key(OLD)


def test_a_link_token_is_worth_nothing_for_another_purpose() -> None:
    purposes = ("unsubscribe", "open", "click")
    for secret in (OLD, ROTATED):
        for made_for in purposes:
            token = TokenSigner(secret, made_for).sign(1, 2, 3, 4, 5, 6)
            for other in purposes:
                verified = TokenSigner(ROTATED, other).verify(token)
                assert (verified is not None) == (other == made_for), (made_for, other)
    # the link keys are not the JWT key: a JWT signed with one is refused
    claims = jwt.decode(issue_token(NEW, "ops", Role.ADMIN, dt.timedelta(minutes=5)),
                        options={"verify_signature": False})
    for purpose in purposes:
        forged = jwt.encode(claims, link_key(NEW, purpose), algorithm="HS256",
                            headers={"kid": TokenKeys.hs256(NEW).key_id})
        with pytest.raises(InvalidToken):
            verify_token(NEW, forged)


def test_preview_links_never_verify_with_any_key_of_the_ring() -> None:
    preview = LinkBuilder(preview_link_key(ROTATED), BASE).unsubscribe_token(1, 2)
    assert LinkBuilder(ROTATED, BASE).verify_unsubscribe(preview) is None


# -- settings and the command --------------------------------------------------------------

@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "PREVIOUS_SECRET_KEYS",
                 "ENVIRONMENT", "JWT_PUBLIC_KEY", "JWT_PRIVATE_KEY", "PUBLIC_BASE_URL",
                 "ALLOW_PRIVATE_TARGETS"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_previous_keys_come_from_the_environment(clean_env: pytest.MonkeyPatch) -> None:
    assert load_settings().key_ring() == KeyRing((DEFAULT_SECRET_KEY,))  # as before
    clean_env.setenv("SECRET_KEY", NEW)
    clean_env.setenv("PREVIOUS_SECRET_KEYS", f" {OLD} , second-{OLD},")
    assert load_settings().key_ring().secrets == (NEW, OLD, f"second-{OLD}")
    clean_env.setenv("PREVIOUS_SECRET_KEYS", json.dumps([f"with,comma-{OLD}", OLD]))
    assert load_settings().key_ring().previous == (f"with,comma-{OLD}", OLD)


@pytest.mark.parametrize(("value", "message"), [
    (NEW, "must not repeat SECRET_KEY"),
    (f"{OLD},{OLD}", "same key twice"),
    ("[not json", "JSON array"),
    ('[""]', "empty key"),
])
def test_bad_previous_keys_are_refused_with_the_setting_named(
        clean_env: pytest.MonkeyPatch, value: str, message: str) -> None:
    clean_env.setenv("SECRET_KEY", NEW)
    clean_env.setenv("PREVIOUS_SECRET_KEYS", value)
    with pytest.raises(ConfigurationError) as raised:
        load_settings()
    assert str(raised.value).startswith("PREVIOUS_SECRET_KEYS: ")
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_production_refuses_weak_previous_keys(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("ENVIRONMENT", "production")
    clean_env.setenv("DATABASE_URL", "postgres://db:5432/app")
    clean_env.setenv("REDIS_URL", "redis://cache:6379/0")
    clean_env.setenv("PUBLIC_BASE_URL", "https://news.example.com")
    clean_env.setenv("SECRET_KEY", NEW)
    for weak in ("short", DEFAULT_SECRET_KEY):
        clean_env.setenv("PREVIOUS_SECRET_KEYS", f"{OLD},{weak}")
        with pytest.raises(ConfigurationError, match="PREVIOUS_SECRET_KEYS"):
            load_settings()
    clean_env.setenv("PREVIOUS_SECRET_KEYS", OLD)
    assert load_settings().key_ring() == ROTATED


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items()
                   if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ENVIRONMENT",
                                "PREVIOUS_SECRET_KEYS", "JWT_PUBLIC_KEY", "JWT_PRIVATE_KEY"}}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True,
                          text=True, env=environment, timeout=120)


def test_a_bad_previous_key_stops_the_command_with_one_line() -> None:
    result = _cli("token", "--sub", "ops", "--role", "admin", SECRET_KEY=NEW,
                  PREVIOUS_SECRET_KEYS=f"{OLD},{NEW}")
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("publishing: error: PREVIOUS_SECRET_KEYS: ")


def test_the_token_command_signs_with_the_newest_key() -> None:
    result = _cli("token", "--sub", "ops", "--role", "admin", SECRET_KEY=NEW,
                  PREVIOUS_SECRET_KEYS=OLD)
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    assert jwt.get_unverified_header(token)["kid"] == TokenKeys.hs256(NEW).key_id
    assert verify_token(NEW, token).name == "ops"


async def test_rotate_keys_command_reencrypts_and_reports_counts(db: str) -> None:
    await _channel("before-rings", legacy_ciphertext(OLD, {"webhook_url": "https://a"}))
    await _channel("old", encrypt_secrets(OLD, {"webhook_url": "https://b"}))
    await _channel("none", None)
    env = {"DATABASE_URL": db, "SECRET_KEY": NEW, "PREVIOUS_SECRET_KEYS": OLD}

    first = _cli("rotate-keys", **env)
    assert first.returncode == 0, first.stderr
    assert f"newest key: {TokenKeys.hs256(NEW).key_id} (SECRET_KEY)" in first.stdout
    assert f"previous key: {TokenKeys.hs256(OLD).key_id} (PREVIOUS_SECRET_KEYS)" in first.stdout
    assert ("channels: 3; without secrets: 1; already on the newest key: 0; "
            "re-encrypted: 2; unreadable: 0") in first.stdout
    assert OLD not in first.stdout + first.stderr and NEW not in first.stdout + first.stderr
    for channel in await Channel.exclude(secret_ciphertext=None):
        assert decrypt_secrets(NEW, channel.secret_ciphertext)

    second = _cli("rotate-keys", **env)
    assert second.returncode == 0, second.stderr
    assert ("channels: 3; without secrets: 1; already on the newest key: 2; "
            "re-encrypted: 0; unreadable: 0") in second.stdout

    # the old key dropped: nothing is lost; a channel of a key gone for good is reported
    lost = await _channel("lost", encrypt_secrets(OLD, {"webhook_url": "https://c"}))
    third = _cli("rotate-keys", DATABASE_URL=db, SECRET_KEY=NEW)
    assert third.returncode == 1
    assert "unreadable: 1" in third.stdout
    [line] = [line for line in third.stderr.splitlines() if "error" in line]
    assert line.startswith("publishing: error: ") and f"channel {lost.id}:" in line


def test_rotate_keys_on_a_database_never_migrated_is_one_clear_line(
        scratch_database_url: str) -> None:
    result = _cli("rotate-keys", DATABASE_URL=scratch_database_url, SECRET_KEY=NEW)
    assert result.returncode == 2
    [line] = [line for line in result.stderr.splitlines() if "error" in line]
    assert line.startswith("publishing: error: cannot read channels")
    assert "publishing migrate" in line and "Traceback" not in result.stderr


# -- the delivery engine -------------------------------------------------------------------

async def test_the_engine_sends_with_secrets_stored_before_the_rotation(
        db, redis_client, http_client, receiver) -> None:
    """The channel's signing secret was encrypted with the fixtures' key, which is now
    the previous one: every webhook still goes out, signed with the stored secret."""
    from tests import delivery_fixtures

    scenario = await publication_to(receiver.url + "/hook", 3)
    ring = KeyRing((NEW, delivery_fixtures.SECRET_KEY))
    with pytest.raises(SecretDecryptionError):
        decrypt_secrets(NEW, scenario.channel.secret_ciphertext)
    engine = delivery_fixtures.build_engine(redis_client, http_client, secret_key=ring)
    assert await engine.start_publication(scenario.publication.id)
    for _ in range(100):  # pump until nothing is pending (short backoffs elapse)
        await engine.pump(budget_seconds=5)
        if not await Delivery.filter(status__in=["pending", "sending"]).exists():
            break
        await asyncio.sleep(0.05)
    assert await Delivery.filter(publication_id=scenario.publication.id,
                                 status="sent").count() == 3
    assert len(receiver.requests) == 3
    assert all(request.signature_valid(scenario.signing_secret)
               for request in receiver.requests)
