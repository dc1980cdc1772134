"""SES events through SNS (real RSA signatures, certificates fetched from a loopback
stand-in for sns.<region>.amazonaws.com) and Standard Webhooks inbound events: verified
messages become events, suppression and subscriber status; anything unverified changes
nothing."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from app.provider_events import MAX_BODY_BYTES, PROVIDER_EVENT_ROUTES
from app.settings import Settings
from domain.audience.models import (
    Frequency,
    Subscriber,
    SubscriberPreference,
    SubscriberStatus,
    Topic,
)
from domain.channels.models import Channel, ChannelType
from domain.deliveries.audience import resolve_audience
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.engagement.models import (
    EngagementEvent,
    EventType,
    MetricRollup,
    SuppressedAddress,
)
from domain.engagement.provider_events import dedupe_key
from domain.publications.models import Publication, PublicationStatus
from tests.sns_support import (
    CERT_PATH,
    REGION,
    TOPIC_ARN,
    SnsHost,
    SnsSigner,
    delivery_tags,
    ses_bounce,
    ses_complaint,
    ses_delivery,
    ses_delivery_delay,
    signing_identity,
    sns_headers,
    webhook_headers,
)

INBOUND_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
OTHER_SECRET = "whsec_c2VjcmV0LW9mLXNvbWVib2R5LWVsc2U="


@dataclass
class Harness:
    http: httpx.AsyncClient
    app: Starlette
    host: SnsHost
    signer: SnsSigner
    sends: list[Delivery]

    async def post_sns(self, document: dict[str, Any], **headers: str) -> httpx.Response:
        return await self.http.post("/events/ses", content=json.dumps(document),
                                    headers={**sns_headers(document), **headers})

    async def post_inbound(self, event: dict[str, Any], *, secret: str = INBOUND_SECRET,
                           **header_options: Any) -> httpx.Response:
        body = json.dumps(event).encode()
        return await self.http.post("/events/inbound", content=body,
                                    headers=webhook_headers(secret, body, **header_options))


def _settings(host: SnsHost, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": "postgres://x/y", "redis_url": "redis://x",
        "sns_topic_arns": [TOPIC_ARN], "sns_certificate_fetch_base_url": host.url,
        "soft_bounce_threshold": 3, "inbound_webhook_secret": INBOUND_SECRET}
    values.update(overrides)
    return Settings(**values)


async def _sends(count: int) -> list[Delivery]:
    """Sent email deliveries, each with its SES message id, to reader<i>@example.com."""
    channel = await Channel.create(name="newsletter", type=ChannelType.EMAIL,
                                   config={"region": REGION,
                                           "from_address": "news@publishing.example.com"})
    publication = await Publication.create(title="This week", summary="s", body="b",
                                           status=PublicationStatus.PUBLISHED,
                                           publish_at=dt.datetime.now(dt.UTC))
    rows = []
    for index in range(count):
        subscriber = await Subscriber.create(email=f"reader{index}@example.com")
        rows.append(await Delivery.create(
            idempotency_key=f"{publication.id}:{subscriber.id}:{channel.id}",
            publication=publication, channel=channel, subscriber=subscriber,
            recipient=subscriber.email, status=DeliveryStatus.SENT,
            provider_message_id=f"0100018c{uuid.uuid4().hex[:8]}-{uuid.uuid4()}-000000",
            sent_at=dt.datetime.now(dt.UTC)))
    return rows


@pytest.fixture
async def harness(db, sns_host: SnsHost) -> AsyncIterator[Harness]:
    app = Starlette(routes=PROVIDER_EVENT_ROUTES)
    app.state.settings = _settings(sns_host)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="https://api.publishing.example.com") as client:
        yield Harness(client, app, sns_host, SnsSigner(), await _sends(4))


async def _status(subscriber_id: int | None) -> SubscriberStatus:
    return (await Subscriber.get(id=subscriber_id)).status


async def _nothing_recorded() -> None:
    assert await EngagementEvent.all().count() == 0
    assert await SuppressedAddress.all().count() == 0
    assert await MetricRollup.all().count() == 0
    assert set(await Subscriber.all().values_list("status", flat=True)) == {
        SubscriberStatus.ACTIVE}


# ---------------------------------------------------------------------------- SES events


async def test_hard_bounce_records_suppresses_marks_bounced_and_a_replay_changes_nothing(
        harness: Harness) -> None:
    send = harness.sends[0]
    document = harness.signer.notification(
        ses_bounce(send.provider_message_id, [send.recipient], delivery_tags(send)))
    response = await harness.post_sns(document)
    assert response.status_code == 200, response.text
    assert response.json()["recorded"] == 1 and response.json()["matched"] is True

    event = await EngagementEvent.get()
    assert (event.type, event.delivery_id, event.publication_id, event.channel_id,
            event.subscriber_id) == (EventType.BOUNCE, send.id, send.publication_id,
                                     send.channel_id, send.subscriber_id)
    assert event.dedupe_key == f"sns:{document['MessageId']}"
    assert event.metadata["bounce_type"] == "Permanent"
    assert event.metadata["diagnostic_code"] == "smtp; 550 5.1.1 user unknown"
    suppressed = await SuppressedAddress.get()
    assert (suppressed.email, suppressed.reason) == ("reader0@example.com", "hard_bounce")
    assert await _status(send.subscriber_id) is SubscriberStatus.BOUNCED
    day = await MetricRollup.get(granularity="day")
    assert (day.bounces, day.soft_bounces, day.complaints) == (1, 0, 0)

    replay = await harness.post_sns(document)  # SNS delivers at least once
    assert replay.status_code == 200
    assert (replay.json()["recorded"], replay.json()["duplicates"]) == (0, 1)
    assert await EngagementEvent.all().count() == 1
    assert (await MetricRollup.get(granularity="day")).bounces == 1
    again = await SuppressedAddress.get()
    assert (again.id, again.reason, again.created_at) == (suppressed.id, suppressed.reason,
                                                          suppressed.created_at)
    # the other subscribers are untouched
    assert await _status(harness.sends[1].subscriber_id) is SubscriberStatus.ACTIVE


async def test_complaint_signed_v2_suppresses_and_marks_complained(harness: Harness) -> None:
    send = harness.sends[1]
    document = harness.signer.notification(
        ses_complaint(send.provider_message_id, [send.recipient], delivery_tags(send)),
        version="2")
    response = await harness.post_sns(document)
    assert response.status_code == 200, response.text
    event = await EngagementEvent.get()
    assert (event.type, event.delivery_id) == (EventType.COMPLAINT, send.id)
    assert event.metadata["feedback_type"] == "abuse"
    assert (await SuppressedAddress.get()).reason == "complaint"
    assert await _status(send.subscriber_id) is SubscriberStatus.COMPLAINED
    assert (await MetricRollup.get(granularity="day")).complaints == 1


async def test_a_hard_bounce_makes_the_next_audience_write_suppressed_rows(
        harness: Harness) -> None:
    """The bounce (signed SNS, through the endpoint) lands on the one suppression list
    that audience resolution reads: the next publication writes `suppressed` for the
    bounced reader and for the same address under another record in another case, and
    still `pending` for everyone else."""
    topic = await Topic.create(slug="weekly", name="Weekly")
    channel = await Channel.create(name="weekly mail", type=ChannelType.EMAIL,
                                   config={"region": REGION,
                                           "from_address": "news@publishing.example.com"})
    bounced = await Subscriber.create(email="Reader.Mixed@example.com")
    reimported = await Subscriber.create(email="READER.MIXED@example.com")
    staying = await Subscriber.create(email="stays@example.com")
    await SubscriberPreference.bulk_create([
        SubscriberPreference(subscriber=person, topic=topic, channel=channel,
                             frequency=Frequency.IMMEDIATE) for person in (bounced, staying)])

    async def publication(title: str) -> Publication:
        created = await Publication.create(title=title, summary="s", body="b",
                                           status=PublicationStatus.PUBLISHING,
                                           publish_at=dt.datetime.now(dt.UTC))
        await created.topics.add(topic)
        await created.channels.add(channel)
        await resolve_audience(created.id)
        return created

    first = await publication("This week")
    send = await Delivery.get(publication_id=first.id, subscriber_id=bounced.id)
    assert send.status is DeliveryStatus.PENDING
    await Delivery.filter(id=send.id).update(  # as the sender records a handed-over message
        status=DeliveryStatus.SENT, provider_message_id="0100018c-bounce-me-000000",
        sent_at=dt.datetime.now(dt.UTC))

    document = harness.signer.notification(ses_bounce(
        "0100018c-bounce-me-000000", [send.recipient], delivery_tags(send)))
    response = await harness.post_sns(document)
    assert response.status_code == 200, response.text
    assert await _status(bounced.id) is SubscriberStatus.BOUNCED
    assert await SuppressedAddress.filter(email="reader.mixed@example.com").exists()

    await SubscriberPreference.create(subscriber=reimported, topic=topic, channel=channel,
                                      frequency=Frequency.IMMEDIATE)
    later = await publication("Next week")
    rows = {row.subscriber_id: row for row in await Delivery.filter(publication_id=later.id)}
    assert {person: row.status for person, row in rows.items()} == {
        bounced.id: DeliveryStatus.SUPPRESSED, reimported.id: DeliveryStatus.SUPPRESSED,
        staying.id: DeliveryStatus.PENDING}
    assert rows[bounced.id].last_error == "address is suppressed: hard_bounce"


async def test_delivery_sets_delivered_at_and_delay_is_recorded(harness: Harness) -> None:
    send = harness.sends[2]
    delay = harness.signer.notification(
        ses_delivery_delay(send.provider_message_id, [send.recipient], delivery_tags(send)))
    delivered = harness.signer.notification(
        ses_delivery(send.provider_message_id, [send.recipient], delivery_tags(send)),
        version="2")
    assert (await harness.post_sns(delay)).status_code == 200
    assert (await harness.post_sns(delivered)).status_code == 200
    kinds = await EngagementEvent.filter(delivery_id=send.id).order_by("id").values_list(
        "type", flat=True)
    assert kinds == [EventType.DELIVERY_DELAY, EventType.DELIVERY]
    row = await Delivery.get(id=send.id)
    assert row.delivered_at is not None and row.status is DeliveryStatus.SENT
    assert (await MetricRollup.get(granularity="day")).delivered == 1
    assert await SuppressedAddress.all().count() == 0
    assert await _status(send.subscriber_id) is SubscriberStatus.ACTIVE


async def test_identity_notification_without_tags_matches_by_message_id(
        harness: Harness) -> None:
    send = harness.sends[3]
    document = harness.signer.notification(
        ses_bounce(send.provider_message_id, [send.recipient], identity_notification=True),
        subject="Amazon SES Email Event Notification")
    response = await harness.post_sns(document)
    assert response.status_code == 200, response.text
    event = await EngagementEvent.get()
    assert (event.type, event.delivery_id, event.subscriber_id) == (
        EventType.BOUNCE, send.id, send.subscriber_id)
    assert await _status(send.subscriber_id) is SubscriberStatus.BOUNCED


async def test_soft_bounces_suppress_at_the_threshold_and_a_delivery_resets_the_count(
        harness: Harness) -> None:
    first, second = harness.sends[0], harness.sends[1]

    async def soft_bounce(send: Delivery) -> None:
        document = harness.signer.notification(ses_bounce(
            send.provider_message_id, [send.recipient], delivery_tags(send),
            bounce_type="Transient", sub_type="MailboxFull"))
        assert (await harness.post_sns(document)).status_code == 200

    await soft_bounce(first)
    await soft_bounce(first)
    assert await SuppressedAddress.all().count() == 0
    assert await _status(first.subscriber_id) is SubscriberStatus.ACTIVE
    await soft_bounce(first)  # the third reaches soft_bounce_threshold = 3
    suppressed = await SuppressedAddress.get()
    assert (suppressed.email, suppressed.reason) == (first.recipient, "repeated_soft_bounce")
    assert suppressed.detail["soft_bounces"] == 3
    assert await _status(first.subscriber_id) is SubscriberStatus.BOUNCED

    await soft_bounce(second)
    await soft_bounce(second)
    delivered = harness.signer.notification(
        ses_delivery(second.provider_message_id, [second.recipient], delivery_tags(second)))
    assert (await harness.post_sns(delivered)).status_code == 200
    await soft_bounce(second)
    await soft_bounce(second)  # four soft bounces, but only two since the last delivery
    assert await _status(second.subscriber_id) is SubscriberStatus.ACTIVE
    assert await SuppressedAddress.filter(email=second.recipient).count() == 0
    day = await MetricRollup.get(granularity="day")
    assert (day.soft_bounces, day.bounces, day.delivered) == (7, 0, 1)


async def test_unknown_send_still_suppresses_on_hard_bounce_but_records_no_event(
        harness: Harness) -> None:
    stranger = harness.sends[2]
    document = harness.signer.notification(ses_bounce(
        "0100018c-not-one-of-ours-000000", [stranger.recipient.upper()],
        {"delivery_id": 999999, "publication_id": 1, "channel_id": 1}))
    response = await harness.post_sns(document)
    assert response.status_code == 200
    assert response.json()["matched"] is False
    assert await EngagementEvent.all().count() == 0
    assert (await SuppressedAddress.get()).email == stranger.recipient
    assert await _status(stranger.subscriber_id) is SubscriberStatus.BOUNCED


async def test_tags_of_another_publication_fall_back_to_the_message_id(
        harness: Harness) -> None:
    """A topic shared with another environment: its delivery ids collide with ours."""
    send, other = harness.sends[0], harness.sends[1]
    tags = {**delivery_tags(other), "publication_id": other.publication_id + 1000}
    document = harness.signer.notification(
        ses_delivery(send.provider_message_id, [send.recipient], tags))
    assert (await harness.post_sns(document)).status_code == 200
    assert (await EngagementEvent.get()).delivery_id == send.id


async def test_one_notification_naming_several_recipients_records_each(
        harness: Harness) -> None:
    send, neighbour = harness.sends[0], harness.sends[1]
    document = harness.signer.notification(ses_bounce(
        send.provider_message_id, [send.recipient, neighbour.recipient], delivery_tags(send)))
    assert (await harness.post_sns(document)).status_code == 200
    events = await EngagementEvent.all().order_by("id")
    assert {event.subscriber_id for event in events} == {send.subscriber_id,
                                                         neighbour.subscriber_id}
    assert {event.dedupe_key for event in events} == {
        dedupe_key(document["MessageId"], address, 2)
        for address in (send.recipient, neighbour.recipient)}
    assert await SuppressedAddress.all().count() == 2
    assert (await harness.post_sns(document)).json()["duplicates"] == 2


async def test_other_ses_event_types_and_foreign_messages_are_acknowledged(
        harness: Harness) -> None:
    send = harness.sends[0]
    open_event = {"eventType": "Open", "mail": {"messageId": send.provider_message_id},
                  "open": {"ipAddress": "192.0.2.1", "timestamp": "2026-01-01T00:00:00Z"}}
    for message in (open_event, "plain text someone published to the topic"):
        response = await harness.post_sns(harness.signer.notification(message))
        assert response.status_code == 200 and response.json()["ignored"] is True
    await _nothing_recorded()


# ---------------------------------------------------------------------------- SNS checks


async def test_subscription_confirmation_gets_the_subscribe_url(harness: Harness) -> None:
    document = harness.signer.subscription_confirmation(version="2")
    response = await harness.post_sns(document)
    assert response.status_code == 200, response.text
    confirmations = [request for request in harness.host.requests if request.path == "/"]
    assert len(confirmations) == 1
    assert "Action=ConfirmSubscription" in confirmations[0].query
    assert f"Token={document['Token']}" in confirmations[0].query


@pytest.mark.parametrize("subscribe_url", [
    "https://evil.example.com/?Action=ConfirmSubscription",
    "http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription",
    "https://sns.us-east-1.amazonaws.com.evil.com/?Action=ConfirmSubscription",
    "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
])
async def test_subscribe_url_off_sns_is_never_fetched(harness: Harness,
                                                      subscribe_url: str) -> None:
    document = harness.signer.subscription_confirmation(subscribe_url=subscribe_url)
    response = await harness.post_sns(document)
    assert response.status_code == 403
    assert response.json()["error"] == "untrusted_subscribe_url"
    assert [request.path for request in harness.host.requests] == [CERT_PATH]


async def test_certificate_is_fetched_once_for_two_messages(harness: Harness) -> None:
    for send in harness.sends[:2]:
        document = harness.signer.notification(
            ses_delivery(send.provider_message_id, [send.recipient], delivery_tags(send)))
        assert (await harness.post_sns(document)).status_code == 200
    assert harness.host.fetched(CERT_PATH) == 1
    assert harness.app.state.sns_verifier.certificate_fetches == 1
    assert await EngagementEvent.all().count() == 2


@pytest.mark.parametrize("cert_url", [
    "https://sns.us-east-1.amazonaws.com.evil.com/SimpleNotificationService-x.pem",
    "http://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem",
    "https://evil.com/SimpleNotificationService-x.pem",
    "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-x.pem",  # other region
    "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.txt",
    "https://attacker@sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem",
    "https://sns.us-east-1.amazonaws.com:8443/SimpleNotificationService-x.pem",
    "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem?x=1",
])
async def test_certificate_urls_off_sns_are_refused(harness: Harness, cert_url: str) -> None:
    # the certificate is there to be fetched: only the URL check can refuse it
    harness.host.certificates["/SimpleNotificationService-x.pem"] = (
        signing_identity().certificate_pem)
    harness.host.certificates["/SimpleNotificationService-x.txt"] = (
        signing_identity().certificate_pem)
    send = harness.sends[0]
    signer = SnsSigner(cert_url=cert_url)
    response = await harness.post_sns(signer.notification(
        ses_bounce(send.provider_message_id, [send.recipient], delivery_tags(send))))
    assert response.status_code == 403
    assert response.json()["error"] == "untrusted_certificate_url"
    assert harness.host.requests == []
    await _nothing_recorded()


async def test_tampered_messages_are_refused(harness: Harness) -> None:
    send = harness.sends[0]
    document = harness.signer.notification(
        ses_delivery(send.provider_message_id, [send.recipient], delivery_tags(send)),
        subject="Amazon SES Email Event Notification", version="2")
    tampered = {**document, "Message": document["Message"].replace('"Delivery"',
                                                                  '"Bounce"')}
    no_subject = {key: value for key, value in document.items() if key != "Subject"}
    version_switched = {**document, "SignatureVersion": "1"}
    other_key = SnsSigner(identity=signing_identity("somebody-else")).notification(
        ses_bounce(send.provider_message_id, [send.recipient], delivery_tags(send)))
    not_base64 = {**document, "Signature": "%%%"}
    for forged in (tampered, no_subject, version_switched, other_key, not_base64):
        response = await harness.post_sns(forged)
        assert response.status_code == 403, forged
        assert response.json()["error"] == "bad_signature"
    await _nothing_recorded()


async def test_topics_outside_the_allow_list_are_refused(
        harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    send = harness.sends[0]
    bounce = ses_bounce(send.provider_message_id, [send.recipient], delivery_tags(send))
    stranger = SnsSigner(topic_arn=f"arn:aws:sns:{REGION}:999999999999:ses-events")
    response = await harness.post_sns(stranger.notification(bounce))
    assert (response.status_code, response.json()["error"]) == (403, "topic_not_allowed")

    harness.app.state.settings = _settings(harness.host, sns_topic_arns=[])
    harness.app.state.sns_verifier = None
    with caplog.at_level(logging.WARNING):
        response = await harness.post_sns(harness.signer.notification(bounce))
    assert (response.status_code, response.json()["error"]) == (403, "topic_not_allowed")
    assert "SNS_TOPIC_ARNS is empty" in caplog.text
    assert harness.host.requests == []
    await _nothing_recorded()


async def test_stale_and_future_timestamps_are_refused(harness: Harness) -> None:
    send = harness.sends[0]
    bounce = ses_bounce(send.provider_message_id, [send.recipient], delivery_tags(send))
    now = dt.datetime.now(dt.UTC)
    for moment in (now - dt.timedelta(hours=2), now + dt.timedelta(hours=1)):
        response = await harness.post_sns(harness.signer.notification(bounce,
                                                                      timestamp=moment))
        assert (response.status_code, response.json()["error"]) == (403, "stale")
    await _nothing_recorded()


async def test_malformed_and_unsupported_messages(harness: Harness) -> None:
    send = harness.sends[0]
    good = harness.signer.notification(
        ses_bounce(send.provider_message_id, [send.recipient], delivery_tags(send)))
    not_json = await harness.http.post("/events/ses", content=b"{not json")
    assert (not_json.status_code, not_json.json()["error"]) == (400, "malformed")
    missing = {key: value for key, value in good.items() if key != "MessageId"}
    no_id = await harness.http.post("/events/ses", content=json.dumps(missing))
    assert (no_id.status_code, no_id.json()["error"]) == (400, "malformed")
    bad_arn = await harness.post_sns({**good, "TopicArn": "arn:aws:s3:::bucket"})
    assert bad_arn.status_code == 400
    unknown_version = await harness.post_sns({**good, "SignatureVersion": "3"})
    assert (unknown_version.status_code, unknown_version.json()["error"]) == (
        403, "unsupported_signature_version")
    unknown_type = await harness.post_sns({**good, "Type": "Gossip"})
    assert unknown_type.status_code == 403
    header_mismatch = await harness.post_sns(good, **{
        "x-amz-sns-message-type": "SubscriptionConfirmation"})
    assert header_mismatch.status_code == 400
    too_large = await harness.http.post("/events/ses", content=b"x" * (MAX_BODY_BYTES + 1))
    assert too_large.status_code == 413
    await _nothing_recorded()


async def test_unreachable_certificate_answers_503_so_sns_retries(harness: Harness) -> None:
    harness.host.certificates.clear()
    send = harness.sends[0]
    response = await harness.post_sns(harness.signer.notification(
        ses_bounce(send.provider_message_id, [send.recipient], delivery_tags(send))))
    assert (response.status_code, response.json()["error"]) == (503,
                                                                "certificate_unavailable")
    await _nothing_recorded()


# ---------------------------------------------------------------------------- inbound


async def test_inbound_signed_events_are_recorded_once(harness: Harness) -> None:
    send = harness.sends[0]
    occurred = dt.datetime.now(dt.UTC).replace(microsecond=0)
    opened = await harness.post_inbound({"type": "open", "delivery_id": send.id,
                                         "occurred_at": occurred.isoformat()},
                                        webhook_id="msg_open_1")
    assert opened.status_code == 200, opened.text
    clicked = await harness.post_inbound({
        "type": "click", "provider_message_id": send.provider_message_id,
        "occurred_at": occurred.isoformat(), "url": "https://shop.example.com/a",
        "machine": True})
    assert clicked.status_code == 200, clicked.text
    replay = await harness.post_inbound({"type": "open", "delivery_id": send.id,
                                         "occurred_at": occurred.isoformat()},
                                        webhook_id="msg_open_1")
    assert (replay.status_code, replay.json()["duplicates"]) == (200, 1)

    events = await EngagementEvent.all().order_by("id")
    first = events[0]
    assert (first.type, first.delivery_id, first.is_machine, first.url, first.dedupe_key) == (
        EventType.OPEN, send.id, False, None, "webhook:msg_open_1")
    assert (events[1].type, events[1].is_machine, events[1].url) == (
        EventType.CLICK, True, "https://shop.example.com/a")
    assert first.occurred_at == occurred
    day = await MetricRollup.get(granularity="day")
    assert (day.opens, day.unique_opens, day.machine_clicks, day.clicks) == (1, 1, 1, 0)


async def test_inbound_bounce_complaint_and_unsubscribe_act_like_the_provider_paths(
        harness: Harness) -> None:
    bounced, complained, leaving = harness.sends[0], harness.sends[1], harness.sends[2]
    for kind, send in (("bounce", bounced), ("complaint", complained),
                       ("unsubscribe", leaving)):
        response = await harness.post_inbound({"type": kind, "delivery_id": send.id})
        assert response.status_code == 200, response.text
    assert await _status(bounced.subscriber_id) is SubscriberStatus.BOUNCED
    assert await _status(complained.subscriber_id) is SubscriberStatus.COMPLAINED
    assert await _status(leaving.subscriber_id) is SubscriberStatus.UNSUBSCRIBED
    assert set(await SuppressedAddress.all().values_list("email", "reason")) == {
        (bounced.recipient, "hard_bounce"), (complained.recipient, "complaint")}
    day = await MetricRollup.get(granularity="day")
    assert (day.bounces, day.complaints, day.unsubscribes) == (1, 1, 1)
    unsubscribed = await EngagementEvent.get(type=EventType.UNSUBSCRIBE)
    assert (unsubscribed.delivery_id, unsubscribed.metadata["source"]) == (
        leaving.id, "inbound-webhook")
    replay = await harness.post_inbound({"type": "unsubscribe", "delivery_id": leaving.id})
    assert (replay.status_code, replay.json()["recorded"]) == (200, 0)
    assert await EngagementEvent.filter(type=EventType.UNSUBSCRIBE).count() == 1


async def test_inbound_accepts_any_one_valid_signature_of_several(harness: Harness) -> None:
    send = harness.sends[0]
    body = json.dumps({"type": "delivery", "delivery_id": send.id}).encode()
    old = webhook_headers(OTHER_SECRET, body, webhook_id="msg_rotation")
    new = webhook_headers(INBOUND_SECRET, body, webhook_id="msg_rotation",
                          timestamp=int(old["webhook-timestamp"]))
    headers = {**new, "webhook-signature": f"v1a,bm9wZQ== {old['webhook-signature']} "
                                           f"{new['webhook-signature']}"}
    response = await harness.http.post("/events/inbound", content=body, headers=headers)
    assert response.status_code == 200, response.text
    assert (await Delivery.get(id=send.id)).delivered_at is not None


async def test_inbound_unsigned_tampered_stale_or_foreign_are_refused(
        harness: Harness) -> None:
    send = harness.sends[0]
    event = {"type": "bounce", "delivery_id": send.id}
    body = json.dumps(event).encode()
    signed = webhook_headers(INBOUND_SECRET, body)
    tampered_body = json.dumps({"type": "complaint", "delivery_id": send.id}).encode()
    attempts = [
        (body, {"content-type": "application/json"}),                        # unsigned
        (tampered_body, signed),                                            # body changed
        (body, {**signed, "webhook-id": "msg_other"}),                      # id changed
        (body, webhook_headers(INBOUND_SECRET, body,
                               timestamp=int(time.time()) - 600)),          # stale
        (body, webhook_headers(INBOUND_SECRET, body,
                               timestamp=int(time.time()) + 600)),          # future
        (body, webhook_headers(OTHER_SECRET, body)),                        # other secret
        (body, {**signed, "webhook-signature": signed["webhook-signature"][:-4] + "AAA="}),
    ]
    for content, headers in attempts:
        response = await harness.http.post("/events/inbound", content=content,
                                           headers=headers)
        assert response.status_code == 401, (headers, response.text)
    await _nothing_recorded()


async def test_inbound_rejects_bad_bodies_and_drops_unknown_deliveries(
        harness: Harness) -> None:
    for event in ({"type": "teleport", "delivery_id": harness.sends[0].id},
                  {"type": "open"},
                  {"type": "open", "delivery_id": "abc"},
                  {"type": "open", "delivery_id": harness.sends[0].id,
                   "occurred_at": "yesterday"},
                  {"type": "open", "delivery_id": harness.sends[0].id, "machine": "yes"}):
        response = await harness.post_inbound(event)
        assert response.status_code == 400, event
    unknown = await harness.post_inbound({"type": "bounce", "delivery_id": 987654})
    assert (unknown.status_code, unknown.json()["matched"]) == (200, False)
    await _nothing_recorded()


async def test_inbound_without_a_configured_secret_refuses_everything(
        harness: Harness) -> None:
    harness.app.state.settings = _settings(harness.host, inbound_webhook_secret=None)
    response = await harness.post_inbound({"type": "open",
                                           "delivery_id": harness.sends[0].id})
    assert (response.status_code, response.json()["error"]) == (401, "not_configured")
    await _nothing_recorded()


# ---------------------------------------------------------------------------- settings


def test_settings_parse_topic_list_and_check_the_inbound_secret(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SNS_TOPIC_ARNS", f"{TOPIC_ARN}, arn:aws:sns:eu-west-1:1:other ,")
    monkeypatch.setenv("SOFT_BOUNCE_THRESHOLD", "5")
    settings = Settings(database_url="postgres://x/y", redis_url="redis://x")
    assert settings.sns_topic_arns == [TOPIC_ARN, "arn:aws:sns:eu-west-1:1:other"]
    assert settings.soft_bounce_threshold == 5
    with pytest.raises(ValueError, match="INBOUND_WEBHOOK_SECRET"):
        Settings(inbound_webhook_secret="not-a-secret")
    with pytest.raises(ValueError, match="tests only"):
        Settings(environment="production", sns_certificate_fetch_base_url="http://x")
