"""Content intelligence: quality scores with reasons, relevance per topic and keywords."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from domain.intelligence.analysis import SUB_SCORES
from domain.intelligence.service import AnalysisOutcome
from domain.intelligence.store import StoredAnalysis
from resolvers import intelligence as resolvers
from schema.ids import decode_id
from schema.permissions import CanEditContent, CanRead

if TYPE_CHECKING:
    from schema.publications import Publication


@strawberry.enum(description="Which analyzer produced a score.")
class AnalysisSource(Enum):
    REMOTE = "remote"
    LOCAL = "local"


@strawberry.enum
class QualityAspect(Enum):
    READABILITY = "readability"
    STRUCTURE = "structure"
    LENGTH = "length"
    LINKS = "links"
    SPAM_LIKENESS = "spam_likeness"
    TONE = "tone"


@strawberry.type
class QualitySubScore:
    aspect: QualityAspect
    score: float = strawberry.field(description="0-1; higher is better, except for "
                                                "SPAM_LIKENESS where 1 means spam-like.")
    reason: str


@strawberry.type
class TopicRelevance:
    topic_id: relay.GlobalID
    topic_name: str
    score: float = strawberry.field(description="0-1.")


@strawberry.type(description="An analysis of a publication's content (title, summary and "
                             "body). Requires any role.")
class ContentAnalysis:
    quality: float = strawberry.field(description="Overall quality, 0-1, higher is better.")
    sub_scores: list[QualitySubScore]
    relevance: list[TopicRelevance] = strawberry.field(
        description="Every topic, most relevant first (against the topics as they were "
                    "when the content was analyzed).")
    keywords: list[str]
    entities: list[str]
    source: AnalysisSource
    model: str = strawberry.field(description="The model (remote: chat+embedding model; "
                                              "local: analyzer version).")
    analyzed_at: dt.datetime
    content_hash: str = strawberry.field(description="sha256 of the normalized content.")

    @classmethod
    def from_stored(cls, stored: StoredAnalysis) -> ContentAnalysis:
        analysis = stored.analysis
        return cls(
            quality=analysis.quality,
            sub_scores=[QualitySubScore(aspect=QualityAspect(name),
                                        score=analysis.sub_scores[name].score,
                                        reason=analysis.sub_scores[name].reason)
                        for name in SUB_SCORES],
            relevance=[TopicRelevance(topic_id=relay.GlobalID("Topic", str(item.topic_id)),
                                      topic_name=item.name, score=item.score)
                       for item in analysis.relevance],
            keywords=list(analysis.keywords), entities=list(analysis.entities),
            source=AnalysisSource(stored.source), model=stored.model_version,
            analyzed_at=stored.analyzed_at, content_hash=stored.content_hash)


@strawberry.type
class AnalyzeContentResult:
    analysis: ContentAnalysis
    cached: bool = strawberry.field(description="Served from the cache: this exact "
                                                "content was analyzed before.")
    fallback: bool = strawberry.field(description="The local analyzer answered because "
                                                  "the AI service could not in time.")

    @classmethod
    def from_outcome(cls, outcome: AnalysisOutcome) -> AnalyzeContentResult:
        return cls(analysis=ContentAnalysis.from_stored(outcome.stored),
                   cached=outcome.cached, fallback=outcome.fallback)


@strawberry.type
class PublicationAnalysis:
    publication_id: relay.GlobalID
    analysis: ContentAnalysis | None


@strawberry.input
class AnalyzeContentInput:
    title: str = ""
    summary: str = ""
    body: str = ""


@strawberry.type
class IntelligenceMutations:
    @strawberry.mutation(description="Analyze content not saved yet (an editor's draft): "
                                     "stored by content, so saving it unchanged costs no "
                                     "second analysis. Requires editor or admin.",
                         permission_classes=[CanEditContent])
    async def analyze_content(self, info: Info, input: AnalyzeContentInput
                              ) -> AnalyzeContentResult:
        return AnalyzeContentResult.from_outcome(await resolvers.analyze_content(
            info.context, title=input.title, summary=input.summary, body=input.body))

    @strawberry.mutation(description="Analyze a publication again from scratch, in a worker "
                                     "job (see publicationAnalyzed). Requires editor or "
                                     "admin.", permission_classes=[CanEditContent])
    async def reanalyze_publication(
            self, info: Info, id: relay.GlobalID
    ) -> Annotated[Publication, strawberry.lazy("schema.publications")]:
        from schema.publications import Publication

        return Publication.from_model(await resolvers.reanalyze_publication(
            info.context, decode_id(id, "Publication")))


@strawberry.type
class IntelligenceSubscriptions:
    @strawberry.subscription(description="A publication's current analysis (null while "
                                         "there is none), then every new one. Requires any "
                                         "role.", permission_classes=[CanRead])
    async def publication_analyzed(self, info: Info, id: relay.GlobalID
                                   ) -> AsyncGenerator[PublicationAnalysis, None]:
        publication_id = decode_id(id, "Publication")
        async for stored in resolvers.publication_analyzed(info.context, publication_id):
            yield PublicationAnalysis(
                publication_id=relay.GlobalID("Publication", str(publication_id)),
                analysis=ContentAnalysis.from_stored(stored) if stored else None)
