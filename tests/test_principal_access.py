"""The principal table, not the token, decides who a caller is: a deactivated principal's
still-valid token is UNAUTHENTICATED, a demoted admin loses admin fields at its next
request, a revoked token is refused, and `publishing token --ttl-hours` is capped.

In-process (the GraphQL endpoint and /exports driven through ASGI); the same rules over
websockets and across API processes are in tests/test_principal_access_live.py.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import time

import httpx
import jwt
import pytest
from strawberry import relay

from app.auth import TOKEN_AUDIENCE, TOKEN_ISSUER, jwt_key
from app.cli import MAX_TOKEN_TTL_HOURS
from app.http import create_app
from app.settings import Settings
from domain.errors import Unauthenticated
from domain.principals import directory as directory_module
from domain.principals.directory import Credential, PrincipalDirectory
from domain.principals.models import AuditLogEntry, Principal, Role
from domain.realtime.hub import EventHub, Resync
from resolvers import realtime
from resolvers.context import RequestContext
from resolvers.permissions import Ability
from tests.graphql_client import TEST_SECRET, token_for

ADMIN_FIELDS = "{ principals(first: 5) { edges { node { name } } } }"
ME = "{ me { name role } }"
UPDATE = """mutation($input: UpdatePrincipalInput!) {
  updatePrincipal(input: $input) { name role isActive tokensValidAfter } }"""
REVOKE = """mutation($id: ID!) { revokePrincipalTokens(id: $id) {
  name isActive tokensValidAfter } }"""


def gid(pk: int) -> str:
    return str(relay.GlobalID("Principal", str(pk)))


async def _principal(name: str, role: Role) -> Principal:
    return await Principal.create(name=name, role=role)


async def _next_second() -> None:
    """Tokens carry whole seconds (`iat`): one issued in the second of a revocation is
    refused with the older ones."""
    await asyncio.sleep(1.05 - time.time() % 1)


# --- deactivation ---------------------------------------------------------------------------

async def test_a_deactivated_principals_valid_token_is_unauthenticated(gql) -> None:
    erin = await _principal("erin", Role.EDITOR)
    token = token_for("editor", "erin")
    assert (await gql.data(ME, token=token))["me"] == {"name": "erin", "role": "EDITOR"}

    changed = await gql.data(UPDATE, {"input": {"id": gid(erin.id), "isActive": False}})
    assert changed["updatePrincipal"]["isActive"] is False
    assert changed["updatePrincipal"]["tokensValidAfter"] is not None

    for document in (ME, "{ topics(first: 1) { edges { cursor } } }"):
        error = await gql.error(document, token=token)
        assert error["extensions"]["code"] == "UNAUTHENTICATED", error
        assert error["message"] == "principal is deactivated"
    refused = await gql.error("mutation { createTopic(input: {slug: \"x\", name: \"X\"}) "
                              "{ id } }", token=token)
    assert refused["extensions"]["code"] == "UNAUTHENTICATED"
    assert await AuditLogEntry.filter(action="topic.create").count() == 0


async def test_reactivation_does_not_revive_tokens_issued_before_the_deactivation(gql) -> None:
    erin = await _principal("erin", Role.EDITOR)
    old_token = token_for("editor", "erin")
    await gql.data(UPDATE, {"input": {"id": gid(erin.id), "isActive": False}})
    await gql.data(UPDATE, {"input": {"id": gid(erin.id), "isActive": True}})
    error = await gql.error(ME, token=old_token)
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert error["message"].startswith("token revoked")
    await _next_second()
    assert (await gql.data(ME, token=token_for("editor", "erin")))["me"]["name"] == "erin"


# --- roles from the table -------------------------------------------------------------------

async def test_a_demoted_admin_loses_admin_fields_at_its_next_request(gql) -> None:
    ada = await _principal("ada", Role.ADMIN)
    ada_token = token_for("admin", "ada")
    assert "principals" in await gql.data(ADMIN_FIELDS, token=ada_token)  # cached now

    await gql.data(UPDATE, {"input": {"id": gid(ada.id), "role": "VIEWER"}})  # another admin

    error = await gql.error(ADMIN_FIELDS, token=ada_token)
    assert error["extensions"]["code"] == "FORBIDDEN", error
    assert (await gql.data(ME, token=ada_token))["me"] == {"name": "ada", "role": "VIEWER"}
    refused = await gql.error(UPDATE, {"input": {"id": gid(ada.id), "role": "ADMIN"}},
                              token=ada_token)
    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert (await Principal.get(id=ada.id)).role is Role.VIEWER


async def test_the_role_claim_counts_only_for_subjects_without_a_row(gql) -> None:
    await _principal("vera", Role.VIEWER)
    # a token claiming admin for a viewer row is a viewer
    forged_role = token_for("admin", "vera")
    assert (await gql.data(ME, token=forged_role))["me"]["role"] == "VIEWER"
    assert (await gql.error(ADMIN_FIELDS, token=forged_role))["extensions"]["code"] == \
        "FORBIDDEN"
    # a subject never seen keeps its token's role, and reading creates no row
    assert (await gql.data(ME, token=token_for("reviewer", "newbie")))["me"]["role"] == \
        "REVIEWER"
    assert not await Principal.exists(name="newbie")


async def test_creating_the_row_of_a_known_subject_applies_its_role_at_once(gql) -> None:
    token = token_for("admin", "late")
    assert "principals" in await gql.data(ADMIN_FIELDS, token=token)  # no row: token role
    await gql.data("""mutation { createPrincipal(input: {name: "late", role: VIEWER})
                      { name } }""")
    assert (await gql.error(ADMIN_FIELDS, token=token))["extensions"]["code"] == "FORBIDDEN"


# --- revocation -----------------------------------------------------------------------------

async def test_a_revoked_token_is_refused_and_a_later_one_works(gql) -> None:
    rita = await _principal("rita", Role.REVIEWER)
    token = token_for("reviewer", "rita")
    assert (await gql.data(ME, token=token))["me"]["name"] == "rita"

    revoked = (await gql.data(REVOKE, {"id": gid(rita.id)}))["revokePrincipalTokens"]
    assert revoked["isActive"] is True and revoked["tokensValidAfter"] is not None

    error = await gql.error(ME, token=token)
    assert error["extensions"]["code"] == "UNAUTHENTICATED", error
    assert error["message"] == "token revoked; ask for a new one"
    assert token not in str(error)
    await _next_second()
    fresh = token_for("reviewer", "rita")
    assert (await gql.data(ME, token=fresh))["me"] == {"name": "rita", "role": "REVIEWER"}
    entry = await AuditLogEntry.get(action="principal.revoke_tokens")
    assert entry.target_id == str(rita.id) and entry.actor_name == "admin-user"


async def test_a_token_without_iat_is_refused_once_tokens_were_revoked(gql) -> None:
    rita = await _principal("rita", Role.REVIEWER)
    now = int(time.time())
    claims = {"sub": "rita", "role": "reviewer", "iss": TOKEN_ISSUER,
              "aud": TOKEN_AUDIENCE, "exp": now + 600}
    no_iat = jwt.encode(claims, TEST_SECRET, algorithm="HS256")
    assert (await gql.data(ME, token=no_iat))["me"]["name"] == "rita"
    await gql.data(REVOKE, {"id": gid(rita.id)})
    assert (await gql.error(ME, token=no_iat))["extensions"]["code"] == "UNAUTHENTICATED"


async def test_revoking_needs_an_admin_and_an_existing_principal(gql) -> None:
    rita = await _principal("rita", Role.REVIEWER)
    for role in ("editor", "reviewer", "viewer"):
        error = await gql.error(REVOKE, {"id": gid(rita.id)}, role=role)
        assert error["extensions"]["code"] == "FORBIDDEN"
    assert (await Principal.get(id=rita.id)).tokens_valid_after is None
    missing = await gql.error(REVOKE, {"id": gid(rita.id + 100)})
    assert missing["extensions"]["code"] == "NOT_FOUND"


async def test_exports_refuse_deactivated_principals_and_revoked_tokens(db) -> None:
    viv = await _principal("viv", Role.VIEWER)
    app = create_app(Settings(secret_key=TEST_SECRET, database_url="postgres://unused/db",
                              redis_url="redis://unused"))
    params = {"from": "2026-11-01T00:00:00Z", "to": "2026-11-02T00:00:00Z"}
    headers = {"authorization": f"Bearer {token_for('viewer', 'viv')}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://test") as client:
        assert (await client.get("/exports/metrics", params=params,
                                 headers=headers)).status_code == 200
        await Principal.filter(id=viv.id).update(is_active=False)
        app.state.principals.invalidate("viv")  # what the pub/sub announcement does
        refused = await client.get("/exports/metrics", params=params, headers=headers)
    assert refused.status_code == 401
    assert refused.json()["error"]["message"] == "principal is deactivated"


# --- the per-process cache ------------------------------------------------------------------

def _credential(name: str = "cache-user", issued_at: float | None = None) -> Credential:
    return Credential(name=name, role=Role.EDITOR, issued_at=issued_at or time.time(),
                      expires_at=time.time() + 600)


async def test_the_cache_keeps_a_row_for_its_ttl_unless_told_of_a_change(
        db, monkeypatch: pytest.MonkeyPatch) -> None:
    row = await _principal("cache-user", Role.ADMIN)
    reads: list[str] = []
    real_load = directory_module.load_access

    async def counting_load(name: str):
        reads.append(name)
        return await real_load(name)

    monkeypatch.setattr(directory_module, "load_access", counting_load)
    now = [1000.0]
    principals = PrincipalDirectory(ttl=5.0, clock=lambda: now[0])
    assert (await principals.actor_for(_credential())).role is Role.ADMIN
    await Principal.filter(id=row.id).update(role=Role.VIEWER)
    # within the TTL and without an announcement the cached row stands (one read)
    assert (await principals.actor_for(_credential())).role is Role.ADMIN
    assert reads == ["cache-user"]
    now[0] += 5.1
    assert (await principals.actor_for(_credential())).role is Role.VIEWER
    await Principal.filter(id=row.id).update(is_active=False)
    principals._on_event({"name": "cache-user"})  # what another process announces
    with pytest.raises(Unauthenticated, match="deactivated"):
        await principals.actor_for(_credential())
    await Principal.filter(id=row.id).update(is_active=True)
    principals._on_event(Resync())  # after a Redis reconnect: everything is dropped
    assert (await principals.actor_for(_credential())).role is Role.VIEWER
    assert len(reads) == 4


async def test_a_change_announced_while_reading_is_not_cached(
        db, monkeypatch: pytest.MonkeyPatch) -> None:
    await _principal("racer", Role.ADMIN)
    principals = PrincipalDirectory(ttl=60.0)
    real_load = directory_module.load_access
    release = asyncio.Event()

    async def slow_load(name: str):
        access = await real_load(name)  # read before the change is committed
        await release.wait()
        return access

    monkeypatch.setattr(directory_module, "load_access", slow_load)
    pending = asyncio.create_task(principals.access("racer"))
    await asyncio.sleep(0.05)
    await Principal.filter(name="racer").update(role=Role.VIEWER)
    principals.invalidate("racer")
    release.set()
    assert (await pending).role is Role.ADMIN  # that caller asked before the change
    monkeypatch.setattr(directory_module, "load_access", real_load)
    assert (await principals.access("racer")).role is Role.VIEWER


async def test_without_the_event_hub_every_check_reads_the_table(db) -> None:
    """While the hub is disconnected an announcement could be missed: no caching."""
    row = await _principal("offline", Role.ADMIN)

    class Hub:
        def __init__(self) -> None:
            self.connected = asyncio.Event()

        def watch(self, channel, callback):
            return lambda: None

    principals = PrincipalDirectory(ttl=60.0)
    principals.attach(Hub())  # type: ignore[arg-type]
    assert (await principals.access("offline")).role is Role.ADMIN
    await Principal.filter(id=row.id).update(role=Role.EDITOR)
    assert (await principals.access("offline")).role is Role.EDITOR
    assert principals.cached == 0


def test_watchers_hear_of_changes_to_their_principal_only() -> None:
    principals = PrincipalDirectory()
    heard: list[str] = []
    stop = principals.watch("a", lambda: heard.append("a"))
    principals.watch("b", lambda: heard.append("b"))
    principals.invalidate("a")
    principals.invalidate("c")
    principals.invalidate()
    stop()
    principals.invalidate("a")
    assert heard == ["a", "a", "b"]


async def test_a_quiet_stream_ends_for_a_deactivated_principal_without_an_announcement(
        db, monkeypatch: pytest.MonkeyPatch) -> None:
    """The backstop for a lost announcement: streams re-read their caller now and then."""
    monkeypatch.setattr(realtime, "RECHECK_SECONDS", 0.1)
    await _principal("quiet", Role.VIEWER)
    hub = EventHub(object(), prefix="never-started")  # type: ignore[arg-type]
    context = RequestContext(secret_key=TEST_SECRET, is_websocket=True, events=hub,
                             credential=_credential("quiet"),
                             principals=PrincipalDirectory(ttl=0.2))
    await context.refresh_actor()

    async def snapshot() -> str:
        return "state"

    updates = realtime.stream(context, Ability.READ, "quiet-channel", snapshot, str)
    try:
        assert await anext(updates) == "state"
        await Principal.filter(name="quiet").update(is_active=False)  # nobody announces it
        with pytest.raises(Unauthenticated, match="principal is deactivated"):
            async with asyncio.timeout(5):
                while True:
                    await anext(updates)
    finally:
        await updates.aclose()
    assert hub.subscriber_count == 0


# --- publishing token --ttl-hours -----------------------------------------------------------

def _token_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items()
           if key not in {"SECRET_KEY", "ENVIRONMENT", "JWT_PUBLIC_KEY", "JWT_PRIVATE_KEY"}}
    env["SECRET_KEY"] = TEST_SECRET
    return subprocess.run([sys.executable, "-m", "app.cli", "token", "--sub", "ops",
                           "--role", "admin", *args], capture_output=True, text=True,
                          env=env, timeout=60)


@pytest.mark.parametrize("hours", [str(MAX_TOKEN_TTL_HOURS + 1), "100000", "0", "-5", "1.5"])
def test_token_lifetimes_beyond_the_cap_are_a_cli_error(hours: str) -> None:
    result = _token_cli("--ttl-hours", hours)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "argument --ttl-hours:" in result.stderr.splitlines()[-1]
    if hours == str(MAX_TOKEN_TTL_HOURS + 1):
        assert f"must be between 1 and {MAX_TOKEN_TTL_HOURS} (30 days)" in result.stderr


def test_the_token_serve_prints_is_a_twelve_hour_one_and_never_printed_in_production(
) -> None:
    from app.cli import _printed_token

    token = _printed_token(Settings(secret_key=TEST_SECRET, environment="development"))
    claims = jwt.decode(token, jwt_key(TEST_SECRET), algorithms=["HS256"], audience=TOKEN_AUDIENCE)
    assert (claims["sub"], claims["role"]) == ("admin", "admin")
    assert claims["exp"] - claims["iat"] == dt.timedelta(hours=12).total_seconds()
    production = Settings(environment="production", secret_key="p" * 40,
                          database_url="postgres://db:5432/app", redis_url="redis://cache",
                          public_base_url="https://news.example")
    assert _printed_token(production) == "(not printed in production: use `publishing token`)"


def test_the_longest_token_lasts_thirty_days() -> None:
    result = _token_cli("--ttl-hours", str(MAX_TOKEN_TTL_HOURS))
    assert result.returncode == 0, result.stderr
    claims = jwt.decode(result.stdout.strip(), jwt_key(TEST_SECRET), algorithms=["HS256"],
                        audience=TOKEN_AUDIENCE)
    assert claims["exp"] - claims["iat"] == dt.timedelta(days=30).total_seconds()
