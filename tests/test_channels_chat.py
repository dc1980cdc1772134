"""Slack and Discord transports through the real engine and the channel's templates,
against loopback servers that answer the way Slack (incoming webhooks, chat.postMessage)
and Discord's execute-webhook endpoint do. The Discord stand-in refuses, like Discord,
any body over a limit, so "we never get that 400" is checked end to end."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from domain.channels import discord, slack
from domain.channels.discord import (
    AUTHOR_NAME_MAX,
    CONTENT_MAX,
    DESCRIPTION_MAX,
    EMBED_TOTAL_MAX,
    EMBEDS_MAX,
    FIELD_NAME_MAX,
    FIELD_VALUE_MAX,
    FIELDS_MAX,
    FOOTER_MAX,
    TITLE_MAX,
    DiscordTransport,
    embed_length,
    fit_embed,
    fit_embeds,
)
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.channels.providers import NothingToSend, ProviderEndpoints
from domain.channels.slack import SlackTransport
from domain.channels.ssrf import TargetResolver
from domain.channels.transport import FailureReason, OutcomeKind, OutgoingMessage
from domain.crypto import encrypt_secrets
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.publications.models import Publication, PublicationStatus
from domain.templates.models import Template, TemplateFormat, TemplateVersion
from domain.templates.rendering import RenderedMessage
from tests.delivery_fixtures import SECRET_KEY, build_engine
from tests.receivers import ReceivedRequest, WebhookReceiver

SLACK_BOT_TOKEN = "xoxb-1234567890-0987654321-abcdefABCDEF"
SLACK_CHANNEL = "C0123456789"
R = FailureReason


def _engine(redis_client: Any, http_client: httpx.AsyncClient,
            endpoints: ProviderEndpoints | None = None) -> Any:
    resolver = TargetResolver(allow_private=True)
    return build_engine(redis_client, http_client, transports={
        ChannelType.SLACK: SlackTransport(http_client, resolver, 5.0,
                                          endpoints or ProviderEndpoints()),
        ChannelType.DISCORD: DiscordTransport(http_client, resolver, 5.0),
    })


async def _publication(channel_type: ChannelType, secrets: dict[str, str], *,
                       title: str = "Outage resolved", summary: str = "All green again",
                       body: str = "Details follow.", config: dict | None = None,
                       published_at: dt.datetime | None = None
                       ) -> tuple[Publication, Channel]:
    channel = await Channel.create(
        name=f"{channel_type.value}-room", type=channel_type, config=config or {},
        secret_ciphertext=encrypt_secrets(SECRET_KEY, secrets))
    publication = await Publication.create(title=title, summary=summary, body=body,
                                           status=PublicationStatus.PUBLISHING,
                                           publish_at=dt.datetime.now(dt.UTC),
                                           published_at=published_at)
    await publication.channels.add(channel)
    return publication, channel


async def _store_default_template(channel_type: ChannelType, format: TemplateFormat,
                                  source: str) -> None:
    """A stored template named `default` replaces the built-in one for its channel type
    (stored directly: these templates are hostile on purpose)."""
    template = await Template.create(name="default", channel_type=channel_type,
                                     format=format, current_version=1)
    await TemplateVersion.create(template=template, version=1, source=source)


async def _run_until_idle(engine: Any, seconds: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        await engine.pump(budget_seconds=5)
        if not await Delivery.filter(status__in=["pending", "sending"]).exists():
            return
        await asyncio.sleep(0.05)


async def _deliver(redis_client: Any, http_client: httpx.AsyncClient, publication: Publication,
                   *, until_idle: bool = True, endpoints: ProviderEndpoints | None = None
                   ) -> tuple[Any, Delivery]:
    engine = _engine(redis_client, http_client, endpoints)
    assert await engine.start_publication(publication.id)
    if until_idle:
        await _run_until_idle(engine)
    else:
        await engine.pump(budget_seconds=5)
    return engine, await Delivery.get(publication_id=publication.id)


def _message(rendered: RenderedMessage | None, *, secrets: dict[str, str] | None = None,
             config: dict[str, Any] | None = None) -> OutgoingMessage:
    return OutgoingMessage(delivery_id=1, idempotency_key="k", recipient="room", channel_id=7,
                           config=config or {}, secrets=secrets or {}, rendered=rendered)


def _response(status: int, body: Any = "", headers: dict[str, str] | None = None
              ) -> httpx.Response:
    content = body if isinstance(body, str) else json.dumps(body)
    return httpx.Response(status, content=content.encode(), headers=headers or {})


# --- Slack: incoming webhook --------------------------------------------------------------

async def test_slack_posts_the_rendered_blocks_with_fallback_text(db, redis_client, http_client,
                                                                  receiver) -> None:
    publication, _ = await _publication(ChannelType.SLACK,
                                        {"webhook_url": receiver.url + "/services/T/B/x"})
    _, delivery = await _deliver(redis_client, http_client, publication)

    assert delivery.status == DeliveryStatus.SENT
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert request.path == "/services/T/B/x"
    sent = request.json
    assert set(sent) == {"text", "blocks"}  # no `channel`: the webhook is bound to one
    assert sent["text"] == "Outage resolved"
    header, summary, body, footer = sent["blocks"]
    assert header == {"type": "header", "text": {"type": "plain_text",
                                                 "text": "Outage resolved", "emoji": True}}
    assert summary["text"] == {"type": "mrkdwn", "text": "*All green again*"}
    assert body["text"]["text"] == "Details follow."
    assert footer["type"] == "context"
    assert "Untitled" not in request.body.decode()


async def test_slack_invalid_payload_fails_permanently(db, redis_client, http_client,
                                                       receiver) -> None:
    receiver.status, receiver.body = 400, "invalid_payload"
    publication, channel = await _publication(ChannelType.SLACK,
                                              {"webhook_url": receiver.url + "/hook"})
    _, delivery = await _deliver(redis_client, http_client, publication)

    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 1
    assert "invalid_payload" in delivery.last_error
    assert (await Channel.get(id=channel.id)).status != ChannelStatus.DISABLED
    assert len(receiver.requests) == 1


async def test_slack_channel_not_found_disables_the_channel(db, redis_client, http_client,
                                                            receiver) -> None:
    receiver.status, receiver.body = 404, "channel_not_found"
    publication, channel = await _publication(ChannelType.SLACK,
                                              {"webhook_url": receiver.url + "/hook"})
    _, delivery = await _deliver(redis_client, http_client, publication)

    assert delivery.status == DeliveryStatus.FAILED
    channel = await Channel.get(id=channel.id)
    assert channel.status == ChannelStatus.DISABLED
    assert "channel_not_found" in channel.status_reason


async def test_slack_429_pauses_the_channel(db, redis_client, http_client, receiver) -> None:
    receiver.status, receiver.body, receiver.retry_after = 429, "rate_limited", "30"
    publication, channel = await _publication(ChannelType.SLACK,
                                              {"webhook_url": receiver.url + "/hook"})
    engine, delivery = await _deliver(redis_client, http_client, publication, until_idle=False)

    assert delivery.status == DeliveryStatus.PENDING
    wait = (delivery.next_attempt_at - dt.datetime.now(dt.UTC)).total_seconds()
    assert 25 < wait <= 31
    assert await engine.limiter.paused_for(f"slack:{channel.id}") > 25
    assert len(receiver.requests) == 1


@pytest.mark.parametrize(("status", "body", "kind", "reason"), [
    (200, "ok", OutcomeKind.SENT, None),
    (400, "invalid_payload", OutcomeKind.PERMANENT, R.REJECTED),
    (404, "channel_not_found", OutcomeKind.DISABLE, R.NOT_FOUND),
    (410, "channel_is_archived", OutcomeKind.DISABLE, R.NOT_FOUND),
    (403, "invalid_token", OutcomeKind.DISABLE, R.BAD_CREDENTIALS),
    (403, "action_prohibited", OutcomeKind.DISABLE, R.BAD_CREDENTIALS),
    (404, "no_service", OutcomeKind.DISABLE, R.NOT_FOUND),
    (404, "", OutcomeKind.DISABLE, R.NOT_FOUND),
    (429, "rate_limited", OutcomeKind.RETRY, R.RATE_LIMITED),
    (500, "", OutcomeKind.RETRY, R.PROVIDER_ERROR),
    (503, "", OutcomeKind.RETRY, R.PROVIDER_ERROR),
])
def test_slack_webhook_answers_are_classified_with_reasons(status, body, kind, reason) -> None:
    outcome = slack.classify(_response(status, body, {"retry-after": "12"}))
    assert (outcome.kind, outcome.reason) == (kind, reason)
    if kind is OutcomeKind.RETRY:
        assert outcome.counts_against_breaker == (reason is R.PROVIDER_ERROR)
    if reason is R.RATE_LIMITED:
        assert outcome.rate_limited and outcome.retry_after == 12


# --- Slack: bot token (chat.postMessage) --------------------------------------------------

def _slack_api(receiver: WebhookReceiver) -> ProviderEndpoints:
    return ProviderEndpoints(slack_api_base=receiver.url + "/api/")


async def test_slack_bot_token_posts_with_chat_post_message(db, redis_client, http_client,
                                                            receiver) -> None:
    receiver.body = json.dumps({"ok": True, "channel": SLACK_CHANNEL,
                                "ts": "1700000000.000100", "message": {}})
    # a webhook is stored too: the bot token wins when it has a channel to post to
    publication, _ = await _publication(
        ChannelType.SLACK, {"bot_token": SLACK_BOT_TOKEN,
                            "webhook_url": receiver.url + "/services/T/B/x"},
        config={"channel_id": SLACK_CHANNEL})
    _, delivery = await _deliver(redis_client, http_client, publication,
                                 endpoints=_slack_api(receiver))

    assert delivery.status == DeliveryStatus.SENT
    assert delivery.provider_message_id == "1700000000.000100"
    (request,) = receiver.requests
    assert request.path == "/api/chat.postMessage"
    assert request.headers["authorization"] == f"Bearer {SLACK_BOT_TOKEN}"
    assert request.headers["content-type"].startswith("application/json")
    sent = request.json
    assert sent["channel"] == SLACK_CHANNEL
    assert sent["text"] == "Outage resolved"
    assert sent["blocks"][0]["text"]["text"] == "Outage resolved"


@pytest.mark.parametrize(("error", "disabled", "reason"), [
    ("invalid_auth", True, R.BAD_CREDENTIALS),
    ("token_revoked", True, R.BAD_CREDENTIALS),
    ("missing_scope", True, R.BAD_CREDENTIALS),
    ("channel_not_found", True, R.NOT_FOUND),
    ("is_archived", True, R.NOT_FOUND),
    ("not_in_channel", True, R.NOT_FOUND),
    ("invalid_blocks", False, R.REJECTED),
    ("msg_too_long", False, R.REJECTED),
    ("no_text", False, R.REJECTED),
])
async def test_slack_bot_token_errors_stop_the_delivery(db, redis_client, http_client, receiver,
                                                        error, disabled, reason) -> None:
    receiver.body = json.dumps({"ok": False, "error": error})  # Slack: HTTP 200 all the same
    publication, channel = await _publication(
        ChannelType.SLACK, {"bot_token": SLACK_BOT_TOKEN}, config={"channel_id": SLACK_CHANNEL})
    _, delivery = await _deliver(redis_client, http_client, publication,
                                 endpoints=_slack_api(receiver))

    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 1 and len(receiver.requests) == 1
    assert error in delivery.last_error
    channel = await Channel.get(id=channel.id)
    assert (channel.status == ChannelStatus.DISABLED) == disabled
    if disabled:
        assert error in channel.status_reason
    assert slack.classify_api(_response(200, {"ok": False, "error": error})).reason is reason


async def test_slack_bot_token_429_pauses_the_channel(db, redis_client, http_client,
                                                      receiver) -> None:
    receiver.status, receiver.retry_after = 429, "30"
    receiver.body = json.dumps({"ok": False, "error": "ratelimited"})
    publication, channel = await _publication(
        ChannelType.SLACK, {"bot_token": SLACK_BOT_TOKEN}, config={"channel_id": SLACK_CHANNEL})
    engine, delivery = await _deliver(redis_client, http_client, publication, until_idle=False,
                                      endpoints=_slack_api(receiver))

    assert delivery.status == DeliveryStatus.PENDING
    assert await engine.limiter.paused_for(f"slack:{channel.id}") > 25


@pytest.mark.parametrize(("status", "body", "kind", "reason"), [
    (200, {"ok": True, "ts": "1.2"}, OutcomeKind.SENT, None),
    (200, {"ok": False, "error": "not_authed"}, OutcomeKind.DISABLE, R.BAD_CREDENTIALS),
    (200, {"ok": False, "error": "account_inactive"}, OutcomeKind.DISABLE, R.BAD_CREDENTIALS),
    (200, {"ok": False, "error": "token_expired"}, OutcomeKind.DISABLE, R.BAD_CREDENTIALS),
    (200, {"ok": False, "error": "restricted_action"}, OutcomeKind.DISABLE, R.BAD_CREDENTIALS),
    (200, {"ok": False, "error": "invalid_arguments"}, OutcomeKind.PERMANENT, R.REJECTED),
    (200, {"ok": False, "error": "something_new"}, OutcomeKind.PERMANENT, R.REJECTED),
    (200, {"ok": False, "error": "ratelimited"}, OutcomeKind.RETRY, R.RATE_LIMITED),
    (429, {"ok": False, "error": "ratelimited"}, OutcomeKind.RETRY, R.RATE_LIMITED),
    (200, {"ok": False, "error": "internal_error"}, OutcomeKind.RETRY, R.PROVIDER_ERROR),
    (200, {"ok": False, "error": "fatal_error"}, OutcomeKind.RETRY, R.PROVIDER_ERROR),
    (200, {"ok": False, "error": "service_unavailable"}, OutcomeKind.RETRY, R.PROVIDER_ERROR),
    (503, "<html>down</html>", OutcomeKind.RETRY, R.PROVIDER_ERROR),
    (200, "<html>captive portal</html>", OutcomeKind.RETRY, R.PROVIDER_ERROR),
])
def test_slack_api_answers_are_classified_with_reasons(status, body, kind, reason) -> None:
    outcome = slack.classify_api(_response(status, body, {"retry-after": "7"}))
    assert (outcome.kind, outcome.reason) == (kind, reason)
    if kind is OutcomeKind.SENT:
        assert outcome.provider_message_id == "1.2"
    if reason is R.PROVIDER_ERROR:
        assert outcome.counts_against_breaker
    if reason is R.RATE_LIMITED:
        assert outcome.rate_limited and outcome.retry_after == 7


async def test_slack_without_a_usable_credential_is_misconfigured(db, redis_client,
                                                                  http_client) -> None:
    # a bot token without a channel id cannot post anywhere (the API refuses to save it)
    publication, _ = await _publication(ChannelType.SLACK, {"bot_token": SLACK_BOT_TOKEN})
    _, delivery = await _deliver(redis_client, http_client, publication)

    assert delivery.status == DeliveryStatus.FAILED
    assert "bot_token with config.channel_id" in delivery.last_error


# --- Slack: the body ------------------------------------------------------------------------

def test_slack_body_from_hostile_template_output_stays_within_limits() -> None:
    blocks: list[Any] = [
        "not a block", 42, None, {"no": "type"},
        {"type": "header", "text": {"type": "mrkdwn", "text": "H" * 1000}, "block_id": "a"},
        {"type": "section", "text": {"type": "mrkdwn", "text": "s" * 10_000}, "block_id": "a",
         "fields": [{"type": "mrkdwn", "text": "f" * 5000}] * 20},
        {"type": "section", "text": {"type": "mrkdwn", "text": ["not", "text"]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": 12345}},
        {"type": "header", "text": {"type": "plain_text", "text": "   "}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "c" * 4000}] * 15},
        {"type": "image", "image_url": "javascript:alert(1)", "alt_text": "x"},
        {"type": "image", "image_url": "https://example.com/a.png"},
        {"type": "actions", "elements": [{"type": "button", "text": {
            "type": "plain_text", "text": "b" * 5000}, "url": "https://example.com"}]},
    ] + [{"type": "divider"}] * 100
    body = slack.request_body(_message(RenderedMessage(ChannelType.SLACK, text="t" * 50_000,
                                                       blocks=blocks)))

    assert "channel" not in body
    assert len(body["text"]) <= slack.FALLBACK_MAX
    sent = body["blocks"]
    assert len(sent) == slack.MAX_BLOCKS
    header, section, number, context, image, actions = sent[:6]
    assert header["text"] == {"type": "plain_text", "text": "H" * 149 + "…"}
    assert header["block_id"] == "a" and "block_id" not in section  # ids stay unique
    assert len(section["text"]["text"]) == slack.SECTION_MAX
    assert len(section["fields"]) == 10
    assert all(len(f["text"]) <= slack.SECTION_FIELD_MAX for f in section["fields"])
    assert number["text"]["text"] == "12345"
    assert len(context["elements"]) == 10
    assert all(len(e["text"]) <= slack.TEXT_OBJECT_MAX for e in context["elements"])
    assert image == {"type": "image", "image_url": "https://example.com/a.png",
                     "alt_text": "image"}
    assert len(actions["elements"][0]["text"]["text"]) == slack.TEXT_OBJECT_MAX


def test_slack_body_adds_the_channel_for_a_bot_token_and_needs_some_text() -> None:
    rendered = RenderedMessage(ChannelType.SLACK, text="", blocks=[
        {"type": "section", "text": {"type": "mrkdwn", "text": "From the blocks"}}])
    body = slack.request_body(_message(rendered, secrets={"bot_token": SLACK_BOT_TOKEN},
                                       config={"channel_id": SLACK_CHANNEL}))
    assert body["channel"] == SLACK_CHANNEL
    assert body["text"] == "From the blocks"  # the fallback comes from the blocks

    with pytest.raises(NothingToSend):
        slack.request_body(_message(RenderedMessage(ChannelType.SLACK, text=None,
                                                    blocks=[{"type": "divider"}, "x"])))
    with pytest.raises(NothingToSend):
        slack.request_body(_message(None))


# --- Discord: a stand-in that refuses what Discord refuses ------------------------------

def discord_problems(body: Any) -> list[tuple[str, str]]:
    """What Discord's execute-webhook endpoint would refuse in `body` (path, message)."""
    if not isinstance(body, dict):
        return [("body", "Must be an object.")]
    problems: list[tuple[str, str]] = []

    def longer(path: str, value: Any, limit: int, *, required: bool = False) -> None:
        if value is None and not required:
            return
        if not isinstance(value, str) or (required and not value):
            problems.append((path, "This field is required"))
        elif len(value) > limit:
            problems.append((path, f"Must be {limit} or fewer in length."))

    longer("content", body.get("content"), CONTENT_MAX)
    embeds = body.get("embeds") or []
    if not body.get("content") and not embeds:
        problems.append(("body", "Cannot send an empty message"))
    if len(embeds) > EMBEDS_MAX:
        problems.append(("embeds", "Must be 10 or fewer in length."))
    for index, embed in enumerate(embeds):
        at = f"embeds.{index}"
        longer(f"{at}.title", embed.get("title"), TITLE_MAX)
        longer(f"{at}.description", embed.get("description"), DESCRIPTION_MAX)
        fields = embed.get("fields") or []
        if len(fields) > FIELDS_MAX:
            problems.append((f"{at}.fields", "Must be 25 or fewer in length."))
        for number, field in enumerate(fields):
            longer(f"{at}.fields.{number}.name", field.get("name"), FIELD_NAME_MAX,
                   required=True)
            longer(f"{at}.fields.{number}.value", field.get("value"), FIELD_VALUE_MAX,
                   required=True)
        if "footer" in embed:
            longer(f"{at}.footer.text", embed["footer"].get("text"), FOOTER_MAX, required=True)
        if "author" in embed:
            longer(f"{at}.author.name", embed["author"].get("name"), AUTHOR_NAME_MAX,
                   required=True)
        for key in ("url", "timestamp"):
            if key in embed and not isinstance(embed[key], str):
                problems.append((f"{at}.{key}", "Not a well formed value."))
        if "url" in embed and not embed["url"].startswith(("http://", "https://")):
            problems.append((f"{at}.url", "Scheme must be one of ('http', 'https')."))
    if sum(embed_length(embed) for embed in embeds) > EMBED_TOTAL_MAX:
        problems.append(("embeds", "Embed size exceeds maximum size of 6000"))
    name = body.get("username")
    if name is not None and (not 1 <= len(name) <= 80 or "discord" in name.lower()):
        problems.append(("username", "Username cannot contain \"discord\""))
    return problems


