"""Learned matching weights: fitted from outcomes recorded through the real engagement
recorder (machine opens never count), validated on the newest deliveries, proposed,
promoted by an admin behind the learned_matching flag — through the API and an arq job."""

from __future__ import annotations

import asyncio
import datetime as dt

import numpy as np
import pytest
from tortoise import Tortoise

from domain.audience.models import Frequency, Subscriber, SubscriberPreference, Topic
from domain.channels.models import Channel, ChannelType
from domain.deliveries.audience import resolve_audience
from domain.deliveries.models import Delivery
from domain.engagement.models import EventType
from domain.engagement.recorder import EngagementInput, record_events
from domain.errors import Conflict
from domain.flags import service as flag_service
from domain.matching import learning
from domain.matching.models import MatchingStrategy, StrategyStatus
from domain.matching.scorers import SCORER_NAMES
from domain.matching.strategies import active_strategy, promote_strategy, propose_learned
from domain.principals.actor import Actor
from domain.principals.models import Role
from domain.publications.models import Publication, PublicationStatus
from tests.graphql_client import gid
from workers.settings import build_worker

ADMIN = Actor(name="admin", role=Role.ADMIN)
#: the margin by which learned weights must beat topic-only matching on held-out AUC
AUC_MARGIN = 0.15
STRATEGIES = "{ matchingStrategies { id name version status source metrics } }"


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


async def plant_outcomes(*, readers: int = 150, sends: int = 8, seed: int = 7) -> dict[str, int]:
    """Scored deliveries with planted preferences, and their outcomes recorded as events.

    Each reader has a latent interest in the topic and a latent preference between two
    channels; the recorded features see them through noise (the profile's interest
    affinity and channel affinity). Engagement follows the latent values, not topic
    match, so topic-only matching ranks readers almost at random. Some unengaged messages
    get machine opens (a privacy proxy), which must not become positives."""
    rng = np.random.default_rng(seed)
    topic = await Topic.create(slug="planted", name="Planted")
    channels = [await Channel.create(name=f"c{i}", type=ChannelType.EMAIL, config={})
                for i in range(2)]
    await Subscriber.bulk_create([Subscriber(email=f"r{i}@example.com")
                                  for i in range(readers)])
    people = await Subscriber.all().order_by("id")
    await SubscriberPreference.bulk_create([
        SubscriberPreference(subscriber=p, topic=topic, channel=c,
                             frequency=Frequency.IMMEDIATE) for p in people for c in channels])
    interest = rng.uniform(0, 1, readers)
    channel_taste = rng.uniform(0, 1, (readers, 2))
    publications = [await Publication.create(title=f"p{i}", status=PublicationStatus.PUBLISHED)
                    for i in range(sends)]
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=sends + 1)
    rows: list[Delivery] = []
    truth: list[float] = []
    for day, publication in enumerate(publications):
        sent_at = start + dt.timedelta(days=day)
        for index, person in enumerate(people):
            for c, channel in enumerate(channels):
                topic_match = float(rng.choice([0.5, 1.0]))
                fatigue = float(rng.choice([0.0, 1 / 3, 0.5]))
                features = {
                    "topic_match": topic_match,
                    "interest_affinity": float(np.clip(interest[index]
                                                       + rng.normal(0, 0.1), 0, 1)),
                    "ai_relevance": float(rng.uniform(0, 1)),
                    "channel_affinity": float(np.clip(channel_taste[index, c]
                                                      + rng.normal(0, 0.1), 0, 1)),
                    "recency_fatigue": fatigue}
                truth.append(float(_sigmoid(np.array(
                    -4 + 3.5 * interest[index] + 3.5 * channel_taste[index, c]
                    + 0.3 * topic_match - 1.5 * fatigue))))
                rows.append(Delivery(
                    idempotency_key=f"p{publication.id}:c{channel.id}:s{person.id}",
                    publication=publication, channel=channel, subscriber=person,
                    recipient=person.email, status="sent", sent_at=sent_at,
                    match_score=0.7, match_features=features))
    await Delivery.bulk_create(rows, batch_size=2_000)
    stored = await Delivery.all().order_by("id").values("id", "publication_id",
                                                          "subscriber_id", "sent_at")
    engaged = rng.uniform(0, 1, len(stored)) < np.array(truth)
    machine = ~engaged & (rng.uniform(0, 1, len(stored)) < 0.4)
    events = []
    for row, human, proxy in zip(stored, engaged.tolist(), machine.tolist(), strict=True):
        if human or proxy:
            events.append(EngagementInput(
                type=EventType.OPEN, occurred_at=row["sent_at"] + dt.timedelta(hours=1),
                delivery_id=row["id"], publication_id=row["publication_id"],
                subscriber_id=row["subscriber_id"], is_machine=proxy))
    await record_events(events)
    return {"engaged": int(engaged.sum()), "machine": int(machine.sum()),
            "rows": len(stored)}


