"""Discord webhooks: the channel's rendered content and embeds, executed with `?wait=true`.

`wait=true` makes Discord answer with the created message, so we learn its id and a
success really means the message exists. `allowed_mentions: {"parse": []}` is always
sent (whatever the template wrote) so text such as `@everyone` in a publication never
pings a whole server.

Template output is user-controlled, so `request_body` rebuilds it: only the embed keys a
webhook may send, values of the right type, every limit enforced (≤10 embeds, title 256,
description 4096, ≤25 fields, field name 256 / value 1024, footer 2048, author name 256,
6000 characters across all embeds of the message, content 2000). Discord answers an
oversized or malformed body with a 400, which would fail the delivery for good.

Rate limits: Discord announces a bucket's state on every answer. When
`X-RateLimit-Remaining` reaches 0 the outcome carries `pause_seconds` (from
`X-RateLimit-Reset-After`), so every worker holds this webhook until the bucket resets
instead of earning a 429. A 429 carries `retry_after` in its JSON body (the Retry-After
header otherwise). A *global* limit (`X-RateLimit-Global`, `"global": true`) applies to
our IP across all webhooks; the engine only pauses the message's own destination, so we
pause this webhook and say "global" in the error — pausing a shared "discord:global" key
would need the engine to support more than one key per outcome.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from domain.channels.outbound import GuardedPoster, retry_after_seconds
from domain.channels.providers import NothingToSend, clip, is_http_url, text_value
from domain.channels.ssrf import TargetResolver
from domain.channels.transport import FailureReason, Outcome, OutcomeKind, OutgoingMessage

if TYPE_CHECKING:
    from domain.templates.rendering import RenderedMessage

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_NAME_MAX = 256
EMBED_TOTAL_MAX = 6000
EMBEDS_MAX = 10
CONTENT_MAX = 2000
USERNAME_MAX = 80
COLOR_MAX = 0xFFFFFF
#: a provider's wait longer than this is treated as this: a bad header must not stop a
#: destination for days; the next answer tells us again
PAUSE_MAX_SECONDS = 3600.0
EMPTY_FIELD = "\u200b"  # Discord refuses empty field names and values

R = FailureReason


# --- the body ---------------------------------------------------------------------------

def _length(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def _part(embed: dict[str, Any], key: str) -> dict[str, Any]:
    value = embed.get(key)
    return value if isinstance(value, dict) else {}


def embed_length(embed: dict[str, Any]) -> int:
    """Characters Discord counts against the 6000 total: title, description, field
    names and values, footer text and author name."""
    fields = embed.get("fields") if isinstance(embed.get("fields"), list) else []
    return (_length(embed.get("title")) + _length(embed.get("description"))
            + sum(_length(f.get("name")) + _length(f.get("value"))
                  for f in fields if isinstance(f, dict))
            + _length(_part(embed, "footer").get("text"))
            + _length(_part(embed, "author").get("name")))


def _timestamp(value: Any) -> str | None:
    """ISO 8601 only: Discord refuses the message over a malformed timestamp."""
    if not isinstance(value, str):
        return None
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return value


def _field(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    out: dict[str, Any] = {
        "name": clip(text_value(value.get("name")).strip() or EMPTY_FIELD, FIELD_NAME_MAX),
        "value": clip(text_value(value.get("value")).strip() or EMPTY_FIELD, FIELD_VALUE_MAX)}
    if isinstance(value.get("inline"), bool):
        out["inline"] = value["inline"]
    return out


def _with_text(part: dict[str, Any], key: str, limit: int,
               urls: tuple[str, ...]) -> dict[str, Any] | None:
    """A footer or author: its text within `limit` (required) and its valid URLs."""
    text = text_value(part.get(key)).strip()
    if not text:
        return None
    out: dict[str, Any] = {key: clip(text, limit)}
    out.update({name: part[name] for name in urls if is_http_url(part.get(name))})
    return out


def _parts_within_limits(embed: dict[str, Any]) -> dict[str, Any]:
    """Only what a webhook embed may hold, each part of the right type and size."""
    out: dict[str, Any] = {}
    for key, limit in (("title", TITLE_MAX), ("description", DESCRIPTION_MAX)):
        if text := text_value(embed.get(key)).strip():
            out[key] = clip(text, limit)
    if is_http_url(embed.get("url")):
        out["url"] = embed["url"]
    color = embed.get("color")
    if isinstance(color, int) and not isinstance(color, bool) and 0 <= color <= COLOR_MAX:
        out["color"] = color
    if timestamp := _timestamp(embed.get("timestamp")):
        out["timestamp"] = timestamp
    raw_fields = embed.get("fields") if isinstance(embed.get("fields"), list) else []
    if fields := [f for f in map(_field, raw_fields) if f][:FIELDS_MAX]:
        out["fields"] = fields
    if footer := _with_text(_part(embed, "footer"), "text", FOOTER_MAX, ("icon_url",)):
        out["footer"] = footer
    if author := _with_text(_part(embed, "author"), "name", AUTHOR_NAME_MAX,
                            ("url", "icon_url")):
        out["author"] = author
    for key in ("image", "thumbnail"):
        if is_http_url(_part(embed, key).get("url")):
            out[key] = {"url": embed[key]["url"]}
    return out


def _shrink_text(key: str, inner: str | None = None) -> Callable[[dict[str, Any], int], None]:
    """A step that cuts `excess` characters from one text (removing the part if that
    leaves nothing)."""
    def shrink(embed: dict[str, Any], excess: int) -> None:
        holder = embed.get(key) if inner else embed
        name = inner or key
        if not isinstance(holder, dict) or not isinstance(holder.get(name), str):
            return
        kept = clip(holder[name], len(holder[name]) - excess)
        if kept:
            holder[name] = kept
        else:
            del embed[key]
    return shrink


def _drop_fields(embed: dict[str, Any], excess: int) -> None:
    fields = embed.get("fields") or []
    while fields and excess > 0:
        last = fields.pop()
        excess -= len(last["name"]) + len(last["value"])
    if not fields:
        embed.pop("fields", None)


#: what gives way first when an embed is over its share of the 6000 characters: the long
#: text, then the least important fields (the last ones), then the footer, the author and
#: finally the title
SHRINK_STEPS = (_shrink_text("description"), _drop_fields, _shrink_text("footer", "text"),
                _shrink_text("author", "name"), _shrink_text("title"))


def fit_embed(embed: dict[str, Any], total_max: int = EMBED_TOTAL_MAX) -> dict[str, Any]:
    """A copy of `embed` within every Discord limit, counting at most `total_max`
    characters (the share of the message's 6000 this embed may use): per-part limits
    first, then the total, giving way in the order of SHRINK_STEPS."""
    out = _parts_within_limits(embed)
    for step in SHRINK_STEPS:
        excess = embed_length(out) - max(0, total_max)
        if excess <= 0:
            break
        step(out, excess)
    return out


def _shows_something(embed: dict[str, Any]) -> bool:
    """Discord refuses an embed with nothing to show (a colour alone is not enough)."""
    return any(key in embed for key in ("title", "description", "fields", "footer", "author",
                                        "image", "thumbnail"))


def fit_embeds(embeds: Any) -> list[dict[str, Any]]:
    """At most 10 embeds sharing the message's 6000 characters in order: earlier embeds
    are kept whole first, later ones get what is left (or are dropped when nothing is)."""
    out: list[dict[str, Any]] = []
    budget = EMBED_TOTAL_MAX
    for embed in embeds if isinstance(embeds, list) else []:
        if len(out) == EMBEDS_MAX:
            break
        if not isinstance(embed, dict):
            continue
        fitted = fit_embed(embed, budget)
        if _shows_something(fitted):
            out.append(fitted)
            budget -= embed_length(fitted)
    return out


def username(config: dict[str, Any]) -> str | None:
    """The configured display name, unless Discord would refuse it (it rejects names
    containing "discord" or "clyde", and "everyone"/"here"): then the webhook's own name
    is used rather than failing every message."""
    name = text_value(config.get("username")).strip()
    lowered = name.lower()
    if not name or "discord" in lowered or "clyde" in lowered or lowered in ("everyone",
                                                                            "here"):
        return None
    return clip(name, USERNAME_MAX)


def _rendered(message: OutgoingMessage) -> RenderedMessage:
    if message.rendered is None:
        raise NothingToSend("nothing was rendered for this message")
    return message.rendered


def request_body(message: OutgoingMessage) -> dict[str, Any]:
    """The exact JSON we POST for `message` (the preview shows the same). Raises
    NothingToSend when the template produced neither content nor a showable embed."""
    rendered = _rendered(message)
    body: dict[str, Any] = {}
    content = text_value(rendered.content)
    if content.strip():
        body["content"] = clip(content, CONTENT_MAX)
    if embeds := fit_embeds(rendered.embeds):
        body["embeds"] = embeds
    if not body:
        raise NothingToSend("the Discord template rendered neither content nor an embed")
    body["allowed_mentions"] = {"parse": []}
    if name := username(message.config):
        body["username"] = name
    return body


# --- sending ------------------------------------------------------------------------------

def _with_wait(url: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "wait"] + [("wait", "true")]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


class DiscordTransport:
    def __init__(self, client: httpx.AsyncClient, resolver: TargetResolver,
                 timeout_seconds: float) -> None:
        self.poster = GuardedPoster(client, resolver, timeout_seconds)

    def destination_key(self, message: OutgoingMessage) -> str:
        # Discord's buckets are per webhook; one channel holds one webhook
        return f"discord:{message.channel_id}"

    async def send(self, message: OutgoingMessage) -> Outcome:
        url = message.secrets.get("webhook_url")
        if not url:
            return Outcome(OutcomeKind.PERMANENT, error="channel has no webhook_url",
                           reason=R.MISCONFIGURED)
        try:
            body = request_body(message)
        except NothingToSend as error:
            return Outcome(OutcomeKind.PERMANENT, error=str(error), reason=R.REJECTED)
        answer = await self.poster.post(
            _with_wait(url), field="secrets.webhook_url",
            headers={"user-agent": "publishing-discord/1"}, json=body)
        return answer if isinstance(answer, Outcome) else classify(answer)


# --- answers ------------------------------------------------------------------------------

def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _seconds(value: Any) -> float | None:
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if not isinstance(value, int | float) or isinstance(value, bool) or value != value:
        return None
    return min(max(0.0, float(value)), PAUSE_MAX_SECONDS)


def bucket_pause(response: httpx.Response) -> float | None:
    """How long this webhook's bucket is spent: X-RateLimit-Reset-After when
    X-RateLimit-Remaining is 0 (else None)."""
    if response.headers.get("x-ratelimit-remaining", "").strip() != "0":
        return None
    return _seconds(response.headers.get("x-ratelimit-reset-after")) or None


def _error_details(errors: Any, path: str = "") -> list[str]:
    """Discord's nested `errors` object as `embeds.0.title: Must be 256 or fewer …`."""
    if not isinstance(errors, dict):
        return []
    found: list[str] = []
    for key, value in errors.items():
        if key == "_errors" and isinstance(value, list):
            found += [f"{path or 'body'}: {text_value(item.get('message'))}"
                      for item in value if isinstance(item, dict)]
        else:
            found += _error_details(value, f"{path}.{key}" if path else str(key))
    return found


def describe(response: httpx.Response) -> str:
    """Discord's error in words: its message and code, and each offending field."""
    status = response.status_code
    data = _json(response)
    if not data:
        snippet = response.text[:300].strip() if response.content else ""
        return f"Discord HTTP {status}" + (f": {snippet}" if snippet else "")
    text = f"Discord HTTP {status}: {text_value(data.get('message')) or 'error'}"
    if data.get("code") is not None:
        text += f" (code {text_value(data.get('code'))})"
    details = _error_details(data.get("errors"))
    return clip(text + ("; " + "; ".join(details) if details else ""), 1000)


def _rate_limited(response: httpx.Response, pause: float | None) -> Outcome:
    data = _json(response)
    retry_after = _seconds(data.get("retry_after"))
    if retry_after is None:
        retry_after = retry_after_seconds(response.headers.get("retry-after"))
        retry_after = min(retry_after, PAUSE_MAX_SECONDS) if retry_after is not None else pause
    is_global = data.get("global") is True or (
        response.headers.get("x-ratelimit-global", "").lower() == "true")
    error = describe(response) + (" (global rate limit)" if is_global else "")
    return Outcome(OutcomeKind.RETRY, error=error, status_code=429, retry_after=retry_after,
                   rate_limited=True, reason=R.RATE_LIMITED, pause_seconds=pause)


def classify(response: httpx.Response) -> Outcome:
    """Discord's answer as an outcome; every outcome carries the bucket's pause when
    the answer says the bucket is spent."""
    status = response.status_code
    pause = bucket_pause(response)
    if 200 <= status < 300:
        message_id = _json(response).get("id")
        return Outcome.sent(provider_message_id=str(message_id) if message_id else None,
                            status_code=status, pause_seconds=pause)
    if status == 429:
        return _rate_limited(response, pause)
    detail = describe(response)
    if status == 404:
        return Outcome(OutcomeKind.DISABLE, status_code=status, reason=R.NOT_FOUND,
                       pause_seconds=pause,
                       error=f"{detail} — webhook deleted; channel disabled")
    if status in (401, 403):
        return Outcome(OutcomeKind.DISABLE, status_code=status, reason=R.BAD_CREDENTIALS,
                       pause_seconds=pause,
                       error=f"{detail} — webhook token refused; channel disabled")
    if status >= 500 or status == 408:
        return Outcome(OutcomeKind.RETRY, error=detail, status_code=status,
                       counts_against_breaker=True, pause_seconds=pause,
                       reason=R.TIMEOUT if status == 408 else R.PROVIDER_ERROR)
    # 400 (Discord names the offending field) and other refusals: the same body fails again
    return Outcome(OutcomeKind.PERMANENT, error=detail, status_code=status,
                   reason=R.REJECTED, pause_seconds=pause)
