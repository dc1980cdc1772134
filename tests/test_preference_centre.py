"""The preference centre over HTTP through the application `create_app` builds: GET shows
and never changes anything, POST with the page's form applies changes, and bad, expired,
tampered or cross-purpose tokens, forged forms and bad fields change nothing."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app.http import create_app
from app.settings import Settings
from domain.audience.models import Frequency, Subscriber, SubscriberPreference, Topic
from domain.channels.models import Channel, ChannelType
from domain.links.urls import LinkBuilder
from domain.personalization.preferences import format_wall_clock
from domain.principals.models import AuditLogEntry

SECRET = "preferences-test-secret-key-0123456789abcdef"
BASE = "https://news.example.com"


@pytest.fixture
async def http(db: str) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(secret_key=SECRET, public_base_url=BASE,
                        database_url="postgres://unused/db", redis_url="redis://unused")
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://testserver",
                                 follow_redirects=False) as client:
        yield client


@pytest.fixture
async def reader(db: str) -> dict[str, Any]:
    news = await Topic.create(slug="news", name="News")
    sport = await Topic.create(slug="sport", name="Sport")
    mail = await Channel.create(name="mail", type=ChannelType.EMAIL,
                                config={"from_address": "n@example.com"})
    hook = await Channel.create(name="hook", type=ChannelType.WEBHOOK,
                                config={"url": "https://example.com/h"})
    person = await Subscriber.create(email="reader@example.com", timezone="Europe/Paris")
    await SubscriberPreference.create(subscriber=person, topic=news, channel=mail)
    return {"person": person, "news": news, "sport": sport, "mail": mail, "hook": hook}


def _path(url: str) -> str:
    return url.removeprefix(BASE)


def _link(person: Subscriber, **kwargs: Any) -> str:
    return _path(LinkBuilder(SECRET, BASE).preferences_url(
        LinkBuilder(SECRET, BASE).preferences_token(person.id, 7, **kwargs)))


async def _state(person: Subscriber) -> tuple[Any, ...]:
    row = await Subscriber.get(id=person.id)
    preferences = sorted(await SubscriberPreference.filter(subscriber=person).values_list(
        "topic_id", "channel_id", "frequency"))
    return (row.timezone, format_wall_clock(row.quiet_hours_start),
            format_wall_clock(row.quiet_hours_end), row.daily_cap, row.status, preferences)


def _form_token(page: str) -> str:
    match = re.search(r'name="form_token" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


async def test_every_message_links_to_the_preference_centre(reader) -> None:
    links = LinkBuilder(SECRET, BASE).for_recipient(reader["person"].id, 42)
    assert links["preferences"].startswith(f"{BASE}/preferences/")
    assert links["preferences"] != links["unsubscribe"]
    claim = LinkBuilder(SECRET, BASE).verify_preferences(
        links["preferences"].rsplit("/", 1)[1])
    assert (claim.subscriber_id, claim.delivery_id) == (reader["person"].id, 42)
    assert claim.expires_at > time.time() + 300 * 86400


async def test_get_shows_the_page_and_changes_nothing(http, reader) -> None:
    person = reader["person"]
    before = await _state(person)
    for method in ("GET", "HEAD", "GET"):
        response = await http.request(method, _link(person))
        assert response.status_code == 200
    page = response.text
    assert "Your preferences" in page and "News" in page and "Sport" in page
    assert 'value="Europe/Paris"' in page
    assert "<script" not in page and "http" not in page.split("<body>")[1].replace(
        "https://", "")  # no external assets
    assert response.headers["cache-control"] == "no-store"
    assert "form-action 'self'" in response.headers["content-security-policy"]
    assert await _state(person) == before
    assert "do not receive our messages" not in page


async def test_an_unsubscribed_reader_is_told_and_stays_unsubscribed(http, reader) -> None:
    person = reader["person"]
    await Subscriber.filter(id=person.id).update(status="unsubscribed")
    url = _link(person)
    page = (await http.get(url)).text
    assert "do not receive our messages" in page
    response = await http.post(url, data={"form_token": _form_token(page), "daily_cap": "2"})
    assert response.status_code == 200
    state = await _state(person)
    assert (state[3], state[4]) == (2, "unsubscribed")


async def test_post_from_the_page_applies_changes(http, reader) -> None:
    person, news, sport = reader["person"], reader["news"], reader["sport"]
    mail, hook = reader["mail"], reader["hook"]
    url = _link(person)
    token = _form_token((await http.get(url)).text)
    response = await http.post(url, data={
        "form_token": token, f"p-{news.id}-{mail.id}": "never",
        f"p-{sport.id}-{mail.id}": "immediate", f"p-{sport.id}-{hook.id}": "daily",
        "timezone": "America/New_York", "quiet_start": "22:00", "quiet_end": "07:00",
        "daily_cap": "4"})
    assert response.status_code == 200, response.text
    assert "Saved." in response.text
    assert await _state(person) == (
        "America/New_York", "22:00", "07:00", 4, "active",
        sorted([(news.id, mail.id, Frequency.NEVER), (sport.id, mail.id, Frequency.IMMEDIATE),
                (sport.id, hook.id, Frequency.DAILY)]))
    entry = await AuditLogEntry.filter(action="subscriber.preferences").get()
    assert (entry.actor_name, entry.target_id) == ("preference-centre", str(person.id))
    # clearing quiet hours and the cap
    response = await http.post(url, data={"form_token": token, "quiet_start": "",
                                          "quiet_end": "", "daily_cap": ""})
    assert response.status_code == 200
    state = await _state(person)
    assert state[1:4] == (None, None, None)
    assert state[0] == "America/New_York"  # kept


@pytest.mark.parametrize(("fields", "message"), [
    pytest.param({"timezone": "Mars/Olympus"}, "IANA", id="timezone"),
    pytest.param({"quiet_start": "22:00", "quiet_end": ""}, "HH:MM", id="half-window"),
    pytest.param({"quiet_start": "22:00", "quiet_end": "22:00"}, "same time",
                 id="empty-window"),
    pytest.param({"daily_cap": "0"}, "between 1 and 1000", id="cap-zero"),
    pytest.param({"daily_cap": "lots"}, "whole number", id="cap-text"),
    pytest.param({"p-{news}-{mail}": "hourly"}, "frequency", id="frequency"),
])
async def test_a_bad_field_changes_nothing(http, reader, fields, message) -> None:
    person = reader["person"]
    url = _link(person)
    token = _form_token((await http.get(url)).text)
    before = await _state(person)
    data = {"form_token": token, f"p-{reader['sport'].id}-{reader['mail'].id}": "immediate"}
    data.update({name.format(news=reader["news"].id, mail=reader["mail"].id): value
                 for name, value in fields.items()})
    response = await http.post(url, data=data)
    assert response.status_code == 400
    assert "Not saved" in response.text and message in response.text
    assert await _state(person) == before


async def test_bad_expired_and_tampered_links_are_refused(http, reader) -> None:
    person = reader["person"]
    links = LinkBuilder(SECRET, BASE)
    good = links.preferences_token(person.id, 7)
    expired = links.preferences_token(person.id, 7, expires_at=int(time.time()) - 1)
    payload, tag = good.split(".")
    tampered = links.preferences_token(person.id + 1, 7).split(".")[0] + "." + tag
    unsubscribe_token = links.unsubscribe_token(person.id, 7)
    other_key = LinkBuilder("another-secret-key-0123456789abcdef", BASE).preferences_token(
        person.id, 7)
    before = await _state(person)
    cases = {"/preferences/garbage": 404, f"/preferences/{tampered}": 404,
             f"/preferences/{unsubscribe_token}": 404, f"/preferences/{other_key}": 404,
             f"/preferences/{payload}.": 404, "/preferences": 404,
             f"/preferences/{good}/extra": 404, f"/preferences/{expired}": 410}
    for path, status in cases.items():
        for method in ("GET", "POST"):
            response = await http.request(method, path, data={"daily_cap": "1"}
                                           if method == "POST" else None)
            assert response.status_code == status, (path, method)
            assert "location" not in response.headers
    assert await _state(person) == before


async def test_a_post_without_the_pages_form_token_is_refused(http, reader) -> None:
    """Someone who learnt the link cannot change settings with a bare POST (another site
    posting to it, a scanner), nor with a form token of another reader's page."""
    person = reader["person"]
    other = await Subscriber.create(email="other@example.com")
    url = _link(person)
    other_token = _form_token((await http.get(_link(other))).text)
    token = _form_token((await http.get(url)).text)
    before = await _state(person)
    for data, headers in (({"daily_cap": "1"}, {}),
                          ({"daily_cap": "1", "form_token": "forged"}, {}),
                          ({"daily_cap": "1", "form_token": other_token}, {}),
                          ({"daily_cap": "1", "form_token": token},
                           {"origin": "https://evil.example"})):
        response = await http.post(url, data=data, headers=headers)
        assert response.status_code == 403
    assert await _state(person) == before
    # the same form from our own origin is fine
    response = await http.post(url, data={"daily_cap": "1", "form_token": token},
                               headers={"origin": BASE})
    assert response.status_code == 200
    assert (await _state(person))[3] == 1
