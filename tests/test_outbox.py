"""The development outbox: the email transport talks SES v2 to the app's own sink, which
keeps the raw MIME and shows it at /outbox (app/outbox.py, domain/outbox/).

The end-to-end test publishes the demo data's publication through the real delivery
engine with the endpoints `Settings.provider_endpoints()` builds for development (no SES
endpoint, no AWS credentials), against the real application served by uvicorn."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from app.http import create_app
from app.settings import OUTBOX_CREDENTIALS, Settings
from domain.channels.email import EmailTransport
from domain.deliveries.models import DeliveryStatus
from domain.demo import load_demo_data
from domain.outbox.models import OutboxMessage
from domain.publications.models import Publication, PublicationStatus
from tests.delivery_fixtures import SECRET_KEY
from tests.receivers import LoopbackServer
from tests.ses_servers import parse
from tests.test_channels_email import deliver, engine_for

SINK = "/outbox/ses/v2/email/outbound-emails"
UNUSED = {"database_url": "postgres://unused/db", "redis_url": "redis://unused"}


def development(**values: object) -> Settings:
    return Settings(**{"environment": "development", "secret_key": SECRET_KEY,
                       "ses_endpoint_url": None, "outbox": "auto", **UNUSED, **values})


@pytest.fixture
async def served(db) -> AsyncIterator[LoopbackServer]:
    """The application with the outbox on, on a real port (lifespan off: the test session
    owns the ORM)."""
    server = await LoopbackServer(create_app(development())).start()
    yield server
    await server.stop()


def send_request(raw: bytes, to: str = "reader@example.org") -> dict[str, object]:
    """What aioboto3's sesv2 `send_email` puts on the wire for Content.Raw."""
    return {"FromEmailAddress": "news@example.com", "Destination": {"ToAddresses": [to]},
            "Content": {"Raw": {"Data": base64.b64encode(raw).decode()}}}


