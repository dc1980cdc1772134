"""Spam-trigger phrases: wording that spam filters score against and readers distrust.

A curated list, matched case-insensitively on word boundaries (so "free" inside
"carefree" does not count, and "act now" matches across any whitespace).
"""

from __future__ import annotations

import re

from domain.intelligence.checks import CheckKind, CheckResult, failed, passed
from domain.intelligence.checks.content import CheckedContent

KIND = CheckKind.SPAM_PHRASES

SPAM_PHRASES: tuple[str, ...] = (
    "100% free", "100% guaranteed", "act now", "all natural", "apply now", "as seen on",
    "buy now", "call now", "cash bonus", "click below", "click here", "congratulations",
    "dear friend", "double your", "earn extra cash", "eliminate debt", "exclusive deal",
    "extra income", "free gift", "free money", "get rich", "guaranteed income",
    "incredible deal", "increase sales", "limited time offer", "lose weight",
    "make money fast", "million dollars", "miracle", "no credit check", "no obligation",
    "not spam", "offer expires", "once in a lifetime", "order now", "risk-free",
    "this is not spam", "urgent response", "winner", "you have been selected",
    "you're a winner",
)

_PATTERN = re.compile(
    r"(?<!\w)(" + "|".join(r"\s+".join(map(re.escape, phrase.split()))
                            for phrase in sorted(SPAM_PHRASES, key=len, reverse=True))
    + r")(?!\w)", re.IGNORECASE)


def spam_phrases_in(text: str) -> list[str]:
    """Distinct phrases found, lower-cased with single spaces, in order of appearance."""
    found = (" ".join(match.group(1).lower().split()) for match in _PATTERN.finditer(text))
    return list(dict.fromkeys(found))


def check_spam_phrases(content: CheckedContent) -> CheckResult:
    found = spam_phrases_in(content.text)
    if found:
        return failed(KIND, "spam-trigger phrases: " + ", ".join(f'"{p}"' for p in found[:10]),
                      phrases=found)
    return passed(KIND, "no spam-trigger phrases")