def _discord_errors(problems: list[tuple[str, str]]) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    for path, message in problems:
        node = errors
        for part in path.split("."):
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": "BASE_TYPE_BAD", "message": message})
    return errors


class DiscordLikeReceiver(WebhookReceiver):
    """A WebhookReceiver that answers 400 Invalid Form Body, naming the offending fields
    the way Discord does, to any body Discord would refuse."""

    def __init__(self) -> None:
        super().__init__()
        self.body = json.dumps({"id": "112233", "channel_id": "9"})
        self.refused: list[list[tuple[str, str]]] = []

    async def _handle(self, request: Request) -> Response:
        problems = discord_problems(json.loads(await request.body() or b"null"))
        if not problems:
            return await super()._handle(request)
        self.refused.append(problems)
        self.requests.append(ReceivedRequest(request.url.path, dict(request.headers),
                                             await request.body()))
        return JSONResponse({"message": "Invalid Form Body", "code": 50035,
                             "errors": _discord_errors(problems)}, status_code=400)


@pytest.fixture
async def discord_server() -> AsyncIterator[DiscordLikeReceiver]:
    server = DiscordLikeReceiver()
    await server.start()
    yield server
    await server.stop()


def assert_within_discord_limits(sent: dict[str, Any]) -> None:
    assert discord_problems(sent) == []
    assert sent["allowed_mentions"] == {"parse": []}
    embeds = sent.get("embeds", [])
    assert len(embeds) <= EMBEDS_MAX
    assert sum(embed_length(embed) for embed in embeds) <= EMBED_TOTAL_MAX
    for embed in embeds:
        assert len(embed.get("title", "")) <= TITLE_MAX
        assert len(embed.get("description", "")) <= DESCRIPTION_MAX
        assert len(embed.get("fields", [])) <= FIELDS_MAX
        assert all(len(f["name"]) <= FIELD_NAME_MAX and len(f["value"]) <= FIELD_VALUE_MAX
                   for f in embed.get("fields", []))
        assert len(embed.get("footer", {}).get("text", "")) <= FOOTER_MAX
        assert len(embed.get("author", {}).get("name", "")) <= AUTHOR_NAME_MAX
    assert len(sent.get("content", "")) <= CONTENT_MAX


