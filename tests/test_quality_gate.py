"""The quality gate through the API: submitPublication runs the checks; a blocking
failure keeps the draft exactly as it was; warnings travel with it; reviewers override
with a note (audited); policies per topic, priority and default; alerts run the
blocking checks without network."""

from __future__ import annotations

from typing import Any

import pytest

from domain.alerts.models import Alert
from domain.audience.models import Topic
from domain.channels.models import Channel, ChannelType
from domain.channels.ssrf import TargetResolver
from domain.errors import Conflict
from domain.intelligence import gating
from domain.intelligence.checks import CheckKind, CheckResult, Severity
from domain.intelligence.checks.runner import CheckEnvironment
from domain.intelligence.policy import BUILTIN, choose, evaluate
from domain.intelligence.quality_models import CheckRun, QualityPolicy, RunTrigger
from domain.principals.actor import Actor
from domain.principals.models import AuditLogEntry, Role
from domain.publications.models import Priority, Publication, PublicationStatus
from tests.graphql_client import GraphQLClient
from tests.receivers import LinkSite

EDITOR = {"role": "editor", "subject": "ed"}
REVIEWER = {"role": "reviewer", "subject": "rev"}

CREATE = """mutation($input: CreatePublicationInput!) {
  createPublication(input: $input) { id } }"""
SUBMIT = """mutation($id: ID!) { submitPublication(id: $id) {
  id status checks { kind passed severity message details } } }"""
OVERRIDE = """mutation($input: OverrideChecksInput!) { overrideChecks(input: $input) {
  id status checks { kind passed severity } } }"""
SET_POLICY = """mutation($input: SetQualityPolicyInput!) { setQualityPolicy(input: $input) {
  id priority minScore rules { kind severity } topic { slug } } }"""
DELETE_POLICY = "mutation($id: ID!) { deleteQualityPolicy(id: $id) }"
POLICIES = "{ qualityPolicies { id priority minScore rules { kind severity } topic { slug } } }"
CREATE_ALERT = """mutation($input: CreateAlertInput!) { createAlert(input: $input) { id } }"""


def gid(type_name: str, pk: int) -> str:
    from strawberry import relay
    return str(relay.GlobalID(type_name, str(pk)))


async def _draft(gql, body: str, *, title: str = "Quarterly report", topics=(),
                 channel_type: ChannelType = ChannelType.WEBHOOK,
                 priority: str = "NORMAL") -> str:
    channel = await Channel.create(name=f"c-{await Channel.all().count()}", type=channel_type,
                                   config={"url": "https://example.com/hook"})
    data = await gql.data(CREATE, {"input": {
        "title": title, "body": body, "priority": priority,
        "channelIds": [gid("Channel", channel.id)],
        "topicIds": [gid("Topic", topic.id) for topic in topics]}}, **EDITOR)
    return data["createPublication"]["id"]


def _pk(global_id: str) -> int:
    from strawberry import relay
    return int(relay.GlobalID.from_id(global_id).node_id)


async def _snapshot(pid: str) -> dict[str, Any]:
    row = await Publication.get(id=_pk(pid))
    return {"status": row.status, "submitted_at": row.submitted_at,
            "updated_at": row.updated_at,
            "audit": await AuditLogEntry.filter(target_id=str(row.id)).count(),
            "runs": await CheckRun.filter(publication_id=row.id).count()}


async def _block_spam(gql) -> None:
    await gql.data(SET_POLICY, {"input": {"rules": [{"kind": "SPAM_PHRASES",
                                                     "severity": "BLOCK"}]}})


async def test_a_blocked_submit_changes_nothing_and_names_each_check(gql) -> None:
    await _block_spam(gql)
    pid = await _draft(gql, "Click here to get rich!", title="Act now")
    before = await _snapshot(pid)
    error = await gql.error(SUBMIT, {"id": pid}, **EDITOR)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "content"
    assert error["extensions"]["checks"] == [{
        "kind": "spam_phrases",
        "message": 'spam-trigger phrases: "act now", "click here", "get rich"'}]
    assert "spam_phrases" in error["message"]
    assert await _snapshot(pid) == before
    assert before["status"] is PublicationStatus.DRAFT and before["runs"] == 0


