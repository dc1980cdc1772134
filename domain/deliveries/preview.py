"""channelPreview: a publication exactly as one channel would send it, without sending.

The message goes through the delivery path up to the wire: the same MessageComposer
(pinned template versions once approved, the channel's brand, per-recipient links), the
same idempotency key and recipient the ledger would use, then the transport's own pure
body builder (Slack and Discord `request_body`, `mime.build_email`; webhooks send the
composed envelope). So the preview shows the JSON that would be POSTed and the MIME that
would go to SES, with every provider limit already applied, and says in `warnings` what
those limits cut.

Links: real-looking but inert. They have the shape, host (PUBLIC_BASE_URL) and length of
the links a delivery carries, but are signed with a key derived for previews, so no
preview (any role may ask for one) can unsubscribe anybody. Without `subscriberId`, email
and per-subscriber webhooks render for a sample reader (id 0), so headers such as
List-Unsubscribe still show.

Email tracking: the sender passes every email through `apply_tracking` (open pixel,
click links) with the channel's `track_opens` / `track_clicks`; so does the preview, with
a link registry that writes nothing (link ids 0: the tokens are inert anyway).

The publication as a send sees it: sends run while it is `publishing`, with
`published_at` set when publishing started (domain.deliveries.audience). A preview of a
publication not sent yet renders it that way too, with this preview's time as
`published_at`, and says so in `warnings`.

What still differs from a real send is listed in `warnings`: preview links, the sample
reader, a stand-in `published_at`, a recipient a send would skip (suppressed address,
inactive subscriber), a channel that is not active or not among the publication's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from typing import Any

from domain.audience.models import Subscriber, SubscriberStatus
from domain.channels import discord, mime, slack
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.channels.providers import NothingToSend
from domain.channels.transport import OutgoingMessage
from domain.crypto import SecretDecryptionError, decrypt_secrets
from domain.deliveries.compose import CompositionError, MessageComposer
from domain.engagement.links import LinkRegistry, apply_tracking
from domain.engagement.suppression import suppressed_among
from domain.errors import InvalidInput, NotFound
from domain.keyring import KeyRing
from domain.links.urls import LinkBuilder
from domain.publications.models import Priority, Publication, PublicationStatus
from domain.templates.context import PublicationData
from domain.templates.selection import publication_data

SAMPLE_EMAIL = "reader@example.com"
PREVIEW_LINKS_NOTE = ("links are preview links: they look like the ones a delivery carries "
                      "but are not signed to work (a real send signs them per delivery)")
STAND_IN_PUBLISHED_AT = ("not sent yet: rendered as a send would see it, status 'publishing' "
                         "and published_at {when} (the time of this preview; a send shows "
                         "when publishing started)")


class PreviewLinkRegistry(LinkRegistry):
    """Click tracking as a send does it, without registering anything: a preview (any
    role may ask for one) writes nothing, and its tokens are inert anyway."""

    async def ids_for(self, publication_id: int, urls: Iterable[str]) -> dict[str, int]:
        return dict.fromkeys(urls, 0)


@dataclass(frozen=True, slots=True)
class SampleReader:
    """Stands in for a subscriber when none is given (id 0: no real row)."""

    id: int = 0
    email: str = SAMPLE_EMAIL
    external_id: str | None = None
    name: str = "Sample Reader"
    attributes: Mapping[str, Any] = field(default_factory=dict)
    timezone: str = "UTC"
    locale: str = "en"


@dataclass(frozen=True, slots=True)
class ChannelPreview:
    channel_type: ChannelType
    subject: str | None = None
    html: str | None = None
    text: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    #: the JSON document POSTed (Slack, Discord, webhook); None for email
    body: Any = None
    #: the whole MIME message (email)
    raw: str | None = None
    warnings: list[str] = field(default_factory=list)


def preview_link_key(secret_key: KeyRing | str) -> str:
    """A key of its own for preview links (from the newest key): same token format, never
    valid, as no key of the ring signs links with it."""
    return hmac.new(KeyRing.of(secret_key).newest.encode(),
                    b"publishing:channel-preview-links", hashlib.sha256).hexdigest()


def per_subscriber(channel: Channel, publication: Publication) -> bool:
    """As the ledger decides: email always, webhooks on the bulk lane (normal priority)."""
    return channel.type is ChannelType.EMAIL or (
        channel.type is ChannelType.WEBHOOK and publication.priority is Priority.NORMAL)


async def _load(publication_id: int, channel_id: int, subscriber_id: int | None
                ) -> tuple[Publication, Channel, Subscriber | None]:
    publication = await Publication.get_or_none(id=publication_id)
    if publication is None:
        raise NotFound("publication not found", field="publicationId")
    channel = await Channel.get_or_none(id=channel_id)
    if channel is None:
        raise NotFound("channel not found", field="channelId")
    if channel.type is ChannelType.RSS:
        raise InvalidInput("rss channels publish a feed, not messages; open the feed to see "
                           "it", field="channelId")
    subscriber = None
    if subscriber_id is not None:
        subscriber = await Subscriber.get_or_none(id=subscriber_id)
        if subscriber is None:
            raise NotFound("subscriber not found", field="subscriberId")
    return publication, channel, subscriber


async def channel_preview(*, publication_id: int, channel_id: int,
                          subscriber_id: int | None, secret_key: KeyRing | str, base_url: str
                          ) -> ChannelPreview:
    """Render without sending. Raises NotFound / InvalidInput naming the argument at
    fault; template failures are InvalidInput on `publicationId` (as in renderPreview)."""
    publication, channel, subscriber = await _load(publication_id, channel_id, subscriber_id)
    warnings: list[str] = []
    reader: Any = None
    if per_subscriber(channel, publication):
        reader = subscriber or SampleReader()
        if subscriber is None:
            warnings.append("no subscriberId: rendered for a sample reader "
                            f"({SAMPLE_EMAIL}, id 0)")
    elif subscriber is not None:
        warnings.append(f"subscriberId ignored: {channel.type.value} channels get one "
                        "message for the whole channel")
    warnings += await _context_warnings(publication, channel)
    warnings += await _recipient_warnings(channel, subscriber)
    try:
        secrets = decrypt_secrets(secret_key, channel.secret_ciphertext)
    except SecretDecryptionError:
        secrets = {}
        warnings.append("the channel's secrets cannot be decrypted: sending would fail")
    data, note = await _as_sent(publication)
    if note:
        warnings.append(note)
    message = await _compose(data, channel, reader, secrets, preview_link_key(secret_key),
                             base_url)
    if message.links:
        warnings.append(PREVIEW_LINKS_NOTE)
    if channel.type is ChannelType.EMAIL:  # as BatchSender._compose_and_send does
        message = await apply_tracking(
            message, LinkBuilder(preview_link_key(secret_key), base_url),
            PreviewLinkRegistry(), opens=channel.config.get("track_opens", True),
            clicks=channel.config.get("track_clicks", True))
    preview = _build(message, channel.type)
    return replace(preview, warnings=warnings + preview.warnings)


async def _as_sent(publication: Publication) -> tuple[PublicationData, str | None]:
    """The publication's template data as a send renders it (see the module docstring)."""
    data = await publication_data(publication)
    if publication.status in (PublicationStatus.PUBLISHING, PublicationStatus.PUBLISHED) and (
            publication.published_at is not None):
        return data, None
    when = publication.published_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    data = replace(data, status=PublicationStatus.PUBLISHING.value, published_at=when)
    return data, STAND_IN_PUBLISHED_AT.format(when=when.isoformat())


