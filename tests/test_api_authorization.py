"""The authorization matrix: every mutation by every role (and anonymous), every query field
for anonymous callers, and the tokens that must not authenticate anyone.

Allowed calls run against real rows (a draft, a publication in review, an approved one, …)
so they succeed and leave an audit entry; refused calls must leave no trace.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import graphql
import jwt
import pytest
from arq.connections import ArqRedis
from strawberry import relay

from app.auth import TOKEN_AUDIENCE, TOKEN_ISSUER, issue_token
from domain.audience import service as audience
from domain.audience.models import Frequency, SubscriberPreference
from domain.channels import service as channels
from domain.channels.models import ChannelType
from domain.channels.ssrf import TargetResolver
from domain.channels.webhook import WebhookTransport
from domain.deliveries.engine import DeliveryEngine
from domain.deliveries.policy import DeliveryPolicy
from domain.experiments import service as experiments
from domain.flags import service as flag_service
from domain.intelligence.quality_models import QualityPolicy
from domain.intelligence.service import IntelligenceService
from domain.matching import strategies as matching
from domain.principals import service as principals
from domain.principals.actor import Actor
from domain.principals.models import AuditLogEntry, Principal, Role
from domain.publications import service as publications
from domain.publications.models import Priority
from domain.templates import brands
from domain.templates import service as templates
from schema.root import schema
from tests.graphql_client import TEST_SECRET, token_for
from workers.queue import ArqDeliveryQueue

ROLES = ("admin", "editor", "reviewer", "viewer")
CALLERS = (*ROLES, None)  # None: no token at all
CONTENT = frozenset({"admin", "editor"})
REVIEW = frozenset({"admin", "reviewer"})
ADMIN = frozenset({"admin"})

ADMIN_ACTOR = Actor(name="setup-admin", role=Role.ADMIN)
AUTHOR = Actor(name="author-editor", role=Role.EDITOR)


def gid(type_name: str, pk: int) -> str:
    return str(relay.GlobalID(type_name, str(pk)))


@dataclass(frozen=True)
class World:
    """Global ids of real rows, each in the state its mutation needs."""

    topic: str
    channel: str
    subscriber: str
    draft: str
    in_review: str
    approved: str
    template: str
    principal: str
    brand: str
    hook: str
    draft_experiment: str
    running_experiment: str
    policy: str
    retired_strategy: str
    #: a topic no publication uses (deleteTopic)
    spare_topic: str


async def build_world() -> World:
    topic = await audience.create_topic(ADMIN_ACTOR, slug="news", name="News")
    spare_topic = await audience.create_topic(ADMIN_ACTOR, slug="spare", name="Spare")
    channel = await channels.create_channel(ADMIN_ACTOR, TEST_SECRET, name="Feed",
                                            type=ChannelType.RSS)
    subscriber = await audience.create_subscriber(ADMIN_ACTOR, email="ada@example.com")

    async def publication(title: str) -> int:
        created = await publications.create_publication(
            AUTHOR, title=title, topic_ids=[topic.id], channel_ids=[channel.id])
        return created.id

    draft = await publication("draft")
    in_review = await publication("in review")
    await publications.submit_for_review(AUTHOR, in_review)
    approved = await publication("approved")
    await publications.submit_for_review(AUTHOR, approved)
    await publications.approve(ADMIN_ACTOR, approved)
    template = await templates.create_template(ADMIN_ACTOR, name="base",
                                               channel_type=ChannelType.EMAIL,
                                               source="Hello {{ title }}")
    principal = await principals.create_principal(ADMIN_ACTOR, name="someone",
                                                  role=Role.VIEWER)
    brand = await brands.create_brand(ADMIN_ACTOR, name="Acme")
    # a webhook on loopback: testChannel reaches the SSRF guard, which refuses it at once
    hook = await channels.create_channel(ADMIN_ACTOR, TEST_SECRET, name="Hook",
                                         type=ChannelType.WEBHOOK,
                                         config={"url": "http://127.0.0.1:9/hook"})
    # a daily digest on the webhook for newsletterPreview
    await SubscriberPreference.create(subscriber_id=subscriber.id, topic_id=topic.id,
                                      channel_id=hook.id, frequency=Frequency.DAILY)
    two = [experiments.VariantSpec("a"), experiments.VariantSpec("b", title="B")]
    draft_experiment = await experiments.create_experiment(
        AUTHOR, experiments.ExperimentSpec(publication_id=draft, name="d", variants=two))
    running = await experiments.create_experiment(
        AUTHOR, experiments.ExperimentSpec(publication_id=in_review, name="r", variants=two))
    await experiments.start_experiment(AUTHOR, running.id)
    await flag_service.set_flag(ADMIN_ACTOR, "old-flag", enabled=True)
    policy = await QualityPolicy.create(priority=Priority.CRITICAL, min_score=0.2)
    retired = await matching.create_strategy(ADMIN_ACTOR, name="hand-made",
                                             weights={"topic_match": 1.0})
    await matching.create_strategy(ADMIN_ACTOR, name="hand-made",
                                   weights={"channel_affinity": 2.0})
    return World(
        retired_strategy=gid("MatchingStrategy", retired.id),
        draft_experiment=gid("Experiment", draft_experiment.id),
        running_experiment=gid("Experiment", running.id),
        policy=gid("QualityPolicy", policy.id),
        topic=gid("Topic", topic.id), channel=gid("Channel", channel.id),
        subscriber=gid("Subscriber", subscriber.id), draft=gid("Publication", draft),
        in_review=gid("Publication", in_review), approved=gid("Publication", approved),
        template=gid("Template", template.id), principal=gid("Principal", principal.id),
        brand=gid("Brand", brand.id), hook=gid("Channel", hook.id),
        spare_topic=gid("Topic", spare_topic.id),
    )


@dataclass(frozen=True)
class Case:
    document: str
    variables: Callable[[World], dict[str, Any]]
    allowed: frozenset[str]
    #: rows the call needs beyond build_world's
    setup: Callable[[World], Awaitable[None]] | None = None


async def _reader_on_two_channels(world: World) -> None:
    """Ada asks for the world's topic on email and on the webhook: the draft gets a
    channel recommendation that can be applied."""
    mail = await channels.create_channel(ADMIN_ACTOR, TEST_SECRET, name="Mail",
                                         type=ChannelType.EMAIL,
                                         config={"from_address": "news@example.com"})
    subscriber = int(relay.GlobalID.from_id(world.subscriber).node_id)
    topic = int(relay.GlobalID.from_id(world.topic).node_id)
    for channel in (mail.id, int(relay.GlobalID.from_id(world.hook).node_id)):
        # (the world already has her daily digest on the webhook: this makes it immediate)
        await SubscriberPreference.update_or_create(
            {"frequency": Frequency.IMMEDIATE}, subscriber_id=subscriber, topic_id=topic,
            channel_id=channel)


def _input(type_name: str, mutation: str, selection: str = "id") -> str:
    return (f"mutation($input: {type_name}!) {{ {mutation}(input: $input) {{ {selection} }} }}")


def _by_id(mutation: str) -> str:
    return f"mutation($id: ID!) {{ {mutation}(id: $id) {{ id status }} }}"


def _delete(mutation: str) -> str:
    return f"mutation($id: ID!) {{ {mutation}(id: $id) {{ id outcome }} }}"


IN_AN_HOUR = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).isoformat()

MATRIX: dict[str, Case] = {
    # publications
    "createPublication": Case(
        _input("CreatePublicationInput", "createPublication"),
        lambda w: {"input": {"title": "New", "topicIds": [w.topic], "channelIds": [w.channel]}},
        CONTENT),
    "updatePublication": Case(
        _input("UpdatePublicationInput", "updatePublication"),
        lambda w: {"input": {"id": w.draft, "title": "Renamed"}}, CONTENT),
    "submitPublication": Case(_by_id("submitPublication"), lambda w: {"id": w.draft}, CONTENT),
    "approvePublication": Case(
        _input("ReviewInput", "approvePublication", "id status"),
        lambda w: {"input": {"id": w.in_review, "note": "fine"}}, REVIEW),
    "rejectPublication": Case(
        _input("ReviewInput", "rejectPublication", "id status"),
        lambda w: {"input": {"id": w.in_review, "note": "needs work"}}, REVIEW),
    "schedulePublication": Case(
        _input("SchedulePublicationInput", "schedulePublication", "id status"),
        lambda w: {"input": {"id": w.approved, "at": IN_AN_HOUR}}, CONTENT),
    "publishNow": Case(_by_id("publishNow"), lambda w: {"id": w.approved}, CONTENT),
    # optimization
    "applyRecommendation": Case(
        _input("ApplyRecommendationInput", "applyRecommendation", "kind"),
        lambda w: {"input": {"publicationId": w.draft, "kind": "CHANNEL"}}, CONTENT,
        setup=_reader_on_two_channels),
    "setChannelStrategy": Case(
        _input("SetChannelStrategyInput", "setChannelStrategy", "strategy"),
        lambda w: {"input": {"publicationId": w.draft, "strategy": "BEST_CHANNEL"}}, CONTENT),
    "cancelPublication": Case(_by_id("cancelPublication"), lambda w: {"id": w.draft}, CONTENT),
    "setNewsletterEdition": Case(
        _input("SetNewsletterEditionInput", "setNewsletterEdition", "publication { id }"),
        lambda w: {"input": {"id": w.draft, "sections": [{"kind": "TOP_FROM_TOPICS"}]}},
        CONTENT),
    # audience
    "createSubscriber": Case(
        _input("CreateSubscriberInput", "createSubscriber"),
        lambda w: {"input": {"email": "grace@example.com",
                             "preferences": [{"topicId": w.topic, "channelId": w.channel}]}},
        CONTENT),
    "updateSubscriberPreferences": Case(
        _input("UpdateSubscriberPreferencesInput", "updateSubscriberPreferences"),
        lambda w: {"input": {"id": w.subscriber,
                             "preferences": [{"topicId": w.topic, "channelId": w.channel,
                                              "frequency": "DAILY"}]}},
        CONTENT),
    "unsubscribe": Case(
        _input("UnsubscribeInput", "unsubscribe", "id status"),
        lambda w: {"input": {"id": w.subscriber}}, CONTENT),
    "updateSubscriber": Case(
        _input("UpdateSubscriberInput", "updateSubscriber"),
        lambda w: {"input": {"id": w.subscriber, "name": "Ada L.", "locale": "fr"}}, CONTENT),
    "deleteSubscriber": Case(_delete("deleteSubscriber"), lambda w: {"id": w.subscriber},
                             CONTENT),
    "eraseSubscriber": Case("mutation($id: ID!) { eraseSubscriber(id: $id) { id } }",
                            lambda w: {"id": w.subscriber}, ADMIN),
    "deleteTopic": Case(_delete("deleteTopic"), lambda w: {"id": w.spare_topic}, CONTENT),
    "createTopic": Case(
        _input("CreateTopicInput", "createTopic"),
        lambda w: {"input": {"slug": "sports", "name": "Sports"}}, CONTENT),
    "updateTopic": Case(
        _input("UpdateTopicInput", "updateTopic"),
        lambda w: {"input": {"id": w.topic, "description": "All the news"}}, CONTENT),
    # templates
    "createTemplate": Case(
        _input("CreateTemplateInput", "createTemplate"),
        lambda w: {"input": {"name": "child", "channelType": "EMAIL",
                             "source": "{{ body }}", "parentId": w.template}},
        CONTENT),
    "updateTemplate": Case(
        _input("UpdateTemplateInput", "updateTemplate"),
        lambda w: {"input": {"id": w.template, "source": "Hi {{ title }}"}}, CONTENT),
    "deleteTemplate": Case(_delete("deleteTemplate"), lambda w: {"id": w.template}, CONTENT),
    "restoreTemplateVersion": Case(
        _input("RestoreTemplateVersionInput", "restoreTemplateVersion"),
        lambda w: {"input": {"id": w.template, "version": 1}}, CONTENT),
    # brands and the look of a publication
    "createBrand": Case(
        _input("CreateBrandInput", "createBrand"),
        lambda w: {"input": {"name": "Other brand"}}, CONTENT),
    "updateBrand": Case(
        _input("UpdateBrandInput", "updateBrand"),
        lambda w: {"input": {"id": w.brand, "footer": "New footer"}}, CONTENT),
    "deleteBrand": Case(_delete("deleteBrand"), lambda w: {"id": w.brand}, CONTENT),
    "setPublicationPresentation": Case(
        _input("SetPublicationPresentationInput", "setPublicationPresentation", "variables"),
        lambda w: {"input": {"id": w.draft, "brandId": w.brand}}, CONTENT),
    "setChannelBrand": Case(
        _input("SetChannelBrandInput", "setChannelBrand"),
        lambda w: {"input": {"channelId": w.channel, "brandId": w.brand}}, ADMIN),
    # administration
    "createChannel": Case(
        _input("CreateChannelInput", "createChannel"),
        lambda w: {"input": {"name": "Alerts", "type": "RSS", "config": {"title": "Alerts"}}},
        ADMIN),
    "updateChannel": Case(
        _input("UpdateChannelInput", "updateChannel"),
        lambda w: {"input": {"id": w.channel, "status": "PAUSED", "statusReason": "test"}},
        ADMIN),
    "deleteChannel": Case(_delete("deleteChannel"), lambda w: {"id": w.hook}, ADMIN),
    "testChannel": Case("mutation($id: ID!) { testChannel(id: $id) { ok reason } }",
                        lambda w: {"id": w.hook}, ADMIN),
    "createPrincipal": Case(
        _input("CreatePrincipalInput", "createPrincipal"),
        lambda w: {"input": {"name": "newcomer", "role": "EDITOR"}}, ADMIN),
    "updatePrincipal": Case(
        _input("UpdatePrincipalInput", "updatePrincipal"),
        lambda w: {"input": {"id": w.principal, "role": "REVIEWER"}}, ADMIN),
    "deletePrincipal": Case(_delete("deletePrincipal"), lambda w: {"id": w.principal}, ADMIN),
    "revokePrincipalTokens": Case(
        "mutation($id: ID!) { revokePrincipalTokens(id: $id) { id tokensValidAfter } }",
        lambda w: {"id": w.principal}, ADMIN),
    # alerts
    "createAlert": Case(
        _input("CreateAlertInput", "createAlert"),
        lambda w: {"input": {"title": "Outage", "severity": "CRITICAL",
                             "channelIds": [w.channel]}}, CONTENT),
    # experiments
    "createExperiment": Case(
        _input("CreateExperimentInput", "createExperiment"),
        lambda w: {"input": {"publicationId": w.approved, "name": "t",
                             "variants": [{"name": "a"}, {"name": "b", "title": "B"}]}},
        CONTENT),
    "startExperiment": Case(_by_id("startExperiment"), lambda w: {"id": w.draft_experiment},
                            CONTENT),
    "cancelExperiment": Case(_by_id("cancelExperiment"),
                             lambda w: {"id": w.draft_experiment}, CONTENT),
    "stopExperiment": Case(_by_id("stopExperiment"), lambda w: {"id": w.running_experiment},
                           CONTENT),
    "declareWinner": Case(_input("DeclareWinnerInput", "declareWinner", "id status"),
                          lambda w: {"input": {"id": w.running_experiment, "variant": "b"}},
                          CONTENT),
    # feature flags
    "setFeatureFlag": Case(_input("SetFeatureFlagInput", "setFeatureFlag", "key"),
                           lambda w: {"input": {"key": "new-flag", "enabled": True}}, ADMIN),
    "deleteFeatureFlag": Case("mutation { deleteFeatureFlag(key: \"old-flag\") { key } }",
                              lambda w: {}, ADMIN),
    # the quality gate
    "setQualityPolicy": Case(
        _input("SetQualityPolicyInput", "setQualityPolicy"),
        lambda w: {"input": {"topicId": w.topic, "minScore": 0.4}}, ADMIN),
    "deleteQualityPolicy": Case(
        "mutation($id: ID!) { deleteQualityPolicy(id: $id) }",
        lambda w: {"id": w.policy}, ADMIN),
    "overrideChecks": Case(
        _input("OverrideChecksInput", "overrideChecks", "id status"),
        lambda w: {"input": {"id": w.draft, "note": "checked by hand"}}, REVIEW),
    # content intelligence
    "analyzeContent": Case(
        _input("AnalyzeContentInput", "analyzeContent", "cached"),
        lambda w: {"input": {"title": "A draft", "body": "Words to score."}}, CONTENT),
    "reanalyzePublication": Case("mutation($id: ID!) { reanalyzePublication(id: $id) { id } }",
                                 lambda w: {"id": w.draft}, CONTENT),
    # matching strategies
    "createMatchingStrategy": Case(
        _input("CreateMatchingStrategyInput", "createMatchingStrategy"),
        lambda w: {"input": {"name": "picky", "threshold": 0.4,
                             "weights": [{"scorer": "TOPIC_MATCH", "weight": 2.0}]}}, ADMIN),
    "trainMatchingStrategy": Case(
        'mutation { trainMatchingStrategy(name: "default") { queued } }', lambda w: {}, ADMIN),
    "promoteMatchingStrategy": Case(_by_id("promoteMatchingStrategy"),
                                    lambda w: {"id": w.retired_strategy}, ADMIN),
    # the delivery ledger
    "retryDeliveries": Case(
        _input("RetryDeliveriesInput", "retryDeliveries", "requeued"),
        lambda w: {"input": {"publicationId": w.approved}}, ADMIN),
    "replayDeadLetters": Case(
        "mutation($f: DeadLetterFilter!) { replayDeadLetters(filter: $f) { count } }",
        lambda w: {"f": {"channelId": w.channel}}, ADMIN),
    "discardDeadLetters": Case(
        "mutation($f: DeadLetterFilter!) { discardDeadLetters(filter: $f) { count } }",
        lambda w: {"f": {"errorClass": "http_5xx"}}, ADMIN),
    # channel monitoring
    "disableChannel": Case(
        'mutation($id: ID!) { disableChannel(id: $id, reason: "maintenance") { id status } }',
        lambda w: {"id": w.channel}, ADMIN),
    "enableChannel": Case(_by_id("enableChannel"), lambda w: {"id": w.channel}, ADMIN),
}


#: allowed calls that change no business state (analyzing a draft only fills a cache), so
#: they leave no audit entry
UNAUDITED = frozenset({"analyzeContent"})


def _sdl_schema() -> graphql.GraphQLSchema:
    return graphql.build_schema(schema.as_str())


def _roles_in_description(description: str | None) -> frozenset[str]:
    match = re.search(r"Requires ([^.;]+)", description or "")
    assert match, f"description does not say which role is needed: {description!r}"
    words = set(re.findall(r"[a-z]+", match.group(1)))
    if "any" in words:
        return frozenset(ROLES)
    return frozenset(words & set(ROLES))


def test_matrix_covers_every_mutation_of_the_schema() -> None:
    mutation_type = _sdl_schema().mutation_type
    assert mutation_type is not None
    in_schema = set(mutation_type.fields)
    assert in_schema - set(MATRIX) == set(), "mutations missing from the authorization matrix"
    assert set(MATRIX) - in_schema == set(), "matrix lists mutations the schema no longer has"


def test_every_mutation_documents_the_roles_the_matrix_expects() -> None:
    mutation_type = _sdl_schema().mutation_type
    assert mutation_type is not None
    for name, field in mutation_type.fields.items():
        assert _roles_in_description(field.description) == MATRIX[name].allowed, name


def test_matrix_matches_the_design_rules() -> None:
    """Editors/admins write content, reviewers/admins review, admins alone administer."""
    review = {"approvePublication", "rejectPublication", "overrideChecks"}
    administration = {"createChannel", "updateChannel", "testChannel", "createPrincipal",
                      "updatePrincipal", "revokePrincipalTokens", "retryDeliveries",
                      "setChannelBrand", "setFeatureFlag", "deleteFeatureFlag",
                      "setQualityPolicy", "deleteQualityPolicy", "createMatchingStrategy",
                      "trainMatchingStrategy", "promoteMatchingStrategy", "deleteChannel",
                      "deletePrincipal", "eraseSubscriber", "replayDeadLetters",
                      "discardDeadLetters", "disableChannel", "enableChannel"}
    for name, case in MATRIX.items():
        expected = REVIEW if name in review else ADMIN if name in administration else CONTENT
        assert case.allowed == expected, name
        assert "viewer" not in case.allowed


async def _audit_count() -> int:
    return await AuditLogEntry.all().count()


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c or "anonymous")
@pytest.mark.parametrize("mutation", sorted(MATRIX))
async def test_mutation_authorization(gql, redis_client, http_client, mutation: str,
                                      caller: str | None) -> None:
    case = MATRIX[mutation]
    # testChannel sends through the delivery runtime; private targets stay refused
    gql.graphql.channel_tester = DeliveryEngine(
        redis_client, {ChannelType.WEBHOOK: WebhookTransport(
            http_client, TargetResolver(allow_private=False), 5.0)},
        DeliveryPolicy(), TEST_SECRET)
    # content analysis and a job queue of this test's own (no worker runs its jobs)
    gql.graphql.intelligence = IntelligenceService(redis_client)
    gql.graphql.delivery_queue = ArqDeliveryQueue(
        ArqRedis(connection_pool=redis_client.connection_pool),
        queue_name=f"authorization-{uuid.uuid4().hex[:8]}")
    world = await build_world()
    if case.setup is not None:
        await case.setup(world)
    audits_before = await _audit_count()
    principals_before = await Principal.all().count()

    body = await gql.post(case.document, case.variables(world), role=caller)

    if caller in case.allowed:
        assert "errors" not in body, body
        assert body["data"][mutation] is not None
        if mutation not in UNAUDITED:
            assert await _audit_count() > audits_before
        return
    assert body.get("data") is None, body
    assert len(body["errors"]) == 1, body
    error = body["errors"][0]
    expected = "UNAUTHENTICATED" if caller is None else "FORBIDDEN"
    assert error["extensions"]["code"] == expected, error
    assert error["path"] == [mutation]
    if caller is not None:
        for role in case.allowed:
            assert role in error["message"], error
    # A refused call writes nothing: no audit entry, not even a principal row.
    assert await _audit_count() == audits_before
    assert await Principal.all().count() == principals_before


async def test_refused_mutation_leaves_the_row_unchanged(gql) -> None:
    world = await build_world()
    case = MATRIX["updateChannel"]
    error = await gql.error(case.document, case.variables(world), role="editor")
    assert error["extensions"]["code"] == "FORBIDDEN"
    data = await gql.data("query($id: ID!) { channel(id: $id) { status } }",
                          {"id": world.channel}, role="viewer")
    assert data["channel"]["status"] == "ACTIVE"


# --- queries --------------------------------------------------------------------------------

QUERY_DOCUMENTS: dict[str, tuple[str, dict[str, Any]]] = {
    "node": ("query($id: ID!) { node(id: $id) { id } }", {"id": gid("Topic", 1)}),
    "publication": ("query($id: ID!) { publication(id: $id) { id } }",
                    {"id": gid("Publication", 1)}),
    "channel": ("query($id: ID!) { channel(id: $id) { id } }", {"id": gid("Channel", 1)}),
    "subscriber": ("query($id: ID!) { subscriber(id: $id) { id } }",
                   {"id": gid("Subscriber", 1)}),
    "topic": ("query($id: ID!) { topic(id: $id) { id } }", {"id": gid("Topic", 1)}),
    "template": ("query($id: ID!) { template(id: $id) { id } }", {"id": gid("Template", 1)}),
    "publications": ("{ publications(first: 1) { edges { cursor } } }", {}),
    "subscribers": ("{ subscribers(first: 1) { edges { cursor } } }", {}),
    "channels": ("{ channels(first: 1) { edges { cursor } } }", {}),
    "topics": ("{ topics(first: 1) { edges { cursor } } }", {}),
    "templates": ("{ templates(first: 1) { edges { cursor } } }", {}),
    "deliveries": ("{ deliveries(first: 1) { edges { cursor } } }", {}),
    "me": ("{ me { name } }", {}),
    "alert": ("query($id: ID!) { alert(id: $id) { id } }", {"id": gid("Alert", 1)}),
    "deliveryStats": ("{ deliveryStats { byStatus { total } } }", {}),
    "principals": ("{ principals(first: 1) { edges { cursor } } }", {}),
    "brand": ("query($id: ID!) { brand(id: $id) { id } }", {"id": gid("Brand", 1)}),
    "brands": ("{ brands(first: 1) { edges { cursor } } }", {}),
    "publicationPresentation": (
        "query($id: ID!) { publicationPresentation(id: $id) { variables } }",
        {"id": gid("Publication", 1)}),
    "renderPreview": ("{ renderPreview(input: {channelType: SLACK}) { text } }", {}),
    "qualityPolicies": ("{ qualityPolicies { id } }", {}),
    "reviewQueue": ("{ reviewQueue(first: 1) { edges { cursor } } }", {}),
    "qualityMetrics": ('{ qualityMetrics(from: "2026-11-01T00:00:00Z", '
                       'to: "2026-11-02T00:00:00Z") { periods { start } } }', {}),
    "metrics": ('{ metrics(from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z") '
                "{ totals { opens } } }", {}),
    "subscriberEngagement": (
        "query($id: ID!) { subscriberEngagement(id: $id) { lastOpenAt } }",
        {"id": gid("Subscriber", 1)}),
    "experiment": ("query($id: ID!) { experiment(id: $id) { id } }",
                   {"id": gid("Experiment", 1)}),
    "experiments": ("{ experiments(first: 1) { edges { cursor } } }", {}),
    "experimentAnalysis": (
        "{ experimentAnalysis(metric: OPEN_RATE, variants: [{name: \"a\", exposures: 10, "
        "conversions: 1}, {name: \"b\", exposures: 10, conversions: 2}]) { decision } }", {}),
    "featureFlag": ('{ featureFlag(key: "digests") { enabled } }', {}),
    "featureFlags": ("{ featureFlags { key } }", {}),
    "auditLog": ("{ auditLog(first: 1) { edges { cursor } } }", {}),
    "importJob": ("query($id: ID!) { importJob(id: $id) { id } }",
                  {"id": gid("ImportJob", 1)}),
    "importJobs": ("{ importJobs(first: 1) { edges { cursor } } }", {}),
    "matchingStrategies": ("{ matchingStrategies { id } }", {}),
    "explainMatch": ("query($p: ID!, $s: ID!) { explainMatch(publicationId: $p, "
                     "subscriberId: $s) { selected } }",
                     {"p": gid("Publication", 1), "s": gid("Subscriber", 1)}),
    "exportSubscriberData": ("query($id: ID!) { exportSubscriberData(id: $id) }",
                             {"id": gid("Subscriber", 1)}),
    "delivery": ("query($id: ID!) { delivery(id: $id) { id } }", {"id": gid("Delivery", 1)}),
    "deadLetters": ("{ deadLetters { count } }", {}),
    # rows of build_world: the draft publication, the subscriber and the feed channel
    "explainAudience": (
        "query($p: ID!, $s: ID!) { explainAudience(publicationId: $p, subscriberId: $s) "
        "{ received } }", {"p": gid("Publication", 1), "s": gid("Subscriber", 1)}),
    "channelMonitor": (
        'query($c: ID!) { channelMonitor(channelId: $c, from: "2026-12-05T00:00:00Z", '
        'to: "2026-12-06T00:00:00Z") { start } }', {"c": gid("Channel", 1)}),
    "digestSchedule": ("{ digestSchedule(hours: 2) { digests } }", {}),
    "digestProgress": ('{ digestProgress(frequency: DAILY, period: "2026-12-07") '
                       "{ written } }", {}),
    # rows of build_world: the subscriber's daily digest on the webhook channel
    "newsletterPreview": (
        "query($s: ID!, $c: ID!) { newsletterPreview(subscriberId: $s, channelId: $c) "
        "{ period } }", {"s": gid("Subscriber", 1), "c": gid("Channel", 2)}),
    "sendTimeEstimates": (
        "query($ids: [ID!]!) { sendTimeEstimates(subscriberIds: $ids) { confidence } }",
        {"ids": [gid("Subscriber", 1)]}),
    "sendTimePlan": ("query($id: ID!) { sendTimePlan(publicationId: $id) { planned } }",
                     {"id": gid("Publication", 1)}),
    "bestChannels": (
        "query($s: [ID!]!, $t: [ID!]!) { bestChannels(subscriberIds: $s, topicIds: $t) "
        "{ channelId } }", {"s": [gid("Subscriber", 1)], "t": [gid("Topic", 1)]}),
    "channelStrategy": (
        "query($id: ID!) { channelStrategy(publicationId: $id) { strategy } }",
        {"id": gid("Publication", 1)}),
    "channelTypePerformance": (
        '{ channelTypePerformance(from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z") '
        "{ channelType } }", {}),
    "performance": (
        '{ performance(dimension: CHANNEL, from: "2026-11-01T00:00:00Z", '
        'to: "2026-11-02T00:00:00Z") { key } }', {}),
    "performanceAnomalies": ("{ performanceAnomalies(first: 1) { kind } }", {}),
    "recommendations": ("query($id: ID!) { recommendations(topicId: $id) { kind } }",
                        {"id": gid("Topic", 1)}),
    # rows of build_world: the draft publication and the webhook channel
    "channelPreview": (
        "query($p: ID!, $c: ID!) { channelPreview(publicationId: $p, channelId: $c) "
        "{ channelType } }", {"p": gid("Publication", 1), "c": gid("Channel", 2)}),
}
#: query fields whose allowed calls need the rows of build_world
QUERY_NEEDS_WORLD = frozenset({"channelPreview", "subscriberEngagement", "explainMatch",
                               "exportSubscriberData", "explainAudience", "channelMonitor",
                               "newsletterPreview", "recommendations"})
ADMIN_QUERIES = frozenset({"principals", "featureFlags", "auditLog", "exportSubscriberData"})
CONTENT_QUERIES = frozenset({"importJob", "importJobs", "newsletterPreview"})
QUERY_ROLES = {name: ADMIN if name in ADMIN_QUERIES else CONTENT if name in CONTENT_QUERIES
               else frozenset(ROLES) for name in QUERY_DOCUMENTS}


def test_query_table_covers_every_query_field_and_its_documented_role() -> None:
    query_type = _sdl_schema().query_type
    assert query_type is not None
    assert set(query_type.fields) == set(QUERY_DOCUMENTS)
    for name, field in query_type.fields.items():
        assert _roles_in_description(field.description) == QUERY_ROLES[name], name


@pytest.mark.parametrize("field", sorted(QUERY_DOCUMENTS))
async def test_every_query_field_needs_a_token(gql, field: str) -> None:
    document, variables = QUERY_DOCUMENTS[field]
    error = await gql.error(document, variables, role=None)
    assert error["extensions"]["code"] == "UNAUTHENTICATED", error
    assert error["path"] == [field]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("field", sorted(QUERY_DOCUMENTS))
async def test_query_fields_by_role(gql, field: str, role: str) -> None:
    document, variables = QUERY_DOCUMENTS[field]
    if field in QUERY_NEEDS_WORLD:
        await build_world()
    body = await gql.post(document, variables, role=role)
    if role in QUERY_ROLES[field]:
        assert "errors" not in body, body
        assert field in body["data"]
    else:
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
        assert body["errors"][0]["path"] == [field]


async def test_anonymous_publications_query_is_unauthenticated(gql) -> None:
    error = await gql.error("{ publications(first: 1) { edges { cursor } } }", role=None)
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert error["message"] == "a bearer token is required"


async def test_principals_lists_rows_for_admins_only(gql) -> None:
    await build_world()
    data = await gql.data("{ principals(first: 50) { edges { node { name role } } } }")
    names = {edge["node"]["name"] for edge in data["principals"]["edges"]}
    assert {"someone", "author-editor", "setup-admin"} <= names
    for role in ("editor", "reviewer", "viewer"):
        error = await gql.error("{ principals(first: 50) { edges { node { name } } } }",
                                role=role)
        assert error["extensions"]["code"] == "FORBIDDEN"
        assert "someone" not in json.dumps(error)


# --- tokens ---------------------------------------------------------------------------------

def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(**overrides: Any) -> dict[str, Any]:
    now = int(dt.datetime.now(dt.UTC).timestamp())
    claims = {"sub": "mallory", "role": "admin", "iss": TOKEN_ISSUER, "aud": TOKEN_AUDIENCE,
              "iat": now, "exp": now + 600}
    claims.update(overrides)
    return claims


BAD_TOKENS: dict[str, Callable[[], str]] = {
    "expired": lambda: issue_token(TEST_SECRET, "admin-user", Role.ADMIN,
                                   dt.timedelta(seconds=-5)),
    "wrong-key": lambda: issue_token("another-secret-key-of-sufficient-length-987654",
                                     "admin-user", Role.ADMIN, dt.timedelta(minutes=5)),
    "alg-none": lambda: _b64({"alg": "none", "typ": "JWT"}) + "." + _b64(_claims()) + ".",
    "alg-none-with-signature": lambda: (_b64({"alg": "none", "typ": "JWT"}) + "."
                                        + _b64(_claims()) + "." + _b64({"x": 1})),
    "hs512": lambda: jwt.encode(_claims(), TEST_SECRET, algorithm="HS512"),
    "wrong-audience": lambda: jwt.encode(_claims(aud="someone-else"), TEST_SECRET,
                                         algorithm="HS256"),
    "unknown-role": lambda: jwt.encode(_claims(role="root"), TEST_SECRET, algorithm="HS256"),
    "garbage": lambda: "not.a.token",
}


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize("kind", sorted(BAD_TOKENS))
async def test_bad_tokens_are_unauthenticated(gql, kind: str) -> None:
    token = BAD_TOKENS[kind]()
    error = await gql.error("{ publications(first: 1) { edges { cursor } } }", token=token)
    assert error["extensions"]["code"] == "UNAUTHENTICATED", error
    assert error["message"].startswith("invalid token"), error
    # The token is not echoed back.
    assert token not in json.dumps(error)


@pytest.mark.parametrize("kind", ["expired", "wrong-key", "alg-none"])
async def test_bad_tokens_cannot_mutate(gql, kind: str) -> None:
    error = await gql.error(MATRIX["createTopic"].document,
                            {"input": {"slug": "sports", "name": "Sports"}},
                            token=BAD_TOKENS[kind]())
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert await _audit_count() == 0


async def test_valid_token_identifies_the_caller(gql) -> None:
    data = await gql.data("{ me { name role } }", token=token_for("reviewer", "rita"))
    assert data["me"] == {"name": "rita", "role": "REVIEWER"}


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc"])
async def test_malformed_authorization_headers_do_not_authenticate(gql, header: str) -> None:
    response = await gql.http.post("/graphql", json={"query": "{ me { name } }"},
                                   headers={"Authorization": header})
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", body
