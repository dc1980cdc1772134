"""newsletterPreview, digestSchedule and digestProgress through GraphQL: what they show,
that a preview writes nothing, clear errors for bad input, and a constant query count."""

from __future__ import annotations

import datetime as dt

from domain.audience.models import Frequency
from domain.deliveries.models import Delivery
from domain.newsletters.models import Digest
from domain.newsletters.periods import latest_due
from tests.graphql_client import count_queries, gid
from tests.test_digests import email_channel, follow, generate, published, reader, topics

PREVIEW = """
query($s: ID!, $c: ID!, $f: Frequency) {
  newsletterPreview(subscriberId: $s, channelId: $c, frequency: $f) {
    frequency period dueAt alreadySent
    items { score reasons publication { id title } topic { slug } }
    message { subject html text }
  }
}"""
SCHEDULE = """
query($from: DateTime, $hours: Int!) {
  digestSchedule(from: $from, hours: $hours) { hour frequency digests }
}"""
PROGRESS = """
query($f: Frequency!, $p: String!) {
  digestProgress(frequency: $f, period: $p) {
    written empty byStatus { status count } publication { id kind }
  }
}"""


async def test_preview_shows_items_reasons_and_message_and_writes_nothing(gql) -> None:
    now = dt.datetime.now(dt.UTC)
    mail = await email_channel()
    science, art = await topics("science", "art")
    person = await reader("ada@example.org")
    await follow(person, mail, Frequency.DAILY, science)
    await published("Comet sighted", now - dt.timedelta(minutes=5), science)
    await published("Gallery", now - dt.timedelta(minutes=5), art)
    variables = {"s": gid("Subscriber", person.id), "c": gid("Channel", mail.id)}

    data = (await gql.data(PREVIEW, variables, role="editor"))["newsletterPreview"]

    assert data["frequency"] == "DAILY" and data["alreadySent"] is False
    assert data["period"] == latest_due(now, person.id, "UTC", Frequency.DAILY)[0].label
    assert [i["publication"]["title"] for i in data["items"]] == ["Comet sighted"]
    assert data["items"][0]["topic"]["slug"] == "science"
    assert data["items"][0]["reasons"][0] == "in your topic Science"
    assert data["message"]["subject"] == "Your daily digest: 1 new story"
    assert "Comet sighted" in data["message"]["html"]
    assert not await Digest.exists() and not await Delivery.exists()

    await generate(now)
    again = (await gql.data(PREVIEW, variables, role="admin"))["newsletterPreview"]
    assert again["alreadySent"] is True
    assert [i["publication"]["title"] for i in again["items"]] == ["Comet sighted"]


async def test_preview_errors_name_the_field(gql) -> None:
    mail = await email_channel()
    [science] = await topics("science")
    person = await reader("ada@example.org")
    loner = await reader("loner@example.org")
    await follow(person, mail, Frequency.DAILY, science)
    cases = [
        ({"s": gid("Subscriber", 999), "c": gid("Channel", mail.id)}, "NOT_FOUND",
         "subscriberId"),
        ({"s": gid("Subscriber", person.id), "c": gid("Channel", 999)}, "NOT_FOUND",
         "channelId"),
        ({"s": gid("Subscriber", loner.id), "c": gid("Channel", mail.id)}, "BAD_USER_INPUT",
         "channelId"),
        ({"s": gid("Subscriber", person.id), "c": gid("Channel", mail.id), "f": "WEEKLY"},
         "BAD_USER_INPUT", "frequency"),
        ({"s": gid("Subscriber", person.id), "c": gid("Channel", mail.id), "f": "IMMEDIATE"},
         "BAD_USER_INPUT", "frequency"),
        ({"s": gid("Topic", 1), "c": gid("Channel", mail.id)}, "BAD_USER_INPUT",
         "subscriberId"),
    ]
    for variables, code, field in cases:
        error = await gql.error(PREVIEW, variables, role="editor")
        assert (error["extensions"]["code"], error["extensions"].get("field")) == (
            code, field), (variables, error)
    assert not await Digest.exists()


async def test_schedule_counts_each_reader_at_their_local_eight(gql) -> None:
    mail = await email_channel()
    [news] = await topics("news")
    for index, zone in enumerate(("Asia/Tokyo", "Asia/Tokyo", "America/Los_Angeles")):
        await follow(await reader(f"r{index}@example.org", zone), mail, Frequency.DAILY, news)
    start = "2026-12-08T12:00:00+00:00"  # a Tuesday: no weekly digests are due

    slots = (await gql.data(SCHEDULE, {"from": start, "hours": 24},
                            role="viewer"))["digestSchedule"]

    assert slots == [
        {"hour": "2026-12-08T16:00:00+00:00", "frequency": "DAILY", "digests": 1},
        {"hour": "2026-12-08T23:00:00+00:00", "frequency": "DAILY", "digests": 2}]
    for hours in (0, 24 * 8 + 1):
        error = await gql.error(SCHEDULE, {"hours": hours}, role="viewer")
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["extensions"]["field"] == "hours"


async def test_schedule_costs_one_query_whatever_the_audience(gql) -> None:
    mail = await email_channel()
    [news] = await topics("news")

    async def statements() -> int:
        await gql.data("{ me { name } }", role="viewer")
        with count_queries() as seen:
            await gql.data(SCHEDULE, {"hours": 48}, role="viewer")
        return len(seen)

    await follow(await reader("one@example.org", "Europe/Paris"), mail, Frequency.DAILY, news)
    few = await statements()
    for index in range(10):
        await follow(await reader(f"m{index}@example.org", "Asia/Tokyo"), mail,
                     Frequency.WEEKLY, news)
    assert await statements() == few


async def test_progress_counts_written_empty_and_by_status(gql) -> None:
    now = dt.datetime.now(dt.UTC)
    mail = await email_channel()
    science, art = await topics("science", "art")
    busy, idle = await reader("busy@example.org"), await reader("idle@example.org")
    await follow(busy, mail, Frequency.DAILY, science)
    await follow(idle, mail, Frequency.DAILY, art)
    await published("Comet sighted", now - dt.timedelta(minutes=5), science)
    await generate(now)
    period = latest_due(now, busy.id, "UTC", Frequency.DAILY)[0].label

    data = (await gql.data(PROGRESS, {"f": "DAILY", "p": period},
                           role="viewer"))["digestProgress"]

    assert (data["written"], data["empty"]) == (1, 1)
    assert data["byStatus"] == [{"status": "pending", "count": 1}]
    assert data["publication"]["kind"] == "DIGEST"
    for variables, field in (({"f": "DAILY", "p": "2026-W50"}, "period"),
                             ({"f": "WEEKLY", "p": "2026-12-07"}, "period"),
                             ({"f": "NEVER", "p": "2026-12-07"}, "frequency")):
        error = await gql.error(PROGRESS, variables, role="viewer")
        assert (error["extensions"]["code"], error["extensions"]["field"]) == (
            "BAD_USER_INPUT", field)
