"""Troubleshooting through the API, against real PostgreSQL, Redis and a loopback webhook
receiver: a delivery's timeline, the deliveries search, the dead letters, explainAudience
and the channel monitor (fed by real sends)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import pytest

from domain.audience.models import Frequency, Subscriber, SubscriberPreference, SubscriberStatus
from domain.audience.service import update_subscriber_preferences
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.deliveries.models import Delivery, DeliveryAttempt, DeliveryStatus
from domain.engagement.models import EventType
from domain.engagement.recorder import EngagementInput, record_events
from domain.engagement.suppression import suppress
from domain.experiments.audience import HOLDOUT_REASON
from domain.personalization.preferences import QuietHoursSpec, SettingsSpec
from domain.principals.actor import SYSTEM
from domain.principals.models import AuditLogEntry
from domain.publications.models import Publication, PublicationStatus
from tests.delivery_fixtures import build_engine, publication_to
from tests.graphql_client import count_queries, gid

TIMELINE = """query($id: ID!) { delivery(id: $id) { id status attempts errorClass
  timeline { at kind attempt destination statusCode latencyMs waitMs times outcome
             errorClass error providerMessageId url machine detail } } }"""


async def _run_until_idle(engine, seconds: float = 60.0) -> None:
    """Pump (waiting out short backoffs) until nothing is pending or sending."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        await engine.pump(budget_seconds=10, linger_seconds=1)
        if not await Delivery.filter(status__in=["pending", "sending"]).exists():
            return
        await asyncio.sleep(0.05)
    pytest.fail("deliveries still pending at the deadline")


# -- the timeline ------------------------------------------------------------------------


async def test_timeline_shows_each_retry_with_its_status_code(gql, redis_client, http_client,
                                                              receiver) -> None:
    secret = "tok3n-in-the-query-9f8e7d"
    scenario = await publication_to(f"{receiver.url}/hook/abcdef123456?token={secret}", 1)
    receiver.script.extend([500, 503])  # fails twice, then answers 200
    engine = build_engine(redis_client, http_client)
    await engine.start_publication(scenario.publication.id)
    await _run_until_idle(engine)
    delivery = await Delivery.get(publication_id=scenario.publication.id)
    assert delivery.status is DeliveryStatus.SENT
    # what the provider and the reader did afterwards
    now = dt.datetime.now(dt.UTC)
    await record_events([
        EngagementInput(EventType.DELIVERY, now + dt.timedelta(seconds=1),
                        delivery_id=delivery.id, publication_id=delivery.publication_id,
                        channel_id=delivery.channel_id, metadata={"smtp_response": "250 ok"}),
        EngagementInput(EventType.OPEN, now + dt.timedelta(seconds=2), delivery_id=delivery.id,
                        publication_id=delivery.publication_id),
        EngagementInput(EventType.CLICK, now + dt.timedelta(seconds=3), delivery_id=delivery.id,
                        publication_id=delivery.publication_id, url="https://example.com/a"),
    ])

    data = await gql.data(TIMELINE, {"id": gid("Delivery", delivery.id)})
    found = data["delivery"]
    assert found["status"] == "SENT" and found["attempts"] == 3
    kinds = [entry["kind"] for entry in found["timeline"]]
    assert kinds == ["queued", "attempt", "attempt", "attempt", "delivery", "open", "click"]
    attempts = [entry for entry in found["timeline"] if entry["kind"] == "attempt"]
    assert [a["attempt"] for a in attempts] == [1, 2, 3]
    assert [a["statusCode"] for a in attempts] == [500, 503, 200]
    assert [a["outcome"] for a in attempts] == ["retry", "retry", "sent"]
    assert [a["errorClass"] for a in attempts] == ["http_5xx", "http_5xx", None]
    assert attempts[0]["error"].startswith("HTTP 500") and attempts[2]["error"] is None
    assert all(a["latencyMs"] is not None and a["latencyMs"] > 0 for a in attempts)
    assert attempts[0]["at"] < attempts[1]["at"] < attempts[2]["at"]
    assert found["timeline"][4]["detail"] == "250 ok"
    assert found["timeline"][6]["url"] == "https://example.com/a"
    # the destination never carries the URL's credentials, for any role
    for role in ("admin", "viewer"):
        body = await gql.post(TIMELINE, {"id": gid("Delivery", delivery.id)}, role=role)
        assert secret not in json.dumps(body)
        destinations = {entry["destination"] for entry in body["data"]["delivery"]["timeline"]
                        if entry["kind"] == "attempt"}
        assert destinations == {f"{receiver.url}/…?token=…"}


