"""Demo data so a fresh `make run` shows something in GraphiQL straight away, and the
demo publish (`publishing demo --publish`) that takes it through the real workflow.

With the development outbox on, the demo has a channel of every type and each delivers
locally: email through the SES sink, Slack, Discord and a signed webhook through the hook
sinks (`<PUBLIC_BASE_URL>/outbox/hooks/<kind>/demo`), plus the public RSS feed. Without
the outbox (`hooks_url` None) only the email and RSS channels are created: hook channels
would point at sinks nobody serves.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from domain.audience.models import Frequency, Subscriber, SubscriberPreference, Topic
from domain.channels.config import new_webhook_secret
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.channels.ssrf import TargetResolver
from domain.crypto import decrypt_secrets, encrypt_secrets
from domain.deliveries.models import Delivery
from domain.intelligence import gating
from domain.intelligence.checks.runner import CheckEnvironment
from domain.keyring import KeyRing
from domain.principals.actor import Actor
from domain.principals.models import Principal, Role
from domain.publications import service as publications
from domain.publications.models import Publication, PublicationStatus
from domain.templates.models import Brand

DEMO_PRINCIPALS = [
    ("admin", Role.ADMIN, "Ada Admin"),
    ("editor", Role.EDITOR, "Eddie Editor"),
    ("reviewer", Role.REVIEWER, "Rita Reviewer"),
    ("viewer", Role.VIEWER, "Vic Viewer"),
]
DEMO_TOPICS = [
    ("engineering", "Engineering", "Releases, incidents and deep dives"),
    ("product", "Product", "What is new in the product"),
    ("security", "Security", "Advisories that need action"),
]
DEMO_TITLE = "Welcome to the publishing service"
DEMO_BODY = ("# Hello\n\nThis draft was created by the demo loader. "
             "[Read the guide](https://example.com/guide) to see a tracked click.")
EMAIL_CHANNEL = "Newsletter email"
RSS_CHANNEL = "Public feed"
#: (type, channel name, sink path under the hooks URL)
DEMO_HOOKS = [
    (ChannelType.SLACK, "Team Slack", "slack/demo"),
    (ChannelType.DISCORD, "Community Discord", "discord/demo"),
    (ChannelType.WEBHOOK, "Partner webhook", "webhook/demo"),
]
#: who takes the demo publication through the workflow (the demo principals)
AUTHOR = Actor(name="editor", role=Role.EDITOR)
REVIEWER = Actor(name="reviewer", role=Role.REVIEWER)
FINAL = frozenset({PublicationStatus.PUBLISHED, PublicationStatus.FAILED,
                   PublicationStatus.CANCELED})


async def demo_data_present() -> bool:
    return await Principal.filter(name="admin").exists()


async def load_demo_data(keys: KeyRing | None = None, hooks_url: str | None = None) -> bool:
    """Create the demo set once; returns False when it was already there. `hooks_url`
    (with `keys` to encrypt the hook secrets): the outbox's hook sinks, for the Slack,
    Discord and webhook channels (made sure of, and re-pointed, on every call: see
    ensure_hook_channels)."""
    if await demo_data_present():
        if keys is not None and hooks_url is not None:
            await ensure_hook_channels(keys, hooks_url)
        return False
    async with in_transaction():
        principals = {}
        for name, role, display in DEMO_PRINCIPALS:
            principals[name] = await Principal.create(name=name, role=role, display_name=display)
        brand = await Brand.create(
            name="Acme", sender_name="Acme News", sender_email="news@example.com",
            footer="Acme Inc. · 1 Demo Street", primary_color="#0b5fff",
        )
        topics = [
            await Topic.create(slug=slug, name=name, description=description)
            for slug, name, description in DEMO_TOPICS
        ]
        email = await Channel.create(
            name=EMAIL_CHANNEL, type=ChannelType.EMAIL, brand=brand,
            config={"from_address": "news@example.com", "region": "us-east-1"},
            rate_limit_per_second=14,
        )
        rss = await Channel.create(name=RSS_CHANNEL, type=ChannelType.RSS, brand=brand,
                                   config={"max_entries": 50})
        for index in range(1, 6):
            subscriber = await Subscriber.create(
                email=f"reader{index}@example.com", name=f"Reader {index}",
                attributes={"plan": "pro" if index % 2 else "free"},
            )
            for topic in topics[: 1 + index % len(topics)]:
                await SubscriberPreference.create(
                    subscriber=subscriber, topic=topic, channel=email,
                    frequency=Frequency.IMMEDIATE,
                )
        publication = await Publication.create(
            title=DEMO_TITLE,
            summary="A first draft to move through review and scheduling.",
            body=DEMO_BODY, author=principals["editor"], brand=brand,
        )
        await publication.topics.add(topics[0])
        await publication.channels.add(email, rss)
    if keys is not None and hooks_url is not None:
        await ensure_hook_channels(keys, hooks_url)
    return True


async def ensure_hook_channels(keys: KeyRing, hooks_url: str) -> list[Channel]:
    """The demo's Slack, Discord and webhook channels, pointing at the hook sinks under
    `hooks_url`: created when missing (a database from before they existed), re-pointed
    when PUBLIC_BASE_URL changed, re-activated when a failed run disabled them; the
    webhook keeps its signing secret. The demo publication gets them while it is a
    draft, and reader1 a webhook preference for its topic (webhooks deliver per
    subscriber)."""
    brand = await Brand.get_or_none(name="Acme")
    channels = []
    async with in_transaction():
        for channel_type, name, path in DEMO_HOOKS:
            url = f"{hooks_url.rstrip('/')}/{path}"
            channel = await Channel.get_or_none(name=name)
            secrets = decrypt_secrets(keys, channel.secret_ciphertext) if channel else {}
            config: dict[str, object] = {}
            if channel_type is ChannelType.WEBHOOK:
                config = {"url": url}
                secrets.setdefault("signing_secret", new_webhook_secret())
            else:
                secrets["webhook_url"] = url
            if channel_type is ChannelType.DISCORD:
                config = {"username": "Acme News"}
            if channel is None:
                channel = await Channel.create(
                    name=name, type=channel_type, brand=brand, config=config,
                    secret_ciphertext=encrypt_secrets(keys, secrets))
            else:
                channel.config = config
                channel.secret_ciphertext = encrypt_secrets(keys, secrets)
                channel.status, channel.status_reason = ChannelStatus.ACTIVE, None
                await channel.save()
            channels.append(channel)
        # a run from before the outbox may have disabled the email channel (no AWS)
        await Channel.filter(name=EMAIL_CHANNEL, status=ChannelStatus.DISABLED).update(
            status=ChannelStatus.ACTIVE, status_reason=None)
        publication = await Publication.get_or_none(title=DEMO_TITLE)
        if publication is not None and publication.status is PublicationStatus.DRAFT:
            await publication.channels.add(*channels)
        webhook = channels[-1]
        reader = await Subscriber.get_or_none(email="reader1@example.com")
        topic = await Topic.get_or_none(slug="engineering")
        if reader and topic and not await SubscriberPreference.filter(
                subscriber=reader, topic=topic, channel=webhook).exists():
            await SubscriberPreference.create(subscriber=reader, topic=topic, channel=webhook,
                                              frequency=Frequency.IMMEDIATE)
    return channels


@dataclass(frozen=True, slots=True)
class DemoState:
    """What `publishing serve` tells a newcomer: where the demo feed is, and whether the
    demo publication still waits to be published."""

    rss_channel_id: int | None
    publication_status: PublicationStatus | None


async def demo_state() -> DemoState:
    rss = await Channel.get_or_none(name=RSS_CHANNEL, type=ChannelType.RSS)
    publication = await Publication.get_or_none(title=DEMO_TITLE)
    return DemoState(rss.id if rss else None, publication.status if publication else None)


@dataclass
class DemoPublishReport:
    publication_id: int
    #: what the publication was before this run (draft on a first run)
    status_before: PublicationStatus
    status: PublicationStatus
    #: channel name → delivery status → count
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    #: the id of the demo RSS channel (its feed lists the publication once published)
    rss_channel_id: int | None = None

    @property
    def started(self) -> bool:
        return self.status_before not in FINAL | {PublicationStatus.PUBLISHING,
                                                  PublicationStatus.SCHEDULED}

    @property
    def final(self) -> bool:
        return self.status in FINAL


async def publish_demo(keys: KeyRing | None, hooks_url: str | None,
                       wait_seconds: float = 60.0, poll_seconds: float = 0.5
                       ) -> DemoPublishReport:
    """Submit (editor), approve (reviewer) and publish now (editor) the demo publication,
    from wherever it stands, then wait up to `wait_seconds` for a worker (`publishing
    serve` runs one) to take it to a final state. A publication already past approval is
    left as it is. Nothing here needs Redis: the worker's sweep starts a publication that
    is publishing without an audience within seconds."""
    if not await demo_data_present():  # hook channels of a present demo: serve's job
        await load_demo_data(keys, hooks_url)
    publication = await Publication.get_or_none(title=DEMO_TITLE)
    if publication is None:
        raise LookupError(f"the demo publication {DEMO_TITLE!r} is gone")
    before = publication.status
    if before is PublicationStatus.DRAFT:
        # through the quality gate, like every submit: the demo shows the real workflow
        # (offline: the link checks look at the URLs, they fetch nothing)
        await gating.submit(AUTHOR, publication.id, CheckEnvironment(
            TargetResolver(allow_private=True), network=False))
    if before in (PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW):
        await publications.approve(REVIEWER, publication.id, "Approved by the demo")
    if before in (PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW,
                  PublicationStatus.APPROVED):
        await publications.publish_now(AUTHOR, publication.id)
    deadline = time.monotonic() + wait_seconds
    while True:
        publication = await Publication.get(id=publication.id)
        if publication.status in FINAL or time.monotonic() >= deadline:
            break
        await asyncio.sleep(poll_seconds)
    rss = await Channel.get_or_none(name=RSS_CHANNEL)
    return DemoPublishReport(publication_id=publication.id, status_before=before,
                             status=publication.status,
                             counts=await delivery_counts(publication.id),
                             rss_channel_id=rss.id if rss else None)


async def delivery_counts(publication_id: int) -> dict[str, dict[str, int]]:
    """Deliveries of one publication per channel name and status."""
    counted: Counter[tuple[str, str]] = Counter(
        (channel, str(status)) for channel, status in await Delivery.filter(
            publication_id=publication_id).values_list("channel__name", "status"))
    counts: dict[str, dict[str, int]] = {}
    for (channel, status), number in sorted(counted.items()):
        counts.setdefault(channel, {})[status] = number
    return counts
