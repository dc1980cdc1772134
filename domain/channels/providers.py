"""Where each provider lives, and what its credentials look like.

Base URLs are settings (production defaults below) so tests and staging can point a
channel at a loopback stand-in without loosening validation: a Slack webhook must be under
the configured Slack base and have Slack's shape wherever that base is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from domain.channels.models import ChannelType
from domain.errors import InvalidInput

SLACK_WEBHOOK_PATH = re.compile(r"^T[A-Z0-9]{2,}/B[A-Z0-9]{2,}/[A-Za-z0-9]{16,64}$")
#: bot tokens only: the channel posts as its app, and user tokens (xoxp-) would post as a
#: person, which is not what a publishing channel should do
SLACK_TOKEN = re.compile(r"^xoxb-[A-Za-z0-9-]{10,250}$")
SLACK_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{6,20}$")
DISCORD_WEBHOOK_PATH = re.compile(r"^(?P<id>[0-9]{17,20})/(?P<token>[A-Za-z0-9_-]{60,100})$")
DISCORD_PRODUCTION_BASES = (
    "https://discord.com/api/webhooks/", "https://discordapp.com/api/webhooks/",
    "https://ptb.discord.com/api/webhooks/", "https://canary.discord.com/api/webhooks/",
)


class NothingToSend(ValueError):
    """What the templates rendered holds nothing the provider would accept (no text, no
    blocks, no embeds): sending would only earn a 400, so the delivery fails with this."""


@dataclass(frozen=True, slots=True)
class ProviderEndpoints:
    slack_webhook_base: str = "https://hooks.slack.com/services/"
    slack_api_base: str = "https://slack.com/api/"
    discord_webhook_base: str = DISCORD_PRODUCTION_BASES[0]
    #: None: AWS's regional endpoint; else any SES-compatible endpoint (moto, LocalStack)
    ses_endpoint_url: str | None = None
    ses_region: str = "us-east-1"
    #: (key id, secret) for email channels that have none: the development outbox
    #: (app/outbox.py) needs a signed request, not real AWS credentials
    ses_fallback_credentials: tuple[str, str] | None = None

    def discord_bases(self) -> tuple[str, ...]:
        if self.discord_webhook_base == DISCORD_PRODUCTION_BASES[0]:
            return DISCORD_PRODUCTION_BASES
        return (self.discord_webhook_base,)


DEFAULT_ENDPOINTS = ProviderEndpoints()


def _under(url: str, bases: tuple[str, ...]) -> str | None:
    """The part of `url` after the first base it starts with (no query or fragment)."""
    for base in bases:
        if url.startswith(base):
            return url[len(base):]
    return None


def check_slack_webhook_url(url: str, endpoints: ProviderEndpoints,
                            field: str = "secrets.webhook_url") -> str:
    rest = _under(url, (endpoints.slack_webhook_base,))
    if rest is None or not SLACK_WEBHOOK_PATH.match(rest):
        raise InvalidInput(
            f"{field} must be a Slack incoming webhook URL "
            f"({endpoints.slack_webhook_base}T…/B…/…)", field=field)
    return url


def check_discord_webhook_url(url: str, endpoints: ProviderEndpoints,
                              field: str = "secrets.webhook_url") -> str:
    rest = _under(url.split("?", 1)[0], endpoints.discord_bases())
    if rest is None:
        raise InvalidInput(f"{field} must be a Discord webhook URL "
                           f"({endpoints.discord_webhook_base}<id>/<token>)", field=field)
    if not DISCORD_WEBHOOK_PATH.match(rest.rstrip("/")):
        raise InvalidInput(f"{field}: the Discord webhook id must be 17 to 20 digits and the "
                           "token 60 to 100 letters, digits, '-' or '_'", field=field)
    return url


def check_provider_settings(channel_type: ChannelType, config: dict[str, Any],
                            secrets: dict[str, Any], endpoints: ProviderEndpoints) -> None:
    """Provider-specific shapes, checked at save time (complete config and secrets)."""
    if channel_type is ChannelType.SLACK:
        if "webhook_url" in secrets:
            check_slack_webhook_url(secrets["webhook_url"], endpoints)
        if "bot_token" in secrets:
            if not SLACK_TOKEN.match(secrets["bot_token"]):
                raise InvalidInput("secrets.bot_token must be a Slack bot token (xoxb-…)",
                                   field="secrets.bot_token")
            if "webhook_url" not in secrets and "channel_id" not in config:
                raise InvalidInput("config.channel_id is required to post with a bot token",
                                   field="config.channel_id")
        if "channel_id" in config and not SLACK_CHANNEL_ID.match(config["channel_id"]):
            raise InvalidInput("config.channel_id must be a Slack channel id such as "
                               "C0123456789", field="config.channel_id")
    elif channel_type is ChannelType.DISCORD and "webhook_url" in secrets:
        check_discord_webhook_url(secrets["webhook_url"], endpoints)


def is_http_url(value: Any, max_length: int = 2048) -> bool:
    """Whether `value` is an absolute http(s) URL: Slack and Discord refuse a whole
    message over one malformed link, so template output is checked before it goes out."""
    if not isinstance(value, str) or not 0 < len(value) <= max_length:
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(
        character.isspace() for character in value)


def text_value(value: Any) -> str:
    """Template output as text: strings as they are, numbers written out, anything else
    (None, objects, lists, booleans) as nothing, so a stray value cannot break a body."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, marking a cut with an ellipsis (limit 0: empty)."""
    if limit <= 0:
        return ""
    return text if len(text) <= limit else text[:limit - 1] + "…"
