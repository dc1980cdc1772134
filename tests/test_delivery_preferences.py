"""Quiet hours, daily caps and changed preferences, enforced by the delivery engine at
send time against real PostgreSQL, Redis and a loopback webhook receiver."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

from domain.audience.models import Frequency, Subscriber, SubscriberPreference
from domain.audience.service import update_subscriber_preferences
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.personalization.preferences import QuietHoursSpec, SettingsSpec
from domain.principals.actor import SYSTEM
from domain.publications.models import Priority, Publication, PublicationStatus
from tests.delivery_fixtures import build_engine, publication_to


async def _pump_until(engine, condition, seconds: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        await engine.pump(budget_seconds=5)
        if await condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached before the deadline")


async def _nothing_due() -> bool:
    return not await Delivery.filter(status__in=["sending"]).exists() and not \
        await Delivery.filter(status="pending", next_attempt_at__lte=dt.datetime.now(dt.UTC)
                              ).exists()


def _window_around_now(zone: str) -> tuple[QuietHoursSpec, dt.datetime]:
    """A window from an hour ago to two hours ahead in `zone`, and the instant it ends
    (computed here from the zone's own clock, not by the code under test)."""
    local = dt.datetime.now(ZoneInfo(zone))
    start = (local - dt.timedelta(hours=1)).strftime("%H:%M")
    end_local = (local + dt.timedelta(hours=2)).replace(second=0, microsecond=0)
    return QuietHoursSpec(start, end_local.strftime("%H:%M")), end_local.astimezone(dt.UTC)


async def _readers(count: int) -> list[Subscriber]:
    """The fixture's readers (`count` says how many the test expects)."""
    return list(await Subscriber.filter(email__startswith="news-reader").order_by("id"))


async def test_quiet_hours_hold_a_delivery_until_the_window_ends(db, redis_client,
                                                                 http_client,
                                                                 receiver) -> None:
    scenario = await publication_to(receiver.url, 3)
    quiet, sleepy, other_zone = await _readers(3)
    window, ends = _window_around_now("Asia/Tokyo")  # no DST: the end is exact
    await update_subscriber_preferences(SYSTEM, quiet.id, None, SettingsSpec(
        timezone="Asia/Tokyo", quiet_hours=window))
    # the same wall-clock window read in another zone is not now
    await update_subscriber_preferences(SYSTEM, other_zone.id, None, SettingsSpec(
        timezone="America/Los_Angeles", quiet_hours=window))
    engine = build_engine(redis_client, http_client)

    await engine.start_publication(scenario.publication.id)
    await _pump_until(engine, _nothing_due)

    rows = {row.subscriber_id: row for row in await Delivery.all()}
    assert rows[sleepy.id].status is DeliveryStatus.SENT
    assert rows[other_zone.id].status is DeliveryStatus.SENT
    held = rows[quiet.id]
    assert held.status is DeliveryStatus.PENDING
    assert (held.deferred_until, held.next_attempt_at) == (ends, ends)
    assert held.deferral_reason == "quiet hours"
    assert held.attempts == 0  # holding spends no attempt
    assert len(receiver.requests) == 2
    assert (await Publication.get(id=scenario.publication.id)).status is \
        PublicationStatus.PUBLISHING


async def test_clearing_quiet_hours_releases_held_deliveries(db, redis_client, http_client,
                                                             receiver) -> None:
    scenario = await publication_to(receiver.url, 1)
    [reader] = await _readers(1)
    window, _ = _window_around_now("Europe/Paris")
    await update_subscriber_preferences(SYSTEM, reader.id, None, SettingsSpec(
        timezone="Europe/Paris", quiet_hours=window))
    engine = build_engine(redis_client, http_client)
    await engine.start_publication(scenario.publication.id)
    await _pump_until(engine, _nothing_due)
    assert (await Delivery.get()).status is DeliveryStatus.PENDING

    await update_subscriber_preferences(SYSTEM, reader.id, None,
                                        SettingsSpec(quiet_hours=None))
    await _pump_until(engine, lambda: Delivery.filter(status="sent").exists())
    delivery = await Delivery.get()
    assert delivery.attempts == 1
    assert delivery.deferral_reason == "quiet hours"  # the history stays visible
    assert len(receiver.requests) == 1


async def test_a_preference_change_applies_to_deliveries_already_queued(
        db, redis_client, http_client, receiver) -> None:
    scenario = await publication_to(receiver.url, 3)
    night_owl, withdrawn, unchanged = await _readers(3)
    engine = build_engine(redis_client, http_client)
    await engine.start_publication(scenario.publication.id)
    assert await Delivery.filter(status="pending").count() == 3  # queued, not yet sent

    window, ends = _window_around_now("UTC")
    await update_subscriber_preferences(SYSTEM, night_owl.id, None,
                                        SettingsSpec(quiet_hours=window))
    await SubscriberPreference.filter(subscriber=withdrawn).update(frequency=Frequency.NEVER)
    await _pump_until(engine, _nothing_due)

    rows = {row.subscriber_id: row for row in await Delivery.all()}
    assert rows[unchanged.id].status is DeliveryStatus.SENT
    assert (rows[night_owl.id].status, rows[night_owl.id].deferred_until) == (
        DeliveryStatus.PENDING, ends)
    assert (rows[withdrawn.id].status, rows[withdrawn.id].last_error) == (
        DeliveryStatus.SKIPPED, "preference withdrawn")
    assert len(receiver.requests) == 1


async def test_daily_cap_skips_what_exceeds_it_in_the_local_day(db, redis_client,
                                                                http_client,
                                                                receiver) -> None:
    first = await publication_to(receiver.url, 2, slug="news")
    readers = await _readers(2)
    capped, free = readers
    # Kiritimati is UTC+14: its day rarely matches the UTC day
    zone = "Pacific/Kiritimati"
    await update_subscriber_preferences(SYSTEM, capped.id, None, SettingsSpec(
        timezone=zone, daily_cap=2))
    # one send earlier today (local) counts; one late yesterday (local) does not
    local_midnight = dt.datetime.now(ZoneInfo(zone)).replace(hour=0, minute=0, second=0,
                                                             microsecond=0)
    old = await Publication.create(title="old", summary="s", body="b",
                                   status=PublicationStatus.PUBLISHED)
    for index, sent_at in enumerate((local_midnight + dt.timedelta(seconds=30),
                                     local_midnight - dt.timedelta(minutes=1))):
        await Delivery.create(idempotency_key=f"old-{index}", publication=old,
                              channel=first.channel, subscriber=capped, recipient="r",
                              status=DeliveryStatus.SENT, sent_at=sent_at)
    second = await Publication.create(title="second", summary="s", body="b",
                                      status=PublicationStatus.PUBLISHING,
                                      publish_at=dt.datetime.now(dt.UTC))
    await second.topics.add(first.topic)
    await second.channels.add(first.channel)
    engine = build_engine(redis_client, http_client)

    await engine.start_publication(first.publication.id)
    await engine.start_publication(second.id)
    await _pump_until(engine, _nothing_due)

    mine = await Delivery.filter(subscriber=capped, publication_id__in=[
        first.publication.id, second.id]).order_by("publication_id")
    assert sorted(row.status.value for row in mine) == ["sent", "skipped"]
    skipped = next(row for row in mine if row.status is DeliveryStatus.SKIPPED)
    assert skipped.last_error.startswith("frequency cap")
    assert await Delivery.filter(subscriber=free, status="sent").count() == 2
    assert len(receiver.requests) == 3


async def test_critical_bypasses_quiet_hours_and_caps_high_does_not(db, redis_client,
                                                                   http_client,
                                                                   receiver) -> None:
    scenario = await publication_to(receiver.url, 1)
    [reader] = await _readers(1)
    window, ends = _window_around_now("UTC")
    await update_subscriber_preferences(SYSTEM, reader.id, None, SettingsSpec(
        quiet_hours=window, daily_cap=1))
    rows = {}
    for priority in (Priority.CRITICAL, Priority.HIGH):
        publication = await Publication.create(
            title=priority.value, summary="s", body="b", priority=priority,
            status=PublicationStatus.PUBLISHING, audience_resolved_at=dt.datetime.now(dt.UTC))
        await publication.topics.add(scenario.topic)
        rows[priority] = await Delivery.create(
            idempotency_key=f"alert-{priority.value}", publication=publication,
            channel=scenario.channel, subscriber=reader, recipient=reader.email,
            next_attempt_at=dt.datetime.now(dt.UTC))
    engine = build_engine(redis_client, http_client)
    await _pump_until(engine, _nothing_due)

    critical = await Delivery.get(id=rows[Priority.CRITICAL].id)
    high = await Delivery.get(id=rows[Priority.HIGH].id)
    assert critical.status is DeliveryStatus.SENT
    assert (high.status, high.deferred_until, high.deferral_reason) == (
        DeliveryStatus.PENDING, ends, "quiet hours")
    assert len(receiver.requests) == 1