async def test_timeline_folds_breaker_waits_and_keeps_what_is_not_attempted(
        gql, redis_client, http_client, receiver) -> None:
    scenario = await publication_to(receiver.url, 6)
    receiver.status = 500
    engine = build_engine(redis_client, http_client, breaker_failure_threshold=2,
                          breaker_cooldown_seconds=30, batch_size=6, concurrency=1,
                          max_attempts=5)
    await engine.start_publication(scenario.publication.id)
    await engine.pump(budget_seconds=5)
    # the breaker opened after two failures: the other four waited without an attempt
    untried = await Delivery.filter(publication_id=scenario.publication.id, attempts=0)
    assert len(untried) == 4
    for row in untried:
        (wait,) = await DeliveryAttempt.filter(delivery_id=row.id)
        assert wait.kind == "circuit_open" and wait.times == 1
    held_back = untried[0]
    data = await gql.data(TIMELINE, {"id": gid("Delivery", held_back.id)})
    wait = data["delivery"]["timeline"][-1]
    assert wait["kind"] == "circuit_open" and wait["times"] == 1 and wait["waitMs"] > 1000
    assert wait["attempt"] == 1  # the attempt it held back

    # the same wait again folds into the same entry
    await Delivery.filter(id=held_back.id).update(next_attempt_at=dt.datetime.now(dt.UTC))
    await engine.pump(budget_seconds=2)
    assert await DeliveryAttempt.filter(delivery_id=held_back.id).count() == 1
    assert (await DeliveryAttempt.get(delivery_id=held_back.id)).times == 2


async def test_delivery_lookup_bad_input_and_missing(gql) -> None:
    assert (await gql.data(TIMELINE, {"id": gid("Delivery", 999)}))["delivery"] is None
    error = await gql.error(TIMELINE, {"id": gid("Channel", 1)})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "id"


async def test_a_page_of_timelines_costs_a_constant_number_of_queries(
        gql, redis_client, http_client, receiver) -> None:
    scenario = await publication_to(receiver.url, 12)
    receiver.script.extend([500] * 4)
    engine = build_engine(redis_client, http_client)
    await engine.start_publication(scenario.publication.id)
    await _run_until_idle(engine)
    query = """query($n: Int!) { deliveries(first: $n) { edges { node { id
      channel { name } timeline { kind statusCode error } } } } }"""
    await gql.data(query, {"n": 1})  # the caller's principal is cached from here on
    with count_queries() as few:
        small = await gql.data(query, {"n": 2})
    with count_queries() as many:
        large = await gql.data(query, {"n": 12})
    assert len(small["deliveries"]["edges"]) == 2 and len(large["deliveries"]["edges"]) == 12
    assert len(many) == len(few), many


# -- searching the ledger ----------------------------------------------------------------

SEARCH = """query($filter: DeliveryFilter) { deliveries(first: 50, filter: $filter) {
  edges { node { recipient status errorClass } } } }"""


async def test_deliveries_search_by_recipient_status_error_class_and_time(
        gql, redis_client, http_client, receiver) -> None:
    scenario = await publication_to(receiver.url, 4)
    receiver.script.append(404)  # one of them fails for good
    engine = build_engine(redis_client, http_client, concurrency=1)
    await engine.start_publication(scenario.publication.id)
    await _run_until_idle(engine)

    async def search(**filter: object) -> list[dict]:
        data = await gql.data(SEARCH, {"filter": filter}, role="viewer")
        return [edge["node"] for edge in data["deliveries"]["edges"]]

    failed = await search(errorClass="http_4xx")
    assert len(failed) == 1 and failed[0]["status"] == "FAILED"
    assert await search(status="FAILED") == failed
    assert len(await search(status="SENT")) == 3
    recipient = failed[0]["recipient"]
    assert [row["recipient"] for row in await search(recipient=recipient)] == [recipient]
    assert [row["recipient"] for row in await search(recipient=recipient.upper())] == \
        [recipient]
    assert await search(recipient="nobody@example.com") == []
    created = (await Delivery.filter(publication_id=scenario.publication.id)
               .order_by("created_at").first()).created_at
    later = (created + dt.timedelta(minutes=5)).isoformat()
    earlier = (created - dt.timedelta(minutes=5)).isoformat()
    assert len(await search(createdAfter=earlier, createdBefore=later)) == 4
    assert await search(createdAfter=later) == []
    assert len(await search(createdBefore=later, errorClass="http_4xx",
                            subscriberId=None)) == 1


