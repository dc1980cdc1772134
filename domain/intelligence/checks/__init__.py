"""Rule checks a publication goes through before review: one module per kind.

A check looks at `CheckedContent` (the text, its HTML, and what each of its channels
would render) and answers a `CheckResult`. Whether a failure blocks or only warns is the
quality policy's business (domain.intelligence.policy), not the check's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class CheckKind(StrEnum):
    UNSAFE_LINK = "unsafe_link"
    BROKEN_LINK = "broken_link"
    IMAGE_ALT = "image_alt"
    TITLE_LENGTH = "title_length"
    SPAM_PHRASES = "spam_phrases"
    MISSING_UNSUBSCRIBE = "missing_unsubscribe"
    CHAT_LIMITS = "chat_limits"
    NEAR_DUPLICATE = "near_duplicate"
    #: the analysis score against the policy's minimum (not a rule check of its own)
    QUALITY_SCORE = "quality_score"


class Severity(StrEnum):
    BLOCK = "block"
    WARN = "warn"
    OFF = "off"


@dataclass(frozen=True, slots=True)
class CheckResult:
    kind: CheckKind
    passed: bool
    message: str
    severity: Severity = Severity.WARN
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def blocks(self) -> bool:
        return not self.passed and self.severity is Severity.BLOCK

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "passed": self.passed, "severity": self.severity.value,
                "message": self.message, "details": self.details}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckResult:
        return cls(kind=CheckKind(data["kind"]), passed=bool(data["passed"]),
                   message=str(data.get("message", "")),
                   severity=Severity(data.get("severity", Severity.WARN)),
                   details=dict(data.get("details") or {}))


def passed(kind: CheckKind, message: str, **details: Any) -> CheckResult:
    return CheckResult(kind, True, message, details=details)


def failed(kind: CheckKind, message: str, **details: Any) -> CheckResult:
    return CheckResult(kind, False, message, details=details)