async def test_the_discord_stand_in_refuses_what_discord_refuses(http_client,
                                                                 discord_server) -> None:
    response = await http_client.post(discord_server.url + "/api/webhooks/1/t", json={
        "embeds": [{"title": "t" * 300, "fields": [{"name": "", "value": "v"}]}]})
    assert response.status_code == 400
    outcome = discord.classify(response)
    assert (outcome.kind, outcome.reason) == (OutcomeKind.PERMANENT, R.REJECTED)
    assert "Invalid Form Body (code 50035)" in outcome.error
    assert "embeds.0.title: Must be 256 or fewer in length." in outcome.error
    assert "embeds.0.fields.0.name: This field is required" in outcome.error


# --- Discord: through the engine ----------------------------------------------------------

async def test_discord_posts_the_rendered_embed_without_pings(db, redis_client, http_client,
                                                              discord_server) -> None:
    publication, _ = await _publication(
        ChannelType.DISCORD, {"webhook_url": discord_server.url + "/api/webhooks/1/tok"},
        title="@everyone Outage resolved", config={"username": "Publisher"},
        published_at=dt.datetime(2025, 5, 6, 7, 8, 9, tzinfo=dt.UTC))
    _, delivery = await _deliver(redis_client, http_client, publication)

    assert delivery.status == DeliveryStatus.SENT
    assert delivery.provider_message_id == "112233"
    (request,) = discord_server.requests
    assert request.path == "/api/webhooks/1/tok"
    sent = request.json
    assert_within_discord_limits(sent)
    assert sent["username"] == "Publisher"
    (embed,) = sent["embeds"]
    assert embed["title"] == "@everyone Outage resolved"  # shown, but never a ping
    assert embed["description"] == "All green again"
    assert embed["url"].endswith(f"/publications/{publication.id}")
    assert isinstance(embed["color"], int)
    assert dt.datetime.fromisoformat(embed["timestamp"]) == publication.published_at
    assert "Untitled" not in request.body.decode()


