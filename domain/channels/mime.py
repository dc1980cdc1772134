"""The MIME message an email delivery sends, built from what the templates rendered.

`build_email` is pure (no I/O, no settings) so the SES transport and the per-channel
preview produce byte-for-byte the same structure:

* `multipart/alternative`, text/plain first and text/html last (clients show the last
  part they understand, so HTML wins where it can be shown), both utf-8 and
  quoted-printable so every line stays 7-bit and short whatever the template emits;
* the HTML with its CSS inlined (many clients, Gmail's among them, drop `<style>`);
  only at-rules (media queries) stay in a `<style>` block, and remote stylesheets are
  never fetched: a template must not make the sender issue requests;
* `List-Unsubscribe` (https + mailto) and, only with an https link, RFC 8058's
  `List-Unsubscribe-Post: List-Unsubscribe=One-Click`;
* header injection is impossible: free text (subject, display names) has control
  characters turned into spaces, and addresses or links containing any are refused.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from email import policy as email_policy
from email.headerregistry import Address, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.policy import Policy
from email.utils import format_datetime, make_msgid
from html.parser import HTMLParser
from typing import Any

import css_inline

from domain.channels.transport import OutgoingMessage

DELIVERY_HEADER = "X-Publishing-Delivery"
ONE_CLICK = "List-Unsubscribe=One-Click"

#: line breaks and every other control character, including Unicode's line separators
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
_WHITESPACE = re.compile(r"\s+")
#: what a URL may contain inside `<…>` of List-Unsubscribe: printable ASCII without
#: spaces, angle brackets or commas (the list separator)
_LINK = re.compile(r"^[!-~]+$")
_LINK_FORBIDDEN = re.compile(r"[<>,\"]")

_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False, keep_at_rules=True,
                                 keep_style_tags=False, keep_link_tags=False)


class EmailBuildError(ValueError):
    """The message cannot be built as asked. `field` names the culprit: `recipient`
    (this delivery only), `config.*` (every delivery of the channel), `links` or
    `rendered` (what the engine prepared)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class _ListHeader(UnstructuredHeader):
    """List-Unsubscribe's `<url>, <url>`. The standard folder turns any token too long
    for a line into RFC 2047 encoded words, which would make the URLs unusable; this
    header folds only between items and never encodes (its items are checked ASCII)."""

    def fold(self, *, policy: Policy) -> str:  # type: ignore[override]
        name = self.name  # type: ignore[attr-defined]
        limit = policy.max_line_length or 998
        items = [item.strip() for item in str(self).split(",") if item.strip()]
        lines = [f"{name}:"]
        for index, item in enumerate(items):
            piece = item + ("," if index < len(items) - 1 else "")
            if lines[-1] != f"{name}:" and len(lines[-1]) + 1 + len(piece) > limit:
                lines.append(" " + piece)
            else:
                lines[-1] += " " + piece
        return policy.linesep.join(lines) + policy.linesep


#: utf-8 bytes per encoded word: 39 → 52 base64 characters, so `Subject: =?utf-8?b?…?=`
#: stays within 76 characters (RFC 2047 allows 75 per encoded word)
_WORD_BYTES = 39


def encoded_words(text: str) -> list[str]:
    """`text` as base64 encoded words, each holding whole characters. Every space goes
    inside a word: whitespace *between* encoded words is dropped by readers."""
    chunks: list[str] = []
    chunk = ""
    for char in text:
        if chunk and len((chunk + char).encode()) > _WORD_BYTES:
            chunks.append(chunk)
            chunk = ""
        chunk += char
    chunks.append(chunk)
    return ["=?utf-8?b?" + base64.b64encode(part.encode()).decode("ascii") + "?="
            for part in chunks if part]


class _TextHeader(UnstructuredHeader):
    """Subject. The standard folder can drop the space between two encoded words when it
    re-folds a long non-ASCII subject (the space lands between words, where RFC 2047 says
    it is ignored), so this header folds itself: plain ASCII folds at spaces; anything
    else (or a word that cannot fit a line, or text a reader would decode) is encoded."""

    def fold(self, *, policy: Policy) -> str:  # type: ignore[override]
        name = self.name  # type: ignore[attr-defined]
        limit = policy.max_line_length or 998
        text = str(self)
        words = text.split(" ")
        if text.isascii() and "=?" not in text and all(
                len(word) + len(name) + 2 <= limit for word in words):
            lines = [f"{name}:"]
            for word in words:
                if lines[-1] != f"{name}:" and len(lines[-1]) + 1 + len(word) > limit:
                    lines.append(" " + word)
                else:
                    lines[-1] += " " + word
        else:
            lines = [f"{name}:"] + [" " + word for word in encoded_words(text)]
            if len(lines) > 1:
                lines[0:2] = [lines[0] + lines[1]]
        return policy.linesep.join(lines) + policy.linesep


