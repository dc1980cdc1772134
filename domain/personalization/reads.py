"""Interest profiles as read by the API: scores decayed to the moment of reading."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from domain.personalization.models import ActiveHour, ChannelResponsiveness, TopicAffinity
from domain.personalization.profiles import config


@dataclass(frozen=True, slots=True)
class TopicScore:
    topic_id: int
    #: decayed weighted engagement (open 1, click 3) as of the read
    score: float
    #: score relative to the subscriber's strongest topic (0..1)
    share: float
    opens: int
    clicks: int


@dataclass(frozen=True, slots=True)
class ChannelScore:
    channel_id: int
    sent: int
    engaged: int
    #: share of the messages sent on the channel that the reader opened or clicked
    responsiveness: float
    last_engaged_at: dt.datetime | None


@dataclass(slots=True)
class InterestProfile:
    subscriber_id: int
    topics: list[TopicScore] = field(default_factory=list)
    channels: list[ChannelScore] = field(default_factory=list)
    #: 24 counts, index = hour of the subscriber's local day
    active_hours: list[int] = field(default_factory=lambda: [0] * 24)


def decayed(score: float, scored_at: dt.datetime, now: dt.datetime) -> float:
    elapsed = max(0.0, (now - scored_at).total_seconds())
    return score * 0.5 ** (elapsed / config.half_life.total_seconds())


async def profiles_of(subscriber_ids: Sequence[int], now: dt.datetime | None = None
                      ) -> dict[int, InterestProfile]:
    """Profiles of many subscribers in three queries (the DataLoader's batch)."""
    now = now or dt.datetime.now(dt.UTC)
    profiles = {sid: InterestProfile(sid) for sid in subscriber_ids}
    raw: dict[int, list[tuple[TopicAffinity, float]]] = {}
    for row in await TopicAffinity.filter(subscriber_id__in=subscriber_ids):
        raw.setdefault(row.subscriber_id, []).append((row, decayed(row.score, row.scored_at,
                                                                   now)))
    for sid, rows in raw.items():
        top = max(score for _, score in rows) or 1.0
        profiles[sid].topics = sorted(
            (TopicScore(row.topic_id, score, score / top, row.opens, row.clicks)
             for row, score in rows), key=lambda item: (-item.score, item.topic_id))
    for row in await ChannelResponsiveness.filter(subscriber_id__in=subscriber_ids):
        profiles[row.subscriber_id].channels.append(ChannelScore(
            row.channel_id, row.sent, row.engaged,
            row.engaged / max(row.sent, row.engaged, 1), row.last_engaged_at))
    for profile in profiles.values():
        profile.channels.sort(key=lambda item: (-item.responsiveness, item.channel_id))
    for row in await ActiveHour.filter(subscriber_id__in=subscriber_ids):
        profiles[row.subscriber_id].active_hours[row.hour] = row.events
    return profiles
