"""The review queue (oldest first, filters, keyset pages, constant query count) and
quality metrics on known data (per day, week, topic and author; CSV export)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import httpx
from strawberry import relay

from app.http import create_app
from app.settings import Settings
from domain.audience.models import Topic
from domain.channels.models import Channel, ChannelType
from domain.intelligence.quality_models import CheckRun, RunTrigger
from domain.principals.models import AuditLogEntry, Principal, Role
from domain.publications.models import Priority, Publication, PublicationStatus
from tests.graphql_client import TEST_SECRET, count_queries, token_for

QUEUE = """
query($first: Int!, $after: String, $filter: ReviewQueueFilter) {
  reviewQueue(first: $first, after: $after, filter: $filter) {
    edges { cursor node {
      submittedAt ageSeconds overridden overrideNote submittedScore qualityScore
      author { name displayName }
      checks { kind passed severity }
      publication { title status topics { slug } channels { name } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}"""


def gid(type_name: str, pk: int) -> str:
    return str(relay.GlobalID(type_name, str(pk)))


async def _seed_queue(count: int) -> dict[str, object]:
    now = dt.datetime.now(dt.UTC)
    alice = await Principal.create(name="alice", role=Role.EDITOR, display_name="Alice")
    bob = await Principal.create(name="bob", role=Role.EDITOR, display_name="Bob")
    news = await Topic.create(slug="news", name="News")
    sports = await Topic.create(slug="sports", name="Sports")
    channel = await Channel.create(name="hook", type=ChannelType.WEBHOOK,
                                   config={"url": "https://example.com/hook"})
    for index in range(count):
        publication = await Publication.create(
            title=f"p{index}", status=PublicationStatus.IN_REVIEW,
            author=alice if index % 2 == 0 else bob,
            priority=Priority.HIGH if index % 3 == 0 else Priority.NORMAL,
            # inserted newest first: the queue must sort by submission, not by id
            submitted_at=now - dt.timedelta(hours=count - index))
        await publication.topics.add(news if index % 2 == 0 else sports)
        await publication.channels.add(channel)
        await CheckRun.create(publication=publication, trigger=RunTrigger.SUBMIT,
                              quality=0.5 + index / 100, overridden=index == 1,
                              override_note="ok" if index == 1 else None,
                              results=[{"kind": "spam_phrases", "passed": index % 2 == 0,
                                        "severity": "warn", "message": "m", "details": {}}])
    await Publication.create(title="draft", author=alice)  # not in review
    return {"alice": alice, "bob": bob, "news": news, "sports": sports}


async def test_the_queue_is_oldest_first_with_author_checks_and_age(gql) -> None:
    await _seed_queue(5)
    data = (await gql.data(QUEUE, {"first": 3}, role="viewer"))["reviewQueue"]
    nodes = [edge["node"] for edge in data["edges"]]
    assert [node["publication"]["title"] for node in nodes] == ["p0", "p1", "p2"]
    assert nodes[0]["author"] == {"name": "alice", "displayName": "Alice"}
    assert nodes[1]["overridden"] is True and nodes[1]["overrideNote"] == "ok"
    assert nodes[0]["checks"] == [{"kind": "SPAM_PHRASES", "passed": True,
                                   "severity": "WARN"}]
    assert nodes[1]["checks"][0]["passed"] is False
    assert nodes[2]["submittedScore"] == 0.52 and nodes[2]["qualityScore"] is None
    submitted = dt.datetime.fromisoformat(nodes[0]["submittedAt"])
    elapsed = (dt.datetime.now(dt.UTC) - submitted).total_seconds()
    assert 5 * 3600 - 1 < nodes[0]["ageSeconds"] <= elapsed < 5 * 3600 + 600
    assert data["pageInfo"]["hasNextPage"] is True
    rest = (await gql.data(QUEUE, {"first": 3, "after": data["pageInfo"]["endCursor"]},
                           role="viewer"))["reviewQueue"]
    assert [e["node"]["publication"]["title"] for e in rest["edges"]] == ["p3", "p4"]
    assert rest["pageInfo"]["hasNextPage"] is False


async def test_the_queue_filters_by_topic_author_priority_and_age(gql) -> None:
    seeded = await _seed_queue(6)

    async def titles(**filter: object) -> list[str]:
        data = await gql.data(QUEUE, {"first": 50, "filter": filter}, role="viewer")
        return [edge["node"]["publication"]["title"] for edge in data["reviewQueue"]["edges"]]

    assert await titles(topicId=gid("Topic", seeded["sports"].id)) == ["p1", "p3", "p5"]
    assert await titles(authorId=gid("Principal", seeded["alice"].id)) == ["p0", "p2", "p4"]
    assert await titles(priority="HIGH") == ["p0", "p3"]
    assert await titles(minAgeSeconds=4.5 * 3600) == ["p0", "p1"]
    assert await titles(topicId=gid("Topic", seeded["news"].id), minAgeSeconds=3.5 * 3600) \
        == ["p0", "p2"]
    bad = await gql.error(QUEUE, {"first": 5, "filter": {"minAgeSeconds": -1}})
    assert (bad["extensions"]["code"], bad["extensions"]["field"]) == (
        "BAD_USER_INPUT", "minAgeSeconds")
    wrong = await gql.error(QUEUE, {"first": 5, "filter": {"authorId": gid("Topic", 1)}})
    assert wrong["extensions"]["field"] == "filter.authorId"


async def test_a_queue_page_costs_the_same_queries_whatever_its_size(gql) -> None:
    await _seed_queue(40)
    await gql.data("{ me { name } }", role="viewer")

    async def statements(first: int) -> int:
        with count_queries() as seen:
            data = await gql.data(QUEUE, {"first": first}, role="viewer")
        assert len(data["reviewQueue"]["edges"]) == first
        return len(seen)

    small, large = await statements(3), await statements(30)
    # page + topics (pairs, rows) + channels (pairs, rows) + authors + check runs
    # + current analyses = 8
    assert small == large == 8, (small, large)


# --- metrics -------------------------------------------------------------------------------

DAY1 = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)  # a Monday
DAY2 = DAY1 + dt.timedelta(days=1)


async def _seed_history() -> dict[str, object]:
    alice = await Principal.create(name="alice", role=Role.EDITOR)
    bob = await Principal.create(name="bob", role=Role.EDITOR, display_name="Bob B.")
    news = await Topic.create(slug="news", name="News")
    sports = await Topic.create(slug="sports", name="Sports")
    a = await Publication.create(title="A", author=alice)
    await a.topics.add(news)
    b = await Publication.create(title="B", author=bob)
    await b.topics.add(sports)

    async def log(publication: Publication, action: str, at: dt.datetime) -> None:
        await AuditLogEntry.create(actor_name="x", action=f"publication.{action}",
                                   target_type="publication", target_id=str(publication.id),
                                   occurred_at=at)

    async def run(publication: Publication, at: dt.datetime, quality: float | None,
                  failed: list[tuple[str, str]], overridden: bool = False) -> None:
        await CheckRun.create(publication=publication, trigger=RunTrigger.SUBMIT,
                              quality=quality, overridden=overridden, created_at=at,
                              results=[{"kind": kind, "passed": False, "severity": severity,
                                        "message": "", "details": {}}
                                       for kind, severity in failed]
                              + [{"kind": "image_alt", "passed": True, "severity": "warn",
                                  "message": "", "details": {}}])

    h = dt.timedelta(hours=1)
    await log(a, "submit", DAY1 + 9 * h)
    await run(a, DAY1 + 9 * h, 0.6, [("spam_phrases", "warn")])
    await log(a, "reject", DAY1 + 11 * h)  # 2 h in review
    await log(a, "submit", DAY1 + 12 * h)
    await run(a, DAY1 + 12 * h, 0.8, [("spam_phrases", "warn")])
    await log(a, "approve", DAY2 + 12 * h)  # 24 h in review
    await log(b, "submit", DAY1 + 10 * h)
    await run(b, DAY1 + 10 * h, None, [("unsafe_link", "block")], overridden=True)
    await log(b, "approve", DAY1 + 10.5 * h)  # 30 min in review
    await log(b, "submit", DAY1 - 5 * h)  # before the range
    await log(b, "update", DAY1 + 13 * h)  # not a review transition
    return {"alice": alice, "bob": bob, "news": news, "sports": sports}


METRICS = """
query($from: DateTime!, $to: DateTime!, $period: QualityPeriod!) {
  qualityMetrics(from: $from, to: $to, period: $period) {
    period from to
    periods { start figures { ...F } }
    byTopic { id name figures { ...F } }
    byAuthor { id name figures { ...F } }
  }
}
fragment F on QualityFigures {
  submitted approved rejected rejectionRate averageReviewSeconds overridden averageScore
  checkFailures { kind count }
}"""
RANGE = {"from": DAY1.isoformat(), "to": (DAY1 + dt.timedelta(days=7)).isoformat()}


async def test_quality_metrics_per_day_topic_and_author(gql) -> None:
    seeded = await _seed_history()
    report = (await gql.data(METRICS, {**RANGE, "period": "DAY"}, role="viewer"))[
        "qualityMetrics"]
    day1, day2 = report["periods"]
    assert (day1["start"], day2["start"]) == ("2026-11-02T00:00:00+00:00",
                                              "2026-11-03T00:00:00+00:00")
    assert day1["figures"] == {
        "submitted": 3, "approved": 1, "rejected": 1, "rejectionRate": 0.5,
        "averageReviewSeconds": 4500.0, "overridden": 1, "averageScore": 0.7,
        "checkFailures": [{"kind": "spam_phrases", "count": 2},
                          {"kind": "unsafe_link", "count": 1}]}
    assert day2["figures"] == {
        "submitted": 0, "approved": 1, "rejected": 0, "rejectionRate": 0.0,
        "averageReviewSeconds": 86400.0, "overridden": 0, "averageScore": None,
        "checkFailures": []}
    news, sports = report["byTopic"]
    assert (news["id"], news["name"]) == (gid("Topic", seeded["news"].id), "News")
    assert news["figures"]["submitted"] == 2
    assert news["figures"]["rejectionRate"] == 0.5
    assert news["figures"]["averageReviewSeconds"] == (7200 + 86400) / 2
    assert news["figures"]["averageScore"] == 0.7
    assert sports["figures"]["checkFailures"] == [{"kind": "unsafe_link", "count": 1}]
    alice, bob = report["byAuthor"]
    assert (alice["name"], bob["name"]) == ("alice", "Bob B.")
    assert bob["figures"]["overridden"] == 1 and bob["figures"]["rejectionRate"] == 0.0
    assert alice["figures"]["rejected"] == 1


async def test_quality_metrics_per_week_and_bad_ranges(gql) -> None:
    await _seed_history()
    week = (await gql.data(METRICS, {**RANGE, "period": "WEEK"}, role="viewer"))[
        "qualityMetrics"]["periods"]
    assert len(week) == 1 and week[0]["start"] == "2026-11-02T00:00:00+00:00"
    figures = week[0]["figures"]
    assert (figures["submitted"], figures["approved"], figures["rejected"]) == (3, 2, 1)
    assert abs(figures["rejectionRate"] - 1 / 3) < 1e-9
    assert figures["averageReviewSeconds"] == (7200 + 1800 + 86400) / 3
    for variables, field in (({"to": RANGE["from"]}, "to"),
                             ({"to": (DAY1 + dt.timedelta(days=400)).isoformat()}, "to"),
                             ({"from": "2026-11-02T00:00:00"}, "from")):
        error = await gql.error(METRICS, {**RANGE, "period": "DAY", **variables})
        assert (error["extensions"]["code"], error["extensions"]["field"]) == (
            "BAD_USER_INPUT", field), variables


async def test_quality_metrics_export_as_csv(db) -> None:
    await _seed_history()
    app = create_app(Settings(secret_key=TEST_SECRET, database_url="postgres://unused/db",
                              redis_url="redis://unused"))
    headers = {"authorization": f"Bearer {token_for('viewer')}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://test") as client:
        response = await client.get("/exports/quality", params={**RANGE, "period": "week"},
                                    headers=headers)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert [(row["scope"], row["name"]) for row in rows] == [
            ("period", ""), ("topic", "News"), ("topic", "Sports"), ("author", "alice"),
            ("author", "Bob B.")]
        assert rows[0]["period_start"] == "2026-11-02T00:00:00+00:00"
        assert (rows[0]["submitted"], rows[0]["rejected"], rows[0]["rejection_rate"]) == (
            "3", "1", "0.3333")
        assert rows[0]["check_failures"] == "spam_phrases=2;unsafe_link=1"
        assert (await client.get("/exports/quality", params=RANGE)).status_code == 401
        bad = await client.get("/exports/quality", params={**RANGE, "period": "year"},
                               headers=headers)
        assert bad.status_code == 400 and bad.json()["error"]["field"] == "period"


async def test_publication_checks_on_a_list_page_are_batched(gql) -> None:
    await _seed_queue(30)
    await gql.data("{ me { name } }", role="viewer")
    query = """query($first: Int!) { publications(first: $first) {
      edges { node { title checks { kind passed } } } } }"""

    async def statements(first: int) -> int:
        with count_queries() as seen:
            data = await gql.data(query, {"first": first}, role="viewer")
        assert all(edge["node"]["checks"] for edge in data["publications"]["edges"]
                   if edge["node"]["title"] != "draft")
        return len(seen)

    assert await statements(3) == await statements(25) == 2  # page + latest check runs
