"""Keeps and reads the messages of the development outbox.

Email comes through the SES sink; Slack, Discord and webhook messages through the hook
sinks (`/outbox/hooks/<kind>/<name>`), which keep the JSON body and headers as received.

In development the email transport talks to an SES-compatible sink served by the app
itself (app/outbox.py) instead of AWS, so a fresh clone without AWS credentials still
exercises the whole email path (MIME, List-Unsubscribe, tracking links) and shows the
result locally. This module knows nothing of HTTP or SES: it stores raw MIME and turns
it back into what a reader wants to see.
"""

from __future__ import annotations

import email
import json
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

from domain.outbox.models import OutboxKind, OutboxMessage

#: the outbox is a development tool, not an archive: older messages are dropped
KEEP_MESSAGES = 1000
#: messages per list page (older ones: `before=<id>` of the last one shown)
PAGE_SIZE = 50
#: the one-line summary of a hook message on the list page
SUMMARY_MAX = 200


@dataclass(frozen=True, slots=True)
class MessageView:
    """One stored message, parsed for display. Email: `text`/`html` are its parts; hooks:
    `text` is the JSON body pretty-printed (or as it came when it is not JSON)."""

    id: int
    kind: OutboxKind
    name: str
    headers: list[tuple[str, str]]
    text: str | None
    html: str | None
    raw: bytes
    verified: bool | None = None
    verification: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """Newest first; `older` is the `before` value of the next page (None: the last)."""

    rows: list[OutboxMessage]
    older: int | None


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


async def _keep(row: OutboxMessage) -> OutboxMessage:
    if row.id > KEEP_MESSAGES:
        await OutboxMessage.filter(id__lte=row.id - KEEP_MESSAGES).delete()
    return row


async def store(raw: bytes, *, sender: str | None = None,
                recipients: list[str] | None = None) -> OutboxMessage:
    """Keep one email; the envelope (sender, recipients) falls back to the headers."""
    message = parse(raw)
    return await _keep(await OutboxMessage.create(
        kind=OutboxKind.EMAIL, mime=raw, subject=_header(message, "Subject"),
        sender=sender or _header(message, "From"),
        recipients=", ".join(recipients) if recipients else _header(message, "To")))


async def store_hook(kind: OutboxKind, name: str, body: bytes,
                     headers: list[tuple[str, str]], *, verified: bool | None = None,
                     verification: str | None = None) -> OutboxMessage:
    """Keep one hook message (Slack, Discord or webhook): the body as it came, the
    request headers, and the signature check's result where there was one."""
    return await _keep(await OutboxMessage.create(
        kind=kind, mime=body, recipients=name, subject=summary(kind, body),
        sender=dict(headers).get("user-agent", ""), headers=[list(h) for h in headers],
        verified=verified, verification=verification))


def summary(kind: OutboxKind, body: bytes) -> str:
    """A line for the list page: the message's own headline where the provider has one
    (Slack's fallback `text`, Discord's `content` or first embed title, a webhook's
    `type` and title)."""
    try:
        data: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return "(not JSON)"
    if not isinstance(data, dict):
        return "(JSON " + type(data).__name__ + ")"
    candidates: list[Any] = []
    if kind is OutboxKind.SLACK:
        candidates = [data.get("text")]
    elif kind is OutboxKind.DISCORD:
        embeds = data.get("embeds") if isinstance(data.get("embeds"), list) else []
        first = embeds[0] if embeds and isinstance(embeds[0], dict) else {}
        candidates = [data.get("content"), first.get("title")]
    else:
        inner = data.get("data") if isinstance(data.get("data"), dict) else {}
        publication = (inner.get("publication")
                       if isinstance(inner.get("publication"), dict) else {})
        title = next((value for value in (data.get("title"), inner.get("title"),
                                          publication.get("title"))
                      if isinstance(value, str) and value), None)
        event = data.get("type") if isinstance(data.get("type"), str) else None
        candidates = [" · ".join(part for part in (event, title) if part)]
    text = next((value for value in candidates if isinstance(value, str) and value.strip()),
                "(no text)")
    line = " ".join(text.split())
    return line if len(line) <= SUMMARY_MAX else line[:SUMMARY_MAX - 1] + "…"


async def page(before: int | None = None, limit: int = PAGE_SIZE) -> Page:
    """Newest first, `before` an id (keyset: stable while new messages arrive), without
    the raw bytes (the list shows time, kind, recipients, subject, signature check)."""
    query = OutboxMessage.all()
    if before is not None:
        query = query.filter(id__lt=before)
    rows = await query.order_by("-id").limit(limit + 1).only(
        "id", "created_at", "kind", "sender", "recipients", "subject", "verified")
    return Page(rows=rows[:limit], older=rows[limit - 1].id if len(rows) > limit else None)


async def latest(limit: int = PAGE_SIZE) -> list[OutboxMessage]:
    """The newest `limit` messages (the first page)."""
    return (await page(None, limit)).rows


async def find(message_id: int) -> MessageView | None:
    row = await OutboxMessage.get_or_none(id=message_id)
    if row is None:
        return None
    raw = bytes(row.mime)
    if row.kind is not OutboxKind.EMAIL:
        return MessageView(id=row.id, kind=row.kind, name=row.recipients, raw=raw,
                           headers=[(str(name), str(value))
                                    for name, value in (row.headers or [])],
                           text=pretty_json(raw), html=None, verified=row.verified,
                           verification=row.verification)
    message = parse(raw)
    return MessageView(id=row.id, kind=row.kind, name=row.recipients,
                       headers=_headers(message), raw=raw,
                       text=_body(message, "plain"), html=_body(message, "html"))


def pretty_json(raw: bytes) -> str:
    """The body indented for reading; as it came when it is not JSON."""
    try:
        return json.dumps(json.loads(raw), indent=2, ensure_ascii=False)
    except (ValueError, UnicodeDecodeError):
        return raw.decode("utf-8", "replace")


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
