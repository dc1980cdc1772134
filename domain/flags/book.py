"""What the flags say, per process: the whole (small) flag table, cached.

Every process reads flags through one `FlagBook`: API processes, workers and CLI
commands alike. The cached copy is dropped whenever any process announces a change on
the deployment's event channel `flags` (API processes attach their EventHub), and in
any case is never older than `ttl` (1 s by default, `FLAG_CACHE_SECONDS`), so every
process sees a change within a second even without pub/sub (workers) or after a lost
announcement.

A rollout is a stable hash (GrowthBook's v2 hash, the one experiments use, seeded with
`flag:<key>`) of the subject — a subscriber id, a principal name — so the same subject
stays in or out while the percentage is unchanged, and raising the percentage only adds
subjects.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from domain.experiments.assignment import bucket
from domain.flags.models import FeatureFlag
from domain.realtime.hub import EventHub, Resync

FLAGS_CHANNEL = "flags"
DEFAULT_TTL_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class FlagState:
    key: str
    enabled: bool
    rollout_percent: float

    def on_for(self, subject: str | int | None) -> bool:
        if not self.enabled:
            return False
        if self.rollout_percent >= 100:
            return True
        if subject is None or self.rollout_percent <= 0:
            return False
        return bucket(f"flag:{self.key}", str(subject)) * 100 < self.rollout_percent


#: flags the service itself consults, with their state when no row exists
KNOWN_FLAGS: dict[str, tuple[bool, str]] = {
    "ai_scoring": (True, "Analyse content with the remote AI service (off: the local "
                         "analyzer answers every analysis)."),
    "learned_matching": (False, "Match audiences with learned strategy weights."),
    "send_time_optimization": (False, "Schedule deliveries at each reader's best time."),
    "digests": (False, "Send daily and weekly digests."),
}


class FlagBook:
    def __init__(self, ttl: float = DEFAULT_TTL_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._states: dict[str, FlagState] | None = None
        self._loaded_at = 0.0
        self._lock = asyncio.Lock()
        self._unwatch: Callable[[], None] | None = None

    def attach(self, hub: EventHub) -> None:
        self.detach()
        self._unwatch = hub.watch(FLAGS_CHANNEL, self._on_event)

    def detach(self) -> None:
        if self._unwatch is not None:
            self._unwatch()
            self._unwatch = None

    def _on_event(self, event: dict[str, Any] | Resync) -> None:
        self.invalidate()

    def invalidate(self) -> None:
        self._states = None

    async def states(self) -> dict[str, FlagState]:
        states = self._states
        if states is not None and self._clock() - self._loaded_at < self.ttl:
            return states
        async with self._lock:  # one reload however many callers arrive together
            if self._states is None or self._clock() - self._loaded_at >= self.ttl:
                loaded_at = self._clock()
                rows = await FeatureFlag.all().values("key", "enabled", "rollout_percent")
                self._states = {row["key"]: FlagState(row["key"], row["enabled"],
                                                      row["rollout_percent"]) for row in rows}
                self._loaded_at = loaded_at
            return self._states

    async def state(self, key: str) -> FlagState:
        found = (await self.states()).get(key)
        if found is not None:
            return found
        default, _ = KNOWN_FLAGS.get(key, (False, ""))
        return FlagState(key, default, 100.0)

    async def is_on(self, key: str, subject: str | int | None = None) -> bool:
        return (await self.state(key)).on_for(subject)


#: this process's book (a cache: nothing in it is needed by another process)
FLAGS = FlagBook()
