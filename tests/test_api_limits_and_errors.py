"""Query limits, error shapes and masking, and the GET / GraphiQL side of the endpoint."""

from __future__ import annotations

import json
import logging

import pytest
from strawberry import relay

from domain.audience.models import Topic
from domain.channels.models import Channel, ChannelType
from schema.extensions import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS
from tests.graphql_client import token_for

ME = "{ me { name role } }"


async def _still_serving(gql) -> None:
    """A refused document must not poison the caches or the process."""
    data = await gql.data(ME, role="editor", subject="eve")
    assert data["me"] == {"name": "eve", "role": "EDITOR"}


def _codes(body: dict) -> set[str]:
    return {error["extensions"]["code"] for error in body["errors"]}


# --- limits ---------------------------------------------------------------------------------

async def test_deep_query_is_refused_with_a_depth_message(gql) -> None:
    levels = 20
    assert levels > MAX_DEPTH
    # No type of the schema nests 20 levels, so the inner fields are made up; the depth
    # rule must still name the problem (the unknown-field errors come along with it).
    document = ("{ publications { edges { node { channels { "
                + "deeper { " * (levels - 4) + "id" + " }" * (levels - 4)
                + " } } } } }")
    body = await gql.post(document)
    assert body["data"] is None
    depth_errors = [error for error in body["errors"] if "depth" in error["message"]]
    assert depth_errors, body
    assert f"maximum operation depth of {MAX_DEPTH}" in depth_errors[0]["message"]
    assert _codes(body) == {"BAD_USER_INPUT"}
    await _still_serving(gql)


async def test_query_at_the_depth_of_the_schema_is_accepted(gql) -> None:
    data = await gql.data("{ subscribers(first: 1) { edges { node { preferences { topic "
                          "{ id } channel { id } } } } } }")
    assert data["subscribers"]["edges"] == []


async def test_many_aliases_are_refused_with_an_alias_message(gql) -> None:
    count = 500
    document = "{ " + " ".join(f"a{index}: __typename" for index in range(count)) + " }"
    error = await gql.error(document)
    assert "aliases" in error["message"], error
    assert str(count) in error["message"] and str(MAX_ALIASES) in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    await _still_serving(gql)


async def test_aliases_up_to_the_limit_are_accepted(gql) -> None:
    document = "{ " + " ".join(f"a{index}: me {{ name }}" for index in range(MAX_ALIASES)) + " }"
    data = await gql.data(document)
    assert len(data) == MAX_ALIASES


async def test_huge_document_is_refused_with_a_token_message(gql) -> None:
    # about 51,000 tokens: `aN`, `:`, `__typename` for each of 17,000 fields
    document = "{ " + " ".join(f"a{index}: __typename" for index in range(17_000)) + " }"
    error = await gql.error(document)
    assert "tokens" in error["message"], error
    assert str(MAX_TOKENS) in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    await _still_serving(gql)


async def test_same_huge_document_twice_is_refused_twice(gql) -> None:
    """The parser cache must not remember a refused document as a good one."""
    document = "{ " + " ".join(f"b{index}: __typename" for index in range(MAX_TOKENS)) + " }"
    for _ in range(2):
        error = await gql.error(document)
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert "tokens" in error["message"]


# --- client errors --------------------------------------------------------------------------

async def test_syntax_error_is_bad_user_input(gql) -> None:
    error = await gql.error("{ me { name }")
    assert error["message"].startswith("Syntax Error"), error
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert error["locations"] == [{"line": 1, "column": 14}]
    await _still_serving(gql)


async def test_unknown_field_is_bad_user_input(gql) -> None:
    error = await gql.error("{ me { nickname } }")
    assert "nickname" in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_badly_typed_variable_is_bad_user_input(gql) -> None:
    error = await gql.error("query($n: Int!) { topics(first: $n) { edges { cursor } } }",
                            {"n": "many"})
    assert "$n" in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_domain_validation_error_names_the_field(gql) -> None:
    error = await gql.error(
        "mutation($input: CreateChannelInput!) { createChannel(input: $input) { id } }",
        {"input": {"name": "Hook", "type": "WEBHOOK", "config": {}}})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "config.url"}
    assert "config.url" in error["message"]
    assert error["path"] == ["createChannel"]


# --- masking --------------------------------------------------------------------------------

