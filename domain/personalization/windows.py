"""Local-time arithmetic for quiet hours and daily caps, correct across time zones and
daylight-saving changes (zoneinfo).

A quiet window is a start and an end wall-clock time in the subscriber's zone; start >
end means it crosses midnight (22:00-07:00). A wall-clock time that does not exist that
day (skipped by a spring-forward change) means the first instant after the gap; one that
happens twice (fall back) means its first occurrence.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

UTC = dt.UTC


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_instant(day: dt.date, wall: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The UTC instant at which the clock in `tz` shows `wall` on `day` (first
    occurrence; after a spring-forward gap, the end of the gap)."""
    naive = dt.datetime.combine(day, wall)
    candidate = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if candidate.astimezone(tz).replace(tzinfo=None) == naive:
        return candidate
    # in a gap: fold=1 reads the wall time with the offset after the change, which lands
    # before the gap; walk to the first minute the clock shows `wall` or later
    moment = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    while moment.astimezone(tz).replace(tzinfo=None) < naive:
        moment += dt.timedelta(minutes=1)
    return moment.replace(second=0, microsecond=0)


def in_window(wall: dt.time, start: dt.time, end: dt.time) -> bool:
    if start < end:
        return start <= wall < end
    return wall >= start or wall < end  # crosses midnight


def quiet_until(now: dt.datetime, timezone: str, start: dt.time | None,
                end: dt.time | None) -> dt.datetime | None:
    """When the quiet window holding `now` ends (UTC), or None outside any window."""
    if start is None or end is None:
        return None
    # the database hands TIME WITH TIME ZONE back with UTC attached: wall clock only
    start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    if start == end:
        return None
    tz = zone(timezone)
    local = now.astimezone(tz)
    wall = local.time().replace(tzinfo=None)
    if not in_window(wall, start, end):
        return None
    day = local.date()
    if start > end and wall >= start:  # the evening part: the window ends tomorrow
        day += dt.timedelta(days=1)
    until = local_instant(day, end, tz)
    if until <= now:
        # the end's wall time happens twice today (fall back) and we are in the repeated
        # hour, past its first occurrence: the window ends at the second one
        until = dt.datetime.combine(day, end, tzinfo=tz).replace(fold=1).astimezone(UTC)
    return until


def local_day_bounds(now: dt.datetime, timezone: str) -> tuple[dt.datetime, dt.datetime]:
    """The subscriber's current local day as [start, end) in UTC (23 or 25 hours long on
    daylight-saving change days)."""
    tz = zone(timezone)
    today = now.astimezone(tz).date()
    return (local_instant(today, dt.time(0), tz),
            local_instant(today + dt.timedelta(days=1), dt.time(0), tz))
