"""Matching a publication's audience: candidates in bulk, scored at once, selected.

Called by audience resolution (domain.deliveries.audience) inside its transaction; the
result is plain arrays the ledger writes in one INSERT.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from tortoise import BaseDBAsyncClient

from domain.matching.engine import Scored, StrategySpec, score
from domain.matching.features import PublicationFacts, fetch_candidates, publication_facts
from domain.matching.models import StrategyMode
from domain.matching.scorers import Candidates


@dataclass(slots=True)
class Matched:
    strategy: StrategySpec
    candidates: Candidates
    scored: Scored

    @property
    def selected_count(self) -> int:
        return int(self.scored.selected.sum())

    def selected(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(subscriber ids, channel ids, scores, features) of the selected candidates."""
        mask = self.scored.selected
        return (self.candidates.subscriber_ids[mask], self.candidates.channel_ids[mask],
                self.scored.scores[mask], self.scored.features[mask])


async def match_publication(connection: BaseDBAsyncClient, publication_id: int, lane: str,
                            strategy: StrategySpec, *, title: str, summary: str, body: str,
                            now: dt.datetime | None = None) -> Matched:
    facts = await publication_facts(connection, publication_id, title, summary, body)
    return await match_with_facts(connection, facts, lane, strategy, now=now)


async def match_with_facts(connection: BaseDBAsyncClient, facts: PublicationFacts, lane: str,
                           strategy: StrategySpec, *, now: dt.datetime | None = None,
                           subscriber_id: int | None = None, with_reasons: bool = False
                           ) -> Matched:
    candidates = await fetch_candidates(
        connection, facts, lane, now=now, subscriber_id=subscriber_id,
        with_ranks=strategy.mode == StrategyMode.BEST_CHANNEL)
    return Matched(strategy, candidates, score(candidates, strategy, with_reasons=with_reasons))
