"""The outbox's hook sinks (app/outbox.py): Slack, Discord and webhook messages kept
locally and answered like the providers answer, the webhook's Standard Webhooks
signature checked with its channel's secret, and the list page's keyset paging.

The signed webhook is sent by the real WebhookTransport through the SSRF guard the app
builds (`Settings.own_target_prefixes`) to the real application on a loopback port."""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from app.http import create_app
from app.outbox import MAX_HOOK_BYTES
from app.settings import Settings
from domain.channels import webhook
from domain.channels.config import new_webhook_secret
from domain.channels.models import Channel, ChannelType
from domain.channels.ssrf import BlockedTarget, TargetResolver
from domain.channels.transport import OutcomeKind, OutgoingMessage
from domain.channels.webhook import WebhookTransport
from domain.crypto import encrypt_secrets
from domain.keyring import KeyRing
from domain.outbox import store
from domain.outbox.models import OutboxKind, OutboxMessage
from tests.delivery_fixtures import SECRET_KEY
from tests.receivers import LoopbackServer

UNUSED = {"database_url": "postgres://unused/db", "redis_url": "redis://unused"}
HOOKS = "/outbox/hooks"


def development(**values: object) -> Settings:
    return Settings(**{"environment": "development", "secret_key": SECRET_KEY,
                       "ses_endpoint_url": None, "outbox": "auto", **UNUSED, **values})


@pytest.fixture
async def client(db) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(development())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://127.0.0.1:8000") as client:
        yield client


async def webhook_channel(url: str) -> tuple[Channel, str]:
    secret = new_webhook_secret()
    channel = await Channel.create(
        name="Partner webhook", type=ChannelType.WEBHOOK, config={"url": url},
        secret_ciphertext=encrypt_secrets(KeyRing((SECRET_KEY,)), {"signing_secret": secret}))
    return channel, secret


async def test_slack_sink_answers_ok_and_keeps_the_json(client: httpx.AsyncClient) -> None:
    body = {"text": "Welcome   to\nthe service", "blocks": [{"type": "section"}]}
    answer = await client.post(f"{HOOKS}/slack/team", json=body)
    assert answer.status_code == 200
    assert answer.text == "ok" and answer.headers["content-type"].startswith("text/plain")
    row = await OutboxMessage.get(kind=OutboxKind.SLACK)
    assert json.loads(bytes(row.mime)) == body
    assert row.recipients == "team" and row.subject == "Welcome to the service"
    assert ["content-type", "application/json"] in row.headers
    page = await client.get(f"/outbox/{row.id}")
    assert page.status_code == 200
    assert "<h1>slack → team</h1>" in page.text
    assert "&quot;blocks&quot;: [\n    {" in page.text  # pretty-printed
    assert "Signature" not in page.text  # Slack's incoming webhooks are not signed
    # not JSON: Slack's `invalid_payload`, nothing kept
    bad = await client.post(f"{HOOKS}/slack/team", content=b"{nope")
    assert bad.status_code == 400 and bad.text.strip() == "invalid_payload"
    assert await OutboxMessage.all().count() == 1


async def test_discord_sink_answers_like_execute_webhook(client: httpx.AsyncClient) -> None:
    body = {"content": "Hello", "username": "Acme News", "embeds": [{"title": "Welcome"}]}
    answer = await client.post(f"{HOOKS}/discord/community?wait=true", json=body)
    assert answer.status_code == 200
    message = answer.json()
    assert re.fullmatch(r"[0-9]{17,20}", message["id"])
    assert message["content"] == "Hello" and message["embeds"] == [{"title": "Welcome"}]
    assert message["author"]["username"] == "Acme News" and message["timestamp"]
    for header in ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset",
                   "x-ratelimit-reset-after", "x-ratelimit-bucket"):
        assert header in answer.headers, header
    assert float(answer.headers["x-ratelimit-reset"]) > time.time()
    # without ?wait=true Discord answers 204 with no body
    quiet = await client.post(f"{HOOKS}/discord/community", json={"content": "x"})
    assert quiet.status_code == 204 and quiet.content == b""
    bad = await client.post(f"{HOOKS}/discord/community?wait=true", content=b"[1,")
    assert bad.status_code == 400 and bad.json()["code"] == 50109
    rows = await OutboxMessage.filter(kind=OutboxKind.DISCORD).order_by("id")
    assert [row.subject for row in rows] == ["Hello", "x"]


