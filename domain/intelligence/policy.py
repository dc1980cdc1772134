"""The quality policy: which checks block a publication from review, which only warn,
and the minimum analysis score, per topic, per priority, or by default.

Which policy applies: the policies of the publication's topics (several: the strictest
of each setting wins); else the policy of its priority; else the default policy; else
the built-in one. A policy names only the kinds it changes; the others keep the built-in
severity. `evaluate` is pure: the score is handed in (None: not analyzed yet, which
warns and never blocks).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet

from domain.audience.models import Topic
from domain.errors import Conflict, InvalidInput, NotFound
from domain.intelligence.checks import CheckKind, CheckResult, Severity
from domain.intelligence.quality_models import QualityPolicy
from domain.principals.actor import Actor
from domain.principals.service import audit
from domain.publications.models import Priority

BUILTIN_RULES: dict[CheckKind, Severity] = {
    CheckKind.UNSAFE_LINK: Severity.BLOCK,
    CheckKind.BROKEN_LINK: Severity.WARN,
    CheckKind.IMAGE_ALT: Severity.WARN,
    CheckKind.TITLE_LENGTH: Severity.WARN,
    CheckKind.SPAM_PHRASES: Severity.WARN,
    CheckKind.MISSING_UNSUBSCRIBE: Severity.BLOCK,
    CheckKind.CHAT_LIMITS: Severity.WARN,
    CheckKind.NEAR_DUPLICATE: Severity.WARN,
    CheckKind.QUALITY_SCORE: Severity.WARN,
}
BUILTIN_MIN_SCORE = 0.5
_STRICTNESS = {Severity.OFF: 0, Severity.WARN: 1, Severity.BLOCK: 2}


@dataclass(frozen=True, slots=True)
class EffectivePolicy:
    min_score: float | None
    rules: Mapping[CheckKind, Severity]
    #: where it came from: "builtin", "default", "priority:high", "topic:3", …
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    results: list[CheckResult]

    @property
    def blocking(self) -> list[CheckResult]:
        return [result for result in self.results if result.blocks]

    @property
    def warnings(self) -> list[CheckResult]:
        return [result for result in self.results
                if not result.passed and result.severity is Severity.WARN]


BUILTIN = EffectivePolicy(BUILTIN_MIN_SCORE, BUILTIN_RULES, ("builtin",))


def _source(policy: QualityPolicy) -> str:
    if policy.topic_id is not None:
        return f"topic:{policy.topic_id}"
    if policy.priority is not None:
        return f"priority:{policy.priority.value}"
    return "default"


def _rules_of(policy: QualityPolicy) -> dict[CheckKind, Severity]:
    rules = dict(BUILTIN_RULES)
    rules.update({CheckKind(kind): Severity(value) for kind, value in
                  (policy.rules or {}).items() if kind in CheckKind.__members__.values()})
    return rules


def merge(policies: Sequence[QualityPolicy]) -> EffectivePolicy:
    """The strictest combination: highest minimum score, strongest severity per kind."""
    if not policies:
        return BUILTIN
    rules: dict[CheckKind, Severity] = {}
    for policy in policies:
        for kind, severity in _rules_of(policy).items():
            if _STRICTNESS[severity] >= _STRICTNESS[rules.get(kind, Severity.OFF)]:
                rules[kind] = severity
    scores = [policy.min_score for policy in policies if policy.min_score is not None]
    return EffectivePolicy(max(scores) if scores else None, rules,
                           tuple(_source(policy) for policy in policies))


def choose(policies: Iterable[QualityPolicy], topic_ids: Iterable[int],
           priority: str) -> EffectivePolicy:
    """The policy for content with these topics and priority, from all stored policies."""
    stored = list(policies)
    topics = set(topic_ids)
    for level in (
        [p for p in stored if p.topic_id is not None and p.topic_id in topics],
        [p for p in stored if p.priority is not None and p.priority.value == priority],
        [p for p in stored if p.topic_id is None and p.priority is None],
    ):
        if level:
            return merge(level)
    return BUILTIN


async def policy_for(topic_ids: Iterable[int], priority: str) -> EffectivePolicy:
    topic_ids = list(topic_ids)
    candidates = await QualityPolicy.filter(topic_id__in=topic_ids) if topic_ids else []
    if not candidates:
        candidates = await QualityPolicy.filter(topic_id__isnull=True)
    return choose(candidates, topic_ids, priority)


def score_result(policy: EffectivePolicy, quality: float | None) -> CheckResult:
    kind = CheckKind.QUALITY_SCORE
    severity = policy.rules.get(kind, Severity.WARN)
    if policy.min_score is None:
        return CheckResult(kind, True, "no minimum score", severity)
    if quality is None:  # never blocks: the analysis may simply not have run yet
        return CheckResult(kind, False, "not analyzed yet", Severity.WARN,
                           {"min_score": policy.min_score})
    details = {"score": round(quality, 4), "min_score": policy.min_score}
    if quality < policy.min_score:
        return CheckResult(kind, False, f"quality score {quality:.2f} is below the minimum "
                           f"{policy.min_score:.2f}", severity, details)
    return CheckResult(kind, True, f"quality score {quality:.2f} meets the minimum "
                       f"{policy.min_score:.2f}", severity, details)


def evaluate(policy: EffectivePolicy, results: Sequence[CheckResult],
             quality: float | None) -> Verdict:
    """Give every rule result its severity under `policy` and add the score result."""
    judged = [replace(result, severity=policy.rules.get(result.kind, Severity.WARN))
              for result in results
              if policy.rules.get(result.kind, Severity.WARN) is not Severity.OFF]
    if policy.rules.get(CheckKind.QUALITY_SCORE, Severity.WARN) is not Severity.OFF:
        judged.append(score_result(policy, quality))
    return Verdict(judged)


# --- administration -----------------------------------------------------------------------

def policies_query() -> QuerySet[QualityPolicy]:
    return QualityPolicy.all().order_by("id")


def _check_rules(rules: Sequence[tuple[str, str]]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for index, (kind, severity) in enumerate(rules):
        if kind not in CheckKind.__members__.values():
            raise InvalidInput(f"unknown check kind {kind!r}", field=f"rules[{index}].kind")
        if severity not in Severity.__members__.values():
            raise InvalidInput(f"unknown severity {severity!r}",
                               field=f"rules[{index}].severity")
        if kind in cleaned:
            raise InvalidInput(f"check kind {kind} is listed twice",
                               field=f"rules[{index}].kind")
        cleaned[kind] = severity
    return cleaned


async def set_policy(actor: Actor, *, topic_id: int | None = None,
                     priority: Priority | None = None, min_score: float | None = None,
                     rules: Sequence[tuple[str, str]] = ()) -> QualityPolicy:
    """Create or replace the policy of one scope (a topic, a priority, or the default)."""
    if topic_id is not None and priority is not None:
        raise InvalidInput("a policy is for a topic or for a priority, not both",
                           field="priority")
    if min_score is not None and (not math.isfinite(min_score) or not 0 <= min_score <= 1):
        raise InvalidInput("minScore must be between 0 and 1", field="minScore")
    cleaned = _check_rules(rules)
    if topic_id is not None and not await Topic.exists(id=topic_id):
        raise InvalidInput(f"unknown topic id {topic_id}", field="topicId")
    values: dict[str, Any] = {"min_score": min_score, "rules": cleaned}
    scope = {"topic_id": topic_id, "priority": priority}
    try:
        existing = await QualityPolicy.get_or_none(topic_id=topic_id, priority=priority)
        if existing is None:
            policy = await QualityPolicy.create(**scope, **values)
        else:
            await QualityPolicy.filter(id=existing.id).update(**values)
            policy = await QualityPolicy.get(id=existing.id)
    except IntegrityError:  # a concurrent set for the same scope won
        raise Conflict("this scope's policy changed concurrently; retry",
                       field="topicId" if topic_id else "priority") from None
    await audit(actor, "quality_policy.set", "quality_policy", policy.id,
                {"topic_id": topic_id, "priority": priority.value if priority else None,
                 "min_score": min_score, "rules": cleaned})
    return policy


async def delete_policy(actor: Actor, policy_id: int) -> int:
    deleted = await QualityPolicy.filter(id=policy_id).delete()
    if not deleted:
        raise NotFound("quality policy not found", field="id")
    await audit(actor, "quality_policy.delete", "quality_policy", policy_id)
    return policy_id