def _policy() -> Policy:
    registry = HeaderRegistry()
    registry.map_to_type("list-unsubscribe", _ListHeader)
    registry.map_to_type("subject", _TextHeader)
    # SMTP: CRLF line ends; 76 keeps quoted-printable lines within RFC 2045's limit
    return email_policy.SMTP.clone(header_factory=registry, max_line_length=76)


POLICY = _policy()


def clean_text(value: object) -> str:
    """Header free text: control characters (CR/LF above all) become spaces, runs of
    whitespace collapse, so a subject can never start a header of its own."""
    return _WHITESPACE.sub(" ", _CONTROL.sub(" ", str(value or ""))).strip()


def mailbox(value: object, field: str, display_name: str = "") -> Address:
    """A header-safe address. SES accepts no SMTPUTF8: the local part must be ASCII and
    an internationalised domain goes out as punycode."""
    if not isinstance(value, str) or not value:
        raise EmailBuildError(f"{field} is missing", field)
    if _CONTROL.search(value) or _WHITESPACE.search(value) or any(
            char in value for char in "<>,;\""):
        raise EmailBuildError(f"{field} contains characters an address may not have",
                              field)
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain:
        raise EmailBuildError(f"{field} is not an email address", field)
    if not local.isascii():
        raise EmailBuildError(f"{field}: SES accepts only ASCII before the @", field)
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise EmailBuildError(f"{field} has an invalid domain", field) from None
    try:
        parsed = Address(addr_spec=f"{local}@{ascii_domain}")
    except (ValueError, IndexError):
        raise EmailBuildError(f"{field} is not an email address", field) from None
    return Address(display_name=clean_text(display_name), username=parsed.username,
                   domain=parsed.domain)


def _link(value: str, schemes: tuple[str, ...]) -> str:
    if not _LINK.match(value) or _LINK_FORBIDDEN.search(value) or not value.lower(
            ).startswith(schemes):
        raise EmailBuildError(f"unsubscribe link {value[:80]!r} cannot go into a header",
                              "links")
    return value


def unsubscribe_headers(links: Any) -> dict[str, str]:
    """List-Unsubscribe with the links that exist; the One-Click POST header only with an
    https link (RFC 8058 requires https; an http link is still listed for RFC 2369)."""
    items: list[str] = []
    web = links.get("unsubscribe") if links else None
    mailto = links.get("unsubscribe_mailto") if links else None
    if web:
        items.append(f"<{_link(web, ('https://', 'http://'))}>")
    if mailto:
        items.append(f"<{_link(mailto, ('mailto:',))}>")
    headers: dict[str, str] = {}
    if items:
        headers["List-Unsubscribe"] = ", ".join(items)
    if web and web.lower().startswith("https://"):
        headers["List-Unsubscribe-Post"] = ONE_CLICK
    return headers


def inline_css(html: str) -> str:
    """Styles moved into style attributes; media queries kept in a <style> block. A
    stylesheet css_inline cannot parse is sent as written rather than not at all."""
    try:
        return _INLINER.inline(html)
    except (css_inline.InlineError, ValueError):
        return html


class _TextExtractor(HTMLParser):
    _SKIP = frozenset({"script", "style", "head", "title"})
    _BREAK = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                        "table", "blockquote", "pre", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BREAK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BREAK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def text_from_html(html: str) -> str:
    """A readable plain-text part when a template rendered none (the text part is what
    screen readers, watches and spam filters read)."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def build_email(message: OutgoingMessage) -> EmailMessage:
    """The complete message for one delivery. Raises EmailBuildError (with the field at
    fault) instead of producing a header an attacker could have shaped."""
    rendered = message.rendered
    if rendered is None:
        raise EmailBuildError("nothing was rendered for this email", "rendered")
    config = message.config or {}
    sender = mailbox(config.get("from_address"), "config.from_address",
                     display_name=str(config.get("from_name") or ""))
    recipient = mailbox(message.recipient, "recipient")

    email = EmailMessage(policy=POLICY)
    email["From"] = sender
    email["To"] = recipient
    if config.get("reply_to"):
        email["Reply-To"] = mailbox(config["reply_to"], "config.reply_to")
    email["Subject"] = clean_text(rendered.subject)
    email["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    # random, never derived from the delivery key: two installations sending as one
    # domain must not produce equal ids (clients hide "duplicates"); SES may replace it
    email["Message-ID"] = make_msgid(domain=sender.domain)
    for name, value in unsubscribe_headers(message.links).items():
        email[name] = value
    email[DELIVERY_HEADER] = clean_text(message.idempotency_key)

    html = rendered.html or ""
    text = rendered.text if rendered.text and rendered.text.strip() else (
        text_from_html(html) if html.strip() else "")
    email.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    if html.strip():
        email.add_alternative(inline_css(html), subtype="html", charset="utf-8",
                              cte="quoted-printable")
        for part in email.iter_parts():
            # set_content stamps every part; MIME-Version belongs on the message only
            del part["MIME-Version"]
    return email
