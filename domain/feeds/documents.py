"""Feed documents built with feedgen, byte-stable for unchanged content.

Everything that goes into the bytes comes from stored data: the feed's `updated` /
`lastBuildDate` is the newest entry's publication time (the feed's creation time when it
is empty), never "now"; entries are in a fixed order; ids are tag URIs built from the
public host and creation dates. So two requests, from any process, get the same bytes,
and the ETag (a hash of those bytes) only changes when the content does.

What readers take as HTML is sanitised: `content:encoded` / Atom `content` is the
sanitised markdown body; the summary (RSS `<description>`, Atom `summary`) is plain text
made tag-free HTML (`text_as_html`), so a `<script>` or `onerror=` typed into a summary
or body reaches no reader as markup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from domain.templates.markdown import text_as_html

GENERATOR = "publishing"


class FeedKind(StrEnum):
    RSS = "rss"
    ATOM = "atom"


CONTENT_TYPES = {FeedKind.RSS: "application/rss+xml; charset=utf-8",
                 FeedKind.ATOM: "application/atom+xml; charset=utf-8"}


@dataclass(frozen=True, slots=True)
class FeedEntry:
    id: str
    title: str
    url: str
    summary: str
    content_html: str
    author: str
    categories: tuple[tuple[str, str], ...]  # (term, label)
    published: dt.datetime


@dataclass(frozen=True, slots=True)
class FeedMeta:
    id: str
    title: str
    description: str
    self_url: str
    site_url: str
    author: str
    created: dt.datetime
    logo_url: str | None = None
    language: str = "en"


@dataclass(frozen=True, slots=True)
class FeedDocument:
    body: bytes
    content_type: str
    etag: str
    last_modified: dt.datetime


def tag_uri(base_url: str, date: dt.datetime, path: str) -> str:
    """An RFC 4151 tag URI: stable for as long as the public host is."""
    host = urlsplit(base_url).hostname or "localhost"
    return f"tag:{host},{date.date().isoformat()}:{path}"


def _second(moment: dt.datetime) -> dt.datetime:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def build_feed(kind: FeedKind, meta: FeedMeta, entries: Sequence[FeedEntry]) -> FeedDocument:
    """`entries` newest first."""
    updated = _second(max((entry.published for entry in entries), default=meta.created))
    feed = FeedGenerator()
    feed.load_extension("dc", atom=False, rss=True)
    feed.id(meta.id)
    feed.title(meta.title)
    if kind is FeedKind.RSS:  # RSS descriptions are read as HTML, Atom's subtitle as text
        feed.description(text_as_html(meta.description))
    else:
        feed.subtitle(meta.description)
    feed.link(href=meta.self_url, rel="self")
    feed.link(href=meta.site_url, rel="alternate")  # last: feedgen's RSS <link> is the last
    feed.author({"name": meta.author})
    feed.language(meta.language)
    feed.generator(GENERATOR)
    feed.updated(updated)
    feed.lastBuildDate(updated)
    if meta.logo_url:
        feed.logo(meta.logo_url)
        feed.image(url=meta.logo_url, title=meta.title, link=meta.site_url)
    for entry in entries:
        published = _second(entry.published)
        item = feed.add_entry(order="append")
        item.id(entry.id)
        item.guid(entry.id, permalink=False)
        item.title(entry.title)
        item.link(href=entry.url, rel="alternate")
        if entry.summary:
            # Plain text, but readers take an RSS <description> as HTML (escaped once in
            # the XML): as HTML without tags, declared as such for Atom too.
            item.summary(text_as_html(entry.summary), type="html")
        item.content(entry.content_html, type="html")
        item.published(published)
        item.updated(published)
        if entry.author:
            item.author({"name": entry.author})
            item.dc.dc_creator(entry.author)
        for term, label in entry.categories:
            item.category(term=term, label=label)
    body = feed.rss_str(pretty=True) if kind is FeedKind.RSS else feed.atom_str(pretty=True)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return FeedDocument(body, CONTENT_TYPES[kind], etag, updated)
