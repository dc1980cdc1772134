"""Principal changes across real API processes and websockets.

Two `publishing serve` processes share one database and Redis. A change made through one
(demote, deactivate, revoke) must hold on the other at once — far sooner than the
per-process cache's TTL, because the change is announced over Redis pub/sub — and an
open websocket must see it too: its next operation is UNAUTHENTICATED and a running
subscription, even a quiet one, ends with UNAUTHENTICATED.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from app.auth import issue_token
from domain.principals.directory import DEFAULT_TTL_SECONDS
from domain.principals.models import Role
from tests.servers import RunningServer, serve

SECRET = "principal-live-test-secret-0123456789-abcdefghij"
TIMEOUT = 15
#: a change must reach the other process well within the cache's TTL
PROPAGATION = 1.0
ADMIN_FIELDS = "{ principals(first: 1) { edges { cursor } } }"
METRICS = "subscription { metricsUpdated { deliveries { total } } }"


@dataclass(frozen=True)
class Pair:
    first: RunningServer
    second: RunningServer


def _token(subject: str, role: Role, lifetime: dt.timedelta = dt.timedelta(minutes=10)
           ) -> str:
    return issue_token(SECRET, subject, role, lifetime)


# no row: its token's role. Made at import: it must outlive a whole (loaded) suite run
ROOT = _token("root-admin", Role.ADMIN, dt.timedelta(hours=6))


@pytest.fixture(scope="module")
def pair(module_database_url: str, redis_url: str,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    logs = tmp_path_factory.mktemp("principal-live")
    with serve(logs, database_url=module_database_url, redis_url=redis_url,
               secret_key=SECRET) as first, \
         serve(logs, database_url=module_database_url, redis_url=redis_url,
               secret_key=SECRET) as second:
        yield Pair(first, second)


async def _post(server: RunningServer, token: str, query: str,
                variables: dict[str, Any] | None = None) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=server.http_url, trust_env=False,
                                 timeout=TIMEOUT) as client:
        response = await client.post("/graphql", json={"query": query,
                                                       "variables": variables or {}},
                                     headers={"Authorization": f"Bearer {token}"})
    return response.json()


async def _admin(server: RunningServer, query: str, variables: dict[str, Any]
                 ) -> dict[str, Any]:
    body = await _post(server, ROOT, query, variables)
    assert "errors" not in body, body
    return body["data"]


async def _create(server: RunningServer, role: Role) -> tuple[str, str]:
    """A principal row with a unique name: (global id, name)."""
    name = f"{role.value}-{uuid.uuid4().hex[:8]}"
    data = await _admin(server, "mutation($input: CreatePrincipalInput!) { "
                                "createPrincipal(input: $input) { id } }",
                        {"input": {"name": name, "role": role.name}})
    return data["createPrincipal"]["id"], name


async def _update(server: RunningServer, principal_id: str, **changes: Any) -> None:
    await _admin(server, "mutation($input: UpdatePrincipalInput!) { "
                         "updatePrincipal(input: $input) { id } }",
                 {"input": {"id": principal_id, **changes}})


async def _revoke(server: RunningServer, principal_id: str) -> None:
    await _admin(server, "mutation($id: ID!) { revokePrincipalTokens(id: $id) { id } }",
                 {"id": principal_id})


async def _code_within(server: RunningServer, token: str, query: str, expected: str
                       ) -> float:
    """Seconds until `query` on `server` fails with `expected` (asserted < PROPAGATION)."""
    started = time.monotonic()
    while True:
        body = await _post(server, token, query)
        codes = [error["extensions"]["code"] for error in body.get("errors", [])]
        if codes == [expected]:
            return time.monotonic() - started
        assert time.monotonic() - started < PROPAGATION, body
        await asyncio.sleep(0.02)


# --- HTTP across processes ------------------------------------------------------------------

async def test_a_demotion_made_on_one_process_holds_on_the_other_at_once(pair: Pair) -> None:
    principal_id, name = await _create(pair.first, Role.ADMIN)
    token = _token(name, Role.ADMIN)
    # the second process has the admin row cached now
    assert "errors" not in await _post(pair.second, token, ADMIN_FIELDS)

    await _update(pair.first, principal_id, role="VIEWER")
    elapsed = await _code_within(pair.second, token, ADMIN_FIELDS, "FORBIDDEN")
    assert elapsed < DEFAULT_TTL_SECONDS / 2
    me = await _post(pair.second, token, "{ me { role } }")
    assert me["data"]["me"]["role"] == "VIEWER"

    await _update(pair.first, principal_id, isActive=False)
    await _code_within(pair.second, token, "{ me { role } }", "UNAUTHENTICATED")


async def test_a_revocation_made_on_one_process_holds_on_the_other_at_once(pair: Pair) -> None:
    principal_id, name = await _create(pair.first, Role.EDITOR)
    token = _token(name, Role.EDITOR)
    assert "errors" not in await _post(pair.second, token, "{ me { name } }")
    await _revoke(pair.first, principal_id)
    await _code_within(pair.second, token, "{ me { name } }", "UNAUTHENTICATED")
    body = await _post(pair.second, token, "{ me { name } }")
    assert body["errors"][0]["message"] == "token revoked; ask for a new one"


# --- websockets -----------------------------------------------------------------------------

async def _receive(websocket: ClientConnection) -> dict[str, Any]:
    async with asyncio.timeout(TIMEOUT):
        while True:
            message = json.loads(await websocket.recv())
            if message.get("type") == "ping":
                await websocket.send(json.dumps({"type": "pong"}))
                continue
            if message.get("type") not in ("ka", "pong"):
                return message


async def _connect(server: RunningServer, token: str) -> ClientConnection:
    websocket = await connect(server.ws_url, subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
                              proxy=None, open_timeout=TIMEOUT)
    await websocket.send(json.dumps({"type": "connection_init",
                                     "payload": {"Authorization": f"Bearer {token}"}}))
    return websocket


async def _operation(websocket: ClientConnection, query: str, operation_id: str
                     ) -> dict[str, Any]:
    await websocket.send(json.dumps({"id": operation_id, "type": "subscribe",
                                     "payload": {"query": query}}))
    result = await _receive(websocket)
    assert (result["id"], result["type"]) == (operation_id, "next"), result
    assert await _receive(websocket) == {"id": operation_id, "type": "complete"}
    return result["payload"]


@pytest.mark.parametrize("change", ["deactivate", "revoke"])
async def test_an_open_websocket_loses_a_deactivated_or_revoked_principal(
        pair: Pair, change: str) -> None:
    principal_id, name = await _create(pair.first, Role.VIEWER)
    token = _token(name, Role.VIEWER)
    websocket = await _connect(pair.second, token)
    try:
        assert (await _receive(websocket))["type"] == "connection_ack"
        payload = await _operation(websocket, "{ me { name role } }", "q1")
        assert payload == {"data": {"me": {"name": name, "role": "VIEWER"}}}
        # a quiet stream: nothing publishes metrics for this run's prefix (no worker)
        await websocket.send(json.dumps({"id": "m", "type": "subscribe",
                                         "payload": {"query": METRICS}}))
        snapshot = await _receive(websocket)
        assert snapshot["type"] == "next" and "errors" not in snapshot["payload"], snapshot

        started = time.monotonic()
        if change == "deactivate":
            await _update(pair.first, principal_id, isActive=False)
        else:
            await _revoke(pair.first, principal_id)
        while (ended := await _receive(websocket))["type"] == "next" \
                and "errors" not in ended["payload"]:
            pass  # a fresh snapshot may come first; only the stream's end matters
        elapsed = time.monotonic() - started
        assert ended["id"] == "m" and ended["type"] == "next", ended
        (error,) = ended["payload"]["errors"]
        assert error["extensions"]["code"] == "UNAUTHENTICATED"
        expected = ("principal is deactivated" if change == "deactivate"
                    else "token revoked; ask for a new one")
        assert error["message"] == expected
        assert elapsed < DEFAULT_TTL_SECONDS / 2, elapsed  # the announcement, not the TTL
        assert await _receive(websocket) == {"id": "m", "type": "complete"}

        # the next operation on the same connection is refused as well
        refused = await _operation(websocket, "{ me { name } }", "q2")
        assert refused["data"] is None
        assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    finally:
        await websocket.close()

    # and a new connection with the same token is closed at connection_init
    websocket = await _connect(pair.first, token)
    try:
        async with asyncio.timeout(TIMEOUT):
            with pytest.raises(ConnectionClosed):
                message = await websocket.recv()
                pytest.fail(f"expected the socket to close, got {message!r}")
        assert websocket.close_code == 4403
    finally:
        await websocket.close()


async def test_an_open_websocket_of_a_demoted_admin_loses_admin_fields(pair: Pair) -> None:
    principal_id, name = await _create(pair.first, Role.ADMIN)
    websocket = await _connect(pair.second, _token(name, Role.ADMIN))
    try:
        assert (await _receive(websocket))["type"] == "connection_ack"
        assert "errors" not in await _operation(websocket, ADMIN_FIELDS, "a1")
        await _update(pair.first, principal_id, role="EDITOR")
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            payload = await _operation(websocket, ADMIN_FIELDS, f"a{attempt + 1}")
            if payload.get("errors"):
                break
            assert time.monotonic() - started < PROPAGATION, payload
            await asyncio.sleep(0.02)
        assert payload["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    finally:
        await websocket.close()
