"""The RFC 8058 unsubscribe link over HTTP, through the application `create_app` builds:
a one-click POST (urlencoded or multipart) unsubscribes and answers 200 every time, GET
only shows a confirmation page, bad tokens answer 404 and change nothing, and nothing
ever redirects. Plus the domain function on its own: idempotent, concurrent-safe,
bounced subscribers kept as they are, later publications leaving the person out."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from app.http import create_app
from app.settings import Settings
from domain.audience.models import Subscriber, SubscriberStatus
from domain.audience.unsubscribe import SKIP_REASON, UnsubscribeOutcome, unsubscribe
from domain.deliveries.audience import resolve_audience
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.links.signing import TokenSigner
from domain.links.urls import LinkBuilder
from domain.principals.models import AuditLogEntry
from domain.publications.models import Publication, PublicationStatus
from tests.delivery_fixtures import Scenario, publication_to

SECRET = "unsubscribe-test-secret-key-0123456789abcdef"
BASE = "https://news.example.com"
HOOK = "http://127.0.0.1:9/hook"  # never called: nothing here sends
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


@dataclass
class World:
    scenario: Scenario
    people: list[Subscriber]
    links: LinkBuilder

    async def delivery_of(self, person: Subscriber) -> Delivery:
        return await Delivery.get(publication_id=self.scenario.publication.id,
                                  subscriber_id=person.id)

    async def token_for(self, person: Subscriber) -> str:
        delivery = await self.delivery_of(person)
        return self.links.unsubscribe_token(person.id, delivery.id)


@pytest.fixture
async def http(db: str) -> AsyncIterator[httpx.AsyncClient]:
    """The real application's routes (lifespan not run: the test session owns the ORM)."""
    settings = Settings(secret_key=SECRET, public_base_url=BASE,
                        database_url="postgres://unused/db", redis_url="redis://unused")
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://testserver",
                                 follow_redirects=False) as client:
        yield client


@pytest.fixture
async def world(db: str) -> World:
    """Three subscribers of one topic, with a resolved publication: one pending delivery
    each."""
    scenario = await publication_to(HOOK, 3)
    await resolve_audience(scenario.publication.id)
    people = await Subscriber.filter(email__startswith="news-reader").order_by("id")
    return World(scenario, list(people), LinkBuilder(SECRET, BASE))


async def _snapshot() -> tuple[list[tuple[object, ...]], ...]:
    """Everything an unsubscribe could touch, to prove a request changed nothing."""
    subscribers = await Subscriber.all().order_by("id").values_list(
        "id", "status", "consent_withdrawn_at", "updated_at")
    deliveries = await Delivery.all().order_by("id").values_list(
        "id", "status", "last_error", "updated_at")
    audit = await AuditLogEntry.all().order_by("id").values_list("id", "action")
    return subscribers, deliveries, audit


def _assert_no_redirect(response: httpx.Response) -> None:
    assert not 300 <= response.status_code < 400, (response.status_code, response.headers)
    assert "location" not in response.headers


def _assert_page_headers(response: httpx.Response) -> None:
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    # no external resources: nothing is loaded from anywhere
    assert "http://" not in response.text and "https://" not in response.text
    assert "src=" not in response.text


def _multipart_body(fields: dict[str, str], boundary: str = "----mailprovider42"
                    ) -> tuple[bytes, str]:
    """What a mail provider sends, written out by hand (httpx writes it differently)."""
    lines = []
    for name, value in fields.items():
        lines += [f"--{boundary}", f'Content-Disposition: form-data; name="{name}"', "",
                  value]
    lines += [f"--{boundary}--", ""]
    return "\r\n".join(lines).encode(), f"multipart/form-data; boundary={boundary}"


async def _assert_unsubscribed(world: World, person: Subscriber) -> None:
    row = await Subscriber.get(id=person.id)
    assert row.status is SubscriberStatus.UNSUBSCRIBED
    assert row.consent_withdrawn_at is not None
    delivery = await world.delivery_of(person)
    assert delivery.status is DeliveryStatus.SKIPPED
    assert delivery.last_error == SKIP_REASON
    # nobody else is touched
    for other in world.people:
        if other.id != person.id:
            assert (await Subscriber.get(id=other.id)).status is SubscriberStatus.ACTIVE
            assert (await world.delivery_of(other)).status is DeliveryStatus.PENDING


