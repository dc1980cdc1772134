"""The remote analyzer against a loopback OpenAI-compatible stand-in, behind the breaker,
the time budget and the cache: scores come from the remote when it works, the local
analyzer answers when it does not, and identical content is never scored twice."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from domain.audience.models import Topic
from domain.intelligence import store
from domain.intelligence.analysis import AnalyzableContent
from domain.intelligence.models import ContentAnalysis
from domain.intelligence.remote import RemoteAnalyzer, RemoteConfig
from domain.intelligence.service import (
    BREAKER_ID,
    IntelligencePolicy,
    IntelligenceService,
    current_analysis,
)
from domain.publications.models import Publication
from domain.throttling.breaker import BreakerState
from tests.ai_server import HANG, HUGE, MALFORMED, MISSING_FIELD, OUT_OF_RANGE, AIStandIn

CONTENT = AnalyzableContent(
    title="Central bank raises interest rates",
    summary="Markets react to the decision.",
    body="The central bank raised interest rates on Tuesday. Stocks fell as investors "
         "weighed inflation and bond yields.\n\nAnalysts expect another increase.")


@pytest.fixture
async def stand_in() -> AsyncIterator[AIStandIn]:
    server = await AIStandIn().start()
    yield server
    await server.stop()


@pytest.fixture
async def ai_http() -> AsyncIterator[httpx.AsyncClient]:
    client = httpx.AsyncClient()
    yield client
    await client.aclose()


def make_service(redis_client, stand_in: AIStandIn, http: httpx.AsyncClient, *,
                 budget: float = 5.0, threshold: int = 5, cooldown: float = 30.0,
                 attempts: int = 3) -> IntelligenceService:
    config = RemoteConfig(base_url=stand_in.base_url, api_key="sk-test", model="stand-model",
                          embedding_model="stand-embed", request_timeout_seconds=10.0,
                          max_attempts=attempts, backoff_base_seconds=0.01)
    return IntelligenceService(
        redis_client, remote=RemoteAnalyzer(http, config),
        policy=IntelligencePolicy(time_budget_seconds=budget, job_time_budget_seconds=budget,
                                  breaker_failure_threshold=threshold,
                                  breaker_cooldown_seconds=cooldown))


@pytest.fixture
async def topics(db) -> list[Topic]:
    return [await Topic.create(slug="finance", name="Finance",
                               description="banks interest rates stocks markets inflation"),
            await Topic.create(slug="sports", name="Sports",
                               description="football matches league goals players")]


async def test_scores_come_from_the_remote_when_it_works(redis_client, stand_in, ai_http,
                                                         topics) -> None:
    service = make_service(redis_client, stand_in, ai_http)
    outcome = await service.analyze(CONTENT)

    assert not outcome.cached and not outcome.fallback
    stored = outcome.stored
    assert stored.source == "remote" and stored.model_version == "stand-model+stand-embed"
    assert stored.quality == pytest.approx(0.82)
    assert stored.analysis.sub_scores["tone"].reason == "stand-in view of tone"
    assert stored.analysis.entities == ("Stand In",)
    # embeddings: the finance topic shares words with the content, sports does not
    assert [item.name for item in stored.analysis.relevance] == ["Finance", "Sports"]
    assert stored.analysis.relevance[0].score > stored.analysis.relevance[1].score
    assert stand_in.count("/chat/completions") == 1 and stand_in.count("/embeddings") == 1
    chat = next(r for r in stand_in.requests if r.path.endswith("/chat/completions"))
    assert chat.headers["authorization"] == "Bearer sk-test"
    assert chat.body["response_format"]["type"] == "json_schema"
    assert await ContentAnalysis.filter(analyzer="remote").count() == 1


async def test_identical_content_is_never_rescored_and_an_edit_is(redis_client, stand_in,
                                                                 ai_http, topics) -> None:
    service = make_service(redis_client, stand_in, ai_http)
    await service.analyze(CONTENT)
    calls = len(stand_in.requests)

    again = await service.analyze(CONTENT)
    # invisible differences (spaces, CRLF) are the same content
    spaced = AnalyzableContent(CONTENT.title + "  ", CONTENT.summary,
                               CONTENT.body.replace("\n", "\r\n"))
    same = await service.analyze(spaced)
    assert again.cached and same.cached
    assert len(stand_in.requests) == calls

    # the hot caches gone (Redis flushed, a fresh process): the table still answers
    # without a remote call
    await redis_client.delete(*[key async for key in redis_client.scan_iter("publishing:intel*")])
    service.hot.forget_local()
    from_table = await service.analyze(CONTENT)
    assert from_table.cached and len(stand_in.requests) == calls

    edited = AnalyzableContent(CONTENT.title, CONTENT.summary, CONTENT.body + " Bonds rallied.")
    fresh = await service.analyze(edited)
    assert not fresh.cached and fresh.stored.source == "remote"
    assert len(stand_in.requests) == calls + 2
    snapshot = await service.stats.snapshot()
    assert snapshot.cache_hits == 3 and snapshot.cache_misses == 2
    assert snapshot.scored["remote"] == 2


async def test_429_is_retried_after_retry_after(redis_client, stand_in, ai_http,
                                                topics) -> None:
    service = make_service(redis_client, stand_in, ai_http)
    stand_in.script.extend([(429, "0.3")])  # the first request (chat or embeddings)
    outcome = await service.analyze(CONTENT)

    assert outcome.stored.source == "remote"
    first, *rest = sorted(stand_in.requests, key=lambda request: request.at)
    retried = [r for r in rest if r.path == first.path]
    assert len(retried) == 1
    assert retried[0].at - first.at >= 0.28  # Retry-After was honoured, not backoff


async def test_a_retry_after_beyond_the_budget_falls_back_at_once(redis_client, stand_in,
                                                                  ai_http, topics) -> None:
    service = make_service(redis_client, stand_in, ai_http, budget=1.0)
    stand_in.behaviour = 429
    stand_in.script.extend([(429, "120"), (429, "120")])
    started = time.monotonic()
    outcome = await service.analyze(CONTENT)
    assert outcome.fallback and outcome.remote_error == "http_429"
    assert outcome.stored.source == "local"
    assert time.monotonic() - started < 30  # nobody waited two minutes


@pytest.mark.parametrize(("behaviour", "kind"), [
    (500, "http_5xx"), (MALFORMED, "malformed"), (OUT_OF_RANGE, "out_of_range"),
    (MISSING_FIELD, "malformed"), (HUGE, "too_large"), (400, "http_4xx"),
])
async def test_a_failing_remote_gives_a_local_score_never_a_bad_one(
        redis_client, stand_in, ai_http, topics, behaviour, kind) -> None:
    service = make_service(redis_client, stand_in, ai_http)
    stand_in.behaviour = behaviour
    outcome = await service.analyze(CONTENT)

    assert outcome.fallback and outcome.remote_error == kind
    assert outcome.stored.source == "local"
    assert 0 <= outcome.stored.quality <= 1
    assert await ContentAnalysis.filter(analyzer="remote").count() == 0
    snapshot = await service.stats.snapshot()
    assert snapshot.remote_errors == {kind: 1} and snapshot.scored["fallback"] == 1
    # 5xx is retried (3 attempts; the first call to give up cancels the other); a bad
    # answer or a 4xx is not retried
    most = max(stand_in.count("/chat/completions"), stand_in.count("/embeddings"))
    assert most == (3 if behaviour == 500 else 1)


async def test_a_hanging_remote_is_cut_at_the_time_budget(redis_client, stand_in, ai_http,
                                                          topics) -> None:
    service = make_service(redis_client, stand_in, ai_http, budget=0.5)
    stand_in.behaviour = HANG
    started = time.monotonic()
    outcome = await service.analyze(CONTENT)
    elapsed = time.monotonic() - started

    assert outcome.fallback and outcome.remote_error == "timeout"
    assert outcome.stored.source == "local"
    # the request timeout is 10 s and the stand-in hangs for an hour: only the budget
    # (0.5 s) can have ended the wait (generous bound for a loaded machine)
    assert elapsed < 5.0


async def test_breaker_opens_skips_the_remote_and_recovers(redis_client, stand_in, ai_http,
                                                           topics) -> None:
    service = make_service(redis_client, stand_in, ai_http, threshold=2, cooldown=1.0,
                           attempts=1)
    stand_in.behaviour = 500
    for index in range(2):
        outcome = await service.analyze(AnalyzableContent(f"Failing {index}", "", "text"))
        assert outcome.remote_error == "http_5xx"
    assert await service.breaker.state(BREAKER_ID) is BreakerState.OPEN

    seen = len(stand_in.requests)
    skipped = await service.analyze(AnalyzableContent("While open", "", "text"))
    assert skipped.remote_error == "breaker_open" and skipped.stored.source == "local"
    assert len(stand_in.requests) == seen  # the open breaker never called the service

    stand_in.behaviour = "good"
    deadline = time.monotonic() + 30
    attempt = 0
    while True:
        attempt += 1
        outcome = await service.analyze(AnalyzableContent(f"Recovering {attempt}", "", "text"))
        if outcome.stored.source == "remote":
            break
        assert time.monotonic() < deadline, "the breaker never let a probe through"
        await asyncio.sleep(0.2)
    assert await service.breaker.state(BREAKER_ID) is BreakerState.CLOSED


async def test_a_later_remote_success_upgrades_a_fallback_score(redis_client, stand_in,
                                                                ai_http, topics) -> None:
    service = make_service(redis_client, stand_in, ai_http)
    publication = await Publication.create(title=CONTENT.title, summary=CONTENT.summary,
                                           body=CONTENT.body)
    stand_in.behaviour = 503
    fallback = await service.analyze(CONTENT)
    assert fallback.stored.source == "local"
    assert (await current_analysis(publication.id)).source == "local"

    # still failing: the stored local score answers, nothing is analyzed twice locally
    again = await service.analyze(CONTENT)
    assert again.fallback and again.cached and again.stored.source == "local"

    stand_in.behaviour = "good"
    upgraded = await service.analyze(CONTENT)
    assert upgraded.stored.source == "remote" and not upgraded.fallback
    current = await current_analysis(publication.id)
    assert current is not None and current.source == "remote"
    assert current.quality == pytest.approx(0.82)
    assert current.analyzer == "remote" and current.model_version == "stand-model+stand-embed"
    assert current.analyzed_at is not None
    # both records are kept; the remote one wins
    rows = await store.best_for_hashes([CONTENT.content_hash])
    assert rows[CONTENT.content_hash].source == "remote"
    assert await ContentAnalysis.filter(content_hash=CONTENT.content_hash).count() == 2


async def test_current_analysis_is_none_until_analyzed_and_follows_edits(
        redis_client, stand_in, ai_http, topics) -> None:
    service = make_service(redis_client, stand_in, ai_http)
    publication = await Publication.create(title="Draft", body="Some words here.")
    assert await current_analysis(publication.id) is None
    await service.analyze(AnalyzableContent("Draft", "", "Some words here."))
    assert (await current_analysis(publication.id)) is not None
    await Publication.filter(id=publication.id).update(body="Other words now.")
    assert await current_analysis(publication.id) is None  # new content, not analyzed yet


async def test_counts_reach_metrics(redis_client, stand_in, ai_http, topics) -> None:
    import httpx as client_lib
    from starlette.applications import Starlette
    from starlette.routing import Route

    from app.metrics import metrics
    from app.settings import Settings

    service = make_service(redis_client, stand_in, ai_http)
    await service.analyze(CONTENT)
    await service.analyze(CONTENT)
    stand_in.behaviour = MALFORMED
    await service.analyze(AnalyzableContent("Another", "", "text"))
    await service.stats.flush()  # the job and analyzeContent do this when they end

    app = Starlette(routes=[Route("/metrics", metrics)])
    app.state.redis = redis_client
    app.state.settings = Settings(metrics_token="scrape-token-0123456789")
    async with client_lib.AsyncClient(transport=client_lib.ASGITransport(app=app),
                                      base_url="http://test") as client:
        response = await client.get(
            "/metrics", headers={"authorization": "Bearer scrape-token-0123456789"})
    text = response.text
    assert 'publishing_analysis_cache_total{result="hit"} 1.0' in text
    assert 'publishing_analysis_cache_total{result="miss"} 2.0' in text
    assert 'publishing_analysis_scored_total{source="remote"} 1.0' in text
    assert 'publishing_analysis_scored_total{source="fallback"} 1.0' in text
    assert 'publishing_analysis_remote_errors_total{kind="malformed"} 1.0' in text


async def test_the_job_schedules_an_upgrade_of_a_fallback_score(redis_client, redis_url,
                                                                stand_in, ai_http,
                                                                topics) -> None:
    import uuid

    from arq import create_pool
    from arq.connections import RedisSettings

    from domain.intelligence.publications import UPGRADE_DELAYS, analyze_publication
    from workers.names import DEFAULT_QUEUE
    from workers.queue import ArqDeliveryQueue

    service = make_service(redis_client, stand_in, ai_http)
    publication = await Publication.create(title=CONTENT.title, summary=CONTENT.summary,
                                           body=CONTENT.body)
    name = f"{DEFAULT_QUEUE}:upgrade-{uuid.uuid4().hex[:8]}"
    pool = await create_pool(RedisSettings.from_dsn(redis_url), default_queue_name=name)
    queue = ArqDeliveryQueue(pool, queue_name=name)
    try:
        stand_in.behaviour = 502
        outcome = await analyze_publication(service, publication.id, queue=queue)
        assert outcome is not None and outcome.fallback
        job_id = f"analyze:{publication.id}:{CONTENT.content_hash[:32]}:1"
        due_ms = await pool.zscore(name, job_id)
        assert due_ms is not None  # the retry is queued, deferred by the first delay
        assert due_ms >= (time.time() + UPGRADE_DELAYS[0] - 5) * 1000

        stand_in.behaviour = "good"  # what that job finds when it runs
        upgraded = await analyze_publication(service, publication.id, attempt=1, queue=queue)
        assert upgraded is not None and upgraded.stored.source == "remote"
        assert await pool.zscore(name, f"analyze:{publication.id}:"
                                       f"{CONTENT.content_hash[:32]}:2") is None
        assert (await current_analysis(publication.id)).source == "remote"
    finally:
        await pool.aclose()


async def test_the_ai_scoring_flag_turns_the_remote_off_without_a_deploy(
        redis_client, stand_in, ai_http, topics) -> None:
    from domain.flags import service as flags
    from domain.flags.book import FLAGS
    from domain.principals.actor import SYSTEM

    service = make_service(redis_client, stand_in, ai_http)
    await flags.set_flag(SYSTEM, "ai_scoring", enabled=False)
    try:
        outcome = await service.analyze(CONTENT)
        assert outcome.stored.source == "local" and not outcome.fallback
        assert stand_in.count() == 0  # the AI service was never asked
        await flags.set_flag(SYSTEM, "ai_scoring", enabled=True)
        upgraded = await service.analyze(CONTENT)
        assert upgraded.stored.source == "remote" and stand_in.count() > 0
    finally:
        FLAGS.invalidate()
