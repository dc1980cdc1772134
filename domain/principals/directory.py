"""Who a token's subject is *now*: role, active flag and token cutoff from the principal
table, cached per process for a few seconds.

A token proves who signed in and when (`sub`, `iat`); what that principal may do is read
from its row at every request, so deactivating, demoting or revoking takes effect at
once instead of when the token expires:

* a deactivated principal is refused (UNAUTHENTICATED) whatever its tokens say;
* the row's role is the caller's role (the token's `role` claim is ignored once a row
  exists);
* a token issued (`iat`) at or before the row's `tokens_valid_after` is refused — set by
  `revokePrincipalTokens` and by deactivation, so reactivating never revives old tokens;
* a subject with no row yet keeps the token's role (its first write creates the row, as
  authors are recorded); an admin who wants to stop such a subject creates its row and
  deactivates it.

The cache (`DEFAULT_TTL_SECONDS`) is invalidated on every change: the process that makes
the change drops its entry and publishes the principal's name on the deployment's event
channel `principals`, which every API process's EventHub receives and hands to its
directory. After a Redis reconnect the hub sends a Resync and the whole cache is dropped;
while the hub is disconnected the cache is bypassed (every check reads the table), so a
change is never missed for longer than the pub/sub delivery time. The TTL only bounds
the damage of a lost publish (publishing is fire-and-forget).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from domain.errors import Unauthenticated
from domain.principals.actor import Actor
from domain.principals.models import Principal, Role
from domain.realtime.events import PRINCIPALS_CHANNEL
from domain.realtime.hub import EventHub, Resync

DEFAULT_TTL_SECONDS = 5.0
MAX_ENTRIES = 10_000


@dataclass(frozen=True, slots=True)
class Credential:
    """What a verified token says about its bearer."""

    name: str
    #: the token's `role` claim: used only while the subject has no principal row
    role: Role
    #: `iat` (epoch seconds); None when the issuer left it out
    issued_at: float | None
    #: `exp` (epoch seconds)
    expires_at: float


@dataclass(frozen=True, slots=True)
class Access:
    """What the principal table says about a subject."""

    role: Role
    is_active: bool
    #: epoch seconds; tokens issued at or before it are refused
    tokens_valid_after: float | None


def check(credential: Credential, access: Access | None) -> Actor:
    """The actor `credential` stands for, or Unauthenticated with the reason."""
    if access is None:
        return Actor(name=credential.name, role=credential.role)
    if not access.is_active:
        raise Unauthenticated("principal is deactivated")
    cutoff = access.tokens_valid_after
    if cutoff is not None and (credential.issued_at is None or credential.issued_at <= cutoff):
        raise Unauthenticated("token revoked; ask for a new one")
    return Actor(name=credential.name, role=access.role)


async def load_access(name: str) -> Access | None:
    rows = await Principal.filter(name=name).limit(1).values(
        "role", "is_active", "tokens_valid_after")
    if not rows:
        return None
    row = rows[0]
    cutoff = row["tokens_valid_after"]
    return Access(role=Role(row["role"]), is_active=row["is_active"],
                  tokens_valid_after=cutoff.timestamp() if cutoff is not None else None)


class PrincipalDirectory:
    """One per API process (GraphQLApp owns it). `attach` wires it to the process's
    EventHub; unattached (tests of the API alone) it relies on local invalidation."""

    def __init__(self, ttl: float = DEFAULT_TTL_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._entries: dict[str, tuple[float, Access | None]] = {}
        self._loading: dict[str, asyncio.Future[Access | None]] = {}
        self._generation = 0
        self._watchers: dict[str, set[Callable[[], None]]] = {}
        self._live: Callable[[], bool] = lambda: True
        self._unwatch_hub: Callable[[], None] | None = None

    # --- wiring ------------------------------------------------------------------------

    def attach(self, hub: EventHub) -> None:
        self.detach()
        self._unwatch_hub = hub.watch(PRINCIPALS_CHANNEL, self._on_event)
        self._live = hub.connected.is_set
        self.invalidate()

    def detach(self) -> None:
        if self._unwatch_hub is not None:
            self._unwatch_hub()
            self._unwatch_hub = None
        self._live = lambda: True

    def _on_event(self, event: dict[str, Any] | Resync) -> None:
        name = event.get("name") if isinstance(event, dict) else None
        self.invalidate(name if isinstance(name, str) else None)

    # --- reads -------------------------------------------------------------------------

    async def actor_for(self, credential: Credential) -> Actor:
        """The caller behind a verified token, as the table says now; Unauthenticated
        when the principal is deactivated or the token revoked."""
        return check(credential, await self.access(credential.name))

    async def access(self, name: str) -> Access | None:
        entry = self._entries.get(name)
        if entry is not None and entry[0] > self._clock() and self._live():
            return entry[1]
        loading = self._loading.get(name)
        if loading is None:
            loading = asyncio.ensure_future(self._load(name))
            self._loading[name] = loading
        # shielded: a caller that goes away must not cancel the read others wait for
        return await asyncio.shield(loading)

    async def _load(self, name: str) -> Access | None:
        generation = self._generation
        try:
            access = await load_access(name)
        finally:
            if self._loading.get(name) is asyncio.current_task():
                del self._loading[name]
        # an invalidation while reading may mean the row changed after it was read
        if generation == self._generation and self._live():
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[name] = (self._clock() + self.ttl, access)
        return access

    # --- changes -----------------------------------------------------------------------

    def invalidate(self, name: str | None = None) -> None:
        """Forget `name` (None: everyone) and tell the watchers of the forgotten names."""
        self._generation += 1
        if name is None:
            self._entries.clear()
            self._loading.clear()
            watchers = [callback for group in self._watchers.values() for callback in group]
        else:
            self._entries.pop(name, None)
            self._loading.pop(name, None)
            watchers = list(self._watchers.get(name, ()))
        for callback in watchers:
            callback()

    def watch(self, name: str, callback: Callable[[], None]) -> Callable[[], None]:
        """Call `callback` (synchronously) whenever `name` may have changed; returns the
        function that stops it. Long streams use it to re-check their caller at once."""
        self._watchers.setdefault(name, set()).add(callback)

        def unwatch() -> None:
            group = self._watchers.get(name)
            if group is not None:
                group.discard(callback)
                if not group:
                    del self._watchers[name]

        return unwatch

    @property
    def cached(self) -> int:
        return len(self._entries)

