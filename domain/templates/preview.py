"""renderPreview: show what a template or a publication renders to, for one channel type
and optionally one real subscriber, without sending anything.

* `template_id` (optionally `version`): that template as the root of its format, on the
  given publication or a sample one; the other formats of the channel type render as the
  publication would.
* `publication_id` alone: exactly what delivery would render (pinned versions once
  approved).
* neither: the channel type's default templates (stored `default`, else built-in) on
  sample content, e.g. to see a brand.

Template failures come back as TemplateError naming the field previewed (`templateId` or
`publicationId`); links are placeholders (real ones are signed per delivery).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.audience.models import Subscriber
from domain.channels.models import Channel, ChannelType
from domain.errors import InvalidInput, NotFound
from domain.publications.models import Publication
from domain.templates.context import SAMPLE_PUBLICATION, PublicationData
from domain.templates.errors import TemplateError
from domain.templates.models import Brand, Template, TemplateVersion
from domain.templates.rendering import RenderedMessage, prepare_message
from domain.templates.selection import live_set, publication_data
from domain.templates.variables import check_values

PREVIEW_LINKS = {"unsubscribe": "#unsubscribe", "preferences": "#preferences"}


def _channel_type(candidates: Mapping[str, ChannelType | None]) -> ChannelType:
    given = {field: kind for field, kind in candidates.items() if kind is not None}
    if not given:
        raise InvalidInput("channelType is required unless templateId or channelId gives it",
                           field="channelType")
    kinds = set(given.values())
    if len(kinds) > 1:
        fields = ", ".join(sorted(given))
        blamed = "channelId" if "channelId" in given else "channelType"
        raise InvalidInput(f"{fields} disagree about the channel type", field=blamed)
    kind = kinds.pop()
    if kind is ChannelType.RSS:
        raise InvalidInput("rss channels publish feeds; preview the feed instead",
                           field=next(iter(given)))
    return kind


async def render_preview(
    *,
    template_id: int | None = None,
    version: int | None = None,
    publication_id: int | None = None,
    channel_type: ChannelType | None = None,
    channel_id: int | None = None,
    subscriber_id: int | None = None,
    brand_id: int | None = None,
    variables: Mapping[str, Any] | None = None,
    base_url: str = "",
) -> RenderedMessage:
    template = None
    if template_id is not None:
        template = await Template.get_or_none(id=template_id)
        if template is None:
            raise NotFound("template not found", field="templateId")
        if version is not None and not await TemplateVersion.exists(
                template_id=template.id, version=version):
            raise InvalidInput(f"template has no version {version}", field="version")
    elif version is not None:
        raise InvalidInput("version needs templateId", field="version")
    publication: Publication | PublicationData = SAMPLE_PUBLICATION
    if publication_id is not None:
        found = await Publication.get_or_none(id=publication_id)
        if found is None:
            raise NotFound("publication not found", field="publicationId")
        publication = await publication_data(found)
    channel = None
    if channel_id is not None:
        channel = await Channel.get_or_none(id=channel_id)
        if channel is None:
            raise InvalidInput(f"unknown channel id {channel_id}", field="channelId")
    kind = _channel_type({"channelType": channel_type,
                          "templateId": template.channel_type if template else None,
                          "channelId": channel.type if channel else None})
    brand = None
    if brand_id is not None:
        brand = await Brand.get_or_none(id=brand_id)
        if brand is None:
            raise InvalidInput(f"unknown brand id {brand_id}", field="brandId")
    subscriber = None
    if subscriber_id is not None:
        subscriber = await Subscriber.get_or_none(id=subscriber_id)
        if subscriber is None:
            raise InvalidInput(f"unknown subscriber id {subscriber_id}",
                               field="subscriberId")
    field = "templateId" if template is not None else (
        "publicationId" if publication_id is not None else "channelType")
    try:
        overrides = None
        if template is not None:
            overrides = {template.format: await live_set(
                kind, template.format, root_id=template.id, root_version=version)}
        prepared = await prepare_message(publication, kind, channel=channel, brand=brand,
                                         base_url=base_url, overrides=overrides)
        extra = check_values(prepared.definitions, variables)
        return await prepared.render_async(subscriber, links=PREVIEW_LINKS, extra=extra)
    except TemplateError as error:
        raise error.located(None, field=field) from None
