"""Lifecycle steps with side effects beyond the row: the service changes the publication,
the flow then asks for what follows (enqueue, announce). Resolvers call these."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from domain.errors import Unavailable
from domain.intelligence.publications import request_analysis
from domain.intelligence.queue import AnalysisQueue
from domain.principals.actor import Actor
from domain.principals.service import audit
from domain.publications import service
from domain.publications.models import Publication


async def _analyzed(queue: AnalysisQueue | None,
                    step: Callable[[], Awaitable[Publication]]) -> Publication:
    publication = await step()
    await request_analysis(queue, publication)
    return publication


# --- content intelligence: every saved content gets analyzed in a worker job ---------

async def create_publication(actor: Actor, queue: AnalysisQueue | None, **fields: Any
                             ) -> Publication:
    return await _analyzed(queue, lambda: service.create_publication(actor, **fields))


async def update_publication(actor: Actor, queue: AnalysisQueue | None, publication_id: int,
                             **fields: Any) -> Publication:
    return await _analyzed(queue, lambda: service.update_publication(actor, publication_id,
                                                                     **fields))


async def after_submit(queue: AnalysisQueue | None, publication: Publication) -> Publication:
    """Submitting analyzes too (a cache hit when the content was analyzed at its last
    save): reviewers see the score of exactly what was submitted."""
    await request_analysis(queue, publication)
    return publication


async def reanalyze_publication(actor: Actor, queue: AnalysisQueue | None,
                                publication_id: int) -> Publication:
    """Analyze again from scratch (newer topic profiles, a recovered AI service)."""
    publication = await service.get_publication(publication_id)
    if not await request_analysis(queue, publication, force=True):
        raise Unavailable("no job queue in this process to run the analysis")
    await audit(actor, "publication.reanalyze", "publication", publication_id)
    return publication