async def test_signed_webhook_is_verified_and_a_tampered_one_is_not(db) -> None:
    """The real transport signs and posts through the guard the app builds (loopback is
    let through for the app's own sinks only); the sink checks with the channel's
    secret. The same request with one byte changed is kept and shown as not verified."""
    served = await LoopbackServer(create_app(development())).start()
    settings = development(public_base_url=served.url)
    url = f"{settings.outbox_hooks_url()}/webhook/partner"
    channel, secret = await webhook_channel(url)
    try:
        async with httpx.AsyncClient(trust_env=False) as http:
            resolver = TargetResolver(False, own_prefixes=settings.own_target_prefixes())
            outcome = await WebhookTransport(http, resolver, 5.0).send(OutgoingMessage(
                delivery_id=1, idempotency_key="p1:c1:s1", recipient="reader@example.org",
                channel_id=channel.id, config={"url": url},
                secrets={"signing_secret": secret},
                payload={"type": "publication.published", "data": {"title": "Hi"}}))
            assert outcome.kind is OutcomeKind.SENT, outcome.error
            assert outcome.status_code == 204

            body = b'{"type":"publication.published","data":{"title":"Hi"}}'
            stamp = int(time.time())
            headers = {"webhook-id": "msg_1", "webhook-timestamp": str(stamp),
                       "webhook-signature": webhook.sign([secret], "msg_1", stamp, body),
                       "content-type": "application/json"}
            tampered = body.replace(b"Hi", b"Ho")
            assert (await http.post(url, content=tampered, headers=headers)).status_code == 204
            unsigned = await http.post(url, json={"type": "x"})
            assert unsigned.status_code == 204

            rows = await OutboxMessage.filter(kind=OutboxKind.WEBHOOK).order_by("id")
            assert [row.verified for row in rows] == [True, False, False]
            assert rows[0].subject == "publication.published · Hi"
            assert "no signature matches" in (rows[1].verification or "")
            assert "missing" in (rows[2].verification or "")
            listing = (await http.get(f"{served.url}/outbox")).text
            assert listing.count("✔ verified") == 1 and listing.count("✘ not verified") == 2
            good = (await http.get(f"{served.url}/outbox/{rows[0].id}")).text
            assert "Signature: ✔ verified" in good and "webhook-signature" in good
            bad = (await http.get(f"{served.url}/outbox/{rows[1].id}")).text
            assert "Signature: ✘ not verified" in bad
    finally:
        await served.stop()


async def test_webhook_sink_without_a_channel_says_so(client: httpx.AsyncClient) -> None:
    _, secret = await webhook_channel("http://127.0.0.1:8000/outbox/hooks/webhook/other")
    body = b'{"type":"x"}'
    stamp = int(time.time())
    answer = await client.post(f"{HOOKS}/webhook/nobody", content=body, headers={
        "webhook-id": "m", "webhook-timestamp": str(stamp),
        "webhook-signature": webhook.sign([secret], "m", stamp, body)})
    assert answer.status_code == 204
    row = await OutboxMessage.get(kind=OutboxKind.WEBHOOK)
    assert row.verified is False and "no webhook channel" in (row.verification or "")


def test_verify_refuses_an_old_timestamp() -> None:
    secret = new_webhook_secret()
    body = b"{}"
    old = int(time.time()) - webhook.TIMESTAMP_TOLERANCE_SECONDS - 60
    headers = {"webhook-id": "m", "webhook-timestamp": str(old),
               "webhook-signature": webhook.sign([secret], "m", old, body)}
    assert "more than" in (webhook.verify([secret], headers, body) or "")
    now = int(time.time())
    headers |= {"webhook-timestamp": str(now),
                "webhook-signature": "v1,bogus " + webhook.sign([secret], "m", now, body)}
    assert webhook.verify([new_webhook_secret(), secret], headers, body) is None


