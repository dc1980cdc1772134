"""Creating and changing channels; secrets are validated, then stored only encrypted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet

from domain.channels.config import validate_config, validate_secrets
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.channels.providers import (
    DEFAULT_ENDPOINTS,
    ProviderEndpoints,
    check_provider_settings,
)
from domain.channels.ssrf import TargetResolver
from domain.crypto import decrypt_secrets, encrypt_secrets
from domain.deliveries.models import Delivery
from domain.errors import Conflict, InvalidInput, NotFound, in_use
from domain.keyring import KeyRing
from domain.principals.actor import Actor
from domain.principals.service import audit
from domain.publications.models import Publication, PublicationStatus
from domain.templates.models import Brand
from domain.validation import require_text


def _check_rate(rate_limit_per_second: float | None, rate_limit_burst: int | None) -> None:
    if rate_limit_per_second is not None and not 0 < rate_limit_per_second <= 10_000:
        raise InvalidInput("rateLimitPerSecond must be above 0 and at most 10000",
                           field="rateLimitPerSecond")
    if rate_limit_burst is not None and not 1 <= rate_limit_burst <= 10_000:
        raise InvalidInput("rateLimitBurst must be from 1 to 10000", field="rateLimitBurst")


async def _check_brand(brand_id: int | None) -> None:
    if brand_id is not None and not await Brand.exists(id=brand_id):
        raise InvalidInput(f"unknown brand id {brand_id}", field="brandId")


async def _check_targets(channel_type: ChannelType, config: dict[str, Any],
                         resolver: TargetResolver | None) -> None:
    """Refuse, at save time, a webhook URL that points into a private network (the send
    path checks again, against DNS changes)."""
    if resolver is not None and channel_type is ChannelType.WEBHOOK and "url" in config:
        await resolver.refuse_private(config["url"], field="config.url")


async def get_channel(channel_id: int) -> Channel:
    channel = await Channel.get_or_none(id=channel_id)
    if channel is None:
        raise NotFound("channel not found", field="id")
    return channel


def secret_names(secret_key: KeyRing | str, channel: Channel) -> list[str]:
    return sorted(decrypt_secrets(secret_key, channel.secret_ciphertext))


async def create_channel(
    actor: Actor,
    secret_key: KeyRing | str,
    *,
    name: str,
    type: ChannelType,
    config: dict[str, Any] | None = None,
    secrets: dict[str, Any] | None = None,
    rate_limit_per_second: float | None = None,
    rate_limit_burst: int | None = None,
    brand_id: int | None = None,
    resolver: TargetResolver | None = None,
    endpoints: ProviderEndpoints = DEFAULT_ENDPOINTS,
) -> Channel:
    name = require_text(name, "name", max_length=200)
    cleaned_config = validate_config(type, config or {})
    cleaned_secrets = validate_secrets(type, secrets or {})
    check_provider_settings(type, cleaned_config, cleaned_secrets, endpoints)
    await _check_targets(type, cleaned_config, resolver)
    _check_rate(rate_limit_per_second, rate_limit_burst)
    await _check_brand(brand_id)
    try:
        channel = await Channel.create(
            name=name, type=type, config=cleaned_config,
            secret_ciphertext=encrypt_secrets(secret_key, cleaned_secrets) if cleaned_secrets
            else None,
            rate_limit_per_second=rate_limit_per_second, rate_limit_burst=rate_limit_burst,
            brand_id=brand_id,
        )
    except IntegrityError:
        raise Conflict(f"a channel named {name!r} already exists", field="name") from None
    await audit(actor, "channel.create", "channel", channel.id, {"type": type.value})
    return channel


async def update_channel(
    actor: Actor,
    secret_key: KeyRing | str,
    channel_id: int,
    *,
    name: str | None = None,
    config: dict[str, Any] | None = None,
    secrets: dict[str, Any] | None = None,
    status: ChannelStatus | None = None,
    status_reason: str | None = None,
    rate_limit_per_second: float | None = None,
    rate_limit_burst: int | None = None,
    brand_id: int | None = None,
    resolver: TargetResolver | None = None,
    endpoints: ProviderEndpoints = DEFAULT_ENDPOINTS,
) -> Channel:
    """`config` and `secrets` merge into what is stored; a key set to null is removed."""
    channel = await get_channel(channel_id)
    if name is not None:
        channel.name = require_text(name, "name", max_length=200)
    if config is not None:
        if not isinstance(config, dict):
            raise InvalidInput("config must be a JSON object", field="config")
        merged = {**channel.config, **config}
        merged = {key: value for key, value in merged.items() if value is not None}
        channel.config = validate_config(channel.type, merged)
        await _check_targets(channel.type, channel.config, resolver)
    if secrets is not None:
        if not isinstance(secrets, dict):
            raise InvalidInput("secrets must be a JSON object", field="secrets")
        merged = {**decrypt_secrets(secret_key, channel.secret_ciphertext), **secrets}
        merged = {key: value for key, value in merged.items() if value is not None}
        cleaned = validate_secrets(channel.type, merged)
        channel.secret_ciphertext = encrypt_secrets(secret_key, cleaned) if cleaned else None
    if config is not None or secrets is not None:
        check_provider_settings(channel.type, channel.config,
                                decrypt_secrets(secret_key, channel.secret_ciphertext), endpoints)
    if status is not None:
        if status is not channel.status:  # who changed it and since when, as disableChannel
            channel.status_since = dt.datetime.now(dt.UTC)
            channel.status_by = actor.name
        channel.status = status
        channel.status_reason = (status_reason or "")[:2000] or None
    _check_rate(rate_limit_per_second, rate_limit_burst)
    if rate_limit_per_second is not None:
        channel.rate_limit_per_second = rate_limit_per_second
    if rate_limit_burst is not None:
        channel.rate_limit_burst = rate_limit_burst
    if brand_id is not None:
        await _check_brand(brand_id)
        channel.brand_id = brand_id
    try:
        await channel.save()
    except IntegrityError:
        raise Conflict(f"a channel named {channel.name!r} already exists", field="name") from None
    await audit(actor, "channel.update", "channel", channel.id,
                {"status": channel.status.value})
    return channel


#: ledger rows a channel still owes: a delete waits until they are sent or given up
UNSENT_STATUSES = ("pending", "queued", "sending", "held")
#: publications that may still resolve an audience on the channel
UNFINISHED_PUBLICATIONS = (PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW,
                           PublicationStatus.APPROVED, PublicationStatus.SCHEDULED,
                           PublicationStatus.PUBLISHING)
EXAMPLES_SHOWN = 5
ARCHIVED_REASON = "archived"


async def delete_channel(actor: Actor, channel_id: int) -> bool:
    """Delete a channel nothing refers to, archive one with history, refuse one in use.

    * deliveries not sent yet (pending, queued, sending, held) → CONFLICT naming their
      publications: wait for them, or cancel the publication, then delete again;
    * a publication not finished yet (draft … publishing) lists it → CONFLICT naming it;
    * a past publication or ledger row refers to it → archived: status `disabled`,
      reason "archived" (its history, metrics and deliveries stay readable; new
      publications skip it); returns True;
    * otherwise the row goes, with the preferences that named it; returns False.
    """
    channel = await get_channel(channel_id)
    owed = Delivery.filter(channel_id=channel.id, status__in=UNSENT_STATUSES)
    total = await owed.count()
    if total:
        titles = await Publication.filter(
            id__in=await owed.distinct().limit(EXAMPLES_SHOWN).values_list(
                "publication_id", flat=True)).order_by("id").values_list("title", flat=True)
        shown = ", ".join(repr(title) for title in titles)
        raise Conflict(f"channel {channel.name!r} has {total} deliveries not sent yet "
                       f"(publications {shown}); wait for them or cancel the publications, "
                       "then delete again", field="id")
    pending = Publication.filter(channels__id=channel.id, status__in=UNFINISHED_PUBLICATIONS)
    total = await pending.count()
    if total:
        titles = await pending.order_by("id").limit(EXAMPLES_SHOWN).values_list(
            "title", flat=True)
        raise in_use(f"channel {channel.name!r}", "publications not finished yet",
                     [repr(title) for title in titles], total)
    history = (await Publication.filter(channels__id=channel.id).exists()
               or await Delivery.filter(channel_id=channel.id).exists())
    if history:
        channel.status, channel.status_reason = ChannelStatus.DISABLED, ARCHIVED_REASON
        await channel.save(update_fields=["status", "status_reason", "updated_at"])
        await audit(actor, "channel.archive", "channel", channel.id, {"name": channel.name})
        return True
    await channel.delete()
    await audit(actor, "channel.delete", "channel", channel_id, {"name": channel.name})
    return False


def channels_query(*, type: ChannelType | None = None, status: ChannelStatus | None = None
                   ) -> QuerySet[Channel]:
    query = Channel.all()
    if type is not None:
        query = query.filter(type=type)
    if status is not None:
        query = query.filter(status=status)
    return query
