"""Read-only views of digests for the API: what one reader would get (preview), what
goes out when (schedule), and how a period's digests are doing (progress).

The preview runs the same selection and the same templates as the digest job, so what
it shows is what would be sent; it writes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from tortoise import Tortoise

from domain.audience.models import Frequency, Subscriber
from domain.channels.models import Channel, ChannelType
from domain.errors import InvalidInput, NotFound
from domain.newsletters.content import digest_variables, item_details, topic_details
from domain.newsletters.editions import Recipient, edition_plans, newsletter_variables
from domain.newsletters.generation import (
    DEFAULT_ITEMS,
    Plan,
    load_targets,
    plan_for,
    pool_lookback,
)
from domain.newsletters.models import Digest
from domain.newsletters.periods import DIGEST_FREQUENCIES, latest_due, next_due, period_title
from domain.newsletters.selection import load_pool, reader_facts
from domain.publications.models import Publication, PublicationKind
from domain.templates.context import PublicationData
from domain.templates.rendering import RenderedMessage, prepare_message

MAX_SCHEDULE_HOURS = 24 * 8
_DAILY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WEEKLY = re.compile(r"^\d{4}-W\d{2}$")


@dataclass(frozen=True, slots=True)
class DigestPreview:
    subscriber_id: int
    channel_id: int
    #: None for a newsletter edition
    frequency: Frequency | None
    #: "" for a newsletter edition
    period: str
    due_at: dt.datetime
    window_start: dt.datetime
    window_end: dt.datetime
    #: [{"publication_id", "topic_id", "score", "reasons"}] in the order shown
    items: list[dict[str, Any]]
    #: None when the period has nothing to say (no message would be sent)
    message: RenderedMessage | None
    #: this period's digest was already written (the preview shows what was sent)
    already_sent: bool


def digest_frequency(value: Frequency | None, available: list[Frequency]) -> Frequency:
    if value is not None and value not in DIGEST_FREQUENCIES:
        raise InvalidInput("a digest is daily or weekly", field="frequency")
    if not available:
        raise InvalidInput("the subscriber has no daily or weekly preference on this channel",
                           field="channelId")
    if value is None:
        return available[0]
    if value not in available:
        raise InvalidInput(f"the subscriber has no {value.value} preference on this channel",
                           field="frequency")
    return value


async def render_digest(channel: Channel, subscriber: Subscriber, frequency: Frequency,
                        period: str, items: list[dict[str, Any]], base_url: str
                        ) -> RenderedMessage:
    publications = await item_details((i["publication_id"] for i in items), base_url)
    topics = await topic_details(i["topic_id"] for i in items)
    prepared = await prepare_message(
        PublicationData(id=None, title=period_title(frequency, period),
                        kind=PublicationKind.DIGEST.value, status="publishing"),
        channel.type, channel=channel,
        base_url=base_url)
    return await prepared.render_async(subscriber, extra={"digest": digest_variables(
        frequency.value, period, items, publications, topics)})


async def _reader_on(subscriber_id: int, channel_id: int, what: str
                    ) -> tuple[Subscriber, Channel]:
    """The reader and the channel a preview is for (NOT_FOUND naming the field; an RSS
    channel publishes a feed, not `what`)."""
    subscriber = await Subscriber.get_or_none(id=subscriber_id)
    if subscriber is None:
        raise NotFound("subscriber not found", field="subscriberId")
    channel = await Channel.get_or_none(id=channel_id)
    if channel is None:
        raise NotFound("channel not found", field="channelId")
    if channel.type is ChannelType.RSS:
        raise InvalidInput(f"rss channels publish feeds, not {what}", field="channelId")
    return subscriber, channel


async def digest_preview(subscriber_id: int, channel_id: int, *,
                         frequency: Frequency | None = None, at: dt.datetime | None = None,
                         base_url: str = "", limit: int = DEFAULT_ITEMS) -> DigestPreview:
    """What `subscriber_id` gets (or got) on `channel_id` for the period due at `at`
    (default now). NOT_FOUND for an unknown subscriber or channel; BAD_USER_INPUT when
    the reader has no digest there."""
    now = at or dt.datetime.now(dt.UTC)
    subscriber, channel = await _reader_on(subscriber_id, channel_id, "digests")
    targets = [t for t in await load_targets([subscriber_id]) if t.channel_id == channel_id]
    chosen = digest_frequency(frequency, [t.frequency for t in targets])
    target = next(t for t in targets if t.frequency is chosen)
    period, due = latest_due(now, subscriber_id, subscriber.timezone, chosen)
    stored = await Digest.get_or_none(subscriber_id=subscriber_id, channel_id=channel_id,
                                      frequency=chosen, period=period.label)
    if stored is not None:
        items, start, end, already = list(stored.items), stored.window_start, \
            stored.window_end, True
    else:
        pool = await load_pool(now - pool_lookback(), now)
        facts = await reader_facts([subscriber_id], pool, now)
        # a reader who asked after this period was due previews it anyway
        outcome = plan_for(dataclasses.replace(target, since=min(target.since, due)), now,
                           pool, facts, limit)
        assert isinstance(outcome, Plan)  # not "already" (no stored digest), not "waiting"
        items = [item.as_item(pool.topic_names) for item in outcome.items]
        start, end, already = outcome.window_start, outcome.window_end, False
    message = await render_digest(channel, subscriber, chosen, period.label, items,
                                  base_url) if items else None
    return DigestPreview(subscriber_id, channel_id, chosen, period.label, due, start, end,
                         items, message, already)


async def edition_preview(subscriber_id: int, channel_id: int, publication_id: int, *,
                          at: dt.datetime | None = None, base_url: str = "") -> DigestPreview:
    """What a newsletter edition looks like for one reader on one channel, filled as it
    would be if it were sent at `at` (default now)."""
    now = at or dt.datetime.now(dt.UTC)
    edition = await Publication.get_or_none(id=publication_id)
    if edition is None:
        raise NotFound("publication not found", field="publicationId")
    if edition.kind is not PublicationKind.NEWSLETTER:
        raise InvalidInput("the publication is not a newsletter edition",
                           field="publicationId")
    subscriber, channel = await _reader_on(subscriber_id, channel_id, "newsletters")
    filled, pool = await edition_plans(edition, [Recipient(0, subscriber_id, channel_id)],
                                       now)
    extras = await newsletter_variables(filled, pool, base_url)
    items = [{**item.as_item(pool.topic_names),
              "reasons": [f"section: {section['title']}",
                          *item.reasons(pool.topic_names)]}
             for section in filled[0] for item in section["items"]]
    prepared = await prepare_message(edition, channel.type, channel=channel,
                                     base_url=base_url)
    message = await prepared.render_async(subscriber, extra=extras[0])
    start = now - dt.timedelta(days=max(
        (int(s.get("days", 7)) for s in edition.sections or [] if s["kind"] != "featured"),
        default=0))
    return DigestPreview(subscriber_id, channel_id, None, "", now, start, now, items,
                         message, edition.status.value in ("publishing", "published"))


@dataclass(frozen=True, slots=True)
class ScheduleSlot:
    hour: dt.datetime
    frequency: Frequency
    digests: int


_AUDIENCE = """
SELECT s.timezone, sp.frequency, count(DISTINCT (s.id, sp.channel_id)) AS n
FROM subscriber s
JOIN subscriber_preference sp ON sp.subscriber_id = s.id
     AND sp.frequency IN ('daily', 'weekly')
