"""Templates, brands, publication presentation and renderPreview through the GraphQL API,
with the bad inputs (code, field, and nothing half-written)."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from domain.audience.models import Subscriber
from domain.channels.models import Channel, ChannelType
from domain.principals.actor import Actor
from domain.principals.models import Role
from domain.publications import service as publications
from domain.publications.models import Publication
from domain.templates.models import Brand, Template, TemplateVersion

EDITOR = {"role": "editor", "subject": "api-editor"}
AUTHOR = Actor(name="api-author", role=Role.EDITOR)
ADMIN = Actor(name="api-admin", role=Role.ADMIN)

BRAND_FIELDS = ("id name logoUrl primaryColor secondaryColor footer senderName senderEmail "
                "socialLinks")
CREATE_BRAND = f"mutation($input: CreateBrandInput!) {{ createBrand(input: $input) {{ "\
               f"{BRAND_FIELDS} }} }}"
UPDATE_BRAND = f"mutation($input: UpdateBrandInput!) {{ updateBrand(input: $input) {{ "\
               f"{BRAND_FIELDS} }} }}"
SET_CHANNEL_BRAND = """
mutation($input: SetChannelBrandInput!) { setChannelBrand(input: $input) { id name } }"""
BRANDS = "{ brands(first: 10) { edges { node { name channels { name } } } } }"
TEMPLATE_FIELDS = ("id name format currentVersion parentId source variables { name type "
                   "default description }")
CREATE_TEMPLATE = f"""
mutation($input: CreateTemplateInput!) {{
  createTemplate(input: $input) {{ {TEMPLATE_FIELDS} }} }}"""
UPDATE_TEMPLATE = f"""
mutation($input: UpdateTemplateInput!) {{
  updateTemplate(input: $input) {{ {TEMPLATE_FIELDS} }} }}"""
RESTORE = """
mutation($input: RestoreTemplateVersionInput!) {
  restoreTemplateVersion(input: $input) { currentVersion source variables { name } } }"""
VERSIONS = """
query($id: ID!) { template(id: $id) { ... on Template {
  versions { version source } version(number: 1) { source } } } }"""
SET_PRESENTATION = """
mutation($input: SetPublicationPresentationInput!) {
  setPublicationPresentation(input: $input) {
    brand { name } templates { format template { name } } variables pinnedTemplates { name }
  } }"""
PRESENTATION = """
query($id: ID!) { publicationPresentation(id: $id) {
  brand { name } templates { format template { name } } variables
  pinnedTemplates { format name version } } }"""
PREVIEW = """
query($input: RenderPreviewInput!) { renderPreview(input: $input) {
  channelType subject html text blocks embeds content payload
  templates { format name version } } }"""


def gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def assert_error(error: dict[str, Any], code: str, field: str | None = None) -> None:
    assert error["extensions"]["code"] == code, error
    if field is not None:
        assert error["extensions"].get("field") == field, error


# --- brands -------------------------------------------------------------------------------


async def test_create_update_and_list_brands(gql) -> None:
    brand = (await gql.data(CREATE_BRAND, {"input": {
        "name": "Acme", "logoUrl": "https://cdn.example.com/logo.png", "primaryColor": "#0B5FFF",
        "footer": "Acme Inc.", "senderName": "Acme News", "senderEmail": "News@Example.com",
        "socialLinks": {"mastodon": "https://social.example/@acme"}}}, **EDITOR))["createBrand"]
    assert brand["primaryColor"] == "#0b5fff" and brand["secondaryColor"] == "#202124"
    assert brand["senderEmail"] == "news@example.com"
    updated = (await gql.data(UPDATE_BRAND, {"input": {"id": brand["id"], "name": "Acme Co",
                                                       "logoUrl": ""}}, **EDITOR)
               )["updateBrand"]
    assert (updated["name"], updated["logoUrl"], updated["footer"]) == (
        "Acme Co", None, "Acme Inc.")
    channel = await Channel.create(name="mail", type=ChannelType.EMAIL)
    await gql.data(SET_CHANNEL_BRAND, {"input": {"channelId": gid("Channel", channel.id),
                                                 "brandId": brand["id"]}})
    listed = await gql.data(BRANDS, role="viewer")
    assert listed["brands"]["edges"] == [{"node": {"name": "Acme Co",
                                                   "channels": [{"name": "mail"}]}}]
    node = await gql.data("query($id: ID!) { node(id: $id) { ... on Brand { name } } }",
                          {"id": brand["id"]}, role="viewer")
    assert node == {"node": {"name": "Acme Co"}}


@pytest.mark.parametrize(("fields", "field"), [
    ({"name": " "}, "name"),
    ({"primaryColor": "red; background:url(javascript:x)"}, "primaryColor"),
    ({"secondaryColor": "#12345"}, "secondaryColor"),
    ({"logoUrl": "http://cdn.example.com/logo.png"}, "logoUrl"),
    ({"logoUrl": "javascript:alert(1)"}, "logoUrl"),
    ({"senderName": "Acme\r\nBcc: victim@example.com"}, "senderName"),
    ({"senderEmail": "not an address"}, "senderEmail"),
    ({"socialLinks": {"x": "http://insecure.example"}}, "socialLinks.x"),
    ({"socialLinks": {"Bad Name": "https://example.com"}}, "socialLinks.Bad Name"),
    ({"socialLinks": ["https://example.com"]}, "socialLinks"),
    ({"footer": "x" * 2001}, "footer"),
])
async def test_bad_brand_input_is_refused_and_nothing_is_written(gql, fields, field) -> None:
    error = await gql.error(CREATE_BRAND, {"input": {"name": "Acme", **fields}}, **EDITOR)
    assert_error(error, "BAD_USER_INPUT", field)
    assert await Brand.all().count() == 0


async def test_brand_conflicts_permissions_and_refused_updates(gql) -> None:
    first = (await gql.data(CREATE_BRAND, {"input": {"name": "Acme"}}, **EDITOR))["createBrand"]
    await gql.data(CREATE_BRAND, {"input": {"name": "Other"}}, **EDITOR)
    assert_error(await gql.error(CREATE_BRAND, {"input": {"name": "Acme"}}, **EDITOR),
                 "CONFLICT", "name")
    assert_error(await gql.error(UPDATE_BRAND, {"input": {"id": first["id"], "name": "Other"}},
                                 **EDITOR), "CONFLICT", "name")
    error = await gql.error(UPDATE_BRAND, {"input": {"id": first["id"], "name": "New",
                                                     "primaryColor": "blue"}}, **EDITOR)
    assert_error(error, "BAD_USER_INPUT", "primaryColor")
    assert (await Brand.get(id=int(base64.b64decode(first["id"]).decode().split(":")[1]))
            ).name == "Acme"  # the valid field of a refused update was not written either
    assert_error(await gql.error(CREATE_BRAND, {"input": {"name": "V"}}, role="viewer"),
                 "FORBIDDEN")
    channel = await Channel.create(name="mail", type=ChannelType.EMAIL)
    assert_error(await gql.error(SET_CHANNEL_BRAND, {"input": {
        "channelId": gid("Channel", channel.id), "brandId": first["id"]}}, **EDITOR),
        "FORBIDDEN")
    assert_error(await gql.error(SET_CHANNEL_BRAND, {"input": {
        "channelId": gid("Channel", channel.id), "brandId": gid("Brand", 999)}}),
        "BAD_USER_INPUT", "brandId")
    assert (await Channel.get(id=channel.id)).brand_id is None
    assert await Brand.all().count() == 2


# --- templates ----------------------------------------------------------------------------


async def create(gql, **fields: Any) -> dict[str, Any]:
    values = {"name": "welcome", "channelType": "EMAIL", "source": "Hi", **fields}
    return (await gql.data(CREATE_TEMPLATE, {"input": values}, **EDITOR))["createTemplate"]


async def test_formats_variables_versions_and_restore(gql) -> None:
    html = await create(gql, name="news", source="<p>{{ greeting }}</p>", variables=[
        {"name": "greeting", "type": "STRING", "default": "Hello", "description": "first line"}])
    text = await create(gql, name="news", format="TEXT", source="{{ greeting }}")
    assert (html["format"], text["format"]) == ("HTML", "TEXT")  # same name, other format
    assert html["variables"] == [{"name": "greeting", "type": "STRING", "default": "Hello",
                                  "description": "first line"}]
    v2 = (await gql.data(UPDATE_TEMPLATE, {"input": {"id": html["id"], "variables": [
        {"name": "greeting", "type": "STRING", "default": "Welcome"}]}}, **EDITOR)
          )["updateTemplate"]
    assert v2["currentVersion"] == 2 and v2["variables"][0]["default"] == "Welcome"
    await gql.data(UPDATE_TEMPLATE, {"input": {"id": html["id"], "source": "<p>v3</p>",
                                               "variables": []}}, **EDITOR)
    restored = (await gql.data(RESTORE, {"input": {"id": html["id"], "version": 1}}, **EDITOR)
                )["restoreTemplateVersion"]
    assert restored == {"currentVersion": 4, "source": "<p>{{ greeting }}</p>",
                        "variables": [{"name": "greeting"}]}
    versions = (await gql.data(VERSIONS, {"id": html["id"]}, role="viewer"))["template"]
    assert [v["version"] for v in versions["versions"]] == [4, 3, 2, 1]
    assert versions["version"] == {"source": "<p>{{ greeting }}</p>"}
    assert_error(await gql.error(RESTORE, {"input": {"id": html["id"], "version": 9}},
                                 **EDITOR), "BAD_USER_INPUT", "version")
    assert await TemplateVersion.filter(template__name="news", template__format="html"
                                        ).count() == 4


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"source": "Hello {{ name }}\n{% if vip %}\nWelcome {{ name }\n{% endif %}"}, "source",
     "line 3, column 17"),
    ({"source": "ok\n  {{ x|no_such_filter }}"}, "source", "line 2, column 8"),
    ({"source": "{% extends 'nowhere' %}"}, "source", "unknown template 'nowhere'"),
    ({"source": "{% include layout_name %}"}, "source", "quoted name"),
    ({"channelType": "RSS"}, "channelType", "feeds"),
    ({"channelType": "SLACK", "format": "HTML"}, "format", "slack"),
    ({"name": "builtin/base"}, "name", "reserved"),
    ({"variables": [{"name": "Bad-Name", "type": "STRING"}]}, "variables[0].name", "lowercase"),
    ({"variables": [{"name": "brand", "type": "STRING"}]}, "variables[0].name", "reserved"),
    ({"variables": [{"name": "n", "type": "NUMBER", "default": "ten"}]},
     "variables[0].default", "number"),
    ({"variables": [{"name": "a", "type": "URL", "default": "ftp://x"}]},
     "variables[0].default", "URL"),
    ({"variables": [{"name": "a", "type": "STRING"}, {"name": "a", "type": "NUMBER"}]},
     "variables[1].name", "twice"),
])
async def test_bad_template_input(gql, fields, field, message) -> None:
    error = await gql.error(CREATE_TEMPLATE, {"input": {
        "name": "t", "channelType": "EMAIL", "source": "ok", **fields}}, **EDITOR)
    assert_error(error, "BAD_USER_INPUT", field)
    assert message in error["message"], error
    assert await Template.all().count() == 0
    assert await TemplateVersion.all().count() == 0


async def test_extends_and_parent_must_agree(gql) -> None:
    base = await create(gql, name="base", source="[{% block content %}{% endblock %}]")
    other = await create(gql, name="other", source="<{% block content %}{% endblock %}>")
    error = await gql.error(CREATE_TEMPLATE, {"input": {
        "name": "child", "channelType": "EMAIL", "source": "{% extends 'base' %}",
        "parentId": other["id"]}}, **EDITOR)
    assert_error(error, "BAD_USER_INPUT", "parentId")
    child = await create(gql, name="child", source="{% extends 'base' %}")
    assert child["parentId"] == base["id"]
    # a template may not come to extend itself through another one
    error = await gql.error(UPDATE_TEMPLATE, {"input": {
        "id": base["id"], "source": "{% extends 'child' %}"}}, **EDITOR)
    assert_error(error, "BAD_USER_INPUT")
    assert "cycle" in error["message"]
    assert (await Template.get(name="base")).current_version == 1


# --- presentation -------------------------------------------------------------------------


async def _draft(channel_types: tuple[ChannelType, ...] = (ChannelType.EMAIL,)) -> Publication:
    channels = [await Channel.create(name=f"ch-{kind.value}", type=kind)
                for kind in channel_types]
    return await publications.create_publication(
        AUTHOR, title="Launch", summary="We launched.", body="**Big** news",
        channel_ids=[channel.id for channel in channels])


async def test_set_and_read_a_publications_presentation(gql) -> None:
    brand = (await gql.data(CREATE_BRAND, {"input": {"name": "Acme"}}, **EDITOR))["createBrand"]
    template = await create(gql, name="promo", source="{{ code }}", variables=[
        {"name": "code", "type": "STRING", "default": "NONE"}])
    publication = await _draft()
    data = await gql.data(SET_PRESENTATION, {"input": {
        "id": gid("Publication", publication.id), "brandId": brand["id"],
        "templates": [{"format": "HTML", "templateId": template["id"]}],
        "variables": {"code": "SPRING"}}}, **EDITOR)
    assert data["setPublicationPresentation"] == {
        "brand": {"name": "Acme"}, "templates": [{"format": "HTML",
                                                  "template": {"name": "promo"}}],
        "variables": {"code": "SPRING"}, "pinnedTemplates": None}
    await publications.submit_for_review(AUTHOR, publication.id)
    await publications.approve(ADMIN, publication.id)
    read = (await gql.data(PRESENTATION, {"id": gid("Publication", publication.id)},
                           role="viewer"))["publicationPresentation"]
    assert read["pinnedTemplates"] == [{"format": "HTML", "name": "promo", "version": 1}]
    error = await gql.error(SET_PRESENTATION, {"input": {
        "id": gid("Publication", publication.id), "templates": []}}, **EDITOR)
    assert_error(error, "CONFLICT", "id")  # approved: its look is settled


@pytest.mark.parametrize(("build", "field"), [
    (lambda t, s: {"brandId": gid("Brand", 999)}, "brandId"),
    (lambda t, s: {"templates": [{"format": "HTML", "templateId": gid("Template", 999)}]},
     "templates[0].templateId"),
    (lambda t, s: {"templates": [{"format": "HTML", "templateId": s}]},
     "templates[0].templateId"),
    (lambda t, s: {"templates": [{"format": "HTML", "templateId": t},
                                 {"format": "HTML", "templateId": t}]}, "templates[1].format"),
    (lambda t, s: {"templates": [{"format": "HTML", "templateId": t}],
                   "variables": {"unknown": 1}}, "variables.unknown"),
    (lambda t, s: {"templates": [{"format": "HTML", "templateId": t}],
                   "variables": {"code": 5}}, "variables.code"),
    (lambda t, s: {"variables": ["not", "an", "object"]}, "variables"),
])
async def test_bad_presentation_input_changes_nothing(gql, build, field) -> None:
    template = await create(gql, name="promo", source="{{ code }}", variables=[
        {"name": "code", "type": "STRING"}])
    slack = await create(gql, name="s", channelType="SLACK", source='{"text": "x"}')
    publication = await _draft()
    error = await gql.error(SET_PRESENTATION, {"input": {
        "id": gid("Publication", publication.id), **build(template["id"], slack["id"])}},
        **EDITOR)
    assert_error(error, "BAD_USER_INPUT", field)
    row = await Publication.get(id=publication.id)
    assert (row.brand_id, row.template_choices, row.template_variables) == (None, {}, {})


# --- preview ------------------------------------------------------------------------------


async def test_preview_of_a_publication_in_every_channel_type(gql) -> None:
    publication = await _draft((ChannelType.EMAIL, ChannelType.SLACK))
    subscriber = await Subscriber.create(email="ada@example.com", name="Ada Lovelace")
    email = (await gql.data(PREVIEW, {"input": {
        "publicationId": gid("Publication", publication.id), "channelType": "EMAIL",
        "subscriberId": gid("Subscriber", subscriber.id)}}, role="viewer"))["renderPreview"]
    assert email["subject"] == "Launch" and "Hi Ada," in email["html"]
    assert "<strong>Big</strong>" in email["html"] and "**Big** news" in email["text"]
    assert 'href="#unsubscribe"' in email["html"]
    assert email["templates"] == []  # built-in layouts only
    slack = (await gql.data(PREVIEW, {"input": {
        "publicationId": gid("Publication", publication.id), "channelType": "SLACK"}},
        role="viewer"))["renderPreview"]
    assert slack["text"] == "Launch" and slack["blocks"][0]["type"] == "header"
    discord = (await gql.data(PREVIEW, {"input": {
        "publicationId": gid("Publication", publication.id), "channelType": "DISCORD"}},
        role="viewer"))["renderPreview"]
    assert discord["embeds"][0]["title"] == "Launch"
    webhook = (await gql.data(PREVIEW, {"input": {
        "publicationId": gid("Publication", publication.id), "channelType": "WEBHOOK"}},
        role="viewer"))["renderPreview"]
    assert webhook["payload"]["data"]["publication"]["title"] == "Launch"


async def test_preview_of_a_template_and_of_an_older_version(gql) -> None:
    template = await create(gql, name="t", source="v1 {{ publication.title }} {{ extra }}",
                            variables=[{"name": "extra", "type": "STRING", "default": "d"}])
    await gql.data(UPDATE_TEMPLATE, {"input": {"id": template["id"],
                                               "source": "v2 {{ publication.title }}"}},
                   **EDITOR)
    current = (await gql.data(PREVIEW, {"input": {"templateId": template["id"]}},
                              role="viewer"))["renderPreview"]
    assert current["html"] == "v2 A sample publication"
    assert current["templates"] == [{"format": "HTML", "name": "t", "version": 2}]
    old = (await gql.data(PREVIEW, {"input": {"templateId": template["id"], "version": 1,
                                              "variables": {"extra": "given"}}},
                          role="viewer"))["renderPreview"]
    assert old["html"] == "v1 A sample publication given"


@pytest.mark.parametrize(("input", "code", "field"), [
    ({}, "BAD_USER_INPUT", "channelType"),
    ({"templateId": gid("Template", 999)}, "NOT_FOUND", "templateId"),
    ({"publicationId": gid("Publication", 999), "channelType": "EMAIL"}, "NOT_FOUND",
     "publicationId"),
    ({"publicationId": "P"}, "BAD_USER_INPUT", None),
    ({"templateId": "T", "channelType": "SLACK"}, "BAD_USER_INPUT", "channelType"),
    ({"templateId": "T", "version": 7}, "BAD_USER_INPUT", "version"),
    ({"templateId": "T", "subscriberId": gid("Subscriber", 999)}, "BAD_USER_INPUT",
     "subscriberId"),
    ({"templateId": "T", "brandId": gid("Brand", 999)}, "BAD_USER_INPUT", "brandId"),
    ({"templateId": "T", "variables": {"nope": 1}}, "BAD_USER_INPUT", "variables.nope"),
    ({"publicationId": "P", "channelType": "RSS"}, "BAD_USER_INPUT", "channelType"),
    ({"templateId": "T", "channelId": "C"}, "BAD_USER_INPUT", "channelId"),
])
async def test_bad_preview_input(gql, input, code, field) -> None:
    template = await create(gql)
    publication = await _draft()
    channel = await Channel.create(name="chat", type=ChannelType.SLACK)
    replace = {"T": template["id"], "P": gid("Publication", publication.id),
               "C": gid("Channel", channel.id)}
    values = {key: replace.get(value, value) if isinstance(value, str) else value
              for key, value in input.items()}
    error = await gql.error(PREVIEW, {"input": values}, role="viewer")
    assert_error(error, code, field)


async def test_preview_of_the_default_layout_with_a_brand(gql) -> None:
    brand = (await gql.data(CREATE_BRAND, {"input": {"name": "Acme", "primaryColor": "#123456"}},
                            **EDITOR))["createBrand"]
    html = (await gql.data(PREVIEW, {"input": {"channelType": "EMAIL", "brandId": brand["id"]}},
                           role="viewer"))["renderPreview"]["html"]
    assert "Acme" in html and "#123456" in html and "A sample publication" in html
    missing = await gql.data("query($id: ID!) { publicationPresentation(id: $id) { variables } }",
                             {"id": gid("Publication", 999)}, role="viewer")
    assert missing == {"publicationPresentation": None}


async def test_preview_needs_a_token(gql) -> None:
    error = await gql.error(PREVIEW, {"input": {"channelType": "EMAIL"}}, role=None)
    assert_error(error, "UNAUTHENTICATED")
