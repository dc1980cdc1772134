"""Links and images of an HTML document, read with the standard library's HTML parser
(tolerant of broken markup, never executes anything)."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass(frozen=True, slots=True)
class Image:
    src: str
    alt: str | None


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.images: list[Image] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append((values["href"] or "").strip())
        elif tag == "img":
            self.images.append(Image((values.get("src") or "").strip(), values.get("alt")))

    handle_startendtag = handle_starttag


def links_in(html: str) -> list[str]:
    """Distinct link targets in document order."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return list(dict.fromkeys(collector.links))


def images_in(html: str) -> list[Image]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.images