@pytest.mark.parametrize(("filter", "field"), [
    ({"recipient": "   "}, "recipient"),
    ({"recipient": "x" * 2001}, "recipient"),
    ({"errorClass": "x" * 40}, "errorClass"),
    ({"createdAfter": "2026-12-06T10:00:00Z", "createdBefore": "2026-12-06T09:00:00Z"},
     "createdBefore"),
    ({"createdAfter": "2026-12-06T10:00:00"}, "createdAfter"),
    ({"subscriberId": gid("Channel", 1)}, "filter.subscriberId"),
])
async def test_deliveries_search_bad_input(gql, filter: dict, field: str) -> None:
    error = await gql.error(SEARCH, {"filter": filter})
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert error["extensions"]["field"] == field


# -- dead letters --------------------------------------------------------------------------

DEAD = """query($filter: DeadLetterFilter) { deadLetters(filter: $filter) {
  errorClass count firstSeen lastSeen sampleError sampleDeliveryId } }"""


async def _dead_letters(redis_client, http_client, receiver) -> tuple[int, int]:
    """Five deliveries die on 500s and two on timeouts; returns (publication, channel)."""
    scenario = await publication_to(receiver.url, 7)
    receiver.status = 500
    engine = build_engine(redis_client, http_client, max_attempts=1)
    await engine.start_publication(scenario.publication.id)
    await _run_until_idle(engine)
    rows = await Delivery.filter(publication_id=scenario.publication.id).order_by("id")
    assert {row.status for row in rows} == {DeliveryStatus.DEAD}
    # two of them died of timeouts instead (as a slow receiver would make them)
    await Delivery.filter(id__in=[rows[0].id, rows[1].id]).update(
        error_class="timeout", last_error="gave up after 1 attempts: timed out")
    return scenario.publication.id, scenario.channel.id


async def test_dead_letters_grouped_by_error_class_then_replayed_and_discarded(
        gql, redis_client, http_client, receiver) -> None:
    publication_id, channel_id = await _dead_letters(redis_client, http_client, receiver)
    groups = (await gql.data(DEAD, role="viewer"))["deadLetters"]
    assert [(g["errorClass"], g["count"]) for g in groups] == [("http_5xx", 5),
                                                               ("timeout", 2)]
    assert groups[0]["sampleError"].startswith("gave up after 1 attempts: HTTP 500")
    assert groups[0]["firstSeen"] <= groups[0]["lastSeen"]
    assert groups[1]["sampleError"].endswith("timed out")
    only = await gql.data(DEAD, {"filter": {"errorClass": "timeout",
                                            "channelId": gid("Channel", channel_id)}})
    assert [(g["errorClass"], g["count"]) for g in only["deadLetters"]] == [("timeout", 2)]

    # replay the 500s only: they are sent; the timeouts stay dead
    receiver.status = 200
    replayed = await gql.data(
        "mutation($f: DeadLetterFilter!) { replayDeadLetters(filter: $f) { count } }",
        {"f": {"errorClass": "http_5xx", "publicationId": gid("Publication", publication_id)}})
    assert replayed["replayDeadLetters"]["count"] == 5
    engine = build_engine(redis_client, http_client)
    await _run_until_idle(engine)
    counts = {}
    for row in await Delivery.filter(publication_id=publication_id):
        counts[row.status] = counts.get(row.status, 0) + 1
    assert counts == {DeliveryStatus.SENT: 5, DeliveryStatus.DEAD: 2}

    discarded = await gql.data(
        "mutation($f: DeadLetterFilter!) { discardDeadLetters(filter: $f, reason: \"known\") "
        "{ count } }", {"f": {}})
    assert discarded["discardDeadLetters"]["count"] == 2
    assert (await gql.data(DEAD))["deadLetters"] == []
    gone = await Delivery.filter(publication_id=publication_id, status=DeliveryStatus.FAILED)
    assert len(gone) == 2 and all(row.error_class == "timeout" for row in gone)
    assert gone[0].error_history[-1]["discarded"] == "by admin-user: known"
    # a replay no longer picks discarded rows up
    again = await gql.data(
        "mutation { replayDeadLetters(filter: {}) { count } }")
    assert again["replayDeadLetters"]["count"] == 0
    actions = [entry.action for entry in await AuditLogEntry.all().order_by("id")]
    assert actions == ["deliveries.replay", "deliveries.discard", "deliveries.replay"]
    assert (await Publication.get(id=publication_id)).status in (
        PublicationStatus.PUBLISHING, PublicationStatus.PUBLISHED)


