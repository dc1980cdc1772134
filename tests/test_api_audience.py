"""Topics, subscribers and their preferences through the GraphQL API: what is stored, every
refusal with its code and field, and that a refused call leaves nothing half-written."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest

from domain.audience.models import Frequency, Subscriber, SubscriberPreference, Topic

TOPIC_FIELDS = "id slug name description createdAt"
SUBSCRIBER_FIELDS = """
  id email externalId name attributes timezone locale status consentGivenAt consentWithdrawnAt
  createdAt
  quietHours { start end } dailyCap channelOrder { id }
  preferences { frequency topic { id slug } channel { id name } }
"""
CREATE_TOPIC = f"""
mutation($input: CreateTopicInput!) {{ createTopic(input: $input) {{ {TOPIC_FIELDS} }} }}
"""
UPDATE_TOPIC = f"""
mutation($input: UpdateTopicInput!) {{ updateTopic(input: $input) {{ {TOPIC_FIELDS} }} }}
"""
TOPICS = f"""
query($first: Int!, $after: String) {{
  topics(first: $first, after: $after) {{
    edges {{ node {{ {TOPIC_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }}
  }}
}}"""
CREATE_CHANNEL = """
mutation($input: CreateChannelInput!) { createChannel(input: $input) { id name } }
"""
CREATE_SUBSCRIBER = f"""
mutation($input: CreateSubscriberInput!) {{
  createSubscriber(input: $input) {{ {SUBSCRIBER_FIELDS} }}
}}"""
UPDATE_PREFERENCES = f"""
mutation($input: UpdateSubscriberPreferencesInput!) {{
  updateSubscriberPreferences(input: $input) {{ {SUBSCRIBER_FIELDS} }}
}}"""
UNSUBSCRIBE = f"""
mutation($input: UnsubscribeInput!) {{ unsubscribe(input: $input) {{ {SUBSCRIBER_FIELDS} }} }}
"""
GET_SUBSCRIBER = f"query($id: ID!) {{ subscriber(id: $id) {{ {SUBSCRIBER_FIELDS} }} }}"
SUBSCRIBERS = """
query($first: Int!, $after: String, $filter: SubscriberFilter) {
  subscribers(first: $first, after: $after, filter: $filter) {
    edges { node { id email status } } pageInfo { hasNextPage endCursor }
  }
}"""

EDITOR = {"role": "editor", "subject": "erin-editor"}


def gid(type_name: str, pk: int | str) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def pk_of(global_id: str) -> int:
    return int(base64.b64decode(global_id).decode().partition(":")[2])


def assert_error(error: dict[str, Any], code: str, field: str | None = None) -> None:
    assert error["extensions"]["code"] == code, error
    if field is not None:
        assert error["extensions"].get("field") == field, error


async def create_topic(gql, slug: str, name: str = "A topic", **extra: Any) -> dict[str, Any]:
    data = await gql.data(CREATE_TOPIC, {"input": {"slug": slug, "name": name, **extra}},
                          **EDITOR)
    return data["createTopic"]


async def create_subscriber(gql, **fields: Any) -> dict[str, Any]:
    return (await gql.data(CREATE_SUBSCRIBER, {"input": fields}, **EDITOR))["createSubscriber"]


@pytest.fixture
async def refs(gql) -> dict[str, str]:
    """Topics `news` and `eng`; channels `mail` (email) and `chat` (slack)."""
    news = await create_topic(gql, "news", "News")
    eng = await create_topic(gql, "eng", "Engineering")
    mail = await gql.data(CREATE_CHANNEL, {"input": {
        "name": "mail", "type": "EMAIL", "config": {"from_address": "news@example.com"}}})
    chat = await gql.data(CREATE_CHANNEL, {"input": {
        "name": "chat", "type": "SLACK",
        "secrets": {"webhook_url": "https://hooks.slack.com/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX"}}})
    return {"news": news["id"], "eng": eng["id"], "mail": mail["createChannel"]["id"],
            "chat": chat["createChannel"]["id"]}


async def stored_preferences(subscriber_id: str) -> set[tuple[int, int, str]]:
    rows = await SubscriberPreference.filter(subscriber_id=pk_of(subscriber_id))
    return {(row.topic_id, row.channel_id, row.frequency.value) for row in rows}


# --- topics -------------------------------------------------------------------------------


async def test_create_and_list_topics(gql) -> None:
    before = dt.datetime.now(dt.UTC)
    topic = await create_topic(gql, "release-notes", "  Release notes ",
                               description="What shipped")
    assert topic["slug"] == "release-notes"
    assert topic["name"] == "Release notes"
    assert topic["description"] == "What shipped"
    assert dt.datetime.fromisoformat(topic["createdAt"]) >= before - dt.timedelta(seconds=1)
    row = await Topic.get(id=pk_of(topic["id"]))
    assert (row.slug, row.name) == ("release-notes", "Release notes")

    await create_topic(gql, "b2")
    listed = (await gql.data(TOPICS, {"first": 10}, role="viewer"))["topics"]
    assert [edge["node"]["slug"] for edge in listed["edges"]] == ["release-notes", "b2"]


async def test_duplicate_slug_is_a_conflict(gql) -> None:
    await create_topic(gql, "news", "News")
    error = await gql.error(CREATE_TOPIC, {"input": {"slug": "news", "name": "Other"}},
                            **EDITOR)
    assert_error(error, "CONFLICT", "slug")
    assert await Topic.all().count() == 1
    assert (await Topic.get(slug="news")).name == "News"


@pytest.mark.parametrize(("fields", "field"), [
    ({"slug": "Has-Caps"}, "slug"),
    ({"slug": "with space"}, "slug"),
    ({"slug": "-leading-dash"}, "slug"),
    ({"slug": ""}, "slug"),
    ({"slug": "under_score"}, "slug"),
    ({"slug": "ünïcode"}, "slug"),
    ({"slug": "a" * 101}, "slug"),
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "n" * 201}, "name"),
    ({"description": "d" * 5001}, "description"),
])
async def test_create_topic_rejects_bad_input(gql, fields, field) -> None:
    error = await gql.error(CREATE_TOPIC, {"input": {"slug": "ok", "name": "Ok", **fields}},
                            **EDITOR)
    assert_error(error, "BAD_USER_INPUT", field)
    assert await Topic.all().count() == 0


async def test_longest_slug_is_accepted(gql) -> None:
    topic = await create_topic(gql, "a" * 100)
    assert topic["slug"] == "a" * 100


async def test_update_topic(gql) -> None:
    topic = await create_topic(gql, "news", "News", description="old")
    renamed = (await gql.data(UPDATE_TOPIC, {"input": {"id": topic["id"], "name": "World news"}},
                              **EDITOR))["updateTopic"]
    assert (renamed["slug"], renamed["name"], renamed["description"]) == (
        "news", "World news", "old")
    described = (await gql.data(UPDATE_TOPIC, {"input": {"id": topic["id"],
                                                         "description": ""}}, **EDITOR)
                 )["updateTopic"]
    assert (described["name"], described["description"]) == ("World news", "")
    row = await Topic.get(id=pk_of(topic["id"]))
    assert (row.slug, row.name, row.description) == ("news", "World news", "")


@pytest.mark.parametrize(("changes", "code", "field"), [
    ({"name": ""}, "BAD_USER_INPUT", "name"),
    ({"name": "n" * 201}, "BAD_USER_INPUT", "name"),
    ({"description": "d" * 5001}, "BAD_USER_INPUT", "description"),
    ({"id": gid("Topic", 999999), "name": "x"}, "NOT_FOUND", "id"),
    ({"id": gid("Channel", 1), "name": "x"}, "BAD_USER_INPUT", "id"),
])
async def test_update_topic_refusals_change_nothing(gql, changes, code, field) -> None:
    topic = await create_topic(gql, "news", "News", description="old")
    error = await gql.error(UPDATE_TOPIC, {"input": {"id": topic["id"], **changes}}, **EDITOR)
    assert_error(error, code, field)
    row = await Topic.get(id=pk_of(topic["id"]))
    assert (row.name, row.description) == ("News", "old")


async def test_topic_mutations_need_an_editor(gql) -> None:
    error = await gql.error(CREATE_TOPIC, {"input": {"slug": "x", "name": "X"}}, role="viewer")
    assert_error(error, "FORBIDDEN")
    assert await Topic.all().count() == 0


# --- creating subscribers -----------------------------------------------------------------


async def test_create_subscriber_with_preferences(gql, refs) -> None:
    subscriber = await create_subscriber(
        gql, email="  Ada.Lovelace@Example.COM ", name="Ada", attributes={"plan": "pro",
                                                                          "seats": 3},
        timezone="Europe/Paris", locale="fr",
        preferences=[
            {"topicId": refs["news"], "channelId": refs["mail"]},
            {"topicId": refs["eng"], "channelId": refs["chat"], "frequency": "DAILY"},
        ])
    assert subscriber["email"] == "Ada.Lovelace@example.com"  # domain normalised
    assert subscriber["externalId"] is None
    assert subscriber["name"] == "Ada"
    assert subscriber["attributes"] == {"plan": "pro", "seats": 3}
    assert (subscriber["timezone"], subscriber["locale"]) == ("Europe/Paris", "fr")
    assert subscriber["status"] == "ACTIVE"
    assert subscriber["consentGivenAt"] is not None
    assert subscriber["consentWithdrawnAt"] is None
    assert (subscriber["quietHours"], subscriber["dailyCap"], subscriber["channelOrder"]) == (
        None, None, [])
    assert subscriber["preferences"] == [
        {"frequency": "IMMEDIATE", "topic": {"id": refs["news"], "slug": "news"},
         "channel": {"id": refs["mail"], "name": "mail"}},
        {"frequency": "DAILY", "topic": {"id": refs["eng"], "slug": "eng"},
         "channel": {"id": refs["chat"], "name": "chat"}},
    ]
    assert await stored_preferences(subscriber["id"]) == {
        (pk_of(refs["news"]), pk_of(refs["mail"]), "immediate"),
        (pk_of(refs["eng"]), pk_of(refs["chat"]), "daily"),
    }
    # Reading it back gives the same answer.
    again = (await gql.data(GET_SUBSCRIBER, {"id": subscriber["id"]}, role="viewer")
             )["subscriber"]
    assert [p["topic"]["slug"] for p in again["preferences"]] == ["news", "eng"]
    assert {key: value for key, value in again.items() if key != "preferences"} == {
        key: value for key, value in subscriber.items() if key != "preferences"}


async def test_create_subscriber_with_external_id_only(gql) -> None:
    subscriber = await create_subscriber(gql, externalId="slack:U123")
    assert subscriber["email"] is None
    assert subscriber["externalId"] == "slack:U123"
    assert (subscriber["timezone"], subscriber["locale"]) == ("UTC", "en")
    assert subscriber["preferences"] == []


async def test_attributes_just_under_the_limit_are_accepted(gql) -> None:
    subscriber = await create_subscriber(gql, email="a@example.com",
                                         attributes={"k": "x" * 16_000})
    assert len(subscriber["attributes"]["k"]) == 16_000


def _big() -> dict[str, Any]:
    return {"blob": "x" * 17_000}


@pytest.mark.parametrize(("make_input", "code", "field"), [
    pytest.param(lambda r: {"email": "not-an-email"}, "BAD_USER_INPUT", "email", id="email"),
    pytest.param(lambda r: {"email": "a@@example.com"}, "BAD_USER_INPUT", "email",
                 id="email-double-at"),
    pytest.param(lambda r: {"name": "nobody"}, "BAD_USER_INPUT", None, id="no-address"),
    pytest.param(lambda r: {"email": "", "externalId": ""}, "BAD_USER_INPUT", None,
                 id="empty-addresses"),
    pytest.param(lambda r: {"email": "a@example.com", "timezone": "Mars/Olympus"},
                 "BAD_USER_INPUT", "timezone", id="timezone"),
    pytest.param(lambda r: {"email": "a@example.com", "attributes": _big()},
                 "BAD_USER_INPUT", "attributes", id="attributes-too-big"),
    pytest.param(lambda r: {"email": "a@example.com", "attributes": [1, 2]},
                 "BAD_USER_INPUT", "attributes", id="attributes-not-object"),
    pytest.param(lambda r: {"email": "a@example.com", "locale": "l" * 17},
                 "BAD_USER_INPUT", "locale", id="locale"),
    pytest.param(lambda r: {"email": "a@example.com", "name": "n" * 201},
                 "BAD_USER_INPUT", "name", id="name"),
    pytest.param(lambda r: {"email": "a@example.com", "preferences": [
        {"topicId": gid("Topic", 999999), "channelId": r["mail"]}]},
        "BAD_USER_INPUT", "preferences[0].topicId", id="unknown-topic"),
    pytest.param(lambda r: {"email": "a@example.com", "preferences": [
        {"topicId": r["news"], "channelId": r["mail"]},
        {"topicId": r["eng"], "channelId": gid("Channel", 999999)}]},
        "BAD_USER_INPUT", "preferences[1].channelId", id="unknown-channel"),
    pytest.param(lambda r: {"email": "a@example.com", "preferences": [
        {"topicId": r["mail"], "channelId": r["mail"]}]},
        "BAD_USER_INPUT", "preferences[0].topicId", id="channel-id-as-topic"),
    pytest.param(lambda r: {"email": "a@example.com", "preferences": [
        {"topicId": r["news"], "channelId": r["news"]}]},
        "BAD_USER_INPUT", "preferences[0].channelId", id="topic-id-as-channel"),
    pytest.param(lambda r: {"email": "a@example.com", "preferences": [
        {"topicId": r["news"], "channelId": r["mail"]},
        {"topicId": r["eng"], "channelId": r["mail"]},
        {"topicId": r["news"], "channelId": r["mail"], "frequency": "WEEKLY"}]},
        "BAD_USER_INPUT", "preferences[2]", id="duplicate-pair"),
])
async def test_create_subscriber_rejects_bad_input(gql, refs, make_input, code, field) -> None:
    error = await gql.error(CREATE_SUBSCRIBER, {"input": make_input(refs)}, **EDITOR)
    assert_error(error, code, field)
    assert await Subscriber.all().count() == 0
    assert await SubscriberPreference.all().count() == 0


@pytest.mark.parametrize("second", ["ada@example.com", "ada@EXAMPLE.com", " ada@example.com"])
async def test_duplicate_email_is_a_conflict(gql, refs, second) -> None:
    first = await create_subscriber(gql, email="ada@example.com", preferences=[
        {"topicId": refs["news"], "channelId": refs["mail"]}])
    error = await gql.error(CREATE_SUBSCRIBER, {"input": {
        "email": second, "name": "Imposter",
        "preferences": [{"topicId": refs["eng"], "channelId": refs["chat"]}]}}, **EDITOR)
    assert_error(error, "CONFLICT", "email")
    assert await Subscriber.all().count() == 1
    assert (await Subscriber.get(id=pk_of(first["id"]))).name == ""
    # The refused subscriber's preferences were not written either.
    assert await SubscriberPreference.all().count() == 1


async def test_duplicate_external_id_is_a_conflict(gql) -> None:
    await create_subscriber(gql, externalId="U1", email="one@example.com")
    error = await gql.error(CREATE_SUBSCRIBER, {"input": {"externalId": "U1",
                                                          "email": "two@example.com"}},
                            **EDITOR)
    assert_error(error, "CONFLICT", "externalId")
    assert await Subscriber.all().count() == 1


async def test_duplicate_email_with_an_idempotency_key_is_still_a_conflict(gql, refs) -> None:
    await create_subscriber(gql, email="ada@example.com")
    error = await gql.error(CREATE_SUBSCRIBER, {"input": {
        "email": "ada@example.com", "idempotencyKey": "k-1",
        "preferences": [{"topicId": refs["eng"], "channelId": refs["chat"]}]}}, **EDITOR)
    assert_error(error, "CONFLICT", "email")
    assert await Subscriber.all().count() == 1
    assert await SubscriberPreference.all().count() == 0


async def test_create_subscriber_is_idempotent(gql, refs) -> None:
    payload = {"email": "ada@example.com", "idempotencyKey": "signup-1",
               "preferences": [{"topicId": refs["news"], "channelId": refs["mail"]}]}
    first = await create_subscriber(gql, **payload)
    second = await create_subscriber(gql, **payload)
    assert second["id"] == first["id"]
    assert await Subscriber.all().count() == 1
    assert await SubscriberPreference.all().count() == 1
    error = await gql.error(CREATE_SUBSCRIBER, {"input": {**payload, "preferences": []}},
                            **EDITOR)
    assert_error(error, "CONFLICT", "idempotencyKey")


async def test_subscriber_mutations_need_an_editor(gql, refs) -> None:
    for role in ("viewer", "reviewer"):
        error = await gql.error(CREATE_SUBSCRIBER, {"input": {"email": "a@example.com"}},
                                role=role)
        assert_error(error, "FORBIDDEN")
    assert await Subscriber.all().count() == 0


# --- changing preferences -----------------------------------------------------------------


async def test_update_preferences_replaces_the_whole_set(gql, refs) -> None:
    subscriber = await create_subscriber(gql, email="ada@example.com", preferences=[
        {"topicId": refs["news"], "channelId": refs["mail"]},
        {"topicId": refs["eng"], "channelId": refs["mail"]}])
    updated = (await gql.data(UPDATE_PREFERENCES, {"input": {"id": subscriber["id"],
                                                             "preferences": [
        {"topicId": refs["eng"], "channelId": refs["chat"], "frequency": "WEEKLY"},
        {"topicId": refs["news"], "channelId": refs["chat"]}]}}, **EDITOR)
               )["updateSubscriberPreferences"]
    assert [(p["topic"]["slug"], p["channel"]["name"], p["frequency"])
            for p in updated["preferences"]] == [("eng", "chat", "WEEKLY"),
                                                  ("news", "chat", "IMMEDIATE")]
    assert await stored_preferences(subscriber["id"]) == {
        (pk_of(refs["eng"]), pk_of(refs["chat"]), "weekly"),
        (pk_of(refs["news"]), pk_of(refs["chat"]), "immediate"),
    }
    cleared = (await gql.data(UPDATE_PREFERENCES, {"input": {"id": subscriber["id"],
                                                             "preferences": []}}, **EDITOR)
               )["updateSubscriberPreferences"]
    assert cleared["preferences"] == []
    assert await SubscriberPreference.all().count() == 0


@pytest.mark.parametrize(("make_preferences", "field"), [
    pytest.param(lambda r: [{"topicId": r["eng"], "channelId": r["chat"]},
                            {"topicId": gid("Topic", 999999), "channelId": r["chat"]}],
                 "preferences[1].topicId", id="unknown-topic"),
    pytest.param(lambda r: [{"topicId": r["eng"], "channelId": gid("Channel", 999999)}],
                 "preferences[0].channelId", id="unknown-channel"),
    pytest.param(lambda r: [{"topicId": r["eng"], "channelId": r["chat"]},
                            {"topicId": r["eng"], "channelId": r["chat"]}],
                 "preferences[1]", id="duplicate-pair"),
])
async def test_bad_preference_update_keeps_the_old_set(gql, refs, make_preferences, field
                                                       ) -> None:
    subscriber = await create_subscriber(gql, email="ada@example.com", preferences=[
        {"topicId": refs["news"], "channelId": refs["mail"], "frequency": "DAILY"}])
    before = await stored_preferences(subscriber["id"])
    error = await gql.error(UPDATE_PREFERENCES, {"input": {
        "id": subscriber["id"], "preferences": make_preferences(refs)}}, **EDITOR)
    assert_error(error, "BAD_USER_INPUT", field)
    assert await stored_preferences(subscriber["id"]) == before
    read = (await gql.data(GET_SUBSCRIBER, {"id": subscriber["id"]}, role="viewer")
            )["subscriber"]
    assert [(p["topic"]["slug"], p["frequency"]) for p in read["preferences"]] == [
        ("news", "DAILY")]


async def test_update_preferences_of_unknown_subscriber(gql, refs) -> None:
    error = await gql.error(UPDATE_PREFERENCES, {"input": {
        "id": gid("Subscriber", 999999),
        "preferences": [{"topicId": refs["news"], "channelId": refs["mail"]}]}}, **EDITOR)
    assert_error(error, "NOT_FOUND", "id")
    assert await SubscriberPreference.all().count() == 0


# --- unsubscribing ------------------------------------------------------------------------


async def test_unsubscribe_from_one_topic(gql, refs) -> None:
    subscriber = await create_subscriber(gql, email="ada@example.com", preferences=[
        {"topicId": refs["news"], "channelId": refs["mail"]},
        {"topicId": refs["news"], "channelId": refs["chat"], "frequency": "DAILY"},
        {"topicId": refs["eng"], "channelId": refs["mail"], "frequency": "WEEKLY"}])
    result = (await gql.data(UNSUBSCRIBE, {"input": {"id": subscriber["id"],
                                                     "topicId": refs["news"]}}, **EDITOR)
              )["unsubscribe"]
    assert result["status"] == "ACTIVE"
    assert result["consentWithdrawnAt"] is None
    assert sorted((p["topic"]["slug"], p["channel"]["name"], p["frequency"])
                  for p in result["preferences"]) == [
        ("eng", "mail", "WEEKLY"), ("news", "chat", "NEVER"), ("news", "mail", "NEVER")]
    rows = await SubscriberPreference.filter(subscriber_id=pk_of(subscriber["id"]))
    assert {(row.topic_id, row.channel_id): row.frequency for row in rows} == {
        (pk_of(refs["news"]), pk_of(refs["mail"])): Frequency.NEVER,
        (pk_of(refs["news"]), pk_of(refs["chat"])): Frequency.NEVER,
        (pk_of(refs["eng"]), pk_of(refs["mail"])): Frequency.WEEKLY,
    }


async def test_unsubscribe_from_everything(gql, refs) -> None:
    subscriber = await create_subscriber(gql, email="ada@example.com", preferences=[
        {"topicId": refs["news"], "channelId": refs["mail"]}])
    before = dt.datetime.now(dt.UTC)
    result = (await gql.data(UNSUBSCRIBE, {"input": {"id": subscriber["id"]}}, **EDITOR)
              )["unsubscribe"]
    assert result["status"] == "UNSUBSCRIBED"
    withdrawn = dt.datetime.fromisoformat(result["consentWithdrawnAt"])
    assert before - dt.timedelta(seconds=1) <= withdrawn <= dt.datetime.now(dt.UTC)
    row = await Subscriber.get(id=pk_of(subscriber["id"]))
    assert row.status.value == "unsubscribed"
    assert row.consent_withdrawn_at is not None


@pytest.mark.parametrize(("make_input", "code", "field"), [
    pytest.param(lambda s, r: {"id": gid("Subscriber", 999999)}, "NOT_FOUND", "id",
                 id="unknown-subscriber"),
    pytest.param(lambda s, r: {"id": s, "topicId": gid("Topic", 999999)}, "BAD_USER_INPUT",
                 "topicId", id="unknown-topic"),
    pytest.param(lambda s, r: {"id": s, "topicId": r["mail"]}, "BAD_USER_INPUT", "topicId",
                 id="channel-as-topic"),
    pytest.param(lambda s, r: {"id": r["news"]}, "BAD_USER_INPUT", "id",
                 id="topic-as-subscriber"),
])
async def test_unsubscribe_refusals_change_nothing(gql, refs, make_input, code, field
                                                   ) -> None:
    subscriber = await create_subscriber(gql, email="ada@example.com", preferences=[
        {"topicId": refs["news"], "channelId": refs["mail"]}])
    before = await stored_preferences(subscriber["id"])
    error = await gql.error(UNSUBSCRIBE, {"input": make_input(subscriber["id"], refs)},
                            **EDITOR)
    assert_error(error, code, field)
    assert await stored_preferences(subscriber["id"]) == before
    row = await Subscriber.get(id=pk_of(subscriber["id"]))
    assert row.status.value == "active" and row.consent_withdrawn_at is None


# --- listing and reading ------------------------------------------------------------------


async def _emails(gql, **filter: Any) -> list[str]:
    data = await gql.data(SUBSCRIBERS, {"first": 100, "filter": filter or None}, role="viewer")
    return [edge["node"]["email"] for edge in data["subscribers"]["edges"]]


async def test_subscribers_filters(gql, refs) -> None:
    ada = await create_subscriber(gql, email="ada@example.com", preferences=[
        {"topicId": refs["news"], "channelId": refs["mail"]}])
    await create_subscriber(gql, email="adam@example.com", preferences=[
        {"topicId": refs["eng"], "channelId": refs["mail"]},
        {"topicId": refs["eng"], "channelId": refs["chat"]}])
    await create_subscriber(gql, email="bob@example.com", preferences=[
        {"topicId": refs["news"], "channelId": refs["chat"]},
        {"topicId": refs["eng"], "channelId": refs["mail"]}])
    await create_subscriber(gql, externalId="U-only")
    await gql.data(UNSUBSCRIBE, {"input": {"id": ada["id"]}}, **EDITOR)

    assert await _emails(gql) == [None, "bob@example.com", "adam@example.com",
                                  "ada@example.com"]  # newest first
    assert await _emails(gql, status="UNSUBSCRIBED") == ["ada@example.com"]
    assert await _emails(gql, status="ACTIVE") == [None, "bob@example.com", "adam@example.com"]
    assert await _emails(gql, status="BOUNCED") == []
    # One row per subscriber, even with several preferences for the topic.
    assert await _emails(gql, topicId=refs["eng"]) == ["bob@example.com", "adam@example.com"]
    assert await _emails(gql, topicId=refs["news"]) == ["bob@example.com", "ada@example.com"]
    assert await _emails(gql, emailPrefix="ada") == ["adam@example.com", "ada@example.com"]
    assert await _emails(gql, emailPrefix="ADA@") == ["ada@example.com"]
    assert await _emails(gql, emailPrefix="zed") == []
    assert await _emails(gql, emailPrefix="ada", status="ACTIVE") == ["adam@example.com"]
    assert await _emails(gql, emailPrefix="b", topicId=refs["news"]) == ["bob@example.com"]


async def test_email_prefix_treats_like_wildcards_literally(gql) -> None:
    await create_subscriber(gql, email="a_b@example.com")
    await create_subscriber(gql, email="axb@example.com")
    await create_subscriber(gql, email="a%c@example.com")
    assert await _emails(gql, emailPrefix="a_") == ["a_b@example.com"]
    assert await _emails(gql, emailPrefix="a%") == ["a%c@example.com"]


async def test_subscribers_pagination(gql) -> None:
    created = [(await create_subscriber(gql, email=f"s{index:02d}@example.com"))["id"]
               for index in range(12)]
    seen: list[str] = []
    after = None
    while True:
        page = (await gql.data(SUBSCRIBERS, {"first": 5, "after": after}, role="viewer")
                )["subscribers"]
        seen.extend(edge["node"]["id"] for edge in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == created[::-1]


@pytest.mark.parametrize(("variables", "field"), [
    ({"first": 0}, "first"),
    ({"first": 101}, "first"),
    ({"first": 5, "after": "garbage"}, "after"),
    ({"first": 5, "filter": {"topicId": gid("Channel", 1)}}, "filter.topicId"),
])
async def test_subscribers_bad_arguments(gql, variables, field) -> None:
    error = await gql.error(SUBSCRIBERS, variables, role="viewer")
    assert_error(error, "BAD_USER_INPUT", field)


async def test_preferences_resolve_topic_and_channel_through_node(gql, refs) -> None:
    subscriber = await create_subscriber(gql, email="ada@example.com", preferences=[
        {"topicId": refs["eng"], "channelId": refs["chat"], "frequency": "DAILY"}])
    node = (await gql.data("""query($id: ID!) { node(id: $id) {
        ... on Subscriber { email preferences {
            frequency topic { id slug name } channel { id name type } } } } }""",
                           {"id": subscriber["id"]}, role="viewer"))["node"]
    assert node == {"email": "ada@example.com", "preferences": [{
        "frequency": "DAILY",
        "topic": {"id": refs["eng"], "slug": "eng", "name": "Engineering"},
        "channel": {"id": refs["chat"], "name": "chat", "type": "SLACK"}}]}
    assert (await gql.data(GET_SUBSCRIBER, {"id": gid("Subscriber", 999999)}, role="viewer")
            )["subscriber"] is None
