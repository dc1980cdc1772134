"""What the checks look at: the publication's text, its body as HTML, and the message
each of its channel types would render (with placeholder links), gathered once."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from domain.channels.models import Channel, ChannelType
from domain.errors import InvalidInput
from domain.publications.models import Publication
from domain.templates.context import PublicationData
from domain.templates.markdown import markdown_to_html
from domain.templates.rendering import RenderedMessage, prepare_message
from domain.templates.selection import publication_data

#: the unsubscribe link handed to the renderer; the unsubscribe check looks for it
UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/check"
CHECK_LINKS = {"unsubscribe": UNSUBSCRIBE_PLACEHOLDER,
               "preferences": "https://preferences.invalid/check"}
RENDERED_TYPES = (ChannelType.EMAIL, ChannelType.SLACK, ChannelType.DISCORD)


@dataclass(frozen=True, slots=True)
class CheckedContent:
    publication_id: int | None
    title: str
    summary: str
    body: str
    html: str
    priority: str
    topic_ids: frozenset[int]
    channel_types: frozenset[ChannelType]
    #: channel type → the rendered message, or the template error that stops it
    rendered: Mapping[ChannelType, RenderedMessage | str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(part for part in (self.title, self.summary, self.body) if part)


async def _render(data: PublicationData, channels: Sequence[Channel]
                  ) -> dict[ChannelType, RenderedMessage | str]:
    first_of_type: dict[ChannelType, Channel] = {}
    for channel in channels:
        first_of_type.setdefault(channel.type, channel)
    rendered: dict[ChannelType, RenderedMessage | str] = {}
    for kind in RENDERED_TYPES:
        if kind not in first_of_type:
            continue
        try:
            prepared = await prepare_message(data, kind, channel=first_of_type[kind])
            rendered[kind] = await prepared.render_async(None, links=CHECK_LINKS)
        except InvalidInput as error:  # TemplateError included
            rendered[kind] = error.message
    return rendered


async def _build(data: PublicationData, priority: str, topic_ids: Sequence[int],
                 channels: Sequence[Channel]) -> CheckedContent:
    html = await asyncio.to_thread(markdown_to_html, data.body)
    return CheckedContent(
        publication_id=data.id, title=data.title, summary=data.summary, body=data.body,
        html=html, priority=priority, topic_ids=frozenset(topic_ids),
        channel_types=frozenset(channel.type for channel in channels),
        rendered=await _render(data, channels))


async def content_of_publication(publication: Publication) -> CheckedContent:
    channels = await publication.channels.all().order_by("id")
    topic_ids = await publication.topics.all().values_list("id", flat=True)
    return await _build(await publication_data(publication), publication.priority.value,
                        list(topic_ids), channels)


async def content_of_draft(*, title: str, summary: str, body: str, priority: str,
                           topic_ids: Sequence[int], channels: Sequence[Channel],
                           brand_id: int | None = None) -> CheckedContent:
    """Content that is not stored yet (an alert before it is created)."""
    data = PublicationData(id=None, title=title, summary=summary, body=body,
                           priority=priority, brand_id=brand_id)
    return await _build(data, priority, topic_ids, channels)
