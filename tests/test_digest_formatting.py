"""The built-in digest templates on every channel, with the largest digest (20 items,
long titles and summaries): each stays within its provider's limits, shows every item
with title, summary, topic and read link, and a stored `digest` template overrides one
block while inheriting the rest."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from domain.channels.discord import (
    DESCRIPTION_MAX,
    EMBED_TOTAL_MAX,
    EMBEDS_MAX,
    TITLE_MAX,
    embed_length,
)
from domain.channels.models import ChannelType
from domain.newsletters.content import digest_variables
from domain.newsletters.generation import MAX_ITEMS
from domain.principals.actor import Actor
from domain.principals.models import Role
from domain.templates import service as templates
from domain.templates.context import PublicationData
from domain.templates.models import TemplateFormat
from domain.templates.rendering import RenderedMessage, prepare_message

BASE = "https://news.example.com"
ADMIN = Actor(name="digest-formatting", role=Role.ADMIN)
DIGEST = PublicationData(id=900, title="Daily digest 2026-12-07", kind="digest",
                         status="publishing")
SLACK_BLOCKS_MAX = 50
SLACK_SECTION_MAX = 3000
SLACK_HEADER_MAX = 150


def big_digest(items: int = MAX_ITEMS) -> dict[str, Any]:
    topics = {t: {"id": t, "name": f"Topic {t} " + "é" * 40, "slug": f"t{t}"}
              for t in range(1, 4)}
    publications = {
        p: {"id": p, "title": f"Story {p} " + "long title " * 60,
            "summary": "A summary with <b>markup</b> & \"quotes\" " * 80,
            "url": f"{BASE}/publications/{p}",
            "published_at": dt.datetime(2026, 12, 7, 6, tzinfo=dt.UTC)}
        for p in range(1, items + 1)}
    stored = [{"publication_id": p, "topic_id": 1 + p % 3, "score": 1.5,
               "reasons": ["in your topic"]} for p in publications]
    return {"digest": digest_variables("daily", "2026-12-07", stored, publications, topics)}


async def render(channel_type: ChannelType, extra: dict[str, Any]) -> RenderedMessage:
    prepared = await prepare_message(DIGEST, channel_type, base_url=BASE)
    return prepared.render({"id": 5, "email": "ada@example.org", "name": "Ada Lovelace"},
                           extra=extra)


async def test_email_digest_has_every_item_in_html_and_text(db) -> None:
    message = await render(ChannelType.EMAIL, big_digest())
    assert message.subject == f"Your daily digest: {MAX_ITEMS} new stories"
    assert message.html is not None and message.text is not None
    for p in range(1, MAX_ITEMS + 1):
        assert f'href="{BASE}/publications/{p}"' in message.html
        assert f"Read: {BASE}/publications/{p}" in message.text
    assert "&lt;b&gt;markup&lt;/b&gt;" in message.html  # summaries are escaped
    assert "Hi Ada" in message.html and "Topic 1" in message.html


async def test_slack_digest_stays_within_block_limits(db) -> None:
    message = await render(ChannelType.SLACK, big_digest())
    assert message.text == f"Your daily digest: {MAX_ITEMS} new"
    assert message.blocks is not None and len(message.blocks) <= SLACK_BLOCKS_MAX
    assert len(message.blocks[0]["text"]["text"]) <= SLACK_HEADER_MAX
    sections = [b for b in message.blocks if b["type"] == "section"]
    assert all(len(b["text"]["text"]) <= SLACK_SECTION_MAX for b in sections)
    linked = [b for b in sections if f"<{BASE}/publications/" in b["text"]["text"]]
    assert len(linked) == MAX_ITEMS


async def test_discord_digest_stays_within_embed_limits(db) -> None:
    message = await render(ChannelType.DISCORD, big_digest())
    assert message.embeds is not None and len(message.embeds) == EMBEDS_MAX
    assert sum(embed_length(embed) for embed in message.embeds) <= EMBED_TOTAL_MAX
    for embed in message.embeds:
        assert len(embed["title"]) <= TITLE_MAX
        assert len(embed.get("description", "")) <= DESCRIPTION_MAX
        assert embed["url"].startswith(f"{BASE}/publications/")
    assert message.content == f"Your daily digest: {MAX_ITEMS} new"


async def test_webhook_digest_lists_the_selected_items(db) -> None:
    message = await render(ChannelType.WEBHOOK, big_digest(3))
    payload = message.payload
    assert payload["type"] == "digest.ready"
    assert payload["data"]["digest"] == {"frequency": "daily", "period": "2026-12-07",
                                         "count": 3}
    assert [item["id"] for item in payload["data"]["items"]] == [1, 2, 3]
    assert payload["data"]["items"][0]["reasons"] == ["in your topic"]
    assert payload["data"]["recipient"]["email"] == "ada@example.org"
    json.dumps(payload)


async def test_a_stored_digest_template_overrides_one_block(db) -> None:
    await templates.create_template(
        ADMIN, name="digest", channel_type=ChannelType.EMAIL, format=TemplateFormat.HTML,
        source='{% extends "builtin/digest" %}{% block greeting %}<p>Morning, '
               '{{ subscriber.first_name }}!</p>{% endblock %}')
    message = await render(ChannelType.EMAIL, big_digest(2))
    assert message.html is not None
    assert "Morning, Ada!" in message.html and "is what is new" not in message.html
    assert f'href="{BASE}/publications/2"' in message.html  # the rest is inherited


def big_edition() -> dict[str, Any]:
    item = {"id": 1, "title": "A story " + "long " * 80, "summary": "Summary " * 40,
            "url": f"{BASE}/publications/1", "topic": {"id": 1, "name": "Topic", "slug": "t"},
            "reasons": ["in your topic Topic"], "score": 1.0}
    return {"newsletter": {
        "featured": {**item, "title": "Featured " + "x" * 400},
        "sections": [{"kind": "top_from_topics", "title": f"Section {n} " + "y" * 300,
                      "items": [item] * 10} for n in range(10)]}}


EDITION = PublicationData(id=901, title="The Friday letter " + "z" * 200, kind="newsletter",
                          summary="Our week " * 50, body="Hello from the **desk**.",
                          status="approved")


async def test_edition_templates_stay_within_every_providers_limits(db) -> None:
    """The largest edition (10 sections of 10 items) on every channel type."""
    extra = big_edition()

    async def edition(channel_type: ChannelType) -> RenderedMessage:
        prepared = await prepare_message(EDITION, channel_type, base_url=BASE)
        return prepared.render({"id": 5, "email": "ada@example.org", "name": "Ada"},
                               extra=extra)

    email = await edition(ChannelType.EMAIL)
    assert email.html is not None and email.text is not None
    assert "Hello from the <strong>desk</strong>" in email.html
    assert email.html.count(f'href="{BASE}/publications/1"') == 101
    assert "FEATURED: Featured" in email.text
    slack = await edition(ChannelType.SLACK)
    assert slack.blocks is not None and len(slack.blocks) <= SLACK_BLOCKS_MAX
    assert all(len(b["text"]["text"]) <= SLACK_SECTION_MAX
               for b in slack.blocks if b["type"] == "section")
    discord = await edition(ChannelType.DISCORD)
    assert discord.embeds is not None and len(discord.embeds) <= EMBEDS_MAX
    assert all(len(e["title"]) <= TITLE_MAX for e in discord.embeds)
    assert sum(embed_length(e) for e in discord.embeds) <= EMBED_TOTAL_MAX
    hook = await edition(ChannelType.WEBHOOK)
    assert len(hook.payload["data"]["newsletter"]["sections"]) == 10
