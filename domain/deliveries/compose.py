"""Turns (publication, channel, recipient) into the message a transport sends.

The same code serves the delivery engine, testChannel and the per-channel preview, so
what an editor previews is what goes out. Templates are prepared once per publication
and channel (a few queries), then rendered per recipient without the database; channel-
wide messages (Slack, Discord: no subscriber) render once and are reused.

Rendering runs template code for up to the render time limit, so async callers use
`compose_async`: the render runs on a thread of its own (`RENDER_THREADS`) and the event
loop, which under `publishing serve` also answers the API, stays free; sending, database
writes and other batches go on while a template renders. One thread on purpose: renders
are CPU work under the GIL, so more threads would not render faster (renders ran one at a
time on the loop before, too), only make the loop wait longer for the interpreter (with
two busy render threads its wake-ups were late by 30 to 65 ms, with one by about 15).
A batch's rows queue for it; a channel-wide render already made skips it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from domain.audience.models import Subscriber
from domain.channels.models import Channel, ChannelType
from domain.channels.transport import OutgoingMessage
from domain.errors import DomainError
from domain.experiments.models import Variant
from domain.keyring import KeyRing
from domain.links.urls import LinkBuilder
from domain.publications.models import Publication
from domain.templates.context import PublicationData
from domain.templates.errors import TemplateError
from domain.templates.models import Template
from domain.templates.rendering import PreparedMessage, RenderedMessage, prepare_message
from domain.templates.selection import publication_data

#: what one prepared message renders: (publication id, channel id, variant id or None)
RenderKey = tuple[int, int, int | None]

RENDER_THREADS = 1
_render_pool: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    global _render_pool
    if _render_pool is None:
        _render_pool = ThreadPoolExecutor(RENDER_THREADS, thread_name_prefix="render")
    return _render_pool


class CompositionError(Exception):
    """The message cannot be built (template error, unusable channel): the delivery
    fails for good with this reason, retrying would render the same thing."""


@dataclass
class _Prepared:
    prepared: PreparedMessage | None
    error: str | None = None
    shared: dict[str, RenderedMessage] = field(default_factory=dict)


def webhook_envelope(rendered_payload: Any, delivery_key: str) -> dict[str, Any]:
    """The rendered JSON document plus what belongs to one delivery: its key (the
    receiver's idempotency key, also sent as `webhook-id`) and the time of sending."""
    payload = dict(rendered_payload) if isinstance(rendered_payload, dict) else {
        "data": rendered_payload}
    data = payload.get("data")
    if isinstance(data, dict):
        payload["data"] = {**data, "delivery": delivery_key}
    payload["timestamp"] = dt.datetime.now(dt.UTC).isoformat()
    return payload


class MessageComposer:
    """One per engine (or request). `prepare` is async (database); `compose` is not
    (`compose_async` runs it off the loop)."""

    def __init__(self, secret_key: KeyRing | str, public_base_url: str) -> None:
        self.links = LinkBuilder(secret_key, public_base_url)
        self.public_base_url = public_base_url
        self._prepared: dict[RenderKey, _Prepared] = {}
        #: delivery id → extra template variables of that one message (a digest's items)
        self.extras: dict[int, Mapping[str, Any]] = {}

    async def prepare(self, publications: Mapping[int, Publication | PublicationData],
                      channels: Mapping[int, Channel],
                      pairs: set[tuple[int, int]] | set[RenderKey],
                      variants: Mapping[int, Variant] | None = None) -> None:
        """Load templates for each (publication id, channel id[, variant id]) not prepared
        yet. The cache lives as long as this composer: the engine makes one per batch.
        A `PublicationData` (testChannel's test publication) renders like a stored one
        under whatever key the caller gives it. A variant replaces the title, summary
        and body it sets; everything else (templates, brand, pins) stays the
        publication's."""
        keys: set[RenderKey] = {(key[0], key[1], key[2] if len(key) > 2 else None)
                                for key in pairs}
        for key in keys - set(self._prepared):
            publication_id, channel_id, variant_id = key
            channel = channels[channel_id]
            if channel.type is ChannelType.RSS:
                self._prepared[key] = _Prepared(None, "rss channels publish feeds, not messages")
                continue
            try:
                source = publications[publication_id]
                if variant_id is not None:
                    source = await _with_variant(await _data(source),
                                                 (variants or {})[variant_id], channel.type)
                prepared = await prepare_message(source, channel.type, channel=channel,
                                                 base_url=self.public_base_url)
            except (TemplateError, DomainError) as error:
                self._prepared[key] = _Prepared(None, f"template error: {error}")
                continue
            self._prepared[key] = _Prepared(prepared)

    async def compose_async(self, *, delivery_id: int, idempotency_key: str, recipient: str,
                            publication_id: int, channel: Channel, secrets: dict[str, Any],
                            subscriber: Subscriber | None, is_test: bool = False,
                            variant_id: int | None = None) -> OutgoingMessage:
        """`compose` off the event loop (on the render pool), unless the message is a
        channel-wide one already rendered."""
        call = functools.partial(
            self.compose, delivery_id=delivery_id, idempotency_key=idempotency_key,
            recipient=recipient, publication_id=publication_id, channel=channel,
            secrets=secrets, subscriber=subscriber, is_test=is_test, variant_id=variant_id)
        entry = self._prepared.get((publication_id, channel.id, variant_id))
        if subscriber is None and entry is not None and "" in entry.shared:
            return call()
        return await asyncio.get_running_loop().run_in_executor(_pool(), call)

    def compose(self, *, delivery_id: int, idempotency_key: str, recipient: str,
                publication_id: int, channel: Channel, secrets: dict[str, Any],
                subscriber: Subscriber | None, is_test: bool = False,
                variant_id: int | None = None) -> OutgoingMessage:
        """Render for one recipient; raises CompositionError with a readable reason."""
        entry = self._prepared.get((publication_id, channel.id, variant_id))
        if entry is None:
            raise CompositionError("message was not prepared")  # a bug, not user input
        if entry.prepared is None:
            raise CompositionError(entry.error or "cannot render")
        links = self.links.for_recipient(
            subscriber.id if subscriber is not None else None, delivery_id,
            mailbox=channel.config.get("unsubscribe_mailbox")
            or channel.config.get("from_address"))
        if subscriber is None and "" in entry.shared:
            rendered = entry.shared[""]
        else:
            try:
                rendered = entry.prepared.render(subscriber, links=links,
                                                 extra=self.extras.get(delivery_id))
            except TemplateError as error:
                raise CompositionError(f"template error: {error}") from None
            if subscriber is None:
                entry.shared[""] = rendered
        payload: dict[str, Any] = {}
        if channel.type is ChannelType.WEBHOOK:
            payload = webhook_envelope(rendered.payload, idempotency_key)
        return OutgoingMessage(
            delivery_id=delivery_id, idempotency_key=idempotency_key, recipient=recipient,
            channel_id=channel.id, config=channel.config, secrets=secrets, payload=payload,
            rendered=rendered, links=links, publication_id=publication_id,
            subscriber_id=subscriber.id if subscriber is not None else None, is_test=is_test)


async def _data(source: Publication | PublicationData) -> PublicationData:
    return source if isinstance(source, PublicationData) else await publication_data(source)


async def _with_variant(data: PublicationData, variant: Variant, channel_type: ChannelType
                        ) -> PublicationData:
    """The publication as this variant shows it: its text, and its template for the
    channel type the template is for (live, not the publication's pinned version)."""
    choices, pins = dict(data.template_choices), dict(data.template_pins or {})
    if variant.template_id is not None:
        template = await Template.get_or_none(id=variant.template_id)
        if template is not None and template.channel_type is channel_type:
            choices[template.format.value] = template.id
            pins.pop(template.format.value, None)
    return dataclasses.replace(
        data,
        title=variant.title if variant.title is not None else data.title,
        summary=variant.summary if variant.summary is not None else data.summary,
        body=variant.body if variant.body is not None else data.body,
        template_choices=choices, template_pins=pins if data.template_pins is not None else None)
