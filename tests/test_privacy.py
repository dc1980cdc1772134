"""Privacy requests: exportSubscriberData returns everything held about a person (also
as GET /exports/subscribers/{id}); eraseSubscriber leaves their email and name in no
text, JSON or binary column of any table, keeps the metric totals, and leaves a hashed
suppression entry that createSubscriber, imports and the sender all honour."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from tortoise import Tortoise

from app.http import create_app
from app.settings import Settings
from domain.audience import service as audience
from domain.audience.models import Subscriber, SubscriberPreference
from domain.channels.models import Channel, ChannelType
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.engagement.models import COUNTERS, EventType, SuppressedAddress, TrackedLink
from domain.engagement.recorder import EngagementInput, record_events
from domain.engagement.suppression import address_hash, suppress, suppressed_among
from domain.imports.models import ImportFormat, ImportJob
from domain.outbox.models import OutboxMessage
from domain.personalization.models import ActiveHour, ChannelResponsiveness, TopicAffinity
from domain.principals.actor import Actor
from domain.principals.models import AuditLogEntry, Role
from domain.principals.service import audit
from domain.publications.models import Publication, PublicationStatus
from tests.graphql_client import TEST_SECRET, gid, token_for

EMAIL = "Zelda.Quill@example.org"
NAME = "Zelda Quillfeather"
ADMIN = Actor(name="setup-admin", role=Role.ADMIN)
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)

CREATE = """mutation($input: CreateSubscriberInput!) {
  createSubscriber(input: $input) { id status } }"""
ERASE = """mutation($id: ID!) { eraseSubscriber(id: $id) {
  id deliveriesAnonymized deliveriesSkipped eventsDeleted trackedLinksDeleted
  outboxMessagesDeleted auditEntriesScrubbed importJobsScrubbed suppressed } }"""


@dataclass
class Person:
    subscriber_id: int
    other_id: int
    sent_id: int
    pending_id: int
    topic_slug: str


async def _person(gql) -> Person:
    """A reader with something in every place personal data can be, and a neighbour."""
    topic = await audience.create_topic(ADMIN, slug="news", name="News")
    channel = await Channel.create(name="Mail", type=ChannelType.EMAIL,
                                   config={"from_address": "news@example.com"})
    created = await gql.data(CREATE, {"input": {
        "email": EMAIL, "name": NAME, "externalId": "zq-77", "idempotencyKey": "signup-1",
        "attributes": {"nickname": NAME},
        "preferences": [{"topicId": gid("Topic", topic.id), "channelId": gid("Channel",
                                                                             channel.id)}]}})
    subscriber = await Subscriber.get(email=EMAIL)
    assert created["createSubscriber"]["id"] == gid("Subscriber", subscriber.id)
    other = await audience.create_subscriber(ADMIN, email="other@example.org", name="Otto")
    old = await Publication.create(title="Old news", status=PublicationStatus.PUBLISHED)
    new = await Publication.create(title="New news", status=PublicationStatus.PUBLISHING)
    sent = await Delivery.create(
        idempotency_key=f"p{old.id}:c{channel.id}:s{subscriber.id}", publication=old,
        channel=channel, subscriber=subscriber, recipient=EMAIL, status=DeliveryStatus.SENT,
        provider_message_id="ses-123", last_error=f"421 try later for {EMAIL}",
        error_history=[{"error": f"421 try later for {EMAIL}"}], sent_at=NOW)
    pending = await Delivery.create(
        idempotency_key=f"p{new.id}:c{channel.id}:s{subscriber.id}", publication=new,
        channel=channel, subscriber=subscriber, recipient=EMAIL, status=DeliveryStatus.PENDING)
    neighbour = await Delivery.create(
        idempotency_key=f"p{old.id}:c{channel.id}:s{other.id}", publication=old,
        channel=channel, subscriber=other, recipient=other.email, status=DeliveryStatus.SENT)
    link = f"https://example.com/welcome?u={EMAIL.lower().replace('@', '%40')}"
    await TrackedLink.create(publication_id=old.id, url_hash="h1", url=link)
    await TrackedLink.create(publication_id=old.id, url_hash="h2", url="https://example.com/")
    shared = {"publication_id": old.id, "channel_id": channel.id}
    await record_events([
        EngagementInput(EventType.DELIVERY, NOW, delivery_id=sent.id,
                        subscriber_id=subscriber.id, metadata={"to": EMAIL}, **shared),
        EngagementInput(EventType.OPEN, NOW, delivery_id=sent.id,
                        subscriber_id=subscriber.id, **shared),
        EngagementInput(EventType.CLICK, NOW, delivery_id=sent.id, url=link,
                        subscriber_id=subscriber.id, **shared),
        # a provider report that matched no delivery but quotes the address
        EngagementInput(EventType.SOFT_BOUNCE, NOW, metadata={"recipient": EMAIL}, **shared),
        EngagementInput(EventType.OPEN, NOW, delivery_id=neighbour.id,
                        subscriber_id=other.id, **shared),
    ])
    # the interest profile (recording may have started it already)
    await TopicAffinity.update_or_create(
        subscriber=subscriber, topic=topic,
        defaults={"score": 1.5, "scored_at": NOW, "opens": 1, "clicks": 1})
    await ChannelResponsiveness.update_or_create(subscriber=subscriber, channel=channel,
                                                 defaults={"sent": 1, "engaged": 1})
    await ActiveHour.update_or_create(subscriber=subscriber, hour=9, defaults={"events": 2})
    await OutboxMessage.create(sender="news@example.com", recipients=EMAIL,
                               subject=f"Hello {NAME}",
                               mime=f"To: {NAME} <{EMAIL}>\r\n\r\nHi {NAME}".encode())
    await OutboxMessage.create(sender="news@example.com", recipients="other@example.org",
                               subject="Hello Otto", mime=b"To: other@example.org\r\n\r\nHi")
    await audit(ADMIN, "channel.test", "channel", channel.id, {"to": EMAIL})
    await ImportJob.create(created_by="setup-admin", format=ImportFormat.CSV, errors=[
        {"row": 3, "field": "email", "reason": f"duplicate of {EMAIL}"},
        {"row": 4, "field": "name", "reason": "too long"}])
    return Person(subscriber.id, other.id, sent.id, pending.id, topic.slug)


async def _metric_totals() -> dict[str, int]:
    sums = ", ".join(f"COALESCE(sum({name}), 0)::bigint AS {name}" for name in COUNTERS)
    rows = await Tortoise.get_connection("default").execute_query_dict(
        f"SELECT granularity, {sums} FROM metric_rollup GROUP BY granularity")
    return {f"{row['granularity']}.{name}": row[name] for row in rows for name in COUNTERS}


async def _places_holding(*needles: str) -> list[str]:
    """Every table.column (text, varchar, JSON, JSONB, bytea) holding one of the needles,
    case-insensitively (bytea: as stored or lower-cased)."""
    connection = Tortoise.get_connection("default")
    columns = await connection.execute_query_dict(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND data_type IN "
        "('text', 'character varying', 'json', 'jsonb', 'bytea', 'character') "
        "AND table_name IN (SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE')")
    assert len(columns) > 40  # the whole schema, not an empty search
    found = []
    for column in columns:
        table, name = column["table_name"], column["column_name"]
        for needle in needles:
            if column["data_type"] == "bytea":
                condition = (f'position(convert_to($1, \'UTF8\') IN "{name}") > 0 OR '
                             f'position(convert_to(lower($1), \'UTF8\') IN "{name}") > 0')
            else:
                condition = f'strpos(lower("{name}"::text), lower($1)) > 0'
            rows = await connection.execute_query_dict(
                f'SELECT count(*) AS n FROM "{table}" WHERE {condition}', [needle])
            if rows[0]["n"]:
                found.append(f"{table}.{name}")
    return found


@pytest.fixture
async def http(gql) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(secret_key=TEST_SECRET, database_url="postgres://unused/db",
                              redis_url="redis://unused"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://test", timeout=60) as client:
        yield client


async def test_export_holds_everything_about_the_person(gql, http) -> None:
    person = await _person(gql)
    query = "query($id: ID!) { exportSubscriberData(id: $id) }"
    document = (await gql.data(query, {"id": gid("Subscriber", person.subscriber_id)})
                )["exportSubscriberData"]
    assert document["subscriber"]["email"] == EMAIL
    assert document["subscriber"]["name"] == NAME
    assert document["subscriber"]["attributes"] == {"nickname": NAME}
    assert document["preferences"] == [{"topic": "news", "channel": "Mail",
                                        "frequency": "immediate"}]
    assert [row["id"] for row in document["deliveries"]] == [person.pending_id, person.sent_id]
    assert {row["type"] for row in document["engagement_events"]} == {"delivery", "open",
                                                                      "click"}
    assert [row["url"] for row in document["tracked_links"]] == [
        "https://example.com/welcome?u=zelda.quill%40example.org"]
    assert document["interest_profile"]["topics"][0]["topic_slug"] == "news"
    assert document["interest_profile"]["active_hours"] == [{"hour": 9, "events": 2}]
    assert document["import_errors"][0]["error"]["row"] == 3
    assert document["suppression"] == []
    assert [entry["action"] for entry in document["audit_log"]][-1] == "subscriber.create"
    assert "Otto" not in json.dumps(document)  # the neighbour's data is not in it
    assert await AuditLogEntry.filter(action="subscriber.export",
                                      target_id=str(person.subscriber_id)).count() == 1

    url = f"/exports/subscribers/{gid('Subscriber', person.subscriber_id)}"
    response = await http.get(url, headers={"authorization": f"Bearer {token_for('admin')}"})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert response.json()["subscriber"]["email"] == EMAIL
    editor = await http.get(url, headers={"authorization": f"Bearer {token_for('editor')}"})
    assert editor.status_code == 403
    missing = await http.get("/exports/subscribers/999",
                             headers={"authorization": f"Bearer {token_for('admin')}"})
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "NOT_FOUND")
    bad = await http.get("/exports/subscribers/nonsense",
                         headers={"authorization": f"Bearer {token_for('admin')}"})
    assert (bad.status_code, bad.json()["error"]["field"]) == (400, "id")


async def test_erasure_leaves_no_personal_data_and_keeps_the_metrics(gql, http) -> None:
    person = await _person(gql)
    assert set(await _places_holding(EMAIL, NAME, EMAIL.replace("@", "%40"))) >= {
        "subscriber.email", "subscriber.name", "delivery.recipient", "engagement_event.metadata",
        "tracked_link.url", "outbox_message.recipients", "outbox_message.mime",
        "audit_log.details", "import_job.errors"}
    totals = await _metric_totals()
    assert totals["day.opens"] == 2 and totals["day.clicks"] == 1

    data = await gql.data(ERASE, {"id": gid("Subscriber", person.subscriber_id)})
    assert data["eraseSubscriber"] == {
        "id": gid("Subscriber", person.subscriber_id), "deliveriesAnonymized": 2,
        "deliveriesSkipped": 1, "eventsDeleted": 4, "trackedLinksDeleted": 1,
        "outboxMessagesDeleted": 1, "auditEntriesScrubbed": 1, "importJobsScrubbed": 1,
        "suppressed": True}

    assert await _places_holding(EMAIL, NAME, EMAIL.replace("@", "%40"), "zq-77") == []
    assert await _metric_totals() == totals
    sent, pending = await Delivery.get(id=person.sent_id), await Delivery.get(id=person.pending_id)
    assert (sent.status, sent.recipient, sent.subscriber_id) == (DeliveryStatus.SENT, "erased",
                                                                 None)
    assert (pending.status, pending.last_error) == (DeliveryStatus.SKIPPED, "subscriber erased")
    # the neighbour keeps everything
    assert await Subscriber.filter(id=person.other_id, name="Otto").exists()
    assert await OutboxMessage.filter(recipients="other@example.org").exists()
    assert await TrackedLink.filter(url="https://example.com/").exists()
    assert await ImportJob.filter(errors=[{"row": 4, "field": "name",
                                           "reason": "too long"}]).exists()
    # audited without the address
    entry = await AuditLogEntry.get(action="subscriber.erase")
    assert entry.target_id == str(person.subscriber_id)
    assert entry.details["deliveries_anonymized"] == 2
    # a hashed entry, honoured wherever suppression is looked up
    hashed = await SuppressedAddress.get(email=address_hash(EMAIL))
    assert hashed.reason == "erasure"
    assert await suppressed_among([EMAIL.upper()]) == {EMAIL.lower()}
    assert await suppress(EMAIL, "complaint") is False
    assert not await SuppressedAddress.filter(email=EMAIL.lower()).exists()

    again = await gql.error(ERASE, {"id": gid("Subscriber", person.subscriber_id)})
    assert again["extensions"]["code"] == "NOT_FOUND"

    created = await gql.data(CREATE, {"input": {"email": EMAIL}})
    assert created["createSubscriber"]["status"] == "UNSUBSCRIBED"
    upload = await http.post(
        "/imports/subscribers", content=json.dumps({"email": EMAIL.upper()}).encode(),
        headers={"content-type": "application/x-ndjson",
                 "authorization": f"Bearer {token_for('editor')}"})
    assert upload.json()["rowsImported"] == 1, upload.json()
    imported = await Subscriber.get(email=EMAIL.upper().replace("EXAMPLE.ORG", "example.org"))
    assert imported.status == "unsubscribed"


async def test_an_address_already_suppressed_keeps_its_reason_in_hashed_form(gql) -> None:
    await suppress(EMAIL, "complaint", {"feedback": f"from {EMAIL}"})
    subscriber = await audience.create_subscriber(ADMIN, email=EMAIL, name=NAME)
    assert subscriber.status == "complained"
    await gql.data(ERASE, {"id": gid("Subscriber", subscriber.id)})
    entries = await SuppressedAddress.all().values("email", "reason", "detail")
    assert entries == [{"email": address_hash(EMAIL), "reason": "complaint", "detail": {}}]
    assert not await SubscriberPreference.exists()


async def test_privacy_requests_need_an_admin_and_a_subscriber_id(gql) -> None:
    subscriber = await audience.create_subscriber(ADMIN, email=EMAIL, name=NAME)
    for role in ("editor", "reviewer", "viewer"):
        error = await gql.error(ERASE, {"id": gid("Subscriber", subscriber.id)}, role=role)
        assert error["extensions"]["code"] == "FORBIDDEN"
    error = await gql.error(ERASE, {"id": gid("Topic", subscriber.id)})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("BAD_USER_INPUT",
                                                                           "id")
    assert await Subscriber.filter(id=subscriber.id, name=NAME).exists()
    assert not await SuppressedAddress.exists()
    assert not await AuditLogEntry.filter(action="subscriber.erase").exists()
