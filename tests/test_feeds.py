"""RSS 2.0 and Atom feeds over HTTP: valid for feedparser (no bozo) and for the required
elements of RSS 2.0 and RFC 4287, byte-stable, conditional GETs answered with 304, and a
publication showing up the moment it is published."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from types import SimpleNamespace

import feedparser
import httpx
import pytest
from lxml import etree
from starlette.applications import Starlette

from app.feeds import FEED_ROUTES
from domain.audience.models import Topic
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.principals.models import Principal
from domain.publications.models import Publication, PublicationStatus
from domain.templates.models import Brand

BASE = "https://news.example.com"
ATOM = "{http://www.w3.org/2005/Atom}"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
async def http(db: str) -> AsyncIterator[httpx.AsyncClient]:
    app = Starlette(routes=FEED_ROUTES)
    app.state.settings = SimpleNamespace(public_base_url=BASE + "/")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://testserver") as client:
        yield client


async def _world() -> SimpleNamespace:
    brand = await Brand.create(name="Acme", sender_name="Acme News",
                               logo_url="https://cdn.example.com/logo.png")
    feed = await Channel.create(name="Public feed", type=ChannelType.RSS, brand=brand,
                                config={"title": "Acme updates", "description": "All news"})
    mail = await Channel.create(name="Mail", type=ChannelType.EMAIL)
    topic = await Topic.create(slug="product", name="Product", description="Product news")
    other = await Topic.create(slug="security", name="Security")
    author = await Principal.create(name="eddie", display_name="Eddie Editor")
    return SimpleNamespace(brand=brand, feed=feed, mail=mail, topic=topic, other=other,
                           author=author)


async def _publish(world: SimpleNamespace, title: str, at: dt.datetime, *,
                   channels: list[Channel] | None = None, topics: list[Topic] | None = None,
                   status: PublicationStatus = PublicationStatus.PUBLISHED) -> Publication:
    publication = await Publication.create(
        title=title, summary=f"Summary of {title}", body=f"# {title}\n\nBody with **bold** & <i>",
        author=world.author, status=status,
        published_at=at if status is PublicationStatus.PUBLISHED else None)
    await publication.channels.add(*(channels if channels is not None else [world.feed]))
    await publication.topics.add(*(topics if topics is not None else [world.topic]))
    return publication


def _check_rss(body: bytes, self_url: str) -> etree._Element:
    """RSS 2.0 required elements (channel title, link, description; items with a title or
    description), RFC 822 dates, stable non-permalink guids and a rel=self link."""
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    root = etree.fromstring(body)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert (channel.findtext(required) or "").strip(), required
    self_links = [link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert [link.get("href") for link in self_links] == [self_url]
    dates = []
    for item in channel.findall("item"):
        assert item.findtext("title") or item.findtext("description")
        guid = item.find("guid")
        assert guid is not None and guid.get("isPermaLink") == "false"
        assert guid.text.startswith("tag:news.example.com,")
        dates.append(parsedate_to_datetime(item.findtext("pubDate")))
    assert dates == sorted(dates, reverse=True)
    build = parsedate_to_datetime(channel.findtext("lastBuildDate"))
    assert build == (dates[0] if dates else build)
    return channel


def _check_atom(body: bytes, self_url: str) -> etree._Element:
    """RFC 4287: feed id, title, updated and author (or an author in every entry), a
    rel=self link; entries with id, title, updated and content or an alternate link."""
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    feed = etree.fromstring(body)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{required}") or "").strip(), required
    feed_author = feed.find(f"{ATOM}author")
    assert feed_author is not None and feed_author.findtext(f"{ATOM}name")
    assert [link.get("href") for link in feed.findall(f"{ATOM}link")
            if link.get("rel") == "self"] == [self_url]
    updated = []
    for entry in feed.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip(), required
        assert entry.find(f"{ATOM}content") is not None or any(
            link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{ATOM}link"))
        updated.append(dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")))
    assert updated == sorted(updated, reverse=True)
    feed_updated = dt.datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
    assert feed_updated == (updated[0] if updated else feed_updated)
    return feed


async def test_rss_feed_is_valid_and_complete(http) -> None:
    world = await _world()
    await _publish(world, "Older", T0, topics=[world.topic, world.other])
    newest = await _publish(world, "Newer", T0 + dt.timedelta(days=1))
    response = await http.get(f"/feeds/channels/{world.feed.id}.rss")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/rss+xml; charset=utf-8"
    channel = _check_rss(response.content, f"{BASE}/feeds/channels/{world.feed.id}.rss")
    assert channel.findtext("title") == "Acme updates"
    assert channel.findtext("link") == f"{BASE}/"
    assert channel.find("image").findtext("url") == "https://cdn.example.com/logo.png"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Newer", "Older"]
    first = items[0]
    assert first.findtext("link") == f"{BASE}/publications/{newest.id}"
    assert first.findtext("description") == "Summary of Newer"
    content = first.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert "<strong>bold</strong> &amp; &lt;i&gt;" in content
    assert first.findtext(DC_CREATOR) == "Eddie Editor"
    assert first.findtext("pubDate") == "Mon, 02 Mar 2026 09:00:00 +0000"
    assert [c.text for c in items[1].findall("category")] == ["Product", "Security"]
    assert response.headers["last-modified"] == "Mon, 02 Mar 2026 09:00:00 GMT"
    parsed = feedparser.parse(response.content)
    assert parsed.entries[0].author == "Eddie Editor"
    assert parsed.entries[0].id == first.findtext("guid")


async def test_atom_feed_is_valid_and_complete(http) -> None:
    world = await _world()
    older = await _publish(world, "Older", T0)
    await _publish(world, "Newer", T0 + dt.timedelta(hours=5))
    response = await http.get(f"/feeds/channels/{world.feed.id}.atom")
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = _check_atom(response.content, f"{BASE}/feeds/channels/{world.feed.id}.atom")
    assert feed.findtext(f"{ATOM}updated") == "2026-03-01T14:00:00+00:00"
    entry = feed.findall(f"{ATOM}entry")[1]
    assert entry.findtext(f"{ATOM}title") == "Older"
    assert entry.findtext(f"{ATOM}id") == f"tag:news.example.com,{older.created_at.date()}:" \
                                          f"publications/{older.id}"
    assert entry.find(f"{ATOM}content").get("type") == "html"
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Eddie Editor"
    assert entry.find(f"{ATOM}category").get("term") == "product"
    assert entry.findtext(f"{ATOM}published") == "2026-03-01T09:00:00+00:00"


async def test_feeds_are_byte_stable_and_answer_conditional_gets(http) -> None:
    world = await _world()
    await _publish(world, "Only", T0)
    for kind in ("rss", "atom"):
        url = f"/feeds/channels/{world.feed.id}.{kind}"
        first = await http.get(url)
        await Publication.create(title="A draft", status=PublicationStatus.DRAFT)
        second = await http.get(url)
        assert second.content == first.content
        etag = first.headers["etag"]
        assert second.headers["etag"] == etag and etag.startswith('"')
        assert first.headers["cache-control"] == "public, no-cache"
        for header in ({"If-None-Match": etag}, {"If-None-Match": f'"x", W/{etag}'},
                       {"If-None-Match": "*"},
                       {"If-Modified-Since": first.headers["last-modified"]}):
            not_modified = await http.get(url, headers=header)
            assert not_modified.status_code == 304, header
            assert not_modified.content == b""
            assert not_modified.headers["etag"] == etag
        stale = await http.get(url, headers={"If-None-Match": '"something-else"',
                                             "If-Modified-Since": first.headers[
                                                 "last-modified"]})
        assert stale.status_code == 200  # If-None-Match decides when present
        earlier = await http.get(url, headers={
            "If-Modified-Since": "Sat, 28 Feb 2026 00:00:00 GMT"})
        assert earlier.status_code == 200


async def test_a_publication_appears_as_soon_as_it_is_published(http) -> None:
    world = await _world()
    await _publish(world, "First", T0)
    url = f"/feeds/channels/{world.feed.id}.atom"
    before = await http.get(url)
    pending = await _publish(world, "Second", T0, status=PublicationStatus.PUBLISHING)
    assert (await http.get(url, headers={"If-None-Match": before.headers["etag"]})
            ).status_code == 304  # not published yet: not in the feed
    await Publication.filter(id=pending.id).update(
        status=PublicationStatus.PUBLISHED, published_at=T0 + dt.timedelta(minutes=30))
    after = await http.get(url, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    assert [e.title for e in feedparser.parse(after.content).entries] == ["Second", "First"]
    assert after.headers["last-modified"] == "Sun, 01 Mar 2026 09:30:00 GMT"


async def test_feeds_keep_the_newest_entries_only(http) -> None:
    world = await _world()
    world.feed.config = {"max_entries": 3}
    await world.feed.save()
    for index in range(5):
        await _publish(world, f"P{index}", T0 + dt.timedelta(hours=index))
    await _publish(world, "In review", T0 + dt.timedelta(days=9),
                   status=PublicationStatus.IN_REVIEW)
    response = await http.get(f"/feeds/channels/{world.feed.id}.rss")
    titles = [entry.title for entry in feedparser.parse(response.content).entries]
    assert titles == ["P4", "P3", "P2"]


async def test_topic_feeds_hold_only_what_went_to_a_feed(http) -> None:
    world = await _world()
    await _publish(world, "Public", T0)
    await _publish(world, "Email only", T0 + dt.timedelta(hours=1), channels=[world.mail])
    await _publish(world, "Both", T0 + dt.timedelta(hours=2), channels=[world.mail, world.feed])
    await _publish(world, "Other topic", T0 + dt.timedelta(hours=3), topics=[world.other])
    for kind, check in (("rss", _check_rss), ("atom", _check_atom)):
        response = await http.get(f"/feeds/topics/product.{kind}")
        assert response.status_code == 200
        check(response.content, f"{BASE}/feeds/topics/product.{kind}")
        titles = [entry.title for entry in feedparser.parse(response.content).entries]
        assert titles == ["Both", "Public"]


async def test_empty_feeds_are_valid_and_stable(http) -> None:
    world = await _world()
    rss = await http.get(f"/feeds/channels/{world.feed.id}.rss")
    _check_rss(rss.content, f"{BASE}/feeds/channels/{world.feed.id}.rss")
    atom = await http.get(f"/feeds/topics/{world.other.slug}.atom")
    _check_atom(atom.content, f"{BASE}/feeds/topics/security.atom")
    assert (await http.get(f"/feeds/topics/{world.other.slug}.atom")).content == atom.content


async def test_what_is_not_a_feed_is_404(http) -> None:
    world = await _world()
    disabled = await Channel.create(name="Old feed", type=ChannelType.RSS,
                                    status=ChannelStatus.DISABLED)
    for url in (f"/feeds/channels/{world.mail.id}.rss", "/feeds/channels/999999.atom",
                f"/feeds/channels/{disabled.id}.rss", "/feeds/topics/nope.rss",
                f"/feeds/channels/{world.feed.id}.json", "/feeds/channels/abc.rss"):
        response = await http.get(url)
        assert response.status_code == 404, url


async def test_the_publication_page_shows_published_publications_only(http) -> None:
    world = await _world()
    published = await _publish(world, "Out <now>", T0)
    draft = await _publish(world, "Draft", T0, status=PublicationStatus.DRAFT)
    page = await http.get(f"/publications/{published.id}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<h1>Out &lt;now&gt;</h1>" in page.text and "<strong>bold</strong>" in page.text
    assert "&lt;i&gt;" in page.text and "<i>" not in page.text
    assert (await http.get(f"/publications/{draft.id}")).status_code == 404


HOSTILE = "Hello <script>alert(1)</script> <img src=x onerror=alert(2)> world & co"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def _no_markup_that_runs(html: str) -> None:
    """As a browser would parse it: no script element, no event handler attribute, no
    image (the payload's), whatever text the escaped payload leaves."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.found:
        assert tag not in ("script", "img", "iframe", "svg"), html
        assert not any(name.startswith("on") for name, _ in attrs), html


@pytest.mark.parametrize("kind", ["rss", "atom"])
async def test_summaries_and_bodies_reach_readers_without_live_markup(http, kind) -> None:
    """Readers take an RSS <description> (and an Atom html summary) as HTML: a summary or
    body with a script or an event handler must not arrive as markup, raw or parsed by a
    reader that does not sanitise (feedparser with sanitize_html=False)."""
    world = await _world()
    with_summary = await _publish(world, "Summary", T0)
    with_summary.summary = HOSTILE
    with_summary.body = f"Body: {HOSTILE}"
    await with_summary.save()
    body_only = await _publish(world, "Body only", T0 + dt.timedelta(hours=1))
    body_only.summary = ""
    body_only.body = f"Body: {HOSTILE}"
    await body_only.save()
    response = await http.get(f"/feeds/channels/{world.feed.id}.{kind}")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    if kind == "rss":
        items = root.find("channel").findall("item")
        texts = [(item.findtext("description") or "",
                  item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or "")
                 for item in items]
    else:
        items = root.findall(f"{ATOM}entry")
        for item in items:
            assert item.find(f"{ATOM}summary").get("type") == "html"
        texts = [(item.findtext(f"{ATOM}summary") or "", item.findtext(f"{ATOM}content") or "")
                 for item in items]
    assert len(texts) == 2
    for summary, content in texts:
        _no_markup_that_runs(summary)
        _no_markup_that_runs(content)
        assert "alert(1)" not in summary and "onerror" not in summary  # tags dropped
        assert "Hello" in summary and "world &amp; co" in summary  # the words stay
        assert "Hello" in content and "world" in content
    parsed = feedparser.parse(response.content, sanitize_html=False)
    assert parsed.bozo == 0
    for entry in parsed.entries:
        _no_markup_that_runs(entry.summary)
        for content in entry.get("content", []):
            _no_markup_that_runs(content.value)
        assert "Hello" in entry.summary and "world" in entry.summary
