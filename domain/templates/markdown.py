"""Markdown → sanitised HTML, for publication bodies, brand footers and feed content;
plain text → tag-free HTML, for feed summaries.

markdown-it-py (CommonMark, raw HTML disabled) renders; nh3 (the Ammonia sanitiser) then
keeps only an allow-list of tags, attributes and URL schemes, so neither a body nor a
brand footer can smuggle script, styles or javascript: links into an email or a feed.
Results are cached: a bulk send renders the same body for every subscriber.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}
                 ).enable(["table", "strikethrough"])

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
CACHE_LIMIT = 50_000  # longer texts are rendered every time rather than kept


def text_as_html(text: str) -> str:
    """Plain text for a place readers treat as HTML (an RSS `<description>`, an Atom
    `summary type="html"`): tags are dropped (`script` and `style` with their content),
    the rest is escaped. The words stay; nothing runs."""
    if not text:
        return ""
    return nh3.clean(text, tags=set(), attributes={}, url_schemes=set())


def sanitize_html(html: str) -> str:
    return nh3.clean(html, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=set(URL_SCHEMES), link_rel="noopener noreferrer")


@lru_cache(maxsize=256)
def _cached(text: str) -> str:
    return sanitize_html(_md.render(text))


def markdown_to_html(text: str) -> str:
    if not text:
        return ""
    if len(text) > CACHE_LIMIT:
        return sanitize_html(_md.render(text))
    return _cached(text)