async def test_warnings_travel_with_the_publication_into_review(gql) -> None:
    pid = await _draft(gql, "Click here for the figures.")
    data = (await gql.data(SUBMIT, {"id": pid}, **EDITOR))["submitPublication"]
    assert data["status"] == "IN_REVIEW"
    by_kind = {check["kind"]: check for check in data["checks"]}
    assert by_kind["SPAM_PHRASES"]["passed"] is False
    assert by_kind["SPAM_PHRASES"]["severity"] == "WARN"
    assert by_kind["SPAM_PHRASES"]["details"] == {"phrases": ["click here"]}
    assert by_kind["QUALITY_SCORE"] == {"kind": "QUALITY_SCORE", "passed": False,
                                        "severity": "WARN", "message": "not analyzed yet",
                                        "details": {"min_score": 0.5}}
    assert by_kind["IMAGE_ALT"]["passed"] is True
    run = await CheckRun.get(publication_id=_pk(pid))
    assert run.trigger is RunTrigger.SUBMIT and not run.overridden
    # and anyone reading the publication sees them
    read = await gql.data("query($id: ID!) { publication(id: $id) { checks { kind } } }",
                          {"id": pid}, role="viewer")
    assert [c["kind"] for c in read["publication"]["checks"]] == [c["kind"] for c in
                                                                  data["checks"]]


async def test_a_reviewer_overrides_blocking_checks_with_a_note_audited(gql) -> None:
    await _block_spam(gql)
    pid = await _draft(gql, "Buy now.")
    refused = await gql.error(OVERRIDE, {"input": {"id": pid, "note": "fine"}}, **EDITOR)
    assert refused["extensions"]["code"] == "FORBIDDEN"
    empty = await gql.error(OVERRIDE, {"input": {"id": pid, "note": "  "}}, **REVIEWER)
    assert (empty["extensions"]["code"], empty["extensions"]["field"]) == (
        "BAD_USER_INPUT", "note")
    assert (await Publication.get(id=_pk(pid))).status is PublicationStatus.DRAFT

    data = (await gql.data(OVERRIDE, {"input": {"id": pid, "note": "A quoted slogan."}},
                           **REVIEWER))["overrideChecks"]
    assert data["status"] == "IN_REVIEW"
    spam = next(c for c in data["checks"] if c["kind"] == "SPAM_PHRASES")
    assert spam == {"kind": "SPAM_PHRASES", "passed": False, "severity": "BLOCK"}
    entry = await AuditLogEntry.get(action="publication.checks_override")
    assert (entry.actor_name, entry.target_id) == ("rev", str(_pk(pid)))
    assert entry.details == {"note": "A quoted slogan.", "overridden": ["spam_phrases"]}
    assert await AuditLogEntry.filter(action="publication.submit",
                                      target_id=str(_pk(pid))).count() == 1
    run = await CheckRun.get(publication_id=_pk(pid))
    assert run.overridden and run.override_note == "A quoted slogan."
    assert run.trigger is RunTrigger.OVERRIDE
    # a second override finds it in review: a conflict, nothing more written
    again = await gql.error(OVERRIDE, {"input": {"id": pid, "note": "again"}}, **REVIEWER)
    assert again["extensions"]["code"] == "CONFLICT"
    assert await CheckRun.filter(publication_id=_pk(pid)).count() == 1


async def test_a_topic_policy_wins_over_the_default(gql) -> None:
    await _block_spam(gql)
    marketing = await Topic.create(slug="marketing", name="Marketing")
    await gql.data(SET_POLICY, {"input": {"topicId": gid("Topic", marketing.id), "rules": [
        {"kind": "SPAM_PHRASES", "severity": "WARN"}]}})
    allowed = await _draft(gql, "Order now!", topics=[marketing])
    assert (await gql.data(SUBMIT, {"id": allowed}, **EDITOR))["submitPublication"][
        "status"] == "IN_REVIEW"
    blocked = await _draft(gql, "Order now!")
    error = await gql.error(SUBMIT, {"id": blocked}, **EDITOR)
    assert [c["kind"] for c in error["extensions"]["checks"]] == ["spam_phrases"]


