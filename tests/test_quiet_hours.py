"""Quiet hours and local days across time zones, midnight and daylight-saving changes
(pure arithmetic: domain/personalization/windows.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.personalization.windows import local_day_bounds, quiet_until

UTC = dt.UTC


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


def t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


@pytest.mark.parametrize(("now", "zone", "window", "expected"), [
    # a daytime window in Paris (UTC+1 in winter)
    pytest.param(utc(2026, 1, 15, 9, 0), "Europe/Paris", ("09:00", "17:00"),
                 utc(2026, 1, 15, 16, 0), id="inside-daytime"),
    pytest.param(utc(2026, 1, 15, 16, 0), "Europe/Paris", ("09:00", "17:00"), None,
                 id="end-is-outside"),
    pytest.param(utc(2026, 1, 15, 7, 59), "Europe/Paris", ("09:00", "17:00"), None,
                 id="before-start"),
    pytest.param(utc(2026, 1, 15, 8, 0), "Europe/Paris", ("09:00", "17:00"),
                 utc(2026, 1, 15, 16, 0), id="start-is-inside"),
    # crossing midnight in Tokyo (UTC+9, no DST): evening part ends tomorrow
    pytest.param(utc(2026, 6, 1, 14, 30), "Asia/Tokyo", ("22:00", "07:00"),
                 utc(2026, 6, 1, 22, 0), id="midnight-evening-part"),
    pytest.param(utc(2026, 6, 1, 18, 0), "Asia/Tokyo", ("22:00", "07:00"),
                 utc(2026, 6, 1, 22, 0), id="midnight-morning-part"),
    pytest.param(utc(2026, 6, 1, 22, 0), "Asia/Tokyo", ("22:00", "07:00"), None,
                 id="midnight-window-end"),
    pytest.param(utc(2026, 6, 1, 12, 59), "Asia/Tokyo", ("22:00", "07:00"), None,
                 id="midnight-before-start"),
    # the same instant is quiet for one reader and not for another
    pytest.param(utc(2026, 6, 1, 6, 0), "America/Los_Angeles", ("22:00", "07:00"),
                 utc(2026, 6, 1, 14, 0), id="los-angeles-night"),
    pytest.param(utc(2026, 6, 1, 6, 0), "Europe/Berlin", ("22:00", "07:00"), None,
                 id="berlin-morning"),
    pytest.param(utc(2026, 6, 1, 20, 0), "Asia/Kolkata", ("01:00", "01:45"),
                 utc(2026, 6, 1, 20, 15), id="half-hour-offset"),
    # New York springs forward on 2026-03-08 at 02:00 (EST -5 -> EDT -4): a night window
    # is an hour shorter, and ends at 07:00 EDT
    pytest.param(utc(2026, 3, 8, 4, 0), "America/New_York", ("22:00", "07:00"),
                 utc(2026, 3, 8, 11, 0), id="new-york-spring-forward-night"),
    pytest.param(utc(2026, 3, 8, 6, 30), "America/New_York", ("22:00", "07:00"),
                 utc(2026, 3, 8, 11, 0), id="new-york-spring-forward-in-small-hours"),
    # a window ending inside the skipped hour ends when the clock jumps (03:00 EDT)
    pytest.param(utc(2026, 3, 8, 6, 30), "America/New_York", ("01:00", "02:30"),
                 utc(2026, 3, 8, 7, 0), id="new-york-end-in-gap"),
    # New York falls back on 2026-11-01 at 02:00 (EDT -4 -> EST -5): a night window is
    # an hour longer, ending at 07:00 EST
    pytest.param(utc(2026, 11, 1, 3, 0), "America/New_York", ("22:00", "07:00"),
                 utc(2026, 11, 1, 12, 0), id="new-york-fall-back-night"),
    # 00:00-01:30 on the fall-back day: the first pass through 01:15 (EDT) ends at the
    # first 01:30; the second pass (EST) is quiet again and ends at the second 01:30
    pytest.param(utc(2026, 11, 1, 5, 15), "America/New_York", ("00:00", "01:30"),
                 utc(2026, 11, 1, 5, 30), id="new-york-repeated-hour-first-pass"),
    pytest.param(utc(2026, 11, 1, 6, 15), "America/New_York", ("00:00", "01:30"),
                 utc(2026, 11, 1, 6, 30), id="new-york-repeated-hour-second-pass"),
    # the southern hemisphere changes the other way round (Sydney, 2026-04-05 03:00 ->
    # 02:00, AEDT +11 -> AEST +10)
    pytest.param(utc(2026, 4, 4, 13, 0), "Australia/Sydney", ("23:00", "06:00"),
                 utc(2026, 4, 4, 20, 0), id="sydney-fall-back-night"),
])
def test_quiet_until(now, zone, window, expected) -> None:
    assert quiet_until(now, zone, t(window[0]), t(window[1])) == expected


def test_no_window_and_empty_window_are_never_quiet() -> None:
    now = utc(2026, 1, 1, 12)
    assert quiet_until(now, "UTC", None, None) is None
    assert quiet_until(now, "UTC", t("10:00"), None) is None
    assert quiet_until(now, "UTC", t("12:00"), t("12:00")) is None


def test_stored_times_with_an_offset_are_read_as_wall_clock() -> None:
    """The column is TIMETZ and comes back with UTC attached: still the reader's clock."""
    start = dt.time(22, 0, tzinfo=UTC)
    end = dt.time(7, 0, tzinfo=UTC)
    assert quiet_until(utc(2026, 6, 1, 6, 0), "America/Los_Angeles", start, end) == \
        utc(2026, 6, 1, 14, 0)


@pytest.mark.parametrize(("now", "zone", "start", "hours"), [
    pytest.param(utc(2026, 3, 8, 15), "America/New_York", utc(2026, 3, 8, 5), 23,
                 id="new-york-spring-forward-day"),
    pytest.param(utc(2026, 11, 1, 15), "America/New_York", utc(2026, 11, 1, 4), 25,
                 id="new-york-fall-back-day"),
    pytest.param(utc(2026, 6, 1, 23, 30), "Asia/Tokyo", utc(2026, 6, 1, 15), 24,
                 id="tokyo-already-tomorrow"),
    pytest.param(utc(2026, 6, 2, 3, 0), "America/Los_Angeles", utc(2026, 6, 1, 7), 24,
                 id="los-angeles-still-yesterday"),
    # Santiago skips midnight itself (2026-09-06 00:00 -> 01:00): the day starts at 01:00
    pytest.param(utc(2026, 9, 6, 15), "America/Santiago", utc(2026, 9, 6, 4), 23,
                 id="santiago-midnight-in-gap"),
])
def test_local_day_bounds(now, zone, start, hours) -> None:
    day_start, day_end = local_day_bounds(now, zone)
    assert day_start == start
    assert day_end - day_start == dt.timedelta(hours=hours)
    assert day_start <= now < day_end
