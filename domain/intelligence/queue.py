"""What the domain needs from a job queue to analyze publications in the background."""

from __future__ import annotations

from typing import Protocol


class AnalysisQueue(Protocol):
    async def analyze_publication(self, publication_id: int, content_hash: str, *,
                                  force: bool = False, attempt: int = 0,
                                  defer_seconds: float = 0.0) -> None:
        """Run the analysis job for this publication. `content_hash` names the content
        the request is about, so an edit gets a job of its own while an identical
        request still waiting is merged with it."""
