"""Channels (write-only secrets, per-type config rules, merging updates), stored templates
(versions, syntax checks, inheritance) and idempotent creates, through the GraphQL API."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from tortoise import Tortoise

from domain.audience.models import Topic
from domain.channels.models import Channel, ChannelStatus
from domain.crypto import decrypt_secrets
from domain.idempotency.models import IdempotencyRecord
from domain.publications.models import Publication
from domain.templates.models import Template, TemplateVersion
from tests.graphql_client import TEST_SECRET, token_for

CHANNEL_FIELDS = """
  id name type config status statusReason rateLimitPerSecond rateLimitBurst secretFields
  createdAt updatedAt
"""
CREATE_CHANNEL = f"""
mutation($input: CreateChannelInput!) {{ createChannel(input: $input) {{ {CHANNEL_FIELDS} }} }}
"""
UPDATE_CHANNEL = f"""
mutation($input: UpdateChannelInput!) {{ updateChannel(input: $input) {{ {CHANNEL_FIELDS} }} }}
"""
CHANNELS = f"""
query($filter: ChannelFilter) {{
  channels(first: 50, filter: $filter) {{ edges {{ node {{ {CHANNEL_FIELDS} }} }} }}
}}"""
GET_CHANNEL = f"query($id: ID!) {{ channel(id: $id) {{ {CHANNEL_FIELDS} }} }}"

TEMPLATE_FIELDS = "id name channelType currentVersion parentId source createdAt updatedAt"
CREATE_TEMPLATE = f"""
mutation($input: CreateTemplateInput!) {{
  createTemplate(input: $input) {{ {TEMPLATE_FIELDS} }}
}}"""
UPDATE_TEMPLATE = f"""
mutation($input: UpdateTemplateInput!) {{
  updateTemplate(input: $input) {{ {TEMPLATE_FIELDS} }}
}}"""
TEMPLATES = f"""
query($channelType: ChannelType) {{
  templates(first: 50, channelType: $channelType) {{ edges {{ node {{ {TEMPLATE_FIELDS} }} }} }}
}}"""

CREATE_TOPIC = """
mutation($input: CreateTopicInput!) { createTopic(input: $input) { id slug name } }
"""
CREATE_PUBLICATION = """
mutation($input: CreatePublicationInput!) { createPublication(input: $input) { id title } }
"""

EDITOR = {"role": "editor", "subject": "erin-editor"}

SES_KEY_ID = "AKIAPLAINTEXTKEYID01"
SES_SECRET = "ses-secret-access-key-plaintext-0123456789"
SLACK_URL = "https://hooks.slack.com/services/T0000000/B0000000/slacksecrettoken0123"
SLACK_TOKEN = "xoxb-slack-bot-token-plaintext"
SLACK_CHANNEL = "C0123456789"
OLD_SLACK_URL = "https://hooks.slack.com/services/T0000000/B0000000/oldslacksecret000000"
DISCORD_TOKEN = "discordsecrettoken0123" + "X" * 46  # Discord's tokens are 68 characters
DISCORD_URL = f"https://discord.com/api/webhooks/123456789012345678/{DISCORD_TOKEN}"
SIGNING_SECRET = "whsec_" + base64.b64encode(b"my-own-signing-secret-plaintext!").decode()
ALL_SECRETS = (SES_KEY_ID, SES_SECRET, SLACK_URL, "slacksecrettoken0123", SLACK_TOKEN,
               DISCORD_URL, "discordsecrettoken0123", SIGNING_SECRET)


def gid(type_name: str, pk: int | str) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def pk_of(global_id: str) -> int:
    return int(base64.b64decode(global_id).decode().partition(":")[2])


def assert_error(error: dict[str, Any], code: str, field: str | None = None) -> None:
    assert error["extensions"]["code"] == code, error
    if field is not None:
        assert error["extensions"].get("field") == field, error


async def raw(gql, query: str, variables: dict[str, Any] | None = None,
              role: str = "admin") -> str:
    """The response body exactly as a client receives it."""
    response = await gql.http.post("/graphql", json={"query": query,
                                                     "variables": variables or {}},
                                   headers={"Authorization": f"Bearer {token_for(role)}"})
    assert response.status_code == 200, response.text
    return response.text


def assert_no_secret_in(text: str) -> None:
    for secret in ALL_SECRETS:
        assert secret not in text


async def stored_secrets(channel_id: str) -> dict[str, Any]:
    channel = await Channel.get(id=pk_of(channel_id))
    return decrypt_secrets(TEST_SECRET, channel.secret_ciphertext)


async def database_text() -> str:
    """Every row of the tables a channel write touches, as text."""
    connection = Tortoise.get_connection("default")
    chunks = []
    for table in ("channel", "audit_log", "idempotency_record"):
        rows = await connection.execute_query_dict(
            f"SELECT row_to_json(t)::text AS row FROM {table} t")
        chunks.extend(row["row"] for row in rows)
    return "\n".join(chunks)


async def create_channel(gql, **fields: Any) -> dict[str, Any]:
    return (await gql.data(CREATE_CHANNEL, {"input": fields}))["createChannel"]


# --- creating channels --------------------------------------------------------------------


CHANNEL_CASES = [
    pytest.param(
        {"name": "ses", "type": "EMAIL",
         "config": {"from_address": "Sender@Example.COM", "from_name": "News", "region":
                    "eu-west-1", "max_send_rate": 14},
         "secrets": {"aws_access_key_id": SES_KEY_ID, "aws_secret_access_key": SES_SECRET}},
        {"from_address": "Sender@example.com", "from_name": "News", "region": "eu-west-1",
         "max_send_rate": 14.0},
        ["aws_access_key_id", "aws_secret_access_key"], id="email"),
    pytest.param(
        {"name": "email-no-keys", "type": "EMAIL",
         "config": {"from_address": "news@example.com"}},
        {"from_address": "news@example.com"}, [], id="email-with-ambient-credentials"),
    pytest.param(
        {"name": "slack-hook", "type": "SLACK", "config": {"channel_id": SLACK_CHANNEL},
         "secrets": {"webhook_url": SLACK_URL}},
        {"channel_id": SLACK_CHANNEL}, ["webhook_url"], id="slack-webhook"),
    pytest.param(
        {"name": "slack-bot", "type": "SLACK", "config": {"channel_id": SLACK_CHANNEL},
         "secrets": {"bot_token": SLACK_TOKEN}},
        {"channel_id": SLACK_CHANNEL}, ["bot_token"], id="slack-bot-token"),
    pytest.param(
        {"name": "discord", "type": "DISCORD", "config": {"username": "Herald"},
         "secrets": {"webhook_url": DISCORD_URL}},
        {"username": "Herald"}, ["webhook_url"], id="discord"),
    pytest.param(
        {"name": "hook", "type": "WEBHOOK",
         "config": {"url": "https://example.com/hooks/in", "timeout_seconds": 5}},
        {"url": "https://example.com/hooks/in", "timeout_seconds": 5.0}, ["signing_secret"],
        id="webhook"),
    pytest.param(
        {"name": "hook-own-secret", "type": "WEBHOOK",
         "config": {"url": "http://internal.example.com/in"},
         "secrets": {"signing_secret": SIGNING_SECRET}},
        {"url": "http://internal.example.com/in"}, ["signing_secret"],
        id="webhook-own-secret"),
    pytest.param(
        {"name": "feed", "type": "RSS",
         "config": {"title": "Our feed", "description": "All news", "max_entries": 50}},
        {"title": "Our feed", "description": "All news", "max_entries": 50}, [], id="rss"),
]


@pytest.mark.parametrize(("fields", "config", "secret_fields"), CHANNEL_CASES)
async def test_create_each_channel_type(gql, fields, config, secret_fields) -> None:
    text = await raw(gql, CREATE_CHANNEL, {"input": fields})
    channel = json.loads(text)["data"]["createChannel"]

    assert channel["name"] == fields["name"]
    assert channel["type"] == fields["type"]
    assert channel["config"] == config
    assert channel["status"] == "ACTIVE"
    assert channel["statusReason"] is None
    assert channel["secretFields"] == secret_fields
    # Write-only: no secret value in the response, in the stored row, the audit trail …
    assert_no_secret_in(text)
    assert_no_secret_in(await database_text())
    # … but the stored ciphertext holds exactly what was given.
    stored = await stored_secrets(channel["id"])
    assert sorted(stored) == secret_fields
    for key, value in fields.get("secrets", {}).items():
        assert stored[key] == value
    row = await Channel.get(id=pk_of(channel["id"]))
    assert row.config == config
    assert (row.secret_ciphertext is None) == (not secret_fields)


async def test_webhook_gets_a_generated_signing_secret(gql) -> None:
    first = await create_channel(gql, name="hook-1", type="WEBHOOK",
                                 config={"url": "https://example.com/1"})
    second = await create_channel(gql, name="hook-2", type="WEBHOOK",
                                  config={"url": "https://example.com/2"})
    secret_1 = (await stored_secrets(first["id"]))["signing_secret"]
    secret_2 = (await stored_secrets(second["id"]))["signing_secret"]
    assert secret_1.startswith("whsec_") and secret_2.startswith("whsec_")
    assert len(base64.b64decode(secret_1.removeprefix("whsec_"))) >= 24
    assert secret_1 != secret_2
    row = await Channel.get(id=pk_of(first["id"]))
    assert secret_1 not in row.secret_ciphertext
    assert secret_1 not in await database_text()


async def test_secrets_never_appear_in_reads(gql) -> None:
    await create_channel(gql, name="ses", type="EMAIL",
                         config={"from_address": "news@example.com"},
                         secrets={"aws_access_key_id": SES_KEY_ID,
                                  "aws_secret_access_key": SES_SECRET})
    await create_channel(gql, name="slack", type="SLACK",
                         secrets={"webhook_url": SLACK_URL, "bot_token": SLACK_TOKEN})
    discord = await create_channel(gql, name="discord", type="DISCORD",
                                   secrets={"webhook_url": DISCORD_URL})
    listed = await raw(gql, CHANNELS, role="viewer")
    assert_no_secret_in(listed)
    nodes = [edge["node"] for edge in json.loads(listed)["data"]["channels"]["edges"]]
    assert {node["name"]: node["secretFields"] for node in nodes} == {
        "ses": ["aws_access_key_id", "aws_secret_access_key"],
        "slack": ["bot_token", "webhook_url"], "discord": ["webhook_url"]}
    one = await raw(gql, GET_CHANNEL, {"id": discord["id"]}, role="viewer")
    assert_no_secret_in(one)
    node = await raw(gql, "query($id: ID!) { node(id: $id) { ... on Channel { config "
                          "secretFields } } }", {"id": discord["id"]}, role="viewer")
    assert_no_secret_in(node)
    assert json.loads(node)["data"]["node"]["secretFields"] == ["webhook_url"]


async def test_channel_filters(gql) -> None:
    await create_channel(gql, name="feed", type="RSS")
    hook = await create_channel(gql, name="hook", type="WEBHOOK",
                                config={"url": "https://example.com/h"})
    await gql.data(UPDATE_CHANNEL, {"input": {"id": hook["id"], "status": "PAUSED"}})

    async def names(**filter: Any) -> list[str]:
        data = await gql.data(CHANNELS, {"filter": filter or None}, role="viewer")
        return [edge["node"]["name"] for edge in data["channels"]["edges"]]

    assert await names() == ["feed", "hook"]  # oldest first
    assert await names(type="RSS") == ["feed"]
    assert await names(status="PAUSED") == ["hook"]
    assert await names(status="ACTIVE", type="WEBHOOK") == []


@pytest.mark.parametrize(("fields", "field"), [
    pytest.param({"type": "EMAIL"}, "config.from_address", id="email-without-from"),
    pytest.param({"type": "EMAIL", "config": {"from_address": "nope"}}, "config.from_address",
                 id="email-bad-from"),
    pytest.param({"type": "EMAIL", "config": {"from_address": 5}}, "config.from_address",
                 id="email-from-not-string"),
    pytest.param({"type": "EMAIL", "config": {"from_address": "a@example.com",
                                              "smtp_host": "mail"}}, "config.smtp_host",
                 id="email-unknown-key"),
    pytest.param({"type": "EMAIL", "config": {"from_address": "a@example.com",
                                              "max_send_rate": "fast"}},
                 "config.max_send_rate", id="email-rate-not-number"),
    pytest.param({"type": "EMAIL", "config": {"from_address": "a@example.com"},
                  "secrets": {"aws_secret_access_key": 42}},
                 "secrets.aws_secret_access_key", id="email-secret-not-string"),
    pytest.param({"type": "SLACK"}, "secrets.webhook_url", id="slack-without-secrets"),
    pytest.param({"type": "SLACK", "secrets": {"webhook_url": SLACK_URL.replace(
        "https", "http")}}, "secrets.webhook_url", id="slack-http-url"),
    pytest.param({"type": "SLACK", "secrets": {"password": SLACK_TOKEN}}, "secrets.password",
                 id="slack-unknown-secret"),
    pytest.param({"type": "SLACK", "config": {"webhook_url": SLACK_URL}},
                 "config.webhook_url", id="slack-secret-in-config"),
    pytest.param({"type": "DISCORD"}, "secrets.webhook_url", id="discord-without-url"),
    pytest.param({"type": "DISCORD", "secrets": {"webhook_url": DISCORD_URL.replace(
        "https", "http")}}, "secrets.webhook_url", id="discord-http-url"),
    pytest.param({"type": "DISCORD", "secrets": {"webhook_url": ["https://x.example"]}},
                 "secrets.webhook_url", id="discord-url-not-string"),
    # provider shapes: a URL that is not the provider's webhook, a malformed token
    pytest.param({"type": "SLACK", "secrets": {"webhook_url": "https://example.com/hook"}},
                 "secrets.webhook_url", id="slack-url-elsewhere"),
    pytest.param({"type": "SLACK", "secrets": {"webhook_url": "https://hooks.slack.com/other"}},
                 "secrets.webhook_url", id="slack-url-not-a-webhook"),
    pytest.param({"type": "SLACK", "secrets": {"webhook_url": SLACK_URL + "/more"}},
                 "secrets.webhook_url", id="slack-url-extra-path"),
    pytest.param({"type": "SLACK", "secrets": {"webhook_url": SLACK_URL.replace(
        "hooks.slack.com", "hooks.slack.com.evil.example")}}, "secrets.webhook_url",
                 id="slack-url-lookalike-host"),
    pytest.param({"type": "SLACK", "secrets": {"bot_token": SLACK_TOKEN}},
                 "config.channel_id", id="slack-bot-token-without-channel"),
    pytest.param({"type": "SLACK", "config": {"channel_id": SLACK_CHANNEL},
                  "secrets": {"bot_token": "slack-bot-token-plaintext"}},
                 "secrets.bot_token", id="slack-bot-token-malformed"),
    pytest.param({"type": "SLACK", "config": {"channel_id": SLACK_CHANNEL},
                  "secrets": {"bot_token": "xoxp-user-token-plaintext"}},
                 "secrets.bot_token", id="slack-user-token"),
    pytest.param({"type": "SLACK", "config": {"channel_id": "#general"},
                  "secrets": {"bot_token": SLACK_TOKEN}},
                 "config.channel_id", id="slack-channel-name-not-id"),
    pytest.param({"type": "DISCORD", "secrets": {"webhook_url": DISCORD_URL.replace(
        "123456789012345678", "123")}}, "secrets.webhook_url", id="discord-short-id"),
    pytest.param({"type": "DISCORD", "secrets": {"webhook_url": DISCORD_URL.replace(
        "123456789012345678", "webhook")}}, "secrets.webhook_url", id="discord-id-not-digits"),
    pytest.param({"type": "DISCORD", "secrets": {"webhook_url": DISCORD_URL.replace(
        DISCORD_TOKEN, "discordsecrettoken0123")}}, "secrets.webhook_url",
                 id="discord-short-token"),
    pytest.param({"type": "DISCORD", "secrets": {"webhook_url": DISCORD_URL.replace(
        DISCORD_TOKEN, DISCORD_TOKEN[:-2] + "!!")}}, "secrets.webhook_url",
                 id="discord-token-bad-characters"),
    pytest.param({"type": "DISCORD", "secrets": {"webhook_url": DISCORD_URL.replace(
        "discord.com", "example.com")}}, "secrets.webhook_url", id="discord-url-elsewhere"),
    pytest.param({"type": "WEBHOOK"}, "config.url", id="webhook-without-url"),
    pytest.param({"type": "WEBHOOK", "config": {"url": "ftp://example.com/x"}}, "config.url",
                 id="webhook-ftp-url"),
    pytest.param({"type": "WEBHOOK", "config": {"url": "https://example.com",
                                                "timeout_seconds": 100}},
                 "config.timeout_seconds", id="webhook-timeout-too-long"),
    pytest.param({"type": "WEBHOOK", "config": {"url": "https://example.com",
                                                "timeout_seconds": True}},
                 "config.timeout_seconds", id="webhook-timeout-bool"),
    pytest.param({"type": "RSS", "config": {"max_entries": "10"}}, "config.max_entries",
                 id="rss-entries-not-int"),
    pytest.param({"type": "RSS", "config": {"max_entries": 0}}, "config.max_entries",
                 id="rss-entries-zero"),
    pytest.param({"type": "RSS", "secrets": {"token": SIGNING_SECRET}}, "secrets.token",
                 id="rss-has-no-secrets"),
    pytest.param({"type": "RSS", "config": "title"}, "config", id="config-not-object"),
    pytest.param({"type": "RSS", "secrets": [SIGNING_SECRET]}, "secrets",
                 id="secrets-not-object"),
    pytest.param({"type": "RSS", "name": "  "}, "name", id="blank-name"),
    pytest.param({"type": "RSS", "name": "n" * 201}, "name", id="long-name"),
    pytest.param({"type": "RSS", "rateLimitPerSecond": 0}, "rateLimitPerSecond",
                 id="rate-zero"),
    pytest.param({"type": "RSS", "rateLimitBurst": 0}, "rateLimitBurst", id="burst-zero"),
])
async def test_create_channel_rejects_bad_input(gql, fields, field) -> None:
    text = await raw(gql, CREATE_CHANNEL, {"input": {"name": "c", **fields}})
    errors = json.loads(text)["errors"]
    assert len(errors) == 1
    assert_error(errors[0], "BAD_USER_INPUT", field)
    assert_no_secret_in(text)  # not even in the error message
    assert await Channel.all().count() == 0


@pytest.mark.parametrize(("fields", "field"), [
    pytest.param({"type": "WEBHOOK", "config": {"url": "https://user:pa55word@example.com/in"}},
                 "config.url", id="webhook-user-and-password"),
    pytest.param({"type": "WEBHOOK", "config": {"url": "http://pa55word@example.com/"}},
                 "config.url", id="webhook-user-only"),
    pytest.param({"type": "SLACK", "secrets": {"webhook_url": SLACK_URL.replace(
        "https://", "https://u:pa55word@")}}, "secrets.webhook_url", id="slack"),
    pytest.param({"type": "DISCORD", "secrets": {"webhook_url": DISCORD_URL.replace(
        "https://", "https://u:pa55word@")}}, "secrets.webhook_url", id="discord"),
])
async def test_urls_with_credentials_before_the_host_are_refused(gql, fields, field) -> None:
    """`user:password@` would go out in the Host header: refused, without echoing it."""
    text = await raw(gql, CREATE_CHANNEL, {"input": {"name": "c", **fields}})
    errors = json.loads(text)["errors"]
    assert len(errors) == 1
    assert_error(errors[0], "BAD_USER_INPUT", field)
    assert errors[0]["message"] == (f"{field} must not contain a user name or password "
                                    "(user:password@host)")
    assert "pa55word" not in text
    assert await Channel.all().count() == 0


async def test_updating_a_webhook_url_to_one_with_credentials_is_refused(gql) -> None:
    channel = await create_channel(gql, name="hook", type="WEBHOOK",
                                   config={"url": "https://example.com/in"})
    error = await gql.error(UPDATE_CHANNEL, {"input": {
        "id": channel["id"], "config": {"url": "https://user:pa55word@example.com/in"}}})
    assert_error(error, "BAD_USER_INPUT", "config.url")
    assert "pa55word" not in error["message"]
    assert (await Channel.get(id=pk_of(channel["id"]))).config == {
        "url": "https://example.com/in"}


@pytest.mark.parametrize(("url", "embedded"), [
    ("http://[2002:7f00:1::1]/in", "a 6to4 address of 127.0.0.1"),
    ("http://[64:ff9b::a9fe:a9fe]/in", "a NAT64 address of 169.254.169.254"),
    ("http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/in", "a Teredo address of 10.0.0.1"),
])
async def test_webhook_urls_into_a_private_network_through_ipv6_are_refused(
        gql, url: str, embedded: str) -> None:
    error = await gql.error(CREATE_CHANNEL, {"input": {
        "name": "hook", "type": "WEBHOOK", "config": {"url": url}}})
    assert_error(error, "BAD_USER_INPUT", "config.url")
    assert embedded in error["message"] and "private networks is disabled" in error["message"]
    assert await Channel.all().count() == 0


async def test_duplicate_channel_name_is_a_conflict(gql) -> None:
    await create_channel(gql, name="feed", type="RSS", config={"title": "First"})
    error = await gql.error(CREATE_CHANNEL, {"input": {
        "name": "feed", "type": "DISCORD", "secrets": {"webhook_url": DISCORD_URL}}})
    assert_error(error, "CONFLICT", "name")
    assert await Channel.all().count() == 1
    assert (await Channel.get(name="feed")).config == {"title": "First"}
    assert_no_secret_in(await database_text())


@pytest.mark.parametrize("role", ["editor", "reviewer", "viewer"])
async def test_only_admins_manage_channels(gql, role) -> None:
    error = await gql.error(CREATE_CHANNEL, {"input": {"name": "feed", "type": "RSS"}},
                            role=role)
    assert_error(error, "FORBIDDEN")
    assert await Channel.all().count() == 0


# --- updating channels --------------------------------------------------------------------


async def test_update_merges_config_and_null_removes_a_key(gql) -> None:
    channel = await create_channel(gql, name="ses", type="EMAIL", config={
        "from_address": "news@example.com", "from_name": "News", "region": "eu-west-1"})
    updated = (await gql.data(UPDATE_CHANNEL, {"input": {"id": channel["id"], "config": {
        "from_name": None, "reply_to": "Help@Example.com", "region": "us-east-1"}}})
               )["updateChannel"]
    expected = {"from_address": "news@example.com", "reply_to": "Help@example.com",
                "region": "us-east-1"}
    assert updated["config"] == expected
    assert (await Channel.get(id=pk_of(channel["id"]))).config == expected
    assert updated["name"] == "ses" and updated["status"] == "ACTIVE"


async def test_update_status_with_reason(gql) -> None:
    channel = await create_channel(gql, name="feed", type="RSS")
    paused = (await gql.data(UPDATE_CHANNEL, {"input": {
        "id": channel["id"], "status": "PAUSED", "statusReason": "provider outage"}})
              )["updateChannel"]
    assert (paused["status"], paused["statusReason"]) == ("PAUSED", "provider outage")
    row = await Channel.get(id=pk_of(channel["id"]))
    assert (row.status, row.status_reason) == (ChannelStatus.PAUSED, "provider outage")

    renamed = (await gql.data(UPDATE_CHANNEL, {"input": {"id": channel["id"],
                                                         "name": "feed-2"}}))["updateChannel"]
    assert (renamed["name"], renamed["status"], renamed["statusReason"]) == (
        "feed-2", "PAUSED", "provider outage")  # a status change is needed to clear it

    active = (await gql.data(UPDATE_CHANNEL, {"input": {"id": channel["id"],
                                                        "status": "ACTIVE"}}))["updateChannel"]
    assert (active["status"], active["statusReason"]) == ("ACTIVE", None)


async def test_update_replaces_adds_and_removes_secrets(gql) -> None:
    # the channel id lets the bot token post once the webhook is gone
    channel = await create_channel(gql, name="slack", type="SLACK",
                                   config={"channel_id": SLACK_CHANNEL},
                                   secrets={"webhook_url": OLD_SLACK_URL})
    text = await raw(gql, UPDATE_CHANNEL, {"input": {"id": channel["id"],
                                                     "secrets": {"webhook_url": SLACK_URL}}})
    assert_no_secret_in(text)
    assert json.loads(text)["data"]["updateChannel"]["secretFields"] == ["webhook_url"]
    assert await stored_secrets(channel["id"]) == {"webhook_url": SLACK_URL}

    added = (await gql.data(UPDATE_CHANNEL, {"input": {"id": channel["id"],
                                                       "secrets": {"bot_token": SLACK_TOKEN}}})
             )["updateChannel"]
    assert added["secretFields"] == ["bot_token", "webhook_url"]
    assert await stored_secrets(channel["id"]) == {"webhook_url": SLACK_URL,
                                                   "bot_token": SLACK_TOKEN}

    removed = (await gql.data(UPDATE_CHANNEL, {"input": {"id": channel["id"],
                                                         "secrets": {"webhook_url": None}}})
               )["updateChannel"]
    assert removed["secretFields"] == ["bot_token"]
    assert await stored_secrets(channel["id"]) == {"bot_token": SLACK_TOKEN}
    assert_no_secret_in(await database_text())


async def test_update_without_secrets_keeps_the_webhook_signing_secret(gql) -> None:
    channel = await create_channel(gql, name="hook", type="WEBHOOK",
                                   config={"url": "https://example.com/a"})
    before = await stored_secrets(channel["id"])
    updated = (await gql.data(UPDATE_CHANNEL, {"input": {
        "id": channel["id"], "config": {"url": "https://example.com/b"},
        "rateLimitPerSecond": 2.5, "rateLimitBurst": 5}}))["updateChannel"]
    assert updated["config"] == {"url": "https://example.com/b"}
    assert (updated["rateLimitPerSecond"], updated["rateLimitBurst"]) == (2.5, 5)
    assert await stored_secrets(channel["id"]) == before


@pytest.mark.parametrize(("changes", "code", "field"), [
    pytest.param({"config": {"smtp_host": "x"}}, "BAD_USER_INPUT", "config.smtp_host",
                 id="unknown-config-key"),
    pytest.param({"config": {"from_address": None}}, "BAD_USER_INPUT", "config.from_address",
                 id="remove-required-config"),
    pytest.param({"config": {"from_address": "not-an-address"}}, "BAD_USER_INPUT",
                 "config.from_address", id="bad-config-value"),
    pytest.param({"config": ["from_address"]}, "BAD_USER_INPUT", "config",
                 id="config-not-object"),
    pytest.param({"config": "x"}, "BAD_USER_INPUT", "config", id="config-string"),
    pytest.param({"secrets": {"aws_secret_access_key": 7}}, "BAD_USER_INPUT",
                 "secrets.aws_secret_access_key", id="bad-secret-value"),
    pytest.param({"secrets": {"password": SES_SECRET}}, "BAD_USER_INPUT", "secrets.password",
                 id="unknown-secret-key"),
    pytest.param({"secrets": [SES_SECRET]}, "BAD_USER_INPUT", "secrets",
                 id="secrets-not-object"),
    pytest.param({"name": ""}, "BAD_USER_INPUT", "name", id="blank-name"),
    pytest.param({"name": "taken"}, "CONFLICT", "name", id="duplicate-name"),
    pytest.param({"rateLimitBurst": 0}, "BAD_USER_INPUT", "rateLimitBurst", id="burst"),
    pytest.param({"rateLimitPerSecond": -1}, "BAD_USER_INPUT", "rateLimitPerSecond",
                 id="rate"),
    pytest.param({"id": gid("Channel", 999999)}, "NOT_FOUND", "id", id="unknown-channel"),
    pytest.param({"id": gid("Topic", 1)}, "BAD_USER_INPUT", "id", id="wrong-id-type"),
])
async def test_refused_update_changes_nothing(gql, changes, code, field) -> None:
    await create_channel(gql, name="taken", type="RSS")
    channel = await create_channel(gql, name="ses", type="EMAIL",
                                   config={"from_address": "news@example.com"},
                                   secrets={"aws_access_key_id": SES_KEY_ID})
    before = await Channel.get(id=pk_of(channel["id"]))
    text = await raw(gql, UPDATE_CHANNEL, {"input": {
        "id": channel["id"], "status": "DISABLED", "statusReason": "should not stick",
        **changes}})
    errors = json.loads(text)["errors"]
    assert len(errors) == 1
    assert_error(errors[0], code, field)
    assert_no_secret_in(text)
    after = await Channel.get(id=pk_of(channel["id"]))
    assert (after.name, after.config, after.status, after.status_reason,
            after.secret_ciphertext, after.updated_at) == (
        before.name, before.config, before.status, before.status_reason,
        before.secret_ciphertext, before.updated_at)


@pytest.mark.parametrize(("kind", "created", "changes", "field"), [
    pytest.param("SLACK", {"secrets": {"webhook_url": SLACK_URL}},
                 {"secrets": {"webhook_url": "https://example.com/hook"}},
                 "secrets.webhook_url", id="slack-url-elsewhere"),
    pytest.param("SLACK", {"secrets": {"webhook_url": SLACK_URL}},
                 {"secrets": {"bot_token": "not-a-token"}}, "secrets.bot_token",
                 id="slack-malformed-bot-token"),
    pytest.param("SLACK", {"secrets": {"webhook_url": SLACK_URL, "bot_token": SLACK_TOKEN}},
                 {"secrets": {"webhook_url": None}}, "config.channel_id",
                 id="slack-bot-token-left-without-channel"),
    pytest.param("SLACK", {"config": {"channel_id": SLACK_CHANNEL},
                           "secrets": {"bot_token": SLACK_TOKEN}},
                 {"config": {"channel_id": None}}, "config.channel_id",
                 id="slack-channel-removed-from-bot"),
    pytest.param("SLACK", {"config": {"channel_id": SLACK_CHANNEL},
                           "secrets": {"bot_token": SLACK_TOKEN}},
                 {"config": {"channel_id": "general"}}, "config.channel_id",
                 id="slack-channel-name-not-id"),
    pytest.param("DISCORD", {"secrets": {"webhook_url": DISCORD_URL}},
                 {"secrets": {"webhook_url": DISCORD_URL.replace("123456789012345678", "1")}},
                 "secrets.webhook_url", id="discord-bad-id"),
    pytest.param("DISCORD", {"secrets": {"webhook_url": DISCORD_URL}},
                 {"secrets": {"webhook_url": DISCORD_URL[:-40]}}, "secrets.webhook_url",
                 id="discord-short-token"),
])
async def test_refused_provider_update_changes_nothing(gql, kind, created, changes,
                                                       field) -> None:
    channel = await create_channel(gql, name="chat", type=kind, **created)
    before = await Channel.get(id=pk_of(channel["id"]))
    text = await raw(gql, UPDATE_CHANNEL, {"input": {"id": channel["id"], **changes}})
    errors = json.loads(text)["errors"]
    assert len(errors) == 1
    assert_error(errors[0], "BAD_USER_INPUT", field)
    assert_no_secret_in(text)
    after = await Channel.get(id=pk_of(channel["id"]))
    assert (after.config, after.secret_ciphertext, after.updated_at) == (
        before.config, before.secret_ciphertext, before.updated_at)
    assert await stored_secrets(channel["id"]) == created["secrets"]


async def test_removing_the_only_discord_secret_is_refused(gql) -> None:
    channel = await create_channel(gql, name="discord", type="DISCORD",
                                   secrets={"webhook_url": DISCORD_URL})
    error = await gql.error(UPDATE_CHANNEL, {"input": {"id": channel["id"],
                                                       "secrets": {"webhook_url": None}}})
    assert_error(error, "BAD_USER_INPUT", "secrets.webhook_url")
    assert await stored_secrets(channel["id"]) == {"webhook_url": DISCORD_URL}


# --- templates ----------------------------------------------------------------------------


async def create_template(gql, name: str = "welcome", channel_type: str = "EMAIL",
                          source: str = "Hello {{ name }}!", **extra: Any) -> dict[str, Any]:
    return (await gql.data(CREATE_TEMPLATE, {"input": {
        "name": name, "channelType": channel_type, "source": source, **extra}}, **EDITOR)
            )["createTemplate"]


async def test_create_template(gql) -> None:
    template = await create_template(gql)
    assert (template["name"], template["channelType"], template["currentVersion"]) == (
        "welcome", "EMAIL", 1)
    assert template["source"] == "Hello {{ name }}!"
    assert template["parentId"] is None
    versions = await TemplateVersion.filter(template_id=pk_of(template["id"])).values_list(
        "version", "source")
    assert versions == [(1, "Hello {{ name }}!")]


async def test_template_syntax_error_names_the_line(gql) -> None:
    source = "Hello {{ name }}\n{% if vip %}\nWelcome {{ name }\n{% endif %}"
    error = await gql.error(CREATE_TEMPLATE, {"input": {
        "name": "broken", "channelType": "EMAIL", "source": source}}, **EDITOR)
    assert_error(error, "BAD_USER_INPUT", "source")
    assert "line 3" in error["message"]
    assert await Template.all().count() == 0
    assert await TemplateVersion.all().count() == 0


@pytest.mark.parametrize(("fields", "field"), [
    pytest.param({"source": "{% if x %}never closed"}, "source", id="unclosed-block"),
    pytest.param({"source": "x" * 100_001}, "source", id="too-long"),
    pytest.param({"name": " "}, "name", id="blank-name"),
    pytest.param({"parentId": gid("Template", 999999)}, "parentId", id="unknown-parent"),
    pytest.param({"parentId": gid("Topic", 1)}, "parentId", id="parent-not-a-template"),
])
async def test_create_template_rejects_bad_input(gql, fields, field) -> None:
    error = await gql.error(CREATE_TEMPLATE, {"input": {
        "name": "t", "channelType": "EMAIL", "source": "ok", **fields}}, **EDITOR)
    assert_error(error, "BAD_USER_INPUT", field)
    assert await Template.all().count() == 0
    assert await TemplateVersion.all().count() == 0


async def test_duplicate_template_name_per_channel_type(gql) -> None:
    await create_template(gql, "welcome", "EMAIL")
    error = await gql.error(CREATE_TEMPLATE, {"input": {
        "name": "welcome", "channelType": "EMAIL", "source": "again"}}, **EDITOR)
    assert_error(error, "CONFLICT", "name")
    assert await Template.all().count() == 1
    assert await TemplateVersion.all().count() == 1
    other = await create_template(gql, "welcome", "SLACK")  # another type: fine
    assert other["channelType"] == "SLACK"


async def test_update_template_saves_a_new_version(gql) -> None:
    template = await create_template(gql, source="v1 {{ name }}")
    updated = (await gql.data(UPDATE_TEMPLATE, {"input": {"id": template["id"],
                                                          "source": "v2 {{ name | upper }}"}},
                              **EDITOR))["updateTemplate"]
    assert updated["currentVersion"] == 2
    assert updated["source"] == "v2 {{ name | upper }}"
    read = (await gql.data("query($id: ID!) { template(id: $id) { currentVersion source } }",
                           {"id": template["id"]}, role="viewer"))["template"]
    assert read == {"currentVersion": 2, "source": "v2 {{ name | upper }}"}
    versions = await TemplateVersion.filter(template_id=pk_of(template["id"])).order_by(
        "version").values_list("version", "source")
    assert versions == [(1, "v1 {{ name }}"), (2, "v2 {{ name | upper }}")]


async def test_update_with_a_syntax_error_keeps_the_current_version(gql) -> None:
    parent = await create_template(gql, "base", source="base")
    template = await create_template(gql, source="v1")
    error = await gql.error(UPDATE_TEMPLATE, {"input": {
        "id": template["id"], "parentId": parent["id"], "source": "{{ broken"}}, **EDITOR)
    assert_error(error, "BAD_USER_INPUT", "source")
    row = await Template.get(id=pk_of(template["id"]))
    assert (row.current_version, row.parent_id) == (1, None)
    assert await TemplateVersion.filter(template_id=row.id).count() == 1


async def test_template_parent(gql) -> None:
    base = await create_template(gql, "base", source="{% block body %}{% endblock %}")
    child = await create_template(gql, "child", parentId=base["id"],
                                  source="{% extends 'base' %}")
    assert child["parentId"] == base["id"]
    other = await create_template(gql, "other")
    reparented = (await gql.data(UPDATE_TEMPLATE, {"input": {"id": other["id"],
                                                             "parentId": child["id"]}},
                                 **EDITOR))["updateTemplate"]
    assert reparented["parentId"] == child["id"]
    assert reparented["currentVersion"] == 1  # no new source, no new version


async def test_parent_of_another_channel_type_is_refused(gql) -> None:
    slack_base = await create_template(gql, "slack-base", "SLACK")
    error = await gql.error(CREATE_TEMPLATE, {"input": {
        "name": "mail", "channelType": "EMAIL", "source": "x", "parentId": slack_base["id"]}},
                            **EDITOR)
    assert_error(error, "BAD_USER_INPUT", "parentId")
    assert await Template.all().count() == 1

    email = await create_template(gql, "mail", "EMAIL")
    error = await gql.error(UPDATE_TEMPLATE, {"input": {"id": email["id"],
                                                        "parentId": slack_base["id"]}},
                            **EDITOR)
    assert_error(error, "BAD_USER_INPUT", "parentId")
    assert (await Template.get(id=pk_of(email["id"]))).parent_id is None


async def test_inheritance_cycles_are_refused(gql) -> None:
    a = await create_template(gql, "a")
    b = await create_template(gql, "b", parentId=a["id"])
    c = await create_template(gql, "c", parentId=b["id"])
    for parent in (c["id"], b["id"], a["id"]):  # a → c → b → a, a → b → a, a → a
        error = await gql.error(UPDATE_TEMPLATE, {"input": {"id": a["id"], "parentId": parent}},
                                **EDITOR)
        assert_error(error, "BAD_USER_INPUT", "parentId")
        assert "cycle" in error["message"]
    parents = dict(await Template.all().values_list("name", "parent_id"))
    assert parents == {"a": None, "b": pk_of(a["id"]), "c": pk_of(b["id"])}


async def test_update_unknown_template(gql) -> None:
    error = await gql.error(UPDATE_TEMPLATE, {"input": {"id": gid("Template", 999999),
                                                        "source": "x"}}, **EDITOR)
    assert_error(error, "NOT_FOUND", "id")
    assert await TemplateVersion.all().count() == 0


async def test_templates_list_and_permissions(gql) -> None:
    await create_template(gql, "a", "EMAIL")
    await create_template(gql, "b", "SLACK")
    data = await gql.data(TEMPLATES, {"channelType": "SLACK"}, role="viewer")
    assert [edge["node"]["name"] for edge in data["templates"]["edges"]] == ["b"]
    data = await gql.data(TEMPLATES, {}, role="viewer")
    assert [edge["node"]["name"] for edge in data["templates"]["edges"]] == ["a", "b"]
    error = await gql.error(CREATE_TEMPLATE, {"input": {"name": "c", "channelType": "EMAIL",
                                                        "source": "x"}}, role="viewer")
    assert_error(error, "FORBIDDEN")
    assert await Template.all().count() == 2


# --- idempotent creates -------------------------------------------------------------------


IDEMPOTENT_CASES = [
    pytest.param(CREATE_TOPIC, "createTopic", Topic, {"slug": "news", "name": "News"},
                 {"slug": "news", "name": "Other name"}, id="createTopic"),
    pytest.param(CREATE_PUBLICATION, "createPublication", Publication,
                 {"title": "Hello", "body": "b"}, {"title": "Hello", "body": "changed"},
                 id="createPublication"),
    pytest.param(CREATE_CHANNEL, "createChannel", Channel,
                 {"name": "discord", "type": "DISCORD", "secrets": {"webhook_url": DISCORD_URL}},
                 {"name": "discord", "type": "DISCORD",
                  "secrets": {"webhook_url": DISCORD_URL + "x"}}, id="createChannel"),
]


@pytest.mark.parametrize(("mutation", "root", "model", "payload", "changed"), IDEMPOTENT_CASES)
async def test_repeating_a_create_with_the_same_key_returns_the_same_object(
        gql, mutation, root, model, payload, changed) -> None:
    variables = {"input": {**payload, "idempotencyKey": "req-1"}}
    first = (await gql.data(mutation, variables))[root]
    second = (await gql.data(mutation, variables))[root]
    assert second == first
    assert await model.all().count() == 1
    assert await IdempotencyRecord.filter(key="req-1").count() == 1


@pytest.mark.parametrize(("mutation", "root", "model", "payload", "changed"), IDEMPOTENT_CASES)
async def test_same_key_with_different_input_is_a_conflict(
        gql, mutation, root, model, payload, changed) -> None:
    first = (await gql.data(mutation, {"input": {**payload, "idempotencyKey": "req-1"}}))[root]
    text = await raw(gql, mutation, {"input": {**changed, "idempotencyKey": "req-1"}})
    errors = json.loads(text)["errors"]
    assert len(errors) == 1
    assert_error(errors[0], "CONFLICT", "idempotencyKey")
    assert_no_secret_in(text)
    assert await model.all().count() == 1
    assert (await model.get(id=pk_of(first["id"]))).pk == pk_of(first["id"])
    assert await IdempotencyRecord.all().count() == 1


async def test_channel_replay_keeps_the_generated_signing_secret(gql) -> None:
    variables = {"input": {"name": "hook", "type": "WEBHOOK", "idempotencyKey": "k",
                           "config": {"url": "https://example.com/h"}}}
    first = (await gql.data(CREATE_CHANNEL, variables))["createChannel"]
    secret = await stored_secrets(first["id"])
    second = (await gql.data(CREATE_CHANNEL, variables))["createChannel"]
    assert second["id"] == first["id"]
    assert await stored_secrets(first["id"]) == secret
    assert_no_secret_in(await database_text())
    assert secret["signing_secret"] not in await database_text()


async def test_same_key_from_another_subject_creates_a_separate_object(gql) -> None:
    variables = {"input": {"title": "Hello", "idempotencyKey": "req-1"}}
    alice = (await gql.data(CREATE_PUBLICATION, variables, role="editor", subject="alice")
             )["createPublication"]
    bob = (await gql.data(CREATE_PUBLICATION, variables, role="editor", subject="bob")
           )["createPublication"]
    alice_again = (await gql.data(CREATE_PUBLICATION, variables, role="editor",
                                  subject="alice"))["createPublication"]
    assert alice["id"] != bob["id"]
    assert alice_again["id"] == alice["id"]
    assert await Publication.all().count() == 2
    authors = dict(await Publication.all().values_list("id", "author__name"))
    assert authors == {pk_of(alice["id"]): "alice", pk_of(bob["id"]): "bob"}


async def test_same_key_for_different_operations_is_independent(gql) -> None:
    topic = (await gql.data(CREATE_TOPIC, {"input": {"slug": "news", "name": "News",
                                                     "idempotencyKey": "k"}}))["createTopic"]
    channel = (await gql.data(CREATE_CHANNEL, {"input": {"name": "feed", "type": "RSS",
                                                         "idempotencyKey": "k"}})
               )["createChannel"]
    assert pk_of(topic["id"]) == (await Topic.get(slug="news")).id
    assert pk_of(channel["id"]) == (await Channel.get(name="feed")).id
    assert set(await IdempotencyRecord.all().values_list("operation", "key")) == {
        ("createTopic", "k"), ("createChannel", "k")}


async def test_a_refused_create_does_not_use_up_the_key(gql) -> None:
    await gql.data(CREATE_TOPIC, {"input": {"slug": "taken", "name": "Taken"}})
    for bad, code in (({"slug": "Bad Slug", "name": "x"}, "BAD_USER_INPUT"),
                      ({"slug": "taken", "name": "x"}, "CONFLICT")):
        error = await gql.error(CREATE_TOPIC, {"input": {**bad, "idempotencyKey": "k"}})
        assert error["extensions"]["code"] == code
    assert await IdempotencyRecord.all().count() == 0
    topic = (await gql.data(CREATE_TOPIC, {"input": {"slug": "fresh", "name": "Fresh",
                                                     "idempotencyKey": "k"}}))["createTopic"]
    assert topic["slug"] == "fresh"
    assert await Topic.all().count() == 2
    assert await IdempotencyRecord.all().count() == 1


@pytest.mark.parametrize("key", ["", "   ", "k" * 201])
async def test_bad_idempotency_key(gql, key) -> None:
    error = await gql.error(CREATE_TOPIC, {"input": {"slug": "news", "name": "News",
                                                     "idempotencyKey": key}})
    assert_error(error, "BAD_USER_INPUT", "idempotencyKey")
    assert await Topic.all().count() == 0
    assert await IdempotencyRecord.all().count() == 0