async def _audit_entries(person: Subscriber) -> list[AuditLogEntry]:
    return await AuditLogEntry.filter(action="subscriber.unsubscribe", target_type="subscriber",
                                      target_id=str(person.id)).order_by("id")


# -- POST: one click ------------------------------------------------------------------------

async def test_one_click_urlencoded_unsubscribes_once_and_answers_200_twice(
        http: httpx.AsyncClient, world: World) -> None:
    person = world.people[0]
    token = await world.token_for(person)

    response = await http.post(f"/unsubscribe/{token}", data=ONE_CLICK)
    _assert_no_redirect(response)
    assert response.status_code == 200
    assert "You have been unsubscribed" in response.text
    _assert_page_headers(response)
    await _assert_unsubscribed(world, person)
    [entry] = await _audit_entries(person)
    assert entry.actor_name == "system"
    assert entry.details["source"] == "one-click"
    assert entry.details["delivery_id"] == (await world.delivery_of(person)).id
    assert entry.details["skipped_deliveries"] == 1

    before = await _snapshot()
    again = await http.post(f"/unsubscribe/{token}", data=ONE_CLICK)
    _assert_no_redirect(again)
    assert again.status_code == 200
    assert again.text == response.text
    assert await _snapshot() == before


async def test_one_click_multipart_unsubscribes(http: httpx.AsyncClient, world: World) -> None:
    person = world.people[1]
    token = await world.token_for(person)
    body, content_type = _multipart_body(ONE_CLICK)

    response = await http.post(f"/unsubscribe/{token}", content=body,
                               headers={"Content-Type": content_type})
    _assert_no_redirect(response)
    assert response.status_code == 200
    await _assert_unsubscribed(world, person)
    [entry] = await _audit_entries(person)
    assert entry.details["source"] == "one-click"

    before = await _snapshot()
    # httpx's own multipart encoding, as another provider might send it
    again = await http.post(f"/unsubscribe/{token}",
                            files={"List-Unsubscribe": (None, "One-Click")})
    assert again.status_code == 200
    assert await _snapshot() == before

    other = world.people[2]
    encoded_by_httpx = await http.post(f"/unsubscribe/{await world.token_for(other)}",
                                       files={"List-Unsubscribe": (None, "One-Click")})
    assert encoded_by_httpx.status_code == 200
    [entry] = await _audit_entries(other)
    assert entry.details["source"] == "one-click"


async def test_confirmation_page_submit_and_bodyless_post_unsubscribe(
        http: httpx.AsyncClient, world: World) -> None:
    first, second = world.people[0], world.people[1]

    page = await http.post(f"/unsubscribe/{await world.token_for(first)}",
                           data={**ONE_CLICK, "confirm": "page"})
    assert page.status_code == 200
    await _assert_unsubscribed(world, first)
    assert (await _audit_entries(first))[0].details["source"] == "confirmation-page"

    # no body at all: the token is what authorises, so the person is still let go
    bare = await http.post(f"/unsubscribe/{await world.token_for(second)}")
    assert bare.status_code == 200
    assert (await Subscriber.get(id=second.id)).status is SubscriberStatus.UNSUBSCRIBED
    assert (await _audit_entries(second))[0].details["source"] == "post"


async def test_post_needs_no_cookies_or_login_and_ignores_them(
        http: httpx.AsyncClient, world: World) -> None:
    person = world.people[2]
    response = await http.post(f"/unsubscribe/{await world.token_for(person)}", data=ONE_CLICK,
                               headers={"Cookie": "session=garbage",
                                        "Authorization": "Bearer not-a-token"})
    assert response.status_code == 200
    assert "set-cookie" not in response.headers
    assert (await Subscriber.get(id=person.id)).status is SubscriberStatus.UNSUBSCRIBED


