"""Open pixels and click redirects: signed tokens in, events out, nothing for forgeries."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from app.tracking import PIXEL, TRACKING_ROUTES, Tracking
from domain.channels.models import ChannelType
from domain.channels.transport import OutgoingMessage
from domain.deliveries.audience import resolve_audience
from domain.deliveries.models import Delivery
from domain.engagement.buffer import EventBuffer
from domain.engagement.links import LinkRegistry, apply_tracking
from domain.engagement.models import EngagementEvent, EventType, MetricRollup, TrackedLink
from domain.links.signing import TokenSigner
from domain.links.urls import LinkBuilder
from domain.templates.rendering import RenderedMessage
from tests.delivery_fixtures import publication_to

SECRET = "tracking-test-secret-0123456789abcdef"
BASE = "https://news.example.org"
READER = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko)")
LONG_AGO = int(time.time()) - 3600


@pytest.fixture
async def tracked(db) -> AsyncIterator[tuple[httpx.AsyncClient, Tracking, list[Delivery]]]:
    scenario = await publication_to("http://127.0.0.1:9/hook", 3, slug="tracked")
    await resolve_audience(scenario.publication.id)
    rows = await Delivery.filter(publication_id=scenario.publication.id).order_by("id")
    app = Starlette(routes=TRACKING_ROUTES)
    app.state.tracking = Tracking(LinkBuilder(SECRET, BASE), EventBuffer())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url=BASE) as client:
        yield client, app.state.tracking, rows


def _message(row: Delivery, html: str) -> OutgoingMessage:
    return OutgoingMessage(
        delivery_id=row.id, idempotency_key=f"k{row.id}", recipient="r@example.com",
        channel_id=row.channel_id, config={}, secrets={},
        rendered=RenderedMessage(ChannelType.EMAIL, subject="s", html=html, text="t"),
        publication_id=row.publication_id, subscriber_id=row.subscriber_id)


async def _tracked_html(tracking: Tracking, row: Delivery, html: str) -> str:
    message = await apply_tracking(_message(row, html), tracking.links, LinkRegistry())
    assert message.rendered is not None and message.rendered.html is not None
    return message.rendered.html


def _href(html: str, index: int = 0) -> str:
    return html.split('href="')[index + 1].split('"')[0]


def _pixel(html: str) -> str:
    return html.split('<img src="')[1].split('"')[0]


async def test_pixel_answers_gif_and_records_human_and_machine_opens(tracked) -> None:
    client, tracking, rows = tracked
    pixel = tracking.links.open_url(rows[0].id, rows[0].publication_id, rows[0].channel_id,
                                    rows[0].subscriber_id, issued_at=LONG_AGO)
    response = await client.get(pixel.removeprefix(BASE), headers={"user-agent": READER})
    assert response.status_code == 200
    assert response.content == PIXEL and response.headers["content-type"] == "image/gif"
    assert "no-store" in response.headers["cache-control"]
    # Apple Mail Privacy Protection's proxy, and a prefetch right after sending
    await client.get(pixel.removeprefix(BASE), headers={"user-agent": "Mozilla/5.0"})
    fresh = tracking.links.open_url(rows[1].id, rows[1].publication_id, rows[1].channel_id,
                                    rows[1].subscriber_id)
    await client.get(fresh.removeprefix(BASE), headers={"user-agent": READER})
    assert await EngagementEvent.all().count() == 0  # buffered, not yet written
    assert await tracking.buffer.flush() == 3
    events = await EngagementEvent.all().order_by("id").values_list("delivery_id",
                                                                    "is_machine")
    assert events == [(rows[0].id, False), (rows[0].id, True), (rows[1].id, True)]
    day = await MetricRollup.get(granularity="day")
    assert (day.opens, day.unique_opens, day.machine_opens, day.unique_machine_opens) == (
        1, 1, 2, 2)


async def test_clicks_redirect_only_to_the_url_stored_at_send_time(tracked) -> None:
    client, tracking, rows = tracked
    html = ('<html><body><a href="https://shop.example.com/a?x=1&amp;y=2">A</a> '
            f'<a href="{BASE}/unsubscribe/abc">Unsubscribe</a> '
            '<a href="mailto:x@example.com">mail</a></body></html>')
    rewritten = await _tracked_html(tracking, rows[0], html)
    click = _href(rewritten)
    assert click.startswith(f"{BASE}/t/c/")
    assert _href(rewritten, 1) == f"{BASE}/unsubscribe/abc"  # our own link untouched
    assert _href(rewritten, 2) == "mailto:x@example.com"
    assert _pixel(rewritten).startswith(f"{BASE}/t/o/")
    assert await TrackedLink.filter(url="https://shop.example.com/a?x=1&y=2").exists()

    response = await client.get(click.removeprefix(BASE), headers={"user-agent": READER})
    assert response.status_code == 302
    assert response.headers["location"] == "https://shop.example.com/a?x=1&y=2"
    # a query string cannot steer the redirect
    steered = await client.get(click.removeprefix(BASE) + "?url=https://evil.example",
                               headers={"user-agent": READER})
    assert steered.headers["location"] == "https://shop.example.com/a?x=1&y=2"
    scanner = await client.head(click.removeprefix(BASE), headers={"user-agent": READER})
    assert scanner.status_code == 302
    await tracking.buffer.flush()
    clicks = await EngagementEvent.filter(type=EventType.CLICK).order_by("id").values_list(
        "is_machine", "url")
    # the rewritten click was issued just now: a GET within a second is a link scanner
    assert [machine for machine, _ in clicks] == [True, True, True]
    assert {url for _, url in clicks} == {"https://shop.example.com/a?x=1&y=2"}


async def test_human_click_counts_unique_once(tracked) -> None:
    client, tracking, rows = tracked
    link = await TrackedLink.create(publication_id=rows[0].publication_id, url_hash="h",
                                    url="https://docs.example.com/")
    url = tracking.links.click_url(link.id, rows[0].id, rows[0].publication_id,
                                   rows[0].channel_id, rows[0].subscriber_id,
                                   issued_at=LONG_AGO)
    for _ in range(2):
        response = await client.get(url.removeprefix(BASE), headers={"user-agent": READER})
        assert response.headers["location"] == "https://docs.example.com/"
    await tracking.buffer.flush()
    day = await MetricRollup.get(granularity="day")
    assert (day.clicks, day.unique_clicks, day.machine_clicks) == (2, 1, 0)


async def test_forged_tampered_and_dangling_tokens_are_404_and_record_nothing(
        tracked) -> None:
    client, tracking, rows = tracked
    row = rows[0]
    pixel = tracking.links.open_url(row.id, row.publication_id, row.channel_id,
                                    row.subscriber_id, issued_at=LONG_AGO)
    token = pixel.rsplit("/", 1)[1].removesuffix(".gif")
    payload, tag = token.split(".")
    other_key = LinkBuilder("another-secret-key-0123456789abcdef", BASE).open_url(
        row.id, row.publication_id, row.channel_id, row.subscriber_id)
    unsubscribe_token = tracking.links.unsubscribe_token(row.subscriber_id or 0, row.id)
    wrong_purpose = TokenSigner(SECRET, "unsubscribe").sign(row.id, row.publication_id,
                                                           row.channel_id, 0, LONG_AGO)
    bad_pixels = [
        f"/t/o/{payload}.{'A' * len(tag)}.gif",              # tag replaced
        f"/t/o/{payload[:-2]}xx.{tag}.gif",                  # payload changed
        other_key.removeprefix(BASE),                        # signed with another key
        f"/t/o/{unsubscribe_token}.gif",                     # a token for another purpose
        f"/t/o/{wrong_purpose}.gif",
        "/t/o/not-a-token.gif", "/t/o/" + "A" * 600 + ".gif",
    ]
    for path in bad_pixels:
        response = await client.get(path, headers={"user-agent": READER})
        assert response.status_code == 404, path
    open_token_as_click = f"/t/c/{token}"
    dangling = tracking.links.click_url(987654321, row.id, row.publication_id,
                                        row.channel_id, row.subscriber_id)
    other_publication = await TrackedLink.create(publication_id=row.publication_id + 1000,
                                                 url_hash="x", url="https://elsewhere.example/")
    cross = tracking.links.click_url(other_publication.id, row.id, row.publication_id,
                                     row.channel_id, row.subscriber_id)
    for path in [open_token_as_click, dangling.removeprefix(BASE), cross.removeprefix(BASE),
                 "/t/c/?url=https://evil.example", "/t/c/x.y?next=https://evil.example"]:
        response = await client.get(path, headers={"user-agent": READER})
        assert response.status_code == 404, path
        assert "location" not in response.headers
    await tracking.buffer.flush()
    assert await EngagementEvent.all().count() == 0
    assert await MetricRollup.all().count() == 0


async def test_tests_and_channel_wide_messages_are_not_tracked(tracked) -> None:
    _, tracking, rows = tracked
    html = '<html><body><a href="https://shop.example.com/">A</a></body></html>'
    message = dataclasses.replace(_message(rows[0], html), is_test=True)
    untouched = await apply_tracking(message, tracking.links, LinkRegistry())
    assert untouched.rendered is not None and untouched.rendered.html == html


async def test_a_flush_pushes_a_metrics_tick_with_the_new_engagement(tracked, redis_client,
                                                                     events_prefix) -> None:
    """metricsUpdated subscribers see opens about a second after they happen, not at the
    next sweep."""
    from app.tracking import metrics_pusher
    from domain.realtime.events import METRICS_CHANNEL, redis_channel
    from domain.realtime.watching import beacon

    client, tracking, rows = tracked
    tracking.buffer.on_flush = metrics_pusher(redis_client, events_prefix=events_prefix)
    channel = redis_channel(events_prefix, METRICS_CHANNEL)
    pubsub = redis_client.pubsub()
    await pubsub.subscribe(channel)
    watching = beacon(redis_client).held()  # a dashboard is subscribed somewhere
    await watching.__aenter__()
    try:
        pixel = tracking.links.open_url(rows[2].id, rows[2].publication_id,
                                        rows[2].channel_id, rows[2].subscriber_id,
                                        issued_at=LONG_AGO)
        await client.get(pixel.removeprefix(BASE), headers={"user-agent": READER})
        assert await tracking.buffer.flush() == 1
        ticks = []
        for _ in range(20):
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.5)
            if message is not None:
                ticks.append(json.loads(message["data"]))
                if ticks[-1].get("engagement", {}).get("unique_opens") == 1:
                    break
        assert ticks and ticks[-1]["engagement"]["opens"] == 1, ticks
    finally:
        await watching.__aexit__(None, None, None)
        await pubsub.unsubscribe(channel)
        await pubsub.aclose()


async def test_engagement_inside_the_push_interval_gets_a_tick_when_it_ends(
        tracked, redis_client, events_prefix) -> None:
    """Throttled pushes are delayed, not dropped: a second open right after the first one's
    tick is announced when the interval ends (the API process may have no sweep)."""
    from app.tracking import metrics_pusher
    from domain.realtime.events import METRICS_CHANNEL, redis_channel
    from domain.realtime.watching import beacon

    client, tracking, rows = tracked
    tracking.buffer.on_flush = metrics_pusher(redis_client, interval=0.5,
                                              events_prefix=events_prefix)
    channel = redis_channel(events_prefix, METRICS_CHANNEL)
    pubsub = redis_client.pubsub()
    await pubsub.subscribe(channel)
    watching = beacon(redis_client).held()
    await watching.__aenter__()
    try:
        for row in rows[:2]:  # two flushes well inside one interval
            pixel = tracking.links.open_url(row.id, row.publication_id, row.channel_id,
                                            row.subscriber_id, issued_at=LONG_AGO)
            await client.get(pixel.removeprefix(BASE), headers={"user-agent": READER})
            assert await tracking.buffer.flush() == 1
        opens = []
        for _ in range(40):
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.5)
            if message is not None:
                opens.append(json.loads(message["data"])["engagement"]["opens"])
                if opens[-1] == 2:
                    break
        assert opens == [1, 2], opens
    finally:
        await watching.__aexit__(None, None, None)
        await pubsub.unsubscribe(channel)
        await pubsub.aclose()


async def test_links_unsafe_in_a_location_header_are_left_untracked(tracked) -> None:
    _, tracking, rows = tracked
    html = ('<html><body><a href="https://ok.example/a">ok</a>'
            '<a href="https://bad.example/a b">space</a>'
            '<a href="https://bad.example/&#10;x">newline</a></body></html>')
    rewritten = await _tracked_html(tracking, rows[0], html)
    assert _href(rewritten).startswith(f"{BASE}/t/c/")
    assert _href(rewritten, 1) == "https://bad.example/a b"
    assert _href(rewritten, 2) == "https://bad.example/&#10;x"
    assert await TrackedLink.all().values_list("url", flat=True) == ["https://ok.example/a"]
