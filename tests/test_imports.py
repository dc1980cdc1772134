"""Bulk subscriber import (POST /imports/subscribers) and export (GET
/exports/subscribers): exact per-row error reports, idempotent re-uploads, suppression
and consent rules, malformed files, authorization, the job query, the progress
subscription over a real websocket, and the export → import round trip."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from collections.abc import AsyncIterator, Iterable
from typing import Any

import httpx
import pytest

from app.http import create_app
from app.settings import Settings
from domain.audience.models import Subscriber, SubscriberPreference, Topic
from domain.channels.models import Channel, ChannelType
from domain.engagement.suppression import suppress
from domain.imports.models import ImportJob
from tests.graphql_client import TEST_SECRET, token_for

HEADER = ("email,external_id,name,timezone,locale,status,consent_given_at,topics,channels,"
          "frequency,attributes")


async def _catalogue() -> None:
    for slug in ("news", "sports", "tech"):
        await Topic.create(slug=slug, name=slug.title())
    await Channel.create(name="Email", type=ChannelType.EMAIL, config={})
    await Channel.create(name="Team hook", type=ChannelType.WEBHOOK,
                         config={"url": "https://hooks.example/x"})


@pytest.fixture
async def client(db) -> AsyncIterator[httpx.AsyncClient]:
    await _catalogue()
    app = create_app(Settings(secret_key=TEST_SECRET, database_url="postgres://unused/db",
                              redis_url="redis://unused"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://test", timeout=120) as http:
        yield http


async def _chunks(data: bytes, size: int = 65_536) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start:start + size]


async def upload(client: httpx.AsyncClient, data: bytes | AsyncIterator[bytes], *,
                 media_type: str = "text/csv", role: str | None = "editor"
                 ) -> httpx.Response:
    headers = {"content-type": media_type}
    if role is not None:
        headers["authorization"] = f"Bearer {token_for(role)}"
    body = _chunks(data) if isinstance(data, bytes) else data
    return await client.post("/imports/subscribers", content=body, headers=headers)


def csv_bytes(rows: Iterable[Iterable[Any]], header: str = HEADER) -> bytes:
    buffer = io.StringIO()
    buffer.write(header + "\n")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


async def test_a_small_csv_creates_subscribers_and_preferences(client) -> None:
    data = csv_bytes([
        ["Ann@Example.COM", "", "Ann", "Europe/Paris", "fr", "", "2026-01-02T03:04:05Z",
         "news;sports", "Email", "daily", '{"plan": "pro"}'],
        ["", "crm-2", "Bob", "", "", "", "", "tech", "Team hook", "", ""],
    ])
    response = await upload(client, data)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["status"], body["rowsSeen"], body["rowsImported"], body["rowsFailed"]) == (
        "completed", 2, 2, 0)
    ann = await Subscriber.get(email="Ann@example.com")
    assert (ann.name, ann.timezone, ann.locale, ann.attributes) == (
        "Ann", "Europe/Paris", "fr", {"plan": "pro"})
    assert ann.consent_given_at == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    prefs = await SubscriberPreference.filter(subscriber=ann).values_list(
        "topic__slug", "channel__name", "frequency")
    assert sorted(prefs) == [("news", "Email", "daily"), ("sports", "Email", "daily")]
    bob = await Subscriber.get(external_id="crm-2")
    assert (bob.email, bob.timezone, bob.status) == (None, "UTC", "active")
    job = await ImportJob.get(id=int(__import__("base64").b64decode(body["id"]).decode()
                                     .split(":")[1]))
    assert job.status == "completed" and job.created_by == "editor-user"


# --- a 100k-row file with 1% bad rows ------------------------------------------------------

BAD_KINDS = (
    ("email", "not-an-email"), ("timezone", "Mars/Olympus_Mons"), ("status", "zombie"),
    ("topics", "no-such-topic"), ("attributes", "{oops"), ("consent_given_at", "yesterday"),
    ("frequency", "hourly"), ("channels", "Carrier pigeon"),
)
TIMEZONES = ("UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo")


def big_file(rows: int, bad: int, seed: int, prefix: str = "reader"
             ) -> tuple[list[tuple[int, str]], list[bytes]]:
    """A CSV of `rows` subscribers, `bad` of them broken in one field each; returns the
    expected (line, field) errors and the file in chunks (generated, not held as text)."""
    rng = random.Random(seed)
    broken = dict(zip(sorted(rng.sample(range(rows), bad)),
                      (BAD_KINDS[i % len(BAD_KINDS)] for i in range(bad)), strict=True))
    expected = [(index + 2, broken[index][0]) for index in sorted(broken)]
    chunks: list[bytes] = []
    buffer = io.StringIO()
    buffer.write(HEADER + "\n")
    writer = csv.writer(buffer, lineterminator="\n")
    for index in range(rows):
        values = {
            "email": f"{prefix}{index}@example.com" if index % 10 else "",
            "external_id": f"crm-{prefix}-{index}" if index % 3 == 0 else "",
            "name": f"Reader {index}", "timezone": rng.choice(TIMEZONES), "locale": "en",
            "status": "", "consent_given_at": "2026-03-01T12:00:00+00:00",
            "topics": rng.choice(("news", "news;sports", "tech", "")),
            "channels": "Email", "frequency": rng.choice(("immediate", "daily", "weekly")),
            "attributes": json.dumps({"n": index}),
        }
        if not values["email"] and not values["external_id"]:
            values["external_id"] = f"crm-{prefix}-{index}"
        if not values["topics"]:
            values["channels"] = ""
        if index in broken:
            field, value = broken[index]
            values[field] = value
            if field == "topics":
                values["channels"] = "Email"
            if field == "frequency":
                values["channels"] = "Email"
            if field in ("frequency", "channels"):
                values["topics"] = values["topics"] or "news"
        writer.writerow(values.values())
        if buffer.tell() > 60_000:
            chunks.append(buffer.getvalue().encode())
            buffer.seek(0)
            buffer.truncate()
    chunks.append(buffer.getvalue().encode())
    return expected, chunks


async def _stream(chunks: list[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


async def _last_change() -> tuple[Any, Any, int, int]:
    from tortoise import Tortoise

    row = (await Tortoise.get_connection("default").execute_query_dict(
        "SELECT (SELECT max(updated_at) FROM subscriber) AS s, "
        "(SELECT max(updated_at) FROM subscriber_preference) AS p, "
        "(SELECT count(*) FROM subscriber) AS sc, "
        "(SELECT count(*) FROM subscriber_preference) AS pc"))[0]
    return row["s"], row["p"], row["sc"], row["pc"]


async def test_100k_rows_with_one_percent_bad_rows_then_the_same_file_again(client) -> None:
    expected, chunks = big_file(100_000, 1_000, seed=20)
    response = await upload(client, _stream(chunks))
    assert response.status_code == 201, response.text[:2000]
    report = response.json()
    assert report["status"] == "completed"
    assert (report["rowsSeen"], report["rowsImported"], report["rowsUnchanged"],
            report["rowsFailed"]) == (100_000, 99_000, 0, 1_000)
    assert [(error["row"], error["field"]) for error in report["errors"]] == expected
    assert all(error["reason"] for error in report["errors"])
    reasons = {error["field"]: error["reason"] for error in report["errors"]}
    assert reasons["topics"] == "unknown topic 'no-such-topic'"
    assert reasons["timezone"] == "timezone is not a known IANA time zone"
    assert await Subscriber.all().count() == 99_000
    bad_lines = {row for row, _ in expected}
    assert not await Subscriber.filter(
        email__in=[f"reader{line - 2}@example.com" for line in sorted(bad_lines)]).exists()
    sample = await Subscriber.get(email="reader12341@example.com")
    assert (sample.name, sample.attributes) == ("Reader 12341", {"n": 12341})
    before = await _last_change()

    again = await upload(client, _stream(chunks))
    assert again.status_code == 201, again.text[:2000]
    second = again.json()
    assert (second["rowsSeen"], second["rowsImported"], second["rowsUnchanged"],
            second["rowsFailed"]) == (100_000, 0, 99_000, 1_000)
    assert [(error["row"], error["field"]) for error in second["errors"]] == expected
    assert await _last_change() == before  # no row written, not even updated_at


# --- suppression and consent ---------------------------------------------------------------

async def test_suppressed_addresses_and_unsubscribed_readers_are_never_reactivated(
        client) -> None:
    consent = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)
    withdrawn = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    await Subscriber.create(email="active@example.com", consent_given_at=consent)
    await Subscriber.create(email="gone@example.com", status="unsubscribed",
                            consent_given_at=consent, consent_withdrawn_at=withdrawn)
    await Subscriber.create(email="bounced@example.com", status="bounced")
    await suppress("complainer@example.com", "complaint")
    await suppress("hard@example.com", "hard_bounce")
    data = csv_bytes([
        ["active@example.com", "", "", "", "", "unsubscribed", "", "", "", "", ""],
        ["gone@example.com", "", "Back", "", "", "active", "", "news", "Email", "", ""],
        ["bounced@example.com", "", "", "", "", "active", "", "", "", "", ""],
        ["Complainer@Example.com", "", "", "", "", "active", "2026-02-02T00:00:00Z", "", "",
         "", ""],
        ["hard@example.com", "", "", "", "", "", "", "", "", "", ""],
    ])
    first = (await upload(client, data)).json()
    assert (first["rowsImported"], first["rowsFailed"]) == (4, 0), first
    states = {s.email: s for s in await Subscriber.all()}
    active = states["active@example.com"]
    assert active.status == "unsubscribed" and active.consent_withdrawn_at is not None
    assert active.consent_given_at == consent  # blank in the file: kept
    gone = states["gone@example.com"]
    # the name and the preference are taken, the status stays unsubscribed
    assert (gone.status, gone.name, gone.consent_withdrawn_at) == (
        "unsubscribed", "Back", withdrawn)
    assert states["bounced@example.com"].status == "bounced"
    complainer = states["Complainer@example.com"]
    assert complainer.status == "complained"
    assert complainer.consent_given_at == dt.datetime(2026, 2, 2, tzinfo=dt.UTC)
    assert states["hard@example.com"].status == "bounced"
    second = (await upload(client, data)).json()
    assert (second["rowsImported"], second["rowsUnchanged"]) == (0, 5), second


async def test_duplicates_and_taken_external_ids_are_row_errors(client) -> None:
    await Subscriber.create(email="owner@example.com", external_id="crm-1")
    chat_only = await Subscriber.create(external_id="crm-2")
    data = csv_bytes([
        ["new@example.com", "crm-1", "", "", "", "", "", "", "", "", ""],
        ["chat@example.com", "crm-2", "", "", "", "", "", "", "", "", ""],
        ["dup@example.com", "", "First", "", "", "", "", "", "", "", ""],
        ["DUP@example.com", "", "Second", "", "", "", "", "", "", "", ""],
    ], header=HEADER)
    report = (await upload(client, data)).json()
    assert [(e["row"], e["field"]) for e in report["errors"]] == [
        (2, "external_id"), (5, "email")]
    assert report["errors"][0]["reason"] == (
        "belongs to another subscriber (with another email)")
    assert report["errors"][1]["reason"] == "duplicate of row 4"
    # an external id whose subscriber has no email yet: the row adds the email
    assert (await Subscriber.get(id=chat_only.id)).email == "chat@example.com"
    assert (await Subscriber.get(email="dup@example.com")).name == "First"
    assert not await Subscriber.filter(email="new@example.com").exists()


# --- malformed files -----------------------------------------------------------------------

async def _failed_job() -> ImportJob:
    job = await ImportJob.all().order_by("-id").first()
    assert job is not None
    return job


@pytest.mark.parametrize(("body", "field", "row", "message"), [
    (HEADER.encode() + b"\nann@example.com,,Ann\xe9,,,,,,,,\n", "body", 2, "not UTF-8"),
    (b"ann@example.com,,Ann,,,,,,,,\n", "header", 1, "must be a header"),
    (b"email,name,favourite_colour\nann@example.com,Ann,blue\n", "header", 1,
     "unknown column(s) 'favourite_colour'"),
    (b"", "body", None, "the file is empty"),
    (HEADER.encode() + b'\nann@example.com,,"Ann\n', "body", 2, "unclosed quote"),
])
async def test_malformed_files_get_a_clear_error_and_write_nothing(
        client, body: bytes, field: str, row: int | None, message: str) -> None:
    response = await upload(client, body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["code"], error["field"], error["row"]) == ("BAD_USER_INPUT", field, row)
    assert message in error["message"]
    assert response.json()["job"]["status"] == "failed"
    assert not await Subscriber.exists()
    assert (await _failed_job()).error == error["message"]


async def test_a_10_mb_single_line_is_refused_without_reading_it_whole(client) -> None:
    sent = 0

    async def endless_line() -> AsyncIterator[bytes]:
        nonlocal sent
        yield (HEADER + "\n").encode()
        for _ in range(160):  # 10 MB in 64 KiB pieces, no line end
            sent += 65_536
            yield b"x" * 65_536

    response = await upload(client, endless_line())
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["field"], error["row"]) == ("body", 2)
    assert "longer than 65536 bytes" in error["message"]
    assert sent < 1_000_000  # it stopped reading soon after the cap


async def test_a_failure_half_way_keeps_the_committed_batches_and_says_where(client) -> None:
    good = csv_bytes([[f"early{i}@example.com", "", "", "", "", "", "", "", "", "", ""]
                      for i in range(2_500)])
    response = await upload(client, good + b"late@example.com,,\xff\xfe,,,,,,,,\n")
    assert response.status_code == 400
    job = response.json()["job"]
    assert (job["status"], job["rowsSeen"], job["rowsImported"],
            job["committedThroughRow"]) == ("failed", 2_000, 2_000, 2_001)
    assert await Subscriber.all().count() == 2_000
    # fixed and uploaded again: the committed rows are unchanged, the rest goes in
    fixed = (await upload(client, good)).json()
    assert (fixed["rowsImported"], fixed["rowsUnchanged"]) == (500, 2_000)


async def test_too_many_bad_rows_stop_the_import(client) -> None:
    rows = [["bad-address", "", "", "", "", "", "", "", "", "", ""]] * 1_001
    response = await upload(client, csv_bytes(rows))
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["message"] == "more than 1000 rows have errors; stopped at line 1002"
    assert body["job"]["status"] == "failed" and len(body["job"]["errors"]) == 1_000


async def test_wrong_media_type_and_ndjson_rows(client) -> None:
    assert (await upload(client, b"{}", media_type="application/json")).status_code == 415
    lines = [{"email": "nd@example.com", "name": "Nd", "attributes": {"a": [1]},
              "preferences": [{"topic": "news", "channel": "Team hook",
                               "frequency": "weekly"}]},
             {"email": "x@example.com", "favourite": 1}, "not json", [1]]
    body = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    report = (await upload(client, body.encode(), media_type="application/x-ndjson")).json()
    assert [(e["row"], e["field"]) for e in report["errors"]] == [
        (2, "favourite"), (3, "row"), (4, "row")]
    nd = await Subscriber.get(email="nd@example.com")
    assert nd.attributes == {"a": [1]}
    assert await SubscriberPreference.filter(subscriber=nd, frequency="weekly").count() == 1


# --- authorization -------------------------------------------------------------------------

async def test_import_and_export_need_an_editor_or_admin(client) -> None:
    data = csv_bytes([["a@example.com", "", "", "", "", "", "", "", "", "", ""]])
    assert (await upload(client, data, role=None)).status_code == 401
    for role in ("viewer", "reviewer"):
        refused = await upload(client, data, role=role)
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "FORBIDDEN"
        export = await client.get("/exports/subscribers",
                                  headers={"authorization": f"Bearer {token_for(role)}"})
        assert export.status_code == 403
    assert (await client.get("/exports/subscribers")).status_code == 401
    assert not await Subscriber.exists() and not await ImportJob.exists()
    assert (await upload(client, data, role="admin")).status_code == 201


# --- the job in GraphQL --------------------------------------------------------------------

JOB = """query($id: ID!) { importJob(id: $id) { id status format rowsSeen rowsImported
    rowsUnchanged rowsFailed committedThroughRow errors { row field reason } error
    createdBy finishedAt } }"""
JOBS = """query($status: ImportJobStatus) { importJobs(first: 10, status: $status) {
    edges { node { id status rowsSeen } } } }"""


async def test_the_job_query_and_list(client, gql) -> None:
    data = csv_bytes([["a@example.com", "", "", "Nowhere/Town", "", "", "", "", "", "", ""],
                      ["b@example.com", "", "", "", "", "", "", "", "", "", ""]])
    done = (await upload(client, data)).json()
    await upload(client, b"nonsense\n")
    job = (await gql.data(JOB, {"id": done["id"]}, role="editor"))["importJob"]
    assert job == {
        "id": done["id"], "status": "COMPLETED", "format": "CSV", "rowsSeen": 2,
        "rowsImported": 1, "rowsUnchanged": 0, "rowsFailed": 1, "committedThroughRow": 3,
        "errors": [{"row": 2, "field": "timezone",
                    "reason": "timezone is not a known IANA time zone"}],
        "error": None, "createdBy": "editor-user", "finishedAt": job["finishedAt"]}
    assert job["finishedAt"] is not None
    failed = (await gql.data(JOBS, {"status": "FAILED"}, role="admin"))["importJobs"]
    assert [edge["node"]["status"] for edge in failed["edges"]] == ["FAILED"]
    everything = (await gql.data(JOBS, {}, role="editor"))["importJobs"]["edges"]
    assert [edge["node"]["rowsSeen"] for edge in everything] == [0, 2]  # newest first
    refused = await gql.error(JOB, {"id": done["id"]}, role="viewer")
    assert refused["extensions"]["code"] == "FORBIDDEN"


# --- export → import round trip ------------------------------------------------------------

async def test_export_then_import_round_trips(client) -> None:
    data = csv_bytes([
        ["ann@example.com", "crm-ann", "Ann, \"the\" reader", "Europe/Paris", "fr", "",
         "2026-01-02T03:04:05+02:00", "news;tech", "Email;Team hook", "weekly",
         '{"plan": "pro", "tags": ["a", "b"]}'],
        ["", "crm-bob", "Bob\nSmith", "", "", "unsubscribed", "", "sports", "Email", "", ""],
    ])
    assert (await upload(client, data)).status_code == 201
    await upload(client, b'email,preferences\nann@example.com,"[{""topic"": ""sports"", '
                         b'""channel"": ""Email"", ""frequency"": ""never""}]"\n')
    editor = {"authorization": f"Bearer {token_for('editor')}"}
    exported = await client.get("/exports/subscribers", headers=editor)
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [row["external_id"] for row in rows] == ["crm-ann", "crm-bob"]
    assert rows[1]["name"] == "Bob\nSmith" and rows[1]["status"] == "unsubscribed"
    assert json.loads(rows[0]["preferences"]) == [
        {"topic": "news", "channel": "Email", "frequency": "weekly"},
        {"topic": "news", "channel": "Team hook", "frequency": "weekly"},
        {"topic": "sports", "channel": "Email", "frequency": "never"},
        {"topic": "tech", "channel": "Email", "frequency": "weekly"},
        {"topic": "tech", "channel": "Team hook", "frequency": "weekly"}]
    again = (await upload(client, exported.content)).json()
    assert (again["rowsImported"], again["rowsUnchanged"], again["rowsFailed"]) == (0, 2, 0)
    ndjson = await client.get("/exports/subscribers", params={"format": "ndjson"},
                              headers=editor)
    assert ndjson.headers["content-type"].startswith("application/x-ndjson")
    same = (await upload(client, ndjson.content, media_type="application/x-ndjson")).json()
    assert (same["rowsImported"], same["rowsUnchanged"]) == (0, 2)
    # into an empty list: the same export comes out again
    await Subscriber.all().delete()
    assert (await upload(client, exported.content)).json()["rowsImported"] == 2
    assert (await client.get("/exports/subscribers", headers=editor)).text == exported.text
    assert (await client.get("/exports/subscribers", params={"format": "xml"},
                             headers=editor)).status_code == 400


# --- live progress over a real websocket ---------------------------------------------------

WS_SECRET = "imports-ws-test-secret-0123456789-abcdefghijkl"
PROGRESS = """subscription($id: ID!) { importProgress(id: $id) { id status rowsSeen
    rowsImported rowsFailed } }"""
RUNNING = """{ importJobs(first: 5, status: RUNNING) { edges { node { id rowsSeen } } } }"""


def _ws_token(role: str = "editor") -> str:
    from app.auth import issue_token
    from domain.principals.models import Role

    return issue_token(WS_SECRET, f"ws-{role}", Role(role), dt.timedelta(minutes=10))


async def _socket(url: str, job_id: str, role: str = "editor") -> Any:
    from websockets.asyncio.client import connect

    socket = await connect(url, subprotocols=["graphql-transport-ws"])
    await socket.send(json.dumps({"type": "connection_init",
                                  "payload": {"Authorization": f"Bearer {_ws_token(role)}"}}))
    assert json.loads(await socket.recv())["type"] == "connection_ack"
    await socket.send(json.dumps({"id": "1", "type": "subscribe",
                                  "payload": {"query": PROGRESS, "variables": {"id": job_id}}}))
    return socket


async def _message(socket: Any) -> dict[str, Any]:
    import asyncio

    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), 60))
        if message["type"] == "ping":
            await socket.send(json.dumps({"type": "pong"}))
            continue
        return message


async def test_progress_is_live_over_a_websocket_while_the_upload_streams(
        shared_database: str, redis_url: str, tmp_path) -> None:
    import asyncio
    import time

    from app import migrations
    from tests.orm import orm_on
    from tests.servers import serve

    await migrations.upgrade(shared_database)
    async with orm_on(shared_database):
        await _catalogue()
    release = asyncio.Event()
    rows = [[f"live{i}@example.com", "", "", "", "", "", "", "news", "Email", "", ""]
            for i in range(5_000)]

    async def body() -> AsyncIterator[bytes]:
        yield csv_bytes(rows[:2_500])
        await release.wait()  # the rest only once someone watches
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows[2_500:])
        yield buffer.getvalue().encode()

    with serve(tmp_path, database_url=shared_database, redis_url=redis_url,
               secret_key=WS_SECRET) as server:
        async with httpx.AsyncClient(trust_env=False, timeout=120) as http:
            headers = {"authorization": f"Bearer {_ws_token()}"}
            upload_task = asyncio.create_task(http.post(
                f"{server.http_url}/imports/subscribers", content=body(),
                headers={**headers, "content-type": "text/csv"}))
            try:
                deadline = time.monotonic() + 60
                while True:  # the running job, as a dashboard finds it
                    answer = (await http.post(f"{server.http_url}/graphql",
                                              json={"query": RUNNING}, headers=headers)).json()
                    edges = answer["data"]["importJobs"]["edges"]
                    if edges and edges[0]["node"]["rowsSeen"] == 2_000:
                        break
                    assert time.monotonic() < deadline, answer
                    await asyncio.sleep(0.1)
                job_id = edges[0]["node"]["id"]
                refused = await _socket(server.ws_url, job_id, role="viewer")
                try:
                    error = await _message(refused)
                    assert error["type"] == "error", error
                    assert error["payload"][0]["extensions"]["code"] == "FORBIDDEN"
                finally:
                    await refused.close()
                socket = await _socket(server.ws_url, job_id)
                try:
                    first = await _message(socket)
                    assert first["payload"]["data"]["importProgress"] == {
                        "id": job_id, "status": "RUNNING", "rowsSeen": 2_000,
                        "rowsImported": 2_000, "rowsFailed": 0}
                    release.set()
                    updates = []
                    while (message := await _message(socket))["type"] == "next":
                        updates.append(message["payload"]["data"]["importProgress"])
                    assert message["type"] == "complete"  # ends with the job
                    assert updates[-1] == {"id": job_id, "status": "COMPLETED",
                                           "rowsSeen": 5_000, "rowsImported": 5_000,
                                           "rowsFailed": 0}
                    seen = [update["rowsSeen"] for update in updates]
                    assert seen == sorted(seen)
                finally:
                    await socket.close()
                response = await upload_task
            finally:
                release.set()
                if not upload_task.done():
                    upload_task.cancel()
            assert response.status_code == 201
            assert response.json()["rowsImported"] == 5_000


async def test_the_job_list_costs_the_same_queries_for_one_job_or_many(client, gql) -> None:
    from tests.graphql_client import count_queries

    data = csv_bytes([["a@example.com", "", "", "", "", "", "", "", "", "", ""]])
    await upload(client, data)
    await gql.data(JOBS, {}, role="editor")  # the caller's principal is cached from here
    with count_queries() as one:
        await gql.data(JOBS, {}, role="editor")
    for _ in range(3):
        await upload(client, data)
    with count_queries() as four:
        edges = (await gql.data(JOBS, {}, role="editor"))["importJobs"]["edges"]
    assert len(edges) == 4
    assert len(four) == len(one) == 1


def test_the_quick_email_check_agrees_with_email_validator() -> None:
    from domain.errors import InvalidInput
    from domain.validation import normalise_email, normalise_email_quickly

    rng = random.Random(7)
    alphabet = "abcXYZ019.-_+!#'@é "
    corpus = ["User1@Example.COM", "a..b@x.com", ".a@x.com", "a.@x.com", "a@x.test",
              "a@b.c", "a@xn--80ak6aa92e.com", "a@-x.com", "a@x-.com", "x" * 65 + "@a.com",
              "a@" + "b" * 64 + ".com", "a@1.23", " padded@example.org ", "a@localhost",
              "Ünïcode@example.com", "a@b..com", "a@b.c0m", "o'brien@Example.ie"]
    corpus += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
               + "@" + "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10)))
               + rng.choice((".com", ".io", ".test", "", ".c"))
               for _ in range(3_000)]

    def outcome(check, value: str) -> str:
        try:
            return check(value)
        except InvalidInput:
            return "refused"

    assert [outcome(normalise_email_quickly, v) for v in corpus] == [
        outcome(normalise_email, v) for v in corpus]
    assert normalise_email_quickly("User1@Example.COM") == "User1@example.com"