async def test_a_priority_policy_applies_when_no_topic_policy_does(gql) -> None:
    await gql.data(SET_POLICY, {"input": {"priority": "CRITICAL", "rules": [
        {"kind": "SPAM_PHRASES", "severity": "BLOCK"}]}})
    critical = await _draft(gql, "You have been selected.", priority="CRITICAL")
    error = await gql.error(SUBMIT, {"id": critical}, **EDITOR)
    assert error["extensions"]["checks"][0]["kind"] == "spam_phrases"
    normal = await _draft(gql, "You have been selected.")
    assert (await gql.data(SUBMIT, {"id": normal}, **EDITOR))["submitPublication"][
        "status"] == "IN_REVIEW"


def _policy(**fields: Any) -> QualityPolicy:
    return QualityPolicy(id=fields.pop("id", 1), **fields)


def test_policy_choice_and_strictest_merge() -> None:
    default = _policy(rules={"image_alt": "block"}, min_score=0.3)
    high = _policy(priority=Priority.HIGH, rules={"image_alt": "off"})
    topic_a = _policy(topic_id=1, rules={"spam_phrases": "block", "image_alt": "off"},
                      min_score=0.4)
    topic_b = _policy(topic_id=2, rules={"spam_phrases": "off", "broken_link": "block"},
                      min_score=0.6)
    stored = [default, high, topic_a, topic_b]
    both = choose(stored, [1, 2], "high")
    assert both.sources == ("topic:1", "topic:2")
    assert both.min_score == 0.6
    assert both.rules[CheckKind.SPAM_PHRASES] is Severity.BLOCK
    assert both.rules[CheckKind.BROKEN_LINK] is Severity.BLOCK
    assert both.rules[CheckKind.IMAGE_ALT] is Severity.WARN  # built-in, stricter than off
    assert choose(stored, [3], "high").rules[CheckKind.IMAGE_ALT] is Severity.OFF
    assert choose(stored, [3], "normal").rules[CheckKind.IMAGE_ALT] is Severity.BLOCK
    assert choose([], [3], "normal") is BUILTIN


def test_evaluate_is_pure_and_handles_the_score() -> None:
    policy = choose([_policy(min_score=0.7, rules={"quality_score": "block",
                                                   "image_alt": "off"})], [], "normal")
    spam = CheckResult(CheckKind.SPAM_PHRASES, False, "x")
    alt = CheckResult(CheckKind.IMAGE_ALT, False, "y")
    low = evaluate(policy, [spam, alt], 0.5)
    assert [r.kind for r in low.results] == [CheckKind.SPAM_PHRASES, CheckKind.QUALITY_SCORE]
    assert [r.kind for r in low.blocking] == [CheckKind.QUALITY_SCORE]
    assert [r.kind for r in low.warnings] == [CheckKind.SPAM_PHRASES]
    assert not evaluate(policy, [spam], 0.9).blocking
    unknown = evaluate(policy, [spam], None)
    assert not unknown.blocking
    assert unknown.results[-1].message == "not analyzed yet"


async def test_the_minimum_score_blocks_through_the_injected_score_source(db) -> None:
    await QualityPolicy.create(min_score=0.7, rules={"quality_score": "block"})
    actor = Actor(name="ed", role=Role.EDITOR)
    environment = CheckEnvironment(TargetResolver(allow_private=False))
    channel = await Channel.create(name="hook", type=ChannelType.WEBHOOK,
                                   config={"url": "https://example.com/hook"})

    async def draft() -> Publication:
        publication = await Publication.create(title="Report", body=f"Body {channel.id}")
        await publication.channels.add(channel)
        return publication

    async def score(value: float | None):
        async def source(_: int) -> float | None:
            return value
        return source

    low = await draft()
    with pytest.raises(gating.ChecksFailed) as caught:
        await gating.submit(actor, low.id, environment, await score(0.42))
    assert caught.value.checks == [{"kind": "quality_score", "message":
                                    "quality score 0.42 is below the minimum 0.70"}]
    assert (await Publication.get(id=low.id)).status is PublicationStatus.DRAFT
    good = await draft()
    submitted = await gating.submit(actor, good.id, environment, await score(0.9))
    assert submitted.status is PublicationStatus.IN_REVIEW
    assert (await CheckRun.get(publication_id=good.id)).quality == 0.9
    # the default source has no score yet: a warning, never a block
    unscored = await draft()
    assert (await gating.submit(actor, unscored.id, environment)).status \
        is PublicationStatus.IN_REVIEW


