"""DataLoaders batch the per-row lookups of one request into one query per kind."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from strawberry.dataloader import DataLoader
from tortoise.models import Model

from domain.audience.models import Subscriber, SubscriberPreference, Topic
from domain.channels.models import Channel
from domain.deliveries import timeline
from domain.deliveries.models import DeliveryStatus
from domain.experiments import service as experiments
from domain.experiments.models import Experiment, Variant
from domain.intelligence import store as analyses
from domain.intelligence.gating import latest_runs
from domain.intelligence.quality_models import CheckRun
from domain.intelligence.store import StoredAnalysis
from domain.personalization.reads import InterestProfile, profiles_of
from domain.principals.models import Principal
from domain.publications import read as publication_reads
from domain.publications.models import Publication

ModelT = TypeVar("ModelT", bound=Model)
ValueT = TypeVar("ValueT")


def _by_id(model: type[ModelT]) -> Callable[[Sequence[int]], Awaitable[list[ModelT | None]]]:
    async def load(ids: Sequence[int]) -> list[ModelT | None]:
        rows = {row.pk: row for row in await model.filter(id__in=ids)}
        return [rows.get(row_id) for row_id in ids]
    return load


def _grouped(
    fetch: Callable[[Sequence[int]], Awaitable[dict[int, ValueT]]], empty: Callable[[], ValueT]
) -> Callable[[Sequence[int]], Awaitable[list[ValueT]]]:
    async def load(ids: Sequence[int]) -> list[ValueT]:
        found = await fetch(ids)
        return [found.get(row_id, empty()) for row_id in ids]
    return load


async def _preferences(subscriber_ids: Sequence[int]) -> dict[int, list[SubscriberPreference]]:
    grouped: dict[int, list[SubscriberPreference]] = {}
    for preference in await SubscriberPreference.filter(
            subscriber_id__in=subscriber_ids).order_by("id"):
        grouped.setdefault(preference.subscriber_id, []).append(preference)
    return grouped


async def _profiles(subscriber_ids: Sequence[int]) -> list[InterestProfile]:
    profiles = await profiles_of(subscriber_ids)
    return [profiles[subscriber_id] for subscriber_id in subscriber_ids]


class Loaders:
    def __init__(self, cache: bool = True) -> None:
        self.topic = DataLoader(_by_id(Topic), cache=cache)
        self.channel = DataLoader(_by_id(Channel), cache=cache)
        #: a delivery's attempt log and events, for its timeline
        self.delivery_history = DataLoader(_grouped(timeline.histories, timeline.History),
                                           cache=cache)
        self.subscriber = DataLoader(_by_id(Subscriber), cache=cache)
        self.publication = DataLoader(_by_id(Publication), cache=cache)
        self.topics_by_publication: DataLoader[int, list[Topic]] = DataLoader(
            _grouped(publication_reads.topics_by_publication, list), cache=cache)
        self.channels_by_publication: DataLoader[int, list[Channel]] = DataLoader(
            _grouped(publication_reads.channels_by_publication, list), cache=cache)
        self.delivery_counts: DataLoader[int, dict[DeliveryStatus, int]] = DataLoader(
            _grouped(publication_reads.delivery_counts_by_publication, dict), cache=cache)
        #: by content hash: the stored analysis to show (remote before local, newest)
        self.analysis_by_content: DataLoader[str, StoredAnalysis | None] = DataLoader(
            _grouped(analyses.best_for_hashes, lambda: None), cache=cache)  # type: ignore[arg-type]
        self.preferences_by_subscriber: DataLoader[int, list[SubscriberPreference]] = (
            DataLoader(_grouped(_preferences, list), cache=cache))
        self.experiment = DataLoader(_by_id(Experiment), cache=cache)
        self.variants_by_experiment: DataLoader[int, list[Variant]] = DataLoader(
            _grouped(experiments.variants_of, list), cache=cache)
        self.interest_profile: DataLoader[int, InterestProfile] = DataLoader(
            _profiles, cache=cache)
        self.principal = DataLoader(_by_id(Principal), cache=cache)
        #: the newest quality check run of each publication (None: never checked)
        self.check_run: DataLoader[int, CheckRun | None] = DataLoader(
            _grouped(latest_runs, lambda: None), cache=cache)
