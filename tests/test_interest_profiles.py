"""Interest profiles learned from engagement as it is recorded: direction, decay, machine
opens ignored, responsiveness per channel, active hours in the reader's local time."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.audience.models import Subscriber, Topic
from domain.channels.models import Channel, ChannelType
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.engagement.models import EventType
from domain.engagement.recorder import EngagementInput, record_events
from domain.personalization.models import ActiveHour, TopicAffinity
from domain.personalization.profiles import DEFAULT_HALF_LIFE, config, record_sends
from domain.personalization.reads import profiles_of
from domain.publications.models import Publication

NOW = dt.datetime.now(dt.UTC)


@pytest.fixture
async def world(db):
    topics = {slug: await Topic.create(slug=slug, name=slug) for slug in ("sport", "tech")}
    channels = {name: await Channel.create(name=name, type=ChannelType.WEBHOOK,
                                           config={"url": "https://example.com/h"})
                for name in ("hook", "other")}
    publications = {}
    for slug, topic in topics.items():
        publication = await Publication.create(title=slug, summary="s", body="b")
        await publication.topics.add(topic)
        publications[slug] = publication
    reader = await Subscriber.create(email="reader@example.com", timezone="Asia/Tokyo")
    deliveries = {}
    for slug, publication in publications.items():
        deliveries[slug] = await Delivery.create(
            idempotency_key=f"d-{slug}", publication=publication, channel=channels["hook"],
            subscriber=reader, recipient="r", status=DeliveryStatus.SENT, sent_at=NOW)
    await record_sends({(reader.id, channels["hook"].id): 2})
    return topics, channels, publications, reader, deliveries


def _event(kind: EventType, delivery: Delivery, at: dt.datetime = NOW, *,
           machine: bool = False, key: str | None = None) -> EngagementInput:
    """As the tracking endpoints record it: delivery, publication and channel known."""
    return EngagementInput(kind, at, delivery_id=delivery.id,
                           publication_id=delivery.publication_id,  # type: ignore[attr-defined]
                           channel_id=delivery.channel_id,  # type: ignore[attr-defined]
                           is_machine=machine, dedupe_key=key)


async def _topic_scores(reader: Subscriber) -> dict[str, float]:
    profile = (await profiles_of([reader.id]))[reader.id]
    slugs = {topic.id: topic.slug for topic in await Topic.all()}
    return {slugs[item.topic_id]: item.score for item in profile.topics}


async def test_clicks_weigh_more_than_opens(world) -> None:
    _, _, _, reader, deliveries = world
    await record_events([_event(EventType.OPEN, deliveries["sport"]),
                         _event(EventType.CLICK, deliveries["tech"])])
    scores = await _topic_scores(reader)
    assert scores["tech"] > scores["sport"] > 0
    assert scores["sport"] == pytest.approx(1.0, rel=1e-3)
    assert scores["tech"] == pytest.approx(3.0, rel=1e-3)
    profile = (await profiles_of([reader.id]))[reader.id]
    assert [item.share for item in profile.topics] == pytest.approx([1.0, 1 / 3], rel=1e-3)

    # more engagement with sport moves it up
    await record_events([_event(EventType.CLICK, deliveries["sport"]) for _ in range(2)])
    scores = await _topic_scores(reader)
    assert scores["sport"] == pytest.approx(7.0, rel=1e-3)
    assert scores["sport"] > scores["tech"]


async def test_machine_opens_and_clicks_change_nothing(world) -> None:
    _, _, _, reader, deliveries = world
    await record_events([_event(EventType.OPEN, deliveries["sport"], machine=True),
                         _event(EventType.CLICK, deliveries["tech"], machine=True),
                         _event(EventType.DELIVERY, deliveries["tech"])])
    profile = (await profiles_of([reader.id]))[reader.id]
    assert profile.topics == []
    assert sum(profile.active_hours) == 0
    [channel] = profile.channels
    assert (channel.sent, channel.engaged, channel.responsiveness) == (2, 0, 0.0)
    assert not await TopicAffinity.exists()

    # a human open afterwards is the first engagement of that delivery
    await record_events([_event(EventType.OPEN, deliveries["sport"])])
    [channel] = (await profiles_of([reader.id]))[reader.id].channels
    assert (channel.engaged, channel.responsiveness) == (1, 0.5)


async def test_affinity_decays_with_the_half_life(world) -> None:
    _, _, _, reader, deliveries = world
    assert config.half_life == DEFAULT_HALF_LIFE
    old = NOW - DEFAULT_HALF_LIFE
    await record_events([_event(EventType.OPEN, deliveries["sport"], old),
                         _event(EventType.OPEN, deliveries["tech"], NOW)])
    scores = await _topic_scores(reader)
    assert scores["sport"] == pytest.approx(0.5, rel=1e-3)
    assert scores["tech"] == pytest.approx(1.0, rel=1e-3)
    # two half-lives later, everything is a quarter of what it is now
    later = (await profiles_of([reader.id], NOW + 2 * DEFAULT_HALF_LIFE))[reader.id]
    assert {item.topic_id: item.score for item in later.topics} == pytest.approx(
        {world[0]["sport"].id: 0.125, world[0]["tech"].id: 0.25}, rel=1e-3)

    # an event arriving late (older than the stored one) is decayed to its own age
    await record_events([_event(EventType.CLICK, deliveries["tech"], old)])
    assert (await _topic_scores(reader))["tech"] == pytest.approx(1.0 + 1.5, rel=1e-3)


async def test_a_replayed_event_counts_once(world) -> None:
    _, _, _, reader, deliveries = world
    for _ in range(3):
        await record_events([_event(EventType.CLICK, deliveries["tech"], key="sns-1")])
    assert (await _topic_scores(reader))["tech"] == pytest.approx(3.0, rel=1e-3)
    [channel] = (await profiles_of([reader.id]))[reader.id].channels
    assert channel.engaged == 1


async def test_active_hours_are_counted_in_the_readers_local_time(world) -> None:
    _, _, _, reader, deliveries = world
    at = dt.datetime(2026, 6, 1, 6, 30, tzinfo=dt.UTC)  # 15:30 in Tokyo
    await record_events([_event(EventType.OPEN, deliveries["sport"], at),
                         _event(EventType.CLICK, deliveries["sport"], at),
                         _event(EventType.OPEN, deliveries["tech"],
                                at + dt.timedelta(hours=10))])  # 01:30 next day
    hours = (await profiles_of([reader.id]))[reader.id].active_hours
    assert len(hours) == 24
    assert (hours[15], hours[1], sum(hours)) == (2, 1, 3)
    assert await ActiveHour.filter(subscriber=reader).count() == 2


async def test_an_event_without_a_delivery_uses_its_subscriber(world) -> None:
    """Provider events can name the subscriber and publication directly."""
    _, _, publications, reader, _ = world
    await record_events([EngagementInput(EventType.CLICK, NOW, subscriber_id=reader.id,
                                         publication_id=publications["sport"].id)])
    assert (await _topic_scores(reader)) == pytest.approx({"sport": 3.0}, rel=1e-3)