async def test_demo_publication_is_delivered_to_the_outbox(
        served: LoopbackServer, redis_client, http_client) -> None:
    """No SES_ENDPOINT_URL, no AWS credentials (the demo email channel has none): the
    transport signs with the outbox's dummy key and the app keeps every message."""
    endpoints = development(port=served.port).provider_endpoints()
    assert endpoints.ses_endpoint_url == f"{served.url}/outbox/ses"
    assert endpoints.ses_fallback_credentials == OUTBOX_CREDENTIALS
    transport = EmailTransport(endpoints)
    try:
        assert await load_demo_data()
        publication = await Publication.get(title="Welcome to the publishing service")
        publication.status = PublicationStatus.PUBLISHING
        publication.publish_at = dt.datetime.now(dt.UTC)
        await publication.save()
        deliveries = [d for d in await deliver(engine_for(redis_client, http_client,
                                                          transport), publication)
                      if d.recipient and "@" in d.recipient]
    finally:
        await transport.close()
    assert len(deliveries) == 5
    assert {d.status for d in deliveries} == {DeliveryStatus.SENT}, [
        d.last_error for d in deliveries]
    stored = {f"outbox-{row.id}": row for row in await OutboxMessage.all()}
    assert sorted(stored) == sorted(d.provider_message_id for d in deliveries)
    first = deliveries[0]
    row = stored[first.provider_message_id]
    assert row.recipients == first.recipient and row.sender == "news@example.com"

    mime = parse(bytes(row.mime))
    assert mime.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in mime.iter_parts()] == [
        "text/plain", "text/html"]
    assert mime["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    one_click = mime["List-Unsubscribe"].split(",")[0].strip().strip("<>")
    assert "/unsubscribe/" in one_click

    async with httpx.AsyncClient(base_url=served.url, trust_env=False) as client:
        listing = await client.get("/outbox")
        assert listing.status_code == 200
        assert listing.text.count("Welcome to the publishing service") == 5
        assert first.recipient in listing.text
        # newest first
        ids = sorted((r.id for r in stored.values()), reverse=True)
        assert listing.text.index(f'href="/outbox/{ids[0]}"') < listing.text.index(
            f'href="/outbox/{ids[-1]}"')
        assert "script-src 'none'" in listing.headers["content-security-policy"]

        page = await client.get(f"/outbox/{row.id}")
        assert page.status_code == 200
        assert "<h1>Welcome to the publishing service</h1>" in page.text
        assert "List-Unsubscribe-Post" in page.text
        assert '<iframe sandbox="allow-popups allow-popups-to-escape-sandbox"' in page.text
        assert f'src="/outbox/{row.id}/html"' in page.text
        framed = await client.get(f"/outbox/{row.id}/html")
        assert framed.status_code == 200 and "/t/o/" in framed.text  # the open pixel
        policy = framed.headers["content-security-policy"]
        assert "script-src 'none'" in policy and "frame-ancestors 'self'" in policy
        assert "sandbox allow-popups" in policy
        assert f'<form method="post" action="{one_click}">' in page.text

        eml = await client.get(f"/outbox/{row.id}.eml")
        assert eml.status_code == 200
        assert eml.headers["content-type"] == "message/rfc822"
        assert eml.content == bytes(row.mime)
        assert (await client.get("/outbox/999999999")).status_code == 404


async def test_pages_escape_what_the_message_says(db) -> None:
    app = create_app(development())
    hostile = (b'Subject: <script>alert(1)</script> & "quotes"\r\n'
               b"From: news@example.com\r\nTo: reader@example.org\r\n"
               b'X-Note: </td><img src=x onerror="alert(2)">\r\n'
               b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
               b'<p>"></iframe><script>alert(3)</script></p>\r\n')
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://127.0.0.1:8000") as client:
        answer = await client.post(SINK, json=send_request(hostile))
        assert answer.status_code == 200
        message_id = answer.json()["MessageId"]
        row_id = int(message_id.removeprefix("outbox-"))
        pages = [(await client.get(path)).text for path in ("/outbox", f"/outbox/{row_id}")]
        for text in pages:
            assert "<script>" not in text and "<img src=x" not in text
            assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;" in text
        # the HTML part is not on the page: only the iframe's own, sandboxed document
        assert "alert(3)" not in pages[1]
        framed = await client.get(f"/outbox/{row_id}/html")
        assert "<script>alert(3)</script>" in framed.text  # as sent, and inert:
        assert "script-src 'none'" in framed.headers["content-security-policy"]
        assert "sandbox" in framed.headers["content-security-policy"]
        assert (await client.get(f"/outbox/{row_id}.eml")).content == hostile


async def test_the_sink_answers_bad_requests_like_ses(db) -> None:
    app = create_app(development())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://127.0.0.1:8000") as client:
        for body in (b"not json", json.dumps({"Content": {"Simple": {}}}).encode(),
                     json.dumps({"Content": {"Raw": {"Data": "%%%"}}}).encode()):
            answer = await client.post(SINK, content=body)
            assert answer.status_code == 400
            assert answer.headers["x-amzn-errortype"] == "BadRequestException"
    assert await OutboxMessage.all().count() == 0


@pytest.mark.parametrize("values", [
    pytest.param({"outbox": "off"}, id="off"),
    pytest.param({"environment": "test"}, id="auto-outside-development"),
    pytest.param({"ses_endpoint_url": "http://127.0.0.1:9"}, id="auto-with-ses-endpoint"),
])
async def test_routes_are_404_when_the_outbox_is_off(db, values: dict[str, object]) -> None:
    settings = development(**values)
    assert not settings.outbox_enabled
    assert settings.provider_endpoints().ses_fallback_credentials is None
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://127.0.0.1:8000") as client:
        for path in ("/outbox", "/outbox/1", "/outbox/1.eml"):
            assert (await client.get(path)).status_code == 404
        answer = await client.post(SINK, json=send_request(b"Subject: x\r\n\r\nx"))
        assert answer.status_code in (404, 405)
    assert await OutboxMessage.all().count() == 0


def test_outbox_on_in_test_and_its_endpoint_follows_host_and_port() -> None:
    settings = development(environment="test", outbox="on", host="0.0.0.0", port=8123)
    assert settings.outbox_enabled
    assert settings.provider_endpoints().ses_endpoint_url == \
        "http://127.0.0.1:8123/outbox/ses"
    assert development(host="::1", port=9000).outbox_ses_endpoint() == \
        "http://[::1]:9000/outbox/ses"
