"""Refuse to connect to addresses inside our own network.

A webhook URL is user input: without this guard it could reach the cloud metadata
service, loopback admin ports or private hosts. The host is resolved once, every address
must be global, and the caller connects to the address that was checked (no second DNS
lookup an attacker could answer differently).

IPv6 addresses that carry an IPv4 address are judged by the IPv4 address they lead to,
since that is where the packets end up:

* IPv4-mapped `::ffff:a.b.c.d`, 6to4 `2002:aabb:ccdd::/48`, NAT64 with the well-known
  prefix `64:ff9b::a.b.c.d` (RFC 6052; a DNS64 resolver hands these out for every
  IPv4-only host, so refusing them all would break IPv6-only deployments) and Teredo
  `2001:0::/32` (server and client address, both must be global): allowed exactly when
  every embedded IPv4 address is global. A 6to4 relay or NAT64 gateway next to us would
  otherwise deliver `2002:7f00:1::1` to our own 127.0.0.1.
* NAT64 local-use `64:ff9b:1::/48` (RFC 8215) is refused whatever it embeds: it names a
  translator inside some operator's network, and where the IPv4 address sits in it
  depends on a prefix length only that network knows.
* The deprecated IPv4-compatible `::a.b.c.d` and the SIIT `::ffff:0:a.b.c.d` forms stay
  refused (they lie in the reserved `::/8`).

A URL with credentials before the host (`user:password@`) is refused outright, at save
time and again at send: they would travel in the Host header and show wherever the URL
is shown; receivers authenticate deliveries by their signature instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from domain.caching import TTLCache
from domain.errors import InvalidInput

#: distinct (host, port) answers kept per process
DNS_CACHE_SIZE = 1024

NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")
NAT64_LOCAL_USE = ipaddress.IPv6Network("64:ff9b:1::/48")


class BlockedTarget(InvalidInput):
    """The target resolves to an address that is not on the public internet."""


class RefusedUrl(InvalidInput):
    """The URL itself is not acceptable as a target (credentials before the host)."""


class UnresolvedHost(InvalidInput):
    """The host has no address (yet): refused at send, accepted at save."""


@dataclass(frozen=True, slots=True)
class ResolvedTarget:
    scheme: str
    host: str
    port: int
    address: str


def refuse_userinfo(url: str, field: str) -> None:
    """Raise when `url` has a user name or password before its host. The message names
    the field only: the URL holds a password."""
    if "@" in urlsplit(url).netloc:
        raise RefusedUrl(f"{field} must not contain a user name or password "
                         "(user:password@host)", field=field)


def _global(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return bool(ip.is_global) and not (ip.is_multicast or ip.is_reserved
                                       or ip.is_unspecified)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[str, list[ipaddress.IPv4Address]] | None:
    """The kind of transition address `ip` is and the IPv4 addresses it leads to; None
    for an ordinary IPv6 address."""
    if ip.ipv4_mapped is not None:
        return "IPv4-mapped", [ip.ipv4_mapped]
    if ip.sixtofour is not None:
        return "6to4", [ip.sixtofour]
    if ip.teredo is not None:
        server, client = ip.teredo
        return "Teredo", [server, client]
    if ip in NAT64_WELL_KNOWN:
        return "NAT64", [ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)]
    return None


def non_public_reason(address: str) -> str | None:
    """None when `address` is on the public internet, else how to name it in a refusal
    (the address, and for a transition address what it leads to)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in NAT64_LOCAL_USE:
            return f"{address}, a local-use NAT64 address"
        embedded = embedded_ipv4(ip)
        if embedded is not None:
            kind, addresses = embedded
            blocked = [str(v4) for v4 in addresses if not _global(v4)]
            if not blocked:
                return None
            if kind == "IPv4-mapped":
                return address
            return f"{address}, a {kind} address of {' and '.join(blocked)}"
    return None if _global(ip) else address


def _is_public(address: str) -> bool:
    return non_public_reason(address) is None


class TargetResolver:
    """Resolves and checks hosts, caching answers briefly (at most `cache_size` hosts) so
    a bulk send to one host does not do one DNS lookup per message."""

    def __init__(self, allow_private: bool, ttl_seconds: float = 30.0, *,
                 cache_size: int = DNS_CACHE_SIZE,
                 clock: Callable[[], float] = time.monotonic,
                 own_prefixes: tuple[str, ...] = ()) -> None:
        """`own_prefixes`: URLs of this service itself (the development outbox's hook
        sinks) that may be private although `allow_private` is off."""
        self.allow_private = allow_private
        self.own_prefixes = own_prefixes
        self.ttl_seconds = ttl_seconds
        self._cache: TTLCache[tuple[str, int], str] = TTLCache(
            cache_size, ttl_seconds, clock=clock)

    async def resolve(self, url: str, field: str = "url") -> ResolvedTarget:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise InvalidInput(f"{field} must be an absolute http(s) URL", field=field)
        refuse_userinfo(url, field)
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise InvalidInput(f"{field} has an invalid port", field=field) from None
        host = parts.hostname
        if (self.own_prefixes and url.startswith(self.own_prefixes)
                and ".." not in parts.path.split("/")):
            return ResolvedTarget(parts.scheme, host, port,
                                  await self._lookup(host, port, field, allow_private=True))
        address = self._cache.get((host, port))
        if address is None:
            address = await self._lookup(host, port, field)
            self._cache.set((host, port), address)
        return ResolvedTarget(parts.scheme, host, port, address)

    async def refuse_private(self, url: str, field: str = "url") -> None:
        """The save-time check: refuse a target that is private now. A host that does not
        resolve yet is accepted (DNS may be set up later); the send path checks again."""
        with contextlib.suppress(UnresolvedHost):
            await self.resolve(url, field)

    async def _lookup(self, host: str, port: int, field: str,
                      allow_private: bool = False) -> str:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as error:
            raise UnresolvedHost(f"{field}: host {host!r} cannot be resolved ({error})",
                                 field=field) from None
        addresses = [info[4][0] for info in infos]
        if not addresses:
            raise UnresolvedHost(f"{field}: host {host!r} has no address", field=field)
        if not (self.allow_private or allow_private):
            blocked = [reason for reason in map(non_public_reason, addresses) if reason]
            if blocked:
                raise BlockedTarget(
                    f"{field}: {host!r} resolves to a non-public address ({blocked[0]}); "
                    "delivery to private networks is disabled", field=field)
        return addresses[0]
