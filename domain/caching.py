"""A small bounded cache: least recently used entries go first, and every entry expires.

Process-local caches of things derived from user input (DNS answers per host, decrypted
secrets per channel version, SES clients per credential) must not grow with the number
of distinct keys ever seen, nor keep an entry for ever: `TTLCache` holds at most
`maxsize` entries and forgets each one `ttl` seconds after it was stored (or, with
`sliding=True`, after it was last read: an idle timeout).

Not thread-safe: it is meant for one event loop (every caller here is a coroutine or
plain code on the loop's thread). The clock is a parameter so tests can advance time
without sleeping.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class TTLCache(Generic[K, V]):
    def __init__(self, maxsize: int, ttl: float, *,
                 clock: Callable[[], float] = time.monotonic, sliding: bool = False,
                 on_evict: Callable[[K, V], None] | None = None) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        self.maxsize = maxsize
        self.ttl = ttl
        self.sliding = sliding
        self.clock = clock
        #: told of every entry that leaves other than by `pop` (expired, pushed out by a
        #: newer one, replaced, cleared): the owner of a resource closes it there
        self._on_evict = on_evict
        #: key → (deadline, value), least recently used first
        self._entries: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def get(self, key: K, default: V | None = None) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return default
        now = self.clock()
        deadline, value = entry
        if deadline <= now:
            del self._entries[key]
            self._evicted(key, value)
            return default
        self._entries.move_to_end(key)
        if self.sliding:
            self._entries[key] = (now + self.ttl, value)
        return value

    def set(self, key: K, value: V) -> None:
        previous = self._entries.pop(key, None)
        if previous is not None and previous[1] is not value:
            self._evicted(key, previous[1])
        self._entries[key] = (self.clock() + self.ttl, value)
        if len(self._entries) > self.maxsize:
            self.expire()
            while len(self._entries) > self.maxsize:
                old_key, (_, old_value) = self._entries.popitem(last=False)
                self._evicted(old_key, old_value)

    __setitem__ = set

    def pop(self, key: K, default: V | None = None) -> V | None:
        """Take an entry out (live or not) without telling `on_evict`."""
        entry = self._entries.pop(key, None)
        return default if entry is None else entry[1]

    def expire(self) -> int:
        """Drop every expired entry now (they also go when read); how many went."""
        now = self.clock()
        dead = [key for key, (deadline, _) in self._entries.items() if deadline <= now]
        for key in dead:
            _, value = self._entries.pop(key)
            self._evicted(key, value)
        return len(dead)

    def clear(self) -> None:
        entries, self._entries = self._entries, OrderedDict()
        for key, (_, value) in entries.items():
            self._evicted(key, value)

    def __contains__(self, key: object) -> bool:
        entry = self._entries.get(key)  # type: ignore[call-overload]
        return entry is not None and entry[0] > self.clock()

    def __len__(self) -> int:
        """Live entries (expired ones are dropped first)."""
        self.expire()
        return len(self._entries)

    def __iter__(self) -> Iterator[K]:
        self.expire()
        return iter(list(self._entries))

    def _evicted(self, key: K, value: V) -> None:
        if self._on_evict is not None:
            self._on_evict(key, value)
