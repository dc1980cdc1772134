"""One record of an import file → a checked subscriber row, or the reason it is refused.

Blank or absent values mean "not given": an existing subscriber keeps what it has, a
new one gets the defaults (as createSubscriber)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from domain.audience.models import Frequency, SubscriberStatus
from domain.errors import InvalidInput
from domain.validation import (
    MAX_ATTRIBUTES_BYTES,
    normalise_email_quickly,
    optional_text,
    require_text,
    require_timezone,
)

#: the CSV header names (NDJSON uses the same keys)
COLUMNS = ("email", "external_id", "name", "timezone", "locale", "status",
           "consent_given_at", "topics", "channels", "frequency", "attributes",
           "preferences")
MAX_PREFERENCES = 500
FREQUENCIES = {f.value for f in Frequency}
STATUSES = {s.value for s in SubscriberStatus}


class RowError(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


@dataclass(slots=True)
class SubscriberRow:
    row: int
    email: str | None
    external_id: str | None
    name: str | None = None
    timezone: str | None = None
    locale: str | None = None
    status: str | None = None
    consent_given_at: dt.datetime | None = None
    attributes: str | None = None  # JSON text, compared as jsonb
    #: (topic id, channel id) → frequency
    preferences: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Topic slugs and channel names, read once per import."""

    topics: Mapping[str, int]
    channels: Mapping[str, int]


@lru_cache(maxsize=1024)
def _timezone(value: str) -> str:
    return require_timezone(value)  # scans the zone database: worth remembering


def _text(values: Mapping[str, Any], name: str) -> str | None:
    value = values.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RowError(name, "must be a string")
    value = value.strip()
    return value or None


def _checked(name: str, check: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return check(*args, **kwargs)
    except InvalidInput as error:
        raise RowError(name, error.message) from None


def _moment(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise RowError("consent_given_at", "is not an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        raise RowError("consent_given_at", "needs a time zone (e.g. Z or +02:00)")
    return moment.astimezone(dt.UTC)


def _names(values: Mapping[str, Any], name: str) -> list[str]:
    value = values.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return [part.strip() for part in value if part.strip()]
    raise RowError(name, "must be ;-separated names or a list of strings")


def _frequency(value: Any, name: str) -> str:
    if value is None or value == "":
        return Frequency.IMMEDIATE.value
    if not isinstance(value, str) or value.strip().lower() not in FREQUENCIES:
        raise RowError(name, f"must be one of {', '.join(sorted(FREQUENCIES))}")
    return value.strip().lower()


def _preferences(values: Mapping[str, Any], catalogue: Catalogue
                 ) -> dict[tuple[int, int], str]:
    chosen: dict[tuple[int, int], str] = {}
    topics, channels = _names(values, "topics"), _names(values, "channels")
    if topics or channels:
        if not (topics and channels):
            raise RowError("channels" if topics else "topics",
                           "topics and channels go together")
        frequency = _frequency(values.get("frequency"), "frequency")
        topic_ids = [_topic(catalogue, slug, "topics") for slug in topics]
        channel_ids = [_channel(catalogue, name, "channels") for name in channels]
        for topic_id in topic_ids:
            for channel_id in channel_ids:
                chosen[(topic_id, channel_id)] = frequency
    listed = values.get("preferences")
    if isinstance(listed, str):
        if not listed.strip():
            listed = None
        else:
            try:
                listed = json.loads(listed)
            except ValueError:
                raise RowError("preferences", "is not valid JSON") from None
    if listed is not None:
        if not isinstance(listed, list):
            raise RowError("preferences", "must be a list of {topic, channel, frequency}")
        for index, item in enumerate(listed):
            where = f"preferences[{index}]"
            if not isinstance(item, dict) or not isinstance(item.get("topic"), str) \
                    or not isinstance(item.get("channel"), str):
                raise RowError(where, "must be an object with topic and channel")
            pair = (_topic(catalogue, item["topic"], f"{where}.topic"),
                    _channel(catalogue, item["channel"], f"{where}.channel"))
            chosen[pair] = _frequency(item.get("frequency"), f"{where}.frequency")
    if len(chosen) > MAX_PREFERENCES:
        raise RowError("preferences", f"at most {MAX_PREFERENCES} topic and channel pairs")
    return chosen


def _topic(catalogue: Catalogue, slug: str, name: str) -> int:
    topic_id = catalogue.topics.get(slug.strip())
    if topic_id is None:
        raise RowError(name, f"unknown topic {slug.strip()!r}")
    return topic_id


def _channel(catalogue: Catalogue, channel: str, name: str) -> int:
    channel_id = catalogue.channels.get(channel.strip())
    if channel_id is None:
        raise RowError(name, f"unknown channel {channel.strip()!r}")
    return channel_id


def _attributes(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise RowError("attributes", "is not valid JSON") from None
    if not isinstance(value, dict):  # require_json_object's rules, dumping only once
        raise RowError("attributes", "attributes must be a JSON object")
    text = json.dumps(value)
    if len(text) > MAX_ATTRIBUTES_BYTES:
        raise RowError("attributes",
                       f"attributes must be at most {MAX_ATTRIBUTES_BYTES} bytes of JSON")
    return text


def parse_row(row: int, values: Mapping[str, Any], catalogue: Catalogue) -> SubscriberRow:
    """Raises RowError naming the first offending field."""
    if "__error__" in values:
        raise RowError(values.get("__field__", "row"), values["__error__"])
    email = _text(values, "email")
    if email is not None:
        email = _checked("email", normalise_email_quickly, email)
    external_id = _text(values, "external_id")
    if external_id is not None:
        external_id = _checked("external_id", require_text, external_id, "external_id",
                               max_length=200)
    if email is None and external_id is None:
        raise RowError("email", "a subscriber needs an email or an external_id")
    parsed = SubscriberRow(row=row, email=email, external_id=external_id)
    name = _text(values, "name")
    if name is not None:
        parsed.name = _checked("name", optional_text, name, "name", max_length=200)
    timezone = _text(values, "timezone")
    if timezone is not None:
        parsed.timezone = _checked("timezone", _timezone, timezone)
    locale = _text(values, "locale")
    if locale is not None:
        parsed.locale = _checked("locale", require_text, locale, "locale", max_length=16)
    status = _text(values, "status")
    if status is not None:
        if status.lower() not in STATUSES:
            raise RowError("status", f"must be one of {', '.join(sorted(STATUSES))}")
        parsed.status = status.lower()
    consent = _text(values, "consent_given_at")
    if consent is not None:
        parsed.consent_given_at = _moment(consent)
    parsed.attributes = _attributes(values.get("attributes"))
    parsed.preferences = _preferences(values, catalogue)
    return parsed
