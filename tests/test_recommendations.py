"""Recommendations for a publication or a topic, from history with a known best answer
and from an experiment's winner, applied with one mutation (real PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from tortoise import Tortoise

from domain.audience.models import Frequency, Subscriber, SubscriberPreference, Topic
from domain.channels.models import Channel, ChannelType
from domain.engagement.models import Granularity, MetricRollup
from domain.experiments.models import Experiment, ExperimentStatus, Variant, VariantTally
from domain.optimization import sendtime
from domain.optimization.models import PublicationOptimization
from domain.personalization.models import ChannelResponsiveness
from domain.principals.actor import Actor
from domain.principals.models import Role
from domain.publications.models import Publication, PublicationStatus
from domain.templates import service as templates
from tests.graphql_client import gid

ADMIN = Actor(name="admin", role=Role.ADMIN)
YESTERDAY = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).replace(
    hour=0, minute=0, second=0, microsecond=0)

QUERY = """query($p: ID, $t: ID) { recommendations(publicationId: $p, topicId: $t) {
  kind summary value expectedEffect expectedRelative applicable applyNote
  evidence { sampleSize baselineSampleSize confidence pValue experimentId detail } } }"""
APPLY = """mutation($input: ApplyRecommendationInput!) { applyRecommendation(input: $input)
  { kind value } }"""


async def _history(topic: Topic, title: str, template_id: int, delivered: int, opens: int
                   ) -> Publication:
    publication = await Publication.create(title=title, status=PublicationStatus.PUBLISHED,
                                           template_choices={"html": template_id})
    await publication.topics.add(topic)
    await MetricRollup.create(granularity=Granularity.DAY, bucket=YESTERDAY,
                              publication_id=publication.id, channel_id=1, sent=delivered,
                              delivered=delivered, unique_opens=opens)
    return publication


async def _world():
    topic = await Topic.create(slug="news", name="News")
    plain = await templates.create_template(ADMIN, name="plain", channel_type=ChannelType.EMAIL,
                                            source="{{ title }}")
    rich = await templates.create_template(ADMIN, name="rich", channel_type=ChannelType.EMAIL,
                                           source="<h1>{{ title }}</h1>")
    # long subjects with the rich template open at 40%, short ones with plain at 20%
    await _history(topic, "A long and descriptive subject line of sixty chars", rich.id,
                   1000, 400)
    await _history(topic, "Short one", plain.id, 1000, 200)
    mail = await Channel.create(name="mail", type=ChannelType.EMAIL, config={})
    hook = await Channel.create(name="hook", type=ChannelType.WEBHOOK, config={"url": "x"})
    readers = []
    for i in range(6):
        reader = await Subscriber.create(email=f"r{i}@example.com", timezone="Europe/Paris")
        readers.append(reader)
        for channel in (mail, hook):
            await SubscriberPreference.create(subscriber=reader, topic=topic, channel=channel,
                                              frequency=Frequency.IMMEDIATE)
        await ChannelResponsiveness.create(subscriber=reader, channel=hook, sent=20,
                                           engaged=15)
        await ChannelResponsiveness.create(subscriber=reader, channel=mail, sent=20,
                                           engaged=2)
    # every reader opens on Tuesdays around 08:00 Paris time
    await Tortoise.get_connection("default").execute_query(
        "INSERT INTO engagement_event (subscriber_id, type, occurred_at, is_machine, "
        "metadata, received_at) SELECT s, 'open', "
        "date_trunc('week', now()) - make_interval(weeks => w) + interval '1 day 7 hours', "
        "false, '{}'::jsonb, now() FROM unnest($1::int[]) AS s, generate_series(1, 6) AS w",
        [[r.id for r in readers]])
    sendtime.PRIORS.invalidate()
    return topic, plain, rich, mail, hook, readers


async def test_topic_recommendations_find_the_planted_best(db, gql) -> None:
    topic, _plain, rich, _mail, _hook, readers = await _world()

    data = await gql.data(QUERY, {"t": gid("Topic", topic.id)}, role="viewer")

    found = {r["kind"]: r for r in data["recommendations"]}
    assert set(found) == {"SEND_TIME", "CHANNEL", "SUBJECT_LENGTH", "TEMPLATE"}
    assert found["TEMPLATE"]["value"] == f"template:{rich.id}"
    assert abs(found["TEMPLATE"]["expectedEffect"] - 0.2) < 1e-9
    assert found["TEMPLATE"]["evidence"]["sampleSize"] == 1000
    assert found["TEMPLATE"]["evidence"]["pValue"] < 1e-6
    assert found["SUBJECT_LENGTH"]["value"] == "title:50-69"
    assert found["CHANNEL"]["value"] == "BEST_CHANNEL"
    assert found["CHANNEL"]["evidence"]["sampleSize"] == len(readers)
    assert found["SEND_TIME"]["value"] == "OPTIMAL:24"
    assert found["SEND_TIME"]["expectedRelative"] > 1
    assert found["SEND_TIME"]["evidence"]["baselineSampleSize"] == len(readers)  # history
    # a topic is not a publication: nothing to apply to
    assert not any(r["applicable"] for r in found.values())


async def test_apply_recommendations_to_a_draft(db, gql) -> None:
    topic, plain, rich, mail, hook, _readers = await _world()
    draft = await Publication.create(title="Tiny", template_choices={"html": plain.id})
    await draft.topics.add(topic)
    await draft.channels.add(mail, hook)
    publication_id = gid("Publication", draft.id)

    data = await gql.data(QUERY, {"p": publication_id})
    found = {r["kind"]: r for r in data["recommendations"]}
    assert found["TEMPLATE"]["applicable"] and found["CHANNEL"]["applicable"]
    assert not found["SEND_TIME"]["applicable"]  # a draft is not scheduled yet
    assert not found["SUBJECT_LENGTH"]["applicable"]  # a subject is the editor's words

    applied = await gql.data(APPLY, {"input": {"publicationId": publication_id,
                                               "kind": "TEMPLATE"}}, role="editor")
    assert applied["applyRecommendation"]["value"] == f"template:{rich.id}"
    assert (await Publication.get(id=draft.id)).template_choices == {"html": rich.id}
    await gql.data(APPLY, {"input": {"publicationId": publication_id, "kind": "CHANNEL"}},
                   role="editor")
    assert await PublicationOptimization.exists(publication_id=draft.id,
                                                best_channel_only=True)

    # not applicable: a clear error, and nothing changes
    error = await gql.error(APPLY, {"input": {"publicationId": publication_id,
                                              "kind": "SEND_TIME"}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == \
        ("BAD_USER_INPUT", "kind")
    assert "schedule it once approved" in error["message"]
    assert (await Publication.get(id=draft.id)).status is PublicationStatus.DRAFT


async def test_an_experiment_winner_feeds_the_recommendation(db, gql) -> None:
    topic, plain, rich, _mail, _hook, _readers = await _world()
    tested = await Publication.create(title="tested", status=PublicationStatus.PUBLISHED)
    await tested.topics.add(topic)
    experiment = await Experiment.create(publication=tested, name="template test",
                                         status=ExperimentStatus.COMPLETED,
                                         decided_at=dt.datetime.now(dt.UTC))
    control = await Variant.create(experiment=experiment, name="a", position=0,
                                   template=plain)
    winner = await Variant.create(experiment=experiment, name="b", position=1,
                                  template=rich, is_winner=True)
    await VariantTally.create(variant=control, exposures=2000, opens=300)
    await VariantTally.create(variant=winner, exposures=2000, opens=380)

    data = await gql.data(QUERY, {"t": gid("Topic", topic.id)})

    [template] = [r for r in data["recommendations"] if r["kind"] == "TEMPLATE"]
    assert template["value"] == f"template:{rich.id}"
    assert template["evidence"]["experimentId"] == gid("Experiment", experiment.id)
    assert (template["evidence"]["sampleSize"],
            template["evidence"]["baselineSampleSize"]) == (2000, 2000)
    assert abs(template["expectedEffect"] - 0.04) < 1e-9
    assert template["evidence"]["confidence"] > 0.99


async def test_recommendations_bad_input(db, gql) -> None:
    topic = await Topic.create(slug="t", name="T")
    publication = await Publication.create(title="x")
    for variables, code, field in (
            ({}, "BAD_USER_INPUT", "publicationId"),
            ({"p": gid("Publication", publication.id), "t": gid("Topic", topic.id)},
             "BAD_USER_INPUT", "publicationId"),
            ({"p": gid("Publication", 999)}, "NOT_FOUND", "publicationId"),
            ({"t": gid("Publication", publication.id)}, "BAD_USER_INPUT", "topicId")):
        error = await gql.error(QUERY, variables)
        assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, field)
    error = await gql.error(APPLY, {"input": {"publicationId": gid("Publication",
                                                                   publication.id),
                                              "kind": "TEMPLATE"}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == \
        ("BAD_USER_INPUT", "kind")
