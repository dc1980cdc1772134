"""What each channel type needs in its public config and in its secrets.

Secrets are the values that grant access (keys, tokens, token-bearing URLs): they are
encrypted at rest and never returned by the API. Config is readable, but a config value
that may carry a credential (a generic webhook's `url`) is shown in full to admins only
(see domain.channels.redaction).
"""

from __future__ import annotations

import base64
import secrets as random_secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from domain.channels.models import ChannelType
from domain.channels.ssrf import refuse_userinfo
from domain.errors import InvalidInput
from domain.validation import normalise_email, require_http_url, require_text


@dataclass(frozen=True, slots=True)
class Option:
    required: bool
    check: Callable[[Any, str], Any]


def _text(max_length: int) -> Callable[[Any, str], Any]:
    def check(value: Any, field: str) -> str:
        if not isinstance(value, str):
            raise InvalidInput(f"{field} must be a string", field=field)
        return require_text(value, field, max_length=max_length)
    return check


def _webhook_secret(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.startswith("whsec_"):
        raise InvalidInput(f"{field} must be a whsec_ secret (Standard Webhooks)", field=field)
    try:
        key = base64.b64decode(value.removeprefix("whsec_"), validate=True)
    except ValueError:
        raise InvalidInput(f"{field} must be whsec_ followed by base64", field=field) from None
    if not 24 <= len(key) <= 64:
        raise InvalidInput(f"{field} must encode 24 to 64 random bytes", field=field)
    return value


def _boolean(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(f"{field} must be true or false", field=field)
    return value


def _email(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be a string", field=field)
    return normalise_email(value, field)


def _url(https_only: bool) -> Callable[[Any, str], Any]:
    def check(value: Any, field: str) -> str:
        if not isinstance(value, str):
            raise InvalidInput(f"{field} must be a string", field=field)
        value = require_http_url(value, field, https_only=https_only)
        refuse_userinfo(value, field)  # credentials would go out in the Host header
        return value
    return check


def _int_between(low: int, high: int) -> Callable[[Any, str], Any]:
    def check(value: Any, field: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise InvalidInput(f"{field} must be an integer from {low} to {high}", field=field)
        return value
    return check


def _number_between(low: float, high: float) -> Callable[[Any, str], Any]:
    def check(value: Any, field: str) -> float:
        if not isinstance(value, int | float) or isinstance(value, bool) or not (
                low <= value <= high):
            raise InvalidInput(f"{field} must be a number from {low} to {high}", field=field)
        return float(value)
    return check


CONFIG_OPTIONS: dict[ChannelType, dict[str, Option]] = {
    ChannelType.EMAIL: {
        "from_address": Option(True, _email),
        "from_name": Option(False, _text(200)),
        "reply_to": Option(False, _email),
        "region": Option(False, _text(32)),
        "configuration_set": Option(False, _text(64)),
        "max_send_rate": Option(False, _number_between(0.1, 10_000)),
        # the mailbox behind List-Unsubscribe's mailto: (default: from_address)
        "unsubscribe_mailbox": Option(False, _email),
        # engagement tracking (open pixel, click redirects); on unless turned off
        "track_opens": Option(False, _boolean),
        "track_clicks": Option(False, _boolean),
    },
    ChannelType.SLACK: {"channel_id": Option(False, _text(64))},
    ChannelType.DISCORD: {"username": Option(False, _text(80))},
    ChannelType.WEBHOOK: {
        "url": Option(True, _url(https_only=False)),
        "timeout_seconds": Option(False, _number_between(0.5, 30)),
    },
    ChannelType.RSS: {
        "title": Option(False, _text(200)),
        "description": Option(False, _text(2000)),
        "max_entries": Option(False, _int_between(1, 500)),
    },
}

SECRET_OPTIONS: dict[ChannelType, dict[str, Option]] = {
    ChannelType.EMAIL: {
        "aws_access_key_id": Option(False, _text(128)),
        "aws_secret_access_key": Option(False, _text(256)),
    },
    ChannelType.SLACK: {
        "webhook_url": Option(False, _url(https_only=True)),
        "bot_token": Option(False, _text(256)),
    },
    ChannelType.DISCORD: {"webhook_url": Option(True, _url(https_only=True))},
    ChannelType.WEBHOOK: {
        "signing_secret": Option(False, _webhook_secret),
        # kept valid beside the new one while receivers switch over (rotation)
        "previous_signing_secret": Option(False, _webhook_secret),
    },
    ChannelType.RSS: {},
}


def _validate(options: dict[str, Option], values: dict[str, Any], prefix: str,
              *, partial: bool) -> dict[str, Any]:
    if not isinstance(values, dict):
        raise InvalidInput(f"{prefix} must be a JSON object", field=prefix)
    cleaned: dict[str, Any] = {}
    for key, value in values.items():
        if key not in options:
            allowed = ", ".join(sorted(options)) or "none"
            raise InvalidInput(f"unknown {prefix} key {key!r} (allowed: {allowed})",
                               field=f"{prefix}.{key}")
        cleaned[key] = options[key].check(value, f"{prefix}.{key}")
    if not partial:
        for key, option in options.items():
            if option.required and key not in cleaned:
                raise InvalidInput(f"{prefix}.{key} is required", field=f"{prefix}.{key}")
    return cleaned


def new_webhook_secret() -> str:
    """Standard Webhooks secret format: `whsec_` + base64 of random bytes."""
    return "whsec_" + base64.b64encode(random_secrets.token_bytes(24)).decode()


def validate_config(channel_type: ChannelType, config: dict[str, Any], *,
                    partial: bool = False) -> dict[str, Any]:
    return _validate(CONFIG_OPTIONS[channel_type], config, "config", partial=partial)


def validate_secrets(channel_type: ChannelType, secrets: dict[str, Any], *,
                     partial: bool = False) -> dict[str, Any]:
    cleaned = _validate(SECRET_OPTIONS[channel_type], secrets, "secrets", partial=partial)
    if channel_type is ChannelType.SLACK and not partial and not (
            "webhook_url" in cleaned or "bot_token" in cleaned):
        raise InvalidInput("a Slack channel needs secrets.webhook_url or secrets.bot_token",
                           field="secrets.webhook_url")
    if channel_type is ChannelType.WEBHOOK and not partial:
        cleaned.setdefault("signing_secret", new_webhook_secret())
    return cleaned
