"""Matching: scorers, strategies (threshold, best channel), explainMatch and the ledger's
recorded scores, against real PostgreSQL through the GraphQL API."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from domain.audience.models import Frequency, Subscriber, SubscriberPreference, Topic
from domain.channels.models import Channel, ChannelType
from domain.deliveries.audience import resolve_audience
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.engagement.models import SuppressedAddress
from domain.intelligence.analysis import SUB_SCORES, AnalyzableContent
from domain.intelligence.models import ContentAnalysis
from domain.matching.explain import MatchReason, explain_match
from domain.matching.models import MatchingStrategy
from domain.personalization.models import ChannelResponsiveness, TopicAffinity
from domain.publications.models import Publication, PublicationStatus
from tests.graphql_client import count_queries, gid

EXPLAIN = """
query($p: ID!, $s: ID!) { explainMatch(publicationId: $p, subscriberId: $s) {
  strategyName strategyVersion mode bias threshold selected
  channels { channel { name } reason explanation selected score recordedScore
             contributions { scorer value weight contribution } } } }
"""
CREATE_STRATEGY = """
mutation($input: CreateMatchingStrategyInput!) { createMatchingStrategy(input: $input) {
  id name version status source threshold mode weights { scorer weight } } }
"""
FULL_WEIGHTS = [{"scorer": "TOPIC_MATCH", "weight": 1.0},
                {"scorer": "INTEREST_AFFINITY", "weight": 2.0},
                {"scorer": "AI_RELEVANCE", "weight": 1.5},
                {"scorer": "CHANNEL_AFFINITY", "weight": 3.0},
                {"scorer": "RECENCY_FATIGUE", "weight": -2.0}]


@dataclass
class World:
    publication: Publication
    topic: Topic
    mail: Channel
    hook: Channel
    ada: Subscriber  # email + hook; strong profile, answers on the hook, not by mail
    bob: Subscriber  # email only; no profile; two messages today
    cy: Subscriber  # unsubscribed
    dee: Subscriber  # chose another topic only
    eve: Subscriber  # suppressed address


async def build_world(*, strategy: str | None = None) -> World:
    topic = await Topic.create(slug="sport", name="Sport")
    other = await Topic.create(slug="tech", name="Tech")
    mail = await Channel.create(name="mail", type=ChannelType.EMAIL, config={})
    hook = await Channel.create(name="hook", type=ChannelType.WEBHOOK,
                                config={"url": "http://127.0.0.1:9/x"})
    ada = await Subscriber.create(email="ada@example.com", external_id="ada")
    bob = await Subscriber.create(email="bob@example.com")
    cy = await Subscriber.create(email="cy@example.com", status="unsubscribed")
    dee = await Subscriber.create(email="dee@example.com")
    eve = await Subscriber.create(email="eve@example.com")
    await SuppressedAddress.create(email="eve@example.com", reason="bounce")
    prefs = [(ada, topic, mail), (ada, topic, hook), (bob, topic, mail), (cy, topic, mail),
             (dee, other, mail), (eve, topic, mail)]
    await SubscriberPreference.bulk_create([
        SubscriberPreference(subscriber=s, topic=t, channel=c, frequency=Frequency.IMMEDIATE)
        for s, t, c in prefs])
    now = dt.datetime.now(dt.UTC)
    await TopicAffinity.create(subscriber=ada, topic=topic, score=6.0, scored_at=now,
                               opens=3, clicks=1)
    await ChannelResponsiveness.create(subscriber=ada, channel=hook, sent=10, engaged=9)
    await ChannelResponsiveness.create(subscriber=ada, channel=mail, sent=10, engaged=0)
    publication = await Publication.create(title="Cup final", summary="s", body="b",
                                           status=PublicationStatus.PUBLISHING,
                                           matching_strategy=strategy)
    await publication.topics.add(topic)
    await publication.channels.add(mail, hook)
    earlier = await Publication.create(title="Earlier", status=PublicationStatus.PUBLISHED)
    await Delivery.bulk_create([
        Delivery(idempotency_key=f"earlier:{n}", publication=earlier, channel=mail,
                 subscriber=bob, recipient=bob.email, status=DeliveryStatus.SENT)
        for n in range(2)])
    content = AnalyzableContent(title="Cup final", summary="s", body="b")
    await ContentAnalysis.create(
        content_hash=content.content_hash, analyzer="local", model_version="test",
        sub_scores={name: {"score": 0.7, "reason": "fine"} for name in SUB_SCORES},
        quality=0.7, keywords=[], entities=[], analyzed_at=now,
        relevance=[{"topic_id": topic.id, "name": "Sport", "score": 0.8},
                   {"topic_id": other.id, "name": "Tech", "score": 0.1}])
    return World(publication, topic, mail, hook, ada, bob, cy, dee, eve)


EXPLAIN_AUDIENCE = """query($p: ID!, $s: ID!) { explainAudience(publicationId: $p,
  subscriberId: $s) { received channels { reason message channelId } } }"""


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


async def _explain(gql, world: World, subscriber: Subscriber) -> dict[str, Any]:
    data = await gql.data(EXPLAIN, {"p": gid("Publication", world.publication.id),
                                    "s": gid("Subscriber", subscriber.id)}, role="viewer")
    return data["explainMatch"]


def _by_channel(explanation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["channel"]["name"]: row for row in explanation["channels"]}


async def _ledger(publication_id: int) -> dict[tuple[int, int], Delivery]:
    return {(row.subscriber_id, row.channel_id): row
            for row in await Delivery.filter(publication_id=publication_id)}


async def test_default_strategy_keeps_everyone_with_an_immediate_preference(db) -> None:
    world = await build_world()

    result = await resolve_audience(world.publication.id)

    ledger = await _ledger(world.publication.id)
    assert set(ledger) == {(world.ada.id, world.mail.id), (world.ada.id, world.hook.id),
                           (world.bob.id, world.mail.id), (world.eve.id, world.mail.id)}
    assert result.created == 4
    assert ledger[(world.eve.id, world.mail.id)].status is DeliveryStatus.SUPPRESSED
    default = await MatchingStrategy.get(name="default", version=1)
    assert default.weights == {"topic_match": 1.0} and default.threshold == 0.0
    for row in ledger.values():
        assert row.match_strategy_id == default.id
        assert row.match_score == round(_sigmoid(1.0), 6)  # topic match only, full match
        assert set(row.match_features) == {"topic_match", "interest_affinity",
                                           "ai_relevance", "channel_affinity",
                                           "recency_fatigue"}
    assert ledger[(world.ada.id, world.hook.id)].match_features["channel_affinity"] == \
        round(10 / 12, 6)


async def test_explain_match_shows_every_scorer_contribution(gql) -> None:
    await gql.data(CREATE_STRATEGY, {"input": {"name": "full", "weights": FULL_WEIGHTS,
                                               "bias": -2.0, "threshold": 0.0}})
    world = await build_world(strategy="full")
    await resolve_audience(world.publication.id)

    ada = await _explain(gql, world, world.ada)
    assert (ada["strategyName"], ada["strategyVersion"], ada["selected"]) == ("full", 1, True)
    hook = _by_channel(ada)["hook"]
    values = {c["scorer"]: c["value"] for c in hook["contributions"]}
    assert values == {"TOPIC_MATCH": 1.0, "INTEREST_AFFINITY": round(1 - math.exp(-2), 6),
                      "AI_RELEVANCE": 0.8, "CHANNEL_AFFINITY": round(10 / 12, 6),
                      "RECENCY_FATIGUE": 0.0}
    for item in hook["contributions"]:
        assert abs(item["contribution"] - item["value"] * item["weight"]) < 1e-5
    total = -2.0 + sum(item["contribution"] for item in hook["contributions"])
    assert abs(hook["score"] - _sigmoid(total)) < 1e-5
    assert abs(hook["recordedScore"] - hook["score"]) < 1e-5
    assert hook["reason"] == "SELECTED"
    # the mail channel differs by channel affinity alone: ada never answers by mail
    mail_values = {c["scorer"]: c["value"] for c in _by_channel(ada)["mail"]["contributions"]}
    assert mail_values["CHANNEL_AFFINITY"] == round(1 / 12, 6)
    # bob: no profile (affinity 0, neutral channel affinity) and tired by two messages today
    bob = {c["scorer"]: c for c in _by_channel(await _explain(gql, world, world.bob))["mail"]
           ["contributions"]}
    assert bob["INTEREST_AFFINITY"]["value"] == 0.0
    assert bob["CHANNEL_AFFINITY"]["value"] == 0.5
    assert bob["RECENCY_FATIGUE"]["value"] == 0.5
    assert bob["RECENCY_FATIGUE"]["contribution"] == -1.0

    reasons = {}
    for person in (world.cy, world.dee, world.eve):
        explained = _by_channel(await _explain(gql, world, person))
        reasons[person.email] = explained["mail"]["reason"]
        assert not explained["mail"]["selected"]
        assert explained["hook"]["reason"] in ("NOT_SUBSCRIBED_TO_TOPIC", "UNSUBSCRIBED")
    assert reasons == {"cy@example.com": "UNSUBSCRIBED",
                       "dee@example.com": "NOT_SUBSCRIBED_TO_TOPIC",
                       "eve@example.com": "SUPPRESSED"}


async def test_threshold_excludes_low_scores(gql) -> None:
    await gql.data(CREATE_STRATEGY, {"input": {
        "name": "responsive", "weights": [{"scorer": "CHANNEL_AFFINITY", "weight": 6.0}],
        "bias": -3.0, "threshold": 0.6}})
    world = await build_world(strategy="responsive")

    await resolve_audience(world.publication.id)

    # ada on the hook: sigmoid(6 x 10/12 - 3) = 0.88; by mail sigmoid(0.5 - 3) = 0.08;
    # bob and eve have no history: sigmoid(6 x 0.5 - 3) = 0.5 < 0.6
    assert set(await _ledger(world.publication.id)) == {(world.ada.id, world.hook.id)}
    bob = _by_channel(await _explain(gql, world, world.bob))["mail"]
    assert (bob["reason"], bob["selected"], bob["score"]) == ("BELOW_THRESHOLD", False, 0.5)
    assert bob["recordedScore"] is None
    explained = await explain_match(world.publication.id, world.ada.id)
    by_channel = {c.channel_id: c for c in explained.channels}
    assert by_channel[world.mail.id].reason is MatchReason.BELOW_THRESHOLD
    assert by_channel[world.hook.id].reason is MatchReason.SELECTED

    # explainAudience names the threshold too (bob has no ledger row on the mail channel)
    audience = (await gql.data(EXPLAIN_AUDIENCE, {
        "p": gid("Publication", world.publication.id), "s": gid("Subscriber", world.bob.id)},
        role="viewer"))["explainAudience"]
    mail = next(row for row in audience["channels"]
                if row["channelId"] == gid("Channel", world.mail.id))
    assert mail["reason"] == "BELOW_MATCHING_THRESHOLD" and not audience["received"]
    assert "responsive v1: score 0.500 is below its threshold 0.6" in mail["message"]


async def test_best_channel_mode_picks_one_channel_per_reader(gql) -> None:
    await gql.data(CREATE_STRATEGY, {"input": {
        "name": "one-channel", "mode": "BEST_CHANNEL",
        "weights": [{"scorer": "TOPIC_MATCH", "weight": 1.0},
                    {"scorer": "CHANNEL_AFFINITY", "weight": 4.0}]}})
    world = await build_world(strategy="one-channel")

    await resolve_audience(world.publication.id)

    ledger = await _ledger(world.publication.id)
    assert set(ledger) == {(world.ada.id, world.hook.id), (world.bob.id, world.mail.id),
                           (world.eve.id, world.mail.id)}
    ada = _by_channel(await _explain(gql, world, world.ada))
    assert ada["hook"]["reason"] == "SELECTED"
    assert ada["mail"]["reason"] == "NOT_BEST_CHANNEL"
    assert ada["mail"]["score"] < ada["hook"]["score"]
    audience = (await gql.data(EXPLAIN_AUDIENCE, {
        "p": gid("Publication", world.publication.id), "s": gid("Subscriber", world.ada.id)},
        role="viewer"))["explainAudience"]
    reasons = {row["channelId"]: row["reason"] for row in audience["channels"]}
    assert reasons[gid("Channel", world.mail.id)] == "NOT_BEST_CHANNEL"


async def test_a_new_version_replaces_the_active_one_and_is_listed(gql) -> None:
    first = (await gql.data(CREATE_STRATEGY, {"input": {
        "name": "mine", "weights": [{"scorer": "TOPIC_MATCH", "weight": 2}]}})
    )["createMatchingStrategy"]
    second = (await gql.data(CREATE_STRATEGY, {"input": {
        "name": "mine", "weights": [{"scorer": "AI_RELEVANCE", "weight": 2}],
        "threshold": 0.3}}))["createMatchingStrategy"]
    assert (first["version"], second["version"]) == (1, 2)
    data = await gql.data('{ matchingStrategies(name: "mine") { version status source } }',
                          role="viewer")
    assert data["matchingStrategies"] == [
        {"version": 2, "status": "active", "source": "manual"},
        {"version": 1, "status": "retired", "source": "manual"}]
    everything = await gql.data("{ matchingStrategies { name version } }", role="viewer")
    assert {"name": "default", "version": 1} in everything["matchingStrategies"]


async def test_a_publication_chooses_its_strategy(gql) -> None:
    await gql.data(CREATE_STRATEGY, {"input": {
        "name": "picky", "weights": [{"scorer": "TOPIC_MATCH", "weight": 1}]}})
    created = await gql.data(
        'mutation { createPublication(input: {title: "T", matchingStrategy: "picky"}) '
        "{ id matchingStrategy } }", role="editor")
    publication = created["createPublication"]
    assert publication["matchingStrategy"] == "picky"
    updated = await gql.data(
        'mutation($id: ID!) { updatePublication(input: {id: $id, matchingStrategy: '
        '"default"}) { matchingStrategy } }', {"id": publication["id"]}, role="editor")
    assert updated["updatePublication"]["matchingStrategy"] == "default"
    assert (await Publication.get()).matching_strategy is None


# --- bad input --------------------------------------------------------------------------

def _assert_error(error: dict[str, Any], code: str, field: str | None = None) -> None:
    assert error["extensions"]["code"] == code, error
    if field is not None:
        assert error["extensions"].get("field") == field, error


async def test_bad_strategy_input_is_refused_field_by_field(gql) -> None:
    cases = [
        ({"name": "x", "weights": FULL_WEIGHTS, "threshold": 1.5}, "threshold"),
        ({"name": "x", "weights": FULL_WEIGHTS, "threshold": -0.1}, "threshold"),
        ({"name": "x", "weights": [{"scorer": "TOPIC_MATCH", "weight": 1},
                                   {"scorer": "AI_RELEVANCE", "weight": 99}]},
         "weights[1].weight"),
        ({"name": "x", "weights": [{"scorer": "TOPIC_MATCH", "weight": 1},
                                   {"scorer": "TOPIC_MATCH", "weight": 2}]},
         "weights[1].scorer"),
        ({"name": "x", "weights": [{"scorer": "TOPIC_MATCH", "weight": 0}]}, "weights"),
        ({"name": "x", "weights": FULL_WEIGHTS, "bias": 1e9}, "bias"),
        ({"name": "Not A Name", "weights": FULL_WEIGHTS}, "name"),
    ]
    for values, field in cases:
        error = await gql.error(CREATE_STRATEGY, {"input": values})
        _assert_error(error, "BAD_USER_INPUT", field)
    assert not await MatchingStrategy.filter(name="x").exists()


async def test_unknown_strategies_and_wrong_ids_are_refused(gql) -> None:
    world = await build_world()
    error = await gql.error(
        'mutation { createPublication(input: {title: "T", matchingStrategy: "nope"}) { id } }',
        role="editor")
    _assert_error(error, "BAD_USER_INPUT", "matchingStrategy")
    assert await Publication.filter(title="T").count() == 0
    draft = await Publication.create(title="Draft", matching_strategy=None)
    error = await gql.error(
        'mutation($id: ID!) { updatePublication(input: {id: $id, matchingStrategy: "nope", '
        'title: "Renamed"}) { id } }', {"id": gid("Publication", draft.id)}, role="editor")
    _assert_error(error, "BAD_USER_INPUT", "matchingStrategy")
    draft = await Publication.get(id=draft.id)
    assert (draft.title, draft.matching_strategy) == ("Draft", None)  # nothing half-written
    promote = "mutation($id: ID!) { promoteMatchingStrategy(id: $id) { id } }"
    _assert_error(await gql.error(promote, {"id": gid("Publication", 1)}),
                  "BAD_USER_INPUT", "id")
    _assert_error(await gql.error(promote, {"id": gid("MatchingStrategy", 999)}),
                  "NOT_FOUND", "id")
    await gql.data("{ matchingStrategies { id } }")  # seeds the default strategy
    default = await MatchingStrategy.get(name="default")
    _assert_error(await gql.error(promote, {"id": gid("MatchingStrategy", default.id)}),
                  "CONFLICT", "id")
    _assert_error(await gql.error(EXPLAIN, {"p": gid("Topic", 1),
                                            "s": gid("Subscriber", world.ada.id)}),
                  "BAD_USER_INPUT", "publicationId")
    _assert_error(await gql.error(EXPLAIN, {"p": gid("Publication", world.publication.id),
                                            "s": gid("Subscriber", 99_999)}),
                  "NOT_FOUND", "subscriberId")
    _assert_error(await gql.error(EXPLAIN, {"p": gid("Publication", 99_999),
                                            "s": gid("Subscriber", world.ada.id)}),
                  "NOT_FOUND", "publicationId")
    _assert_error(await gql.error('mutation { trainMatchingStrategy(name: "nope") '
                                  "{ queued } }"), "NOT_FOUND", "name")
    _assert_error(await gql.error('{ matchingStrategies(name: "Bad Name") { id } }'),
                  "BAD_USER_INPUT", "name")
    assert (await Publication.get(id=world.publication.id)).matching_strategy is None


# --- query counts -----------------------------------------------------------------------

async def _statements(gql, query: str, variables: dict[str, Any] | None = None
                      ) -> tuple[int, dict[str, Any]]:
    await gql.data("{ me { name } }", role="viewer")  # the principal is cached from here
    with count_queries() as statements:
        data = await gql.data(query, variables, role="viewer")
    return len(statements), data


async def test_strategy_list_costs_the_same_whatever_its_length(gql) -> None:
    for version in range(2):
        await gql.data(CREATE_STRATEGY, {"input": {
            "name": f"s{version}", "weights": [{"scorer": "TOPIC_MATCH", "weight": 1}]}})
    query = "{ matchingStrategies { id name version weights { scorer weight } metrics } }"
    few, small = await _statements(gql, query)
    for version in range(10):
        await gql.data(CREATE_STRATEGY, {"input": {
            "name": "many", "weights": [{"scorer": "AI_RELEVANCE", "weight": version + 1}]}})
    many, large = await _statements(gql, query)
    assert (len(small["matchingStrategies"]), len(large["matchingStrategies"])) == (3, 13)
    assert few == many


async def test_explain_match_costs_the_same_whatever_the_channel_count(gql) -> None:
    world = await build_world()
    variables = {"p": gid("Publication", world.publication.id),
                 "s": gid("Subscriber", world.ada.id)}
    few, small = await _statements(gql, EXPLAIN, variables)
    topic = world.topic
    for index in range(4):
        channel = await Channel.create(name=f"extra{index}", type=ChannelType.EMAIL, config={})
        await world.publication.channels.add(channel)
        await SubscriberPreference.create(subscriber=world.ada, topic=topic, channel=channel)
    many, large = await _statements(gql, EXPLAIN, variables)
    assert (len(small["explainMatch"]["channels"]), len(large["explainMatch"]["channels"])) \
        == (2, 6)
    assert few == many


async def test_best_channel_ties_follow_the_readers_channel_order(gql) -> None:
    await gql.data(CREATE_STRATEGY, {"input": {
        "name": "tie", "mode": "BEST_CHANNEL",
        "weights": [{"scorer": "TOPIC_MATCH", "weight": 1.0}]}})
    world = await build_world(strategy="tie")
    world.ada.channel_order = [world.hook.id, world.mail.id]
    await world.ada.save()
    carl = await Subscriber.create(email="carl@example.com")  # no order: the lower id
    await SubscriberPreference.bulk_create([
        SubscriberPreference(subscriber=carl, topic=world.topic, channel=channel)
        for channel in (world.hook, world.mail)])

    await resolve_audience(world.publication.id)

    ledger = await _ledger(world.publication.id)
    assert (world.ada.id, world.hook.id) in ledger and (world.ada.id, world.mail.id) \
        not in ledger
    assert (carl.id, world.mail.id) in ledger and (carl.id, world.hook.id) not in ledger
    ada = _by_channel(await _explain(gql, world, world.ada))
    assert ada["hook"]["score"] == ada["mail"]["score"]
    assert ada["mail"]["reason"] == "NOT_BEST_CHANNEL"
