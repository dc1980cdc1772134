"""Slack and Discord transports through the real engine, against loopback receivers that
answer the way Slack's incoming webhooks and Discord's execute-webhook endpoint do."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest

from domain.channels.discord import (
    DESCRIPTION_MAX,
    EMBED_TOTAL_MAX,
    FIELDS_MAX,
    TITLE_MAX,
    DiscordTransport,
    build_message,
    embed_length,
    fit_embed,
)
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.channels.slack import SlackTransport
from domain.channels.slack import build_message as slack_message
from domain.channels.ssrf import TargetResolver
from domain.channels.transport import OutcomeKind, OutgoingMessage
from domain.crypto import encrypt_secrets
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.publications.models import Publication, PublicationStatus
from tests.delivery_fixtures import SECRET_KEY, build_engine


def _engine(redis_client: Any, http_client: httpx.AsyncClient) -> Any:
    resolver = TargetResolver(allow_private=True)
    return build_engine(redis_client, http_client, transports={
        ChannelType.SLACK: SlackTransport(http_client, resolver, 5.0),
        ChannelType.DISCORD: DiscordTransport(http_client, resolver, 5.0),
    })


async def _publication(channel_type: ChannelType, secrets: dict[str, str], *,
                       title: str = "Outage resolved", summary: str = "All green again",
                       body: str = "Details follow.", config: dict | None = None
                       ) -> tuple[Publication, Channel]:
    channel = await Channel.create(
        name=f"{channel_type.value}-room", type=channel_type, config=config or {},
        secret_ciphertext=encrypt_secrets(SECRET_KEY, secrets))
    publication = await Publication.create(title=title, summary=summary, body=body,
                                           status=PublicationStatus.PUBLISHING,
                                           publish_at=dt.datetime.now(dt.UTC))
    await publication.channels.add(channel)
    return publication, channel


async def _run_until_idle(engine: Any, seconds: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        await engine.pump(budget_seconds=5)
        if not await Delivery.filter(status__in=["pending", "sending"]).exists():
            return
        await asyncio.sleep(0.05)


async def _deliver(redis_client: Any, http_client: httpx.AsyncClient, publication: Publication,
                   *, until_idle: bool = True) -> tuple[Any, Delivery]:
    engine = _engine(redis_client, http_client)
    assert await engine.start_publication(publication.id)
    if until_idle:
        await _run_until_idle(engine)
    else:
        await engine.pump(budget_seconds=5)
    return engine, await Delivery.get(publication_id=publication.id)


# --- Slack ------------------------------------------------------------------------------

async def test_slack_posts_blocks_with_fallback_text(db, redis_client, http_client,
                                                     receiver) -> None:
    publication, _ = await _publication(ChannelType.SLACK,
                                        {"webhook_url": receiver.url + "/services/T/B/x"})
    _, delivery = await _deliver(redis_client, http_client, publication)

    assert delivery.status == DeliveryStatus.SENT
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert request.path == "/services/T/B/x"
    sent = request.json
    assert sent["text"] == "Outage resolved: All green again"
    header, summary, body = sent["blocks"]
    assert header == {"type": "header", "text": {"type": "plain_text",
                                                 "text": "Outage resolved", "emoji": True}}
    assert summary["text"] == {"type": "mrkdwn", "text": "All green again"}
    assert body["text"]["text"] == "Details follow."


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


async def test_slack_bot_token_only_is_refused_permanently(db, redis_client, http_client
                                                           ) -> None:
    publication, _ = await _publication(ChannelType.SLACK, {"bot_token": "xoxb-1"})
    _, delivery = await _deliver(redis_client, http_client, publication)

    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == "bot tokens are not supported yet"


def test_slack_message_stays_within_block_limits() -> None:
    message = slack_message({"title": "T" * 1000, "summary": "s" * 10_000,
                             "body": "b" * 20_000, "topics": ["a"]})
    assert len(message["blocks"]) <= 50
    assert len(message["blocks"][0]["text"]["text"]) <= 150
    assert all(len(block["text"]["text"]) <= 3000 for block in message["blocks"][1:3])
    assert message["text"]


# --- Discord ----------------------------------------------------------------------------

async def test_discord_posts_an_embed_without_pings(db, redis_client, http_client,
                                                    receiver) -> None:
    receiver.body = '{"id": "112233", "channel_id": "9"}'
    receiver.extra_headers = {"x-ratelimit-remaining": "0",
                              "x-ratelimit-reset-after": "1.5"}
    publication, _ = await _publication(
        ChannelType.DISCORD, {"webhook_url": receiver.url + "/api/webhooks/1/tok"},
        body="@everyone please read", config={"username": "Publisher"})
    _, delivery = await _deliver(redis_client, http_client, publication)

    assert delivery.status == DeliveryStatus.SENT
    assert delivery.provider_message_id == "112233"
    request = receiver.requests[0]
    assert request.path == "/api/webhooks/1/tok"
    sent = request.json
    assert sent["allowed_mentions"] == {"parse": []}
    assert sent["content"] == "Outage resolved"
    assert sent["username"] == "Publisher"
    (embed,) = sent["embeds"]
    assert embed["title"] == "Outage resolved"
    assert "@everyone please read" in embed["description"]
    assert embed["footer"]["text"] and embed["timestamp"]


async def test_discord_sends_wait_true(db, redis_client, http_client, receiver) -> None:
    seen: list[str] = []

    async def record(request: httpx.Request) -> None:
        seen.append(str(request.url))

    http_client.event_hooks["request"].append(record)
    publication, _ = await _publication(ChannelType.DISCORD,
                                        {"webhook_url": receiver.url + "/api/webhooks/1/t"})
    await _deliver(redis_client, http_client, publication)
    assert seen and seen[0].endswith("/api/webhooks/1/t?wait=true")


async def test_discord_404_disables_the_channel(db, redis_client, http_client,
                                                receiver) -> None:
    receiver.status, receiver.body = 404, '{"message": "Unknown Webhook", "code": 10015}'
    publication, channel = await _publication(ChannelType.DISCORD,
                                              {"webhook_url": receiver.url + "/hook"})
    _, delivery = await _deliver(redis_client, http_client, publication)

    assert delivery.status == DeliveryStatus.FAILED
    channel = await Channel.get(id=channel.id)
    assert channel.status == ChannelStatus.DISABLED
    assert "404" in channel.status_reason


async def test_discord_429_waits_for_json_retry_after(db, redis_client, http_client,
                                                      receiver) -> None:
    receiver.status = 429
    receiver.body = '{"message": "You are being rate limited.", "retry_after": 42.5, ' \
        '"global": false}'
    publication, channel = await _publication(ChannelType.DISCORD,
                                              {"webhook_url": receiver.url + "/hook"})
    engine, delivery = await _deliver(redis_client, http_client, publication, until_idle=False)

    assert delivery.status == DeliveryStatus.PENDING
    wait = (delivery.next_attempt_at - dt.datetime.now(dt.UTC)).total_seconds()
    assert 38 < wait <= 43.5
    assert await engine.limiter.paused_for(f"discord:{channel.id}") > 38


async def test_discord_oversized_publication_is_truncated(db, redis_client, http_client,
                                                          receiver) -> None:
    receiver.body = '{"id": "1"}'
    publication, _ = await _publication(
        ChannelType.DISCORD, {"webhook_url": receiver.url + "/hook"},
        title="T" * 300, summary="S" * 500, body="B" * 20_000)
    _, delivery = await _deliver(redis_client, http_client, publication)

    assert delivery.status == DeliveryStatus.SENT
    sent = receiver.requests[0].json
    (embed,) = sent["embeds"]
    # the database caps titles at 300, so 1000-character titles are covered below
    assert len(embed["title"]) <= TITLE_MAX and embed["title"].endswith("…")
    assert len(embed["description"]) <= DESCRIPTION_MAX
    assert embed["description"].endswith("…")
    assert len(embed.get("fields", [])) <= FIELDS_MAX
    assert embed_length(embed) <= EMBED_TOTAL_MAX
    assert len(sent["content"]) <= 2000


@pytest.mark.parametrize("fields", [0, 40])
def test_fit_embed_never_exceeds_any_limit(fields: int) -> None:
    embed = fit_embed({
        "title": "t" * 1000, "description": "d" * 20_000, "footer": {"text": "f" * 5000},
        "fields": [{"name": "n" * 400, "value": "v" * 2000} for _ in range(fields)],
    })
    assert len(embed["title"]) <= TITLE_MAX
    assert len(embed.get("description", "")) <= DESCRIPTION_MAX
    assert len(embed.get("fields", [])) <= FIELDS_MAX
    assert all(len(f["name"]) <= 256 and len(f["value"]) <= 1024 for f in embed.get("fields", []))
    assert len(embed["footer"]["text"]) <= 2048
    assert embed_length(embed) <= EMBED_TOTAL_MAX


def test_discord_message_from_a_huge_publication() -> None:
    message = build_message({"title": "x" * 1000, "summary": "", "body": "y" * 20_000,
                             "priority": "high", "topics": ["t"] * 500}, {})
    assert embed_length(message["embeds"][0]) <= EMBED_TOTAL_MAX
    assert message["allowed_mentions"] == {"parse": []}


async def test_discord_timeout_is_a_breaker_counting_retry() -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(hang)) as client:
        transport = DiscordTransport(client, TargetResolver(allow_private=True), 1.0)
        outcome = await transport.send(OutgoingMessage(
            delivery_id=1, idempotency_key="k", recipient="room", channel_id=7, config={},
            secrets={"webhook_url": "http://127.0.0.1:9/hook"}, payload={}))
    assert outcome.kind is OutcomeKind.RETRY and outcome.counts_against_breaker
