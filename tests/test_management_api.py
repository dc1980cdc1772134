"""Updating and deleting subscribers, topics, channels, templates, brands and principals:
bad input names the field and changes nothing; a delete of something in use answers
CONFLICT naming the users and leaves everything as it was; history is archived, not
lost. (Who may call each mutation: tests/test_api_authorization.py.)"""

from __future__ import annotations

from typing import Any

from domain.audience import service as audience
from domain.audience.models import Subscriber, SubscriberPreference, SubscriberStatus, Topic
from domain.channels import service as channels
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.engagement.suppression import suppress
from domain.principals import service as principals
from domain.principals.actor import Actor
from domain.principals.models import AuditLogEntry, Principal, Role
from domain.publications import service as publications
from domain.publications.models import Publication, PublicationStatus
from domain.templates import brands
from domain.templates import service as templates
from domain.templates.models import Brand, Template
from tests.graphql_client import TEST_SECRET, gid

ADMIN = Actor(name="setup-admin", role=Role.ADMIN)

UPDATE_SUBSCRIBER = """mutation($input: UpdateSubscriberInput!) {
  updateSubscriber(input: $input) { id email externalId name locale timezone status attributes }
}"""


def _delete(mutation: str) -> str:
    return f"mutation($id: ID!) {{ {mutation}(id: $id) {{ id outcome }} }}"


async def _snapshot(subscriber_id: int) -> dict[str, Any]:
    return (await Subscriber.filter(id=subscriber_id).values(
        "email", "external_id", "name", "locale", "timezone", "attributes", "status",
        "updated_at"))[0]


async def _email_channel(name: str = "Mail") -> Channel:
    return await channels.create_channel(ADMIN, TEST_SECRET, name=name, type=ChannelType.EMAIL,
                                         config={"from_address": "news@example.com"})


async def _delivery(publication: Publication, channel: Channel, subscriber: Subscriber | None,
                    status: DeliveryStatus, recipient: str | None = None) -> Delivery:
    return await Delivery.create(
        idempotency_key=f"p{publication.id}:c{channel.id}:s{subscriber.id if subscriber else 0}",
        publication=publication, channel=channel, subscriber=subscriber,
        recipient=recipient or (subscriber.email if subscriber else channel.name), status=status)


async def _publication(title: str, topic: Topic, channel: Channel,
                       status: PublicationStatus = PublicationStatus.DRAFT) -> Publication:
    created = await publications.create_publication(ADMIN, title=title, topic_ids=[topic.id],
                                                    channel_ids=[channel.id])
    await Publication.filter(id=created.id).update(status=status)
    return await Publication.get(id=created.id)


# --- subscribers ------------------------------------------------------------------------------

async def test_update_subscriber_changes_the_profile_and_readdresses_unsent_deliveries(gql
                                                                                    ) -> None:
    topic = await audience.create_topic(ADMIN, slug="news", name="News")
    channel = await _email_channel()
    ada = await audience.create_subscriber(ADMIN, email="ada@example.com", name="Ada")
    publication = await _publication("Issue 1", topic, channel, PublicationStatus.PUBLISHING)
    pending = await _delivery(publication, channel, ada, DeliveryStatus.PENDING)
    data = await gql.data(UPDATE_SUBSCRIBER, {"input": {
        "id": gid("Subscriber", ada.id), "email": "ada.lovelace@example.com",
        "name": "Ada Lovelace", "locale": "en-GB", "timezone": "Europe/London",
        "attributes": {"plan": "pro"}, "externalId": "ada-1"}}, role="editor")
    assert data["updateSubscriber"] == {
        "id": gid("Subscriber", ada.id), "email": "ada.lovelace@example.com",
        "externalId": "ada-1", "name": "Ada Lovelace", "locale": "en-GB",
        "timezone": "Europe/London", "status": "ACTIVE", "attributes": {"plan": "pro"}}
    assert (await Delivery.get(id=pending.id)).recipient == "ada.lovelace@example.com"
    entry = await AuditLogEntry.get(action="subscriber.update")
    assert entry.details == {"fields": ["attributes", "email", "external_id", "locale", "name",
                                        "timezone"]}
    assert "ada" not in str(entry.details).replace("attributes", "")  # names, not values


