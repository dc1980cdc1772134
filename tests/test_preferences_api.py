"""Subscriber settings through `updateSubscriberPreferences` (time zone, quiet hours,
daily cap, channel order): stored, read back, each bad field refused with its name, and a
refused call writes nothing. Plus `Subscriber.interestProfile` without N+1."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from domain.audience.models import Subscriber, SubscriberPreference, Topic
from domain.channels.models import Channel, ChannelType
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.engagement.models import EventType
from domain.engagement.recorder import EngagementInput, record_events
from domain.publications.models import Publication
from tests.graphql_client import count_queries
from tests.test_api_audience import (
    CREATE_SUBSCRIBER,
    EDITOR,
    GET_SUBSCRIBER,
    UPDATE_PREFERENCES,
    assert_error,
    create_subscriber,
    gid,
    pk_of,
    refs,  # noqa: F401 (fixture)
)


async def _snapshot(subscriber_id: str) -> tuple[Any, ...]:
    row = await Subscriber.get(id=pk_of(subscriber_id))
    preferences = sorted(await SubscriberPreference.filter(subscriber_id=row.id)
                         .values_list("topic_id", "channel_id", "frequency"))
    return (row.timezone, row.quiet_hours_start, row.quiet_hours_end, row.daily_cap,
            row.channel_order, preferences)


async def _update(gql, subscriber_id: str, **fields: Any) -> dict[str, Any]:
    return (await gql.data(UPDATE_PREFERENCES, {"input": {"id": subscriber_id, **fields}},
                           **EDITOR))["updateSubscriberPreferences"]


async def test_settings_are_stored_and_read_back(gql, refs) -> None:  # noqa: F811
    subscriber = await create_subscriber(gql, email="ada@example.com", preferences=[
        {"topicId": refs["news"], "channelId": refs["mail"]}])
    updated = await _update(gql, subscriber["id"], timezone="America/New_York",
                            quietHours={"start": "22:00", "end": "07:30"}, dailyCap=3,
                            channelOrder=[refs["chat"], refs["mail"]])
    assert updated["timezone"] == "America/New_York"
    assert updated["quietHours"] == {"start": "22:00", "end": "07:30"}
    assert updated["dailyCap"] == 3
    assert [c["id"] for c in updated["channelOrder"]] == [refs["chat"], refs["mail"]]
    # preferences were not mentioned: kept
    assert [p["topic"]["slug"] for p in updated["preferences"]] == ["news"]
    row = await Subscriber.get(id=pk_of(subscriber["id"]))
    assert (row.quiet_hours_start.replace(tzinfo=None), row.quiet_hours_end.replace(
        tzinfo=None)) == (dt.time(22), dt.time(7, 30))
    assert row.channel_order == [pk_of(refs["chat"]), pk_of(refs["mail"])]

    # only what is named changes; null clears quiet hours and the cap
    again = await _update(gql, subscriber["id"], quietHours=None, dailyCap=None)
    assert (again["quietHours"], again["dailyCap"], again["timezone"]) == (
        None, None, "America/New_York")
    assert [c["id"] for c in again["channelOrder"]] == [refs["chat"], refs["mail"]]
    read = (await gql.data(GET_SUBSCRIBER, {"id": subscriber["id"]}, role="viewer")
            )["subscriber"]
    assert read == again


@pytest.mark.parametrize(("fields", "field"), [
    pytest.param(lambda r: {"timezone": "Mars/Olympus"}, "timezone", id="timezone"),
    pytest.param(lambda r: {"timezone": "EST5EDT "[:0]}, "timezone", id="timezone-empty"),
    pytest.param(lambda r: {"quietHours": {"start": "24:00", "end": "07:00"}},
                 "quietHours.start", id="hour-out-of-range"),
    pytest.param(lambda r: {"quietHours": {"start": "22:00", "end": "7:00"}},
                 "quietHours.end", id="not-hh-mm"),
    pytest.param(lambda r: {"quietHours": {"start": "22:00", "end": "07:60"}},
                 "quietHours.end", id="minute-out-of-range"),
    pytest.param(lambda r: {"quietHours": {"start": "22:00:00", "end": "07:00"}},
                 "quietHours.start", id="seconds"),
    pytest.param(lambda r: {"quietHours": {"start": "22:00", "end": "22:00"}},
                 "quietHours.end", id="empty-window"),
    pytest.param(lambda r: {"dailyCap": 0}, "dailyCap", id="cap-zero"),
    pytest.param(lambda r: {"dailyCap": 1001}, "dailyCap", id="cap-too-big"),
    pytest.param(lambda r: {"channelOrder": [r["mail"], gid("Channel", 999999)]},
                 "channelOrder[1]", id="unknown-channel"),
    pytest.param(lambda r: {"channelOrder": [r["mail"], r["mail"]]}, "channelOrder[1]",
                 id="duplicate-channel"),
    pytest.param(lambda r: {"channelOrder": [r["news"]]}, "channelOrder[0]",
                 id="topic-as-channel"),
    # a valid settings change with a bad preference: nothing at all is written
    pytest.param(lambda r: {"dailyCap": 5, "timezone": "Europe/Paris", "preferences": [
        {"topicId": gid("Topic", 999999), "channelId": r["mail"]}]},
        "preferences[0].topicId", id="bad-preference-with-good-settings"),
    pytest.param(lambda r: {"preferences": [], "quietHours": {"start": "xx", "end": "07:00"}},
                 "quietHours.start", id="bad-window-with-good-preferences"),
])
async def test_bad_settings_are_refused_and_nothing_is_written(gql, refs, fields,  # noqa: F811
                                                               field) -> None:
    subscriber = await create_subscriber(gql, email="ada@example.com", timezone="Asia/Tokyo",
                                         preferences=[{"topicId": refs["news"],
                                                       "channelId": refs["mail"]}])
    await _update(gql, subscriber["id"], quietHours={"start": "23:00", "end": "06:00"},
                  dailyCap=2, channelOrder=[refs["mail"]])
    before = await _snapshot(subscriber["id"])
    error = await gql.error(UPDATE_PREFERENCES, {"input": {"id": subscriber["id"],
                                                           **fields(refs)}}, **EDITOR)
    assert_error(error, "BAD_USER_INPUT", field)
    assert await _snapshot(subscriber["id"]) == before


async def test_a_viewer_cannot_change_settings(gql, refs) -> None:  # noqa: F811
    subscriber = await create_subscriber(gql, email="ada@example.com")
    error = await gql.error(UPDATE_PREFERENCES, {"input": {"id": subscriber["id"],
                                                           "dailyCap": 3}}, role="viewer")
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert (await Subscriber.get(id=pk_of(subscriber["id"]))).daily_cap is None


PROFILE_QUERY = """query($first: Int!) { subscribers(first: $first) { edges { node {
    email interestProfile { activeHours
      topics { score share opens clicks topic { slug } }
      channels { sent engaged responsiveness channel { name } } } } } } }"""


async def test_interest_profile_in_the_api_costs_constant_queries(gql) -> None:
    topics = [await Topic.create(slug=f"t{index}", name=f"T{index}") for index in range(2)]
    channel = await Channel.create(name="mail", type=ChannelType.EMAIL,
                                   config={"from_address": "a@example.com"})
    publication = await Publication.create(title="p", summary="s", body="b")
    await publication.topics.add(*topics)
    now = dt.datetime.now(dt.UTC)
    events = []
    for index in range(30):
        subscriber = await Subscriber.create(email=f"user{index}@example.com",
                                             timezone="Europe/Paris")
        events.append(EngagementInput(EventType.CLICK, now, publication_id=publication.id,
                                      channel_id=channel.id, subscriber_id=subscriber.id))
    await record_events(events)
    await gql.data("{ me { name } }", role="viewer")  # the caller's principal, then cached
    counts = []
    for first in (3, 30):
        with count_queries() as statements:
            data = await gql.data(PROFILE_QUERY, {"first": first}, role="viewer")
        edges = data["subscribers"]["edges"]
        assert len(edges) == first
        profile = edges[0]["node"]["interestProfile"]
        assert {t["topic"]["slug"] for t in profile["topics"]} == {"t0", "t1"}
        assert profile["topics"][0]["clicks"] == 1
        assert sum(profile["activeHours"]) == 1
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


async def test_a_held_delivery_shows_until_when_and_why(gql) -> None:
    channel = await Channel.create(name="mail", type=ChannelType.EMAIL,
                                   config={"from_address": "a@example.com"})
    publication = await Publication.create(title="p", summary="s", body="b")
    reader = await Subscriber.create(email="r@example.com")
    until = dt.datetime(2030, 1, 2, 7, 0, tzinfo=dt.UTC)
    await Delivery.create(idempotency_key="held", publication=publication, channel=channel,
                          subscriber=reader, recipient="r@example.com", next_attempt_at=until,
                          deferred_until=until, deferral_reason="quiet hours")
    await Delivery.create(idempotency_key="capped", publication=publication, channel=channel,
                          subscriber=reader, recipient="r@example.com",
                          status=DeliveryStatus.SKIPPED,
                          last_error="frequency cap: 3 per day on this channel reached")
    data = await gql.data("""{ deliveries(first: 10) { edges { node {
        status deferredUntil deferralReason lastError } } } }""", role="viewer")
    nodes = sorted((edge["node"] for edge in data["deliveries"]["edges"]),
                   key=lambda node: node["status"])
    assert nodes == [
        {"status": "PENDING", "deferredUntil": "2030-01-02T07:00:00+00:00",
         "deferralReason": "quiet hours", "lastError": None},
        {"status": "SKIPPED", "deferredUntil": None, "deferralReason": None,
         "lastError": "frequency cap: 3 per day on this channel reached"}]


async def test_settings_can_be_given_when_creating_a_subscriber(gql, refs) -> None:  # noqa: F811
    created = await create_subscriber(gql, email="ada@example.com", timezone="Asia/Tokyo",
                                      quietHours={"start": "21:30", "end": "06:15"},
                                      dailyCap=10, channelOrder=[refs["mail"]])
    assert (created["timezone"], created["quietHours"], created["dailyCap"]) == (
        "Asia/Tokyo", {"start": "21:30", "end": "06:15"}, 10)
    assert [c["id"] for c in created["channelOrder"]] == [refs["mail"]]
    error = await gql.error(CREATE_SUBSCRIBER, {"input": {
        "email": "bob@example.com", "quietHours": {"start": "21:30", "end": "21:30"}}},
        **EDITOR)
    assert_error(error, "BAD_USER_INPUT", "quietHours.end")
    assert not await Subscriber.exists(email="bob@example.com")
