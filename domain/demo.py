"""Demo data so a fresh `make run` shows something in GraphiQL straight away."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from domain.audience.models import Frequency, Subscriber, SubscriberPreference, Topic
from domain.channels.models import Channel, ChannelType
from domain.principals.models import Principal, Role
from domain.publications.models import Publication
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


async def demo_data_present() -> bool:
    return await Principal.filter(name="admin").exists()


async def load_demo_data() -> bool:
    """Create the demo set once; returns False when it was already there."""
    if await demo_data_present():
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
            name="Newsletter email", type=ChannelType.EMAIL, brand=brand,
            config={"from_address": "news@example.com", "region": "us-east-1"},
            rate_limit_per_second=14,
        )
        rss = await Channel.create(name="Public feed", type=ChannelType.RSS, brand=brand,
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
            title="Welcome to the publishing service",
            summary="A first draft to move through review and scheduling.",
            body="# Hello\n\nThis draft was created by the demo loader.",
            author=principals["editor"], brand=brand,
        )
        await publication.topics.add(topics[0])
        await publication.channels.add(email, rss)
    return True
