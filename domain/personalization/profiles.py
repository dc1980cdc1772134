"""Interest profiles, updated in the transaction that records the engagement events.

Only human opens and clicks count (`is_machine` events are the mail client's proxy or a
link scanner, not the reader). Per batch of events, set-based upserts (topics and hours
share one statement):

- topic affinity: each event adds its weight (open 1, click 3) to every topic of the
  publication, decayed exponentially with `half_life` (see `models`);
- channel responsiveness: a delivery's first human open or click counts it once as
  engaged (claimed in `engagement_first` as kind `engaged`); sends are counted by the
  sender (`record_sends`);
- active hours: one more event in the reader's local hour.

Rows are written in (subscriber, key) order, so concurrent writers never deadlock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

from domain.engagement.models import EventType

OPEN_WEIGHT = 1.0
CLICK_WEIGHT = 3.0
DEFAULT_HALF_LIFE = dt.timedelta(days=14)
#: kind claimed in engagement_first for a delivery's first human open or click
ENGAGED_KIND = "engaged"


@dataclass(slots=True)
class _Config:
    half_life: dt.timedelta = DEFAULT_HALF_LIFE


config = _Config()


def configure(*, half_life: dt.timedelta) -> None:
    """Set by the composition root from PROFILE_HALF_LIFE_DAYS."""
    if half_life.total_seconds() <= 0:
        raise ValueError("the half-life must be positive")
    config.half_life = half_life


class EngagementLike(Protocol):
    type: EventType
    occurred_at: dt.datetime
    delivery_id: int | None
    publication_id: int | None
    subscriber_id: int | None
    is_machine: bool


def counts_for_profile(event: EngagementLike) -> bool:
    return not event.is_machine and event.type in (EventType.OPEN, EventType.CLICK)


_EVENTS = """
e AS (
    SELECT s.id AS subscriber_id, COALESCE(i.p, d.publication_id) AS publication_id,
           i.o AS at, i.w AS w, i.c AS is_click, s.timezone
    FROM unnest($1::bigint[], $2::int[], $3::int[], $4::timestamptz[], $5::float8[],
                $6::bool[]) AS i(d, p, s, o, w, c)
    LEFT JOIN delivery d ON d.id = i.d
    JOIN subscriber s ON s.id = COALESCE(i.s, d.subscriber_id)
)"""

_TOPICS_AND_HOURS = f"""
WITH {_EVENTS.replace("e AS (", "e AS MATERIALIZED (", 1)},
t AS (
    SELECT e.subscriber_id, pt.topic_id, e.at, e.w, e.is_click,
           max(e.at) OVER (PARTITION BY e.subscriber_id, pt.topic_id) AS latest
    FROM e JOIN publication_topic pt ON pt.publication_id = e.publication_id
),
topics AS (
    INSERT INTO topic_affinity (subscriber_id, topic_id, score, scored_at, opens, clicks)
    SELECT subscriber_id, topic_id,
           sum(w * power(0.5, extract(epoch FROM latest - at)::float8 / $7::float8)), latest,
           count(*) FILTER (WHERE NOT is_click), count(*) FILTER (WHERE is_click)
    FROM t GROUP BY subscriber_id, topic_id, latest
    ORDER BY subscriber_id, topic_id
    ON CONFLICT (subscriber_id, topic_id) DO UPDATE SET
        score = topic_affinity.score * power(0.5, GREATEST(0, extract(epoch FROM
                    EXCLUDED.scored_at - topic_affinity.scored_at))::float8 / $7::float8)
              + EXCLUDED.score * power(0.5, GREATEST(0, extract(epoch FROM
                    topic_affinity.scored_at - EXCLUDED.scored_at))::float8 / $7::float8),
        scored_at = GREATEST(topic_affinity.scored_at, EXCLUDED.scored_at),
        opens = topic_affinity.opens + EXCLUDED.opens,
        clicks = topic_affinity.clicks + EXCLUDED.clicks
    RETURNING 1
),
hours AS (
    INSERT INTO subscriber_active_hour (subscriber_id, hour, events)
    SELECT subscriber_id, extract(hour FROM at AT TIME ZONE timezone)::smallint, count(*)
    FROM e GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (subscriber_id, hour) DO UPDATE SET
        events = subscriber_active_hour.events + EXCLUDED.events
    RETURNING 1
)
SELECT (SELECT count(*) FROM topics) AS topics, (SELECT count(*) FROM hours) AS hours
"""

_ENGAGED = """
INSERT INTO channel_responsiveness (subscriber_id, channel_id, sent, engaged, last_engaged_at)
SELECT d.subscriber_id, d.channel_id, 0, count(*), max(i.o)
FROM unnest($1::bigint[], $2::timestamptz[]) AS i(d, o)
JOIN delivery d ON d.id = i.d
JOIN subscriber s ON s.id = d.subscriber_id
GROUP BY 1, 2 ORDER BY 1, 2
ON CONFLICT (subscriber_id, channel_id) DO UPDATE SET
    engaged = channel_responsiveness.engaged + EXCLUDED.engaged,
    last_engaged_at = GREATEST(channel_responsiveness.last_engaged_at,
                               EXCLUDED.last_engaged_at)
"""

_SENT = """
INSERT INTO channel_responsiveness (subscriber_id, channel_id, sent, engaged)
SELECT i.s, i.c, i.n, 0
FROM unnest($1::int[], $2::int[], $3::int[]) AS i(s, c, n)
JOIN subscriber s ON s.id = i.s JOIN channel c ON c.id = i.c
ORDER BY 1, 2
ON CONFLICT (subscriber_id, channel_id) DO UPDATE SET
    sent = channel_responsiveness.sent + EXCLUDED.sent
"""


async def update_profiles(connection: BaseDBAsyncClient, events: Sequence[EngagementLike],
                          engaged: Mapping[int, dt.datetime]) -> None:
    """Fold `events` (already stored, duplicates removed) into the readers' profiles;
    `engaged` maps deliveries engaged for the first time to when."""
    human = [event for event in events if counts_for_profile(event)
             and (event.subscriber_id is not None or event.delivery_id is not None)]
    if human:
        values = [[e.delivery_id for e in human], [e.publication_id for e in human],
                  [e.subscriber_id for e in human], [e.occurred_at for e in human],
                  [CLICK_WEIGHT if e.type is EventType.CLICK else OPEN_WEIGHT
                   for e in human],
                  [e.type is EventType.CLICK for e in human]]
        # one statement, the events read once for both upserts
        await connection.execute_query(
            _TOPICS_AND_HOURS, [*values, config.half_life.total_seconds()])
    if engaged:
        ordered = sorted(engaged)
        await connection.execute_query(_ENGAGED, [ordered, [engaged[d] for d in ordered]])


async def record_sends(sent: Mapping[tuple[int, int], int],
                       connection: BaseDBAsyncClient | None = None) -> None:
    """Count messages sent per (subscriber, channel): the denominator of
    responsiveness. One statement per batch."""
    if not sent:
        return
    keys = sorted(sent)
    await (connection or Tortoise.get_connection("default")).execute_query(
        _SENT, [[k[0] for k in keys], [k[1] for k in keys], [sent[k] for k in keys]])

