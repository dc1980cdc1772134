"""Why a reader was (or would be) selected for a publication, channel by channel.

The scores are recomputed now with the same code and queries as audience resolution,
narrowed to one reader; once the audience was resolved, the strategy version that
resolved it is the one explained, and each channel's recorded score (from the ledger) is
shown next to today's. Troubleshooting (explainAudience, not built here) is meant to call
`explain_match` for its "below threshold" / "not the best channel" answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from tortoise import Tortoise

from domain.errors import NotFound
from domain.matching.engine import BELOW_THRESHOLD, NOT_BEST_CHANNEL, StrategySpec
from domain.matching.features import publication_facts
from domain.matching.models import MatchingStrategy
from domain.matching.scorers import SCORER_NAMES
from domain.matching.service import match_with_facts
from domain.matching.strategies import active_strategy, spec_of


class MatchReason(StrEnum):
    SELECTED = "selected"
    #: selected by matching, but the address is on the suppression list (a `suppressed`
    #: row in the ledger)
    SUPPRESSED = "suppressed"
    UNSUBSCRIBED = "unsubscribed"
    #: bounced or complained (and not on the suppression list for this channel)
    INACTIVE = "inactive"
    NOT_SUBSCRIBED_TO_TOPIC = "not_subscribed_to_topic"
    #: an email channel and a reader without an email address
    NO_ADDRESS = "no_address"
    BELOW_THRESHOLD = "below_threshold"
    NOT_BEST_CHANNEL = "not_best_channel"


EXPLANATIONS = {
    MatchReason.SELECTED: "score reaches the threshold",
    MatchReason.SUPPRESSED: "selected, but the address is suppressed (bounce or complaint)",
    MatchReason.UNSUBSCRIBED: "the reader unsubscribed",
    MatchReason.INACTIVE: "the reader's status is not active",
    MatchReason.NOT_SUBSCRIBED_TO_TOPIC: "no `immediate` preference for any topic of the "
                                         "publication on this channel",
    MatchReason.NO_ADDRESS: "the reader has no email address",
    MatchReason.BELOW_THRESHOLD: "score is below the strategy's threshold",
    MatchReason.NOT_BEST_CHANNEL: "another channel scores higher (best-channel strategy)",
}


@dataclass(frozen=True, slots=True)
class Contribution:
    scorer: str
    #: the scorer's feature value (0-1)
    value: float
    weight: float
    #: value x weight, in logit units (the score is sigmoid(bias + sum of these))
    contribution: float


@dataclass(frozen=True, slots=True)
class ChannelMatch:
    channel_id: int
    reason: MatchReason
    selected: bool
    #: None when the reader is no candidate on this channel (nothing to score)
    score: float | None = None
    contributions: tuple[Contribution, ...] = ()
    #: the score written in the ledger when the audience was resolved (None: no row)
    recorded_score: float | None = None

    @property
    def explanation(self) -> str:
        return EXPLANATIONS[self.reason]


@dataclass(frozen=True, slots=True)
class MatchExplanation:
    publication_id: int
    subscriber_id: int
    strategy: StrategySpec
    channels: list[ChannelMatch] = field(default_factory=list)

    @property
    def selected(self) -> bool:
        return any(channel.selected for channel in self.channels)


async def explain_match(publication_id: int, subscriber_id: int,
                        now: dt.datetime | None = None) -> MatchExplanation:
    connection = Tortoise.get_connection("default")
    publications = await connection.execute_query_dict(
        "SELECT priority, matching_strategy, title, summary, body FROM publication "
        "WHERE id = $1", [publication_id])
    if not publications:
        raise NotFound("publication not found", field="publicationId")
    subscribers = await connection.execute_query_dict(
        "SELECT s.status, s.email, sup.reason AS suppressed FROM subscriber s "
        "LEFT JOIN suppressed_address sup ON sup.email = lower(s.email) WHERE s.id = $1",
        [subscriber_id])
    if not subscribers:
        raise NotFound("subscriber not found", field="subscriberId")
    publication, subscriber = publications[0], subscribers[0]
    lane = "bulk" if publication["priority"] == "normal" else "alert"
    recorded = {row["channel_id"]: row for row in await connection.execute_query_dict(
        "SELECT channel_id, match_score, match_strategy_id FROM delivery "
        "WHERE publication_id = $1 AND subscriber_id = $2", [publication_id, subscriber_id])}
    used = await connection.execute_query_dict(
        "SELECT match_strategy_id FROM delivery WHERE publication_id = $1 "
        "AND match_strategy_id IS NOT NULL LIMIT 1", [publication_id])
    row = (await MatchingStrategy.get_or_none(id=used[0]["match_strategy_id"])
           if used else None)
    strategy = spec_of(row) if row else await active_strategy(publication["matching_strategy"])
    facts = await publication_facts(connection, publication_id, publication["title"],
                                    publication["summary"], publication["body"])
    channels = await connection.execute_query_dict(
        "SELECT c.id, c.type FROM publication_channel pc JOIN channel c ON c.id = pc.channel_id "
        "WHERE pc.publication_id = $1 AND (c.type = 'email' OR (c.type = 'webhook' AND "
        "$2 = 'bulk')) ORDER BY c.id", [publication_id, lane])
    chosen = {row["channel_id"] for row in await connection.execute_query_dict(
        "SELECT DISTINCT channel_id FROM subscriber_preference WHERE subscriber_id = $1 "
        "AND frequency = 'immediate' AND topic_id = ANY($2::int[])",
        [subscriber_id, list(facts.topic_ids)])}
    matched = await match_with_facts(connection, facts, lane, strategy, now=now,
                                     subscriber_id=subscriber_id, with_reasons=True)
    index = {int(c): i for i, c in enumerate(matched.candidates.channel_ids.tolist())}
    status = subscriber["status"]
    explained: list[ChannelMatch] = []
    for channel in channels:
        channel_id = int(channel["id"])
        stored = recorded.get(channel_id)
        recorded_score = stored["match_score"] if stored else None
        suppressed = channel["type"] == "email" and subscriber["suppressed"] is not None
        position = index.get(channel_id)
        if position is None:
            reason = (MatchReason.UNSUBSCRIBED if status == "unsubscribed"
                      else MatchReason.NOT_SUBSCRIBED_TO_TOPIC if channel_id not in chosen
                      else MatchReason.NO_ADDRESS if channel["type"] == "email"
                      and not subscriber["email"] else MatchReason.INACTIVE)
            explained.append(ChannelMatch(channel_id, reason, False,
                                          recorded_score=recorded_score))
            continue
        features = matched.scored.features[position]
        weights = strategy.weight_vector()
        contributions = tuple(
            Contribution(name, round(float(features[i]), 6), float(weights[i]),
                         round(float(features[i] * weights[i]), 6))
            for i, name in enumerate(SCORER_NAMES))
        selected = bool(matched.scored.selected[position])
        why = matched.scored.reasons[position]
        reason = (MatchReason.SUPPRESSED if selected and suppressed
                  else MatchReason.SELECTED if selected
                  else MatchReason.BELOW_THRESHOLD if why == BELOW_THRESHOLD
                  else MatchReason.NOT_BEST_CHANNEL if why == NOT_BEST_CHANNEL
                  else MatchReason.BELOW_THRESHOLD)
        explained.append(ChannelMatch(
            channel_id, reason, selected and not suppressed,
            round(float(matched.scored.scores[position]), 6), contributions, recorded_score))
    return MatchExplanation(publication_id, subscriber_id, strategy, explained)
