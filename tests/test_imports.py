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
