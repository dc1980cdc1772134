"""A subscriber's delivery settings besides per-topic preferences: time zone, quiet
hours, a daily cap per channel and a preferred channel order.

Everything is validated before anything is written (`check_settings` returns the column
values to write), so a bad field never leaves half a change behind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Final

from tortoise import BaseDBAsyncClient

from domain.channels.models import Channel
from domain.errors import InvalidInput
from domain.personalization.enforcement import QUIET_HOURS
from domain.validation import require_timezone


class _Keep:
    """The value of a setting the caller did not mention: left as it is."""

    _instance: _Keep | None = None

    def __new__(cls) -> _Keep:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "KEEP"

    def __bool__(self) -> bool:
        return False


KEEP: Final = _Keep()

MIN_DAILY_CAP = 1
MAX_DAILY_CAP = 1000
MAX_CHANNEL_ORDER = 50
_WALL_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True, slots=True)
class QuietHoursSpec:
    """`HH:MM` wall-clock times in the subscriber's time zone."""

    start: str
    end: str


@dataclass(frozen=True, slots=True)
class SettingsSpec:
    """What to change; KEEP leaves a setting alone, None clears it."""

    timezone: str | _Keep = KEEP
    quiet_hours: QuietHoursSpec | _Keep | None = KEEP
    daily_cap: int | _Keep | None = KEEP
    channel_order: list[int] | _Keep = KEEP


def parse_wall_clock(value: str, field: str) -> dt.time:
    match = _WALL_CLOCK.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise InvalidInput(f"{field} must be a time of day as HH:MM (00:00 to 23:59)",
                           field=field)
    # the column is TIME WITH TIME ZONE: store the wall clock with UTC attached (never
    # read as an offset; the subscriber's `timezone` says where the clock hangs)
    return dt.time(int(match.group(1)), int(match.group(2)), tzinfo=dt.UTC)


def format_wall_clock(value: dt.time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


async def check_settings(spec: SettingsSpec, prefix: str = "") -> dict[str, Any]:
    """The subscriber columns to write, or InvalidInput naming the first bad field."""
    changes: dict[str, Any] = {}
    if not isinstance(spec.timezone, _Keep):
        changes["timezone"] = require_timezone(spec.timezone.strip(), f"{prefix}timezone")
    if not isinstance(spec.quiet_hours, _Keep):
        if spec.quiet_hours is None:
            changes["quiet_hours_start"] = changes["quiet_hours_end"] = None
        else:
            start = parse_wall_clock(spec.quiet_hours.start, f"{prefix}quietHours.start")
            end = parse_wall_clock(spec.quiet_hours.end, f"{prefix}quietHours.end")
            if start == end:
                raise InvalidInput("quiet hours must not start and end at the same time",
                                   field=f"{prefix}quietHours.end")
            changes["quiet_hours_start"], changes["quiet_hours_end"] = start, end
    if not isinstance(spec.daily_cap, _Keep):
        cap = spec.daily_cap
        if cap is not None and not MIN_DAILY_CAP <= cap <= MAX_DAILY_CAP:
            raise InvalidInput(f"the daily cap must be between {MIN_DAILY_CAP} and "
                               f"{MAX_DAILY_CAP} messages per channel",
                               field=f"{prefix}dailyCap")
        changes["daily_cap"] = cap
    if not isinstance(spec.channel_order, _Keep):
        changes["channel_order"] = await _check_channel_order(spec.channel_order, prefix)
    return changes


async def _check_channel_order(order: list[int], prefix: str) -> list[int]:
    if len(order) > MAX_CHANNEL_ORDER:
        raise InvalidInput(f"at most {MAX_CHANNEL_ORDER} channels", field=f"{prefix}channelOrder")
    known = set(await Channel.filter(id__in=set(order)).values_list("id", flat=True))
    seen: set[int] = set()
    for index, channel_id in enumerate(order):
        if channel_id in seen:
            raise InvalidInput("a channel appears twice", field=f"{prefix}channelOrder[{index}]")
        if channel_id not in known:
            raise InvalidInput(f"unknown channel id {channel_id}",
                               field=f"{prefix}channelOrder[{index}]")
        seen.add(channel_id)
    return list(order)


_RELEASE_HELD = """
UPDATE delivery SET next_attempt_at = now(), updated_at = now()
WHERE subscriber_id = $1 AND status = 'pending' AND deferral_reason = $2
  AND next_attempt_at > now()
"""


async def release_held(connection: BaseDBAsyncClient, subscriber_id: int) -> int:
    """After quiet hours or the time zone changed: the subscriber's deliveries held for
    quiet hours are due now, and the sender checks them against the new window (holding
    them again until its end if they still fall inside)."""
    count, _ = await connection.execute_query(_RELEASE_HELD, [subscriber_id, QUIET_HOURS])
    return count


def affects_quiet_hours(changes: dict[str, Any]) -> bool:
    return bool({"timezone", "quiet_hours_start"} & changes.keys())
