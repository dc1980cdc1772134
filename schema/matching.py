"""Matching strategies (named, versioned scorer weights), explainMatch, learned weights."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from domain.matching.explain import ChannelMatch as ChannelMatchModel
from domain.matching.explain import MatchExplanation as ExplanationModel
from domain.matching.models import MatchingStrategy as StrategyModel
from domain.matching.models import StrategyMode as ModeModel
from domain.matching.scorers import SCORER_NAMES
from resolvers import matching as resolvers
from schema.channels import Channel
from schema.ids import decode_id
from schema.permissions import CanManage, CanRead

MatchingMode = strawberry.enum(ModeModel, name="MatchingMode", description=(
    "ALL_CHANNELS: every subscribed channel whose score reaches the threshold; "
    "BEST_CHANNEL: only the reader's best such channel."))


@strawberry.enum(description="The scorers a strategy weighs (each gives a value 0-1).")
class Scorer(Enum):
    TOPIC_MATCH = "topic_match"
    INTEREST_AFFINITY = "interest_affinity"
    AI_RELEVANCE = "ai_relevance"
    CHANNEL_AFFINITY = "channel_affinity"
    RECENCY_FATIGUE = "recency_fatigue"


assert tuple(item.value for item in Scorer) == SCORER_NAMES


@strawberry.enum(description="Why a reader is or is not selected on a channel.")
class MatchReason(Enum):
    SELECTED = "selected"
    SUPPRESSED = "suppressed"
    UNSUBSCRIBED = "unsubscribed"
    INACTIVE = "inactive"
    NOT_SUBSCRIBED_TO_TOPIC = "not_subscribed_to_topic"
    NO_ADDRESS = "no_address"
    BELOW_THRESHOLD = "below_threshold"
    NOT_BEST_CHANNEL = "not_best_channel"


@strawberry.type
class ScorerWeight:
    scorer: Scorer
    weight: float


@strawberry.type(description="One version of a matching strategy. score = sigmoid(bias + "
                             "sum(weight x scorer value)); selected when score >= threshold.")
class MatchingStrategy:
    id: relay.GlobalID
    name: str
    version: int
    weights: list[ScorerWeight] = strawberry.field(description="Every scorer (0: unused).")
    bias: float
    threshold: float
    mode: MatchingMode  # type: ignore[valid-type]
    status: str = strawberry.field(description="active, proposed (learned, waiting for "
                                               "promotion) or retired.")
    source: str = strawberry.field(description="manual or learned.")
    metrics: JSON | None = strawberry.field(description=(
        "A learned version's offline metrics on the held-out (newest) deliveries: auc, "
        "log_loss, and the current version's current_auc, current_log_loss; row counts."))
    created_by: str | None
    created_at: dt.datetime
    promoted_at: dt.datetime | None

    @classmethod
    def from_model(cls, row: StrategyModel) -> MatchingStrategy:
        return cls(id=relay.GlobalID("MatchingStrategy", str(row.id)), name=row.name,
                   version=row.version,
                   weights=[ScorerWeight(scorer=Scorer(name),
                                         weight=float(row.weights.get(name, 0.0)))
                            for name in SCORER_NAMES],
                   bias=row.bias, threshold=row.threshold, mode=ModeModel(row.mode),
                   status=str(row.status), source=str(row.source), metrics=row.metrics,
                   created_by=row.created_by, created_at=row.created_at,
                   promoted_at=row.promoted_at)


@strawberry.type
class ScorerContribution:
    scorer: Scorer
    value: float = strawberry.field(description="The scorer's value for this candidate (0-1).")
    weight: float
    contribution: float = strawberry.field(description="value x weight (logit units).")


@strawberry.type
class ChannelMatch:
    reason: MatchReason
    explanation: str
    selected: bool = strawberry.field(description="Selected and deliverable (a suppressed "
                                                  "address is selected but not sent).")
    score: float | None = strawberry.field(description="Null: no candidate on this channel.")
    contributions: list[ScorerContribution]
    recorded_score: float | None = strawberry.field(
        description="The score written in the ledger when the audience was resolved.")
    channel_id: strawberry.Private[int]

    @strawberry.field
    async def channel(self, info: Info) -> Channel | None:
        row = await info.context.loaders.channel.load(self.channel_id)
        return Channel.from_model(row) if row else None

    @classmethod
    def from_model(cls, item: ChannelMatchModel) -> ChannelMatch:
        return cls(reason=MatchReason(item.reason.value), explanation=item.explanation,
                   selected=item.selected, score=item.score,
                   contributions=[ScorerContribution(scorer=Scorer(c.scorer), value=c.value,
                                                     weight=c.weight,
                                                     contribution=c.contribution)
                                  for c in item.contributions],
                   recorded_score=item.recorded_score, channel_id=item.channel_id)


@strawberry.type(description="Each scorer's contribution per channel, the total and the "
                             "threshold, and why the reader is or is not selected.")
class MatchExplanation:
    strategy_name: str
    strategy_version: int
    mode: MatchingMode  # type: ignore[valid-type]
    bias: float
    threshold: float
    selected: bool = strawberry.field(description="Selected on at least one channel.")
    channels: list[ChannelMatch] = strawberry.field(
        description="The publication's per-subscriber channels, by id.")

    @classmethod
    def from_model(cls, item: ExplanationModel) -> MatchExplanation:
        return cls(strategy_name=item.strategy.name, strategy_version=item.strategy.version,
                   mode=item.strategy.mode, bias=item.strategy.bias,
                   threshold=item.strategy.threshold, selected=item.selected,
                   channels=[ChannelMatch.from_model(c) for c in item.channels])


@strawberry.input
class ScorerWeightInput:
    scorer: Scorer
    weight: float = strawberry.field(description="Between -50 and 50 (logit units).")


@strawberry.input
class CreateMatchingStrategyInput:
    name: str = strawberry.field(description="A new name, or an existing one (a new version "
                                             "replaces its active version).")
    weights: list[ScorerWeightInput]
    bias: float = 0.0
    threshold: float = strawberry.field(default=0.0, description="Between 0 and 1.")
    mode: MatchingMode = ModeModel.ALL_CHANNELS  # type: ignore[valid-type]


@strawberry.type
class TrainingRequest:
    name: str
    queued: bool


@strawberry.type
class MatchingQueries:
    @strawberry.field(description="Matching strategy versions (with a learned version's "
                                  "offline metrics), by name, newest version first. "
                                  "Requires any role.", permission_classes=[CanRead])
    async def matching_strategies(self, info: Info, name: str | None = None
                                  ) -> list[MatchingStrategy]:
        return [MatchingStrategy.from_model(row)
                for row in await resolvers.list_strategies(info.context, name)]

    @strawberry.field(description="Why a subscriber is (or would be) selected for a "
                                  "publication, per channel. Requires any role.",
                      permission_classes=[CanRead])
    async def explain_match(self, info: Info, publication_id: relay.GlobalID,
                            subscriber_id: relay.GlobalID) -> MatchExplanation:
        return MatchExplanation.from_model(await resolvers.explain(
            info.context, decode_id(publication_id, "Publication", "publicationId"),
            decode_id(subscriber_id, "Subscriber", "subscriberId")))


@strawberry.type
class MatchingMutations:
    @strawberry.mutation(description="Write a hand-made strategy version; it becomes the "
                                     "name's active version at once. Requires admin.",
                         permission_classes=[CanManage])
    async def create_matching_strategy(self, info: Info, input: CreateMatchingStrategyInput
                                       ) -> MatchingStrategy:
        weights = [(item.scorer.value, item.weight) for item in input.weights]
        return MatchingStrategy.from_model(await resolvers.create_strategy(
            info.context, name=input.name, weights=weights, bias=input.bias,
            threshold=input.threshold, mode=ModeModel(input.mode)))

    @strawberry.mutation(description="Queue learning weights for a strategy from delivery "
                                     "outcomes; the result is a proposed version. Requires "
                                     "admin.", permission_classes=[CanManage])
    async def train_matching_strategy(self, info: Info, name: str) -> TrainingRequest:
        return TrainingRequest(name=await resolvers.train(info.context, name), queued=True)

    @strawberry.mutation(description="Make a version (a learned proposal, or a retired one) "
                                     "its name's active version; learned versions need the "
                                     "learned_matching flag on. Requires admin.",
                         permission_classes=[CanManage])
    async def promote_matching_strategy(self, info: Info, id: relay.GlobalID
                                        ) -> MatchingStrategy:
        return MatchingStrategy.from_model(await resolvers.promote(
            info.context, decode_id(id, "MatchingStrategy")))