JOIN channel c ON c.id = sp.channel_id AND c.status = 'active' AND c.type <> 'rss'
WHERE s.status = 'active'
GROUP BY 1, 2
"""


async def digest_schedule(start: dt.datetime, hours: int) -> list[ScheduleSlot]:
    """Digests (one per subscriber and channel) due per hour in [start, start + hours), by
    frequency, from the readers' time zones (one grouped query). Empty periods are
    counted too: whether a period has something to say is known only when it is due."""
    if not 1 <= hours <= MAX_SCHEDULE_HOURS:
        raise InvalidInput(f"hours is between 1 and {MAX_SCHEDULE_HOURS}", field="hours")
    end = start + dt.timedelta(hours=hours)
    rows = await Tortoise.get_connection("default").execute_query_dict(_AUDIENCE)
    slots: dict[tuple[dt.datetime, Frequency], int] = {}
    for row in rows:
        frequency = Frequency(row["frequency"])
        moment = start - dt.timedelta(microseconds=1)
        while True:
            _, due = next_due(moment, None, row["timezone"], frequency)
            if due >= end:
                break
            hour = due.replace(minute=0, second=0, microsecond=0)
            slots[(hour, frequency)] = slots.get((hour, frequency), 0) + int(row["n"])
            moment = due
    return [ScheduleSlot(hour, frequency, count)
            for (hour, frequency), count in sorted(slots.items())]


@dataclass(slots=True)
class DigestProgress:
    frequency: Frequency
    period: str
    publication_id: int | None
    #: digests written with a message
    written: int = 0
    #: periods with nothing to say
    empty: int = 0
    #: the written digests' deliveries by ledger status
    by_status: dict[str, int] = field(default_factory=dict)


def check_period(frequency: Frequency, period: str) -> str:
    if frequency not in DIGEST_FREQUENCIES:
        raise InvalidInput("a digest is daily or weekly", field="frequency")
    pattern = _DAILY if frequency is Frequency.DAILY else _WEEKLY
    if not pattern.match(period):
        raise InvalidInput("a daily period is YYYY-MM-DD, a weekly one YYYY-Www",
                           field="period")
    return period


async def digest_progress(frequency: Frequency, period: str) -> DigestProgress:
    check_period(frequency, period)
    connection = Tortoise.get_connection("default")
    counts = await connection.execute_query_dict(
        "SELECT count(*) FILTER (WHERE delivery_id IS NOT NULL) AS written, "
        "count(*) FILTER (WHERE publication_id IS NULL) AS empty "
        "FROM digest WHERE frequency = $1 AND period = $2", [frequency.value, period])
    statuses = await connection.execute_query_dict(
        "SELECT d.status, count(*) AS n FROM digest g JOIN delivery d ON d.id = g.delivery_id "
        "WHERE g.frequency = $1 AND g.period = $2 GROUP BY 1 ORDER BY 1",
        [frequency.value, period])
    parent = await Publication.filter(kind=PublicationKind.DIGEST,
                                       title=period_title(frequency, period)).first()
    return DigestProgress(frequency, period, parent.id if parent else None,
                          int(counts[0]["written"]), int(counts[0]["empty"]),
                          {row["status"]: int(row["n"]) for row in statuses})
