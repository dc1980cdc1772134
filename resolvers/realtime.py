"""Subscriptions: a snapshot first, then the changes as they happen.

Access is checked when the subscription starts and again before every event, because a
token that expires, a principal that is deactivated or demoted and a token that is
revoked while the socket stays open must stop receiving data. A quiet stream (an alert
nobody touches, a dashboard between ticks) would never reach that check, so waiting for
the next event also ends at the token's expiry, and a change to the caller's principal
(announced by whichever process made it) wakes the stream to check again at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from domain.deliveries.stats import DeliveryStats
from domain.errors import Unauthenticated
from domain.experiments import analysis, results
from domain.experiments import service as experiments
from domain.experiments.models import Experiment
from domain.realtime import snapshots, watching
from domain.realtime.events import METRICS_CHANNEL, publication_channel
from domain.realtime.hub import Event, EventHub, Listener, Resync
from resolvers.context import RequestContext
from resolvers.permissions import Ability, require

T = TypeVar("T")
PROGRESS_INTERVAL = 0.25  # at most four progress updates a second per subscriber
#: how often a stream re-reads its caller's principal even when no change is announced
#: (a lost announcement then ends a deactivated caller's quiet stream within this plus
#: the directory's cache TTL)
RECHECK_SECONDS = 10.0


def _expired() -> Unauthenticated:
    return Unauthenticated("token expired; reconnect with a fresh token")


async def _still_allowed(context: RequestContext, ability: Ability) -> None:
    await context.refresh_actor()  # the principal table, cached and invalidated per process
    require(context, ability)
    expires_at = context.token_expires_at
    if expires_at is not None and time.time() >= expires_at:
        raise _expired()


async def _next_before_expiry(context: RequestContext, events: AsyncIterator[Event]
                              ) -> Event:
    """The next event, or UNAUTHENTICATED once the token expires while waiting for it.

    The timeout covers only this wait (never a `yield`, where the consumer's task may be
    elsewhere). When it fires, the cancelled read ends `events` if it is a generator
    (`_coalesce`); that is fine, because the stream ends with it."""
    expires_at = context.token_expires_at
    if expires_at is None:
        return await anext(events)
    try:
        async with asyncio.timeout(max(0.0, expires_at - time.time())):
            return await anext(events)
    except TimeoutError:
        raise _expired() from None


async def _recheck(context: RequestContext, events: Listener) -> None:
    """Backstop for a lost announcement: re-read the caller's principal now and then and
    wake the stream (a Resync, which re-checks) once it is refused."""
    while True:
        await asyncio.sleep(RECHECK_SECONDS)
        with contextlib.suppress(Exception):  # a database hiccup: try again later
            await context.refresh_actor()
        if context.actor is None:
            events.resync()
            return


def _hub(context: RequestContext) -> EventHub:
    if context.events is None:
        raise RuntimeError("no event hub in this process")
    return context.events


async def _coalesce(events: AsyncIterator[Event], interval: float) -> AsyncIterator[Event]:
    """Pass events on at most once per `interval`, keeping only the newest in between
    (events carry whole states, so the newest is all a dashboard needs). A Resync always
    wins over ordinary events."""
    last = 0.0
    iterator = events.__aiter__()
    while True:
        event = await iterator.__anext__()
        wait = interval - (time.monotonic() - last)
        if wait > 0:
            deadline = time.monotonic() + wait
            while (remaining := deadline - time.monotonic()) > 0:
                try:
                    newer = await asyncio.wait_for(iterator.__anext__(), remaining)
                except TimeoutError:
                    break
                event = event if isinstance(event, Resync) else newer
        last = time.monotonic()
        yield event


async def stream(context: RequestContext, ability: Ability, channel: str,
                  snapshot: Callable[[], Awaitable[T]],
                  from_event: Callable[[dict[str, Any]], T] | None,
                  interval: float = 0.0) -> AsyncIterator[T]:
    """A snapshot, then one update per event (`from_event`), or a fresh snapshot per event
    when the events only say that something changed (`from_event` None)."""
    await _still_allowed(context, ability)
    events = _hub(context).listen(channel)
    # a change to the caller's principal arrives as a Resync: re-check, then a snapshot
    unwatch = context.watch_principal(events.resync)
    recheck = asyncio.create_task(_recheck(context, events)) \
        if context.credential is not None else None
    try:
        # subscribed before reading the snapshot, so nothing between the two is lost
        first = await snapshot()
        yield first
        source = _coalesce(events, interval) if interval else events
        while True:
            try:
                event = await _next_before_expiry(context, source)
            except StopAsyncIteration:
                return
            await _still_allowed(context, ability)
            yield await snapshot() if isinstance(event, Resync) or from_event is None \
                else from_event(event)
    finally:
        if recheck is not None:
            recheck.cancel()
        unwatch()
        events.close()


async def publication_progress(context: RequestContext, publication_id: int
                               ) -> AsyncIterator[snapshots.Progress]:
    require(context, Ability.READ)
    await snapshots.progress(publication_id)  # NOT_FOUND before any subscription
    async for update in stream(
            context, Ability.READ, publication_channel(publication_id),
            lambda: snapshots.progress(publication_id), snapshots.Progress.from_event,
            PROGRESS_INTERVAL):
        yield update


async def metrics_updated(context: RequestContext) -> AsyncIterator[snapshots.MetricsTick]:
    require(context, Ability.READ)
    hub = _hub(context)

    async def snapshot() -> snapshots.MetricsTick:
        return await snapshots.metrics_tick(await DeliveryStats(hub.redis).snapshot())

    # while this process has a subscriber, workers know someone watches and build ticks
    async with watching.beacon(hub.redis).held():
        async for tick in stream(context, Ability.READ, METRICS_CHANNEL, snapshot,
                                  snapshots.MetricsTick.from_event):
            yield tick


#: experiment read-outs are recomputed at most once a second per subscriber
EXPERIMENT_INTERVAL = 1.0


async def experiment_results(context: RequestContext, experiment_id: int
                             ) -> AsyncIterator[tuple[Experiment, analysis.Analysis]]:
    """The read-out now, then again whenever the dashboard tick says something moved
    (sends and sweeps, tracking flushes and test-then-send decisions all tick while
    someone watches), throttled."""
    require(context, Ability.READ)
    await experiments.get_experiment(experiment_id)  # NOT_FOUND before any subscription
    hub = _hub(context)

    async def snapshot() -> tuple[Experiment, analysis.Analysis]:
        experiment = await experiments.get_experiment(experiment_id)
        variants = (await experiments.variants_of([experiment_id])).get(experiment_id, [])
        return experiment, await results.read_out(experiment, variants)

    async with watching.beacon(hub.redis).held():
        async for update in stream(context, Ability.READ, METRICS_CHANNEL, snapshot, None,
                                   EXPERIMENT_INTERVAL):
            yield update
