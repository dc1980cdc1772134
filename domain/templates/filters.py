"""Filters added to every template environment: dates, markdown and safe truncation.

Each copes with missing values (Undefined, None) by returning empty text, so a template
that formats a field a subscriber does not have still renders.
"""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime
from html import escape
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Undefined
from markupsafe import Markup

from domain.templates.markdown import markdown_to_html

DATE_PRESETS = {"iso": "iso", "rfc2822": "rfc2822"}
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                       "meta", "source", "track", "wbr"})


def _missing(value: Any) -> bool:
    return value is None or isinstance(value, Undefined) or value == ""


def _as_datetime(value: Any) -> dt.datetime | dt.date | None:
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _zone(tz: Any) -> ZoneInfo | None:
    if not isinstance(tz, str) or not tz:
        return None
    try:
        return ZoneInfo(tz)
    except (ValueError, KeyError, OSError):
        return None


def format_date(value: Any, format: str = "%Y-%m-%d", tz: Any = None) -> str:
    """`{{ publication.published_at|date("%d %B %Y", subscriber.timezone) }}`; `format`
    may also be "iso" or "rfc2822". Unknown zones are ignored; unparseable values give ""."""
    if _missing(value):
        return ""
    moment = _as_datetime(value)
    if moment is None:
        return ""
    zone = _zone(tz)
    if zone is not None and isinstance(moment, dt.datetime) and moment.tzinfo is not None:
        moment = moment.astimezone(zone)
    if not isinstance(format, str):
        format = "%Y-%m-%d"
    if format == "iso":
        return moment.isoformat()
    if format == "rfc2822":
        if not isinstance(moment, dt.datetime):
            moment = dt.datetime.combine(moment, dt.time(), dt.UTC)
        elif moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return format_datetime(moment)
    try:
        return moment.strftime(format[:200])
    except ValueError:
        return ""


def format_datetime_filter(value: Any, format: str = "%Y-%m-%d %H:%M %Z", tz: Any = None
                           ) -> str:
    return format_date(value, format, tz)


def markdown_html(value: Any) -> Markup:
    """Markdown → sanitised HTML, marked safe for an autoescaped (HTML) template."""
    if isinstance(value, Undefined) or value is None:
        return Markup("")
    return Markup(markdown_to_html(str(value)))


def markdown_plain(value: Any) -> str:
    """In text and JSON formats markdown stays markdown: readable as text, and what Slack
    and Discord format themselves."""
    if isinstance(value, Undefined) or value is None:
        return ""
    return str(value)


class _HtmlTruncator(HTMLParser):
    def __init__(self, limit: int, end: str) -> None:
        super().__init__(convert_charrefs=True)
        self.limit = limit
        self.end = end
        self.count = 0
        self.parts: list[str] = []
        self.open: list[str] = []
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        self.parts.append(self.get_starttag_text() or "")
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.done:
            self.parts.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if self.done or tag not in self.open:
            return
        while self.open:
            closing = self.open.pop()
            self.parts.append(f"</{closing}>")
            if closing == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.done:
            return
        room = self.limit - self.count
        if len(data) <= room:
            self.parts.append(escape(data, quote=False))
            self.count += len(data)
            return
        cut = _cut_words(data, room, keep_partial_first_word=self.count == 0)
        self.parts.append(escape(cut, quote=False) + escape(self.end))
        self.done = True

    def result(self) -> str:
        return "".join(self.parts) + "".join(f"</{tag}>" for tag in reversed(self.open))


def _cut_words(text: str, length: int, *, keep_partial_first_word: bool = True) -> str:
    """At most `length` characters, ending at a word boundary: a word the limit falls
    inside is dropped (a single over-long first word is cut hard unless told not to)."""
    length = max(length, 0)
    if len(text) <= length:
        return text
    cut = text[:length]
    if cut and not cut[-1].isspace() and not text[length].isspace():
        space = cut.rfind(" ")
        if space >= 0:
            cut = cut[:space]
        elif not keep_partial_first_word:
            cut = ""
    return cut.rstrip()


def truncate_html(value: Any, length: int = 200, end: str = "…") -> Markup | str:
    """Shorten to about `length` visible characters without cutting a tag, an entity or
    a word, closing the tags left open. Plain text (not markup) is cut at a word."""
    if isinstance(value, Undefined) or value is None:
        return ""
    if not isinstance(length, int) or length < 0:
        length = 200
    end = str(end)
    if not isinstance(value, Markup):
        text = str(value)
        return text if len(text) <= length else _cut_words(text, length) + end
    truncator = _HtmlTruncator(length, end)
    truncator.feed(str(value))
    truncator.close()
    return Markup(truncator.result())


COMMON_FILTERS = {
    "date": format_date,
    "datetime": format_datetime_filter,
    "truncate_html": truncate_html,
}