@pytest.mark.parametrize(("filter", "field"), [
    ({"diedAfter": "2026-12-06T10:00:00Z", "diedBefore": "2026-12-06T10:00:00Z"},
     "diedBefore"),
    ({"diedAfter": "2026-12-06T10:00:00"}, "diedAfter"),
    ({"errorClass": ""}, "errorClass"),
    ({"channelId": gid("Publication", 1)}, "filter.channelId"),
])
async def test_dead_letter_bad_filters_change_nothing(gql, redis_client, http_client, receiver,
                                                      filter: dict, field: str) -> None:
    await _dead_letters(redis_client, http_client, receiver)
    for document in ("mutation($f: DeadLetterFilter!) { replayDeadLetters(filter: $f) "
                     "{ count } }",
                     "mutation($f: DeadLetterFilter!) { discardDeadLetters(filter: $f) "
                     "{ count } }",
                     DEAD.replace("$filter: DeadLetterFilter", "$f: DeadLetterFilter")
                     .replace("filter: $filter", "filter: $f")):
        error = await gql.error(document, {"f": filter})
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        assert error["extensions"]["field"] == field
    assert await Delivery.filter(status=DeliveryStatus.DEAD).count() == 7
    assert await AuditLogEntry.all().count() == 0


# -- explainAudience ------------------------------------------------------------------------

EXPLAIN = """query($p: ID!, $s: ID!) { explainAudience(publicationId: $p, subscriberId: $s) {
  received channels { reason message received channelId deliveryId until } } }"""


async def _explain(gql, publication_id: int, subscriber_id: int) -> dict:
    data = await gql.data(EXPLAIN, {"p": gid("Publication", publication_id),
                                    "s": gid("Subscriber", subscriber_id)}, role="viewer")
    return data["explainAudience"]


async def test_explain_audience_names_each_reason(gql, redis_client, http_client,
                                                  receiver) -> None:
    scenario = await publication_to(receiver.url, 8)
    people = await Subscriber.filter(email__startswith="news-reader").order_by("id")
    publication_id = scenario.publication.id
    # before publishing: nothing stands in the way of reader 0
    before = await _explain(gql, publication_id, people[0].id)
    assert [c["reason"] for c in before["channels"]] == ["WILL_RECEIVE"]
    assert not before["received"]

    people[1].status = SubscriberStatus.UNSUBSCRIBED
    await people[1].save()
    await SubscriberPreference.filter(subscriber=people[2]).delete()
    await SubscriberPreference.filter(subscriber=people[3]).update(frequency=Frequency.WEEKLY)
    await update_subscriber_preferences(SYSTEM, people[4].id, None, SettingsSpec(
        timezone="UTC", quiet_hours=_quiet_now()))
    people[5].daily_cap = 0
    await people[5].save()
    # reader 6 also asked for email, but has no address there
    mail = await Channel.create(name="mail", type=ChannelType.EMAIL,
                                config={"from_address": "news@example.com"})
    await scenario.publication.channels.add(mail)
    await SubscriberPreference.create(subscriber=people[6], topic=scenario.topic, channel=mail)
    people[6].email, people[6].external_id = None, "reader-6"
    await people[6].save()
    engine = build_engine(redis_client, http_client)
    await engine.start_publication(publication_id)
    # reader 7 is in an experiment's holdout (the ledger says so)
    await Delivery.filter(publication_id=publication_id, subscriber_id=people[7].id).update(
        status=DeliveryStatus.SKIPPED, last_error=HOLDOUT_REASON)
    await engine.pump(budget_seconds=10)

    expected = {0: "DELIVERED", 1: "UNSUBSCRIBED", 2: "NOT_SUBSCRIBED", 3: "NOT_IMMEDIATE",
                4: "QUIET_HOURS", 5: "CAPPED", 6: "NO_ADDRESS", 7: "EXPERIMENT_HOLDOUT"}
    for index, reason in expected.items():
        found = await _explain(gql, publication_id, people[index].id)
        by_channel = {verdict["channelId"]: verdict for verdict in found["channels"]}
        assert len(by_channel) == 2  # the webhook and the email channel
        verdict = by_channel[gid("Channel", mail.id if index == 6 else scenario.channel.id)]
        assert verdict["reason"] == reason, (index, verdict)
        if index == 6:  # the webhook reached them by their external id
            webhook = by_channel[gid("Channel", scenario.channel.id)]
            assert webhook["reason"] == "DELIVERED"
            assert found["received"] is True
            continue
        assert found["received"] is (reason == "DELIVERED")
        if reason in ("DELIVERED", "QUIET_HOURS", "CAPPED", "EXPERIMENT_HOLDOUT"):
            row = await Delivery.get(publication_id=publication_id,
                                     subscriber_id=people[index].id)
            assert verdict["deliveryId"] == gid("Delivery", row.id)
        else:
            assert verdict["deliveryId"] is None
    quiet = next(verdict for verdict in (await _explain(gql, publication_id, people[4].id))[
        "channels"] if verdict["reason"] == "QUIET_HOURS")
    assert quiet["until"] is not None and "quiet hours" in quiet["message"]


