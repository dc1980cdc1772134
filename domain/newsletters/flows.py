"""Digest runs as the workers drive them, behind the `digests` feature flag.

A tick (`plan_tick`, a cron job every few minutes) splits the subscribers with digest
preferences into id ranges and enqueues one job per range (job ids name the tick and
the range, so a tick enqueued twice runs each range once); any worker of the default
queue takes them. Each range job (`run_range`) writes the digests due in its range and
kicks the send pumps. A range job run again (arq retries a job whose worker died)
writes nothing twice (see `generation`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from domain.flags.book import FLAGS, FlagBook
from domain.newsletters.generation import (
    DEFAULT_ITEMS,
    RANGE_SIZE,
    GenerationReport,
    generate_range,
    subscriber_ranges,
)

FLAG = "digests"
TICK_MINUTES = 5

#: enqueue one range job: (low, high, tick as ISO text)
EnqueueRange = Callable[[int, int, str], Awaitable[None]]


def tick_of(now: dt.datetime) -> dt.datetime:
    return now.replace(minute=now.minute - now.minute % TICK_MINUTES, second=0,
                       microsecond=0)


async def plan_tick(enqueue: EnqueueRange, now: dt.datetime | None = None, *,
                    range_size: int = RANGE_SIZE, book: FlagBook = FLAGS) -> int:
    """Enqueue this tick's range jobs; returns how many (0 while the flag is off)."""
    if not (await book.state(FLAG)).enabled:
        return 0
    tick = tick_of(now or dt.datetime.now(dt.UTC)).isoformat()
    ranges = await subscriber_ranges(range_size)
    for low, high in ranges:
        await enqueue(low, high, tick)
    return len(ranges)


async def run_range(low: int, high: int, now: dt.datetime | None = None, *,
                    limit: int = DEFAULT_ITEMS, book: FlagBook = FLAGS) -> GenerationReport:
    """The due digests of [low, high), for the subscribers the flag's rollout admits."""
    state = await book.state(FLAG)
    if not state.enabled:
        return GenerationReport()
    admit = None if state.rollout_percent >= 100 else state.on_for
    return await generate_range(low, high, now, limit=limit, admit=admit)
