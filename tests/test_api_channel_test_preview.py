"""testChannel and channelPreview through the GraphQL API, against real loopback servers.

testChannel must take the real sending path (signing, SSRF guard, breaker, shared rate
limiter) and report each failure in words an admin can act on, without writing a
delivery or disabling the channel. channelPreview must show what delivery would send:
the same webhook envelope, the same MIME structure, the same Slack/Discord JSON.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import re
import time
from collections.abc import AsyncIterator
from email.policy import default as default_policy
from typing import Any

import pytest
from strawberry import relay

from domain.audience.models import Frequency, Subscriber, SubscriberPreference, Topic
from domain.channels.discord import DiscordTransport
from domain.channels.email import EmailTransport
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.channels.providers import ProviderEndpoints
from domain.channels.slack import SlackTransport
from domain.channels.ssrf import TargetResolver
from domain.channels.transport import FailureReason
from domain.crypto import encrypt_secrets
from domain.deliveries.models import Delivery
from domain.links.urls import LinkBuilder
from domain.principals.actor import Actor
from domain.principals.models import AuditLogEntry, Role
from domain.publications.models import Publication, PublicationStatus
from domain.templates import service as templates
from domain.throttling.breaker import BreakerState
from schema.channels import ChannelTestFailure
from tests.delivery_fixtures import SECRET_KEY, build_engine, publication_to, webhook_channel
from tests.servers import free_port
from tests.ses_servers import SesError

TEST_CHANNEL = """
mutation($id: ID!, $to: String) { testChannel(id: $id, to: $to) {
  ok reason message statusCode retryAfterSeconds providerMessageId durationMs
  wouldDisableChannel } }"""

PREVIEW = """
query($p: ID!, $c: ID!, $s: ID) { channelPreview(publicationId: $p, channelId: $c,
                                                 subscriberId: $s) {
  channelType subject html text headers { name value } body raw warnings } }"""

SLACK_PATH = "/services/T0001/B0001/abcdefghijklmnopqrstuvwx"
DISCORD_PATH = "/api/webhooks/123456789012345678/" + "t" * 68


def gid(type_name: str, pk: int) -> str:
    return str(relay.GlobalID(type_name, str(pk)))


@pytest.fixture
def api(gql, redis_client, http_client):
    """The API with the engine's secret key (channels here are encrypted with it) and no
    tester wired; `wire` plugs one in."""
    gql.graphql.secret_key = SECRET_KEY
    return gql


def wire(api, redis_client, http_client, **policy: Any):
    engine = build_engine(redis_client, http_client, **policy)
    api.graphql.channel_tester = engine
    return engine


async def run_test(api, channel_id: int, to: str | None = None) -> dict[str, Any]:
    return (await api.data(TEST_CHANNEL, {"id": gid("Channel", channel_id), "to": to}))[
        "testChannel"]


# --- testChannel: webhooks ----------------------------------------------------------------

async def test_webhook_test_is_signed_sent_once_and_leaves_no_delivery(
        api, redis_client, http_client, receiver) -> None:
    channel, secret = await webhook_channel(receiver.url + "/hook")
    wire(api, redis_client, http_client)

    result = await run_test(api, channel.id)

    assert result["ok"] is True, result
    assert result["reason"] is None
    assert result["statusCode"] == 200
    assert result["durationMs"] > 0
    assert "accepted" in result["message"]
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert request.signature_valid(secret)
    assert not request.signature_valid("whsec_" + "A" * 32)
    body = request.json
    assert body["test"] is True
    assert body["type"] == "publication.published"
    assert body["data"]["publication"]["title"] == "Test message from Publishing"
    assert request.headers["webhook-id"].startswith("test_")
    assert await Delivery.all().count() == 0
    entry = await AuditLogEntry.get(action="channel.test")
    assert entry.target_id == str(channel.id) and entry.details["ok"] is True


@pytest.mark.parametrize(("status", "reason", "words"), [
    (401, "BAD_CREDENTIALS", "secrets.signing_secret"),
    (404, "NOT_FOUND", "config.url"),
    (500, "PROVIDER_ERROR", "retry"),
])
async def test_webhook_failures_are_named_and_explained(
        api, redis_client, http_client, receiver, status: int, reason: str, words: str
) -> None:
    channel, _ = await webhook_channel(receiver.url + "/hook")
    engine = wire(api, redis_client, http_client, breaker_failure_threshold=1)
    receiver.status = status

    result = await run_test(api, channel.id)

    assert result["ok"] is False
    assert result["reason"] == reason
    assert result["statusCode"] == status
    assert f"HTTP {status}" in result["message"] and words in result["message"], result
    assert result["wouldDisableChannel"] is False
    # only a failure that says something about the destination's health trips the breaker
    expected = BreakerState.OPEN if status >= 500 else BreakerState.CLOSED
    assert await engine.breaker.state(channel.id) is expected
    assert await Delivery.all().count() == 0


async def test_429_reports_retry_after_and_pauses_every_sender(
        api, redis_client, http_client, receiver) -> None:
    channel, _ = await webhook_channel(receiver.url + "/hook")
    engine = wire(api, redis_client, http_client)
    receiver.status = 429
    receiver.retry_after = "7"

    result = await run_test(api, channel.id)

    assert result["reason"] == "RATE_LIMITED"
    assert result["retryAfterSeconds"] == 7
    assert result["message"] == "Rate limited by the endpoint; try again in 7 s"
    # like a delivery's 429: every worker holds back from this host
    assert await engine.limiter.paused_for("host:127.0.0.1") > 5
    again = await run_test(api, channel.id)
    assert again["reason"] == "RATE_LIMITED" and again["retryAfterSeconds"] > 5
    assert len(receiver.requests) == 1  # the paused destination was not asked again


async def test_gone_endpoint_is_reported_but_the_channel_stays_active(
        api, redis_client, http_client, receiver) -> None:
    channel, _ = await webhook_channel(receiver.url + "/hook")
    wire(api, redis_client, http_client)
    receiver.status = 410

    result = await run_test(api, channel.id)

    assert result["reason"] == "NOT_FOUND"
    assert result["wouldDisableChannel"] is True
    assert "would disable the channel" in result["message"]
    assert "channel disabled" not in result["message"]
    assert (await Channel.get(id=channel.id)).status is ChannelStatus.ACTIVE


async def test_private_address_is_blocked_by_the_ssrf_guard(
        api, redis_client, http_client, receiver) -> None:
    # localhost resolves to a loopback address: refused when private targets are not allowed
    channel, _ = await webhook_channel(f"http://localhost:{receiver.port}/hook")
    wire(api, redis_client, http_client, allow_private_targets=False)

    result = await run_test(api, channel.id)

    assert result["reason"] == "BLOCKED_BY_SSRF_GUARD"
    assert result["message"].startswith(
        "The host resolves to a private address; delivery there is blocked")
    assert receiver.requests == []


async def test_closed_port_is_network_unreachable(api, redis_client, http_client) -> None:
    channel, _ = await webhook_channel(f"http://127.0.0.1:{free_port()}/hook")
    wire(api, redis_client, http_client)

    result = await run_test(api, channel.id)

    assert result["ok"] is False
    assert result["reason"] == "NETWORK_UNREACHABLE"
    assert "could not be reached" in result["message"] and "config.url" in result["message"]
    assert result["statusCode"] is None


async def test_open_breaker_answers_circuit_open_without_calling(
        api, redis_client, http_client, receiver) -> None:
    channel, _ = await webhook_channel(receiver.url + "/hook")
    engine = wire(api, redis_client, http_client, breaker_failure_threshold=1)
    assert await engine.breaker.record(channel.id, success=False) is BreakerState.OPEN

    result = await run_test(api, channel.id)

    assert result["reason"] == "CIRCUIT_OPEN"
    assert 25 < result["retryAfterSeconds"] <= 30
    assert "circuit breaker" in result["message"]
    assert receiver.requests == []


async def test_a_passing_probe_closes_the_breaker(api, redis_client, http_client,
                                                  receiver) -> None:
    channel, _ = await webhook_channel(receiver.url + "/hook")
    engine = wire(api, redis_client, http_client, breaker_failure_threshold=1,
                  breaker_cooldown_seconds=0.2)
    await engine.breaker.record(channel.id, success=False)
    await asyncio.sleep(0.3)  # cooled down: the next send is the half-open probe

    assert (await run_test(api, channel.id))["ok"] is True
    assert await engine.breaker.state(channel.id) is BreakerState.CLOSED


async def test_spent_rate_limit_answers_rate_limited(api, redis_client, http_client,
                                                     receiver) -> None:
    channel, _ = await webhook_channel(receiver.url + "/hook", rate_limit_per_second=0.1,
                                       rate_limit_burst=1)
    engine = wire(api, redis_client, http_client)
    assert await engine.limiter.acquire("host:127.0.0.1", 0.1, 1) == 0  # a delivery took it

    result = await run_test(api, channel.id)

    assert result["reason"] == "RATE_LIMITED"
    assert 5 < result["retryAfterSeconds"] <= 10
    assert "sending rate is used up" in result["message"]
    assert receiver.requests == []


async def test_a_short_rate_limit_wait_is_taken_inline(api, redis_client, http_client,
                                                       receiver) -> None:
    channel, _ = await webhook_channel(receiver.url + "/hook", rate_limit_per_second=1.0,
                                       rate_limit_burst=1)
    engine = wire(api, redis_client, http_client)
    await engine.limiter.acquire("host:127.0.0.1", 1.0, 1)

    started = time.monotonic()
    result = await run_test(api, channel.id)

    assert result["ok"] is True
    assert time.monotonic() - started >= 0.5
    assert len(receiver.requests) == 1


# --- testChannel: Slack and Discord ---------------------------------------------------------

async def chat_channel(kind: ChannelType, url: str) -> Channel:
    return await Channel.create(
        name=kind.value, type=kind, config={},
        secret_ciphertext=encrypt_secrets(SECRET_KEY, {"webhook_url": url}))


def chat_transports(http_client, receiver) -> dict[ChannelType, Any]:
    resolver = TargetResolver(allow_private=True)
    endpoints = ProviderEndpoints(slack_webhook_base=receiver.url + "/services/",
                                  discord_webhook_base=receiver.url + "/api/webhooks/")
    return {ChannelType.SLACK: SlackTransport(http_client, resolver, 5.0, endpoints),
            ChannelType.DISCORD: DiscordTransport(http_client, resolver, 5.0)}


async def test_slack_refusal_names_the_secret_to_fix(api, redis_client, http_client,
                                                     receiver) -> None:
    channel = await chat_channel(ChannelType.SLACK, receiver.url + SLACK_PATH)
    wire(api, redis_client, http_client, transports=chat_transports(http_client, receiver))
    receiver.status, receiver.body = 403, "invalid_token"

    result = await run_test(api, channel.id)

    assert result["reason"] == "BAD_CREDENTIALS", result
    assert result["message"].startswith(
        "Slack refused the token (invalid_token): check secrets.webhook_url")
    assert len(receiver.requests) == 1
    assert receiver.requests[0].json["text"]  # Slack's required fallback text
    assert (await Channel.get(id=channel.id)).status is ChannelStatus.ACTIVE


async def test_discord_rate_limit_says_when_to_try_again(api, redis_client, http_client,
                                                         receiver) -> None:
    channel = await chat_channel(ChannelType.DISCORD, receiver.url + DISCORD_PATH)
    wire(api, redis_client, http_client, transports=chat_transports(http_client, receiver))
    receiver.status = 429
    receiver.body = '{"message": "You are being rate limited.", "retry_after": 2.5, ' \
                    '"global": false}'

    result = await run_test(api, channel.id)

    assert result["reason"] == "RATE_LIMITED"
    assert result["retryAfterSeconds"] == 2.5
    assert result["message"] == "Rate limited by Discord; try again in 3 s"
    assert receiver.requests[0].json["allowed_mentions"] == {"parse": []}


async def test_discord_success_reports_the_message_id(api, redis_client, http_client,
                                                      receiver) -> None:
    channel = await chat_channel(ChannelType.DISCORD, receiver.url + DISCORD_PATH)
    wire(api, redis_client, http_client, transports=chat_transports(http_client, receiver))
    receiver.body = '{"id": "1122334455", "channel_id": "1"}'

    result = await run_test(api, channel.id)

    assert result["ok"] is True, result
    assert result["providerMessageId"] == "1122334455"
    assert receiver.requests[0].path.endswith(DISCORD_PATH)


# --- testChannel: email through an SES stand-in ------------------------------------------------

@pytest.fixture
async def email_transport(ses) -> AsyncIterator[EmailTransport]:
    transport = EmailTransport(ProviderEndpoints(ses_endpoint_url=ses.url))
    yield transport
    await transport.close()


async def mail_channel() -> Channel:
    return await Channel.create(
        name="mail", type=ChannelType.EMAIL,
        config={"from_address": "news@example.com", "from_name": "The News"},
        secret_ciphertext=encrypt_secrets(SECRET_KEY, {"aws_access_key_id": "AKIATESTKEY",
                                                       "aws_secret_access_key": "s3cret"}))


async def test_email_test_goes_to_the_given_address_as_real_mime(
        api, redis_client, http_client, ses, email_transport) -> None:
    channel = await mail_channel()
    wire(api, redis_client, http_client, transports={ChannelType.EMAIL: email_transport})

    result = await run_test(api, channel.id, "ada@example.com")
    fallback = await run_test(api, channel.id)

    assert result["ok"] is True, result
    assert result["providerMessageId"] == "standin-000001"
    assert result["message"] == ("Amazon SES accepted the test message for ada@example.com "
                                 "(message id standin-000001)")
    sent = ses.requests[0].mime
    assert sent["To"] == "ada@example.com"
    assert sent["Subject"] == "Test message from Publishing"
    assert sent.get_content_type() == "multipart/alternative"
    assert ses.requests[0].access_key_id == "AKIATESTKEY"
    # without `to`, the test goes to the channel's own sender address
    assert fallback["ok"] is True and ses.requests[1].mime["To"] == "news@example.com"
    assert await Delivery.all().count() == 0


async def test_refused_ses_credentials_name_the_secrets(
        api, redis_client, http_client, ses, email_transport) -> None:
    channel = await mail_channel()
    wire(api, redis_client, http_client, transports={ChannelType.EMAIL: email_transport})
    ses.default = SesError(403, "InvalidClientTokenId",
                           "The security token included in the request is invalid.")

    result = await run_test(api, channel.id, "ada@example.com")

    assert result["reason"] == "BAD_CREDENTIALS", result
    assert result["message"].startswith(
        "Amazon SES refused the credentials (InvalidClientTokenId): check "
        "secrets.aws_access_key_id and secrets.aws_secret_access_key")
    assert result["wouldDisableChannel"] is True
    assert (await Channel.get(id=channel.id)).status is ChannelStatus.ACTIVE


async def test_email_without_transport_is_misconfigured(api, redis_client, http_client
                                                        ) -> None:
    channel = await mail_channel()
    wire(api, redis_client, http_client)  # webhooks only

    result = await run_test(api, channel.id, "ada@example.com")

    assert result["reason"] == "MISCONFIGURED"
    assert result["message"] == "This service has no transport for email channels"


# --- testChannel: bad requests ----------------------------------------------------------------

async def test_rss_unknown_and_unwired_are_clear_errors(api, redis_client, http_client,
                                                        receiver) -> None:
    feed = await Channel.create(name="feed", type=ChannelType.RSS, config={})
    hook, _ = await webhook_channel(receiver.url + "/hook")

    error = await api.error(TEST_CHANNEL, {"id": gid("Channel", hook.id)})
    assert error["extensions"]["code"] == "UNAVAILABLE", error

    wire(api, redis_client, http_client)
    error = await api.error(TEST_CHANNEL, {"id": gid("Channel", feed.id)})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}
    error = await api.error(TEST_CHANNEL, {"id": gid("Channel", 999)})
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "id"}
    error = await api.error(TEST_CHANNEL, {"id": gid("Channel", hook.id), "to": "a@b.example"})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "to"}
    email_channel = await Channel.create(name="mail", type=ChannelType.EMAIL,
                                         config={"from_address": "news@example.com"})
    error = await api.error(TEST_CHANNEL, {"id": gid("Channel", email_channel.id),
                                           "to": "not an address"})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "to"}
    assert receiver.requests == []
    assert await AuditLogEntry.all().count() == 0


async def test_viewer_cannot_test(api, redis_client, http_client, receiver) -> None:
    channel, _ = await webhook_channel(receiver.url + "/hook")
    wire(api, redis_client, http_client)
    error = await api.error(TEST_CHANNEL, {"id": gid("Channel", channel.id)}, role="viewer")
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert receiver.requests == []


def test_failure_enum_covers_every_reason() -> None:
    assert {member.value for member in ChannelTestFailure} == {
        reason.value for reason in FailureReason}


# --- channelPreview ---------------------------------------------------------------------------

async def preview(api, publication_id: int, channel_id: int, subscriber_id: int | None = None,
                  role: str = "viewer") -> dict[str, Any]:
    variables = {"p": gid("Publication", publication_id), "c": gid("Channel", channel_id),
                 "s": gid("Subscriber", subscriber_id) if subscriber_id else None}
    return (await api.data(PREVIEW, variables, role=role))["channelPreview"]


def _without_timestamp(document: dict[str, Any]) -> dict[str, Any]:
    """The envelope's time of sending and the publication's published_at (a send has the
    time publishing started, a preview before that its own time) left out."""
    kept = {key: value for key, value in document.items() if key != "timestamp"}
    data = kept.get("data")
    if isinstance(data, dict) and isinstance(data.get("publication"), dict):
        publication = {key: value for key, value in data["publication"].items()
                       if key != "published_at"}
        kept["data"] = {**data, "publication": publication}
    return kept


async def test_webhook_preview_is_what_delivery_posts(api, redis_client, http_client,
                                                      receiver) -> None:
    scenario = await publication_to(receiver.url + "/hook", 1)
    reader = await Subscriber.get(email="news-reader0@example.com")

    shown = await preview(api, scenario.publication.id, scenario.channel.id, reader.id)

    engine = build_engine(redis_client, http_client)
    await engine.start_publication(scenario.publication.id)
    await engine.pump(budget_seconds=5)
    assert len(receiver.requests) == 1
    posted = receiver.requests[0]
    assert shown["channelType"] == "WEBHOOK"
    assert _without_timestamp(shown["body"]) == _without_timestamp(posted.json)
    # both carry a publication time: the send the one publishing started at
    published_at = (await Publication.get(id=scenario.publication.id)).published_at
    assert dt.datetime.fromisoformat(posted.json["data"]["publication"]["published_at"]) \
        == published_at
    assert shown["body"]["data"]["publication"]["published_at"]
    assert any("not sent yet" in warning for warning in shown["warnings"])
    assert shown["body"]["data"]["recipient"]["email"] == reader.email
    headers = {header["name"]: header["value"] for header in shown["headers"]}
    assert headers["webhook-id"] == posted.headers["webhook-id"]
    assert shown["raw"] is None
    assert not any("sample" in warning for warning in shown["warnings"])


async def test_preview_without_subscriber_uses_a_sample_reader(api, receiver) -> None:
    scenario = await publication_to(receiver.url + "/hook", 0)

    shown = await preview(api, scenario.publication.id, scenario.channel.id)

    assert shown["body"]["data"]["publication"]["title"] == "news update"
    assert any("sample reader" in warning for warning in shown["warnings"])
    assert receiver.requests == []


async def email_setup(title: str = "Spring news") -> tuple[Publication, Channel, Subscriber]:
    topic = await Topic.create(slug="mail", name="Mail")
    channel = await Channel.create(name="newsletter", type=ChannelType.EMAIL,
                                   config={"from_address": "news@example.com",
                                           "from_name": "The News"})
    reader = await Subscriber.create(email="ada@example.com", name="Ada Lovelace")
    await SubscriberPreference.create(subscriber=reader, topic=topic, channel=channel,
                                      frequency=Frequency.IMMEDIATE)
    publication = await Publication.create(title=title, summary="The summary",
                                           body="Some **bold** text",
                                           status=PublicationStatus.DRAFT)
    await publication.topics.add(topic)
    await publication.channels.add(channel)
    return publication, channel, reader


async def test_email_preview_is_multipart_with_list_unsubscribe(api) -> None:
    publication, channel, reader = await email_setup()
    api.graphql.public_base_url = "https://news.example.com"

    shown = await preview(api, publication.id, channel.id, reader.id)

    assert shown["channelType"] == "EMAIL"
    assert shown["subject"] == "Spring news"
    assert shown["body"] is None
    parsed = email.message_from_string(shown["raw"], policy=default_policy)
    content_type = {h["name"]: h["value"] for h in shown["headers"]}["Content-Type"]
    assert content_type == f'multipart/alternative; boundary="{parsed.get_boundary()}"'
    assert parsed.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in parsed.iter_parts()] == [
        "text/plain", "text/html"]
    assert parsed["To"] == "ada@example.com"
    headers = {header["name"]: header["value"] for header in shown["headers"]}
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://news.example.com/unsubscribe/")
    assert "mailto:news@example.com" in unsubscribe
    assert "<strong>bold</strong>" in shown["html"] and "<style" not in shown["html"]
    assert "Some bold text" in shown["text"] or "bold" in shown["text"]
    # the links look real but are inert: no preview can unsubscribe anybody
    token = unsubscribe.split("/unsubscribe/", 1)[1].split(">", 1)[0]
    assert LinkBuilder(SECRET_KEY, "https://news.example.com").verify_unsubscribe(token) is None
    assert any("preview links" in warning for warning in shown["warnings"])


ADMIN = Actor(name="setup", role=Role.ADMIN)

#: stored `default` templates that pass the title on uncut (the built-in ones cut it), so
#: the body builders' own limits show
RAW_TITLE_TEMPLATES = {
    ChannelType.DISCORD: '{"content": "New", "embeds": [{"title": {{ publication.title|tojson }},'
                         ' "description": {{ publication.summary|tojson }}}]}',
    ChannelType.SLACK: '{"text": {{ publication.title|tojson }}, "blocks": [{"type": "header",'
                       ' "text": {"type": "plain_text", "text": {{ publication.title|tojson }}'
                       '}}]}',
}


async def chat_publication(kind: ChannelType, title: str, raw_title: bool = False
                           ) -> tuple[Publication, Channel]:
    if raw_title:
        await templates.create_template(ADMIN, name="default", channel_type=kind,
                                        source=RAW_TITLE_TEMPLATES[kind])
    url = "https://hooks.example.com" + (SLACK_PATH if kind is ChannelType.SLACK
                                         else DISCORD_PATH)
    channel = await chat_channel(kind, url)
    publication = await Publication.create(title=title, summary="Short summary",
                                           body="Body text", status=PublicationStatus.DRAFT)
    await publication.channels.add(channel)
    return publication, channel


async def test_discord_preview_is_the_execute_body_within_limits(api) -> None:
    publication, channel = await chat_publication(ChannelType.DISCORD, "T" * 300,
                                                 raw_title=True)

    shown = await preview(api, publication.id, channel.id)

    body = shown["body"]
    assert body["allowed_mentions"] == {"parse": []}
    assert 1 <= len(body["embeds"]) <= 10
    assert len(body["embeds"][0]["title"]) <= 256
    assert "embeds[0].title truncated to 256 characters for Discord" in shown["warnings"]
    assert shown["html"] is None and shown["raw"] is None


async def test_slack_preview_is_the_posted_message_within_limits(api) -> None:
    publication, channel = await chat_publication(ChannelType.SLACK, "S" * 200,
                                                 raw_title=True)

    shown = await preview(api, publication.id, channel.id)

    body = shown["body"]
    assert body["text"] and shown["text"] == body["text"]
    assert 1 <= len(body["blocks"]) <= 50
    header = body["blocks"][0]
    assert header["type"] == "header" and len(header["text"]["text"]) <= 150
    assert any("truncated to" in warning and "Slack" in warning
               for warning in shown["warnings"]), shown["warnings"]


async def test_preview_subscriber_is_ignored_for_channel_wide_messages(api) -> None:
    publication, channel = await chat_publication(ChannelType.SLACK, "Hello")
    reader = await Subscriber.create(email="x@example.com")

    shown = await preview(api, publication.id, channel.id, reader.id)

    assert any("subscriberId ignored" in warning for warning in shown["warnings"])


async def test_preview_bad_ids_name_their_argument(api, receiver) -> None:
    scenario = await publication_to(receiver.url + "/hook", 1)
    feed = await Channel.create(name="feed", type=ChannelType.RSS, config={})
    p, c = scenario.publication.id, scenario.channel.id

    async def error(variables: dict[str, Any]) -> dict[str, Any]:
        return (await api.error(PREVIEW, variables, role="viewer"))["extensions"]

    assert await error({"p": gid("Publication", 999), "c": gid("Channel", c)}) == {
        "code": "NOT_FOUND", "field": "publicationId"}
    assert await error({"p": gid("Publication", p), "c": gid("Channel", 999)}) == {
        "code": "NOT_FOUND", "field": "channelId"}
    assert await error({"p": gid("Publication", p), "c": gid("Channel", c),
                        "s": gid("Subscriber", 999)}) == {
        "code": "NOT_FOUND", "field": "subscriberId"}
    assert await error({"p": gid("Publication", p), "c": gid("Channel", feed.id)}) == {
        "code": "BAD_USER_INPUT", "field": "channelId"}
    assert await error({"p": gid("Publication", p), "c": gid("Topic", c)}) == {
        "code": "BAD_USER_INPUT", "field": "channelId"}


async def test_preview_template_error_is_bad_input_on_the_publication(api) -> None:
    await templates.create_template(
        ADMIN, name="default", channel_type=ChannelType.WEBHOOK,
        source='{"title": {{ publication.title|tojson }}'
               '{% if publication.title == "boom" %}, "x": {{ 1 // 0 }}{% endif %}}')
    channel, _ = await webhook_channel("https://hooks.example.com/in")
    publication = await Publication.create(title="boom", status=PublicationStatus.DRAFT,
                                           priority="high")

    error = await api.error(PREVIEW, {"p": gid("Publication", publication.id),
                                      "c": gid("Channel", channel.id)}, role="viewer")

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "publicationId"}
    assert "template error" in error["message"]


# --- channelPreview: the same path as a send -------------------------------------------------

BASE = "https://news.example.com"
_TOKENS = re.compile(r"(/t/[oc]/|/unsubscribe/|/preferences/)[A-Za-z0-9_.~%=-]+")


def _html_part(message: email.message.EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content().replace("\r\n", "\n")


def _tokens_out(html: str) -> str:
    """Link tokens differ by design (preview key, delivery id, link ids, issue time)."""
    return _TOKENS.sub(r"\1TOKEN", html)


async def tracked_email_setup(config: dict[str, Any] | None = None
                              ) -> tuple[Publication, Channel, Subscriber]:
    topic = await Topic.create(slug="tracked", name="Tracked")
    channel = await mail_channel()
    if config:
        channel.config = {**channel.config, **config}
        await channel.save()
    reader = await Subscriber.create(email="ada@example.com", name="Ada Lovelace")
    await SubscriberPreference.create(subscriber=reader, topic=topic, channel=channel,
                                      frequency=Frequency.IMMEDIATE)
    publication = await Publication.create(
        title="Tracked news", summary="The summary", status=PublicationStatus.DRAFT,
        body="Read [the guide](https://docs.example.com/guide) and "
             "[the blog](https://blog.example.com/post?a=1&b=2).")
    await publication.topics.add(topic)
    await publication.channels.add(channel)
    return publication, channel, reader


async def test_email_preview_has_the_tracking_a_send_adds(api, redis_client, http_client, ses,
                                                          email_transport) -> None:
    """The open pixel and the rewritten click links of a real send are in the preview's
    HTML (inert: signed with the preview key), and nothing is registered by a preview."""
    from domain.engagement.models import TrackedLink

    publication, channel, reader = await tracked_email_setup()
    api.graphql.public_base_url = BASE

    shown = await preview(api, publication.id, channel.id, reader.id)

    html = shown["html"]
    assert f"{BASE}/t/o/" in html  # the open pixel
    assert html.count(f"{BASE}/t/c/") >= 2  # the links go through click tracking
    assert "https://docs.example.com/guide" not in html
    assert await TrackedLink.all().count() == 0  # a query writes nothing
    assert any("preview links" in warning for warning in shown["warnings"])

    await Publication.filter(id=publication.id).update(status=PublicationStatus.PUBLISHING)
    engine = build_engine(redis_client, http_client, public_base_url=BASE,
                          transports={ChannelType.EMAIL: email_transport})
    assert await engine.start_publication(publication.id)
    await engine.pump(budget_seconds=5)
    assert len(ses.requests) == 1
    sent = _html_part(ses.requests[0].mime)
    assert _tokens_out(html) == _tokens_out(sent)  # the same message, tokens aside


async def test_email_preview_follows_the_channels_tracking_settings(api) -> None:
    publication, channel, reader = await tracked_email_setup(
        {"track_opens": False, "track_clicks": False})
    api.graphql.public_base_url = BASE

    shown = await preview(api, publication.id, channel.id, reader.id)

    assert "/t/o/" not in shown["html"] and "/t/c/" not in shown["html"]
    assert 'href="https://docs.example.com/guide"' in shown["html"]


async def test_email_preview_warns_about_recipients_a_send_skips(api) -> None:
    from domain.audience.models import SubscriberStatus
    from domain.engagement.suppression import suppress

    publication, channel, reader = await tracked_email_setup()
    await suppress(reader.email, "bounce")
    await Subscriber.filter(id=reader.id).update(status=SubscriberStatus.UNSUBSCRIBED)

    shown = await preview(api, publication.id, channel.id, reader.id)

    assert any("suppression list" in warning for warning in shown["warnings"])
    assert any("a send would skip them" in warning for warning in shown["warnings"])


async def test_discord_preview_and_send_carry_the_same_timestamp(
        api, redis_client, http_client, receiver) -> None:
    """The built-in Discord embed shows publication.published_at. A send has it (set when
    publishing starts); a preview before that shows its own time and says so, a preview
    after it the very body that was sent."""
    channel = await chat_channel(ChannelType.DISCORD, receiver.url + DISCORD_PATH)
    publication = await Publication.create(title="Launch", summary="It is out",
                                           body="Body", status=PublicationStatus.APPROVED)
    await publication.channels.add(channel)

    before = await preview(api, publication.id, channel.id)
    assert "timestamp" in before["body"]["embeds"][0]
    assert any("not sent yet" in warning for warning in before["warnings"])

    await Publication.filter(id=publication.id).update(status=PublicationStatus.PUBLISHING)
    engine = build_engine(redis_client, http_client,
                          transports=chat_transports(http_client, receiver))
    assert await engine.start_publication(publication.id)
    await engine.pump(budget_seconds=5)
    assert len(receiver.requests) == 1
    sent = receiver.requests[0].json
    stored = await Publication.get(id=publication.id)
    assert stored.status is PublicationStatus.PUBLISHED
    assert dt.datetime.fromisoformat(sent["embeds"][0]["timestamp"]) == stored.published_at

    after = await preview(api, publication.id, channel.id)
    assert after["body"] == sent
    assert not any("not sent yet" in warning for warning in after["warnings"])


async def test_published_at_is_set_when_publishing_starts_and_kept(
        db, redis_client, http_client, receiver) -> None:
    scenario = await publication_to(receiver.url + "/hook", 2)
    engine = build_engine(redis_client, http_client)
    assert (await Publication.get(id=scenario.publication.id)).published_at is None
    started = dt.datetime.now(dt.UTC)
    assert await engine.start_publication(scenario.publication.id)
    resolved = (await Publication.get(id=scenario.publication.id)).published_at
    assert resolved is not None and resolved >= started - dt.timedelta(seconds=1)
    await engine.pump(budget_seconds=5)
    done = await Publication.get(id=scenario.publication.id)
    assert done.status is PublicationStatus.PUBLISHED and done.published_at == resolved
    assert {request.json["data"]["publication"]["published_at"]
            for request in receiver.requests} == {resolved.isoformat()}