async def test_discord_mentions_stay_off_whatever_the_template_says(
        db, redis_client, http_client, discord_server) -> None:
    await _store_default_template(ChannelType.DISCORD, TemplateFormat.DISCORD, """
    {"content": "@everyone {{ publication.title }} <@&123>",
     "allowed_mentions": {"parse": ["everyone", "roles", "users"]},
     "embeds": []}""")
    publication, _ = await _publication(
        ChannelType.DISCORD, {"webhook_url": discord_server.url + "/hook"},
        config={"username": "Discord Bot"})
    _, delivery = await _deliver(redis_client, http_client, publication)

    assert delivery.status == DeliveryStatus.SENT
    sent = discord_server.requests[0].json
    assert sent["content"] == "@everyone Outage resolved <@&123>"
    assert sent["allowed_mentions"] == {"parse": []}
    assert "embeds" not in sent
    assert "username" not in sent  # Discord refuses names containing "discord"


async def test_discord_sends_wait_true(db, redis_client, http_client, discord_server) -> None:
    seen: list[str] = []

    async def record(request: httpx.Request) -> None:
        seen.append(str(request.url))

    http_client.event_hooks["request"].append(record)
    publication, _ = await _publication(
        ChannelType.DISCORD, {"webhook_url": discord_server.url + "/api/webhooks/1/t"})
    await _deliver(redis_client, http_client, publication)
    assert seen and seen[0].endswith("/api/webhooks/1/t?wait=true")


