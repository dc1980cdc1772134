"""The value types every analyzer speaks: what is analyzed and what comes back."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

#: the quality sub-scores, in the order they are shown
SUB_SCORES = ("readability", "structure", "length", "links", "spam_likeness", "tone")
#: how much each sub-score weighs in the overall quality of the local analyzer
#: (spam_likeness counts inverted: 1 means spam-like)
QUALITY_WEIGHTS = {"readability": 0.2, "structure": 0.2, "length": 0.15, "links": 0.1,
                   "spam_likeness": 0.2, "tone": 0.15}
MAX_KEYWORDS = 10
MAX_ENTITIES = 10
_SPACES = re.compile(r"[ \t\f\v\r]+")
_BLANK_LINES = re.compile(r"\n{3,}")


class AnalyzerKind(StrEnum):
    REMOTE = "remote"
    LOCAL = "local"


class AnalysisError(Exception):
    """An analyzer could not produce a trustworthy score. `kind` is a small, bounded label
    (timeout, connection, http_429, http_5xx, http_4xx, malformed, out_of_range,
    too_large, breaker_open, budget) used for metrics; the message is for logs."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class AnalyzableContent:
    """What is analyzed: the parts of a publication a reader sees."""

    title: str = ""
    summary: str = ""
    body: str = ""

    def normalized(self) -> str:
        """NFC, spaces collapsed, line ends unified, parts joined: content that differs
        only in invisible ways hashes (and scores) the same."""
        parts = []
        for part in (self.title, self.summary, self.body):
            text = unicodedata.normalize("NFC", part).replace("\r\n", "\n")
            lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
            parts.append(_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip())
        return "\n\n".join(parts)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.normalized().encode()).hexdigest()

    @property
    def is_empty(self) -> bool:
        return not (self.title.strip() or self.summary.strip() or self.body.strip())


@dataclass(frozen=True, slots=True)
class TopicProfile:
    """A topic as analyzers see it: its name and description (the seed, so a new topic
    works) and text from recent publications in it."""

    topic_id: int
    name: str
    text: str


@dataclass(frozen=True, slots=True)
class SubScore:
    score: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class TopicRelevance:
    topic_id: int
    name: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"topic_id": self.topic_id, "name": self.name, "score": self.score}


@dataclass(frozen=True, slots=True)
class Analysis:
    """Quality 0-1 (higher is better) with named sub-scores and their reasons (every
    sub-score is higher-is-better except spam_likeness, where 1 means spam-like),
    relevance 0-1 per topic (highest first), keywords and named entities."""

    quality: float
    sub_scores: dict[str, SubScore]
    relevance: tuple[TopicRelevance, ...] = ()
    keywords: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_unit(self.quality, "quality")
        missing = [name for name in SUB_SCORES if name not in self.sub_scores]
        if missing:
            raise AnalysisError("malformed", f"sub-scores missing: {', '.join(missing)}")
        for name, sub in self.sub_scores.items():
            check_unit(sub.score, name)
        for relevance in self.relevance:
            check_unit(relevance.score, f"relevance of topic {relevance.topic_id}")

    def to_dict(self) -> dict[str, Any]:
        return {"quality": self.quality,
                "sub_scores": {name: sub.to_dict() for name, sub in self.sub_scores.items()},
                "relevance": [item.to_dict() for item in self.relevance],
                "keywords": list(self.keywords), "entities": list(self.entities)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        return cls(
            quality=float(data["quality"]),
            sub_scores={name: SubScore(float(sub["score"]), str(sub["reason"]))
                        for name, sub in data["sub_scores"].items()},
            relevance=tuple(TopicRelevance(int(item["topic_id"]), str(item["name"]),
                                           float(item["score"]))
                            for item in data.get("relevance", [])),
            keywords=tuple(data.get("keywords", [])), entities=tuple(data.get("entities", [])))


def check_unit(value: float, name: str) -> None:
    """A score outside 0-1 (or not a number) is an error, never a score."""
    if (isinstance(value, bool) or not isinstance(value, int | float)
            or math.isnan(value) or not 0.0 <= value <= 1.0):
        raise AnalysisError("out_of_range", f"{name} must be a number from 0 to 1, "
                                            f"got {value!r}")


def weighted_quality(sub_scores: dict[str, SubScore]) -> float:
    total = 0.0
    for name, weight in QUALITY_WEIGHTS.items():
        score = sub_scores[name].score
        total += weight * (1.0 - score if name == "spam_likeness" else score)
    return round(min(1.0, max(0.0, total)), 4)


def ranked(relevance: Sequence[TopicRelevance]) -> tuple[TopicRelevance, ...]:
    """Highest first; ties by topic id so the order is stable."""
    return tuple(sorted(relevance, key=lambda item: (-item.score, item.topic_id)))


class Analyzer(Protocol):
    """One implementation talks to a remote AI service, the other runs in-process."""

    kind: AnalyzerKind
    #: recorded with every score it produces; a new version means new scores
    model_version: str

    async def analyze(self, content: AnalyzableContent,
                      topics: Sequence[TopicProfile]) -> Analysis:
        """Raises AnalysisError when no trustworthy analysis can be given."""
