"""Run the checks a policy asks for on one piece of content.

Checks whose severity is `off` are not run at all. Link probing (network) and the
near-duplicate search (database) run concurrently; the rest is quick, in-process work.
Without network (`CheckEnvironment.network=False`, the alert path) links get the static
rules only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

import httpx

from domain.channels.ssrf import TargetResolver
from domain.intelligence.checks import CheckKind, CheckResult, Severity
from domain.intelligence.checks.chat_limits import check_chat_limits
from domain.intelligence.checks.content import CheckedContent
from domain.intelligence.checks.duplicates import check_near_duplicate
from domain.intelligence.checks.images import check_image_alt
from domain.intelligence.checks.lengths import check_title_length
from domain.intelligence.checks.links import LinkChecker, LinkCheckSettings, check_links
from domain.intelligence.checks.spam import check_spam_phrases
from domain.intelligence.checks.unsubscribe import check_unsubscribe

LINK_KINDS = frozenset({CheckKind.UNSAFE_LINK, CheckKind.BROKEN_LINK})
RULE_KINDS = tuple(kind for kind in CheckKind if kind is not CheckKind.QUALITY_SCORE)

QUICK_CHECKS: dict[CheckKind, Callable[[CheckedContent], CheckResult]] = {
    CheckKind.IMAGE_ALT: check_image_alt,
    CheckKind.TITLE_LENGTH: check_title_length,
    CheckKind.SPAM_PHRASES: check_spam_phrases,
    CheckKind.MISSING_UNSUBSCRIBE: check_unsubscribe,
    CheckKind.CHAT_LIMITS: check_chat_limits,
}


@dataclass(frozen=True, slots=True)
class CheckEnvironment:
    """What the checks may use. `resolver` carries ALLOW_PRIVATE_TARGETS."""

    resolver: TargetResolver
    network: bool = True
    links: LinkCheckSettings = field(default_factory=LinkCheckSettings)


async def _links(content: CheckedContent, environment: CheckEnvironment
                 ) -> list[CheckResult]:
    if not environment.network:
        return await check_links(content, None,
                                 allow_private=environment.resolver.allow_private)
    async with httpx.AsyncClient(follow_redirects=False) as client:
        checker = LinkChecker(client, environment.resolver, environment.links)
        return await check_links(content, checker,
                                 allow_private=environment.resolver.allow_private)


async def run_checks(content: CheckedContent, severities: Mapping[CheckKind, Severity],
                     environment: CheckEnvironment) -> list[CheckResult]:
    """Results in CheckKind order, for the kinds not switched off."""
    wanted = {kind for kind in RULE_KINDS
              if severities.get(kind, Severity.OFF) is not Severity.OFF}
    slow: list[Awaitable[list[CheckResult]]] = []
    if wanted & LINK_KINDS:
        slow.append(_links(content, environment))
    if CheckKind.NEAR_DUPLICATE in wanted:
        async def duplicate() -> list[CheckResult]:
            return [await check_near_duplicate(content)]
        slow.append(duplicate())
    results = [QUICK_CHECKS[kind](content) for kind in QUICK_CHECKS if kind in wanted]
    for batch in await asyncio.gather(*slow):
        results.extend(batch)
    order = {kind: index for index, kind in enumerate(CheckKind)}
    return sorted((result for result in results if result.kind in wanted),
                  key=lambda result: order[result.kind])
