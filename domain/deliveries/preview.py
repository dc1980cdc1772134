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
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from typing import Any

from domain.audience.models import Subscriber
from domain.channels import discord, mime, slack
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.channels.providers import NothingToSend
from domain.channels.transport import OutgoingMessage
from domain.crypto import SecretDecryptionError, decrypt_secrets
from domain.deliveries.compose import CompositionError, MessageComposer
from domain.errors import InvalidInput, NotFound
from domain.keyring import KeyRing
from domain.publications.models import Priority, Publication

SAMPLE_EMAIL = "reader@example.com"
PREVIEW_LINKS_NOTE = ("links are preview links: they look like the ones a delivery carries "
                      "but are not signed to work (a real send signs them per delivery)")


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
    try:
        secrets = decrypt_secrets(secret_key, channel.secret_ciphertext)
    except SecretDecryptionError:
        secrets = {}
        warnings.append("the channel's secrets cannot be decrypted: sending would fail")
    message = await _compose(publication, channel, reader, secrets,
                             preview_link_key(secret_key), base_url)
    if message.links:
        warnings.append(PREVIEW_LINKS_NOTE)
    preview = _build(message, channel.type)
    return replace(preview, warnings=warnings + preview.warnings)


async def _context_warnings(publication: Publication, channel: Channel) -> list[str]:
    warnings = []
    if not await publication.channels.filter(id=channel.id).exists():
        warnings.append("the publication is not sent to this channel (it is not among its "
                        "channels)")
    if channel.status is not ChannelStatus.ACTIVE:
        warnings.append(f"the channel is {channel.status.value}: nothing is sent through it "
                        "until it is ACTIVE")
    return warnings


async def _compose(publication: Publication, channel: Channel, reader: Any,
                   secrets: dict[str, Any], link_key: str, base_url: str) -> OutgoingMessage:
    composer = MessageComposer(link_key, base_url)
    await composer.prepare({publication.id: publication}, {channel.id: channel},
                           {(publication.id, channel.id)})
    key = f"p{publication.id}:c{channel.id}" + (f":s{reader.id}" if reader else "")
    if reader is None:
        recipient = channel.name
    elif channel.type is ChannelType.EMAIL:
        recipient = reader.email or ""
    else:
        recipient = reader.external_id or reader.email or ""
    try:
        return composer.compose(delivery_id=0, idempotency_key=key, recipient=recipient,
                                publication_id=publication.id, channel=channel,
                                secrets=secrets, subscriber=reader)
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
