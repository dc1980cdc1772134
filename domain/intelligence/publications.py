"""Analyzing a saved publication in the background and telling dashboards."""

from __future__ import annotations

from domain.intelligence.queue import AnalysisQueue
from domain.intelligence.service import AnalysisOutcome, IntelligenceService, content_of
from domain.publications.models import Publication
from domain.realtime.events import EventPublisher, analysis_channel

#: a fallback (local) score is retried against the remote service this many times, after
#: these delays (seconds), so a recovered service upgrades it
UPGRADE_DELAYS = (30.0, 120.0, 600.0)


def analysis_event(publication_id: int, outcome: AnalysisOutcome) -> dict[str, object]:
    return {"publication_id": publication_id, **outcome.stored.to_dict()}


async def analyze_publication(service: IntelligenceService, publication_id: int, *,
                              force: bool = False, attempt: int = 0,
                              publisher: EventPublisher | None = None,
                              queue: AnalysisQueue | None = None) -> AnalysisOutcome | None:
    """Idempotent: a second run for the same content is a cache hit. None when the
    publication is gone."""
    publication = await Publication.get_or_none(id=publication_id)
    if publication is None:
        return None
    content = content_of(publication)
    outcome = await service.analyze(content, force=force,
                                    budget_seconds=service.policy.job_time_budget_seconds)
    if publisher is not None and not (outcome.cached and attempt):
        await publisher.publish(analysis_channel(publication_id),
                                analysis_event(publication_id, outcome))
    if (outcome.fallback and queue is not None and service.remote is not None
            and attempt < len(UPGRADE_DELAYS)):
        await queue.analyze_publication(publication_id, content.content_hash,
                                        attempt=attempt + 1,
                                        defer_seconds=UPGRADE_DELAYS[attempt])
    await service.stats.flush()
    return outcome


async def request_analysis(queue: AnalysisQueue | None, publication: Publication, *,
                           force: bool = False) -> bool:
    """Ask for the publication's current content to be analyzed; False where no queue is
    wired (the next request or a reanalysis picks it up)."""
    if queue is None:
        return False
    await queue.analyze_publication(publication.id, content_of(publication).content_hash,
                                    force=force)
    return True
