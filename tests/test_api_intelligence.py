"""Content intelligence over the API: analyzeContent for drafts, Publication.analysis, the
analysis job enqueued by create/update/submit and run by a real arq worker,
reanalyzePublication, the publicationAnalyzed stream, and every bad input."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from redis.asyncio import Redis
from strawberry import relay

from domain.audience.models import Topic
from domain.channels.models import Channel, ChannelType
from domain.intelligence.analysis import AnalyzableContent
from domain.intelligence.models import ContentAnalysis
from domain.intelligence.service import IntelligenceService
from domain.principals.actor import Actor
from domain.principals.models import Role
from domain.publications.models import Publication
from domain.realtime.hub import EventHub
from resolvers import intelligence as resolvers
from resolvers.context import RequestContext
from workers.queue import ArqDeliveryQueue
from workers.settings import build_worker

ANALYZE = """
mutation($input: AnalyzeContentInput!) {
  analyzeContent(input: $input) {
    cached fallback
    analysis { quality source model analyzedAt contentHash keywords entities
               subScores { aspect score reason }
               relevance { topicId topicName score } }
  }
}"""
PUBLICATION = """
query($id: ID!) { publication(id: $id) { id title
  analysis { quality source model subScores { aspect score reason } relevance { topicName score } }
} }"""
CREATE = """
mutation($input: CreatePublicationInput!) { createPublication(input: $input) { id } }"""
UPDATE = """
mutation($input: UpdatePublicationInput!) { updatePublication(input: $input) { id } }"""
SUBMIT = """mutation($id: ID!) { submitPublication(id: $id) { id status } }"""
REANALYZE = """mutation($id: ID!) { reanalyzePublication(id: $id) { id title } }"""

FINANCE_TEXT = {"title": "Rates rise again",
                "body": "The central bank raised interest rates as inflation stayed high. "
                        "Banks passed the increase on to mortgage holders."}


def gid(type_name: str, pk: int) -> str:
    return str(relay.GlobalID(type_name, str(pk)))


@pytest.fixture
async def intelligence(gql, redis_client) -> IntelligenceService:
    """The local analyzer only: what runs when AI_BASE_URL is not set."""
    service = IntelligenceService(redis_client)
    gql.graphql.intelligence = service
    return service


async def run_jobs(queue: ArqDeliveryQueue, redis_url: str, service: IntelligenceService,
                   events_prefix: str) -> None:
    async def startup(ctx: dict[str, Any]) -> None:
        ctx["intelligence"] = service
        ctx["events_prefix"] = events_prefix
        ctx["queue_name"] = queue.queue_name

    worker = build_worker(redis_url=redis_url, burst=True, with_cron=False,
                          queue_name=queue.queue_name, on_startup=startup)
    await worker.async_run()
    await worker.close()


async def test_analyze_content_for_an_unsaved_draft(gql, intelligence) -> None:
    await Topic.create(slug="finance", name="Finance", description="banks rates inflation")
    await Topic.create(slug="sports", name="Sports", description="football goals league")
    result = (await gql.data(ANALYZE, {"input": FINANCE_TEXT}, role="editor"))["analyzeContent"]

    analysis = result["analysis"]
    assert result["cached"] is False and result["fallback"] is False
    assert analysis["source"] == "LOCAL" and analysis["model"].startswith("local-1")
    assert 0 <= analysis["quality"] <= 1
    assert [sub["aspect"] for sub in analysis["subScores"]] == [
        "READABILITY", "STRUCTURE", "LENGTH", "LINKS", "SPAM_LIKENESS", "TONE"]
    assert all(sub["reason"] for sub in analysis["subScores"])
    assert [item["topicName"] for item in analysis["relevance"]] == ["Finance", "Sports"]
    assert analysis["contentHash"] == AnalyzableContent(**FINANCE_TEXT).content_hash

    again = (await gql.data(ANALYZE, {"input": FINANCE_TEXT}, role="admin"))["analyzeContent"]
    assert again["cached"] is True and again["analysis"] == analysis
    assert await ContentAnalysis.all().count() == 1


@pytest.mark.parametrize(("content", "field"), [
    ({}, "body"),
    ({"title": "   ", "summary": "\n", "body": " \t "}, "body"),
    ({"title": "t" * 301}, "title"),
    ({"title": "ok", "summary": "s" * 2001}, "summary"),
    ({"title": "ok", "body": "b" * 200_001}, "body"),
])
async def test_bad_content_is_refused_and_nothing_stored(gql, intelligence, content,
                                                         field) -> None:
    error = await gql.error(ANALYZE, {"input": content}, role="editor")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == field
    assert await ContentAnalysis.all().count() == 0


async def test_only_editors_and_admins_analyze_or_reanalyze(gql, intelligence) -> None:
    publication = await Publication.create(title="Mine")
    for role in ("viewer", "reviewer"):
        error = await gql.error(ANALYZE, {"input": FINANCE_TEXT}, role=role)
        assert error["extensions"]["code"] == "FORBIDDEN"
        error = await gql.error(REANALYZE, {"id": gid("Publication", publication.id)},
                                role=role)
        assert error["extensions"]["code"] == "FORBIDDEN"
    assert await ContentAnalysis.all().count() == 0


async def test_analysis_needs_the_service_wired(gql) -> None:
    error = await gql.error(ANALYZE, {"input": FINANCE_TEXT}, role="editor")
    assert error["extensions"]["code"] == "UNAVAILABLE"


async def test_publication_analysis_is_null_until_analyzed(gql, intelligence) -> None:
    publication = await Publication.create(**FINANCE_TEXT)
    data = await gql.data(PUBLICATION, {"id": gid("Publication", publication.id)},
                          role="viewer")
    assert data["publication"]["analysis"] is None
    # the editor analyzed exactly this text as a draft before saving: no second analysis
    await gql.data(ANALYZE, {"input": FINANCE_TEXT}, role="editor")
    data = await gql.data(PUBLICATION, {"id": gid("Publication", publication.id)},
                          role="viewer")
    assert data["publication"]["analysis"]["source"] == "LOCAL"


async def test_create_update_and_submit_enqueue_analysis_run_by_a_worker(
        gql, intelligence, queue, redis_url, events_prefix) -> None:
    channel = await Channel.create(name="hook", type=ChannelType.WEBHOOK,
                                   config={"url": "https://example.com/hook"})
    created = (await gql.data(CREATE, {"input": {
        **FINANCE_TEXT, "channelIds": [gid("Channel", channel.id)]}}, role="editor"))
    publication_id = gid("Publication", int(relay.GlobalID.from_id(
        created["createPublication"]["id"]).node_id))
    await run_jobs(queue, redis_url, intelligence, events_prefix)
    first = (await gql.data(PUBLICATION, {"id": publication_id}))["publication"]["analysis"]
    assert first is not None

    await gql.data(UPDATE, {"input": {"id": publication_id, "body": "Entirely new words."}},
                   role="editor")
    stale = (await gql.data(PUBLICATION, {"id": publication_id}))["publication"]["analysis"]
    assert stale is None  # the edit is new content: not analyzed yet
    await run_jobs(queue, redis_url, intelligence, events_prefix)
    second = (await gql.data(PUBLICATION, {"id": publication_id}))["publication"]["analysis"]
    assert second is not None and second != first

    await gql.data(SUBMIT, {"id": publication_id}, role="editor")
    await run_jobs(queue, redis_url, intelligence, events_prefix)
    snapshot = await intelligence.stats.snapshot()
    # create and update were analyzed; the submit found the update's analysis
    assert snapshot.scored["local"] == 2 and snapshot.cache_hits >= 1
    assert await ContentAnalysis.all().count() == 2


async def test_reanalyze_enqueues_a_fresh_analysis(gql, intelligence, queue, redis_url,
                                                   events_prefix) -> None:
    publication = await Publication.create(**FINANCE_TEXT)
    await intelligence.analyze(AnalyzableContent(**FINANCE_TEXT))
    before = await ContentAnalysis.get()
    data = await gql.data(REANALYZE, {"id": gid("Publication", publication.id)},
                          role="editor")
    assert data["reanalyzePublication"]["title"] == FINANCE_TEXT["title"]
    await run_jobs(queue, redis_url, intelligence, events_prefix)
    after = await ContentAnalysis.get()
    assert after.id == before.id and after.analyzed_at > before.analyzed_at


async def test_reanalyze_bad_inputs(gql, intelligence, queue) -> None:
    error = await gql.error(REANALYZE, {"id": gid("Publication", 999)}, role="editor")
    assert error["extensions"]["code"] == "NOT_FOUND"
    error = await gql.error(REANALYZE, {"id": gid("Topic", 1)}, role="editor")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    gql.graphql.delivery_queue = None
    publication = await Publication.create(title="No queue here")
    error = await gql.error(REANALYZE, {"id": gid("Publication", publication.id)},
                            role="editor")
    assert error["extensions"]["code"] == "UNAVAILABLE"


async def test_publication_analyzed_streams_the_job_result(intelligence, queue, redis_url,
                                                           events_prefix) -> None:
    hub = EventHub(Redis.from_url(redis_url), prefix=events_prefix)
    hub.start()
    try:
        await asyncio.wait_for(hub.connected.wait(), 10)
        publication = await Publication.create(**FINANCE_TEXT)
        context = RequestContext(secret_key="x", actor=Actor(name="dash", role=Role.VIEWER),
                                 events=hub, events_prefix=events_prefix)
        stream = resolvers.publication_analyzed(context, publication.id)
        assert await asyncio.wait_for(anext(stream), 10) is None  # not analyzed yet
        await queue.analyze_publication(publication.id,
                                        AnalyzableContent(**FINANCE_TEXT).content_hash)
        await run_jobs(queue, redis_url, intelligence, events_prefix)
        announced = await asyncio.wait_for(anext(stream), 10)
        assert announced is not None and announced.source == "local"
        assert announced.content_hash == AnalyzableContent(**FINANCE_TEXT).content_hash
        await stream.aclose()
    finally:
        await hub.stop()
        await hub.redis.aclose()


async def test_publication_analyzed_unknown_publication(intelligence) -> None:
    context = RequestContext(secret_key="x", actor=Actor(name="dash", role=Role.VIEWER))
    with pytest.raises(Exception) as raised:
        await anext(resolvers.publication_analyzed(context, 12345))
    assert type(raised.value).__name__ == "NotFound"
