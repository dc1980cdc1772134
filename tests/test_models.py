"""Database constraints hold even for writes that go around the domain services."""

from __future__ import annotations

import pytest
from tortoise import Tortoise
from tortoise.exceptions import IntegrityError, OperationalError

from domain.audience.models import Subscriber, SubscriberPreference, Topic
from domain.channels.models import Channel, ChannelType
from domain.crypto import SecretDecryptionError, decrypt_secrets, encrypt_secrets
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.demo import load_demo_data
from domain.principals.models import Principal
from domain.publications.models import Publication


async def _publication_with_channel() -> tuple[Publication, Channel, Subscriber]:
    channel = await Channel.create(name="mail", type=ChannelType.EMAIL)
    publication = await Publication.create(title="Hello")
    subscriber = await Subscriber.create(email="a@example.com")
    return publication, channel, subscriber


async def test_delivery_idempotency_key_is_unique(db: str) -> None:
    publication, channel, subscriber = await _publication_with_channel()
    key = f"{publication.id}:{channel.id}:{subscriber.id}"
    await Delivery.create(idempotency_key=key, publication=publication, channel=channel,
                          subscriber=subscriber, recipient="a@example.com")
    with pytest.raises(IntegrityError):
        await Delivery.create(idempotency_key=key, publication=publication, channel=channel,
                              subscriber=subscriber, recipient="a@example.com")
    assert await Delivery.all().count() == 1
    assert (await Delivery.get(idempotency_key=key)).status == DeliveryStatus.PENDING


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE delivery SET status = 'lost'",
        "UPDATE delivery SET attempts = -1",
        "UPDATE subscriber SET email = NULL, external_id = NULL",
        "UPDATE publication SET title = '   '",
        "UPDATE channel SET rate_limit_per_second = 0",
    ],
)
async def test_check_constraints_reject_impossible_rows(db: str, statement: str) -> None:
    publication, channel, subscriber = await _publication_with_channel()
    await Delivery.create(idempotency_key="k", publication=publication, channel=channel,
                          subscriber=subscriber, recipient="a@example.com")
    with pytest.raises((IntegrityError, OperationalError)):
        await Tortoise.get_connection("default").execute_script(statement)


async def test_preference_is_unique_per_subscriber_topic_channel(db: str) -> None:
    _, channel, subscriber = await _publication_with_channel()
    topic = await Topic.create(slug="eng", name="Engineering")
    await SubscriberPreference.create(subscriber=subscriber, topic=topic, channel=channel)
    with pytest.raises(IntegrityError):
        await SubscriberPreference.create(subscriber=subscriber, topic=topic, channel=channel)


async def test_demo_data_loads_once(db: str) -> None:
    assert await load_demo_data() is True
    assert await load_demo_data() is False
    assert await Principal.all().count() == 4
    publication = await Publication.get(title="Welcome to the publishing service")
    assert await publication.channels.all().count() == 2


def test_channel_secrets_round_trip_and_are_not_readable() -> None:
    secret = "s" * 40
    ciphertext = encrypt_secrets(secret, {"webhook_url": "https://hooks.slack.com/T000/secret"})
    assert "hooks.slack.com" not in ciphertext
    assert decrypt_secrets(secret, ciphertext) == {
        "webhook_url": "https://hooks.slack.com/T000/secret"}
    with pytest.raises(SecretDecryptionError):
        decrypt_secrets("t" * 40, ciphertext)
    assert decrypt_secrets(secret, None) == {}
