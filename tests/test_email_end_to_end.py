"""From a sent email to the database, the way a mail client, a reader and SES use it:
messages stored by SES (moto) are opened (pixel), clicked and unsubscribed (the
List-Unsubscribe header's one-click POST); SES reports a hard bounce and a complaint
through signed SNS notifications; events, suppression and metrics follow, and the next
publication reaches only the reader who is left."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app.http import create_app
from app.settings import Settings
from domain.audience.models import Subscriber, SubscriberStatus
from domain.deliveries.models import DeliveryStatus
from domain.engagement.models import (
    EngagementEvent,
    EventType,
    MetricRollup,
    SuppressedAddress,
)
from domain.publications.models import Publication, PublicationStatus
from tests.delivery_fixtures import SECRET_KEY
from tests.ses_servers import parse
from tests.sns_support import (
    TOPIC_ARN,
    SnsHost,
    SnsSigner,
    delivery_tags,
    ses_bounce,
    ses_complaint,
    sns_headers,
)
from tests.test_channels_email import PUBLIC_BASE, deliver, email_publication, engine_for, parts

READER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture
async def site(db, sns_host: SnsHost) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    """The real application (PUBLIC_BASE_URL as in the emails), lifespan not run: the
    test session owns the ORM; the tracking buffer is flushed by hand."""
    app = create_app(Settings(secret_key=SECRET_KEY, public_base_url=PUBLIC_BASE,
                              database_url="postgres://unused/db", redis_url="redis://unused",
                              sns_topic_arns=[TOPIC_ARN],
                              sns_certificate_fetch_base_url=sns_host.url))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url=PUBLIC_BASE, follow_redirects=False) as client:
        yield client, app.state.tracking


async def test_header_pixel_click_and_one_click_unsubscribe_end_to_end(
        site, redis_client, http_client, moto, transports) -> None:
    client, tracking = site
    moto.verify("news@example.com")
    publication, channel = await email_publication(4)
    engine = engine_for(redis_client, http_client, transports(moto.url))
    deliveries = await deliver(engine, publication)
    assert [d.status for d in deliveries] == [DeliveryStatus.SENT] * 4
    leaving = deliveries[0]
    raw = next(m for m in moto.sent() if m.id == leaving.provider_message_id).raw_data
    mime = parse(raw.encode())
    html = parts(mime)[1].get_content()

    # the reader's client loads images and the reader follows the "view online" link
    pixel = html.split('<img src="')[-1].split('"')[0]
    assert pixel.startswith(f"{PUBLIC_BASE}/t/o/")
    opened = await client.get(pixel.removeprefix(PUBLIC_BASE), headers={"user-agent": READER})
    assert opened.status_code == 200 and opened.headers["content-type"] == "image/gif"
    clicks = [href for href in (part.split('"')[0] for part in html.split('href="')[1:])
              if href.startswith(f"{PUBLIC_BASE}/t/c/")]
    assert clicks, "links in the email are rewritten for click tracking"
    followed = await client.get(clicks[0].removeprefix(PUBLIC_BASE),
                                headers={"user-agent": READER})
    assert followed.status_code == 302
    assert followed.headers["location"].startswith(f"{PUBLIC_BASE}/publications/")

    # the mail provider's one-click POST to the header's https URL (RFC 8058)
    web = mime["List-Unsubscribe"].split(",")[0].strip().strip("<>")
    assert mime["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    answer = await client.post(web.removeprefix(PUBLIC_BASE),
                               content=b"List-Unsubscribe=One-Click",
                               headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 200
    await tracking.buffer.flush()

    # SES reports a hard bounce and a complaint through SNS, signed like AWS signs them
    signer = SnsSigner()
    bounced, complained, staying = deliveries[1], deliveries[2], deliveries[3]
    for document in (
            signer.notification(ses_bounce(bounced.provider_message_id, [bounced.recipient],
                                           delivery_tags(bounced))),
            signer.notification(ses_complaint(complained.provider_message_id,
                                              [complained.recipient],
                                              delivery_tags(complained)), version="2")):
        for _ in range(2):  # SNS redelivers: the replay changes nothing
            answer = await client.post("/events/ses", content=json.dumps(document),
                                       headers=sns_headers(document))
            assert answer.status_code == 200, answer.text
    assert set(await SuppressedAddress.all().values_list("email", flat=True)) == {
        bounced.recipient, complained.recipient}
    assert (await Subscriber.get(id=bounced.subscriber_id)).status is \
        SubscriberStatus.BOUNCED
    assert (await Subscriber.get(id=complained.subscriber_id)).status is \
        SubscriberStatus.COMPLAINED

    person = await Subscriber.get(id=leaving.subscriber_id)
    assert person.status is SubscriberStatus.UNSUBSCRIBED
    kinds = sorted(await EngagementEvent.filter(delivery_id=leaving.id).values_list(
        "type", flat=True))
    assert kinds == [EventType.CLICK, EventType.OPEN, EventType.UNSUBSCRIBE]
    day = await MetricRollup.get(granularity="day", publication_id=publication.id)
    assert (day.sent, day.unsubscribes, day.bounces, day.complaints) == (4, 1, 1, 1)
    # opened/clicked within seconds of sending: counted, but as a machine would
    assert day.machine_opens + day.opens == 1 and day.machine_clicks + day.clicks == 1

    # the next publication reaches only the reader who stayed; the bounced and the
    # complaining addresses are in its ledger as `suppressed` (the audience read the list
    # the SNS events wrote), the reader who left is not in it at all
    later = await Publication.create(title="Next week", summary="s", body="b",
                                     status=PublicationStatus.PUBLISHING,
                                     publish_at=dt.datetime.now(dt.UTC))
    await later.topics.add(*await publication.topics.all())
    await later.channels.add(channel)
    messages_before = len(moto.sent())
    ledger_later = {d.subscriber_id: d for d in await deliver(engine, later)}
    assert {subscriber: d.status for subscriber, d in ledger_later.items()} == {
        staying.subscriber_id: DeliveryStatus.SENT,
        bounced.subscriber_id: DeliveryStatus.SUPPRESSED,
        complained.subscriber_id: DeliveryStatus.SUPPRESSED}
    assert ledger_later[bounced.subscriber_id].last_error == \
        "address is suppressed: hard_bounce"
    assert ledger_later[complained.subscriber_id].last_error == \
        "address is suppressed: complaint"
    assert [m.id for m in moto.sent()[messages_before:]] == [
        ledger_later[staying.subscriber_id].provider_message_id]
