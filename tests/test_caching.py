"""Process-local caches stay bounded and forget: the TTL LRU helper, and the three caches
built on it (DNS answers, decrypted channel secrets, SES clients). Time is a clock the
test advances; nothing sleeps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from domain.caching import TTLCache
from domain.channels import ssrf
from domain.channels.email import CLIENT_CACHE_SIZE, CLIENT_IDLE_SECONDS, EmailTransport
from domain.channels.models import Channel, ChannelType
from domain.channels.providers import ProviderEndpoints
from domain.channels.ssrf import DNS_CACHE_SIZE, TargetResolver
from domain.channels.transport import OutcomeKind, OutgoingMessage
from domain.crypto import encrypt_secrets
from domain.deliveries import engine as engine_module
from domain.templates.rendering import RenderedMessage
from tests.delivery_fixtures import SECRET_KEY, build_engine


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# --- the helper -----------------------------------------------------------------------------

def test_least_recently_used_entries_go_first() -> None:
    evicted: list[tuple[str, int]] = []
    cache: TTLCache[str, int] = TTLCache(3, 60, clock=Clock(),
                                         on_evict=lambda k, v: evicted.append((k, v)))
    for index, key in enumerate("abc"):
        cache.set(key, index)
    assert cache.get("a") == 0  # a is now the most recently used
    cache.set("d", 3)
    assert list(cache) == ["c", "a", "d"]
    assert evicted == [("b", 1)]
    assert cache.get("b") is None and "b" not in cache
    for index in range(1000):
        cache.set(f"key-{index}", index)
        assert len(cache) <= 3
    assert list(cache) == ["key-997", "key-998", "key-999"]
    assert len(evicted) == 1 + 1000


def test_entries_expire_after_the_ttl() -> None:
    clock = Clock()
    evicted: list[str] = []
    cache: TTLCache[str, str] = TTLCache(10, 30, clock=clock,
                                         on_evict=lambda k, v: evicted.append(k))
    cache.set("a", "A")
    clock.advance(20)
    cache.set("b", "B")
    assert cache.get("a") == "A"  # reading does not extend a fixed TTL
    clock.advance(10)
    assert "a" not in cache and cache.get("a") is None
    assert cache.get("b") == "B" and len(cache) == 1
    clock.advance(20)
    assert len(cache) == 0
    assert evicted == ["a", "b"]
    cache.set("c", "C")  # a new entry gets a whole TTL
    clock.advance(29.9)
    assert cache.get("c") == "C"


def test_a_sliding_ttl_is_an_idle_timeout() -> None:
    clock = Clock()
    cache: TTLCache[str, str] = TTLCache(10, 30, clock=clock, sliding=True)
    cache.set("busy", "x")
    cache.set("idle", "y")
    for _ in range(10):
        clock.advance(20)
        assert cache.get("busy") == "x"
    assert "idle" not in cache
    assert list(cache) == ["busy"]


def test_full_cache_drops_expired_entries_before_live_ones() -> None:
    clock = Clock()
    cache: TTLCache[str, int] = TTLCache(3, 30, clock=clock)
    cache.set("old", 0)
    clock.advance(20)
    cache.set("a", 1)
    cache.set("b", 2)
    clock.advance(15)  # "old" has expired, "a" and "b" have not
    cache.set("c", 3)
    assert list(cache) == ["a", "b", "c"]


def test_replacing_pop_and_clear() -> None:
    evicted: list[int] = []
    cache: TTLCache[str, int] = TTLCache(5, 30, clock=Clock(),
                                         on_evict=lambda k, v: evicted.append(v))
    cache.set("a", 1)
    cache.set("a", 2)  # the replaced value is evicted
    assert cache.pop("a") == 2 and cache.pop("a") is None  # pop does not tell on_evict
    cache.set("b", 3)
    cache.clear()
    assert evicted == [1, 3] and len(cache) == 0
    with pytest.raises(ValueError):
        TTLCache(0, 1)
    with pytest.raises(ValueError):
        TTLCache(1, 0)


# --- DNS answers (TargetResolver) ----------------------------------------------------------

@pytest.fixture
def lookups(monkeypatch) -> list[tuple[str, int]]:
    """Every DNS lookup the resolver makes; each answers a public address."""
    made: list[tuple[str, int]] = []

    async def lookup(self: TargetResolver, host: str, port: int, field: str) -> str:
        made.append((host, port))
        return "93.184.216.34"

    monkeypatch.setattr(ssrf.TargetResolver, "_lookup", lookup)
    return made


async def test_dns_cache_is_bounded(lookups) -> None:
    resolver = TargetResolver(allow_private=False, cache_size=50)
    for index in range(500):
        await resolver.resolve(f"https://host-{index}.example.com/hook")
        assert len(resolver._cache) <= 50
    assert len(lookups) == 500
    await resolver.resolve("https://host-499.example.com/other")  # recent: still cached
    await resolver.resolve("https://host-0.example.com/hook")  # pushed out long ago
    assert lookups[-1] == ("host-0.example.com", 443) and len(lookups) == 501
    assert TargetResolver(allow_private=False)._cache.maxsize == DNS_CACHE_SIZE


async def test_dns_answers_are_looked_up_again_after_the_ttl(lookups) -> None:
    clock = Clock()
    resolver = TargetResolver(allow_private=False, ttl_seconds=30, clock=clock)
    for _ in range(3):
        await resolver.resolve("https://hooks.example.com/a")
    assert lookups == [("hooks.example.com", 443)]
    clock.advance(31)
    assert len(resolver._cache) == 0
    await resolver.resolve("https://hooks.example.com/a")
    assert lookups == [("hooks.example.com", 443)] * 2


# --- decrypted secrets (DeliveryEngine.channel_secrets) ------------------------------------

def channel_version(channel_id: int, minute: int = 0) -> Channel:
    return Channel(id=channel_id, name=f"c{channel_id}", type=ChannelType.WEBHOOK,
                   config={}, updated_at=dt.datetime(2025, 1, 1, 0, minute, tzinfo=dt.UTC),
                   secret_ciphertext=encrypt_secrets(SECRET_KEY, {"n": str(channel_id)}))


async def test_decrypted_secrets_are_bounded_and_expire(redis_client, http_client,
                                                        monkeypatch) -> None:
    engine = build_engine(redis_client, http_client)
    clock = Clock()
    engine._secrets.clock = clock
    decrypted: list[int] = []
    real = engine_module.decrypt_secrets

    def counting(key: str, ciphertext: str | None) -> dict[str, Any]:
        secrets = real(key, ciphertext)
        decrypted.append(int(secrets["n"]))
        return secrets

    monkeypatch.setattr(engine_module, "decrypt_secrets", counting)
    channels = [channel_version(index) for index in range(1000)]
    for channel in channels:
        assert engine.channel_secrets(channel) == {"n": str(channel.id)}
        assert len(engine._secrets) <= engine_module.SECRETS_CACHE_SIZE
    assert len(engine._secrets) == engine_module.SECRETS_CACHE_SIZE
    engine.channel_secrets(channels[-1])  # cached
    engine.channel_secrets(channel_version(999, minute=1))  # a new version: decrypted
    assert decrypted[-1] == 999 and len(decrypted) == 1001

    clock.advance(engine_module.SECRETS_CACHE_SECONDS + 1)
    assert len(engine._secrets) == 0  # no plaintext secrets kept past the TTL
    engine.channel_secrets(channels[-1])
    assert len(decrypted) == 1002


# --- SES clients (EmailTransport) ----------------------------------------------------------

def ses_message(key_id: str) -> OutgoingMessage:
    return OutgoingMessage(delivery_id=1, idempotency_key="k", recipient="reader@example.org",
                           channel_id=1, config={"from_address": "news@example.com"},
                           secrets={"aws_access_key_id": key_id,
                                    "aws_secret_access_key": f"secret-{key_id}"},
                           rendered=RenderedMessage(ChannelType.EMAIL, subject="Hi",
                                                    html="<p>Hello</p>", text="Hello"))


async def test_ses_clients_are_bounded_and_idle_ones_are_closed(ses, transports) -> None:
    clock = Clock()
    transport: EmailTransport = transports(ses.url, client_cache_size=3,
                                           client_idle_seconds=60, clock=clock)
    for index in range(12):
        outcome = await transport.send(ses_message(f"AKIAKEY{index:013d}"))
        assert outcome.kind is OutcomeKind.SENT, outcome
        assert transport.open_clients <= 3
    assert transport.open_clients == 3
    assert transport._retired == []  # the nine pushed out were closed, not just forgotten
    assert len(ses.requests) == 12

    clock.advance(30)
    await transport.send(ses_message("AKIAKEY0000000000011"))  # keeps this one alive
    clock.advance(45)  # the other two have been idle 75 s
    await transport.send(ses_message("AKIAKEYFRESH000000001"))
    assert transport.open_clients == 2
    clock.advance(61)
    await transport.send(ses_message("AKIAKEYFRESH000000002"))
    assert transport.open_clients == 1
    defaults = EmailTransport(ProviderEndpoints())._clients
    assert (defaults.maxsize, defaults.ttl) == (CLIENT_CACHE_SIZE, CLIENT_IDLE_SECONDS)


async def test_a_client_pushed_out_mid_send_is_closed_when_the_send_ends(ses,
                                                                         transports) -> None:
    transport: EmailTransport = transports(ses.url, client_cache_size=1)
    entry = await transport._acquire("us-east-1", "AKIAKEYINUSE00000001", "s")
    await transport.send(ses_message("AKIAKEYOTHER00000001"))  # pushes the first one out
    assert entry in transport._retired and not entry.closed  # still in use
    await transport._release(entry)
    assert entry.closed and transport._retired == []
    assert transport.open_clients == 1
