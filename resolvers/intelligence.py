"""Content intelligence: analyze an unsaved draft, re-analyze a publication, follow a
publication's analyses live."""

from __future__ import annotations

from collections.abc import AsyncIterator

from domain.errors import Unavailable
from domain.intelligence.service import (
    AnalysisOutcome,
    IntelligenceService,
    analyze_draft,
    current_analysis,
)
from domain.intelligence.store import StoredAnalysis
from domain.publications import flows
from domain.publications.models import Publication
from domain.realtime.events import analysis_channel
from resolvers.context import RequestContext
from resolvers.permissions import Ability, require
from resolvers.realtime import stream


def _service(context: RequestContext) -> IntelligenceService:
    if context.intelligence is None:
        raise Unavailable("content analysis is not running in this process")
    return context.intelligence


async def analyze_content(context: RequestContext, *, title: str, summary: str, body: str
                          ) -> AnalysisOutcome:
    require(context, Ability.EDIT_CONTENT)
    return await analyze_draft(_service(context), title, summary, body)


async def reanalyze_publication(context: RequestContext, publication_id: int) -> Publication:
    actor = require(context, Ability.EDIT_CONTENT)
    return await flows.reanalyze_publication(actor, context.queue, publication_id)


async def publication_analyzed(context: RequestContext, publication_id: int
                               ) -> AsyncIterator[StoredAnalysis | None]:
    """The current analysis (null while there is none), then every new one."""
    require(context, Ability.READ)
    await current_analysis(publication_id)  # NOT_FOUND before any subscription
    async for analysis in stream(context, Ability.READ, analysis_channel(publication_id),
                                 lambda: current_analysis(publication_id),
                                 StoredAnalysis.from_dict):
        yield analysis
