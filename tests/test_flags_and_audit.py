"""Feature flags (rollout by stable hash, admin API, cross-process invalidation) and the
audit log query."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import httpx

from app.auth import issue_token
from domain.flags.book import FLAGS, FlagState
from domain.principals.models import AuditLogEntry, Role
from tests.servers import serve

SET = """mutation($input: SetFeatureFlagInput!) { setFeatureFlag(input: $input) {
  key enabled rolloutPercent stored updatedBy } }"""
ONE = "query($key: String!) { featureFlag(key: $key) { key enabled rolloutPercent stored } }"
ALL = "{ featureFlags { key enabled stored description } }"
AUDIT = """query($filter: AuditLogFilter, $first: Int!, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    edges { node { actor action targetType targetId details } }
    pageInfo { hasNextPage endCursor } } }"""


def test_rollout_is_stable_and_only_grows() -> None:
    subjects = range(20_000)
    thirty = {s for s in subjects if FlagState("beta", True, 30).on_for(s)}
    fifty = {s for s in subjects if FlagState("beta", True, 50).on_for(s)}
    assert 0.28 < len(thirty) / 20_000 < 0.32
    assert 0.48 < len(fifty) / 20_000 < 0.52
    assert thirty <= fifty  # raising the percentage only adds subjects
    other = {s for s in subjects if FlagState("gamma", True, 30).on_for(s)}
    assert 0.2 < len(thirty & other) / len(thirty) < 0.4  # independent per flag
    assert not any(FlagState("beta", False, 100).on_for(s) for s in range(100))
    assert FlagState("beta", True, 100).on_for(None)
    assert not FlagState("beta", True, 50).on_for(None)


async def test_flags_through_the_api(db, gql) -> None:
    FLAGS.invalidate()
    listed = {f["key"]: f for f in (await gql.data(ALL))["featureFlags"]}
    assert listed["ai_scoring"] == {"key": "ai_scoring", "enabled": True, "stored": False,
                                    "description": listed["ai_scoring"]["description"]}
    assert listed["digests"]["enabled"] is False
    assert (await gql.data(ONE, {"key": "never-heard-of"}, role="viewer"))["featureFlag"][
        "enabled"] is False

    made = (await gql.data(SET, {"input": {"key": "digests", "enabled": True,
                                           "rolloutPercent": 25}}, subject="ada"))
    assert made["setFeatureFlag"] == {"key": "digests", "enabled": True, "rolloutPercent": 25.0,
                                      "stored": True, "updatedBy": "ada"}
    assert await FLAGS.is_on("digests", None) is False  # a partial rollout needs a subject
    share = sum([await FLAGS.is_on("digests", s) for s in range(2000)]) / 2000
    assert 0.2 < share < 0.3
    await gql.data(SET, {"input": {"key": "ai_scoring", "enabled": False}})
    assert await FLAGS.is_on("ai_scoring", 7) is False
    deleted = await gql.data('mutation { deleteFeatureFlag(key: "ai_scoring") { enabled stored } }')
    assert deleted["deleteFeatureFlag"] == {"enabled": True, "stored": False}  # the default

    for variables, field in [({"key": "Bad Key!", "enabled": True}, "key"),
                             ({"key": "ok", "enabled": True, "rolloutPercent": 150},
                              "rolloutPercent"),
                             ({"key": "ok", "enabled": True, "description": "x" * 501},
                              "description")]:
        error = await gql.error(SET, {"input": variables})
        assert (error["extensions"]["code"], error["extensions"]["field"]) == (
            "BAD_USER_INPUT", field)
    assert (await gql.error(SET, {"input": {"key": "x", "enabled": True}}, role="editor"))[
        "extensions"]["code"] == "FORBIDDEN"
    missing = await gql.error('mutation { deleteFeatureFlag(key: "nope") { key } }')
    assert missing["extensions"]["code"] == "NOT_FOUND"
    assert await AuditLogEntry.filter(action__startswith="flag.").count() == 3


async def test_audit_log_reads_newest_first_with_filters_and_pages(db, gql) -> None:
    for index in range(5):
        await gql.data(SET, {"input": {"key": f"f{index}", "enabled": True}}, subject="ada")
    await gql.data(SET, {"input": {"key": "f0", "enabled": False}}, subject="bob")
    first = (await gql.data(AUDIT, {"first": 4, "filter": {"actionPrefix": "flag."}}))[
        "auditLog"]
    nodes = [edge["node"] for edge in first["edges"]]
    assert [n["targetId"] for n in nodes] == ["f0", "f4", "f3", "f2"]
    assert nodes[0]["actor"] == "bob" and nodes[0]["details"]["enabled"] is False
    assert first["pageInfo"]["hasNextPage"]
    rest = (await gql.data(AUDIT, {"first": 4, "after": first["pageInfo"]["endCursor"],
                                   "filter": {"actionPrefix": "flag."}}))["auditLog"]
    assert [e["node"]["targetId"] for e in rest["edges"]] == ["f1", "f0"]
    by_bob = (await gql.data(AUDIT, {"first": 10, "filter": {"actor": "bob"}}))["auditLog"]
    assert len(by_bob["edges"]) == 1
    one = (await gql.data(AUDIT, {"first": 10, "filter": {
        "targetType": "feature_flag", "targetId": "f3"}}))["auditLog"]
    assert [e["node"]["action"] for e in one["edges"]] == ["flag.set"]
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    empty = await gql.data(AUDIT, {"first": 10, "filter": {"from": later.isoformat()}})
    assert empty["auditLog"]["edges"] == []
    bad = await gql.error(AUDIT, {"first": 10, "filter": {
        "from": later.isoformat(), "to": dt.datetime.now(dt.UTC).isoformat()}})
    assert (bad["extensions"]["code"], bad["extensions"]["field"]) == (
        "BAD_USER_INPUT", "filter.from")
    assert (await gql.error(AUDIT, {"first": 1}, role="editor"))["extensions"][
        "code"] == "FORBIDDEN"


SECRET = "flags-test-secret-key-0123456789-abcdefghijklmn"


async def _post(url: str, query: str, variables: dict, role: Role) -> dict:
    token = issue_token(SECRET, f"{role.value}-user", role, dt.timedelta(minutes=10))
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.post(f"{url}/graphql", json={"query": query,
                                                              "variables": variables},
                                     headers={"Authorization": f"Bearer {token}"})
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def test_a_change_on_one_process_reaches_another_through_the_announcement(
        shared_database: str, redis_url: str, tmp_path: Path) -> None:
    from app import migrations

    await migrations.upgrade(shared_database)
    # a cache that would keep a stale copy for a minute: only the announcement can explain
    # the second process seeing the change within the deadline below
    with serve(tmp_path, database_url=shared_database, redis_url=redis_url,
               secret_key=SECRET, FLAG_CACHE_SECONDS="60") as first, \
         serve(tmp_path, database_url=shared_database, redis_url=redis_url,
               secret_key=SECRET, FLAG_CACHE_SECONDS="60") as second:
        seen = await _post(second.http_url, ONE, {"key": "digests"}, Role.VIEWER)
        assert seen["featureFlag"]["enabled"] is False  # cached now in the second process
        await _post(first.http_url, SET, {"input": {"key": "digests", "enabled": True}},
                    Role.ADMIN)
        deadline = asyncio.get_running_loop().time() + 15
        while not (await _post(second.http_url, ONE, {"key": "digests"}, Role.VIEWER))[
                "featureFlag"]["enabled"]:
            assert asyncio.get_running_loop().time() < deadline, "the change never arrived"
            await asyncio.sleep(0.05)