async def test_discord_huge_publication_stays_within_every_limit(
        db, redis_client, http_client, discord_server) -> None:
    # the database caps titles at 300 characters; 10,000-character titles come next
    publication, _ = await _publication(
        ChannelType.DISCORD, {"webhook_url": discord_server.url + "/hook"},
        title="T" * 300, summary="", body="B" * 100_000)
    _, delivery = await _deliver(redis_client, http_client, publication)

    assert delivery.status == DeliveryStatus.SENT, delivery.last_error
    assert discord_server.refused == []
    sent = discord_server.requests[0].json
    assert_within_discord_limits(sent)
    (embed,) = sent["embeds"]
    assert embed["title"].endswith("…") and len(embed["title"]) == TITLE_MAX
    assert embed["description"].endswith("…")


HOSTILE_DISCORD_TEMPLATE = """
{% set huge = publication.body %}
{
  "content": {{ huge|tojson }},
  "embeds": [
    "not an embed", 42, null, [],
    {% for i in range(12) %}
    {
      "title": {{ (huge[:10000] if i < 2 else huge[:300])|tojson }},
      "description": {{ (huge[:20000] if i < 2 else huge[:5000])|tojson }},
      "url": "javascript:alert(1)",
      "color": "red",
      "timestamp": "yesterday",
      {% if i < 2 %}
      "fields": [
        {% for j in range(30) %}
        {"name": {{ huge[:300]|tojson }}, "value": {{ huge[:1100]|tojson }}, "inline": "yes"},
        {% endfor %}
        {"name": 5, "value": null}, "not a field"
      ],
      {% endif %}
      "footer": {"text": {{ huge[:2100]|tojson }}, "icon_url": 7},
      "author": {"name": {{ huge[:300]|tojson }}, "url": "ftp://example.com"},
      "image": {"url": "https://example.com/{{ i }}.png"}
    },
    {% endfor %}
  ]
}
"""