async def test_update_subscriber_bad_input_names_the_field_and_changes_nothing(gql) -> None:
    ada = await audience.create_subscriber(ADMIN, email="ada@example.com", name="Ada")
    await audience.create_subscriber(ADMIN, email="grace@example.com", external_id="g-1")
    before = await _snapshot(ada.id)
    cases = [
        ({"email": "not an address", "name": "Changed"}, "BAD_USER_INPUT", "email"),
        ({"email": "", "externalId": "ada-1"}, "BAD_USER_INPUT", "email"),
        ({"timezone": "Mars/Olympus", "name": "Changed"}, "BAD_USER_INPUT", "timezone"),
        ({"locale": "x" * 17, "name": "Changed"}, "BAD_USER_INPUT", "locale"),
        ({"name": "x" * 201}, "BAD_USER_INPUT", "name"),
        ({"name": None}, "BAD_USER_INPUT", "name"),
        ({"attributes": [1, 2]}, "BAD_USER_INPUT", "attributes"),
        ({"email": None}, "BAD_USER_INPUT", "email"),  # no externalId left to reach them
        ({"email": "grace@example.com", "name": "Changed"}, "CONFLICT", "email"),
        ({"externalId": "g-1", "name": "Changed"}, "CONFLICT", "externalId"),
    ]
    for changes, code, field in cases:
        error = await gql.error(UPDATE_SUBSCRIBER,
                                {"input": {"id": gid("Subscriber", ada.id), **changes}})
        assert error["extensions"]["code"] == code, (changes, error)
        assert error["extensions"]["field"] == field, (changes, error)
        assert await _snapshot(ada.id) == before, changes
    assert not await AuditLogEntry.filter(action="subscriber.update").exists()
    error = await gql.error(UPDATE_SUBSCRIBER, {"input": {"id": gid("Topic", ada.id)}})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    error = await gql.error(UPDATE_SUBSCRIBER, {"input": {"id": gid("Subscriber", 999)}})
    assert error["extensions"]["code"] == "NOT_FOUND"


async def test_a_suppressed_address_stays_suppressed_across_email_changes(gql) -> None:
    await suppress("bounced@example.com", "hard_bounce")
    ada = await audience.create_subscriber(ADMIN, email="ada@example.com")
    data = await gql.data(UPDATE_SUBSCRIBER, {"input": {"id": gid("Subscriber", ada.id),
                                                        "email": "Bounced@example.com"}})
    assert data["updateSubscriber"]["status"] == "BOUNCED"
    # moving away again does not lift the entry: it belongs to the address
    await gql.data(UPDATE_SUBSCRIBER, {"input": {"id": gid("Subscriber", ada.id),
                                                 "email": "ada@example.com"}})
    created = await gql.data("""mutation { createSubscriber(input: {
        email: "bounced@example.com"}) { status } }""")
    assert created["createSubscriber"]["status"] == "BOUNCED"


async def test_delete_subscriber_skips_unsent_deliveries_and_keeps_history(gql) -> None:
    topic = await audience.create_topic(ADMIN, slug="news", name="News")
    channel = await _email_channel()
    ada = await audience.create_subscriber(ADMIN, email="ada@example.com")
    await SubscriberPreference.create(subscriber=ada, topic=topic, channel=channel)
    old = await _publication("Old", topic, channel, PublicationStatus.PUBLISHED)
    new = await _publication("New", topic, channel, PublicationStatus.PUBLISHING)
    sent = await _delivery(old, channel, ada, DeliveryStatus.SENT)
    queued = await _delivery(new, channel, ada, DeliveryStatus.QUEUED)
    data = await gql.data(_delete("deleteSubscriber"), {"id": gid("Subscriber", ada.id)},
                          role="editor")
    assert data["deleteSubscriber"] == {"id": gid("Subscriber", ada.id), "outcome": "DELETED"}
    assert not await Subscriber.exists(id=ada.id)
    assert not await SubscriberPreference.exists()
    sent_row, queued_row = await Delivery.get(id=sent.id), await Delivery.get(id=queued.id)
    assert (sent_row.status, sent_row.subscriber_id) == (DeliveryStatus.SENT, None)
    assert (queued_row.status, queued_row.last_error) == (DeliveryStatus.SKIPPED,
                                                          "subscriber deleted")
    entry = await AuditLogEntry.get(action="subscriber.delete")
    assert entry.details == {"deliveries_skipped": 1}
    again = await gql.error(_delete("deleteSubscriber"), {"id": gid("Subscriber", ada.id)})
    assert again["extensions"]["code"] == "NOT_FOUND"


# --- topics -----------------------------------------------------------------------------------

