"""Changing flags (admin), announced so every process drops its cached copy at once."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from domain.errors import InvalidInput, NotFound
from domain.flags.book import FLAGS, KNOWN_FLAGS, FlagBook
from domain.flags.models import FeatureFlag
from domain.principals.actor import Actor
from domain.principals.service import audit

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")

#: tells other processes (publishes on the `flags` channel); None where none is wired
Announce = Callable[[], Awaitable[None]]


def _key(key: str) -> str:
    key = key.strip()
    if not KEY_PATTERN.match(key):
        raise InvalidInput("a flag key is 1-64 characters: lower-case letters, digits, "
                           "'_', '.', '-'", field="key")
    return key


async def set_flag(actor: Actor, key: str, *, enabled: bool, rollout_percent: float = 100.0,
                   description: str | None = None, announce: Announce | None = None,
                   book: FlagBook = FLAGS) -> FeatureFlag:
    key = _key(key)
    if not 0 <= rollout_percent <= 100 or rollout_percent != rollout_percent:
        raise InvalidInput("rolloutPercent is between 0 and 100", field="rolloutPercent")
    if description is not None and len(description) > 500:
        raise InvalidInput("description must be at most 500 characters", field="description")
    default_description = KNOWN_FLAGS.get(key, (False, ""))[1]
    flag, created = await FeatureFlag.get_or_create(
        key=key, defaults={"enabled": enabled, "rollout_percent": rollout_percent,
                           "description": description or default_description,
                           "updated_by": actor.name})
    if not created:
        flag.enabled = enabled
        flag.rollout_percent = rollout_percent
        if description is not None:
            flag.description = description
        flag.updated_by = actor.name
        await flag.save()
    await audit(actor, "flag.set", "feature_flag", key,
                {"enabled": enabled, "rollout_percent": rollout_percent})
    book.invalidate()
    if announce is not None:
        await announce()
    return flag


async def delete_flag(actor: Actor, key: str, *, announce: Announce | None = None,
                      book: FlagBook = FLAGS) -> None:
    """Back to the built-in default (known flags) or off (others)."""
    deleted = await FeatureFlag.filter(key=_key(key)).delete()
    if not deleted:
        raise NotFound("no such flag", field="key")
    await audit(actor, "flag.delete", "feature_flag", key)
    book.invalidate()
    if announce is not None:
        await announce()


async def list_flags() -> list[tuple[FeatureFlag | None, str]]:
    """Stored flags and the known ones without a row (as (None, key))."""
    stored = {flag.key: flag for flag in await FeatureFlag.all().order_by("key")}
    keys = sorted(set(stored) | set(KNOWN_FLAGS))
    return [(stored.get(key), key) for key in keys]
