"""Which publications a feed holds, read fresh on every request.

A publication is in a feed from the moment its status is `published` (no cron, no
cache to expire). A channel feed holds the publications sent to that rss channel; a
topic feed holds the publications of the topic that were sent to *some* rss channel,
so content meant only for, say, an email list never appears in a public feed. Both keep
the newest N entries (the channel's `max_entries`, default 50).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence

from domain.audience.models import Topic
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.errors import NotFound
from domain.feeds.documents import FeedDocument, FeedEntry, FeedKind, FeedMeta, build_feed, tag_uri
from domain.publications.models import Publication, PublicationStatus
from domain.publications.read import topics_by_publication
from domain.templates.context import publication_url
from domain.templates.markdown import markdown_to_html
from domain.templates.models import Brand

DEFAULT_MAX_ENTRIES = 50
SUMMARY_LENGTH = 300


def _summary(publication: Publication) -> str:
    if publication.summary:
        return publication.summary
    text = " ".join(publication.body.split())
    return text if len(text) <= SUMMARY_LENGTH else text[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"


async def _entries(publications: Sequence[Publication], base_url: str) -> list[FeedEntry]:
    topics = await topics_by_publication([p.id for p in publications])
    # markdown for up to 50 bodies of up to 200,000 characters: not on the event loop
    return await asyncio.to_thread(_build_entries, publications, topics, base_url)


def _build_entries(publications: Sequence[Publication], topics: Mapping[int, list[Topic]],
                   base_url: str) -> list[FeedEntry]:
    entries = []
    for publication in publications:
        author = publication.author
        entries.append(FeedEntry(
            id=tag_uri(base_url, publication.created_at, f"publications/{publication.id}"),
            title=publication.title,
            url=publication_url(base_url, publication.id),
            summary=_summary(publication),
            content_html=markdown_to_html(publication.body),
            author=(author.display_name or author.name) if author else "",
            categories=tuple((topic.slug, topic.name) for topic in topics.get(publication.id, [])),
            published=publication.published_at or publication.updated_at,
        ))
    return entries


async def channel_feed(channel_id: int, kind: FeedKind, base_url: str) -> FeedDocument:
    channel = await Channel.get_or_none(id=channel_id)
    if channel is None or channel.type is not ChannelType.RSS or (
            channel.status is ChannelStatus.DISABLED):
        raise NotFound("feed not found", field="channelId")
    limit = int(channel.config.get("max_entries") or DEFAULT_MAX_ENTRIES)
    publications = await Publication.filter(
        status=PublicationStatus.PUBLISHED, channels__id=channel.id,
    ).order_by("-published_at", "-id").limit(limit).prefetch_related("author")
    brand = await Brand.get_or_none(id=channel.brand_id) if channel.brand_id else None
    base = base_url.rstrip("/")
    meta = FeedMeta(
        id=tag_uri(base, channel.created_at, f"feeds/channels/{channel.id}"),
        title=channel.config.get("title") or channel.name,
        description=channel.config.get("description") or f"Publications of {channel.name}",
        self_url=f"{base}/feeds/channels/{channel.id}.{kind.value}", site_url=f"{base}/",
        author=(brand.sender_name or brand.name) if brand else channel.name,
        created=channel.created_at, logo_url=brand.logo_url if brand else None)
    return await asyncio.to_thread(build_feed, kind, meta, await _entries(publications, base))


async def topic_feed(slug: str, kind: FeedKind, base_url: str) -> FeedDocument:
    topic = await Topic.get_or_none(slug=slug)
    if topic is None:
        raise NotFound("feed not found", field="slug")
    rows = await Publication.filter(
        status=PublicationStatus.PUBLISHED, topics__id=topic.id,
        channels__type=ChannelType.RSS,
    ).distinct().order_by("-published_at", "-id").limit(DEFAULT_MAX_ENTRIES).values_list(
        "id", "published_at")
    ids = [row[0] for row in rows]
    by_id = {p.id: p for p in await Publication.filter(id__in=ids).prefetch_related("author")}
    publications = [by_id[i] for i in ids if i in by_id]
    base = base_url.rstrip("/")
    meta = FeedMeta(
        id=tag_uri(base, topic.created_at, f"feeds/topics/{topic.slug}"),
        title=topic.name, description=topic.description or f"Publications about {topic.name}",
        self_url=f"{base}/feeds/topics/{topic.slug}.{kind.value}", site_url=f"{base}/",
        author=topic.name, created=topic.created_at)
    return await asyncio.to_thread(build_feed, kind, meta, await _entries(publications, base))


async def published_publication(publication_id: int) -> tuple[Publication, list[Topic]]:
    """A publication as the public page shows it (published ones only)."""
    publication = await Publication.get_or_none(
        id=publication_id, status=PublicationStatus.PUBLISHED).prefetch_related("author")
    if publication is None:
        raise NotFound("publication not found", field="id")
    topics = await topics_by_publication([publication.id])
    return publication, topics.get(publication.id, [])
