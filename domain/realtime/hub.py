"""One Redis pub/sub connection per process, fanned out to many local subscribers.

Each subscriber gets a bounded queue. A subscriber that does not keep up loses the
oldest events, never memory: the newest state always gets through, because events carry
state (counts, statuses), not deltas. redis-py's pub/sub does not reconnect by itself, so
a supervisor loop re-subscribes with backoff and then tells every subscriber to take a
fresh snapshot (a `Resync`), so nothing is silently missed across the gap.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from domain.realtime.events import DEFAULT_PREFIX, redis_channel

logger = logging.getLogger(__name__)

DEFAULT_QUEUE_SIZE = 32


@dataclass(frozen=True, slots=True)
class Resync:
    """Events may have been missed: read the current state again."""


Event = dict[str, Any] | Resync


class _Subscriber:
    __slots__ = ("channel", "dropped", "queue")

    def __init__(self, channel: str, size: int) -> None:
        self.channel = channel
        self.queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=size)
        self.dropped = 0

    def offer(self, event: Event) -> None:
        while True:
            try:
                self.queue.put_nowait(event)
                return
            except asyncio.QueueFull:
                with contextlib.suppress(asyncio.QueueEmpty):
                    self.queue.get_nowait()
                    self.dropped += 1


class Listener:
    """One consumer's events on one channel, as an async iterator.

    Not an async generator on purpose: cancelling a read (a timeout while coalescing)
    must leave the listener usable, whereas it would end a generator for good. `close()`
    unregisters; the owner must call it (stream() does, in a `finally`)."""

    __slots__ = ("_hub", "_subscriber", "closed")

    def __init__(self, hub: EventHub, subscriber: _Subscriber) -> None:
        self._hub = hub
        self._subscriber = subscriber
        self.closed = False

    def __aiter__(self) -> Listener:
        return self

    async def __anext__(self) -> Event:
        if self.closed:
            raise StopAsyncIteration
        return await self._subscriber.queue.get()

    def resync(self) -> None:
        """Make the consumer read the current state again (something it depends on, such
        as its caller's principal, may have changed)."""
        if not self.closed:
            self._subscriber.offer(Resync())

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self._hub._remove(self._subscriber)

    async def aclose(self) -> None:
        self.close()


def _glob_escape(text: str) -> str:
    """`text` as a literal in a Redis glob pattern (a prefix may contain `*?[]\\`)."""
    return re.sub(r"([*?\[\]\\])", r"\\\1", text)


class EventHub:
    """`prefix` must be the one this deployment's publishers use (EVENTS_PREFIX); listeners
    name channels without it, as publishers do."""

    def __init__(self, redis: Redis, queue_size: int = DEFAULT_QUEUE_SIZE,
                 max_backoff: float = 5.0, prefix: str = DEFAULT_PREFIX) -> None:
        self.redis = redis
        self.prefix = prefix
        self.queue_size = queue_size
        self.max_backoff = max_backoff
        self._subscribers: dict[str, set[_Subscriber]] = {}
        self._watchers: dict[str, list[Callable[[Event], None]]] = {}
        self._task: asyncio.Task[None] | None = None
        self.connected = asyncio.Event()
        self.reconnects = 0

    @property
    def subscriber_count(self) -> int:
        return sum(len(group) for group in self._subscribers.values())

    def start(self) -> None:
        self._task = asyncio.create_task(self._supervise(), name="event-hub")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def listen(self, channel: str) -> Listener:
        """Events on `channel` until the caller closes the listener (the client went away).

        Registered at once, not at the first read: a caller subscribes, then reads a
        snapshot, and gets every event published after the snapshot began."""
        subscriber = _Subscriber(channel, self.queue_size)
        self._subscribers.setdefault(channel, set()).add(subscriber)
        return Listener(self, subscriber)

    def watch(self, channel: str, callback: Callable[[Event], None]) -> Callable[[], None]:
        """Call `callback` synchronously with every event on `channel`, and with a Resync
        after a reconnect (events may have been missed); returns the function that stops
        it. For in-process caches that must drop entries the moment another process
        announces a change (no queue, so nothing is ever dropped)."""
        self._watchers.setdefault(channel, []).append(callback)

        def unwatch() -> None:
            group = self._watchers.get(channel, [])
            if callback in group:
                group.remove(callback)
            if not group:
                self._watchers.pop(channel, None)

        return unwatch

    def _notify(self, callbacks: list[Callable[[Event], None]], event: Event) -> None:
        for callback in tuple(callbacks):
            try:
                callback(event)
            except Exception:
                logger.exception("event hub watcher failed")

    def _remove(self, subscriber: _Subscriber) -> None:
        group = self._subscribers.get(subscriber.channel)
        if group is not None:
            group.discard(subscriber)
            if not group:
                del self._subscribers[subscriber.channel]

    def _dispatch(self, channel: str, event: Event) -> None:
        self._notify(self._watchers.get(channel, []), event)
        for subscriber in tuple(self._subscribers.get(channel, ())):
            subscriber.offer(event)

    def _resync_all(self) -> None:
        for callbacks in tuple(self._watchers.values()):
            self._notify(callbacks, Resync())
        for group in tuple(self._subscribers.values()):
            for subscriber in tuple(group):
                subscriber.offer(Resync())

    async def _supervise(self) -> None:
        backoff = 0.2
        first = True
        own = redis_channel(self.prefix, "")
        while True:
            pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.psubscribe(_glob_escape(own) + "*")
                self.connected.set()
                if not first:
                    self.reconnects += 1
                    self._resync_all()
                first = False
                backoff = 0.2
                async for message in pubsub.listen():
                    if message.get("type") != "pmessage":
                        continue
                    channel = message["channel"]
                    channel = channel.decode() if isinstance(channel, bytes) else channel
                    channel = channel.removeprefix(own)
                    try:
                        payload = json.loads(message["data"])
                    except (TypeError, ValueError):
                        continue
                    self._dispatch(channel, payload)
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError) as error:
                self.connected.clear()
                logger.warning("event hub lost Redis (%s); resubscribing in %.1fs",
                               type(error).__name__, backoff)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, self.max_backoff)