async def test_topics_update_slug_and_delete_unless_publications_use_them(gql) -> None:
    news = await audience.create_topic(ADMIN, slug="news", name="News")
    await audience.create_topic(ADMIN, slug="sports", name="Sports")
    update = """mutation($input: UpdateTopicInput!) { updateTopic(input: $input) { slug } }"""
    for slug, code in (("sports", "CONFLICT"), ("Not a slug!", "BAD_USER_INPUT")):
        error = await gql.error(update, {"input": {"id": gid("Topic", news.id), "slug": slug,
                                                   "name": "Changed"}})
        assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, "slug")
        assert (await Topic.get(id=news.id)).name == "News"
    data = await gql.data(update, {"input": {"id": gid("Topic", news.id), "slug": "world"}})
    assert data["updateTopic"]["slug"] == "world"

    channel = await _email_channel()
    await _publication("Weekly roundup", news, channel, PublicationStatus.PUBLISHED)
    error = await gql.error(_delete("deleteTopic"), {"id": gid("Topic", news.id)})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("CONFLICT", "id")
    assert "1 publications" in error["message"] and "'Weekly roundup'" in error["message"]
    assert await Topic.exists(id=news.id)
    assert not await AuditLogEntry.filter(action="topic.delete").exists()

    sports = await Topic.get(slug="sports")
    reader = await audience.create_subscriber(ADMIN, email="r@example.com")
    await SubscriberPreference.create(subscriber=reader, topic=sports, channel=channel)
    data = await gql.data(_delete("deleteTopic"), {"id": gid("Topic", sports.id)})
    assert data["deleteTopic"]["outcome"] == "DELETED"
    assert not await Topic.exists(id=sports.id)
    assert not await SubscriberPreference.exists()  # the preference went with it
    assert await Subscriber.exists(id=reader.id)


# --- channels ---------------------------------------------------------------------------------

async def test_deleting_a_channel_with_pending_deliveries_is_a_conflict(gql) -> None:
    topic = await audience.create_topic(ADMIN, slug="news", name="News")
    channel = await _email_channel()
    ada = await audience.create_subscriber(ADMIN, email="ada@example.com")
    publication = await _publication("Breaking", topic, channel, PublicationStatus.PUBLISHING)
    pending = await _delivery(publication, channel, ada, DeliveryStatus.PENDING)
    error = await gql.error(_delete("deleteChannel"), {"id": gid("Channel", channel.id)})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("CONFLICT", "id")
    assert error["message"] == ("channel 'Mail' has 1 deliveries not sent yet (publications "
                                "'Breaking'); wait for them or cancel the publications, then "
                                "delete again")
    still = await Channel.get(id=channel.id)
    assert still.status is ChannelStatus.ACTIVE
    assert (await Delivery.get(id=pending.id)).status is DeliveryStatus.PENDING
    assert not await AuditLogEntry.filter(action__startswith="channel.", action__not="channel"
                                          ".create").exists()

    # once sent, the channel has history: archived, not deleted
    await Delivery.filter(id=pending.id).update(status=DeliveryStatus.SENT)
    await Publication.filter(id=publication.id).update(status=PublicationStatus.PUBLISHED)
    data = await gql.data(_delete("deleteChannel"), {"id": gid("Channel", channel.id)})
    assert data["deleteChannel"] == {"id": gid("Channel", channel.id), "outcome": "ARCHIVED"}
    archived = await Channel.get(id=channel.id)
    assert (archived.status, archived.status_reason) == (ChannelStatus.DISABLED, "archived")
    assert await Delivery.exists(id=pending.id)
    assert await AuditLogEntry.exists(action="channel.archive")


async def test_deleting_a_channel_of_an_unfinished_publication_or_an_unused_one(gql) -> None:
    topic = await audience.create_topic(ADMIN, slug="news", name="News")
    used = await _email_channel("Used")
    await _publication("Draft one", topic, used)
    error = await gql.error(_delete("deleteChannel"), {"id": gid("Channel", used.id)})
    assert error["extensions"]["code"] == "CONFLICT"
    assert "publications not finished yet ('Draft one')" in error["message"]
    assert (await Channel.get(id=used.id)).status is ChannelStatus.ACTIVE

    unused = await _email_channel("Unused")
    data = await gql.data(_delete("deleteChannel"), {"id": gid("Channel", unused.id)})
    assert data["deleteChannel"]["outcome"] == "DELETED"
    assert not await Channel.exists(id=unused.id)
    error = await gql.error(_delete("deleteChannel"), {"id": gid("Channel", unused.id)})
    assert error["extensions"]["code"] == "NOT_FOUND"
    error = await gql.error(_delete("deleteChannel"), {"id": gid("Topic", used.id)})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("BAD_USER_INPUT",
                                                                           "id")


# --- templates and brands ---------------------------------------------------------------------

