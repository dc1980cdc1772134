"""Where analyses are kept: PostgreSQL (content_analysis, the record) with a Redis hot
cache in front. Both are addressed by (content hash, analyzer, model version), so an
entry never goes stale: edited content has another hash, a new model another version."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError
from tortoise.exceptions import IntegrityError

from domain.intelligence.analysis import Analysis, AnalyzerKind
from domain.intelligence.models import ContentAnalysis

HOT_PREFIX = "publishing:intel"
#: the in-process layer: entries, and how long one is trusted (a re-analysis in another
#: process replaces the stored score; this process sees it after at most this long)
MEMORY_ENTRIES = 10_000
MEMORY_TTL_SECONDS = 600.0
HOT_TTL_SECONDS = 7 * 86_400
#: a remote score beats a local one for the same content (it upgrades a fallback)
SOURCE_RANK = {AnalyzerKind.REMOTE.value: 0, AnalyzerKind.LOCAL.value: 1}


@dataclass(frozen=True, slots=True)
class StoredAnalysis:
    content_hash: str
    #: "remote" or "local": which analyzer produced the score
    source: str
    model_version: str
    analyzed_at: dt.datetime
    analysis: Analysis

    @property
    def quality(self) -> float:
        return self.analysis.quality

    @property
    def analyzer(self) -> str:
        return self.source

    def to_dict(self) -> dict[str, Any]:
        return {"content_hash": self.content_hash, "source": self.source,
                "model_version": self.model_version,
                "analyzed_at": self.analyzed_at.isoformat(), **self.analysis.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoredAnalysis:
        return cls(content_hash=data["content_hash"], source=data["source"],
                   model_version=data["model_version"],
                   analyzed_at=dt.datetime.fromisoformat(data["analyzed_at"]),
                   analysis=Analysis.from_dict(data))

    @classmethod
    def from_row(cls, row: ContentAnalysis) -> StoredAnalysis:
        return cls(content_hash=row.content_hash, source=row.analyzer,
                   model_version=row.model_version, analyzed_at=row.analyzed_at,
                   analysis=Analysis.from_dict({
                       "quality": row.quality, "sub_scores": row.sub_scores,
                       "relevance": row.relevance, "keywords": row.keywords,
                       "entities": row.entities}))


async def find(content_hash: str, analyzer: str, model_version: str) -> StoredAnalysis | None:
    row = await ContentAnalysis.get_or_none(content_hash=content_hash, analyzer=analyzer,
                                            model_version=model_version)
    return StoredAnalysis.from_row(row) if row else None


async def save(content_hash: str, analyzer: str, model_version: str, analysis: Analysis
               ) -> StoredAnalysis:
    """Insert, or replace what an earlier run stored for the same key (a re-analysis
    against newer topic profiles)."""
    values = {"quality": analysis.quality,
              "sub_scores": {name: sub.to_dict() for name, sub in analysis.sub_scores.items()},
              "relevance": [item.to_dict() for item in analysis.relevance],
              "keywords": list(analysis.keywords), "entities": list(analysis.entities),
              "analyzed_at": dt.datetime.now(dt.UTC)}
    key = {"content_hash": content_hash, "analyzer": analyzer, "model_version": model_version}
    try:
        row = await ContentAnalysis.create(**key, **values)
    except IntegrityError:
        await ContentAnalysis.filter(**key).update(**values)
        row = await ContentAnalysis.get(**key)
    return StoredAnalysis.from_row(row)


def best(rows: Sequence[StoredAnalysis]) -> StoredAnalysis | None:
    """Remote before local, then the newest."""
    return min(rows, key=lambda row: (SOURCE_RANK.get(row.source, 9),
                                      -row.analyzed_at.timestamp()), default=None)


async def best_for_hashes(content_hashes: Sequence[str]) -> dict[str, StoredAnalysis]:
    """The analysis to show for each content hash: one query for any number of them."""
    if not content_hashes:
        return {}
    grouped: dict[str, list[StoredAnalysis]] = {}
    for row in await ContentAnalysis.filter(content_hash__in=list(set(content_hashes))):
        grouped.setdefault(row.content_hash, []).append(StoredAnalysis.from_row(row))
    return {content_hash: chosen for content_hash, rows in grouped.items()
            if (chosen := best(rows)) is not None}


@functools.lru_cache(maxsize=64)
def _version_tag(model_version: str) -> str:
    return hashlib.sha256(model_version.encode()).hexdigest()[:16]


class HotCache:
    """A small in-process LRU, then Redis, in front of the table. A Redis outage only
    costs speed: every failure here is a miss."""

    def __init__(self, redis: Redis, ttl_seconds: int = HOT_TTL_SECONDS,
                 memory_entries: int = MEMORY_ENTRIES,
                 memory_ttl_seconds: float = MEMORY_TTL_SECONDS) -> None:
        self.redis = redis
        self.ttl_seconds = ttl_seconds
        self.memory_entries = memory_entries
        self.memory_ttl_seconds = memory_ttl_seconds
        self._memory: OrderedDict[str, tuple[float, StoredAnalysis]] = OrderedDict()

    def _remember(self, key: str, stored: StoredAnalysis) -> None:
        if not self.memory_entries:
            return
        self._memory[key] = (time.monotonic() + self.memory_ttl_seconds, stored)
        self._memory.move_to_end(key)
        while len(self._memory) > self.memory_entries:
            self._memory.popitem(last=False)

    def forget_local(self) -> None:
        """Drop the in-process layer (what a fresh process starts with)."""
        self._memory.clear()

    @staticmethod
    def key(content_hash: str, analyzer: str, model_version: str) -> str:
        return f"{HOT_PREFIX}:{content_hash}:{analyzer}:{_version_tag(model_version)}"

    async def get(self, content_hash: str, analyzer: str, model_version: str
                  ) -> StoredAnalysis | None:
        key = self.key(content_hash, analyzer, model_version)
        remembered = self._memory.get(key)
        if remembered is not None:
            if remembered[0] > time.monotonic():
                self._memory.move_to_end(key)
                return remembered[1]
            del self._memory[key]
        with contextlib.suppress(RedisError, OSError):
            raw = await self.redis.get(key)
            if raw is not None:
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    stored = StoredAnalysis.from_dict(json.loads(raw))
                    self._remember(key, stored)
                    return stored
        return None

    async def put(self, stored: StoredAnalysis) -> None:
        key = self.key(stored.content_hash, stored.source, stored.model_version)
        self._remember(key, stored)
        with contextlib.suppress(RedisError, OSError):
            await self.redis.set(key, json.dumps(stored.to_dict()), ex=self.ttl_seconds)
