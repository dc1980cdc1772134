"""The SES email channel: the MIME it builds, the SES v2 calls it makes, and how SES's
answers become delivery outcomes, through the real engine.

Two loopback SES endpoints: moto in server mode (real identity verification, the raw
message as SES stored it) and `tests.ses_servers.SesStandIn`, which answers as scripted
(throttling, rejections, refused credentials, 5xx) in SES v2's REST-JSON error format.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from email.message import EmailMessage
from typing import Any

import httpx
import pytest

from app.runtime import open_runtime
from app.settings import Settings
from domain.audience.models import Frequency, Subscriber, SubscriberPreference, Topic
from domain.channels.config import validate_config
from domain.channels.email import (
    QUOTA_PAUSE_SECONDS,
    RATE_PAUSE_SECONDS,
    EmailTransport,
    email_tags,
)
from domain.channels.mime import ONE_CLICK, EmailBuildError, build_email
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.channels.providers import ProviderEndpoints
from domain.channels.transport import FailureReason, OutcomeKind, OutgoingMessage
from domain.crypto import encrypt_secrets
from domain.deliveries import ledger
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.principals.actor import Actor
from domain.principals.models import Role
from domain.publications.models import Publication, PublicationStatus
from domain.templates import service as templates
from domain.templates.models import TemplateFormat
from domain.templates.rendering import RenderedMessage
from tests.delivery_fixtures import SECRET_KEY, build_engine
from tests.servers import free_port
from tests.ses_servers import OK, SesError, parse

PUBLIC_BASE = "https://news.example.com"
KEY_ID, SECRET = "AKIAEXAMPLEKEY000001", "example-secret-access-key"
ADMIN = Actor(name="email-tests", role=Role.ADMIN)
STYLED_TEMPLATE = """<!DOCTYPE html>
<html><head><title>{% block subject %}{{ publication.title }}{% endblock %}</title>
<style>
.lead { color: #cc0000; font-weight: bold; }
@media (max-width: 600px) { .lead { font-size: 18px; } }
</style>
<link rel="stylesheet" href="http://127.0.0.1:9/never-fetched.css">
</head>
<body><p class="lead">{{ publication.title }}</p>
{% if links.unsubscribe %}<a href="{{ links.unsubscribe }}">Unsubscribe</a>{% endif %}
</body></html>"""


# --- fixtures and helpers ---------------------------------------------------------------

def engine_for(redis_client: Any, http_client: httpx.AsyncClient, transport: EmailTransport,
               **policy: object) -> Any:
    # links point where recipients reach us (PUBLIC_BASE_URL)
    return build_engine(redis_client, http_client, transports={ChannelType.EMAIL: transport},
                        public_base_url=PUBLIC_BASE, **policy)


async def email_publication(subscribers: int = 1, *, config: dict[str, Any] | None = None,
                            secrets: dict[str, str] | None = None,
                            title: str = "Grüße aus der Redaktion",
                            channel_fields: dict[str, Any] | None = None,
                            ) -> tuple[Publication, Channel]:
    topic = await Topic.create(slug="news", name="News")
    channel = await Channel.create(
        name="newsletter", type=ChannelType.EMAIL,
        config=config or {"from_address": "news@example.com"},
        secret_ciphertext=encrypt_secrets(SECRET_KEY, secrets if secrets is not None else {
            "aws_access_key_id": KEY_ID, "aws_secret_access_key": SECRET}),
        **(channel_fields or {}))
    await Subscriber.bulk_create([
        Subscriber(email=f"reader{index}@example.org", name=f"Reader {index}")
        for index in range(subscribers)])
    people = await Subscriber.filter(email__startswith="reader").order_by("id")
    await SubscriberPreference.bulk_create([
        SubscriberPreference(subscriber=person, topic=topic, channel=channel,
                             frequency=Frequency.IMMEDIATE) for person in people])
    publication = await Publication.create(title=title, summary="Kurz", body="Alles gut.",
                                           status=PublicationStatus.PUBLISHING,
                                           publish_at=dt.datetime.now(dt.UTC))
    await publication.topics.add(topic)
    await publication.channels.add(channel)
    return publication, channel


async def run_until_idle(engine: Any, seconds: float = 4.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        await engine.pump(budget_seconds=2)
        if not await Delivery.filter(status__in=["pending", "sending"]).exists():
            return
        await asyncio.sleep(0.05)


async def deliver(engine: Any, publication: Publication) -> list[Delivery]:
    assert await engine.start_publication(publication.id)
    await run_until_idle(engine)
    return await Delivery.filter(publication_id=publication.id).order_by("id")


def outgoing(*, recipient: str = "reader@example.org", subject: str = "Hello",
             html: str | None = "<p>Hello</p>", text: str | None = "Hello",
             links: dict[str, str] | None = None, **config: Any) -> OutgoingMessage:
    return OutgoingMessage(
        delivery_id=7, idempotency_key="p3:c5:s7", recipient=recipient, channel_id=5,
        config={"from_address": "news@example.com", **config},
        secrets={"aws_access_key_id": KEY_ID, "aws_secret_access_key": SECRET},
        rendered=RenderedMessage(ChannelType.EMAIL, subject=subject, html=html, text=text),
        links=links if links is not None else {}, publication_id=3)


def header_lines(raw: bytes) -> list[str]:
    """The raw header block, one entry per header (continuation lines joined)."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    lines: list[str] = []
    for line in head.split("\r\n"):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += line
        else:
            lines.append(line)
    return lines


def parts(message: EmailMessage) -> list[EmailMessage]:
    return list(message.iter_parts())  # type: ignore[arg-type]


# --- end to end through moto ------------------------------------------------------------

async def test_publication_goes_out_through_ses_as_multipart_alternative(
        db, redis_client, http_client, moto, transports) -> None:
    moto.verify("news@example.com")
    await templates.create_template(ADMIN, name="default", channel_type=ChannelType.EMAIL,
                                    format=TemplateFormat.HTML, source=STYLED_TEMPLATE)
    publication, channel = await email_publication(3, config={
        "from_address": "news@example.com", "from_name": "Nachrichten Zoë",
        "reply_to": "desk@example.com", "unsubscribe_mailbox": "unsubscribe@example.com"})
    engine = engine_for(redis_client, http_client, transports(moto.url))

    deliveries = await deliver(engine, publication)

    assert [d.status for d in deliveries] == [DeliveryStatus.SENT] * 3
    stored = {message.id: message for message in moto.sent()}
    assert {d.provider_message_id for d in deliveries} == set(stored)
    for delivery in deliveries:
        sent = stored[delivery.provider_message_id]
        assert sent.source == "news@example.com"
        mime = parse(sent.raw_data.encode())
        assert mime["To"] == delivery.recipient
        assert mime["Subject"] == "Grüße aus der Redaktion"
        assert mime["From"].addresses[0].display_name == "Nachrichten Zoë"
        assert mime["From"].addresses[0].addr_spec == "news@example.com"
        assert mime["Reply-To"] == "desk@example.com"
        assert mime["X-Publishing-Delivery"] == delivery.idempotency_key
        assert mime["Message-ID"].endswith("@example.com>") and mime["Date"]
        assert mime.get_content_type() == "multipart/alternative"
        text, html = parts(mime)
        assert text.get_content_type() == "text/plain"
        assert html.get_content_type() == "text/html"
        assert text.get_content_charset() == html.get_content_charset() == "utf-8"
        body = html.get_content()
        # the rule was moved into the element; only the media query keeps a <style>
        assert 'class="lead" style="color: #cc0000;font-weight: bold;"' in body
        assert "@media (max-width: 600px)" in body and ".lead { color" not in body
        assert "never-fetched.css" not in body
        assert "Grüße aus der Redaktion" in text.get_content()
        web, mailto = [item.strip().strip("<>") for item in
                       mime["List-Unsubscribe"].split(",")]
        assert web.startswith(f"{PUBLIC_BASE}/unsubscribe/")
        assert f'href="{web}"' in body  # the link in the body is the header's link
        assert mailto.startswith("mailto:unsubscribe@example.com?subject=")
        assert mime["List-Unsubscribe-Post"] == ONE_CLICK
    assert (await Channel.get(id=channel.id)).status == ChannelStatus.ACTIVE


async def test_unverified_sender_fails_with_a_readable_reason(
        db, redis_client, http_client, moto, transports) -> None:
    publication, channel = await email_publication(
        1, config={"from_address": "nobody@unverified.example"})
    engine = engine_for(redis_client, http_client, transports(moto.url))

    (delivery,) = await deliver(engine, publication)

    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 1
    assert "MessageRejected" in delivery.last_error
    assert "not verified" in delivery.last_error
    assert "nobody@unverified.example" in delivery.last_error
    assert moto.sent() == []
    # one sender problem is this message's problem, not a reason to disable the channel
    assert (await Channel.get(id=channel.id)).status == ChannelStatus.ACTIVE


# --- SES's answers through the engine (stand-in) ----------------------------------------

async def test_request_carries_tags_configuration_set_and_one_recipient(
        db, redis_client, http_client, ses, transports) -> None:
    publication, channel = await email_publication(2, config={
        "from_address": "news@example.com", "configuration_set": "newsletters"})
    engine = engine_for(redis_client, http_client, transports(ses.url))

    deliveries = await deliver(engine, publication)

    assert [d.status for d in deliveries] == [DeliveryStatus.SENT] * 2
    assert {d.provider_message_id for d in deliveries} == {"standin-000001",
                                                            "standin-000002"}
    by_recipient = {request.body["Destination"]["ToAddresses"][0]: request
                    for request in ses.requests}
    for delivery in deliveries:
        request = by_recipient[delivery.recipient]
        assert request.body["Destination"] == {"ToAddresses": [delivery.recipient]}
        assert request.body["FromEmailAddress"] == "news@example.com"
        assert request.body["ConfigurationSetName"] == "newsletters"
        assert request.tags == {
            "delivery_id": str(delivery.id), "publication_id": str(publication.id),
            "channel_id": str(channel.id),
            "delivery_key": delivery.idempotency_key.replace(":", "_")}
        assert request.access_key_id == KEY_ID
        assert request.mime["X-Publishing-Delivery"] == delivery.idempotency_key


async def test_throttling_pauses_the_account_then_the_retry_is_sent(
        db, redis_client, http_client, ses, transports) -> None:
    ses.script.extend([SesError(429, "TooManyRequestsException",
                                "Maximum sending rate exceeded."), OK])
    publication, _ = await email_publication(1)
    engine = engine_for(redis_client, http_client, transports(ses.url))
    assert await engine.start_publication(publication.id)

    await engine.pump(budget_seconds=2)
    delivery = await Delivery.get(publication_id=publication.id)
    assert delivery.status == DeliveryStatus.PENDING
    assert "TooManyRequestsException" in delivery.last_error
    # every worker holds back from this account + region, not just this delivery
    assert await engine.limiter.paused_for(f"ses:us-east-1:{KEY_ID}") > 0

    await run_until_idle(engine)
    delivery = await Delivery.get(id=delivery.id)
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 2
    assert len(ses.requests) == 2  # botocore did not retry on its own


async def test_rejected_message_fails_for_good(db, redis_client, http_client, ses,
                                               transports) -> None:
    ses.default = SesError(400, "MessageRejected",
                           "Email address is not verified. The following identities failed "
                           "the check in region US-EAST-1: news@example.com")
    publication, channel = await email_publication(1)
    engine = engine_for(redis_client, http_client, transports(ses.url))

    (delivery,) = await deliver(engine, publication)

    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 1
    assert "Email address is not verified" in delivery.last_error
    assert len(ses.requests) == 1
    assert (await Channel.get(id=channel.id)).status == ChannelStatus.ACTIVE


@pytest.mark.parametrize(("answer", "expected"), [
    (SesError(403, "UnrecognizedClientException",
              "The security token included in the request is invalid."), "credentials"),
    (SesError(403, "AccessDeniedException", "User is not authorized to perform "
              "ses:SendEmail"), "credentials"),
    (SesError(404, "NotFoundException", "Configuration set <gone> does not exist."),
     "configuration set 'gone'"),
    (SesError(400, "AccountSuspendedException", "Your account is suspended."),
     "refuses to send"),
])
async def test_refusals_about_the_account_disable_the_channel(
        db, redis_client, http_client, ses, transports, answer, expected) -> None:
    ses.default = answer
    publication, channel = await email_publication(2, config={
        "from_address": "news@example.com", "configuration_set": "gone"})
    engine = engine_for(redis_client, http_client, transports(ses.url))

    deliveries = await deliver(engine, publication)

    channel = await Channel.get(id=channel.id)
    assert channel.status == ChannelStatus.DISABLED
    assert answer.code in channel.status_reason and expected in channel.status_reason
    assert all(d.status in (DeliveryStatus.FAILED, DeliveryStatus.SKIPPED)
               for d in deliveries)


async def test_server_errors_are_retried(db, redis_client, http_client, ses,
                                         transports) -> None:
    ses.script.extend([SesError(503, "ServiceUnavailable", "try later"),
                       SesError(500, "InternalFailure", "oops"), OK])
    publication, _ = await email_publication(1)
    engine = engine_for(redis_client, http_client, transports(ses.url))

    (delivery,) = await deliver(engine, publication)

    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 3
    assert len(ses.requests) == 3


async def test_account_send_rate_is_shared_by_engines(db, redis_client, http_client, ses,
                                                      transports) -> None:
    """max_send_rate 0.1/s with a burst of 3: whatever the two engines do at once, the
    account gets 3 messages in this (≪10 s) window and the rest wait their turn."""
    publication, _ = await email_publication(
        10, config={"from_address": "news@example.com", "max_send_rate": 0.1},
        channel_fields={"rate_limit_burst": 3})
    first = engine_for(redis_client, http_client, transports(ses.url))
    second = engine_for(redis_client, http_client, transports(ses.url))
    assert await first.start_publication(publication.id)
    # each engine (think: worker process) holds half of the due rows, then both send
    halves = [await ledger.claim(5, 60.0, "bulk"), await ledger.claim(5, 60.0, "bulk")]
    assert [len(half.rows) for half in halves] == [5, 5]

    await asyncio.gather(first.process(halves[0]), second.process(halves[1]))

    deliveries = await Delivery.filter(publication_id=publication.id)
    sent = [d for d in deliveries if d.status == DeliveryStatus.SENT]
    waiting = [d for d in deliveries if d.status == DeliveryStatus.PENDING]
    assert len(sent) == len(ses.requests) == 3
    assert len(waiting) == 7
    now = dt.datetime.now(dt.UTC)
    assert all(d.next_attempt_at > now and d.attempts == 0 for d in waiting)


# --- the transport's classification (stand-in, no engine) -------------------------------

@pytest.mark.parametrize(("answer", "kind", "reason", "retry_after"), [
    (SesError(429, "TooManyRequestsException", "Maximum sending rate exceeded."),
     OutcomeKind.RETRY, FailureReason.RATE_LIMITED, RATE_PAUSE_SECONDS),
    (SesError(400, "ThrottlingException", "Daily message quota exceeded."),
     OutcomeKind.RETRY, FailureReason.RATE_LIMITED, QUOTA_PAUSE_SECONDS),
    (SesError(400, "Throttling", "Maximum sending rate exceeded."),
     OutcomeKind.RETRY, FailureReason.RATE_LIMITED, RATE_PAUSE_SECONDS),
    (SesError(400, "LimitExceededException", "Sending quota exceeded"),
     OutcomeKind.RETRY, FailureReason.RATE_LIMITED, QUOTA_PAUSE_SECONDS),
    (SesError(400, "MessageRejected", "Email address is not verified."),
     OutcomeKind.PERMANENT, FailureReason.REJECTED, None),
    (SesError(400, "MailFromDomainNotVerifiedException", "MAIL FROM domain"),
     OutcomeKind.PERMANENT, FailureReason.REJECTED, None),
    (SesError(400, "BadRequestException", "Illegal header"),
     OutcomeKind.PERMANENT, FailureReason.REJECTED, None),
    (SesError(400, "SendingPausedException", "Sending is paused"),
     OutcomeKind.DISABLE, FailureReason.REJECTED, None),
    (SesError(404, "NotFoundException", "Configuration set does not exist"),
     OutcomeKind.DISABLE, FailureReason.NOT_FOUND, None),
    (SesError(403, "SignatureDoesNotMatch", "signature"),
     OutcomeKind.DISABLE, FailureReason.BAD_CREDENTIALS, None),
    (SesError(403, "InvalidClientTokenId", "token"),
     OutcomeKind.DISABLE, FailureReason.BAD_CREDENTIALS, None),
    (SesError(500, "InternalFailure", "boom"),
     OutcomeKind.RETRY, FailureReason.PROVIDER_ERROR, None),
    (SesError(502, "SomethingNew", "bad gateway"),
     OutcomeKind.RETRY, FailureReason.PROVIDER_ERROR, None),
])
async def test_ses_errors_are_classified(ses, transports, answer, kind, reason,
                                         retry_after) -> None:
    ses.default = answer
    outcome = await transports(ses.url).send(outgoing())

    assert (outcome.kind, outcome.reason) == (kind, reason)
    assert outcome.status_code == answer.status
    assert answer.code in outcome.error and answer.message in outcome.error
    assert outcome.rate_limited == (reason is FailureReason.RATE_LIMITED)
    assert outcome.retry_after == retry_after
    assert outcome.counts_against_breaker == (reason is FailureReason.PROVIDER_ERROR)
    assert len(ses.requests) == 1


async def test_unreachable_endpoint_is_retried(transports) -> None:
    outcome = await transports(f"http://127.0.0.1:{free_port()}").send(outgoing())
    assert (outcome.kind, outcome.reason) == (OutcomeKind.RETRY, FailureReason.UNREACHABLE)
    assert outcome.counts_against_breaker


async def test_no_answer_in_time_is_a_timeout(ses, transports) -> None:
    ses.hang = True
    outcome = await transports(ses.url, read_timeout=0.3).send(outgoing())
    assert (outcome.kind, outcome.reason) == (OutcomeKind.RETRY, FailureReason.TIMEOUT)
    assert len(ses.requests) == 1


async def test_half_a_key_pair_disables_without_calling_ses(ses, transports) -> None:
    message = outgoing()
    message = OutgoingMessage(**{**{field: getattr(message, field) for field in (
        "delivery_id", "idempotency_key", "recipient", "channel_id", "config", "rendered",
        "links", "publication_id")}, "secrets": {"aws_access_key_id": KEY_ID}})
    outcome = await transports(ses.url).send(message)
    assert (outcome.kind, outcome.reason) == (OutcomeKind.DISABLE,
                                              FailureReason.BAD_CREDENTIALS)
    assert ses.requests == []


async def test_bad_addresses_never_reach_ses(ses, transports) -> None:
    transport = transports(ses.url)
    bad_recipient = await transport.send(outgoing(recipient="a@example.org\r\nBcc: x@y.z"))
    assert (bad_recipient.kind, bad_recipient.reason) == (OutcomeKind.PERMANENT,
                                                          FailureReason.REJECTED)
    bad_sender = await transport.send(outgoing(from_address="news@example.com\nBcc: x@y.z"))
    assert (bad_sender.kind, bad_sender.reason) == (OutcomeKind.DISABLE,
                                                    FailureReason.MISCONFIGURED)
    assert ses.requests == []


async def test_clients_are_reused_per_account_and_region(ses, transports) -> None:
    transport = transports(ses.url)
    await transport.send(outgoing())
    await transport.send(outgoing())
    assert transport.open_clients == 1
    other = outgoing()
    other = OutgoingMessage(**{**{field: getattr(other, field) for field in (
        "delivery_id", "idempotency_key", "recipient", "channel_id", "config", "rendered",
        "links", "publication_id")}, "secrets": {"aws_access_key_id": "AKIAOTHERKEY00000002",
                                                 "aws_secret_access_key": "other"}})
    await transport.send(other)
    assert transport.open_clients == 2
    assert [request.access_key_id for request in ses.requests] == [
        KEY_ID, KEY_ID, "AKIAOTHERKEY00000002"]
    await transport.close()
    assert transport.open_clients == 0
    assert (await transport.send(outgoing())).kind is OutcomeKind.SENT  # reopens


def test_destination_key_is_the_account_in_its_region() -> None:
    transport = EmailTransport(ProviderEndpoints(ses_region="eu-west-1"))
    assert transport.destination_key(outgoing()) == f"ses:eu-west-1:{KEY_ID}"
    assert transport.destination_key(outgoing(region="us-west-2")) == (
        f"ses:us-west-2:{KEY_ID}")
    default_chain = OutgoingMessage(delivery_id=1, idempotency_key="k", recipient="a@b.c",
                                    channel_id=1, config={"from_address": "n@b.c"},
                                    secrets={})
    assert transport.destination_key(default_chain) == "ses:eu-west-1:default"


def test_tags_use_only_the_characters_ses_allows() -> None:
    tags = email_tags(outgoing())
    assert tags == [{"Name": "delivery_id", "Value": "7"},
                    {"Name": "publication_id", "Value": "3"},
                    {"Name": "channel_id", "Value": "5"},
                    {"Name": "delivery_key", "Value": "p3_c5_s7"}]


async def test_runtime_registers_and_closes_the_email_transport(redis_url) -> None:
    settings = Settings(redis_url=redis_url, ses_endpoint_url="http://127.0.0.1:9",
                        ses_region="eu-central-1")
    runtime = open_runtime(settings)
    transport = runtime.engine.transports[ChannelType.EMAIL]
    assert isinstance(transport, EmailTransport)
    assert transport.endpoints.ses_endpoint_url == "http://127.0.0.1:9"
    assert transport.endpoints.ses_region == "eu-central-1"
    await runtime.close()
    assert transport.open_clients == 0


def test_unsubscribe_mailbox_is_a_channel_option() -> None:
    cleaned = validate_config(ChannelType.EMAIL, {"from_address": "news@example.com",
                                                  "unsubscribe_mailbox": "Out@Example.com"})
    assert cleaned["unsubscribe_mailbox"].endswith("@example.com")


# --- build_email ------------------------------------------------------------------------

LINKS = {"unsubscribe": f"{PUBLIC_BASE}/unsubscribe/" + "T" * 150,
         "unsubscribe_mailto": "mailto:out@example.com?subject=unsubscribe%20" + "T" * 150,
         "preferences": f"{PUBLIC_BASE}/unsubscribe/tok"}


def test_header_injection_is_neutralised() -> None:
    message = build_email(outgoing(subject="Hi\r\nBcc: victim@example.net\nX-Evil: 1",
                                   from_name="Desk\r\nBcc: victim@example.net"))
    raw = message.as_bytes()
    names = [line.split(":", 1)[0].lower() for line in header_lines(raw)]
    assert "bcc" not in names and "x-evil" not in names
    parsed = parse(raw)
    assert parsed["Subject"] == "Hi Bcc: victim@example.net X-Evil: 1"
    assert parsed["From"].addresses[0].display_name == "Desk Bcc: victim@example.net"
    assert parsed["From"].addresses[0].addr_spec == "news@example.com"


@pytest.mark.parametrize(("field", "overrides"), [
    ("recipient", {"recipient": "a@example.org\r\nBcc: x@y.z"}),
    ("recipient", {"recipient": "not-an-address"}),
    ("recipient", {"recipient": "zoë@example.org"}),  # SES: ASCII local parts only
    ("config.from_address", {"from_address": "news@example.com>\r\nBcc: x@y.z"}),
    ("config.reply_to", {"reply_to": "a@b.c, d@e.f"}),
    ("links", {"links": {"unsubscribe": "https://x.example/u>\r\nBcc: x@y.z"}}),
    ("links", {"links": {"unsubscribe_mailto": "javascript:alert(1)"}}),
])
def test_unsafe_addresses_and_links_are_refused(field, overrides) -> None:
    with pytest.raises(EmailBuildError) as caught:
        build_email(outgoing(**overrides))
    assert caught.value.field == field


def test_non_ascii_subject_name_and_domain() -> None:
    """Long enough to fold: the spaces between encoded words must survive."""
    subject = "Grüße \u2013 🎉 Neuigkeiten " * 6
    message = build_email(outgoing(subject=subject,
                                   from_name="Zoë Ünal, Redaktion",
                                   recipient="leser@bücher.example"))
    raw = message.as_bytes()
    raw.decode("ascii")  # 7-bit on the wire: encoded words and quoted-printable
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    parsed = parse(raw)
    assert parsed["Subject"] == subject.strip()
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    assert all(len(line) <= 78 for line in head)  # RFC 5322's recommended line length
    assert parsed["From"].addresses[0].display_name == "Zoë Ünal, Redaktion"
    assert parsed["To"] == "leser@xn--bcher-kva.example"


def test_list_unsubscribe_headers_follow_the_links() -> None:
    both = build_email(outgoing(links=LINKS))
    assert both["List-Unsubscribe"] == (f"<{LINKS['unsubscribe']}>, "
                                        f"<{LINKS['unsubscribe_mailto']}>")
    assert both["List-Unsubscribe-Post"] == ONE_CLICK
    (line,) = [line for line in header_lines(both.as_bytes())
               if line.startswith("List-Unsubscribe:")]
    assert "=?" not in line  # long URLs are folded between items, never encoded

    mailto_only = build_email(outgoing(links={"unsubscribe_mailto":
                                              LINKS["unsubscribe_mailto"]}))
    assert mailto_only["List-Unsubscribe"] == f"<{LINKS['unsubscribe_mailto']}>"
    assert mailto_only["List-Unsubscribe-Post"] is None

    plain_http = build_email(outgoing(links={"unsubscribe": "http://127.0.0.1:8000/u/t"}))
    assert plain_http["List-Unsubscribe"] == "<http://127.0.0.1:8000/u/t>"
    assert plain_http["List-Unsubscribe-Post"] is None  # RFC 8058 needs https

    none = build_email(outgoing(links={}))
    assert none["List-Unsubscribe"] is None and none["List-Unsubscribe-Post"] is None


def test_parts_order_and_fallbacks() -> None:
    message = parse(build_email(outgoing(html="<p>Hi</p>", text="Hi")).as_bytes())
    assert [part.get_content_type() for part in parts(message)] == ["text/plain",
                                                                    "text/html"]
    assert all(part["Content-Transfer-Encoding"] == "quoted-printable"
               for part in parts(message))
    assert all(part["MIME-Version"] is None for part in parts(message))

    text_only = parse(build_email(outgoing(html=None, text="Just text")).as_bytes())
    assert text_only.get_content_type() == "text/plain"
    assert text_only.get_content().strip() == "Just text"

    html_only = parse(build_email(outgoing(
        html="<style>p{color:red}</style><h1>Title</h1><p>Body &amp; more</p>",
        text="")).as_bytes())
    text, html = parts(html_only)
    assert text.get_content().split() == ["Title", "Body", "&", "more"]
    assert 'style="color: red;"' in html.get_content()

    with pytest.raises(EmailBuildError):
        build_email(OutgoingMessage(delivery_id=1, idempotency_key="k", recipient="a@b.c",
                                    channel_id=1, config={"from_address": "n@b.c"},
                                    secrets={}))
