"""Broken and unsafe links.

Every http(s) link of the body is probed through the SSRF guard
(domain.channels.ssrf): the host is resolved and checked, the request goes to the
checked address, and redirects are followed by hand, each hop checked again, so a link
that redirects into private space is reported, never fetched. HEAD first; GET when the
server answers 405/501 to HEAD (the body is not read past a few KB). Each link has its
own deadline, the whole run a total budget; links still unanswered when it runs out are
reported as not checked (they neither pass nor fail the check).

Unsafe: a scheme other than http/https/mailto, credentials before the host, a host that
is (or redirects to) a non-public address. Broken: an error status, a host that does
not resolve, a connection failure, a timeout, too many redirects.

`static_link_problems` is the no-network subset (scheme, credentials, literal private
addresses), for the alert path.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from domain.channels.outbound import connect_url, host_header
from domain.channels.ssrf import (
    BlockedTarget,
    RefusedUrl,
    TargetResolver,
    UnresolvedHost,
    non_public_reason,
)
from domain.errors import InvalidInput
from domain.intelligence.checks import CheckKind, CheckResult, failed, passed
from domain.intelligence.checks.content import CheckedContent
from domain.intelligence.checks.html import links_in

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
#: bytes of a GET answer read at most (the status is what matters)
MAX_BODY_BYTES = 4096
USER_AGENT = "publishing-link-check/1"


class LinkState(StrEnum):
    OK = "ok"
    BROKEN = "broken"
    UNSAFE = "unsafe"
    UNCHECKED = "unchecked"


@dataclass(frozen=True, slots=True)
class LinkReport:
    url: str
    state: LinkState
    reason: str
    status: int | None = None
    hops: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "state": self.state.value, "reason": self.reason,
                "status": self.status, "hops": self.hops}


@dataclass(frozen=True, slots=True)
class LinkCheckSettings:
    per_link_seconds: float = 5.0
    total_seconds: float = 10.0
    max_redirects: int = 5
    concurrency: int = 8
    max_links: int = 50


def static_problem(url: str, *, allow_private: bool) -> LinkReport | None:
    """What can be said of a link without the network: an unsafe scheme, credentials,
    or a literal address that is not public."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return LinkReport(url, LinkState.UNSAFE, f"scheme {scheme or '(none)'!r} is not "
                          "allowed (http, https, mailto)")
    if scheme == "mailto":
        return None
    if "@" in parts.netloc:
        return LinkReport(url, LinkState.UNSAFE, "credentials before the host")
    host = parts.hostname or ""
    if not host:
        return LinkReport(url, LinkState.BROKEN, "no host")
    if not allow_private:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return None
        if (reason := non_public_reason(host)) is not None:
            return LinkReport(url, LinkState.UNSAFE, f"points to a non-public address "
                              f"({reason})")
    return None