async def _recipient_warnings(channel: Channel, subscriber: Subscriber | None) -> list[str]:
    """A send skips these recipients; the preview shows the message anyway."""
    if subscriber is None:
        return []
    warnings = []
    if subscriber.status is not SubscriberStatus.ACTIVE:
        warnings.append(f"the subscriber is {subscriber.status.value}: a send would skip "
                        "them")
    if channel.type is ChannelType.EMAIL and subscriber.email and await suppressed_among(
            [subscriber.email]):
        warnings.append("the subscriber's address is on the suppression list: a send would "
                        "skip it")
    return warnings


async def _context_warnings(publication: Publication, channel: Channel) -> list[str]:
    warnings = []
    if not await publication.channels.filter(id=channel.id).exists():
        warnings.append("the publication is not sent to this channel (it is not among its "
                        "channels)")
    if channel.status is not ChannelStatus.ACTIVE:
        warnings.append(f"the channel is {channel.status.value}: nothing is sent through it "
                        "until it is ACTIVE")
    return warnings


async def _compose(publication: PublicationData, channel: Channel, reader: Any,
                   secrets: dict[str, Any], link_key: str, base_url: str) -> OutgoingMessage:
    publication_id = publication.id or 0  # a stored publication's: never None
    composer = MessageComposer(link_key, base_url)
    await composer.prepare({publication_id: publication}, {channel.id: channel},
                           {(publication_id, channel.id)})
    key = f"p{publication_id}:c{channel.id}" + (f":s{reader.id}" if reader else "")
    if reader is None:
        recipient = channel.name
    elif channel.type is ChannelType.EMAIL:
        recipient = reader.email or ""
    else:
        recipient = reader.external_id or reader.email or ""
    try:
        return await composer.compose_async(
            delivery_id=0, idempotency_key=key, recipient=recipient,
            publication_id=publication_id, channel=channel, secrets=secrets,
            subscriber=reader)
    except CompositionError as error:
        raise InvalidInput(str(error), field="publicationId") from None