async def test_discord_hostile_template_output_never_reaches_a_limit(
        db, redis_client, http_client, discord_server) -> None:
    """12 embeds, 10,000-character titles, 30 oversized fields, values of the wrong type:
    what goes out is within every Discord limit, so the stand-in never answers 400."""
    await _store_default_template(ChannelType.DISCORD, TemplateFormat.DISCORD,
                                  HOSTILE_DISCORD_TEMPLATE)
    publication, _ = await _publication(
        ChannelType.DISCORD, {"webhook_url": discord_server.url + "/hook"},
        body="@everyone " + "B" * 100_000)
    _, delivery = await _deliver(redis_client, http_client, publication)

    assert delivery.status == DeliveryStatus.SENT, delivery.last_error
    assert discord_server.refused == []
    sent = discord_server.requests[0].json
    assert_within_discord_limits(sent)
    embeds = sent["embeds"]
    assert len(embeds) == EMBEDS_MAX  # the images keep the later embeds worth sending
    assert sum(embed_length(embed) for embed in embeds) == EMBED_TOTAL_MAX
    first = embeds[0]
    assert len(first["title"]) == TITLE_MAX and len(first["fields"]) <= FIELDS_MAX
    assert all(f["name"] == "5" or len(f["value"]) <= FIELD_VALUE_MAX for f in first["fields"])
    for embed in embeds:
        assert not {"url", "color", "timestamp"} & set(embed)  # malformed: left out
        assert "icon_url" not in embed.get("footer", {})
        assert "url" not in embed.get("author", {})
    assert len(sent["content"]) == CONTENT_MAX