class LinkChecker:
    def __init__(self, client: httpx.AsyncClient, resolver: TargetResolver,
                 settings: LinkCheckSettings | None = None) -> None:
        self.client = client
        self.resolver = resolver
        self.settings = settings or LinkCheckSettings()

    async def check_all(self, urls: Sequence[str]) -> list[LinkReport]:
        """One report per URL (in order), within the total budget."""
        settings = self.settings
        wanted = list(dict.fromkeys(urls))
        checked, skipped = wanted[:settings.max_links], wanted[settings.max_links:]
        gate = asyncio.Semaphore(settings.concurrency)

        async def bounded(url: str) -> LinkReport:
            async with gate:
                return await self.check(url)

        tasks = [asyncio.create_task(bounded(url)) for url in checked]
        if tasks:
            await asyncio.wait(tasks, timeout=settings.total_seconds)
        reports = []
        for url, task in zip(checked, tasks, strict=True):
            if task.done() and not task.cancelled() and task.exception() is None:
                reports.append(task.result())
            else:
                task.cancel()
                reports.append(LinkReport(url, LinkState.UNCHECKED,
                                          "not checked within the time budget"))
        await asyncio.gather(*tasks, return_exceptions=True)
        reports.extend(LinkReport(url, LinkState.UNCHECKED, "over the per-publication link "
                                  f"limit ({settings.max_links})") for url in skipped)
        return reports

    async def check(self, url: str) -> LinkReport:
        problem = static_problem(url, allow_private=self.resolver.allow_private)
        if problem is not None or urlsplit(url).scheme.lower() == "mailto":
            return problem or LinkReport(url, LinkState.OK, "mailto link (not probed)")
        try:
            async with asyncio.timeout(self.settings.per_link_seconds):
                return await self._follow(url)
        except (TimeoutError, httpx.TimeoutException):
            return LinkReport(url, LinkState.BROKEN,
                              f"timed out after {self.settings.per_link_seconds:g}s")

    async def _follow(self, url: str) -> LinkReport:
        current = url
        for hop in range(self.settings.max_redirects + 1):
            if hop:
                problem = static_problem(current, allow_private=self.resolver.allow_private)
                if problem is not None:
                    return LinkReport(url, problem.state,
                                      f"redirects to {_shown(current)}: {problem.reason}",
                                      hops=hop)
            try:
                status, location = await self._request(current)
            except BlockedTarget:
                where = "is" if hop == 0 else f"redirects to {_shown(current)}, which is"
                return LinkReport(url, LinkState.UNSAFE,
                                  f"{where} on a non-public address", hops=hop)
            except RefusedUrl:
                return LinkReport(url, LinkState.UNSAFE, "credentials before the host",
                                  hops=hop)
            except UnresolvedHost:
                return LinkReport(url, LinkState.BROKEN,
                                  f"host {urlsplit(current).hostname!r} does not resolve",
                                  hops=hop)
            except InvalidInput as error:
                return LinkReport(url, LinkState.BROKEN, error.message, hops=hop)
            except httpx.TransportError as error:
                return LinkReport(url, LinkState.BROKEN,
                                  f"connection failed ({type(error).__name__})", hops=hop)
            if 300 <= status < 400 and location:
                current = urljoin(current, location)
                continue
            if status >= 400 and status != 429:
                return LinkReport(url, LinkState.BROKEN, f"answers HTTP {status}",
                                  status=status, hops=hop)
            return LinkReport(url, LinkState.OK, f"answers HTTP {status}", status=status,
                              hops=hop)
        return LinkReport(url, LinkState.BROKEN,
                          f"more than {self.settings.max_redirects} redirects",
                          hops=self.settings.max_redirects)

    async def _request(self, url: str) -> tuple[int, str | None]:
        """(status, Location) of HEAD, or of GET when HEAD is not allowed."""
        target = await self.resolver.resolve(url, field="link")
        status, location = await self._send("HEAD", url, target)
        if status in (405, 501):
            status, location = await self._send("GET", url, target)
        return status, location

    async def _send(self, method: str, url: str, target: Any) -> tuple[int, str | None]:
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        request = self.client.build_request(
            method, connect_url(url, target), extensions=extensions,
            headers={"host": host_header(url), "user-agent": USER_AGENT})
        response = await self.client.send(request, stream=True, follow_redirects=False)
        try:
            if method == "GET":
                read = 0
                async for chunk in response.aiter_raw():
                    read += len(chunk)
                    if read >= MAX_BODY_BYTES:
                        break
        finally:
            await response.aclose()
        return response.status_code, response.headers.get("location")


def _shown(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}"[:200]


def link_results(reports: Sequence[LinkReport]) -> list[CheckResult]:
    """The unsafe-link and broken-link results of a set of link reports."""
    results = []
    for kind, state, noun in ((CheckKind.UNSAFE_LINK, LinkState.UNSAFE, "unsafe"),
                              (CheckKind.BROKEN_LINK, LinkState.BROKEN, "broken")):
        bad = [report for report in reports if report.state is state]
        unchecked = [report.url for report in reports if report.state is LinkState.UNCHECKED]
        if bad:
            first = bad[0]
            results.append(failed(kind, f"{len(bad)} {noun} link(s), e.g. {_shown(first.url)}"
                                  f": {first.reason}",
                                  links=[report.to_dict() for report in bad[:20]],
                                  unchecked=unchecked))
        else:
            results.append(passed(kind, f"no {noun} links among {len(reports)}",
                                  unchecked=unchecked))
    return results


async def check_links(content: CheckedContent, checker: LinkChecker | None, *,
                      allow_private: bool) -> list[CheckResult]:
    """With a checker: probe every link; without one (the alert path): static rules only."""
    urls = links_in(content.html)
    if checker is not None:
        return link_results(await checker.check_all(urls))
    reports = [static_problem(url, allow_private=allow_private)
               or LinkReport(url, LinkState.UNCHECKED, "not probed (no network checks)")
               for url in urls]
    return link_results(reports)
