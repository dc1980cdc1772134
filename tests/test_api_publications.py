"""Publications through the GraphQL API, as editors and reviewers use it: the lifecycle,
every refused step (with its code and field, and nothing changed afterwards), listing,
filtering, ordering and keyset pagination."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import pytest

from domain.principals.models import AuditLogEntry, Principal
from domain.publications.models import Publication as PublicationRow
from domain.publications.models import PublicationStatus

PUBLICATION_FIELDS = """
  id title summary body priority status publishAt submittedAt approvedAt publishedAt
  canceledAt reviewNote createdAt updatedAt
  topics { id slug } channels { id name }
"""

CREATE = f"""
mutation Create($input: CreatePublicationInput!) {{
  createPublication(input: $input) {{ {PUBLICATION_FIELDS} }}
}}"""
UPDATE = f"""
mutation Update($input: UpdatePublicationInput!) {{
  updatePublication(input: $input) {{ {PUBLICATION_FIELDS} }}
}}"""
SUBMIT = f"mutation($id: ID!) {{ submitPublication(id: $id) {{ {PUBLICATION_FIELDS} }} }}"
APPROVE = f"""
mutation($input: ReviewInput!) {{ approvePublication(input: $input) {{ {PUBLICATION_FIELDS} }} }}
"""
REJECT = f"""
mutation($input: ReviewInput!) {{ rejectPublication(input: $input) {{ {PUBLICATION_FIELDS} }} }}
"""
SCHEDULE = f"""
mutation($input: SchedulePublicationInput!) {{
  schedulePublication(input: $input) {{ {PUBLICATION_FIELDS} }}
}}"""
PUBLISH_NOW = f"mutation($id: ID!) {{ publishNow(id: $id) {{ {PUBLICATION_FIELDS} }} }}"
CANCEL = f"mutation($id: ID!) {{ cancelPublication(id: $id) {{ {PUBLICATION_FIELDS} }} }}"
GET = f"query($id: ID!) {{ publication(id: $id) {{ {PUBLICATION_FIELDS} }} }}"
NODE = f"""
query($id: ID!) {{
  node(id: $id) {{ __typename id ... on Publication {{ {PUBLICATION_FIELDS} }} }}
}}"""
LIST = """
query List($first: Int!, $after: String, $filter: PublicationFilter,
           $orderBy: PublicationOrder) {
  publications(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    edges { cursor node { id title status priority } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""
CREATE_TOPIC = "mutation($input: CreateTopicInput!) { createTopic(input: $input) { id slug } }"
CREATE_CHANNEL = """
mutation($input: CreateChannelInput!) { createChannel(input: $input) { id name } }
"""

EDITOR = {"role": "editor", "subject": "erin-editor"}
REVIEWER = {"role": "reviewer", "subject": "rick-reviewer"}


def gid(type_name: str, pk: int | str) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def pk_of(global_id: str) -> int:
    _, _, pk = base64.b64decode(global_id).decode().partition(":")
    return int(pk)


def parse_time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def cursor_of(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.fixture
async def refs(gql) -> dict[str, str]:
    """Two topics and two channels, created by an admin."""
    news = (await gql.data(CREATE_TOPIC, {"input": {"slug": "news", "name": "News"}}))
    eng = (await gql.data(CREATE_TOPIC, {"input": {"slug": "eng", "name": "Engineering"}}))
    mail = await gql.data(CREATE_CHANNEL, {"input": {
        "name": "mail", "type": "EMAIL", "config": {"from_address": "news@example.com"}}})
    feed = await gql.data(CREATE_CHANNEL, {"input": {"name": "feed", "type": "RSS"}})
    return {"news": news["createTopic"]["id"], "eng": eng["createTopic"]["id"],
            "mail": mail["createChannel"]["id"], "feed": feed["createChannel"]["id"]}


async def create(gql, refs: dict[str, str], title: str = "Launch notes",
                 *, channels: bool = True, **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {"title": title, "topicIds": [refs["news"]],
                               "channelIds": [refs["mail"]] if channels else []}
    payload.update(extra)
    return (await gql.data(CREATE, {"input": payload}, **EDITOR))["createPublication"]


async def to_status(gql, refs: dict[str, str], status: str,
                    title: str = "Launch notes") -> dict[str, Any]:
    """A publication walked through the API to `status`."""
    publication = await create(gql, refs, title)
    pid = publication["id"]
    if status == "DRAFT":
        return publication
    publication = (await gql.data(SUBMIT, {"id": pid}, **EDITOR))["submitPublication"]
    if status == "IN_REVIEW":
        return publication
    publication = (await gql.data(APPROVE, {"input": {"id": pid}}, **REVIEWER)
                   )["approvePublication"]
    if status == "APPROVED":
        return publication
    if status == "SCHEDULED":
        at = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
        return (await gql.data(SCHEDULE, {"input": {"id": pid, "at": at}}, **EDITOR)
                )["schedulePublication"]
    if status == "PUBLISHING":
        return (await gql.data(PUBLISH_NOW, {"id": pid}, **EDITOR))["publishNow"]
    if status == "CANCELED":
        return (await gql.data(CANCEL, {"id": pid}, **EDITOR))["cancelPublication"]
    raise AssertionError(status)


async def fetch(gql, pid: str) -> dict[str, Any]:
    return (await gql.data(GET, {"id": pid}, role="viewer"))["publication"]


def assert_error(error: dict[str, Any], code: str, field: str | None = None) -> None:
    assert error["extensions"]["code"] == code, error
    if field is not None:
        assert error["extensions"].get("field") == field, error


# --- the lifecycle ------------------------------------------------------------------------


async def test_full_lifecycle_draft_to_scheduled_to_canceled(gql, refs) -> None:
    created = await create(gql, refs, "First draft", summary="short", body="long body")
    pid = created["id"]
    assert created["status"] == "DRAFT"
    assert created["priority"] == "NORMAL"
    assert (created["title"], created["summary"], created["body"]) == (
        "First draft", "short", "long body")
    assert [topic["slug"] for topic in created["topics"]] == ["news"]
    assert [channel["name"] for channel in created["channels"]] == ["mail"]
    assert created["submittedAt"] is None and created["publishAt"] is None

    row = await PublicationRow.get(id=pk_of(pid)).prefetch_related("author")
    assert row.author.name == "erin-editor"

    updated = (await gql.data(UPDATE, {"input": {
        "id": pid, "title": "  Final title  ", "priority": "HIGH",
        "topicIds": [refs["news"], refs["eng"]],
        "channelIds": [refs["mail"], refs["feed"]]}}, **EDITOR))["updatePublication"]
    assert updated["title"] == "Final title"
    assert updated["priority"] == "HIGH"
    assert updated["summary"] == "short"  # untouched fields stay
    assert sorted(topic["slug"] for topic in updated["topics"]) == ["eng", "news"]
    assert sorted(channel["name"] for channel in updated["channels"]) == ["feed", "mail"]
    assert parse_time(updated["updatedAt"]) >= parse_time(created["updatedAt"])

    submitted = (await gql.data(SUBMIT, {"id": pid}, **EDITOR))["submitPublication"]
    assert submitted["status"] == "IN_REVIEW"
    assert submitted["submittedAt"] is not None

    approved = (await gql.data(APPROVE, {"input": {"id": pid, "note": "looks good"}},
                               **REVIEWER))["approvePublication"]
    assert approved["status"] == "APPROVED"
    assert approved["approvedAt"] is not None
    assert approved["reviewNote"] == "looks good"
    row = await PublicationRow.get(id=pk_of(pid)).prefetch_related("approved_by")
    assert row.approved_by.name == "rick-reviewer"

    first_at = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).replace(microsecond=0)
    # Given with a +02:00 offset: the same instant must come back.
    scheduled = (await gql.data(SCHEDULE, {"input": {
        "id": pid, "at": first_at.astimezone(dt.timezone(dt.timedelta(hours=2))).isoformat()
    }}, **EDITOR))["schedulePublication"]
    assert scheduled["status"] == "SCHEDULED"
    assert parse_time(scheduled["publishAt"]) == first_at

    second_at = first_at + dt.timedelta(days=3)
    rescheduled = (await gql.data(SCHEDULE, {"input": {"id": pid, "at": second_at.isoformat()}},
                                  **EDITOR))["schedulePublication"]
    assert rescheduled["status"] == "SCHEDULED"
    assert parse_time(rescheduled["publishAt"]) == second_at

    canceled = (await gql.data(CANCEL, {"id": pid}, **EDITOR))["cancelPublication"]
    assert canceled["status"] == "CANCELED"
    assert canceled["canceledAt"] is not None

    # What the API reports is what is stored, and every step left an audit entry.
    assert (await fetch(gql, pid))["status"] == "CANCELED"
    actions = await AuditLogEntry.filter(target_type="publication",
                                         target_id=str(pk_of(pid))).order_by("id"
                                                                             ).values_list(
        "action", flat=True)
    assert actions == ["publication.create", "publication.update", "publication.submit",
                       "publication.approve", "publication.schedule", "publication.schedule",
                       "publication.cancel"]


async def test_publish_now_from_approved(gql, refs) -> None:
    approved = await to_status(gql, refs, "APPROVED")
    before = dt.datetime.now(dt.UTC)
    published = (await gql.data(PUBLISH_NOW, {"id": approved["id"]}, **EDITOR))["publishNow"]
    assert published["status"] == "PUBLISHING"
    assert before - dt.timedelta(seconds=1) <= parse_time(published["publishAt"]) <= (
        dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1))
    assert (await PublicationRow.get(id=pk_of(approved["id"]))).status is (
        PublicationStatus.PUBLISHING)


async def test_publish_now_from_scheduled(gql, refs) -> None:
    scheduled = await to_status(gql, refs, "SCHEDULED")
    published = (await gql.data(PUBLISH_NOW, {"id": scheduled["id"]}, **EDITOR))["publishNow"]
    assert published["status"] == "PUBLISHING"
    assert parse_time(published["publishAt"]) < parse_time(scheduled["publishAt"])


async def test_reject_needs_a_note_then_returns_to_draft(gql, refs) -> None:
    in_review = await to_status(gql, refs, "IN_REVIEW")
    pid = in_review["id"]
    for note in (None, "", "   "):
        error = await gql.error(REJECT, {"input": {"id": pid, "note": note}}, **REVIEWER)
        assert_error(error, "BAD_USER_INPUT", "note")
    assert (await fetch(gql, pid))["status"] == "IN_REVIEW"

    rejected = (await gql.data(REJECT, {"input": {"id": pid, "note": "fix the intro"}},
                               **REVIEWER))["rejectPublication"]
    assert rejected["status"] == "DRAFT"
    assert rejected["reviewNote"] == "fix the intro"

    # Back in draft it can be edited and submitted again; the old note is cleared then.
    edited = (await gql.data(UPDATE, {"input": {"id": pid, "body": "better intro"}}, **EDITOR)
              )["updatePublication"]
    assert edited["body"] == "better intro"
    assert edited["reviewNote"] == "fix the intro"
    resubmitted = (await gql.data(SUBMIT, {"id": pid}, **EDITOR))["submitPublication"]
    assert resubmitted["status"] == "IN_REVIEW"
    assert resubmitted["reviewNote"] is None


# --- refused transitions and permissions --------------------------------------------------


@pytest.mark.parametrize(("status", "mutation", "variables"), [
    ("DRAFT", SCHEDULE, lambda pid: {"input": {"id": pid, "at": (
        dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()}}),
    ("DRAFT", PUBLISH_NOW, lambda pid: {"id": pid}),
    ("DRAFT", APPROVE, lambda pid: {"input": {"id": pid}}),
    ("DRAFT", REJECT, lambda pid: {"input": {"id": pid, "note": "no"}}),
    ("IN_REVIEW", SUBMIT, lambda pid: {"id": pid}),
    ("IN_REVIEW", SCHEDULE, lambda pid: {"input": {"id": pid, "at": (
        dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()}}),
    ("IN_REVIEW", PUBLISH_NOW, lambda pid: {"id": pid}),
    ("IN_REVIEW", UPDATE, lambda pid: {"input": {"id": pid, "title": "Sneaky edit"}}),
    ("APPROVED", UPDATE, lambda pid: {"input": {"id": pid, "title": "Sneaky edit"}}),
    ("APPROVED", APPROVE, lambda pid: {"input": {"id": pid}}),
    ("APPROVED", SUBMIT, lambda pid: {"id": pid}),
    ("SCHEDULED", UPDATE, lambda pid: {"input": {"id": pid, "body": "Sneaky edit"}}),
    ("PUBLISHING", SCHEDULE, lambda pid: {"input": {"id": pid, "at": (
        dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()}}),
    ("PUBLISHING", PUBLISH_NOW, lambda pid: {"id": pid}),
    ("CANCELED", CANCEL, lambda pid: {"id": pid}),
    ("CANCELED", PUBLISH_NOW, lambda pid: {"id": pid}),
    ("CANCELED", UPDATE, lambda pid: {"input": {"id": pid, "title": "Sneaky edit"}}),
])
async def test_wrong_transition_is_a_conflict_and_changes_nothing(
        gql, refs, status, mutation, variables) -> None:
    publication = await to_status(gql, refs, status)
    before = await PublicationRow.get(id=pk_of(publication["id"]))
    role = REVIEWER if mutation in (APPROVE, REJECT) else EDITOR

    error = await gql.error(mutation, variables(publication["id"]), **role)

    assert_error(error, "CONFLICT", "id")
    assert status.lower() in error["message"]
    after = await PublicationRow.get(id=pk_of(publication["id"]))
    assert (after.status, after.title, after.body, after.publish_at, after.updated_at) == (
        before.status, before.title, before.body, before.publish_at, before.updated_at)


async def test_author_cannot_approve_their_own_publication(gql, refs) -> None:
    in_review = await to_status(gql, refs, "IN_REVIEW")
    error = await gql.error(APPROVE, {"input": {"id": in_review["id"]}}, role="reviewer",
                            subject=EDITOR["subject"])
    assert_error(error, "FORBIDDEN")
    publication = await fetch(gql, in_review["id"])
    assert publication["status"] == "IN_REVIEW"
    assert publication["approvedAt"] is None
    # Someone else may.
    approved = (await gql.data(APPROVE, {"input": {"id": in_review["id"]}}, **REVIEWER)
                )["approvePublication"]
    assert approved["status"] == "APPROVED"


@pytest.mark.parametrize(("mutation", "variables", "role"), [
    (CREATE, {"input": {"title": "x"}}, "viewer"),
    (CREATE, {"input": {"title": "x"}}, "reviewer"),
    (APPROVE, {"input": {"id": "__pid__"}}, "editor"),
    (REJECT, {"input": {"id": "__pid__", "note": "n"}}, "editor"),
    (SUBMIT, {"id": "__pid__"}, "viewer"),
    (CANCEL, {"id": "__pid__"}, "reviewer"),
])
async def test_roles_are_enforced(gql, refs, mutation, variables, role) -> None:
    in_review = await to_status(gql, refs, "IN_REVIEW")
    variables = json.loads(json.dumps(variables).replace("__pid__", in_review["id"]))
    error = await gql.error(mutation, variables, role=role)
    assert_error(error, "FORBIDDEN")
    assert await PublicationRow.all().count() == 1
    assert (await fetch(gql, in_review["id"]))["status"] == "IN_REVIEW"


async def test_anonymous_caller_is_unauthenticated(gql, refs) -> None:
    error = await gql.error(CREATE, {"input": {"title": "x"}}, role=None)
    assert_error(error, "UNAUTHENTICATED")
    assert await PublicationRow.all().count() == 0


async def test_submit_without_channels_is_refused(gql, refs) -> None:
    draft = await create(gql, refs, channels=False)
    error = await gql.error(SUBMIT, {"id": draft["id"]}, **EDITOR)
    assert_error(error, "BAD_USER_INPUT", "channelIds")
    assert (await fetch(gql, draft["id"]))["status"] == "DRAFT"
    assert (await fetch(gql, draft["id"]))["submittedAt"] is None


@pytest.mark.parametrize("at", [
    pytest.param(lambda now: (now - dt.timedelta(minutes=5)).isoformat(), id="past"),
    pytest.param(lambda now: (now + dt.timedelta(days=1)).replace(tzinfo=None).isoformat(),
                 id="naive"),
    pytest.param(lambda now: (now + dt.timedelta(days=400)).isoformat(), id="beyond-a-year"),
])
async def test_schedule_rejects_bad_times(gql, refs, at) -> None:
    approved = await to_status(gql, refs, "APPROVED")
    error = await gql.error(SCHEDULE, {"input": {"id": approved["id"],
                                                 "at": at(dt.datetime.now(dt.UTC))}}, **EDITOR)
    assert_error(error, "BAD_USER_INPUT", "at")
    publication = await fetch(gql, approved["id"])
    assert publication["status"] == "APPROVED"
    assert publication["publishAt"] is None


async def test_rescheduling_to_a_bad_time_keeps_the_old_time(gql, refs) -> None:
    scheduled = await to_status(gql, refs, "SCHEDULED")
    error = await gql.error(SCHEDULE, {"input": {"id": scheduled["id"], "at": (
        dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat()}}, **EDITOR)
    assert_error(error, "BAD_USER_INPUT", "at")
    assert (await fetch(gql, scheduled["id"]))["publishAt"] == scheduled["publishAt"]


async def test_schedule_accepts_the_edges_of_the_window(gql, refs) -> None:
    approved = await to_status(gql, refs, "APPROVED")
    at = dt.datetime.now(dt.UTC) + dt.timedelta(days=365)
    scheduled = (await gql.data(SCHEDULE, {"input": {"id": approved["id"], "at": at.isoformat()}},
                                **EDITOR))["schedulePublication"]
    assert parse_time(scheduled["publishAt"]) == at


# --- bad input on create / update ---------------------------------------------------------


@pytest.mark.parametrize(("make_input", "field"), [
    (lambda refs: {"title": "x" * 301}, "title"),
    (lambda refs: {"title": ""}, "title"),
    (lambda refs: {"title": "   "}, "title"),
    (lambda refs: {"title": "ok", "summary": "s" * 2001}, "summary"),
    (lambda refs: {"title": "ok", "topicIds": [gid("Topic", 999999)]}, "topicIds[0]"),
    (lambda refs: {"title": "ok", "topicIds": [refs["news"], gid("Topic", 999999)]},
     "topicIds[1]"),
    (lambda refs: {"title": "ok", "topicIds": [refs["mail"]]}, "topicIds[0]"),
    (lambda refs: {"title": "ok", "topicIds": [gid("Topic", "abc")]}, "topicIds[0]"),
    (lambda refs: {"title": "ok", "channelIds": [gid("Channel", 999999)]}, "channelIds[0]"),
    (lambda refs: {"title": "ok", "channelIds": [refs["mail"], refs["news"]]},
     "channelIds[1]"),
])
async def test_create_rejects_bad_input_and_stores_nothing(
        gql, refs, make_input, field) -> None:
    error = await gql.error(CREATE, {"input": make_input(refs)}, **EDITOR)
    assert_error(error, "BAD_USER_INPUT", field)
    assert await PublicationRow.all().count() == 0
    listed = await gql.data(LIST, {"first": 10}, role="viewer")
    assert listed["publications"]["edges"] == []


async def test_title_of_exactly_300_characters_is_accepted(gql, refs) -> None:
    created = await create(gql, refs, "t" * 300)
    assert created["title"] == "t" * 300


async def test_duplicate_references_are_stored_once(gql, refs) -> None:
    created = await create(gql, refs, topicIds=[refs["news"], refs["news"]],
                           channelIds=[refs["mail"], refs["mail"]])
    assert len(created["topics"]) == 1
    assert len(created["channels"]) == 1


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": "x" * 301}, "title"),
    ({"title": ""}, "title"),
    ({"topicIds": [gid("Topic", 999999)]}, "topicIds[0]"),
    ({"topicIds": [gid("Channel", 1)]}, "topicIds[0]"),
    ({"channelIds": [gid("Channel", 999999)]}, "channelIds[0]"),
])
async def test_update_rejects_bad_input_and_keeps_the_draft(
        gql, refs, changes, field) -> None:
    draft = await create(gql, refs)
    error = await gql.error(UPDATE, {"input": {"id": draft["id"], "priority": "CRITICAL",
                                               **changes}}, **EDITOR)
    assert_error(error, "BAD_USER_INPUT", field)
    stored = await fetch(gql, draft["id"])
    assert stored == draft


async def test_update_can_clear_topics_and_channels(gql, refs) -> None:
    draft = await create(gql, refs)
    cleared = (await gql.data(UPDATE, {"input": {"id": draft["id"], "topicIds": [],
                                                 "channelIds": []}}, **EDITOR)
               )["updatePublication"]
    assert cleared["topics"] == [] and cleared["channels"] == []
    assert cleared["title"] == draft["title"]


@pytest.mark.parametrize(("mutation", "variables"), [
    (UPDATE, lambda pid: {"input": {"id": pid, "title": "x"}}),
    (SUBMIT, lambda pid: {"id": pid}),
    (APPROVE, lambda pid: {"input": {"id": pid}}),
    (REJECT, lambda pid: {"input": {"id": pid, "note": "n"}}),
    (SCHEDULE, lambda pid: {"input": {"id": pid, "at": (
        dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()}}),
    (PUBLISH_NOW, lambda pid: {"id": pid}),
    (CANCEL, lambda pid: {"id": pid}),
])
async def test_nonexistent_publication_is_not_found(gql, refs, mutation, variables) -> None:
    role = "reviewer" if mutation in (APPROVE, REJECT) else "editor"
    error = await gql.error(mutation, variables(gid("Publication", 987654)), role=role)
    assert_error(error, "NOT_FOUND")
    assert await PublicationRow.all().count() == 0


async def test_id_of_another_type_is_bad_input(gql, refs) -> None:
    error = await gql.error(SUBMIT, {"id": refs["mail"]}, **EDITOR)
    assert_error(error, "BAD_USER_INPUT", "id")


# --- reading one --------------------------------------------------------------------------


async def test_node_and_publication_lookups(gql, refs) -> None:
    created = await create(gql, refs)
    by_field = (await gql.data(GET, {"id": created["id"]}, role="viewer"))["publication"]
    by_node = (await gql.data(NODE, {"id": created["id"]}, role="viewer"))["node"]
    assert by_field == created
    assert by_node.pop("__typename") == "Publication"
    assert by_node == created

    missing = gid("Publication", pk_of(created["id"]) + 1000)
    assert (await gql.data(GET, {"id": missing}, role="viewer"))["publication"] is None
    assert (await gql.data(NODE, {"id": missing}, role="viewer"))["node"] is None


async def test_node_resolves_other_types(gql, refs) -> None:
    node = (await gql.data("query($id: ID!) { node(id: $id) { __typename id } }",
                           {"id": refs["news"]}, role="viewer"))["node"]
    assert node == {"__typename": "Topic", "id": refs["news"]}


@pytest.mark.parametrize("bad_id", [
    pytest.param(gid("Channel", 1), id="other-type"),
    pytest.param(gid("Nonsense", 1), id="unknown-type"),
])
async def test_publication_lookup_with_wrong_type_is_bad_input(gql, refs, bad_id) -> None:
    error = await gql.error(GET, {"id": bad_id}, role="viewer")
    assert_error(error, "BAD_USER_INPUT", "id")


@pytest.mark.parametrize(("bad_id", "field"), [
    pytest.param("not-base64!!", None, id="garbage"),
    pytest.param(gid("Publication", "abc"), "id", id="non-numeric-pk"),
    pytest.param(gid("Publication", 2**40), "id", id="pk-out-of-range"),
    pytest.param(gid("Publication", -3), "id", id="negative-pk"),
])
@pytest.mark.parametrize("query", [GET, NODE], ids=["publication", "node"])
async def test_malformed_id_is_bad_input_not_an_internal_error(
        gql, refs, bad_id, field, query) -> None:
    error = await gql.error(query, {"id": bad_id}, role="viewer")
    assert_error(error, "BAD_USER_INPUT", field)
    assert "Internal" not in error["message"]


@pytest.mark.parametrize(("variables", "field"), [
    pytest.param({"input": {"title": "x", "topicIds": ["garbage"]}}, None, id="garbage"),
    pytest.param({"input": {"title": "x", "topicIds": [gid("Topic", 2**40)]}}, "topicIds[0]",
                 id="out-of-range"),
    pytest.param({"input": {"title": "x", "channelIds": [gid("Channel", "1.5")]}},
                 "channelIds[0]", id="non-numeric"),
])
async def test_malformed_reference_ids_are_bad_input(gql, refs, variables, field) -> None:
    error = await gql.error(CREATE, variables, **EDITOR)
    assert_error(error, "BAD_USER_INPUT", field)
    assert await PublicationRow.all().count() == 0


async def test_mutation_on_out_of_range_id_is_bad_input(gql, refs) -> None:
    error = await gql.error(SUBMIT, {"id": gid("Publication", 2**40)}, **EDITOR)
    assert_error(error, "BAD_USER_INPUT", "id")


# --- listing ------------------------------------------------------------------------------


async def _list(gql, **variables: Any) -> list[dict[str, Any]]:
    variables.setdefault("first", 100)
    data = await gql.data(LIST, variables, role="viewer")
    return [edge["node"] for edge in data["publications"]["edges"]]


async def test_filters(gql, refs) -> None:
    alpha = await create(gql, refs, "Alpha release", priority="HIGH")
    beta = await create(gql, refs, "Beta RELEASE notes", topicIds=[refs["eng"]])
    gamma = await create(gql, refs, "Gamma", topicIds=[refs["news"], refs["eng"]],
                         priority="CRITICAL")
    await gql.data(SUBMIT, {"id": gamma["id"]}, **EDITOR)

    def titles(nodes: list[dict[str, Any]]) -> set[str]:
        return {node["title"] for node in nodes}

    assert titles(await _list(gql)) == {"Alpha release", "Beta RELEASE notes", "Gamma"}
    assert titles(await _list(gql, filter={"status": "IN_REVIEW"})) == {"Gamma"}
    assert titles(await _list(gql, filter={"status": "DRAFT"})) == {
        "Alpha release", "Beta RELEASE notes"}
    assert titles(await _list(gql, filter={"status": "APPROVED"})) == set()
    assert titles(await _list(gql, filter={"priority": "HIGH"})) == {"Alpha release"}
    assert titles(await _list(gql, filter={"topicId": refs["eng"]})) == {
        "Beta RELEASE notes", "Gamma"}
    assert titles(await _list(gql, filter={"topicId": refs["news"]})) == {
        "Alpha release", "Gamma"}
    assert titles(await _list(gql, filter={"search": "release"})) == {
        "Alpha release", "Beta RELEASE notes"}
    assert titles(await _list(gql, filter={"search": "zzz"})) == set()
    assert titles(await _list(gql, filter={"search": "release", "priority": "NORMAL"})) == {
        "Beta RELEASE notes"}
    assert titles(await _list(gql, filter={"topicId": refs["eng"], "status": "DRAFT"})) == {
        "Beta RELEASE notes"}
    assert {node["id"] for node in await _list(gql, filter={"topicId": refs["news"]})} == {
        alpha["id"], gamma["id"]}
    assert beta["id"] not in {node["id"] for node in await _list(
        gql, filter={"priority": "CRITICAL"})}


async def test_search_treats_like_wildcards_literally(gql, refs) -> None:
    await create(gql, refs, "100% uptime")
    await create(gql, refs, "1000 users")
    await create(gql, refs, "snake_case")
    await create(gql, refs, "snakeXcase")
    assert [n["title"] for n in await _list(gql, filter={"search": "0%"})] == ["100% uptime"]
    assert [n["title"] for n in await _list(gql, filter={"search": "e_c"})] == ["snake_case"]


async def test_filter_by_topic_with_wrong_id_type_is_bad_input(gql, refs) -> None:
    error = await gql.error(LIST, {"first": 5, "filter": {"topicId": refs["mail"]}},
                            role="viewer")
    assert_error(error, "BAD_USER_INPUT", "filter.topicId")


async def test_order_by(gql, refs) -> None:
    ids = [(await create(gql, refs, f"P{index}"))["id"] for index in range(4)]
    assert [n["id"] for n in await _list(gql)] == ids[::-1]  # newest first by default
    assert [n["id"] for n in await _list(gql, orderBy={"field": "CREATED_AT",
                                                       "direction": "ASC"})] == ids
    assert [n["id"] for n in await _list(gql, orderBy={"field": "ID",
                                                       "direction": "ASC"})] == ids
    assert [n["id"] for n in await _list(gql, orderBy={"field": "ID"})] == ids[::-1]
    # Touch the oldest: it becomes the most recently updated.
    await gql.data(UPDATE, {"input": {"id": ids[0], "body": "edited"}}, **EDITOR)
    assert [n["id"] for n in await _list(gql, orderBy={"field": "UPDATED_AT"})] == [
        ids[0], ids[3], ids[2], ids[1]]


ORDERS = [
    pytest.param(None, id="default"),
    pytest.param({"field": "CREATED_AT", "direction": "ASC"}, id="created-asc"),
    pytest.param({"field": "UPDATED_AT", "direction": "DESC"}, id="updated-desc"),
    pytest.param({"field": "ID", "direction": "ASC"}, id="id-asc"),
    pytest.param({"field": "ID", "direction": "DESC"}, id="id-desc"),
]


async def _walk(gql, order: dict[str, str] | None, *, filter: dict[str, Any] | None = None
                ) -> tuple[list[str], list[dict[str, Any]]]:
    seen: list[str] = []
    infos: list[dict[str, Any]] = []
    after = None
    for _ in range(10):
        data = (await gql.data(LIST, {"first": 10, "after": after, "orderBy": order,
                                      "filter": filter}, role="viewer"))["publications"]
        edges = data["edges"]
        seen.extend(edge["node"]["id"] for edge in edges)
        infos.append(data["pageInfo"])
        if edges:
            assert data["pageInfo"]["startCursor"] == edges[0]["cursor"]
            assert data["pageInfo"]["endCursor"] == edges[-1]["cursor"]
        if not data["pageInfo"]["hasNextPage"]:
            return seen, infos
        after = data["pageInfo"]["endCursor"]
    raise AssertionError("pagination did not end")


@pytest.mark.parametrize("order", ORDERS)
async def test_keyset_pagination_collects_everything_once(gql, refs, order) -> None:
    created = [(await create(gql, refs, f"Item {index:02d}"))["id"] for index in range(25)]

    seen, infos = await _walk(gql, order)

    assert len(seen) == 25 and len(set(seen)) == 25
    expected = created if order and order["direction"] == "ASC" else created[::-1]
    assert seen == expected
    assert [info["hasNextPage"] for info in infos] == [True, True, False]
    assert [info["hasPreviousPage"] for info in infos] == [False, True, True]


@pytest.mark.parametrize("order", ORDERS[:3])
async def test_keyset_pagination_with_equal_sort_keys(gql, refs, order) -> None:
    created = [(await create(gql, refs, f"Item {index:02d}"))["id"] for index in range(25)]
    same = dt.datetime(2030, 1, 1, 12, 0, 0, 123456, tzinfo=dt.UTC)
    await PublicationRow.all().update(created_at=same, updated_at=same)

    seen, infos = await _walk(gql, order)

    expected = created if order and order["direction"] == "ASC" else created[::-1]
    assert seen == expected  # ties broken by id, in the same direction
    assert infos[-1]["hasNextPage"] is False


async def test_pagination_with_a_filter(gql, refs) -> None:
    created = [(await create(gql, refs, f"Item {index:02d}",
                             priority="HIGH" if index % 2 else "NORMAL"))["id"]
               for index in range(25)]
    seen, infos = await _walk(gql, None, filter={"priority": "HIGH"})
    assert seen == [pid for index, pid in enumerate(created) if index % 2][::-1]
    assert [info["hasNextPage"] for info in infos] == [True, False]


async def test_empty_list(gql, refs) -> None:
    data = (await gql.data(LIST, {"first": 10}, role="viewer"))["publications"]
    assert data == {"edges": [], "pageInfo": {"hasNextPage": False, "hasPreviousPage": False,
                                              "startCursor": None, "endCursor": None}}


@pytest.mark.parametrize(("after", "order"), [
    pytest.param("%%%not-a-cursor%%%", None, id="garbage"),
    pytest.param("bm90IGpzb24", None, id="base64-not-json"),
    pytest.param(cursor_of({"a": 1}), None, id="json-object"),
    pytest.param(cursor_of([1, 2, 3]), None, id="three-items"),
    pytest.param(cursor_of(["2030-01-01T00:00:00+00:00", "7"]), None, id="string-id"),
    pytest.param(cursor_of(["2030-01-01T00:00:00+00:00", True]), None, id="bool-id"),
    pytest.param(cursor_of(["yesterday", 7]), None, id="bad-date"),
    pytest.param(cursor_of([12, 7]), None, id="number-for-date"),
    pytest.param(cursor_of([None, 7]), {"field": "UPDATED_AT"}, id="null-for-date"),
])
async def test_malformed_cursor_is_bad_input(gql, refs, after, order) -> None:
    await create(gql, refs)
    error = await gql.error(LIST, {"first": 10, "after": after, "orderBy": order},
                            role="viewer")
    assert_error(error, "BAD_USER_INPUT", "after")


@pytest.mark.parametrize("order", [{"field": "ID"}, None], ids=["by-id", "by-created"])
async def test_cursor_with_out_of_range_id_is_bad_input(gql, refs, order) -> None:
    await create(gql, refs)
    for last_id in (2**31, 2**70, -(2**31) - 1):
        after = cursor_of(["2030-01-01T00:00:00+00:00", last_id])
        error = await gql.error(LIST, {"first": 10, "after": after, "orderBy": order},
                                role="viewer")
        assert_error(error, "BAD_USER_INPUT", "after")


@pytest.mark.parametrize("first", [0, -1, 101, 10_000])
async def test_page_size_out_of_range(gql, refs, first) -> None:
    error = await gql.error(LIST, {"first": first}, role="viewer")
    assert_error(error, "BAD_USER_INPUT", "first")


async def test_page_size_bounds_are_inclusive(gql, refs) -> None:
    for index in range(3):
        await create(gql, refs, f"P{index}")
    one = (await gql.data(LIST, {"first": 1}, role="viewer"))["publications"]
    assert len(one["edges"]) == 1 and one["pageInfo"]["hasNextPage"] is True
    hundred = (await gql.data(LIST, {"first": 100}, role="viewer"))["publications"]
    assert len(hundred["edges"]) == 3 and hundred["pageInfo"]["hasNextPage"] is False


async def test_principal_rows_are_created_for_authors_and_reviewers(gql, refs) -> None:
    await to_status(gql, refs, "APPROVED")
    names = set(await Principal.all().values_list("name", flat=True))
    assert {"erin-editor", "rick-reviewer"} <= names