async def test_discord_spent_bucket_pauses_the_webhook(db, redis_client, http_client,
                                                       discord_server) -> None:
    discord_server.extra_headers = {"x-ratelimit-limit": "5", "x-ratelimit-remaining": "0",
                                    "x-ratelimit-reset-after": "30.5",
                                    "x-ratelimit-bucket": "abcd"}
    publication, channel = await _publication(ChannelType.DISCORD,
                                              {"webhook_url": discord_server.url + "/hook"})
    engine, delivery = await _deliver(redis_client, http_client, publication)

    assert delivery.status == DeliveryStatus.SENT
    # every worker now holds this webhook until Discord's bucket resets: no 429 needed
    assert 25 < await engine.limiter.paused_for(f"discord:{channel.id}") <= 30.5


async def test_discord_bucket_with_budget_left_does_not_pause(db, redis_client, http_client,
                                                              discord_server) -> None:
    discord_server.extra_headers = {"x-ratelimit-remaining": "3",
                                    "x-ratelimit-reset-after": "30"}
    publication, channel = await _publication(ChannelType.DISCORD,
                                              {"webhook_url": discord_server.url + "/hook"})
    engine, delivery = await _deliver(redis_client, http_client, publication)

    assert delivery.status == DeliveryStatus.SENT
    assert await engine.limiter.paused_for(f"discord:{channel.id}") == 0


@pytest.mark.parametrize("is_global", [False, True])
async def test_discord_429_waits_for_json_retry_after(db, redis_client, http_client,
                                                      receiver, is_global) -> None:
    receiver.status = 429
    receiver.body = json.dumps({"message": "You are being rate limited.", "retry_after": 42.5,
                                "global": is_global})
    receiver.retry_after = "3"  # the JSON body's value is the precise one
    publication, channel = await _publication(ChannelType.DISCORD,
                                              {"webhook_url": receiver.url + "/hook"})
    engine, delivery = await _deliver(redis_client, http_client, publication, until_idle=False)

    assert delivery.status == DeliveryStatus.PENDING
    wait = (delivery.next_attempt_at - dt.datetime.now(dt.UTC)).total_seconds()
    assert 38 < wait <= 43.5
    assert await engine.limiter.paused_for(f"discord:{channel.id}") > 38
    assert ("global rate limit" in delivery.last_error) == is_global


async def test_discord_404_disables_the_channel(db, redis_client, http_client,
                                                receiver) -> None:
    receiver.status, receiver.body = 404, '{"message": "Unknown Webhook", "code": 10015}'
    publication, channel = await _publication(ChannelType.DISCORD,
                                              {"webhook_url": receiver.url + "/hook"})
    _, delivery = await _deliver(redis_client, http_client, publication)

    assert delivery.status == DeliveryStatus.FAILED
    channel = await Channel.get(id=channel.id)
    assert channel.status == ChannelStatus.DISABLED
    assert "Unknown Webhook" in channel.status_reason
    assert "webhook deleted" in channel.status_reason


