"""Digest periods and when each is due, in the subscriber's own time zone.

A daily period is the subscriber's local date ("2026-12-07"), due at 08:00 local time
that day; a weekly one is the ISO week of a Monday ("2026-W50"), due at 08:00 local time
on that Monday. `due_at` is the one place that says when a period is due: send-time
optimization replaces it (or `configure`s the local time) without touching the rest.
Daylight-saving gaps follow `personalization.windows.local_instant` (a wall time that
does not exist that day means the first instant after the gap).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from domain.audience.models import Frequency
from domain.personalization.windows import local_instant, zone

DEFAULT_LOCAL_TIME = dt.time(8, 0)
WEEKLY_WEEKDAY = 0  # Monday
DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)
LENGTH = {Frequency.DAILY: dt.timedelta(days=1), Frequency.WEEKLY: dt.timedelta(days=7)}


@dataclass(frozen=True, slots=True)
class Period:
    frequency: Frequency
    #: the local day the period is due on (a Monday for weekly periods)
    day: dt.date

    @property
    def label(self) -> str:
        if self.frequency is Frequency.WEEKLY:
            year, week, _ = self.day.isocalendar()
            return f"{year}-W{week:02d}"
        return self.day.isoformat()

    @property
    def length(self) -> dt.timedelta:
        return LENGTH[self.frequency]

    def shifted(self, periods: int) -> Period:
        return Period(self.frequency, self.day + periods * self.length)


#: (subscriber id, time zone, period) → when its digest is due (UTC). The hook for
#: send-time optimization; the default is DEFAULT_LOCAL_TIME on the period's day.
DueFunction = Callable[[int | None, str, Period], dt.datetime]


def default_due_at(subscriber_id: int | None, timezone: str, period: Period) -> dt.datetime:
    return local_instant(period.day, DEFAULT_LOCAL_TIME, zone(timezone))


_due_function: DueFunction = default_due_at


def configure(due: DueFunction | None) -> None:
    """Install another due-time function (None: back to the default)."""
    global _due_function
    _due_function = due or default_due_at


def due_at(subscriber_id: int | None, timezone: str, period: Period) -> dt.datetime:
    """When `period`'s digest for this subscriber is due (UTC)."""
    return _due_function(subscriber_id, timezone, period)


def _around(now: dt.datetime, timezone: str, frequency: Frequency) -> Period:
    """The period whose day holds `now` locally (daily) or the Monday of `now`'s week."""
    today = now.astimezone(zone(timezone)).date()
    if frequency is Frequency.WEEKLY:
        today -= dt.timedelta(days=(today.weekday() - WEEKLY_WEEKDAY) % 7)
    return Period(frequency, today)


def latest_due(now: dt.datetime, subscriber_id: int | None, timezone: str,
               frequency: Frequency) -> tuple[Period, dt.datetime]:
    """The most recent period already due at `now`, and when it was due."""
    if _due_function is default_due_at:  # the same for every reader of a zone
        return _latest_by_zone(now, timezone, frequency)
    return _latest(now, subscriber_id, timezone, frequency)


@lru_cache(maxsize=4096)
def _latest_by_zone(now: dt.datetime, timezone: str, frequency: Frequency
                    ) -> tuple[Period, dt.datetime]:
    return _latest(now, None, timezone, frequency)


def _latest(now: dt.datetime, subscriber_id: int | None, timezone: str,
            frequency: Frequency) -> tuple[Period, dt.datetime]:
    period = _around(now, timezone, frequency)
    for _ in range(3):
        due = due_at(subscriber_id, timezone, period)
        if due <= now:
            return period, due
        period = period.shifted(-1)
    return period, due_at(subscriber_id, timezone, period)


def next_due(now: dt.datetime, subscriber_id: int | None, timezone: str,
             frequency: Frequency) -> tuple[Period, dt.datetime]:
    """The first period due after `now`."""
    period, _ = latest_due(now, subscriber_id, timezone, frequency)
    for _ in range(3):
        period = period.shifted(1)
        due = due_at(subscriber_id, timezone, period)
        if due > now:
            return period, due
    return period, due_at(subscriber_id, timezone, period)


def period_title(frequency: Frequency, label: str) -> str:
    """The title of a period's parent publication ("Daily digest 2026-12-07")."""
    return f"{'Daily' if frequency is Frequency.DAILY else 'Weekly'} digest {label}"
