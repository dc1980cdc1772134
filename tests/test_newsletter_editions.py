"""Editorial newsletter editions: fixed parts the same for everyone, dynamic sections
filled per reader at send time; set through the API with clear errors; previewed per
reader; sent through the engine to a webhook receiver."""

from __future__ import annotations

import datetime as dt
from typing import Any

from domain.audience.models import Frequency, SubscriberPreference
from domain.personalization.models import TopicAffinity
from domain.publications.models import Publication, PublicationKind, PublicationStatus
from tests.delivery_fixtures import build_engine, webhook_channel
from tests.graphql_client import gid
from tests.test_channels_email import run_until_idle
from tests.test_digests import published, reader, topics

SET = """
mutation($input: SetNewsletterEditionInput!) {
  setNewsletterEdition(input: $input) {
    publication { id kind }
    sections { kind title limit days publication { title } }
  }
}"""
PREVIEW = """
query($s: ID!, $c: ID!, $p: ID) {
  newsletterPreview(subscriberId: $s, channelId: $c, publicationId: $p) {
    frequency period items { reasons publication { title } } message { payload }
  }
}"""


async def world(url: str) -> dict[str, Any]:
    now = dt.datetime.now(dt.UTC)
    hook, _ = await webhook_channel(url)
    letter, science, sport = await topics("letter", "science", "sport")
    ada, bob = await reader("ada@example.org"), await reader("bob@example.org")
    for person, topic in ((ada, science), (bob, sport)):
        await SubscriberPreference.create(subscriber=person, topic=letter, channel=hook,
                                          frequency=Frequency.IMMEDIATE)
        await SubscriberPreference.create(subscriber=person, topic=topic, channel=hook,
                                          frequency=Frequency.WEEKLY)
    await TopicAffinity.create(subscriber=ada, topic=science, score=4.0, scored_at=now)
    stories = {name: await published(name, now - dt.timedelta(hours=hours), topic)
               for name, hours, topic in (("Comet", 1, science), ("Lab", 2, science),
                                          ("Quasar", 3, science), ("Cup", 1, sport),
                                          ("Derby", 2, sport), ("Old", 24 * 10, science))}
    featured = await published("Editor's pick", now - dt.timedelta(days=1), letter)
    edition = await Publication.create(title="The Friday letter", summary="Our week",
                                       body="Hello from the **desk**.")
    await edition.topics.add(letter)
    await edition.channels.add(hook)
    return {"hook": hook, "ada": ada, "bob": bob, "stories": stories, "featured": featured,
            "edition": edition}


SECTIONS = [{"kind": "FEATURED"}, {"kind": "TOP_FROM_TOPICS", "title": "Top this week",
                                   "limit": 2, "days": 7},
            {"kind": "BECAUSE_YOU_READ", "limit": 2, "days": 7}]


def _sections(w: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**SECTIONS[0], "publicationId": gid("Publication", w["featured"].id)},
            *SECTIONS[1:]]


async def test_edition_is_filled_per_reader_when_sent(gql, redis_client, http_client,
                                                      receiver) -> None:
    w = await world(receiver.url + "/letters")
    made = (await gql.data(SET, {"input": {"id": gid("Publication", w["edition"].id),
                                           "sections": _sections(w)}},
                           role="editor"))["setNewsletterEdition"]
    assert made["publication"]["kind"] == "NEWSLETTER"
    assert [s["kind"] for s in made["sections"]] == [
        "FEATURED", "TOP_FROM_TOPICS", "BECAUSE_YOU_READ"]
    assert made["sections"][0]["publication"]["title"] == "Editor's pick"
    assert made["sections"][2]["title"] == "Because you read {topic}"
    await Publication.filter(id=w["edition"].id).update(
        status=PublicationStatus.PUBLISHING, publish_at=dt.datetime.now(dt.UTC))

    engine = build_engine(redis_client, http_client)
    assert await engine.start_publication(w["edition"].id)
    await run_until_idle(engine)

    payloads = {r.json["data"]["recipient"]["email"]: r.json["data"]
                for r in receiver.requests}
    assert set(payloads) == {"ada@example.org", "bob@example.org"}
    ada, bob = payloads["ada@example.org"]["newsletter"], payloads["bob@example.org"][
        "newsletter"]
    assert ada["featured"]["title"] == bob["featured"]["title"] == "Editor's pick"
    # Ada: her topics (science), then more from her favourite topic, nothing repeated
    assert [(s["title"], [i["title"] for i in s["items"]]) for s in ada["sections"]] == [
        ("Top this week", ["Comet", "Lab"]), ("Because you read Science", ["Quasar"])]
    # Bob: sport; no interest profile, so no "because you read" section
    assert [(s["title"], [i["title"] for i in s["items"]]) for s in bob["sections"]] == [
        ("Top this week", ["Cup", "Derby"])]
    edition = payloads["ada@example.org"]["publication"]
    assert edition["title"] == "The Friday letter"  # the fixed part, the same for both


