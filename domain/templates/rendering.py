"""The rendering API the delivery engine and the provider channels call.

Two entry points:

* `await prepare_message(publication, channel_type, channel=…, base_url=…)` loads
  everything once (publication with topics and author, brand, template sets: pinned after
  approval, live before), and returns a `PreparedMessage` whose `render(subscriber,
  links=…, extra=…)` is synchronous and never touches the database: the bulk path. Its
  compiled templates come from a process-wide cache keyed by (template id, version).
* `await render_for(publication, channel_type, subscriber, …)`: one message, rendered in
  a worker thread so a slow template does not stall the event loop.

What is rendered per channel type (`RenderedMessage`): email → subject, html, text;
Slack → text (the fallback) and blocks; Discord → content and/or embeds; webhook →
payload (any JSON). Brand: the one passed in, else the publication's, else the channel's,
else neutral defaults. Links (unsubscribe, preferences, …) and the public base URL come
from the caller: signing them is not the renderer's business.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from domain.channels.models import Channel, ChannelType
from domain.errors import InvalidInput
from domain.publications.models import Publication
from domain.templates.context import (
    PublicationData,
    brand_variables,
    channel_variables,
    link_variables,
    publication_url,
    publication_variables,
    subscriber_variables,
)
from domain.templates.engine import render_set
from domain.templates.errors import TemplateError
from domain.templates.formats import parse_json_output
from domain.templates.limits import DEFAULT_LIMITS, RenderLimits
from domain.templates.models import Brand, TemplateFormat
from domain.templates.resolution import TemplateSet
from domain.templates.selection import publication_data, sets_for
from domain.templates.variables import RESERVED_NAMES, resolve_values

F = TemplateFormat


@dataclass(frozen=True, slots=True)
class RenderedMessage:
    channel_type: ChannelType
    subject: str | None = None
    html: str | None = None
    text: str | None = None
    blocks: list[Any] | None = None
    embeds: list[Any] | None = None
    content: str | None = None
    payload: Any = None
    #: format → [(template name, id, version)] of the stored templates used
    templates: Mapping[str, list[tuple[str, int | None, int]]] = field(default_factory=dict)


class PreparedMessage:
    """One publication and channel type, ready to render for any number of subscribers."""

    def __init__(self, channel_type: ChannelType, sets: Mapping[TemplateFormat, TemplateSet],
                 base: Mapping[str, Any], definitions: list[Mapping[str, Any]],
                 publication_values: Mapping[str, Any], limits: RenderLimits) -> None:
        self.channel_type = channel_type
        self.sets = dict(sets)
        self.limits = limits
        self._base = dict(base)
        self._definitions = definitions
        self._publication_values = dict(publication_values)
        self._url = base["publication"]["url"]
        self._title = base["publication"]["title"]
        self._versions = {format.value: templates.versions()
                          for format, templates in self.sets.items()}

    @property
    def definitions(self) -> list[Mapping[str, Any]]:
        """The custom variables the templates of this message declare."""
        return list(self._definitions)

    async def render_async(self, subscriber: Any = None, *,
                           links: Mapping[str, str] | None = None,
                           extra: Mapping[str, Any] | None = None) -> RenderedMessage:
        """`render` in a worker thread, so a slow template does not stall the event loop
        (the time limit still stops it)."""
        return await asyncio.to_thread(self.render, subscriber, links=links, extra=extra)

    def render(self, subscriber: Any = None, *, links: Mapping[str, str] | None = None,
               extra: Mapping[str, Any] | None = None) -> RenderedMessage:
        """`subscriber`: a Subscriber, a mapping of its fields, or None (channel-wide
        messages). `extra`: values for custom variables (checked, else ignored) and other
        top-level names (not reserved ones). Raises TemplateError when the template
        fails or hits a limit."""
        variables = dict(self._base)
        variables["subscriber"] = subscriber_variables(subscriber)
        variables["links"] = link_variables(links, self._url)
        if extra:
            variables.update({name: value for name, value in extra.items()
                              if name not in RESERVED_NAMES})
            variables.update(resolve_values(self._definitions, self._publication_values,
                                            extra))
        return self._assemble(variables)

    def _assemble(self, variables: Mapping[str, Any]) -> RenderedMessage:
        kind = self.channel_type
        if kind is ChannelType.EMAIL:
            html = render_set(self.sets[F.HTML], variables, self.limits, with_subject=True)
            text = render_set(self.sets[F.TEXT], variables, self.limits)
            return RenderedMessage(kind, subject=html.subject or self._title, html=html.text,
                                   text=text.text, templates=self._versions)
        if kind is ChannelType.SLACK:
            document = self._json(F.SLACK, variables)
            blocks = document.get("blocks")
            if blocks is not None and not isinstance(blocks, list):
                raise TemplateError("Slack output: 'blocks' must be a list")
            text = document.get("text")
            return RenderedMessage(kind, text=str(text) if text else self._title,
                                   blocks=blocks, templates=self._versions)
        if kind is ChannelType.DISCORD:
            document = self._json(F.DISCORD, variables)
            embeds = document.get("embeds")
            content = document.get("content")
            if embeds is not None and not isinstance(embeds, list):
                raise TemplateError("Discord output: 'embeds' must be a list")
            if not embeds and not content:
                raise TemplateError("Discord output needs 'content' or 'embeds'")
            return RenderedMessage(kind, content=str(content) if content else None,
                                   embeds=embeds, templates=self._versions)
        result = render_set(self.sets[F.JSON], variables, self.limits)
        return RenderedMessage(kind, payload=parse_json_output(result.text),
                               templates=self._versions)

    def _json(self, format: TemplateFormat, variables: Mapping[str, Any]) -> dict[str, Any]:
        document = parse_json_output(render_set(self.sets[format], variables,
                                                self.limits).text)
        if not isinstance(document, dict):
            raise TemplateError(f"{format.value} output must be a JSON object")
        return document


async def _brand(brand: Brand | None, publication: PublicationData,
                 channel: Channel | None) -> Brand | None:
    if brand is not None:
        return brand
    brand_id = publication.brand_id or (channel.brand_id if channel is not None else None)
    return await Brand.get_or_none(id=brand_id) if brand_id else None


async def prepare_message(
    publication: Publication | PublicationData,
    channel_type: ChannelType,
    *,
    channel: Channel | None = None,
    brand: Brand | None = None,
    base_url: str = "",
    limits: RenderLimits = DEFAULT_LIMITS,
    overrides: Mapping[TemplateFormat, TemplateSet] | None = None,
) -> PreparedMessage:
    """Load what rendering `publication` for `channel_type` needs (a few queries)."""
    if channel_type is ChannelType.RSS:
        raise InvalidInput("rss channels publish feeds; they have no rendered messages",
                           field="channelType")
    if channel is not None and channel.type is not channel_type:
        raise InvalidInput("channel is of another type", field="channelId")
    data = publication if isinstance(publication, PublicationData) else (
        await publication_data(publication))
    sets = await sets_for(data, channel_type, overrides)
    definitions: dict[str, Mapping[str, Any]] = {}
    for templates in sets.values():
        definitions.update({d["name"]: d for d in templates.variable_definitions()})
    chosen_brand = await _brand(brand, data, channel)
    base: dict[str, Any] = resolve_values(list(definitions.values()), data.template_variables)
    base.update({
        # the body's markdown (cached, but up to 200,000 characters): off the event loop
        "publication": await asyncio.to_thread(publication_variables, data, base_url),
        "brand": brand_variables(chosen_brand),
        "channel": channel_variables(channel, channel_type),
    })
    return PreparedMessage(channel_type, sets, base, list(definitions.values()),
                           data.template_variables, limits)


async def render_for(
    publication: Publication | PublicationData,
    channel_type: ChannelType,
    subscriber: Any = None,
    brand: Brand | None = None,
    extra: Mapping[str, Any] | None = None,
    *,
    channel: Channel | None = None,
    links: Mapping[str, str] | None = None,
    base_url: str = "",
    limits: RenderLimits = DEFAULT_LIMITS,
) -> RenderedMessage:
    prepared = await prepare_message(publication, channel_type, channel=channel, brand=brand,
                                     base_url=base_url, limits=limits)
    return await prepared.render_async(subscriber, links=links, extra=extra)


__all__ = ["PreparedMessage", "RenderedMessage", "prepare_message", "publication_url",
           "render_for"]
