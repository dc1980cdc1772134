"""Refuse to connect to addresses inside our own network.

A webhook URL is user input: without this guard it could reach the cloud metadata
service, loopback admin ports or private hosts. The host is resolved once, every address
must be global, and the caller connects to the address that was checked (no second DNS
lookup an attacker could answer differently).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from domain.errors import InvalidInput


class BlockedTarget(InvalidInput):
    """The target resolves to an address that is not on the public internet."""


@dataclass(frozen=True, slots=True)
class ResolvedTarget:
    scheme: str
    host: str
    port: int
    address: str


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(ip.is_global) and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


class TargetResolver:
    """Resolves and checks hosts, caching answers briefly so a bulk send to one host does
    not do one DNS lookup per message."""

    def __init__(self, allow_private: bool, ttl_seconds: float = 30.0) -> None:
        self.allow_private = allow_private
        self.ttl_seconds = ttl_seconds
        self._cache: dict[tuple[str, int], tuple[float, str]] = {}

    async def resolve(self, url: str, field: str = "url") -> ResolvedTarget:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise InvalidInput(f"{field} must be an absolute http(s) URL", field=field)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        host = parts.hostname
        cached = self._cache.get((host, port))
        if cached and cached[0] > time.monotonic():
            return ResolvedTarget(parts.scheme, host, port, cached[1])
        address = await self._lookup(host, port, field)
        self._cache[(host, port)] = (time.monotonic() + self.ttl_seconds, address)
        return ResolvedTarget(parts.scheme, host, port, address)

    async def refuse_private(self, url: str, field: str = "url") -> None:
        """The save-time check: refuse a target that is private now. A host that does not
        resolve yet is accepted (DNS may be set up later); the send path checks again."""
        try:
            await self.resolve(url, field)
        except BlockedTarget:
            raise
        except InvalidInput as error:
            if "cannot be resolved" not in error.message and "no address" not in error.message:
                raise

    async def _lookup(self, host: str, port: int, field: str) -> str:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as error:
            raise InvalidInput(f"{field}: host {host!r} cannot be resolved ({error})",
                               field=field) from None
        addresses = [info[4][0] for info in infos]
        if not addresses:
            raise InvalidInput(f"{field}: host {host!r} has no address", field=field)
        if not self.allow_private:
            blocked = [address for address in addresses if not _is_public(address)]
            if blocked:
                raise BlockedTarget(
                    f"{field}: {host!r} resolves to a non-public address ({blocked[0]}); "
                    "delivery to private networks is disabled", field=field)
        return addresses[0]
