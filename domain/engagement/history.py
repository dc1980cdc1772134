"""A subscriber's engagement: recent events and a per-topic summary. Personalisation
reads the same summary to rank topics by what a reader actually opens and clicks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tortoise import Tortoise

from domain.engagement.models import EventType
from domain.errors import InvalidInput, NotFound

MAX_RECENT = 200


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    type: EventType
    occurred_at: dt.datetime
    publication_id: int | None
    channel_id: int | None
    is_machine: bool
    url: str | None


@dataclass(frozen=True, slots=True)
class TopicEngagement:
    topic_id: int
    opens: int
    clicks: int
    last_engaged_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class EngagementHistory:
    subscriber_id: int
    recent: list[HistoryEvent]
    by_topic: list[TopicEngagement]
    last_open_at: dt.datetime | None
    last_click_at: dt.datetime | None


_BY_TOPIC = """
SELECT pt.topic_id,
       count(*) FILTER (WHERE e.type = 'open') AS opens,
       count(*) FILTER (WHERE e.type = 'click') AS clicks,
       max(e.occurred_at) AS last_engaged_at
FROM engagement_event e JOIN publication_topic pt ON pt.publication_id = e.publication_id
WHERE e.subscriber_id = $1 AND e.type IN ('open', 'click') AND NOT e.is_machine
GROUP BY pt.topic_id ORDER BY clicks DESC, opens DESC, pt.topic_id
"""


async def engagement_history(subscriber_id: int, *, limit: int = 20,
                             topic_id: int | None = None,
                             types: list[EventType] | None = None) -> EngagementHistory:
    """Human opens and clicks only in the summary: a machine open says nothing about
    what the reader likes."""
    if not 1 <= limit <= MAX_RECENT:
        raise InvalidInput(f"first must be from 1 to {MAX_RECENT}", field="first")
    connection = Tortoise.get_connection("default")
    if not await connection.execute_query_dict("SELECT 1 FROM subscriber WHERE id = $1",
                                               [subscriber_id]):
        raise NotFound("subscriber not found", field="id")
    conditions = ["e.subscriber_id = $1"]
    values: list[object] = [subscriber_id]
    if topic_id is not None:
        values.append(topic_id)
        conditions.append("e.publication_id IN (SELECT publication_id FROM publication_topic "
                          f"WHERE topic_id = ${len(values)})")
    if types:
        values.append([kind.value for kind in types])
        conditions.append(f"e.type = ANY(${len(values)}::varchar[])")
    values.append(limit)
    recent_rows = await connection.execute_query_dict(
        "SELECT type, occurred_at, publication_id, channel_id, is_machine, url "
        f"FROM engagement_event e WHERE {' AND '.join(conditions)} "
        f"ORDER BY occurred_at DESC, id DESC LIMIT ${len(values)}", values)
    topic_rows = await connection.execute_query_dict(_BY_TOPIC, [subscriber_id])
    last = await connection.execute_query_dict(
        "SELECT max(occurred_at) FILTER (WHERE type = 'open') AS last_open, "
        "max(occurred_at) FILTER (WHERE type = 'click') AS last_click "
        "FROM engagement_event WHERE subscriber_id = $1 AND NOT is_machine", [subscriber_id])
    return EngagementHistory(
        subscriber_id=subscriber_id,
        recent=[HistoryEvent(EventType(row["type"]), row["occurred_at"], row["publication_id"],
                             row["channel_id"], row["is_machine"], row["url"])
                for row in recent_rows],
        by_topic=[TopicEngagement(row["topic_id"], row["opens"], row["clicks"],
                                  row["last_engaged_at"]) for row in topic_rows],
        last_open_at=last[0]["last_open"], last_click_at=last[0]["last_click"])