async def test_policy_administration_and_its_validation(gql) -> None:
    topic = await Topic.create(slug="news", name="News")
    bad_inputs = [
        ({"topicId": gid("Topic", topic.id), "priority": "HIGH"}, "priority"),
        ({"minScore": 1.5}, "minScore"),
        ({"minScore": -0.1}, "minScore"),
        ({"rules": [{"kind": "IMAGE_ALT", "severity": "WARN"},
                    {"kind": "IMAGE_ALT", "severity": "BLOCK"}]}, "rules[1].kind"),
        ({"topicId": gid("Topic", 999)}, "topicId"),
        ({"topicId": gid("Channel", 1)}, "topicId"),
    ]
    for payload, field in bad_inputs:
        error = await gql.error(SET_POLICY, {"input": payload})
        assert (error["extensions"]["code"], error["extensions"].get("field")) == (
            "BAD_USER_INPUT", field), (payload, error)
    forbidden = await gql.error(SET_POLICY, {"input": {"minScore": 0.2}}, **EDITOR)
    assert forbidden["extensions"]["code"] == "FORBIDDEN"
    assert await QualityPolicy.all().count() == 0

    first = (await gql.data(SET_POLICY, {"input": {
        "topicId": gid("Topic", topic.id), "minScore": 0.6,
        "rules": [{"kind": "NEAR_DUPLICATE", "severity": "BLOCK"}]}}))["setQualityPolicy"]
    assert first["topic"] == {"slug": "news"} and first["minScore"] == 0.6
    replaced = (await gql.data(SET_POLICY, {"input": {
        "topicId": gid("Topic", topic.id), "minScore": None, "rules": []}}))[
        "setQualityPolicy"]
    assert replaced["id"] == first["id"] and replaced["minScore"] is None
    await gql.data(SET_POLICY, {"input": {"minScore": 0.3}})
    listed = (await gql.data(POLICIES, role="viewer"))["qualityPolicies"]
    assert [(p["topic"], p["minScore"]) for p in listed] == [({"slug": "news"}, None),
                                                             (None, 0.3)]
    assert (await gql.data(DELETE_POLICY, {"id": first["id"]}))["deleteQualityPolicy"] \
        == first["id"]
    missing = await gql.error(DELETE_POLICY, {"id": first["id"]})
    assert missing["extensions"]["code"] == "NOT_FOUND"
    assert await QualityPolicy.all().count() == 1
    assert await AuditLogEntry.filter(action__startswith="quality_policy.").count() == 4


async def test_unsafe_links_block_a_submit_without_contacting_them(db) -> None:
    """ALLOW_PRIVATE_TARGETS off: a link into private space blocks (built-in policy) and is
    never requested; with it on, the same link is probed and passes."""
    site = await LinkSite().start()
    try:
        strict = GraphQLClient()
        pid = await _draft(strict, f"See [the page]({site.url}/ok).")
        error = await strict.error(SUBMIT, {"id": pid}, **EDITOR)
        assert [c["kind"] for c in error["extensions"]["checks"]] == ["unsafe_link"]
        assert site.requests == []
        lenient = GraphQLClient(allow_private_targets=True)
        data = (await lenient.data(SUBMIT, {"id": pid}, **EDITOR))["submitPublication"]
        assert data["status"] == "IN_REVIEW"
        assert ("HEAD", "/ok") in site.requests
        await strict.http.aclose()
        await lenient.http.aclose()
    finally:
        await site.stop()