async def test_explain_audience_suppressed_failed_disabled_and_no_channel(
        gql, redis_client, http_client, receiver) -> None:
    scenario = await publication_to(receiver.url, 3)
    people = await Subscriber.filter(email__startswith="news-reader").order_by("id")
    receiver.status = 404
    engine = build_engine(redis_client, http_client)
    await engine.start_publication(scenario.publication.id)
    await _run_until_idle(engine)
    failed = await _explain(gql, scenario.publication.id, people[0].id)
    assert failed["channels"][0]["reason"] == "FAILED"
    assert "HTTP 404" in failed["channels"][0]["message"]

    # a second publication: suppressed address (bounced reader), disabled channel
    other = await publication_to(receiver.url, 0, slug="other")
    await SubscriberPreference.create(subscriber=people[1], topic=other.topic,
                                      channel=other.channel)
    await suppress(people[1].email, "hard_bounce")
    people[1].status = SubscriberStatus.BOUNCED
    await people[1].save()
    suppressed = await _explain(gql, other.publication.id, people[1].id)
    assert suppressed["channels"][0]["reason"] == "SUPPRESSED"
    await SubscriberPreference.create(subscriber=people[2], topic=other.topic,
                                      channel=other.channel)
    await Channel.filter(id=other.channel.id).update(status=ChannelStatus.DISABLED,
                                                    status_reason="maintenance")
    disabled = await _explain(gql, other.publication.id, people[2].id)
    assert disabled["channels"][0]["reason"] == "CHANNEL_DISABLED"
    assert "maintenance" in disabled["channels"][0]["message"]

    bare = await Publication.create(title="nowhere", summary="s", body="b")
    nowhere = await _explain(gql, bare.id, people[2].id)
    assert [c["reason"] for c in nowhere["channels"]] == ["NO_CHANNEL"]


async def test_explain_audience_in_progress_held_channel_wide_and_joined_later(
        gql, redis_client, http_client, receiver) -> None:
    scenario = await publication_to(receiver.url, 3)
    people = await Subscriber.filter(email__startswith="news-reader").order_by("id")
    room = await Channel.create(name="room", type=ChannelType.SLACK)
    await scenario.publication.channels.add(room)
    receiver.status = 500
    engine = build_engine(redis_client, http_client, backoff_base_seconds=60,
                          backoff_max_seconds=60, transports={})
    await engine.start_publication(scenario.publication.id)
    await Delivery.filter(subscriber_id=people[1].id).update(status=DeliveryStatus.HELD)
    await Delivery.filter(channel_id=room.id).update(status=DeliveryStatus.SKIPPED,
                                                     last_error="not today")
    await engine.pump(budget_seconds=5)
    newcomer = await Subscriber.create(email="late@example.com")
    await SubscriberPreference.create(subscriber=newcomer, topic=scenario.topic,
                                      channel=scenario.channel)

    async def verdict(subscriber_id: int, channel_id: int) -> dict:
        found = await _explain(gql, scenario.publication.id, subscriber_id)
        return next(v for v in found["channels"] if v["channelId"] == gid("Channel",
                                                                             channel_id))

    retrying = await verdict(people[0].id, scenario.channel.id)
    assert retrying["reason"] == "IN_PROGRESS" and "HTTP 500" in retrying["message"]
    assert (await verdict(people[1].id, scenario.channel.id))["reason"] == "EXPERIMENT_HELD"
    assert (await verdict(people[0].id, room.id))["reason"] == "CHANNEL_WIDE"
    assert (await verdict(newcomer.id, scenario.channel.id))["reason"] == "NOT_IN_AUDIENCE"


