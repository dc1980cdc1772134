"""What templates see: plain-data snapshots of the publication, subscriber, brand and channel.

Snapshots (dicts, lists, strings, numbers, datetimes) rather than ORM objects, because a
model's methods (`save`, `delete`, related managers) must never be reachable from a
template, and because plain dicts are what the sandbox reads fastest. Every field is
always present (empty when unknown), so layouts can test `{% if brand.logo_url %}`.

Variables available to every template:

* `publication`: id, title, summary, body, body_html (sanitised HTML of the markdown body),
  url, priority, status, published_at, approved_at, created_at, author, topics
  ([{slug, name}]), topic_slugs;
* `subscriber`: id, email, external_id, name, first_name, locale, timezone, attributes
  (custom attributes: `subscriber.attributes.plan`); all empty without a subscriber;
* `brand`: name, logo_url, primary_color, secondary_color, color_int, footer,
  sender_name, sender_email, social_links ({network: url}) and social ([{name, url}]);
* `links`: unsubscribe, preferences, view_online (as given by the caller);
* `channel`: id, name, type;
* each custom variable of the template, by its name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from domain.templates.markdown import markdown_to_html

DEFAULT_PRIMARY = "#1a73e8"
DEFAULT_SECONDARY = "#202124"
LINK_NAMES = ("unsubscribe", "preferences", "view_online")


@dataclass(frozen=True, slots=True)
class PublicationData:
    """The publication fields a render needs, detached from the ORM (also used for
    previews of a template without a real publication)."""

    id: int | None
    title: str
    summary: str = ""
    body: str = ""
    priority: str = "normal"
    status: str = "draft"
    published_at: dt.datetime | None = None
    approved_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    author: str = ""
    topics: tuple[tuple[str, str], ...] = ()
    brand_id: int | None = None
    template_choices: Mapping[str, int] = field(default_factory=dict)
    template_variables: Mapping[str, Any] = field(default_factory=dict)
    template_pins: Mapping[str, Any] | None = None
    #: the publication's kind: `digest` and `newsletter` render with the built-in (or
    #: stored) template of that name by default instead of `default`
    kind: str = "standard"


SAMPLE_PUBLICATION = PublicationData(
    id=None, title="A sample publication",
    summary="What a reader sees first: one or two sentences.",
    body="## A heading\n\nSome **markdown** text with [a link](https://example.com).\n\n"
         "- one\n- two\n- three\n",
    status="published", published_at=dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC),
    created_at=dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC), author="Sample Author",
    topics=(("sample", "Sample topic"),),
)


def publication_url(base_url: str, publication_id: int | None) -> str:
    if not base_url or publication_id is None:
        return ""
    return f"{base_url.rstrip('/')}/publications/{publication_id}"


def publication_variables(publication: PublicationData, base_url: str = "") -> dict[str, Any]:
    return {
        "id": publication.id,
        "title": publication.title,
        "summary": publication.summary,
        "body": publication.body,
        "body_html": Markup(markdown_to_html(publication.body)),
        "url": publication_url(base_url, publication.id),
        "priority": publication.priority,
        "status": publication.status,
        "published_at": publication.published_at,
        "approved_at": publication.approved_at,
        "created_at": publication.created_at,
        "author": publication.author,
        "topics": [{"slug": slug, "name": name} for slug, name in publication.topics],
        "topic_slugs": [slug for slug, _ in publication.topics],
    }


def _get(source: Any, name: str, default: Any = None) -> Any:
    if isinstance(source, Mapping):
        return source.get(name, default)
    return getattr(source, name, default)


def _enum_value(value: Any) -> Any:
    return getattr(value, "value", value)


EMPTY_SUBSCRIBER: dict[str, Any] = {
    "id": None, "email": "", "external_id": "", "name": "", "first_name": "",
    "locale": "", "timezone": "", "attributes": {},
}


def subscriber_variables(subscriber: Any) -> dict[str, Any]:
    """From a Subscriber model, a mapping with the same field names, or None."""
    if subscriber is None:
        return dict(EMPTY_SUBSCRIBER, attributes={})
    name = _get(subscriber, "name") or ""
    attributes = _get(subscriber, "attributes") or {}
    return {
        "id": _get(subscriber, "id"),
        "email": _get(subscriber, "email") or "",
        "external_id": _get(subscriber, "external_id") or "",
        "name": name,
        "first_name": name.split()[0] if name.strip() else "",
        "locale": _get(subscriber, "locale") or "",
        "timezone": _get(subscriber, "timezone") or "",
        "attributes": dict(attributes) if isinstance(attributes, Mapping) else {},
    }


def color_int(color: str) -> int:
    try:
        value = color.lstrip("#")
        if len(value) == 3:
            value = "".join(2 * char for char in value)
        return int(value, 16)
    except ValueError:
        return 0


def brand_variables(brand: Any) -> dict[str, Any]:
    """From a Brand model (or mapping), or neutral defaults without one."""
    primary = (_get(brand, "primary_color") if brand is not None else None) or DEFAULT_PRIMARY
    secondary = ((_get(brand, "secondary_color") if brand is not None else None)
                 or DEFAULT_SECONDARY)
    social = dict(_get(brand, "social_links") or {}) if brand is not None else {}
    return {
        "id": _get(brand, "id") if brand is not None else None,
        "name": (_get(brand, "name") if brand is not None else "") or "",
        "logo_url": (_get(brand, "logo_url") if brand is not None else "") or "",
        "primary_color": primary,
        "secondary_color": secondary,
        "color_int": color_int(primary),
        "footer": (_get(brand, "footer") if brand is not None else "") or "",
        "sender_name": (_get(brand, "sender_name") if brand is not None else "") or "",
        "sender_email": (_get(brand, "sender_email") if brand is not None else "") or "",
        "social_links": social,
        "social": [{"name": name, "url": url} for name, url in sorted(social.items())],
    }


def channel_variables(channel: Any, channel_type: Any) -> dict[str, Any]:
    return {
        "id": _get(channel, "id") if channel is not None else None,
        "name": (_get(channel, "name") if channel is not None else "") or "",
        "type": _enum_value(channel_type),
    }


def link_variables(links: Mapping[str, str] | None, publication_url: str) -> dict[str, str]:
    result = {name: "" for name in LINK_NAMES}
    result["view_online"] = publication_url
    for name, url in (links or {}).items():
        result[str(name)] = str(url) if url is not None else ""
    return result
