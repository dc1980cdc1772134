"""From a sent email, the way a reader uses it: the footer's "Manage preferences" link
opens the preference centre, and the reader's opens and clicks reach their interest
profile as soon as the tracking buffer is written (the Apple privacy proxy's open does
not)."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from zoneinfo import ZoneInfo

from domain.audience.models import Subscriber
from domain.personalization.reads import profiles_of
from tests.delivery_fixtures import SECRET_KEY  # noqa: F401 (the site's key)
from tests.ses_servers import parse
from tests.test_channels_email import PUBLIC_BASE, deliver, email_publication, engine_for, parts
from tests.test_email_end_to_end import READER, site  # noqa: F401 (fixture)

APPLE_PROXY = "Mozilla/5.0"


async def test_footer_link_and_profile_from_tracked_engagement(
        site, redis_client, http_client, moto, transports) -> None:  # noqa: F811
    client, tracking = site
    moto.verify("news@example.com")
    publication, channel = await email_publication(1)
    engine = engine_for(redis_client, http_client, transports(moto.url))
    [delivery] = await deliver(engine, publication)
    raw = next(m for m in moto.sent() if m.id == delivery.provider_message_id).raw_data
    mime = parse(raw.encode())
    html, text = parts(mime)[1].get_content(), parts(mime)[0].get_content()

    # the footer links to the preference centre, in both parts
    manage = re.search(r'href="([^"]+)"[^>]*>Manage preferences', html)
    assert manage and manage.group(1).startswith(f"{PUBLIC_BASE}/preferences/")
    assert f"Manage preferences: {manage.group(1)}" in text
    page = await client.get(manage.group(1).removeprefix(PUBLIC_BASE))
    assert page.status_code == 200 and "Your preferences" in page.text

    # Apple's privacy proxy fetches the pixel: a machine open, the profile stays empty
    pixel = html.split('<img src="')[-1].split('"')[0].removeprefix(PUBLIC_BASE)
    assert (await client.get(pixel, headers={"user-agent": APPLE_PROXY})).status_code == 200
    await tracking.buffer.flush()
    reader_id = delivery.subscriber_id
    assert (await profiles_of([reader_id]))[reader_id].topics == []

    # the reader opens it (later than a prefetcher would) and clicks
    sent_at = delivery.sent_at
    while dt.datetime.now(dt.UTC) - sent_at < dt.timedelta(seconds=3.5):
        await asyncio.sleep(0.1)
    assert (await client.get(pixel, headers={"user-agent": READER})).status_code == 200
    click = next(href for href in (p.split('"')[0] for p in html.split('href="')[1:])
                 if href.startswith(f"{PUBLIC_BASE}/t/c/"))
    assert (await client.get(click.removeprefix(PUBLIC_BASE),
                             headers={"user-agent": READER})).status_code == 302
    await tracking.buffer.flush()

    profile = (await profiles_of([reader_id]))[reader_id]
    [topic] = profile.topics
    assert (topic.opens, topic.clicks) == (1, 1)
    assert topic.score > 3.9  # open 1 + click 3, barely decayed
    [responsiveness] = profile.channels
    assert (responsiveness.channel_id, responsiveness.sent, responsiveness.engaged) == (
        channel.id, 1, 1)
    reader = await Subscriber.get(id=reader_id)
    local_hour = dt.datetime.now(ZoneInfo(reader.timezone)).hour
    assert sum(profile.active_hours) == 2
    assert profile.active_hours[local_hour] + profile.active_hours[local_hour - 1] == 2