async def test_unexpected_exception_is_masked_and_logged_with_the_request_id(
        gql, caplog: pytest.LogCaptureFixture) -> None:
    await Channel.create(name="Broken", type=ChannelType.WEBHOOK,
                         config={"url": "https://example.com/hook"},
                         secret_ciphertext="garbage")
    request_id = "req-masking-42"
    with caplog.at_level(logging.ERROR, logger="publishing.graphql"):
        response = await gql.http.post(
            "/graphql", json={"query": "{ channels { edges { node { name secretFields } } } }"},
            headers={"Authorization": f"Bearer {token_for('admin')}",
                     "X-Request-Id": request_id})
    assert response.status_code == 200
    assert response.headers["x-request-id"] == request_id
    body = response.json()
    assert body["data"] is None  # secretFields is non-null all the way up
    assert len(body["errors"]) == 1, body
    error = body["errors"][0]
    assert error["message"] == "Internal server error"
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    assert error["path"] == ["channels", "edges", 0, "node", "secretFields"]
    text = response.text
    for leak in ("Traceback", "traceback", "garbage", "SecretDecryptionError", "InvalidToken",
                 "SECRET_KEY", "decrypt", "cryptography", "File \"", ".py"):
        assert leak not in text, leak
    # The operator, unlike the client, gets the whole story under the same request id.
    logged = [record for record in caplog.records if request_id in record.getMessage()]
    assert logged, caplog.records
    assert logged[0].exc_info is not None
    assert logged[0].exc_info[0].__name__ == "SecretDecryptionError"


async def test_masked_error_gets_a_generated_request_id(gql) -> None:
    await Channel.create(name="Broken", type=ChannelType.RSS, config={},
                         secret_ciphertext="garbage")
    response = await gql.http.post(
        "/graphql", json={"query": "{ channels { edges { node { secretFields } } } }"},
        headers={"Authorization": f"Bearer {token_for('viewer')}",
                 "X-Request-Id": "not valid; has spaces"})
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    generated = error["extensions"]["requestId"]
    assert generated and generated != "not valid; has spaces"
    assert response.headers["x-request-id"] == generated


async def test_one_broken_row_does_not_hide_the_healthy_fields(gql) -> None:
    """A masked error nulls only up to the nearest nullable field: siblings still answer."""
    broken = await Channel.create(name="Broken", type=ChannelType.RSS, config={},
                                  secret_ciphertext="garbage")
    body = await gql.post("query($id: ID!) { me { name } channel(id: $id) { secretFields } }",
                          {"id": str(relay.GlobalID("Channel", str(broken.id)))},
                          subject="ada")
    assert body["data"] == {"me": {"name": "ada"}, "channel": None}
    assert _codes(body) == {"INTERNAL_SERVER_ERROR"}


# --- GET and GraphiQL -----------------------------------------------------------------------

async def test_get_query_with_bearer_token(gql) -> None:
    response = await gql.http.get("/graphql", params={"query": "{me{name}}"},
                                  headers={"Authorization": f"Bearer {token_for('viewer', 'vic')}"})
    assert response.status_code == 200
    assert response.json() == {"data": {"me": {"name": "vic"}}}


async def test_get_query_without_token_is_unauthenticated(gql) -> None:
    response = await gql.http.get("/graphql", params={"query": "{me{name}}"})
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_mutation_via_get_is_refused(gql) -> None:
    query = 'mutation { createTopic(input: {slug: "via-get", name: "Via GET"}) { id } }'
    response = await gql.http.get("/graphql", params={"query": query},
                                  headers={"Authorization": f"Bearer {token_for('admin')}"})
    assert response.status_code in (400, 405), response.text
    assert "mutations are not allowed" in response.text.lower()
    assert not await Topic.exists(slug="via-get")
    # The same mutation over POST works, so GET was the only reason for the refusal.
    data = await gql.data(query)
    assert data["createTopic"]["id"]


async def test_get_with_html_accept_serves_graphiql(gql) -> None:
    response = await gql.http.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()


async def test_get_without_query_or_html_accept_is_not_graphiql(gql) -> None:
    response = await gql.http.get("/graphql", headers={"Accept": "application/json"})
    assert "graphiql" not in response.text.lower()
    assert response.status_code >= 400


async def test_error_responses_are_json(gql) -> None:
    response = await gql.http.post("/graphql", json={"query": "{ me { name }"})
    assert response.headers["content-type"].startswith("application/json")
    body = json.loads(response.text)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
