"""Brands: one look (name, logo, colours, footer, sender, social links) for every channel.

Colours must be hex (`#rgb` / `#rrggbb`) because layouts put them inside style
attributes, where autoescaping does not stop CSS injection; the sender name must be one
line because it ends up in a mail header; logo and social links must be https.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet

from domain.channels.models import Channel
from domain.errors import Conflict, InvalidInput, NotFound, in_use
from domain.principals.actor import Actor
from domain.principals.service import audit
from domain.publications.models import Publication
from domain.templates.models import Brand
from domain.validation import normalise_email, optional_text, require_http_url, require_text

COLOR = re.compile(r"^#(?:[0-9a-f]{3}|[0-9a-f]{6})$")
SOCIAL_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_SOCIAL_LINKS = 20
MAX_FOOTER = 2_000


def _color(value: str, field: str) -> str:
    value = value.strip().lower()
    if not COLOR.match(value):
        raise InvalidInput(f"{field} must be a hex colour like #1a73e8", field=field)
    return value


def _sender_name(value: str) -> str:
    value = optional_text(value, "senderName", max_length=200).strip()
    if CONTROL.search(value):
        raise InvalidInput("senderName must be one line of text", field="senderName")
    return value


def _social_links(value: Mapping[str, Any]) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise InvalidInput("socialLinks must be a JSON object of name → https URL",
                           field="socialLinks")
    if len(value) > MAX_SOCIAL_LINKS:
        raise InvalidInput(f"at most {MAX_SOCIAL_LINKS} social links", field="socialLinks")
    links = {}
    for name, url in value.items():
        if not isinstance(name, str) or not SOCIAL_NAME.match(name):
            raise InvalidInput("social link names are lowercase letters, digits, _ and - "
                               "(max 32)", field=f"socialLinks.{name}")
        if not isinstance(url, str):
            raise InvalidInput(f"socialLinks.{name} must be a string",
                               field=f"socialLinks.{name}")
        links[name] = require_http_url(url.strip(), f"socialLinks.{name}")
    return links


def _cleaned(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Checked values for the fields given (None = not given; "" clears optional ones)."""
    cleaned: dict[str, Any] = {}
    for name, value in fields.items():
        if value is None:
            continue
        if name == "name":
            cleaned[name] = require_text(value, "name", max_length=200)
        elif name == "logo_url":
            cleaned[name] = require_http_url(value.strip(), "logoUrl") if value.strip() \
                else None
        elif name == "primary_color":
            cleaned[name] = _color(value, "primaryColor")
        elif name == "secondary_color":
            cleaned[name] = _color(value, "secondaryColor")
        elif name == "footer":
            cleaned[name] = optional_text(value, "footer", max_length=MAX_FOOTER)
        elif name == "sender_name":
            cleaned[name] = _sender_name(value)
        elif name == "sender_email":
            cleaned[name] = normalise_email(value, "senderEmail") if value.strip() else None
        elif name == "social_links":
            cleaned[name] = _social_links(value)
    return cleaned


async def get_brand(brand_id: int) -> Brand:
    brand = await Brand.get_or_none(id=brand_id)
    if brand is None:
        raise NotFound("brand not found", field="id")
    return brand


async def create_brand(actor: Actor, *, name: str, logo_url: str | None = None,
                       primary_color: str | None = None, secondary_color: str | None = None,
                       footer: str | None = None, sender_name: str | None = None,
                       sender_email: str | None = None,
                       social_links: Mapping[str, Any] | None = None) -> Brand:
    values = _cleaned({"name": name, "logo_url": logo_url, "primary_color": primary_color,
                       "secondary_color": secondary_color, "footer": footer,
                       "sender_name": sender_name, "sender_email": sender_email,
                       "social_links": social_links})
    try:
        brand = await Brand.create(**values)
    except IntegrityError:
        raise Conflict(f"a brand named {values['name']!r} already exists",
                       field="name") from None
    await audit(actor, "brand.create", "brand", brand.id)
    return brand


async def update_brand(actor: Actor, brand_id: int, **fields: Any) -> Brand:
    """Fields left None keep their value; "" clears logoUrl and senderEmail. Every
    channel and publication using the brand shows the change from the next render on."""
    brand = await get_brand(brand_id)
    values = _cleaned(fields)
    if values:
        try:
            await Brand.filter(id=brand.id).update(**values)
        except IntegrityError:
            raise Conflict(f"a brand named {values.get('name')!r} already exists",
                           field="name") from None
    await audit(actor, "brand.update", "brand", brand.id, {"fields": sorted(values)})
    return await get_brand(brand.id)


async def set_channel_brand(actor: Actor, channel_id: int, brand_id: int | None) -> Channel:
    channel = await Channel.get_or_none(id=channel_id)
    if channel is None:
        raise NotFound("channel not found", field="channelId")
    if brand_id is not None and not await Brand.exists(id=brand_id):
        raise InvalidInput(f"unknown brand id {brand_id}", field="brandId")
    await Channel.filter(id=channel.id).update(brand_id=brand_id)
    await audit(actor, "channel.brand", "channel", channel.id, {"brand": brand_id})
    channel.brand_id = brand_id
    return channel


EXAMPLES_SHOWN = 5


async def delete_brand(actor: Actor, brand_id: int) -> None:
    """A brand still chosen by a channel or a publication (past ones included: feeds and
    previews render them again) is in use: CONFLICT naming them. Otherwise it goes."""
    brand = await get_brand(brand_id)
    channels = Channel.filter(brand_id=brand.id)
    total = await channels.count()
    if total:
        names = await channels.order_by("id").limit(EXAMPLES_SHOWN).values_list(
            "name", flat=True)
        raise in_use(f"brand {brand.name!r}", "channels", [repr(n) for n in names], total)
    publications = Publication.filter(brand_id=brand.id)
    total = await publications.count()
    if total:
        titles = await publications.order_by("id").limit(EXAMPLES_SHOWN).values_list(
            "title", flat=True)
        raise in_use(f"brand {brand.name!r}", "publications", [repr(t) for t in titles],
                     total)
    await brand.delete()
    await audit(actor, "brand.delete", "brand", brand_id, {"name": brand.name})


def brands_query() -> QuerySet[Brand]:
    return Brand.all()
