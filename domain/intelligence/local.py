"""The embedded analyzer: deterministic, offline, no model weights. It is the default
when no AI service is configured and the fallback whenever the remote one cannot answer
in time."""

from __future__ import annotations

from collections.abc import Sequence

import sklearn
import textstat  # noqa: F401  (its version is part of what produced a score)

from domain.intelligence import quality
from domain.intelligence.analysis import (
    Analysis,
    AnalyzableContent,
    AnalyzerKind,
    TopicProfile,
    ranked,
    weighted_quality,
)
from domain.intelligence.relevance import TopicIndex, entities, profiles_signature

#: bump when the heuristics change: stored local scores of the old version are not reused
LOCAL_VERSION = "local-1"


class LocalAnalyzer:
    kind = AnalyzerKind.LOCAL
    model_version = f"{LOCAL_VERSION}+sklearn-{sklearn.__version__}"

    def __init__(self) -> None:
        self._index: TopicIndex | None = None

    def index_for(self, topics: Sequence[TopicProfile]) -> TopicIndex:
        """Refitting costs a pass over the profiles: do it only when they changed."""
        if self._index is None or self._index.signature != profiles_signature(topics):
            self._index = TopicIndex(topics)
        return self._index

    async def analyze(self, content: AnalyzableContent,
                      topics: Sequence[TopicProfile]) -> Analysis:
        return self.analyze_now(content, topics)

    def analyze_now(self, content: AnalyzableContent,
                    topics: Sequence[TopicProfile]) -> Analysis:
        sub_scores = {"readability": quality.readability(content),
                      "structure": quality.structure(content),
                      "length": quality.length(content),
                      "links": quality.links(content),
                      "spam_likeness": quality.spam_likeness(content),
                      "tone": quality.tone(content)}
        text = content.normalized()
        index = self.index_for(topics)
        return Analysis(quality=weighted_quality(sub_scores), sub_scores=sub_scores,
                        relevance=ranked(index.relevance(text)),
                        keywords=index.keywords(text), entities=entities(text))
