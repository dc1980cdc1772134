"""Rendering through the public API (domain.templates.rendering) on real stored templates:
inheritance across stored templates, includes, brands in every channel, variables,
escaping per format, version pinning at approval, and the database-free bulk path."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from domain.audience.models import Subscriber, Topic
from domain.channels.models import Channel, ChannelType
from domain.principals.actor import Actor
from domain.principals.models import Role
from domain.publications import service as publications
from domain.publications.models import Publication, PublicationStatus
from domain.templates import brands, presentation, service
from domain.templates.errors import TemplateError
from domain.templates.models import TemplateFormat
from domain.templates.rendering import prepare_message, render_for
from tests.graphql_client import count_queries

ADMIN = Actor(name="render-admin", role=Role.ADMIN)
AUTHOR = Actor(name="render-author", role=Role.EDITOR)
BASE_URL = "https://news.example.com"
LINKS = {"unsubscribe": "https://news.example.com/u/abc?x=1&y=2",
         "preferences": "https://news.example.com/p/abc"}
ALL_CHANNEL_TYPES = (ChannelType.EMAIL, ChannelType.SLACK, ChannelType.DISCORD,
                     ChannelType.WEBHOOK)


async def _publication(**fields: object) -> Publication:
    topic = await Topic.get_or_none(slug="product") or await Topic.create(
        slug="product", name="Product")
    publication = await Publication.create(
        title=fields.pop("title", "Spring release"),
        summary=fields.pop("summary", "Everything new this spring."),
        body=fields.pop("body", "## Highlights\n\n- faster\n- **safer**"), **fields)
    await publication.topics.add(topic)
    return publication


async def _subscriber(**fields: object) -> Subscriber:
    values = {"email": "ada@example.com", "name": "Ada Lovelace",
              "attributes": {"plan": "pro"}, **fields}
    return await Subscriber.create(**values)


def _text_of(message) -> str:
    """Everything a message shows, whatever its channel type, as one string."""
    parts = [message.subject, message.html, message.text, message.content]
    parts += [json.dumps(value) for value in (message.blocks, message.embeds, message.payload)
              if value is not None]
    return "\n".join(part for part in parts if part)


async def test_inheritance_three_levels_deep_across_stored_templates(db) -> None:
    await service.create_template(AUTHOR, name="shell", channel_type=ChannelType.EMAIL, source=(
        "<html><body style=\"color:{{ brand.primary_color }}\">"
        "<header>{% block header %}SHELL-HEADER{% endblock %}</header>"
        "<main>{% block content %}{% endblock %}</main>"
        "<footer>{% block footer %}SHELL-FOOTER {{ brand.name }}{% endblock %}</footer>"
        "</body></html>"))
    await service.create_template(AUTHOR, name="signature", channel_type=ChannelType.EMAIL,
                                  source="<p class=\"sig\">-- {{ brand.sender_name }}</p>")
    await service.create_template(AUTHOR, name="newsletter-layout",
                                  channel_type=ChannelType.EMAIL, source=(
        "{% extends \"shell\" %}"
        "{% block header %}LAYOUT-HEADER {{ super() }}{% endblock %}"
        "{% block content %}<section>{% block article %}{% endblock %}</section>"
        "{% include \"signature\" %}{% endblock %}"))
    leaf = await service.create_template(AUTHOR, name="spring", channel_type=ChannelType.EMAIL,
                                         source=(
        "{% extends \"newsletter-layout\" %}"
        "{% block subject %}News for {{ subscriber.first_name or 'you' }}{% endblock %}"
        "{% block article %}<h1>{{ publication.title }}</h1>{{ publication.body_html }}"
        "{% endblock %}"))
    # the parent link follows the quoted {% extends %}
    layout = await service.get_template(leaf.parent_id)
    assert layout.name == "newsletter-layout"
    assert (await service.get_template(layout.parent_id)).name == "shell"

    brand = await brands.create_brand(ADMIN, name="Acme", primary_color="#0B5FFF",
                                      sender_name="The Acme team")
    publication = await _publication(brand_id=brand.id)
    await presentation.set_presentation(AUTHOR, publication.id, brand_id=brand.id,
                                        templates=[(TemplateFormat.HTML, leaf.id)],
                                        variables=None)
    publication = await Publication.get(id=publication.id)
    message = await render_for(publication, ChannelType.EMAIL, await _subscriber(),
                               links=LINKS, base_url=BASE_URL)

    html = message.html
    assert message.subject == "News for Ada"
    assert re.search(r"<header>LAYOUT-HEADER SHELL-HEADER</header>", html)
    assert "<section><h1>Spring release</h1><h2>Highlights</h2>" in html
    assert "<strong>safer</strong>" in html
    assert '<p class="sig">-- The Acme team</p>' in html
    assert "SHELL-FOOTER Acme" in html
    assert 'style="color:#0b5fff"' in html
    # the text part falls back to the built-in text layout, branded as well
    assert message.text.startswith("Acme\n")
    assert "Hi Ada," in message.text and "Unsubscribe: " + LINKS["unsubscribe"] in message.text
    assert [name for name, _, _ in message.templates["html"]] == [
        "newsletter-layout", "shell", "signature", "spring"]


async def test_a_brand_change_shows_in_every_channels_output(db) -> None:
    brand = await brands.create_brand(
        ADMIN, name="Old Name", primary_color="#112233", footer="Old footer",
        social_links={"mastodon": "https://social.example/@old"})
    publication = await _publication()
    channels = {kind: await Channel.create(name=f"c-{kind.value}", type=kind, brand=brand)
                for kind in ALL_CHANNEL_TYPES}
    subscriber = await _subscriber()

    async def outputs() -> dict[ChannelType, str]:
        return {kind: _text_of(await render_for(publication, kind, subscriber,
                                                channel=channel, links=LINKS))
                for kind, channel in channels.items()}

    before = await outputs()
    for kind, text in before.items():
        assert "Old Name" in text, kind
    await brands.update_brand(ADMIN, brand.id, name="New Name", primary_color="#abcdef",
                              footer="New footer")
    after = await outputs()
    for kind, text in after.items():
        assert "New Name" in text and "Old Name" not in text, kind
    assert "#abcdef" in after[ChannelType.EMAIL]
    assert "New footer" in after[ChannelType.EMAIL] and "Old footer" not in after[
        ChannelType.EMAIL]
    embed = json.loads(after[ChannelType.DISCORD])[0]
    assert embed["color"] == 0xABCDEF and embed["footer"] == {"text": "New footer"}


async def test_publication_brand_wins_over_the_channel_brand(db) -> None:
    channel_brand = await brands.create_brand(ADMIN, name="Channel brand")
    own_brand = await brands.create_brand(ADMIN, name="Publication brand")
    channel = await Channel.create(name="mail", type=ChannelType.EMAIL, brand=channel_brand)
    plain = await _publication()
    branded = await _publication(brand_id=own_brand.id)
    assert "Channel brand" in (await render_for(plain, ChannelType.EMAIL,
                                                channel=channel)).html
    html = (await render_for(branded, ChannelType.EMAIL, channel=channel)).html
    assert "Publication brand" in html and "Channel brand" not in html
    unbranded = await render_for(plain, ChannelType.EMAIL)  # no channel, no brand: neutral
    assert "#1a73e8" in unbranded.html


async def test_variables_defaults_values_and_missing_ones(db) -> None:
    template = await service.create_template(
        AUTHOR, name="promo", channel_type=ChannelType.EMAIL,
        variables=[{"name": "discount", "type": "number", "default": 10},
                   {"name": "code", "type": "string", "default": "SPRING"},
                   {"name": "ends", "type": "datetime", "default": "2026-04-01T00:00:00+00:00"},
                   {"name": "perks", "type": "list", "default": ["a", "b"]}],
        source=("{{ discount }}% with {{ code }} until {{ ends|date('%d %B %Y') }}; "
                "perks: {% for perk in perks %}[{{ perk }}]{% endfor %}; "
                "plan={{ subscriber.attributes.plan }}; "
                "missing=[{{ subscriber.attributes.nope.deeper }}{{ nothing + 1 }}"
                "{{ nothing|date }}{{ nothing|truncate_html(5) }}]; "
                "{% if subscriber.attributes.vip %}VIP{% else %}regular{% endif %}"))
    publication = await _publication()
    await presentation.set_presentation(AUTHOR, publication.id, brand_id=None,
                                        templates=[(TemplateFormat.HTML, template.id)],
                                        variables={"discount": 25})
    publication = await Publication.get(id=publication.id)
    message = await render_for(publication, ChannelType.EMAIL, await _subscriber())
    assert message.html == ("25% with SPRING until 01 April 2026; perks: [a][b]; plan=pro; "
                            "missing=[]; regular")
    # the caller's extras win; an ill-typed extra falls back instead of failing the send
    prepared = await prepare_message(publication, ChannelType.EMAIL)
    assert prepared.render(None, extra={"code": "VIP50"}).html.startswith("25% with VIP50")
    assert prepared.render(None, extra={"discount": "lots"}).html.startswith("25% with")


async def test_values_are_escaped_for_each_format(db) -> None:
    hostile = '<script>alert("x")</script> & <!channel> "quoted" \\ back'
    publication = await _publication(title=hostile, summary=hostile, body="plain body")
    subscriber = await _subscriber(name=hostile)
    email = await render_for(publication, ChannelType.EMAIL, subscriber)
    assert "<script>" not in email.html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in email.html
    assert email.subject == hostile  # the subject is text, not HTML
    assert hostile in email.text  # plain text is not HTML-escaped
    slack = await render_for(publication, ChannelType.SLACK)
    assert slack.text == hostile.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert "<!channel>" not in json.dumps(slack.blocks[1:])
    discord = await render_for(publication, ChannelType.DISCORD)
    assert discord.embeds[0]["title"] == hostile
    webhook = await render_for(publication, ChannelType.WEBHOOK, subscriber)
    assert webhook.payload["data"]["publication"]["title"] == hostile
    assert webhook.payload["data"]["recipient"]["name"] == hostile


async def test_template_syntax_in_data_is_never_evaluated(db) -> None:
    publication = await _publication(title="{{ 7*7 }}", body="{% for x in range(3) %}x{% endfor %}")
    subscriber = await _subscriber(name="{{ ''.__class__ }}")
    message = await render_for(publication, ChannelType.EMAIL, subscriber)
    assert "{{ 7*7 }}" in message.html and "49" not in message.html
    assert "{% for x in range(3) %}" in message.html
    webhook = await render_for(publication, ChannelType.WEBHOOK, subscriber)
    assert webhook.payload["data"]["recipient"]["name"] == "{{ ''.__class__ }}"


async def test_approval_pins_the_template_versions(db) -> None:
    await Subscriber.create(email="x@example.com")
    base = await service.create_template(AUTHOR, name="base", channel_type=ChannelType.SLACK,
                                         source='{"text": "BASE-V1 {% block t %}{% endblock %}"}')
    leaf = await service.create_template(AUTHOR, name="leaf", channel_type=ChannelType.SLACK,
                                         source='{% extends "base" %}{% block t %}LEAF-V1'
                                                '{% endblock %}')
    channel = await Channel.create(name="slack", type=ChannelType.SLACK)
    publication = await publications.create_publication(AUTHOR, title="Pinned",
                                                        channel_ids=[channel.id])
    await presentation.set_presentation(AUTHOR, publication.id, brand_id=None,
                                        templates=[(TemplateFormat.SLACK, leaf.id)],
                                        variables=None)
    await publications.submit_for_review(AUTHOR, publication.id)
    approved = await publications.approve(ADMIN, publication.id)
    assert approved.template_pins["slack"]["root"] == "leaf"
    assert approved.template_pins["slack"]["templates"] == {
        "base": [base.id, 1, None], "leaf": [leaf.id, 1, None]}

    await service.update_template(AUTHOR, base.id,
                                  source='{"text": "BASE-V2 {% block t %}{% endblock %}"}')
    await service.update_template(AUTHOR, leaf.id,
                                  source='{% extends "base" %}{% block t %}LEAF-V2'
                                         '{% endblock %}')
    pinned = await render_for(approved, ChannelType.SLACK, channel=channel)
    assert pinned.text == "BASE-V1 LEAF-V1"
    draft = await _publication()
    draft.template_choices = {"slack": leaf.id}
    await draft.save()
    assert (await render_for(draft, ChannelType.SLACK)).text == "BASE-V2 LEAF-V2"


async def test_a_stored_default_and_base_restyle_the_built_in_messages(db) -> None:
    publication = await _publication()
    before = await render_for(publication, ChannelType.EMAIL)
    assert "Spring release" in before.html
    await service.create_template(AUTHOR, name="base", channel_type=ChannelType.EMAIL, source=(
        '{% extends "builtin/base" %}{% block header %}CUSTOM HEADER{% endblock %}'))
    after = await render_for(publication, ChannelType.EMAIL)
    assert "CUSTOM HEADER" in after.html and "<h1" in after.html  # built-in default, our base
    await service.create_template(AUTHOR, name="default", channel_type=ChannelType.EMAIL,
                                  format=TemplateFormat.TEXT,
                                  source="TEXT for {{ publication.title }}")
    assert (await render_for(publication, ChannelType.EMAIL)).text == "TEXT for Spring release"


async def test_layout_parent_without_extends_fills_the_content_block(db) -> None:
    layout = await service.create_template(
        AUTHOR, name="frame", channel_type=ChannelType.EMAIL,
        source="[top]{% block content %}{% endblock %}[bottom]")
    body = await service.create_template(AUTHOR, name="body", channel_type=ChannelType.EMAIL,
                                         parent_id=layout.id, source="Hello {{ brand.name }}")
    publication = await _publication()
    publication.template_choices = {"html": body.id}
    await publication.save()
    message = await render_for(publication, ChannelType.EMAIL,
                               brand=await brands.create_brand(ADMIN, name="Acme"))
    assert message.html == "[top]Hello Acme[bottom]"


async def test_bulk_path_renders_without_touching_the_database(db) -> None:
    publication = await _publication()
    subscribers = [await _subscriber(email=f"r{index}@example.com", name=f"Reader {index}")
                   for index in range(20)]
    prepared = await prepare_message(publication, ChannelType.EMAIL, base_url=BASE_URL)
    with count_queries() as statements:
        messages = [prepared.render(person, links={"unsubscribe": f"{BASE_URL}/u/{i}"})
                    for i, person in enumerate(subscribers)]
    assert statements == []
    for index, message in enumerate(messages):
        assert "Hi Reader," in message.html
        assert f'href="{BASE_URL}/u/{index}"' in message.html
        assert f"Unsubscribe: {BASE_URL}/u/{index}\n" in message.text
    assert f"{BASE_URL}/publications/{publication.id}" in messages[0].html


async def test_rss_channels_have_no_rendered_message(db) -> None:
    with pytest.raises(Exception) as raised:
        await render_for(await _publication(), ChannelType.RSS)
    assert getattr(raised.value, "field", None) == "channelType"


async def test_a_data_dependent_failure_names_the_template_and_line(db) -> None:
    template = await service.create_template(
        AUTHOR, name="divider", channel_type=ChannelType.EMAIL,
        source="line one\n{{ publication.title }}\n{{ 10 // (subscriber.attributes.n|int) }}")
    publication = await _publication()
    publication.template_choices = {"html": template.id}
    await publication.save()
    with pytest.raises(TemplateError) as raised:
        await render_for(publication, ChannelType.EMAIL, await _subscriber(
            attributes={"n": 0}))
    assert "ZeroDivisionError" in raised.value.message
    assert raised.value.location == "template 'divider' v1, line 3"
    # with a usable value the same template renders
    ok = await render_for(publication, ChannelType.EMAIL,
                          await _subscriber(email="b@example.com", attributes={"n": 5}))
    assert ok.html.endswith("2")


async def test_dates_markdown_and_safe_truncation(db) -> None:
    template = await service.create_template(
        AUTHOR, name="filters", channel_type=ChannelType.EMAIL, source=(
            "{{ publication.published_at|date('%Y-%m-%d %H:%M', 'Europe/Paris') }}|"
            "{{ publication.published_at|date('rfc2822') }}|"
            "{{ publication.body|markdown|truncate_html(12) }}|"
            "{{ publication.summary|truncate_html(10) }}"))
    publication = await _publication(
        body="**Bold words** and [a link](https://example.com) and <b>raw html</b>",
        summary="Short words that go on", status=PublicationStatus.PUBLISHED,
        published_at=dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC))
    publication.template_choices = {"html": template.id}
    await publication.save()
    html = (await render_for(publication, ChannelType.EMAIL)).html
    paris, rfc, markdown, plain = html.split("|")
    assert paris == "2026-03-01 13:00"
    assert rfc == "Sun, 01 Mar 2026 12:00:00 +0000"
    assert markdown == "<p><strong>Bold words</strong>…</p>"
    assert plain == "Short…"
    full = await render_for(await _publication(body="<b>raw html</b> [x](javascript:alert(1))"),
                            ChannelType.EMAIL)
    assert "<b>raw" not in full.html and "&lt;b&gt;raw html&lt;/b&gt;" in full.html
    assert 'href="javascript' not in full.html