async def test_explain_audience_bad_input(gql) -> None:
    bare = await Publication.create(title="t", summary="s", body="b")
    error = await gql.error(EXPLAIN, {"p": gid("Publication", bare.id),
                                      "s": gid("Subscriber", 4242)})
    assert error["extensions"]["code"] == "NOT_FOUND"
    error = await gql.error(EXPLAIN, {"p": gid("Subscriber", 1), "s": gid("Subscriber", 1)})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "publicationId"


def _quiet_now() -> QuietHoursSpec:
    """A quiet-hours window (UTC) that holds now and ends in about two hours."""
    now = dt.datetime.now(dt.UTC)
    return QuietHoursSpec((now - dt.timedelta(hours=1)).strftime("%H:%M"),
                          (now + dt.timedelta(hours=2)).strftime("%H:%M"))


# -- the channel monitor ---------------------------------------------------------------------

MONITOR = """query($id: ID!, $from: DateTime!, $to: DateTime, $bucket: Int!) {
  channelMonitor(channelId: $id, from: $from, to: $to, bucketMinutes: $bucket) {
    start sent failed errorsByClass latencyP50Ms latencyP95Ms latencyP99Ms latencyAvgMs
    deferredByBreaker deferredByRateLimit rateLimitPauses breakerOpened breakerClosed } }"""


async def test_channel_monitor_series_from_real_sends(gql, redis_client, http_client,
                                                      receiver) -> None:
    scenario = await publication_to(receiver.url, 10)
    receiver.script.extend([500, 500, 429])
    receiver.retry_after = "1"
    engine = build_engine(redis_client, http_client, concurrency=1,
                          breaker_failure_threshold=2, breaker_cooldown_seconds=0.2)
    await engine.start_publication(scenario.publication.id)
    await _run_until_idle(engine)
    now = dt.datetime.now(dt.UTC)
    data = await gql.data(MONITOR, {"id": gid("Channel", scenario.channel.id),
                                    "from": (now - dt.timedelta(hours=1)).isoformat(),
                                    "to": (now + dt.timedelta(minutes=1)).isoformat(),
                                    "bucket": 60}, role="viewer")
    (point,) = data["channelMonitor"]  # one hourly bucket
    assert point["sent"] == 10
    assert point["errorsByClass"] == {"http_5xx": 2, "http_429": 1}
    assert point["failed"] == 3
    assert point["breakerOpened"] == 1 and point["breakerClosed"] == 1
    assert point["rateLimitPauses"] == 1
    assert point["deferredByBreaker"] >= 1
    assert 0 < point["latencyP50Ms"] <= point["latencyP95Ms"] <= point["latencyP99Ms"]
    assert point["latencyAvgMs"] > 0
    # a period before the sends has no points
    empty = await gql.data(MONITOR, {"id": gid("Channel", scenario.channel.id),
                                     "from": (now - dt.timedelta(days=2)).isoformat(),
                                     "to": (now - dt.timedelta(days=1)).isoformat(),
                                     "bucket": 5})
    assert empty["channelMonitor"] == []


@pytest.mark.parametrize(("variables", "code", "field"), [
    ({"from": "2026-12-06T10:00:00Z", "to": "2026-12-06T09:00:00Z", "bucket": 5},
     "BAD_USER_INPUT", "to"),
    ({"from": "2026-10-01T00:00:00Z", "to": "2026-12-06T00:00:00Z", "bucket": 60},
     "BAD_USER_INPUT", "from"),
    ({"from": "2026-12-01T00:00:00Z", "to": "2026-12-06T00:00:00Z", "bucket": 1},
     "BAD_USER_INPUT", "bucketMinutes"),
    ({"from": "2026-12-05T00:00:00Z", "to": "2026-12-06T00:00:00Z", "bucket": 0},
     "BAD_USER_INPUT", "bucketMinutes"),
])
async def test_channel_monitor_bad_input(gql, variables: dict, code: str, field: str) -> None:
    channel = await Channel.create(name="c", type="rss")
    error = await gql.error(MONITOR, {"id": gid("Channel", channel.id), **variables})
    assert error["extensions"]["code"] == code and error["extensions"]["field"] == field


async def test_channel_monitor_unknown_channel(gql) -> None:
    error = await gql.error(MONITOR, {"id": gid("Channel", 77), "bucket": 5,
                                      "from": "2026-12-05T00:00:00Z"})
    assert error["extensions"]["code"] == "NOT_FOUND"
