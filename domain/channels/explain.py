"""Put a send's outcome into words an admin can act on (testChannel's answer).

Transports classify answers for the engine (retry, stop, disable); a person testing a
channel needs something else: which setting to fix. `reason_for` names the cause (the
transport's own `reason` when it gave one, else one read from the status code or the
provider's error code), and `explain` says it in a sentence that names the provider and
the config or secret field to check. Secrets themselves never appear: transports keep
token-bearing URLs out of their error texts, and nothing here adds one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection

from domain.channels.models import ChannelType
from domain.channels.transport import FailureReason, Outcome

R = FailureReason

PROVIDER = {
    ChannelType.EMAIL: "Amazon SES",
    ChannelType.SLACK: "Slack",
    ChannelType.DISCORD: "Discord",
    ChannelType.WEBHOOK: "the endpoint",
}

#: where the destination is configured, per channel type
TARGET_FIELD = {
    ChannelType.EMAIL: "config.from_address",
    ChannelType.SLACK: "secrets.webhook_url",
    ChannelType.DISCORD: "secrets.webhook_url",
    ChannelType.WEBHOOK: "config.url",
}

#: provider error codes (Slack's plain-text codes, SES exception names) → reason
CODE_REASONS: dict[str, FailureReason] = {
    **dict.fromkeys(("invalid_auth", "invalid_token", "not_authed", "token_revoked",
                     "token_expired", "account_inactive", "missing_scope", "not_allowed_token_type",
                     "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException",
                     "AccessDenied", "AccessDeniedException", "ExpiredToken"),
                    R.BAD_CREDENTIALS),
    **dict.fromkeys(("channel_not_found", "channel_is_archived", "no_service", "no_service_id",
                     "no_team", "team_disabled", "user_not_found", "NotFoundException",
                     "MailFromDomainNotVerifiedException"), R.NOT_FOUND),
    **dict.fromkeys(("ratelimited", "rate_limited", "Throttling", "ThrottlingException",
                     "TooManyRequestsException", "LimitExceededException"), R.RATE_LIMITED),
    **dict.fromkeys(("invalid_payload", "MessageRejected", "AccountSuspendedException",
                     "SendingPausedException", "BadRequestException"), R.REJECTED),
}

_WORD = re.compile(r"[A-Za-z_]+")


def provider_code(error: str | None) -> str | None:
    """The provider's error code inside an outcome's error text, if it names one we know."""
    return next((word for word in _WORD.findall(error or "") if word in CODE_REASONS), None)


def reason_for(outcome: Outcome) -> FailureReason:
    """Why a failed send failed: the transport's reason, else the provider's code, else
    the HTTP status (a 502 is the provider failing even where the engine slows down)."""
    if outcome.reason is not None:
        return outcome.reason
    code = provider_code(outcome.error)
    if code is not None:
        return CODE_REASONS[code]
    status = outcome.status_code
    if status == 429:
        return R.RATE_LIMITED
    if status in (401, 403):
        return R.BAD_CREDENTIALS
    if status in (404, 410):
        return R.NOT_FOUND
    if status == 408:
        return R.TIMEOUT
    if status is not None and status >= 500:
        return R.PROVIDER_ERROR
    if outcome.rate_limited:
        return R.RATE_LIMITED
    if status is not None:
        return R.REJECTED
    return R.PROVIDER_ERROR if outcome.counts_against_breaker else R.MISCONFIGURED


def seconds_text(seconds: float) -> str:
    return f"{max(1, math.ceil(seconds - 1e-6))} s"


def credential_field(channel_type: ChannelType, secret_names: Collection[str]) -> str:
    """The secret a refusal points at (Slack: the bot token when one is used)."""
    if channel_type is ChannelType.SLACK:
        return "secrets.bot_token" if "bot_token" in secret_names and (
            "webhook_url" not in secret_names) else "secrets.webhook_url"
    if channel_type is ChannelType.EMAIL:
        return "secrets.aws_access_key_id and secrets.aws_secret_access_key"
    if channel_type is ChannelType.WEBHOOK:
        return "secrets.signing_secret"
    return "secrets.webhook_url"


_DISABLED_NOTE = re.compile(r"\s*\(channel disabled\)|;\s*channel disabled")
_PROVIDER_PREFIX = re.compile(r"^(?:Slack|Discord|SES)\s+(?=HTTP\b)")


def error_text(outcome: Outcome) -> str:
    """The transport's error without what does not apply to a test ("channel disabled":
    a test never disables) or repeats the sentence ("Slack HTTP 500" after "Slack")."""
    text = _DISABLED_NOTE.sub("", (outcome.error or "").strip())
    return _PROVIDER_PREFIX.sub("", text) or _detail(outcome)


def _detail(outcome: Outcome) -> str:
    code = provider_code(outcome.error)
    if code:
        return code
    if outcome.status_code is not None:
        return f"HTTP {outcome.status_code}"
    return (outcome.error or "no details").strip()


def explain(outcome: Outcome, reason: FailureReason, channel_type: ChannelType,
            secret_names: Collection[str] = ()) -> str:
    """One sentence for a failed send: what happened and what to check."""
    provider = PROVIDER[channel_type]
    title = provider[0].upper() + provider[1:]
    detail = _detail(outcome)
    target = TARGET_FIELD[channel_type]
    if reason is R.BAD_CREDENTIALS:
        field = credential_field(channel_type, secret_names)
        if channel_type is ChannelType.WEBHOOK:
            return (f"The endpoint refused the request ({detail}): check that it verifies "
                    f"signatures with this channel's {field}")
        what = {ChannelType.SLACK: "the token", ChannelType.DISCORD: "the webhook token",
                ChannelType.EMAIL: "the credentials"}[channel_type]
        return f"{title} refused {what} ({detail}): check {field}"
    if reason is R.NOT_FOUND:
        if channel_type is ChannelType.DISCORD:
            return (f"Discord does not know this webhook ({detail}): it was deleted or the "
                    f"URL is wrong; check {target}")
        if channel_type is ChannelType.SLACK:
            return f"Slack cannot find the channel or webhook ({detail}): check {target}"
        if channel_type is ChannelType.EMAIL:
            return (f"Amazon SES cannot send as this sender ({detail}): check that "
                    f"{target} is a verified identity")
        return f"The endpoint answered {detail} (not found): check {target}"
    if reason is R.RATE_LIMITED:
        wait = (f"try again in {seconds_text(outcome.retry_after)}"
                if outcome.retry_after is not None else "try again later")
        return f"Rate limited by {provider}; {wait}"
    if reason is R.UNREACHABLE:
        return (f"{title} could not be reached ({error_text(outcome)}): check "
                f"{target} and that the host is up")
    if reason is R.TIMEOUT:
        return (f"{title} did not answer in time ({error_text(outcome)}); "
                "deliveries retry timeouts later")
    if reason is R.BLOCKED_BY_SSRF_GUARD:
        return ("The host resolves to a private address; delivery there is blocked "
                f"(check {target}; ALLOW_PRIVATE_TARGETS lifts the guard for local testing)")
    if reason is R.REJECTED:
        return f"{title} rejected the test message ({error_text(outcome)})"
    if reason is R.PROVIDER_ERROR:
        return (f"{title} failed ({error_text(outcome)}); deliveries retry "
                "such errors later")
    if reason is R.CIRCUIT_OPEN:
        return "Sending to this channel is paused by its circuit breaker"
    return f"The channel cannot send: {error_text(outcome)}"


def delivered(channel_type: ChannelType, outcome: Outcome, recipient: str) -> str:
    """The sentence for a test that went through."""
    provider = PROVIDER[channel_type]
    title = provider[0].upper() + provider[1:]
    if channel_type is ChannelType.EMAIL:
        text = f"Amazon SES accepted the test message for {recipient}"
    elif channel_type is ChannelType.WEBHOOK:
        text = f"The endpoint accepted the signed test message (HTTP {outcome.status_code})"
    else:
        text = f"{title} accepted the test message"
    if outcome.provider_message_id:
        text += f" (message id {outcome.provider_message_id})"
    return text