async def test_learned_weights_beat_topic_only_on_held_out_deliveries(db) -> None:
    planted = await plant_outcomes()
    dataset = await learning.load_outcomes()
    # machine opens are not outcomes: only the human opens are positives
    assert int(dataset.labels.sum()) == planted["engaged"]
    assert dataset.labels.shape[0] == planted["rows"]
    assert np.all(np.diff(dataset.times) >= 0)

    current = await active_strategy(None)  # the default: topic match alone
    fit = learning.fit(dataset, current)

    metrics = fit.metrics
    print(f"\nlearned AUC {metrics['auc']:.3f} vs topic-only {metrics['current_auc']:.3f}; "
          f"log-loss {metrics['log_loss']:.3f} vs {metrics['current_log_loss']:.3f} "
          f"({metrics['training_rows']} training, {metrics['holdout_rows']} held out)")
    assert metrics["auc"] >= metrics["current_auc"] + AUC_MARGIN
    assert metrics["log_loss"] < metrics["current_log_loss"]
    # the planted preferences are what the model found
    assert fit.weights["interest_affinity"] > 1.5
    assert fit.weights["channel_affinity"] > 1.5
    assert fit.weights["recency_fatigue"] < 0
    assert abs(fit.weights["ai_relevance"]) < 1.0
    # held out = the newest sends: every training row is older than every held-out one
    older, newer = learning.split_by_time(dataset)
    assert dataset.times[older].max() < dataset.times[newer].min()
    assert metrics["holdout_rows"] == newer.size


async def test_too_few_outcomes_is_refused_and_nothing_is_proposed(db) -> None:
    with pytest.raises(Conflict):
        await learning.train("default", "test")
    assert not await MatchingStrategy.filter(status=StrategyStatus.PROPOSED).exists()


async def _proposals() -> list[MatchingStrategy]:
    return await MatchingStrategy.filter(status=StrategyStatus.PROPOSED)


async def test_train_propose_promote_behind_the_flag(gql, queue, redis_url) -> None:
    await plant_outcomes(readers=80, sends=6)
    body = await gql.data('mutation { trainMatchingStrategy(name: "default") '
                          "{ name queued } }")
    assert body["trainMatchingStrategy"] == {"name": "default", "queued": True}
    worker = build_worker(redis_url=redis_url, burst=True, with_cron=False,
                          queue_name=queue.queue_name)
    await worker.async_run()
    await worker.close()
    deadline = asyncio.get_running_loop().time() + 30
    while not await _proposals():
        assert asyncio.get_running_loop().time() < deadline, "no proposal"
        await asyncio.sleep(0.05)

    listed = (await gql.data(STRATEGIES, role="viewer"))["matchingStrategies"]
    proposal = next(row for row in listed if row["status"] == "proposed")
    assert (proposal["name"], proposal["version"], proposal["source"]) == ("default", 2,
                                                                           "learned")
    assert proposal["metrics"]["auc"] > proposal["metrics"]["current_auc"]
    assert {"log_loss", "current_log_loss", "training_rows", "holdout_rows"} <= set(
        proposal["metrics"])
    # proposed is not active: resolution still uses version 1
    assert (await active_strategy(None)).version == 1

    promote = "mutation($id: ID!) { promoteMatchingStrategy(id: $id) { version status } }"
    error = await gql.error(promote, {"id": proposal["id"]})
    assert error["extensions"]["code"] == "CONFLICT" and "learned_matching" in error["message"]
    assert (await active_strategy(None)).version == 1

    await flag_service.set_flag(ADMIN, "learned_matching", enabled=True)
    promoted = await gql.data(promote, {"id": proposal["id"]})
    assert promoted["promoteMatchingStrategy"] == {"version": 2, "status": "active"}
    learned = await active_strategy(None)
    assert (learned.version, learned.source) == (2, "learned")

    # a publication resolved now records the learned version and its score
    topic = await Topic.get(slug="planted")
    publication = await Publication.create(title="new", status=PublicationStatus.PUBLISHING)
    await publication.topics.add(topic)
    await publication.channels.add(*await Channel.all())
    await resolve_audience(publication.id)
    rows = await Delivery.filter(publication_id=publication.id)
    assert rows and {row.match_strategy_id for row in rows} == {learned.id}

    # the flag is a kill switch: off again, the hand-made version 1 scores
    await flag_service.set_flag(ADMIN, "learned_matching", enabled=False)
    fallback = await active_strategy(None)
    assert (fallback.version, fallback.source) == (1, "manual")


async def test_explain_match_after_learning_names_the_version_that_resolved(gql) -> None:
    await plant_outcomes(readers=60, sends=6)
    result = learning.fit(await learning.load_outcomes(), await active_strategy(None))
    default = await active_strategy(None)
    proposal = await propose_learned("default", parent=default,
                                              weights=result.weights, bias=result.bias,
                                              metrics=result.metrics, created_by="test")
    await flag_service.set_flag(ADMIN, "learned_matching", enabled=True)
    await promote_strategy(ADMIN, proposal.id)
    publication = await Publication.create(title="next", status=PublicationStatus.PUBLISHING)
    await publication.topics.add(await Topic.get(slug="planted"))
    await publication.channels.add(*await Channel.all())
    await resolve_audience(publication.id)
    reader = await Subscriber.get(email="r0@example.com")
    data = await gql.data(
        "query($p: ID!, $s: ID!) { explainMatch(publicationId: $p, subscriberId: $s) "
        "{ strategyVersion channels { contributions { scorer weight } } } }",
        {"p": gid("Publication", publication.id), "s": gid("Subscriber", reader.id)})
    explained = data["explainMatch"]
    assert explained["strategyVersion"] == 2
    weights = {c["scorer"].lower(): c["weight"]
               for c in explained["channels"][0]["contributions"]}
    assert weights == {name: result.weights[name] for name in SCORER_NAMES}
    connection = Tortoise.get_connection("default")
    counted = await connection.execute_query_dict(
        "SELECT count(*) AS n FROM delivery WHERE publication_id = $1", [publication.id])
    assert counted[0]["n"] == 120  # 60 readers x 2 channels, threshold 0