def _build(message: OutgoingMessage, channel_type: ChannelType) -> ChannelPreview:
    try:
        if channel_type is ChannelType.EMAIL:
            return _email(message)
        if channel_type is ChannelType.SLACK:
            return _chat(channel_type, message, slack.request_body(message), "Slack",
                         {"text": _rendered(message).text, "blocks": _rendered(message).blocks})
        if channel_type is ChannelType.DISCORD:
            return _chat(channel_type, message, discord.request_body(message), "Discord",
                         {"content": _rendered(message).content,
                          "embeds": _rendered(message).embeds})
    except NothingToSend as error:
        raise InvalidInput(f"nothing would be sent: {error}", field="publicationId") from None
    except mime.EmailBuildError as error:
        raise InvalidInput(f"the email cannot be built: {error.message}",
                           field=_email_field(error.field)) from None
    return ChannelPreview(channel_type, body=message.payload, headers=[
        ("content-type", "application/json"), ("webhook-id", message.idempotency_key)])


def _rendered(message: OutgoingMessage) -> Any:
    assert message.rendered is not None  # compose always renders
    return message.rendered


def _email_field(name: str) -> str:
    """The query argument an email build error points at."""
    if name.startswith("config."):
        return "channelId"
    return "subscriberId" if name == "recipient" else "publicationId"


def _part(email: EmailMessage, subtype: str) -> str | None:
    part = email.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_subtype() != subtype:
        return None
    content = part.get_content()  # type: ignore[attr-defined]
    return content if isinstance(content, str) else None


def _email(message: OutgoingMessage) -> ChannelPreview:
    email = mime.build_email(message)
    warnings = []
    if "List-Unsubscribe" not in email:
        warnings.append("no List-Unsubscribe header: there is no unsubscribe link "
                        "(PUBLIC_BASE_URL unset?)")
    rendered = _rendered(message)
    if not (rendered.text or "").strip():
        warnings.append("the text template rendered nothing: the text/plain part is derived "
                        "from the HTML")
    raw = email.as_string()  # first: generating the message sets the MIME boundary
    return ChannelPreview(
        ChannelType.EMAIL, subject=str(email["Subject"] or ""), html=_part(email, "html"),
        text=_part(email, "plain"), headers=[(name, str(value)) for name, value in
                                             email.items()],
        raw=raw, warnings=warnings)


def _chat(channel_type: ChannelType, message: OutgoingMessage, body: dict[str, Any],
          provider: str, rendered: dict[str, Any]) -> ChannelPreview:
    warnings = cuts(rendered, body, provider)
    text = body.get("text") if channel_type is ChannelType.SLACK else body.get("content")
    return ChannelPreview(channel_type, text=text, body=body, warnings=warnings)


def cuts(before: Any, after: Any, provider: str, path: str = "") -> list[str]:
    """What the body builder cut from the rendered document to fit the provider: texts
    shortened, items and keys left out. Only what the template produced is compared, so
    what the builder adds (allowed_mentions, username) is not reported."""
    label = path or "message"
    if isinstance(before, str) and isinstance(after, str):
        if len(after) < len(before.strip()):
            return [f"{label} truncated to {len(after)} characters for {provider}"]
        return []
    if isinstance(before, list) and isinstance(after, list):
        kept = [item for item in before if item not in (None, "", {}, [])]
        if len(after) < len(kept):
            return [f"{label}: {len(kept) - len(after)} of {len(kept)} left out for "
                    f"{provider}"]
        return [warning for index, (old, new) in enumerate(zip(kept, after, strict=False))
                for warning in cuts(old, new, provider, f"{path}[{index}]")]
    if isinstance(before, dict) and isinstance(after, dict):
        warnings = []
        for key, value in before.items():
            name = f"{path}.{key}" if path else str(key)
            if value in (None, "", {}, []):
                continue
            if key not in after:
                warnings.append(f"{name} left out (not accepted by {provider})")
            else:
                warnings += cuts(value, after[key], provider, name)
        return warnings
    return []
