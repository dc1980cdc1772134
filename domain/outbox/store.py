"""Keeps and reads the messages of the development outbox.

In development the email transport talks to an SES-compatible sink served by the app
itself (app/outbox.py) instead of AWS, so a fresh clone without AWS credentials still
exercises the whole email path (MIME, List-Unsubscribe, tracking links) and shows the
result locally. This module knows nothing of HTTP or SES: it stores raw MIME and turns
it back into what a reader wants to see.
"""

from __future__ import annotations

import email
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as default_policy

from domain.outbox.models import OutboxMessage

#: the outbox is a development tool, not an archive: older messages are dropped
KEEP_MESSAGES = 1000
#: what the list page shows at most
PAGE_SIZE = 200


@dataclass(frozen=True, slots=True)
class MessageView:
    """One stored message, parsed for display."""

    id: int
    headers: list[tuple[str, str]]
    text: str | None
    html: str | None
    raw: bytes


def parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=default_policy)
    assert isinstance(message, EmailMessage)
    return message


def _header(message: EmailMessage, name: str) -> str:
    """A header as text; a malformed one is shown as it came rather than failing."""
    try:
        return str(message.get(name, "") or "")
    except (ValueError, TypeError, IndexError):
        return str(message.get_all(name, [""])[0])


async def store(raw: bytes, *, sender: str | None = None,
                recipients: list[str] | None = None) -> OutboxMessage:
    """Keep one message; the envelope (sender, recipients) falls back to the headers."""
    message = parse(raw)
    row = await OutboxMessage.create(
        mime=raw, subject=_header(message, "Subject"),
        sender=sender or _header(message, "From"),
        recipients=", ".join(recipients) if recipients else _header(message, "To"))
    if row.id > KEEP_MESSAGES:
        await OutboxMessage.filter(id__lte=row.id - KEEP_MESSAGES).delete()
    return row


async def latest(limit: int = PAGE_SIZE) -> list[OutboxMessage]:
    """Newest first, without the raw bytes (the list shows time, recipients, subject)."""
    return await OutboxMessage.all().order_by("-id").limit(limit).only(
        "id", "created_at", "sender", "recipients", "subject")


async def find(message_id: int) -> MessageView | None:
    row = await OutboxMessage.get_or_none(id=message_id)
    if row is None:
        return None
    raw = bytes(row.mime)
    message = parse(raw)
    return MessageView(id=row.id, headers=_headers(message), raw=raw,
                       text=_body(message, "plain"), html=_body(message, "html"))


def _headers(message: EmailMessage) -> list[tuple[str, str]]:
    """Every header in order (repeats included), decoded where it can be."""
    shown: list[tuple[str, str]] = []
    for name, value in message.raw_items():
        try:
            shown.append((name, str(message.policy.header_fetch_parse(name, value))))
        except (ValueError, TypeError, IndexError):
            shown.append((name, str(value)))
    return shown


def _body(message: EmailMessage, subtype: str) -> str | None:
    part = message.get_body(preferencelist=(subtype,))
    if part is None:
        return None
    try:
        return str(part.get_content())
    except (LookupError, ValueError):  # an unknown charset: show the bytes decoded loosely
        payload = part.get_payload(decode=True)
        return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else None