async def _alert(gql, body: str, **extra: Any) -> dict[str, Any]:
    channel = await Channel.create(name=f"a-{await Channel.all().count()}",
                                   type=ChannelType.WEBHOOK,
                                   config={"url": "https://example.com/hook"})
    return await gql.post(CREATE_ALERT, {"input": {
        "title": "Outage", "body": body, "channelIds": [gid("Channel", channel.id)],
        **extra}}, **EDITOR)


async def test_alerts_run_the_blocking_checks_without_network(gql) -> None:
    await _block_spam(gql)
    blocked = await _alert(gql, "Act now: restart your router.")
    error = blocked["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["checks"][0]["kind"] == "spam_phrases"
    unsafe = await _alert(gql, "Status at [the console](http://10.1.2.3/status).")
    assert unsafe["errors"][0]["extensions"]["checks"][0]["kind"] == "unsafe_link"
    assert await Alert.all().count() == 0 and await Publication.all().count() == 0

    site = await LinkSite().start()
    try:
        # a public-looking link is not probed on the alert path (no network, no delay)
        created = await _alert(gql, "Updates on https://status.example.com and "
                               f"[here]({site.url.replace('127.0.0.1', 'localhost')}/ok).")
        assert "errors" not in created, created
        assert site.requests == []
    finally:
        await site.stop()
    run = await CheckRun.get()
    assert run.trigger is RunTrigger.ALERT
    # only the blocking kinds ran (unsafe links, unsubscribe, and spam under this policy)
    assert {r["kind"] for r in run.results} == {"unsafe_link", "spam_phrases",
                                                "missing_unsubscribe"}


async def test_an_edit_while_the_checks_run_is_a_conflict(db) -> None:
    actor = Actor(name="ed", role=Role.EDITOR)
    channel = await Channel.create(name="hook", type=ChannelType.WEBHOOK,
                                   config={"url": "https://example.com/hook"})
    publication = await Publication.create(title="Report", body="First version")
    await publication.channels.add(channel)

    async def editing_source(publication_id: int) -> float | None:
        # the score lookup runs between loading the draft and entering review
        from domain.publications import service
        await service.update_publication(actor, publication_id, body="Second version")
        return None

    with pytest.raises(Conflict) as caught:
        await gating.submit(actor, publication.id,
                            CheckEnvironment(TargetResolver(allow_private=False)),
                            editing_source)
    assert "changed while its checks ran" in caught.value.message
    row = await Publication.get(id=publication.id)
    assert (row.status, row.body) == (PublicationStatus.DRAFT, "Second version")
    assert await CheckRun.all().count() == 0


async def test_one_policy_per_scope_is_enforced_by_the_database(db) -> None:
    from tortoise.exceptions import IntegrityError

    topic = await Topic.create(slug="t", name="T")
    await QualityPolicy.create(min_score=0.1)
    await QualityPolicy.create(priority=Priority.HIGH)
    await QualityPolicy.create(topic=topic)
    for scope in ({}, {"priority": Priority.HIGH}, {"topic": topic},
                  {"topic": topic, "priority": Priority.CRITICAL}):
        with pytest.raises(IntegrityError):
            await QualityPolicy.create(**scope)
    assert await QualityPolicy.all().count() == 3


async def test_an_alert_to_email_renders_and_checks_the_unsubscribe_link(gql) -> None:
    email = await Channel.create(name="mail", type=ChannelType.EMAIL)
    slack = await Channel.create(name="chat", type=ChannelType.SLACK,
                                 config={"url": "https://example.com/hook"})
    created = await gql.post(CREATE_ALERT, {"input": {
        "title": "Outage", "body": "We are on it.", "severity": "CRITICAL",
        "channelIds": [gid("Channel", email.id), gid("Channel", slack.id)]}}, **EDITOR)
    assert "errors" not in created, created
    run = await CheckRun.get(trigger=RunTrigger.ALERT)
    by_kind = {result["kind"]: result for result in run.results}
    assert by_kind["missing_unsubscribe"]["passed"] is True
    assert by_kind["missing_unsubscribe"]["message"] == "the email carries an unsubscribe link"
    assert by_kind["missing_unsubscribe"]["severity"] == "block"