async def test_hook_bodies_are_capped(client: httpx.AsyncClient) -> None:
    padding = "x" * MAX_HOOK_BYTES
    for kind in ("slack", "discord", "webhook"):
        answer = await client.post(f"{HOOKS}/{kind}/big", json={"text": padding})
        assert answer.status_code == 413, kind
    fits = await client.post(f"{HOOKS}/slack/big",
                             json={"text": "x" * (MAX_HOOK_BYTES - 100)})
    assert fits.status_code == 200
    assert await OutboxMessage.all().count() == 1


@pytest.mark.parametrize("values", [
    pytest.param({"outbox": "off"}, id="off"),
    pytest.param({"environment": "test"}, id="auto-outside-development"),
    pytest.param({"ses_endpoint_url": "http://127.0.0.1:9"}, id="auto-with-ses-endpoint"),
])
async def test_hook_sinks_are_404_when_the_outbox_is_off(db, values: dict[str, object]
                                                          ) -> None:
    settings = development(**values)
    assert not settings.outbox_enabled and settings.own_target_prefixes() == ()
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://127.0.0.1:8000") as client:
        for kind in ("slack", "discord", "webhook"):
            answer = await client.post(f"{HOOKS}/{kind}/demo?wait=true", json={"text": "x"})
            assert answer.status_code == 404, kind
    assert await OutboxMessage.all().count() == 0


async def test_list_pages_through_every_kind_newest_first(client: httpx.AsyncClient) -> None:
    kinds = [OutboxKind.SLACK, OutboxKind.DISCORD, OutboxKind.WEBHOOK]
    for number in range(store.PAGE_SIZE * 2 + 7):
        await store.store_hook(kinds[number % 3], f"hook{number}",
                               json.dumps({"text": f"message {number}"}).encode(), [])
    seen: list[int] = []
    path = "/outbox"
    pages = 0
    while path:
        page = await client.get(path)
        assert page.status_code == 200
        ids = [int(found) for found in re.findall(r'href="/outbox/(\d+)"', page.text)]
        assert ids == sorted(ids, reverse=True)
        seen += ids
        pages += 1
        older = re.search(r'href="(/outbox\?before=\d+)"', page.text)
        path = older.group(1) if older else ""
    assert pages == 3
    assert seen == sorted((row.id for row in await OutboxMessage.all()), reverse=True)
    assert len(seen) == store.PAGE_SIZE * 2 + 7
    first = (await client.get("/outbox")).text
    for kind in ("slack", "discord", "webhook"):
        assert f"<td>{kind}</td>" in first
    # a message arriving meanwhile does not shift the older pages (keyset, not offset)
    second_path = re.search(r'href="(/outbox\?before=\d+)"', first).group(1)  # type: ignore[union-attr]
    before = re.findall(r'href="/outbox/(\d+)"', (await client.get(second_path)).text)
    await store.store_hook(OutboxKind.SLACK, "late", b'{"text":"late"}', [])
    after = re.findall(r'href="/outbox/(\d+)"', (await client.get(second_path)).text)
    assert before == after
    assert (await client.get("/outbox?before=abc")).status_code == 400


async def test_the_guard_lets_through_only_the_apps_own_hook_sinks() -> None:
    settings = development(public_base_url="http://127.0.0.1:8000")
    resolver = TargetResolver(False, own_prefixes=settings.own_target_prefixes())
    target = await resolver.resolve("http://127.0.0.1:8000/outbox/hooks/slack/demo")
    assert target.address == "127.0.0.1"
    for refused in ("http://127.0.0.1:8000/graphql",
                    "http://127.0.0.1:8001/outbox/hooks/slack/demo",
                    "http://127.0.0.1:8000/outbox/hooks/../../graphql",
                    "http://localhost:8000/outbox/hooks/slack/demo"):
        with pytest.raises(BlockedTarget):
            await resolver.resolve(refused)
