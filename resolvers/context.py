"""Per-request state handed to every resolver."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis

from domain.channels.providers import DEFAULT_ENDPOINTS, ProviderEndpoints
from domain.channels.ssrf import TargetResolver
from domain.deliveries.queue import DeliveryQueue
from domain.errors import Unauthenticated
from domain.keyring import KeyRing
from domain.principals.actor import Actor
from domain.principals.directory import Credential, PrincipalDirectory
from domain.realtime.events import DEFAULT_PREFIX, PRINCIPALS_CHANNEL, EventPublisher
from domain.realtime.hub import EventHub
from resolvers.dataloaders import Loaders


@dataclass
class RequestContext:
    """`actor` is None for anonymous callers; `auth_error` says why a token was refused.

    `credential` is what the caller's token says; `actor` is who that is now, from the
    principal table (`refresh_actor`). Over websockets one context lives as long as the
    connection, so the actor is refreshed before every operation and every subscription
    event, and its loaders do not cache (a cached row would go stale between events)."""

    #: SECRET_KEY and PREVIOUS_SECRET_KEYS (channel secrets, preview links)
    secret_key: KeyRing | str
    actor: Actor | None = None
    auth_error: str | None = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    is_websocket: bool = False
    loaders: Loaders = field(default_factory=Loaders)
    connection_params: dict[str, Any] | None = None
    #: None where no job queue is wired (tests of the API alone); the sweeper then
    #: picks up scheduled and publishing publications on its next pass.
    queue: DeliveryQueue | None = None
    #: checks webhook targets at save time (SSRF guard); None skips the check
    resolver: TargetResolver | None = None
    #: Redis for live state (breakers, channel health); None where not wired
    redis: Redis | None = None
    #: this process's fan-out of domain events (subscriptions); None where not wired
    events: EventHub | None = None
    #: EVENTS_PREFIX: where this deployment's events live on Redis pub/sub
    events_prefix: str = DEFAULT_PREFIX
    #: when the caller's token stops being valid (epoch seconds)
    token_expires_at: float | None = None
    #: provider base URLs (settings), for validating channel credentials
    endpoints: ProviderEndpoints = DEFAULT_ENDPOINTS
    #: sends testChannel messages through the real path (rate limiter, breaker, signing);
    #: a DeliveryEngine, None where not wired
    channel_tester: Any = None
    #: content analysis (analyzeContent): an IntelligenceService, None where not wired
    intelligence: Any = None
    #: PUBLIC_BASE_URL, for links in previews
    public_base_url: str = ""
    request: Any = None
    response: Any = None
    #: what the caller's verified token says; None for anonymous callers
    credential: Credential | None = None
    #: this process's view of the principal table (role, deactivation, revocation)
    principals: PrincipalDirectory | None = None

    async def refresh_actor(self) -> None:
        """Who the token's subject is now: a deactivated principal or a revoked token
        leaves the caller anonymous with the reason in `auth_error` (UNAUTHENTICATED),
        a changed role applies at once."""
        if self.credential is None or self.principals is None:
            return
        try:
            self.actor = await self.principals.actor_for(self.credential)
            self.auth_error = None
        except Unauthenticated as error:
            self.actor = None
            self.auth_error = error.message

    def watch_principal(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call `callback` whenever the caller's principal may have changed (any process);
        returns the function that stops it."""
        if self.credential is None or self.principals is None:
            return lambda: None
        return self.principals.watch(self.credential.name, callback)

    async def principal_changed(self, name: str) -> None:
        """Tell this process and every other one that `name`'s row changed."""
        if self.principals is not None:
            self.principals.invalidate(name)
        if (publisher := self.event_publisher()) is not None:
            await publisher.publish(PRINCIPALS_CHANNEL, {"name": name})

    def event_publisher(self) -> EventPublisher | None:
        """Tells this deployment's dashboards about a change; None where Redis is not wired
        (the change is then seen at the next snapshot)."""
        return None if self.redis is None else EventPublisher(self.redis, self.events_prefix)
