"""A generic webhook's URL may carry a token (path or query): only admins see it.

Every read that could show the URL or echo it is checked for each role: the channel's
config (list, one channel, node, through a delivery and a publication), its health's last
error, the deliveries' last error, and testChannel (admins only; its message is scrubbed
like every recorded error).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from strawberry import relay

from domain.channels.models import Channel, ChannelType
from domain.channels.redaction import public_config, redact_url, scrub
from domain.channels.transport import Outcome, OutcomeKind
from domain.channels.webhook import classify
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.throttling.health import HealthRecorder
from tests.delivery_fixtures import SECRET_KEY, build_engine, publication_to, webhook_channel
from tests.graphql_client import token_for

PATH_TOKEN = "secret-token-7f3a9c"
QUERY_TOKEN = "abc-key-51d2e8"
TOKENS = (PATH_TOKEN, QUERY_TOKEN)

READS = """
query($channel: ID!, $publication: ID!) {
  channels(first: 10) { edges { node { id config health { lastError } } } }
  channel(id: $channel) { config health { lastError } }
  node(id: $channel) { ... on Channel { config } }
  deliveries(first: 10) { edges { node { lastError channel { config } } } }
  publication(id: $publication) { channels { config health { lastError } } }
}"""
TEST_CHANNEL = """
mutation($id: ID!) { testChannel(id: $id) { ok reason message statusCode } }"""


def gid(type_name: str, pk: int) -> str:
    return str(relay.GlobalID(type_name, str(pk)))


async def raw(gql, query: str, variables: dict[str, Any], role: str) -> str:
    """The response body exactly as a client with `role` receives it."""
    response = await gql.http.post("/graphql", json={"query": query, "variables": variables},
                                   headers={"Authorization": f"Bearer {token_for(role)}"})
    assert response.status_code == 200, response.text
    return response.text


@pytest.fixture
def api(gql, redis_client, http_client):
    gql.graphql.secret_key = SECRET_KEY
    gql.graphql.redis = redis_client  # channel health is read from Redis
    return gql


async def failed_delivery_to_tokened_url(redis_client, http_client, receiver
                                         ) -> tuple[Any, str]:
    """A webhook channel whose URL holds two tokens, one failed delivery to it, and a
    receiver whose error page echoes the request URL (as many frameworks' 404 pages do)."""
    url = f"{receiver.url}/T123/{PATH_TOKEN}?key={QUERY_TOKEN}&v=2"
    scenario = await publication_to(url, 1)
    receiver.status = 404
    receiver.body = f"no route for POST {url} (path /T123/{PATH_TOKEN}, key {QUERY_TOKEN})"
    engine = build_engine(redis_client, http_client)
    assert await engine.start_publication(scenario.publication.id)
    await engine.pump(budget_seconds=5)
    delivery = await Delivery.get(publication_id=scenario.publication.id)
    assert delivery.status == DeliveryStatus.FAILED
    assert len(receiver.requests) == 1
    return scenario, url


@pytest.mark.parametrize("role", ["viewer", "editor", "reviewer"])
async def test_other_roles_never_see_the_webhook_token(api, redis_client, http_client,
                                                      receiver, role: str) -> None:
    scenario, _ = await failed_delivery_to_tokened_url(redis_client, http_client, receiver)
    variables = {"channel": gid("Channel", scenario.channel.id),
                 "publication": gid("Publication", scenario.publication.id)}

    text = await raw(api, READS, variables, role)

    body = json.loads(text)
    assert "errors" not in body, body
    for token in TOKENS:
        assert token not in text
    redacted = f"{receiver.url}/…?key=…&v=…"
    data = body["data"]
    assert data["channel"]["config"]["url"] == redacted
    assert data["node"]["config"]["url"] == redacted
    assert [edge["node"]["config"]["url"] for edge in data["channels"]["edges"]] == [redacted]
    assert data["deliveries"]["edges"][0]["node"]["channel"]["config"]["url"] == redacted
    assert data["publication"]["channels"][0]["config"]["url"] == redacted
    # the errors still say what happened, and where
    last_error = data["deliveries"]["edges"][0]["node"]["lastError"]
    assert last_error.startswith("HTTP 404: no route for POST"), last_error
    assert data["channel"]["health"]["lastError"].startswith("HTTP 404")


async def test_admins_see_the_whole_url_but_no_token_in_recorded_errors(
        api, redis_client, http_client, receiver) -> None:
    scenario, url = await failed_delivery_to_tokened_url(redis_client, http_client, receiver)
    variables = {"channel": gid("Channel", scenario.channel.id),
                 "publication": gid("Publication", scenario.publication.id)}

    data = json.loads(await raw(api, READS, variables, "admin"))["data"]

    assert data["channel"]["config"]["url"] == url
    assert data["node"]["config"]["url"] == url
    assert data["deliveries"]["edges"][0]["node"]["channel"]["config"]["url"] == url
    # errors are scrubbed when recorded: the ledger and health never held the tokens
    errors = [data["deliveries"]["edges"][0]["node"]["lastError"],
              data["channel"]["health"]["lastError"]]
    delivery = await Delivery.get(publication_id=scenario.publication.id)
    for error in [*errors, delivery.last_error]:
        assert error.startswith("HTTP 404"), error
        for token in TOKENS:
            assert token not in error


async def test_an_error_recorded_with_the_token_is_scrubbed_for_other_roles(
        api, redis_client, receiver) -> None:
    """Health's last error outlives its window; one recorded before errors were scrubbed
    (or by other code) is still not shown to readers."""
    url = f"{receiver.url}/hooks/{PATH_TOKEN}?key={QUERY_TOKEN}"
    channel, _ = await webhook_channel(url)
    await HealthRecorder(redis_client).record_many(
        {channel.id: (0, 1, f"HTTP 500: upstream {url} failed for /hooks/{PATH_TOKEN}")})
    query = "query($id: ID!) { channel(id: $id) { health { lastError } } }"

    for role in ("viewer", "editor", "reviewer"):
        text = await raw(api, query, {"id": gid("Channel", channel.id)}, role)
        assert all(token not in text for token in TOKENS), text
        assert json.loads(text)["data"]["channel"]["health"]["lastError"] == (
            f"HTTP 500: upstream {receiver.url}/…?key=… failed for …")
    admin = json.loads(await raw(api, query, {"id": gid("Channel", channel.id)}, "admin"))
    assert PATH_TOKEN in admin["data"]["channel"]["health"]["lastError"]


async def test_the_status_reason_of_a_disabled_channel_holds_no_token(
        api, redis_client, http_client, receiver) -> None:
    url = f"{receiver.url}/hooks/{PATH_TOKEN}?key={QUERY_TOKEN}"
    scenario = await publication_to(url, 1)
    receiver.status = 410
    receiver.body = f"gone: {url}"
    engine = build_engine(redis_client, http_client)
    assert await engine.start_publication(scenario.publication.id)
    await engine.pump(budget_seconds=5)
    query = "query($id: ID!) { channel(id: $id) { status statusReason } }"

    for role in ("viewer", "admin"):
        text = await raw(api, query, {"id": gid("Channel", scenario.channel.id)}, role)
        channel = json.loads(text)["data"]["channel"]
        assert channel["status"] == "DISABLED"
        assert channel["statusReason"].startswith(f"HTTP 410: gone: {receiver.url}/…?key=…")
        assert all(token not in text for token in TOKENS)
    # a reason stored before errors were scrubbed is scrubbed on read for other roles
    await Channel.filter(id=scenario.channel.id).update(status_reason=f"HTTP 410: {url}")
    text = await raw(api, query, {"id": gid("Channel", scenario.channel.id)}, "viewer")
    assert json.loads(text)["data"]["channel"]["statusReason"] == \
        f"HTTP 410: {receiver.url}/…?key=…"


@pytest.mark.parametrize("role", ["viewer", "editor", "reviewer"])
async def test_test_channel_is_for_admins_only(api, redis_client, http_client, receiver,
                                               role: str) -> None:
    channel, _ = await webhook_channel(f"{receiver.url}/hooks/{PATH_TOKEN}?key={QUERY_TOKEN}")
    api.graphql.channel_tester = build_engine(redis_client, http_client)

    text = await raw(api, TEST_CHANNEL, {"id": gid("Channel", channel.id)}, role)

    error = json.loads(text)["errors"][0]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert all(token not in text for token in TOKENS)
    assert receiver.requests == []


async def test_test_channel_message_holds_no_token_even_for_admins(
        api, redis_client, http_client, receiver) -> None:
    url = f"{receiver.url}/hooks/{PATH_TOKEN}?key={QUERY_TOKEN}"
    channel, _ = await webhook_channel(url)
    api.graphql.channel_tester = build_engine(redis_client, http_client)
    receiver.status = 500
    receiver.body = f"crashed handling {url}"

    text = await raw(api, TEST_CHANNEL, {"id": gid("Channel", channel.id)}, "admin")

    result = json.loads(text)["data"]["testChannel"]
    assert result["reason"] == "PROVIDER_ERROR" and result["statusCode"] == 500
    assert f"crashed handling {receiver.url}/…?key=…" in result["message"], result
    assert all(token not in text for token in TOKENS)


# --- the redaction rules ------------------------------------------------------------------

@pytest.mark.parametrize(("url", "shown"), [
    ("https://hooks.example.com/T123/secret-token?key=abc",
     "https://hooks.example.com/…?key=…"),
    ("https://hooks.example.com/", "https://hooks.example.com/"),
    ("https://hooks.example.com", "https://hooks.example.com"),
    ("http://hooks.example.com:8080/in?a=1&b=&token", "http://hooks.example.com:8080/…?a=…&b=…&…"),
    ("https://[2606:4700::1]:8443/x#frag", "https://[2606:4700::1]:8443/…"),
    ("https://user:pw@example.com/x", "https://example.com/…"),  # legacy rows
    ("https://example.com/?tok%3Dx=1&%E2%9C%93=2", "https://example.com/?…&…"),
    ("not a url", "…"),
    ("http://example.com:99999/", "…"),
])
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_only_the_webhook_url_is_redacted_in_config() -> None:
    config = {"url": "https://h.example.com/a/b?c=d", "timeout_seconds": 5.0}
    assert public_config(ChannelType.WEBHOOK, config) == {
        "url": "https://h.example.com/…?c=…", "timeout_seconds": 5.0}
    assert config["url"] == "https://h.example.com/a/b?c=d"  # not changed in place
    email = {"from_address": "news@example.com", "region": "eu-west-1"}
    assert public_config(ChannelType.EMAIL, email) == email


def test_scrub_masks_raw_and_percent_decoded_pieces() -> None:
    url = "https://h.example.com/in/sec%2Fret-token-99?key=va%20lue-123456"
    text = ("failed: https://h.example.com/in/sec%2Fret-token-99?key=va%20lue-123456; "
            "path /in/sec/ret-token-99, key 'va lue-123456', token sec%2Fret-token-99")
    scrubbed = scrub(text, url)
    assert scrubbed == "failed: https://h.example.com/…?key=…; path …, key '…', token …"
    assert scrub(None, url) is None
    assert scrub("no url here", url) == "no url here"


def test_a_body_cut_inside_the_url_leaves_no_partial_token() -> None:
    import httpx

    url = "https://h.example.com/hooks/" + "t" * 40
    body = "x" * 170 + url  # the 200-character snippet would end inside the token
    outcome = classify(httpx.Response(404, text=body), url)
    assert outcome == Outcome(OutcomeKind.PERMANENT, error=f"HTTP 404: {'x' * 170}"
                              "https://h.example.com/…", status_code=404)
