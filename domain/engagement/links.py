"""Open pixels and click rewriting for outgoing email.

Every http(s) link in the HTML part is replaced by a click URL whose signed token names a
`TrackedLink` row (the URL as sent), so the click endpoint redirects only to URLs we sent
and never to one taken from the request. Our own links (unsubscribe, preferences, the
pixel) are left alone: RFC 8058 unsubscribe must work without a detour.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import html as html_lib
import re
import time
from collections.abc import Iterable

from tortoise import Tortoise

from domain.channels.transport import OutgoingMessage
from domain.links.urls import (
    CLICK_PATH,
    OPEN_PATH,
    PREFERENCES_PATH,
    UNSUBSCRIBE_PATH,
    LinkBuilder,
)

MAX_TRACKED_URL = 2000
_HREF = re.compile(r"""(<a\b[^>]*?\bhref\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
#: a URL with these would not be a safe Location header: such links are left untracked
_UNSAFE_IN_HEADER = re.compile(r"[\x00-\x20\x7f]")
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)

_REGISTER = """
INSERT INTO tracked_link (publication_id, url_hash, url, created_at)
SELECT $1, h, u, now() FROM unnest($2::varchar[], $3::text[]) AS t(h, u)
ON CONFLICT (publication_id, url_hash) DO NOTHING
"""
_LOOKUP = "SELECT id, url FROM tracked_link WHERE publication_id = $1 AND url_hash = ANY($2)"


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


class LinkRegistry:
    """URL ↔ TrackedLink id, cached both ways; unknown URLs are registered in one
    statement. Rows never change, so the caches can live as long as the process
    (bounded)."""

    def __init__(self, max_entries: int = 50_000) -> None:
        self.max_entries = max_entries
        self._ids: dict[tuple[int, str], int] = {}
        self._urls: dict[tuple[int, int], str] = {}
        self._lock = asyncio.Lock()

    async def ids_for(self, publication_id: int, urls: Iterable[str]) -> dict[str, int]:
        wanted = set(urls)
        missing = [url for url in wanted if (publication_id, url) not in self._ids]
        if missing:
            async with self._lock:  # concurrent sends of one batch share one round trip
                missing = [url for url in missing if (publication_id, url) not in self._ids]
                if missing:
                    await self._register(publication_id, missing)
        return {url: self._ids[(publication_id, url)] for url in wanted}

    async def _register(self, publication_id: int, urls: list[str]) -> None:
        hashes = [url_hash(url) for url in urls]
        connection = Tortoise.get_connection("default")
        await connection.execute_query(_REGISTER, [publication_id, hashes, urls])
        rows = await connection.execute_query_dict(_LOOKUP, [publication_id, hashes])
        if len(self._ids) + len(rows) > self.max_entries:
            self._ids.clear()
        for row in rows:
            self._ids[(publication_id, row["url"])] = row["id"]

    async def url_of(self, link_id: int, publication_id: int) -> str | None:
        """The URL a click token's link id stands for (None: unknown or another
        publication's link). Read once per link, then served from memory."""
        key = (link_id, publication_id)
        url = self._urls.get(key)
        if url is None:
            rows = await Tortoise.get_connection("default").execute_query_dict(
                "SELECT url FROM tracked_link WHERE id = $1 AND publication_id = $2",
                [link_id, publication_id])
            if not rows:
                return None
            if len(self._urls) >= self.max_entries:
                self._urls.clear()
            url = self._urls[key] = rows[0]["url"]
        return url


def trackable_urls(html: str, own_base_url: str) -> list[str]:
    urls = []
    for match in _HREF.finditer(html):
        url = html_lib.unescape(match.group(3)).strip()
        if _trackable(url, own_base_url):
            urls.append(url)
    return urls


def _trackable(url: str, own_base_url: str) -> bool:
    """http(s) links, except our own unsubscribe/preference and tracking links."""
    lowered = url.lower()
    own = own_base_url and url.startswith(tuple(
        own_base_url + path for path in (UNSUBSCRIBE_PATH, PREFERENCES_PATH, OPEN_PATH,
                                         CLICK_PATH)))
    return (lowered.startswith(("http://", "https://")) and len(url) <= MAX_TRACKED_URL
            and not own and not _UNSAFE_IN_HEADER.search(url))


def rewrite_links(html: str, replacements: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        url = html_lib.unescape(match.group(3)).strip()
        tracked = replacements.get(url)
        if tracked is None:
            return match.group(0)
        return f"{match.group(1)}{match.group(2)}{html_lib.escape(tracked)}{match.group(2)}"
    return _HREF.sub(replace, html)


def add_open_pixel(html: str, pixel_url: str) -> str:
    pixel = (f'<img src="{html_lib.escape(pixel_url)}" width="1" height="1" alt="" '
             'style="display:block;border:0;width:1px;height:1px;overflow:hidden">')
    ends = list(_BODY_END.finditer(html))
    if not ends:
        return html + pixel
    cut = ends[-1].start()
    return html[:cut] + pixel + html[cut:]


async def apply_tracking(message: OutgoingMessage, links: LinkBuilder,
                         registry: LinkRegistry, *, opens: bool = True,
                         clicks: bool = True) -> OutgoingMessage:
    """The message with its HTML rewritten for click tracking and an open pixel added.
    Only real sends to a subscriber are tracked (not tests, not previews)."""
    rendered = message.rendered
    subscriber_id = message.subscriber_id
    if (message.is_test or rendered is None or not rendered.html
            or message.publication_id is None or not links.base_url):
        return message
    html = rendered.html
    issued_at = int(time.time())
    if clicks:
        urls = trackable_urls(html, links.base_url)
        if urls:
            ids = await registry.ids_for(message.publication_id, urls)
            html = rewrite_links(html, {
                url: links.click_url(link_id, message.delivery_id, message.publication_id,
                                     message.channel_id, subscriber_id, issued_at)
                for url, link_id in ids.items()})
    if opens:
        html = add_open_pixel(html, links.open_url(
            message.delivery_id, message.publication_id, message.channel_id, subscriber_id,
            issued_at))
    return dataclasses.replace(message, rendered=dataclasses.replace(rendered, html=html))
