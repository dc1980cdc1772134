"""Analyzing content with caching and fallback.

Order of a call: the hot cache (Redis), then the table, for the preferred analyzer (the
remote one when configured, else the local one); on a miss the remote analyzer runs
behind the circuit breaker and inside the time budget; when it is open, slow or failing
the local analyzer answers at once (its own cached score first). Every stored score says
which analyzer and model version produced it; a later remote success for the same
content is stored beside the fallback and wins from then on (store.best)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

from domain.errors import InvalidInput, NotFound
from domain.flags.book import FLAGS
from domain.intelligence import store
from domain.intelligence.analysis import (
    Analysis,
    AnalysisError,
    AnalyzableContent,
    AnalyzerKind,
    TopicProfile,
)
from domain.intelligence.local import LocalAnalyzer
from domain.intelligence.profiles import ProfileCache
from domain.intelligence.remote import RemoteAnalyzer
from domain.intelligence.stats import ERROR_PREFIX, IntelligenceStats
from domain.intelligence.store import HotCache, StoredAnalysis
from domain.publications.models import Publication
from domain.throttling.breaker import CircuitBreaker

logger = logging.getLogger(__name__)

#: the remote AI service is one destination: one breaker, under its own prefix
BREAKER_PREFIX = "publishing:cb:ai"
BREAKER_ID = 0
#: the limits publications have (domain/publications/service.py), for unsaved drafts too
MAX_TITLE = 300
MAX_SUMMARY = 2_000
MAX_BODY = 200_000


@dataclass(frozen=True, slots=True)
class IntelligencePolicy:
    #: the longest an interactive analysis (analyzeContent) waits for the remote service
    time_budget_seconds: float = 3.0
    #: the same for the background job, where a slower model is fine
    job_time_budget_seconds: float = 30.0
    breaker_failure_threshold: int = 5
    breaker_cooldown_seconds: float = 30.0


@dataclass(frozen=True, slots=True)
class AnalysisOutcome:
    stored: StoredAnalysis
    #: served from the hot cache or the table, nothing analyzed
    cached: bool
    #: the local analyzer answered because the remote one could not
    fallback: bool
    #: why the remote analyzer did not answer (an AnalysisError kind), if it did not
    remote_error: str | None = None


def content_of(publication: Publication) -> AnalyzableContent:
    return AnalyzableContent(title=publication.title, summary=publication.summary,
                             body=publication.body)


def checked_content(title: str, summary: str, body: str) -> AnalyzableContent:
    """Unsaved drafts get the same limits as publications, and must say something."""
    for name, value, limit in (("title", title, MAX_TITLE), ("summary", summary, MAX_SUMMARY),
                               ("body", body, MAX_BODY)):
        if len(value) > limit:
            raise InvalidInput(f"{name} must be at most {limit} characters", field=name)
    content = AnalyzableContent(title=title, summary=summary, body=body)
    if content.is_empty:
        raise InvalidInput("nothing to analyze: title, summary and body are all empty",
                           field="body")
    return content


#: off: every analysis is local, whatever AI_BASE_URL says
AI_SCORING_FLAG = "ai_scoring"


class IntelligenceService:
    def __init__(self, redis: Redis, *, local: LocalAnalyzer | None = None,
                 remote: RemoteAnalyzer | None = None,
                 policy: IntelligencePolicy | None = None,
                 profiles: ProfileCache | None = None) -> None:
        self.redis = redis
        self.local = local or LocalAnalyzer()
        self.remote = remote
        self.policy = policy or IntelligencePolicy()
        self.profiles = profiles or ProfileCache()
        self.hot = HotCache(redis)
        self.stats = IntelligenceStats(redis)
        self.breaker = CircuitBreaker(redis, self.policy.breaker_failure_threshold,
                                      self.policy.breaker_cooldown_seconds,
                                      probe_timeout_seconds=max(
                                          self.policy.job_time_budget_seconds, 5.0),
                                      prefix=BREAKER_PREFIX)

    @property
    def preferred(self) -> tuple[str, str]:
        analyzer = self.remote or self.local
        return analyzer.kind.value, analyzer.model_version

    async def cached(self, content_hash: str, analyzer: str, model_version: str
                     ) -> StoredAnalysis | None:
        hit = await self.hot.get(content_hash, analyzer, model_version)
        if hit is None:
            hit = await store.find(content_hash, analyzer, model_version)
            if hit is not None:
                await self.hot.put(hit)
        return hit

    async def analyze(self, content: AnalyzableContent, *, budget_seconds: float | None = None,
                      force: bool = False) -> AnalysisOutcome:
        """`force` analyzes again even when a score is stored (newer topic profiles)."""
        content_hash = content.content_hash
        # the `ai_scoring` flag turns the remote service off without a deploy
        remote = self.remote if self.remote is not None and await FLAGS.is_on(
            AI_SCORING_FLAG) else None
        preferred = ((remote or self.local).kind.value, (remote or self.local).model_version)
        if not force:
            hit = await self.cached(content_hash, *preferred)
            if hit is not None:
                await self.stats.add("cache_hit")
                return AnalysisOutcome(hit, cached=True, fallback=False)
            await self.stats.add("cache_miss")
        topics = await self.profiles.profiles()
        remote_error: str | None = None
        if remote is not None:
            budget = self.policy.time_budget_seconds if budget_seconds is None \
                else budget_seconds
            try:
                analysis = await self._remote(content, topics, budget)
            except AnalysisError as error:
                remote_error = error.kind
                await self.stats.add("fallback", ERROR_PREFIX + error.kind)
                if error.kind != "breaker_open":
                    logger.warning("AI service failed (%s: %s); the local analyzer answers",
                                   error.kind, error)
            else:
                saved = await store.save(content_hash, AnalyzerKind.REMOTE.value,
                                         self.remote.model_version, analysis)
                await self.hot.put(saved)
                await self.stats.add("remote")
                return AnalysisOutcome(saved, cached=False, fallback=False)
            if not force:
                hit = await self.cached(content_hash, AnalyzerKind.LOCAL.value,
                                        self.local.model_version)
                if hit is not None:
                    return AnalysisOutcome(hit, cached=True, fallback=True,
                                           remote_error=remote_error)
        else:
            await self.stats.add("local")
        analysis = self.local.analyze_now(content, topics)
        saved = await store.save(content_hash, AnalyzerKind.LOCAL.value,
                                 self.local.model_version, analysis)
        await self.hot.put(saved)
        return AnalysisOutcome(saved, cached=False, fallback=remote is not None,
                               remote_error=remote_error)

    async def _remote(self, content: AnalyzableContent, topics: Sequence[TopicProfile],
                      budget: float) -> Analysis:
        assert self.remote is not None
        try:
            admission = await self.breaker.admit(BREAKER_ID)
        except (RedisError, OSError):
            admission = None  # no shared state: try the service, it may well answer
        if admission is not None and not admission.allowed:
            raise AnalysisError("breaker_open", "the AI service's circuit breaker is open")
        probe = admission.probe if admission is not None else False
        deadline = time.monotonic() + budget
        try:
            async with asyncio.timeout(budget):
                analysis = await self.remote.analyze(content, topics, deadline=deadline)
        except TimeoutError:
            await self._record(False, probe)
            raise AnalysisError("timeout", f"no answer within the {budget:.2f} s "
                                           "budget") from None
        except AnalysisError:
            await self._record(False, probe)
            raise
        await self._record(True, probe)
        return analysis

    async def _record(self, success: bool, probe: bool) -> None:
        try:
            state = await self.breaker.record(BREAKER_ID, success, probe)
        except (RedisError, OSError):
            return
        if not success and state.value == "open":
            logger.warning("AI service circuit breaker is open: the local analyzer answers "
                           "for the next %.0f s", self.policy.breaker_cooldown_seconds)


async def analyze_draft(service: IntelligenceService, title: str, summary: str, body: str
                        ) -> AnalysisOutcome:
    """analyzeContent: checked like a publication, analyzed within the interactive budget,
    counted in /metrics at once."""
    outcome = await service.analyze(checked_content(title, summary, body))
    await service.stats.flush()
    return outcome


async def current_analysis(publication_id: int) -> StoredAnalysis | None:
    """The stored analysis of the publication's current content (remote preferred over
    local, then the newest), or None while it has not been analyzed.
    NOT_FOUND for an unknown publication."""
    publication = await Publication.get_or_none(id=publication_id)
    if publication is None:
        raise NotFound("publication not found", field="id")
    content_hash = content_of(publication).content_hash
    return (await store.best_for_hashes([content_hash])).get(content_hash)
