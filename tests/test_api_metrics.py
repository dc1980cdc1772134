"""The `metrics` and `subscriberEngagement` queries and the CSV/JSON export, over the
real API with events written the way the tracking endpoints write them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import httpx
from strawberry import relay

from app.http import create_app
from app.settings import Settings
from domain.deliveries.audience import resolve_audience
from domain.deliveries.models import Delivery
from domain.engagement.models import EventType
from domain.engagement.recorder import (
    EngagementInput,
    RollupDelta,
    apply_rollup,
    record_events,
)
from tests.delivery_fixtures import publication_to
from tests.graphql_client import TEST_SECRET, token_for

T0 = dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.UTC)

METRICS = """
query($from: DateTime!, $to: DateTime!, $granularity: MetricGranularity!, $pub: ID,
      $topic: ID, $channel: ID) {
  metrics(from: $from, to: $to, granularity: $granularity, publicationId: $pub,
          topicId: $topic, channelId: $channel) {
    granularity from to
    totals { sent opens uniqueOpens machineOpens clicks uniqueClicks bounces unsubscribes }
    rates { openRate clickRate clickToOpenRate bounceRate }
    points { bucket counters { opens uniqueOpens clicks } rates { openRate } }
  }
}"""

ENGAGEMENT = """
query($id: ID!, $first: Int!, $topic: ID, $types: [EngagementType!]) {
  subscriberEngagement(id: $id, first: $first, topicId: $topic, types: $types) {
    lastOpenAt lastClickAt
    byTopic { topicId opens clicks }
    recent { type occurredAt isMachine url publicationId }
  }
}"""


def gid(type_name: str, pk: int) -> str:
    return str(relay.GlobalID(type_name, str(pk)))


async def _seed() -> dict[str, Any]:
    scenario = await publication_to("http://127.0.0.1:9/hook", 4, slug="metrics")
    await resolve_audience(scenario.publication.id)
    rows = await Delivery.filter(publication_id=scenario.publication.id).order_by("id")

    def event(kind: EventType, row: Delivery, at: dt.datetime, **extra: Any
              ) -> EngagementInput:
        return EngagementInput(kind, at, delivery_id=row.id,
                               publication_id=row.publication_id, channel_id=row.channel_id,
                               subscriber_id=row.subscriber_id, **extra)

    delta = RollupDelta()
    delta.add(T0, scenario.publication.id, scenario.channel.id, "sent", 4)
    await apply_rollup(delta)
    await record_events([
        event(EventType.OPEN, rows[0], T0),
        event(EventType.OPEN, rows[0], T0 + dt.timedelta(hours=1)),
        event(EventType.OPEN, rows[1], T0, is_machine=True),
        event(EventType.OPEN, rows[2], T0 + dt.timedelta(days=1)),
        event(EventType.CLICK, rows[0], T0 + dt.timedelta(minutes=5), url="https://x.example/"),
        event(EventType.BOUNCE, rows[3], T0, dedupe_key="sns:b1"),
    ])
    return {"publication": scenario.publication, "channel": scenario.channel,
            "topic": scenario.topic, "rows": rows}


def _vars(seeded: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"from": (T0 - dt.timedelta(days=1)).isoformat(),
            "to": (T0 + dt.timedelta(days=5)).isoformat(), "granularity": "DAY",
            "pub": gid("Publication", seeded["publication"].id), **extra}


async def test_metrics_query_totals_rates_and_buckets(gql) -> None:
    seeded = await _seed()
    report = (await gql.data(METRICS, _vars(seeded), role="viewer"))["metrics"]
    assert report["totals"] == {"sent": 4, "opens": 3, "uniqueOpens": 2, "machineOpens": 1,
                                "clicks": 1, "uniqueClicks": 1, "bounces": 1,
                                "unsubscribes": 0}
    assert report["rates"]["openRate"] == 0.5 and report["rates"]["clickRate"] == 0.25
    assert report["rates"]["clickToOpenRate"] == 0.5 and report["rates"]["bounceRate"] == 0.25
    assert [point["counters"]["uniqueOpens"] for point in report["points"]] == [1, 1]
    by_topic = (await gql.data(METRICS, _vars(seeded, pub=None, topic=gid(
        "Topic", seeded["topic"].id)), role="viewer"))["metrics"]
    assert by_topic["totals"] == report["totals"]
    other_topic = (await gql.data(METRICS, _vars(seeded, pub=None, topic=gid("Topic", 999)),
                                  role="viewer"))["metrics"]
    assert other_topic["totals"]["opens"] == 0 and other_topic["rates"]["openRate"] is None
    hourly = (await gql.data(METRICS, _vars(seeded, granularity="HOUR", channel=gid(
        "Channel", seeded["channel"].id)), role="viewer"))["metrics"]
    assert [p["bucket"][:13] for p in hourly["points"]] == [
        "2026-11-20T10", "2026-11-20T11", "2026-11-21T10"]


async def test_metrics_bad_input_names_the_field(gql) -> None:
    seeded = await _seed()
    cases = [
        (_vars(seeded, to=(T0 - dt.timedelta(days=2)).isoformat()), "to"),
        (_vars(seeded, granularity="MINUTE", to=(T0 + dt.timedelta(days=30)).isoformat()),
         "granularity"),
        (_vars(seeded, pub=gid("Channel", 1)), "publicationId"),
    ]
    for variables, field in cases:
        error = await gql.error(METRICS, variables, role="viewer")
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        assert error["extensions"]["field"] == field, error
    anonymous = await gql.error(METRICS, _vars(seeded), role=None)
    assert anonymous["extensions"]["code"] == "UNAUTHENTICATED"


async def test_subscriber_engagement_history_by_topic(gql) -> None:
    seeded = await _seed()
    first = seeded["rows"][0]
    found = (await gql.data(ENGAGEMENT, {"id": gid("Subscriber", first.subscriber_id),
                                         "first": 10}, role="viewer"))["subscriberEngagement"]
    assert [event["type"] for event in found["recent"]] == ["OPEN", "CLICK", "OPEN"]
    assert found["byTopic"] == [{"topicId": gid("Topic", seeded["topic"].id), "opens": 2,
                                 "clicks": 1}]
    assert found["lastClickAt"].startswith("2026-11-20T10:35")
    clicks = (await gql.data(ENGAGEMENT, {"id": gid("Subscriber", first.subscriber_id),
                                          "first": 10, "types": ["CLICK"]},
                             role="viewer"))["subscriberEngagement"]
    assert [event["url"] for event in clicks["recent"]] == ["https://x.example/"]
    machine_only = seeded["rows"][1]
    quiet = (await gql.data(ENGAGEMENT, {"id": gid("Subscriber", machine_only.subscriber_id),
                                         "first": 5}, role="viewer"))["subscriberEngagement"]
    assert quiet["lastOpenAt"] is None and quiet["byTopic"] == []
    assert [event["isMachine"] for event in quiet["recent"]] == [True]
    missing = await gql.error(ENGAGEMENT, {"id": gid("Subscriber", 99999), "first": 5},
                              role="viewer")
    assert missing["extensions"]["code"] == "NOT_FOUND"
    too_many = await gql.error(ENGAGEMENT, {"id": gid("Subscriber", first.subscriber_id),
                                            "first": 1000}, role="viewer")
    assert too_many["extensions"]["field"] == "first"


async def test_export_csv_and_json_need_a_token_and_match_the_query(db) -> None:
    seeded = await _seed()
    settings = Settings(secret_key=TEST_SECRET, database_url="postgres://unused/db",
                        redis_url="redis://unused")
    app = create_app(settings)
    params = {"from": (T0 - dt.timedelta(days=1)).isoformat(),
              "to": (T0 + dt.timedelta(days=5)).isoformat(),
              "publicationId": gid("Publication", seeded["publication"].id)}
    headers = {"authorization": f"Bearer {token_for('viewer')}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://test") as client:
        response = await client.get("/exports/metrics", params=params, headers=headers)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert [row["bucket"][:10] for row in rows] == ["2026-11-20", "2026-11-21"]
        assert rows[0]["unique_opens"] == "1" and rows[0]["bounces"] == "1"
        as_json = (await client.get("/exports/metrics", params={**params, "format": "json"},
                                    headers=headers)).json()
        assert as_json["totals"]["opens"] == 3 and len(as_json["points"]) == 2
        assert (await client.get("/exports/metrics", params=params)).status_code == 401
        forged = await client.get("/exports/metrics", params=params,
                                  headers={"authorization": "Bearer not.a.jwt"})
        assert forged.status_code == 401
        for bad, field in [({"to": "yesterday"}, "to"), ({"format": "xml"}, "format"),
                           ({"granularity": "week"}, "granularity"),
                           ({"publicationId": gid("Topic", 1)}, "publicationId")]:
            answer = await client.get("/exports/metrics", params={**params, **bad},
                                      headers=headers)
            assert answer.status_code == 400, bad
            assert answer.json()["error"]["field"] == field