async def test_token_without_delivery_still_unsubscribes(
        http: httpx.AsyncClient, world: World) -> None:
    person = world.people[0]
    response = await http.post(f"/unsubscribe/{world.links.unsubscribe_token(person.id)}",
                               data=ONE_CLICK)
    assert response.status_code == 200
    await _assert_unsubscribed(world, person)
    assert (await _audit_entries(person))[0].details["delivery_id"] is None


async def test_oversized_body_is_refused_and_changes_nothing(
        http: httpx.AsyncClient, world: World) -> None:
    token = await world.token_for(world.people[0])
    before = await _snapshot()

    declared = await http.post(f"/unsubscribe/{token}",
                               content=b"List-Unsubscribe=One-Click&" + b"x" * 10_000,
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert declared.status_code == 413

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: streamed, cut off
        for _ in range(100):
            yield b"x" * 1000

    streamed = await http.post(f"/unsubscribe/{token}", content=chunks(),
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert streamed.status_code == 413
    for response in (declared, streamed):
        _assert_no_redirect(response)
        _assert_page_headers(response)
    assert await _snapshot() == before


async def test_malformed_bodies_do_not_break_the_unsubscribe(
        http: httpx.AsyncClient, world: World) -> None:
    first, second = world.people[0], world.people[1]
    broken_multipart = await http.post(
        f"/unsubscribe/{await world.token_for(first)}", content=b"--x\r\nnonsense",
        headers={"Content-Type": "multipart/form-data; boundary=zzz"})
    assert broken_multipart.status_code == 200
    assert (await Subscriber.get(id=first.id)).status is SubscriberStatus.UNSUBSCRIBED

    many_fields = await http.post(f"/unsubscribe/{await world.token_for(second)}",
                                  content="&".join(f"f{i}=1" for i in range(200)).encode(),
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert many_fields.status_code == 200
    assert (await Subscriber.get(id=second.id)).status is SubscriberStatus.UNSUBSCRIBED


async def test_deleted_subscriber_gets_the_same_answer(
        http: httpx.AsyncClient, world: World) -> None:
    gone, present = world.people[0], world.people[1]
    gone_token = await world.token_for(gone)
    present_token = await world.token_for(present)
    await Subscriber.filter(id=gone.id).delete()
    before = await _snapshot()

    for_gone = await http.post(f"/unsubscribe/{gone_token}", data=ONE_CLICK)
    assert await _snapshot() == before
    for_present = await http.post(f"/unsubscribe/{present_token}", data=ONE_CLICK)
    assert for_gone.status_code == for_present.status_code == 200
    assert for_gone.text == for_present.text
    assert dict(for_gone.headers) == dict(for_present.headers)


# -- GET, HEAD, OPTIONS: never unsubscribe ----------------------------------------------

async def test_get_shows_a_confirmation_form_and_changes_nothing(
        http: httpx.AsyncClient, world: World) -> None:
    token = await world.token_for(world.people[0])
    before = await _snapshot()

    response = await http.get(f"/unsubscribe/{token}")
    _assert_no_redirect(response)
    assert response.status_code == 200
    _assert_page_headers(response)
    assert '<form method="post">' in response.text  # posts back to this very URL
    assert 'name="List-Unsubscribe" value="One-Click"' in response.text
    assert "<button" in response.text
    assert token not in response.text

    for method in ("HEAD", "OPTIONS"):
        other = await http.request(method, f"/unsubscribe/{token}")
        _assert_no_redirect(other)
        assert other.status_code in (200, 405)
    for _ in range(3):  # a scanner fetching repeatedly
        await http.get(f"/unsubscribe/{token}")
    assert await _snapshot() == before


async def test_get_for_a_deleted_subscriber_looks_the_same(
        http: httpx.AsyncClient, world: World) -> None:
    gone, present = world.people[0], world.people[1]
    gone_token = await world.token_for(gone)
    await Subscriber.filter(id=gone.id).delete()
    for_gone = await http.get(f"/unsubscribe/{gone_token}")
    for_present = await http.get(f"/unsubscribe/{await world.token_for(present)}")
    assert for_gone.status_code == for_present.status_code == 200
    assert for_gone.text == for_present.text


# -- bad tokens ---------------------------------------------------------------------------

def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _tampered(token: str, subscriber_id: int) -> str:
    """The same tag on a payload naming another subscriber."""
    payload, tag = token.split(".")
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    version, _, delivery = decoded.split(":")
    return f"{_b64(f'{version}:{subscriber_id}:{delivery}'.encode())}.{tag}"


async def _bad_tokens(world: World) -> dict[str, str]:
    victim, holder = world.people[0], world.people[1]
    delivery_id = (await world.delivery_of(victim)).id
    holders_token = await world.token_for(holder)
    return {
        "forged": f"{_b64(f'v1:{victim.id}:{delivery_id}'.encode())}.{_b64(b'0' * 16)}",
        "tampered": _tampered(holders_token, victim.id),
        "other key": LinkBuilder("another-secret-key-0123456789abcdefgh", BASE
                                 ).unsubscribe_token(victim.id, delivery_id),
        "other purpose": TokenSigner(SECRET, "open").sign(victim.id, delivery_id),
        "one value only": TokenSigner(SECRET, "unsubscribe").sign(victim.id),
        "not numbers": TokenSigner(SECRET, "unsubscribe").sign("x", "y"),
        "garbage": "not-a-token",
        "html": "<script>alert(1)</script>",
        "overlong": holders_token + "A" * 600,
        "truncated": holders_token[:-3],
        "two tokens": f"{holders_token}.{holders_token}",
        "trailing slash": f"{holders_token}/",
        "extra segment": f"{holders_token}/x",
        "empty": "",
    }


async def test_tokens_that_do_not_verify_answer_404_and_change_nothing(
        http: httpx.AsyncClient, world: World) -> None:
    before = await _snapshot()
    for name, token in (await _bad_tokens(world)).items():
        for method in ("GET", "POST"):
            kwargs = {"data": ONE_CLICK} if method == "POST" else {}
            response = await http.request(method, f"/unsubscribe/{token}", **kwargs)
            _assert_no_redirect(response)
            assert response.status_code == 404, (name, method, response.text)
            assert "<script>" not in response.text
            _assert_page_headers(response)
    assert await _snapshot() == before


async def test_nothing_under_unsubscribe_redirects(http: httpx.AsyncClient,
                                                   world: World) -> None:
    token = await world.token_for(world.people[0])
    paths = ["/unsubscribe", "/unsubscribe/", "/unsubscribe//", f"/unsubscribe/{token}/",
             f"/unsubscribe/{token}//", f"/unsubscribe/{token}?next=https://evil.example"]
    for path in paths:
        for method in ("GET", "HEAD", "OPTIONS", "PUT", "DELETE"):
            _assert_no_redirect(await http.request(method, path))
    # the query string is ignored (the valid token still unsubscribes, nowhere to go)
    response = await http.post(f"/unsubscribe/{token}?next=https://evil.example",
                               data=ONE_CLICK)
    _assert_no_redirect(response)
    assert response.status_code == 200
    assert "evil.example" not in response.text


# -- the domain function ------------------------------------------------------------------

async def test_unsubscribe_is_idempotent_and_reports_it(world: World) -> None:
    person = world.people[0]
    delivery_id = (await world.delivery_of(person)).id

    first = await unsubscribe(person.id, delivery_id, "one-click")
    assert first.outcome is UnsubscribeOutcome.UNSUBSCRIBED
    assert first.changed and first.skipped_deliveries == 1
    withdrawn_at = (await Subscriber.get(id=person.id)).consent_withdrawn_at

    before = await _snapshot()
    second = await unsubscribe(person.id, delivery_id, "one-click")
    assert second.already_unsubscribed and not second.changed
    assert second.skipped_deliveries == 0
    assert await _snapshot() == before
    assert (await Subscriber.get(id=person.id)).consent_withdrawn_at == withdrawn_at

    missing = await unsubscribe(999_999, None, "one-click")
    assert missing.outcome is UnsubscribeOutcome.UNKNOWN_SUBSCRIBER and not missing.changed


async def test_concurrent_unsubscribes_change_state_once(world: World) -> None:
    person = world.people[0]
    results = await asyncio.gather(*(unsubscribe(person.id, None, "one-click")
                                      for _ in range(5)))
    outcomes = sorted(result.outcome.value for result in results)
    assert outcomes == ["already_unsubscribed"] * 4 + ["unsubscribed"]
    assert sum(result.skipped_deliveries for result in results) == 1
    assert len(await _audit_entries(person)) == 1


@pytest.mark.parametrize("status", [SubscriberStatus.BOUNCED, SubscriberStatus.COMPLAINED])
async def test_bounced_and_complained_keep_their_status_but_stop_receiving(
        world: World, status: SubscriberStatus) -> None:
    person = world.people[0]
    await Subscriber.filter(id=person.id).update(status=status)

    result = await unsubscribe(person.id, None, "one-click")
    assert result.outcome is UnsubscribeOutcome.NOT_ACTIVE
    assert result.skipped_deliveries == 1
    row = await Subscriber.get(id=person.id)
    assert row.status is status and row.consent_withdrawn_at is None
    assert (await world.delivery_of(person)).status is DeliveryStatus.SKIPPED


async def test_only_waiting_deliveries_are_skipped(world: World) -> None:
    person = world.people[0]
    delivery = await world.delivery_of(person)
    await Delivery.filter(id=delivery.id).update(status=DeliveryStatus.SENT,
                                                 sent_at=dt.datetime.now(dt.UTC))
    result = await unsubscribe(person.id, delivery.id, "one-click")
    assert result.outcome is UnsubscribeOutcome.UNSUBSCRIBED and result.skipped_deliveries == 0
    assert (await Delivery.get(id=delivery.id)).status is DeliveryStatus.SENT


async def test_skipping_the_last_waiting_delivery_finishes_the_publication(db: str) -> None:
    scenario = await publication_to(HOOK, 1, slug="solo")
    await resolve_audience(scenario.publication.id)
    [person] = await Subscriber.filter(email__startswith="solo-reader")

    await unsubscribe(person.id, None, "one-click")
    publication = await Publication.get(id=scenario.publication.id)
    assert publication.status is PublicationStatus.PUBLISHED


async def test_a_later_publication_leaves_the_unsubscribed_person_out(
        http: httpx.AsyncClient, world: World) -> None:
    person = world.people[0]
    response = await http.post(f"/unsubscribe/{await world.token_for(person)}", data=ONE_CLICK)
    assert response.status_code == 200

    later = await Publication.create(title="later", summary="s", body="b",
                                     status=PublicationStatus.PUBLISHING,
                                     publish_at=dt.datetime.now(dt.UTC))
    await later.topics.add(world.scenario.topic)
    await later.channels.add(world.scenario.channel)
    await resolve_audience(later.id)

    recipients = set(await Delivery.filter(publication_id=later.id)
                     .values_list("subscriber_id", flat=True))
    assert recipients == {other.id for other in world.people[1:]}



async def test_one_click_unsubscribe_is_an_engagement_event_once(
        http: httpx.AsyncClient, world: World) -> None:
    """Issue 8: the unsubscribe counts in the publication's metrics, once, however often
    the link is posted."""
    from domain.engagement.models import EngagementEvent, EventType, MetricRollup

    person = world.people[0]
    delivery = await world.delivery_of(person)
    token = await world.token_for(person)
    for _ in range(2):
        response = await http.post(f"/unsubscribe/{token}", data=ONE_CLICK)
        assert response.status_code == 200
    events = await EngagementEvent.filter(type=EventType.UNSUBSCRIBE).values_list(
        "delivery_id", "publication_id", "subscriber_id")
    assert events == [(delivery.id, world.scenario.publication.id, person.id)]
    day = await MetricRollup.get(granularity="day",
                                 publication_id=world.scenario.publication.id)
    assert day.unsubscribes == 1