async def test_edition_preview_shows_one_readers_sections(gql, receiver) -> None:
    w = await world(receiver.url + "/letters")
    await gql.data(SET, {"input": {"id": gid("Publication", w["edition"].id),
                                   "sections": _sections(w)}}, role="admin")
    data = (await gql.data(PREVIEW, {"s": gid("Subscriber", w["ada"].id),
                                     "c": gid("Channel", w["hook"].id),
                                     "p": gid("Publication", w["edition"].id)},
                           role="editor"))["newsletterPreview"]
    assert data["frequency"] is None and data["period"] is None
    assert [i["publication"]["title"] for i in data["items"]] == ["Comet", "Lab", "Quasar"]
    assert data["items"][2]["reasons"][0] == "section: Because you read Science"
    sections = data["message"]["payload"]["data"]["newsletter"]["sections"]
    assert [s["kind"] for s in sections] == ["top_from_topics", "because_you_read"]
    assert not receiver.requests  # a preview sends nothing

    standard = await published("Plain", dt.datetime.now(dt.UTC))
    error = await gql.error(PREVIEW, {"s": gid("Subscriber", w["ada"].id),
                                      "c": gid("Channel", w["hook"].id),
                                      "p": gid("Publication", standard.id)}, role="editor")
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (
        "BAD_USER_INPUT", "publicationId")


async def test_bad_sections_are_refused_and_nothing_changes(gql, receiver) -> None:
    w = await world(receiver.url + "/letters")
    edition = gid("Publication", w["edition"].id)
    cases = [
        ([], "BAD_USER_INPUT", "sections"),
        ([{"kind": "FEATURED"}], "BAD_USER_INPUT", "sections[0].publicationId"),
        ([{"kind": "FEATURED", "publicationId": edition}], "BAD_USER_INPUT",
         "sections[0].publicationId"),
        ([{"kind": "TOP_FROM_TOPICS", "limit": 0}], "BAD_USER_INPUT", "sections[0].limit"),
        ([{"kind": "TOP_FROM_TOPICS"}, {"kind": "BECAUSE_YOU_READ", "days": 40}],
         "BAD_USER_INPUT", "sections[1].days"),
        ([{"kind": "TOP_FROM_TOPICS", "title": " "}], "BAD_USER_INPUT", "sections[0].title"),
        ([{"kind": "FEATURED", "publicationId": gid("Topic", 1)}], "BAD_USER_INPUT",
         "sections[0].publicationId"),
    ]
    for sections, code, field in cases:
        error = await gql.error(SET, {"input": {"id": edition, "sections": sections}},
                                role="editor")
        assert (error["extensions"]["code"], error["extensions"].get("field")) == (
            code, field), (sections, error)
    stored = await Publication.get(id=w["edition"].id)
    assert (stored.kind, stored.sections) == (PublicationKind.STANDARD, [])

    await Publication.filter(id=w["edition"].id).update(status=PublicationStatus.APPROVED)
    error = await gql.error(SET, {"input": {"id": edition, "sections": SECTIONS[1:]}},
                            role="editor")
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("CONFLICT", "id")
    assert (await Publication.get(id=w["edition"].id)).kind is PublicationKind.STANDARD
