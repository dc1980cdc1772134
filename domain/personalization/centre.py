"""The preference centre: what a reader sees and may change through the signed link in
every message, without logging in.

The caller has verified the link; this module reads the reader's settings for the page
and applies a submitted form through `update_subscriber_preferences` (the same checks
as the API, so a bad field changes nothing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from domain.audience.models import Frequency, Subscriber, SubscriberPreference, Topic
from domain.audience.service import PreferenceSpec, update_subscriber_preferences
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.errors import InvalidInput
from domain.personalization.preferences import (
    KEEP,
    QuietHoursSpec,
    SettingsSpec,
    format_wall_clock,
)
from domain.personalization.windows import zone
from domain.principals.actor import Actor
from domain.principals.models import Role

#: audit trail name of changes made by readers themselves
CENTRE_ACTOR = Actor(name="preference-centre", role=Role.ADMIN)
#: channels that reach one person (Slack and Discord post to rooms: nothing to choose)
PERSONAL_TYPES = (ChannelType.EMAIL, ChannelType.WEBHOOK)
MAX_TOPICS = 200


@dataclass(frozen=True, slots=True)
class CentreView:
    subscriber: Subscriber
    topics: list[Topic]
    channels: list[Channel]
    #: (topic id, channel id) → frequency; missing pairs are `never`
    choices: dict[tuple[int, int], Frequency]
    quiet_start: str
    quiet_end: str
    daily_cap: str


async def load_view(subscriber_id: int) -> CentreView | None:
    subscriber = await Subscriber.get_or_none(id=subscriber_id)
    if subscriber is None:
        return None
    preferences = await SubscriberPreference.filter(subscriber_id=subscriber_id)
    used_channels = {preference.channel_id for preference in preferences}
    channels = [channel for channel in await Channel.all().order_by("id")
                if channel.type in PERSONAL_TYPES
                and (channel.status is ChannelStatus.ACTIVE or channel.id in used_channels)]
    topics = list(await Topic.all().order_by("name", "id").limit(MAX_TOPICS))
    return CentreView(
        subscriber, topics, channels,
        {(p.topic_id, p.channel_id): p.frequency for p in preferences},
        format_wall_clock(subscriber.quiet_hours_start) or "",
        format_wall_clock(subscriber.quiet_hours_end) or "",
        "" if subscriber.daily_cap is None else str(subscriber.daily_cap))


def _one(form: Mapping[str, Sequence[str]], name: str) -> str:
    values = form.get(name) or [""]
    return values[0].strip()


async def apply_form(view: CentreView, form: Mapping[str, Sequence[str]]) -> Subscriber:
    """Apply the page's form. Only topics and channels shown on the page are read, so a
    forged field cannot reach a channel the reader was never offered; pairs the form
    leaves out keep their frequency. Raises InvalidInput (nothing written)."""
    specs: list[PreferenceSpec] = []
    allowed = {frequency.value for frequency in Frequency}
    for topic in view.topics:
        for channel in view.channels:
            current = view.choices.get((topic.id, channel.id))
            value = _one(form, f"p-{topic.id}-{channel.id}") or (
                current.value if current else Frequency.NEVER.value)
            if value not in allowed:
                raise InvalidInput(f"unknown frequency {value[:20]!r}",
                                   field=f"p-{topic.id}-{channel.id}")
            if value != Frequency.NEVER.value or current is not None:
                specs.append(PreferenceSpec(topic.id, channel.id, Frequency(value)))
    shown = {(topic.id, channel.id) for topic in view.topics for channel in view.channels}
    # preferences for topics or channels the page does not show are kept as they are
    specs += [PreferenceSpec(topic_id, channel_id, frequency)
              for (topic_id, channel_id), frequency in view.choices.items()
              if (topic_id, channel_id) not in shown]
    start, end = _one(form, "quiet_start"), _one(form, "quiet_end")
    quiet: QuietHoursSpec | None = QuietHoursSpec(start, end) if start or end else None
    cap_text = _one(form, "daily_cap")
    settings = SettingsSpec(
        timezone=_one(form, "timezone") or view.subscriber.timezone,
        quiet_hours=quiet, daily_cap=_parse_cap(cap_text), channel_order=KEEP)
    return await update_subscriber_preferences(CENTRE_ACTOR, view.subscriber.id, specs,
                                               settings)


def _parse_cap(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or len(text) > 6:
        raise InvalidInput("the daily cap must be a whole number", field="dailyCap")
    return int(text)


def describe_now(view: CentreView) -> str:
    """The reader's local time, so they can check their time zone."""
    return dt.datetime.now(zone(view.subscriber.timezone)).strftime("%H:%M")