@pytest.mark.parametrize(("status", "body", "headers", "kind", "reason"), [
    (200, {"id": "9"}, {}, OutcomeKind.SENT, None),
    (404, {"message": "Unknown Webhook", "code": 10015}, {}, OutcomeKind.DISABLE,
     R.NOT_FOUND),
    (401, {"message": "401: Unauthorized", "code": 0}, {}, OutcomeKind.DISABLE,
     R.BAD_CREDENTIALS),
    (403, {"message": "Missing Access", "code": 50001}, {}, OutcomeKind.DISABLE,
     R.BAD_CREDENTIALS),
    (400, {"message": "Invalid Form Body", "code": 50035}, {}, OutcomeKind.PERMANENT,
     R.REJECTED),
    (429, "error code: 1015", {"retry-after": "60", "x-ratelimit-global": "true"},
     OutcomeKind.RETRY, R.RATE_LIMITED),
    (500, "", {}, OutcomeKind.RETRY, R.PROVIDER_ERROR),
    (502, "<html>bad gateway</html>", {}, OutcomeKind.RETRY, R.PROVIDER_ERROR),
])
def test_discord_answers_are_classified_with_reasons(status, body, headers, kind,
                                                     reason) -> None:
    headers = {**headers, "x-ratelimit-remaining": "0", "x-ratelimit-reset-after": "2.25"}
    outcome = discord.classify(_response(status, body, headers))
    assert (outcome.kind, outcome.reason) == (kind, reason)
    assert outcome.pause_seconds == 2.25  # whatever the answer, a spent bucket is held
    if kind is OutcomeKind.SENT:
        assert outcome.provider_message_id == "9"
    if reason is R.PROVIDER_ERROR:
        assert outcome.counts_against_breaker
    if reason is R.RATE_LIMITED:
        assert outcome.rate_limited and outcome.retry_after == 60
        assert "global rate limit" in outcome.error


async def test_discord_timeout_is_a_breaker_counting_retry() -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(hang)) as client:
        transport = DiscordTransport(client, TargetResolver(allow_private=True), 1.0)
        outcome = await transport.send(_message(
            RenderedMessage(ChannelType.DISCORD, content="hello"),
            secrets={"webhook_url": "http://127.0.0.1:9/hook"}))
    assert outcome.kind is OutcomeKind.RETRY and outcome.counts_against_breaker
    assert outcome.reason is R.TIMEOUT


# --- Discord: the body ----------------------------------------------------------------------

@pytest.mark.parametrize("fields", [0, 40])
def test_fit_embed_never_exceeds_any_limit(fields: int) -> None:
    embed = fit_embed({
        "title": "t" * 1000, "description": "d" * 20_000, "footer": {"text": "f" * 5000},
        "author": {"name": "a" * 1000},
        "fields": [{"name": "n" * 400, "value": "v" * 2000} for _ in range(fields)],
    })
    assert len(embed["title"]) <= TITLE_MAX
    assert len(embed.get("description", "")) <= DESCRIPTION_MAX
    assert len(embed.get("fields", [])) <= FIELDS_MAX
    assert all(len(f["name"]) <= 256 and len(f["value"]) <= 1024 for f in embed.get("fields", []))
    assert len(embed["footer"]["text"]) <= FOOTER_MAX
    assert len(embed["author"]["name"]) <= AUTHOR_NAME_MAX
    assert embed_length(embed) <= EMBED_TOTAL_MAX


@pytest.mark.parametrize("budget", [0, 1, 100, 3000])
def test_fit_embed_keeps_to_its_share_of_the_message(budget: int) -> None:
    embed = fit_embed({"title": "t" * 300, "description": "d" * 5000,
                       "footer": {"text": "f" * 3000}, "author": {"name": "a" * 300},
                       "fields": [{"name": "n", "value": "v" * 900}] * 5}, budget)
    assert embed_length(embed) <= budget


def test_embeds_share_the_6000_characters_of_a_message() -> None:
    embeds = fit_embeds([{"title": f"#{n}", "description": "d" * 4096} for n in range(12)])
    assert len(embeds) == 2  # 2 x ~4100 > 6000: the second is cut, the rest would be empty
    assert sum(embed_length(embed) for embed in embeds) == EMBED_TOTAL_MAX
    assert embeds[1]["description"].endswith("…")


def test_discord_body_is_built_defensively_from_template_output() -> None:
    rendered = RenderedMessage(ChannelType.DISCORD, content="c" * 5000, embeds=[
        "text", 3, None,
        {"color": 5},  # nothing to show: dropped
        {"title": 123, "description": {"not": "text"}, "color": True,
         "timestamp": "2025-01-02T03:04:05+00:00", "url": "https://example.com/x",
         "fields": [{"name": None, "value": ["x"], "inline": True}, "f"],
         "footer": {"text": None}, "author": {"name": "Ann", "icon_url": "https://a/b.png"},
         "thumbnail": {"url": "data:image/png;base64,AAAA"}, "video": {"url": "https://v"},
         "type": "gifv"},
    ])
    body = discord.request_body(_message(rendered, config={"username": "Herald"}))
    assert len(body["content"]) == CONTENT_MAX
    assert body["allowed_mentions"] == {"parse": []}
    assert body["username"] == "Herald"
    (embed,) = body["embeds"]
    assert embed == {
        "title": "123", "url": "https://example.com/x",
        "timestamp": "2025-01-02T03:04:05+00:00",
        "fields": [{"name": "\u200b", "value": "\u200b", "inline": True}],
        "author": {"name": "Ann", "icon_url": "https://a/b.png"}}

    with pytest.raises(NothingToSend):
        discord.request_body(_message(RenderedMessage(ChannelType.DISCORD, content="  ",
                                                      embeds=[{"color": 1}, "x"])))