async def test_templates_in_use_cannot_be_deleted(gql) -> None:
    base = await templates.create_template(ADMIN, name="base", channel_type=ChannelType.SLACK,
                                           source="{% block content %}{% endblock %}")
    child = await templates.create_template(
        ADMIN, name="child", channel_type=ChannelType.SLACK,
        source='{% extends "base" %}{% block content %}{{ title }}{% endblock %}')
    error = await gql.error(_delete("deleteTemplate"), {"id": gid("Template", base.id)})
    assert error["extensions"]["code"] == "CONFLICT"
    assert "'child'" in error["message"]

    topic = await audience.create_topic(ADMIN, slug="news", name="News")
    channel = await channels.create_channel(ADMIN, TEST_SECRET, name="Feed",
                                            type=ChannelType.RSS)
    publication = await _publication("Chosen", topic, channel)
    await Publication.filter(id=publication.id).update(template_choices={"slack": child.id})
    error = await gql.error(_delete("deleteTemplate"), {"id": gid("Template", child.id)})
    assert error["extensions"]["code"] == "CONFLICT"
    assert "1 publications ('Chosen')" in error["message"]
    assert await Template.filter(id__in=[base.id, child.id]).count() == 2

    await Publication.filter(id=publication.id).update(template_choices={})
    data = await gql.data(_delete("deleteTemplate"), {"id": gid("Template", child.id)},
                          role="editor")
    assert data["deleteTemplate"]["outcome"] == "DELETED"
    data = await gql.data(_delete("deleteTemplate"), {"id": gid("Template", base.id)})
    assert data["deleteTemplate"]["outcome"] == "DELETED"
    assert not await Template.exists()


async def test_brands_in_use_cannot_be_deleted(gql) -> None:
    brand = await brands.create_brand(ADMIN, name="Acme")
    channel = await _email_channel()
    await brands.set_channel_brand(ADMIN, channel.id, brand.id)
    error = await gql.error(_delete("deleteBrand"), {"id": gid("Brand", brand.id)})
    assert error["extensions"]["code"] == "CONFLICT"
    assert error["message"] == "brand 'Acme' is used by 1 channels ('Mail')"
    assert await Brand.exists(id=brand.id)
    await Channel.filter(id=channel.id).update(brand_id=None)
    data = await gql.data(_delete("deleteBrand"), {"id": gid("Brand", brand.id)})
    assert data["deleteBrand"]["outcome"] == "DELETED"
    assert not await Brand.exists(id=brand.id)


# --- principals -------------------------------------------------------------------------------

async def test_principals_are_archived_and_updates_check_fields(gql) -> None:
    someone = await principals.create_principal(ADMIN, name="someone", role=Role.EDITOR)
    update = """mutation($input: UpdatePrincipalInput!) {
        updatePrincipal(input: $input) { displayName role } }"""
    error = await gql.error(update, {"input": {"id": gid("Principal", someone.id),
                                               "displayName": "x" * 201, "role": "VIEWER"}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("BAD_USER_INPUT",
                                                                           "displayName")
    assert (await Principal.get(id=someone.id)).role is Role.EDITOR
    data = await gql.data(update, {"input": {"id": gid("Principal", someone.id),
                                             "displayName": "Some One"}})
    assert data["updatePrincipal"] == {"displayName": "Some One", "role": "EDITOR"}

    data = await gql.data(_delete("deletePrincipal"), {"id": gid("Principal", someone.id)})
    assert data["deletePrincipal"]["outcome"] == "ARCHIVED"
    archived = await Principal.get(id=someone.id)
    assert archived.is_active is False and archived.tokens_valid_after is not None
    refused = await gql.error("{ me { name } }", role="editor", subject="someone")
    assert refused["extensions"]["code"] == "UNAUTHENTICATED"

    me = await principals.create_principal(ADMIN, name="admin-user", role=Role.ADMIN)
    error = await gql.error(_delete("deletePrincipal"), {"id": gid("Principal", me.id)})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("BAD_USER_INPUT",
                                                                           "id")
    assert (await Principal.get(id=me.id)).is_active is True


async def test_a_refused_delete_is_not_audited_and_keeps_subscriber_status(gql) -> None:
    ada = await audience.create_subscriber(ADMIN, email="ada@example.com")
    error = await gql.error(_delete("deleteSubscriber"), {"id": gid("Subscriber", ada.id)},
                            role="viewer")
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert (await Subscriber.get(id=ada.id)).status is SubscriberStatus.ACTIVE
    assert not await AuditLogEntry.filter(action="subscriber.delete").exists()
