"""Discord webhooks: one embed per publication, executed with `?wait=true`.

`wait=true` makes Discord answer with the created message, so we learn its id and a
success really means the message exists. `allowed_mentions: {"parse": []}` keeps text
such as `@everyone` in a publication from pinging a whole server. Every embed limit is
enforced here before sending: Discord rejects an oversized embed with a 400, which would
fail the delivery for good.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from domain.channels.outbound import GuardedPoster, retry_after_seconds
from domain.channels.ssrf import TargetResolver
from domain.channels.transport import Outcome, OutcomeKind, OutgoingMessage

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000
CONTENT_MAX = 2000
USERNAME_MAX = 80


def _clip(text: str, limit: int) -> str:
    """Cut to `limit` characters with an ellipsis (limit 0 gives an empty string)."""
    if limit <= 0:
        return ""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def embed_length(embed: dict[str, Any]) -> int:
    """Characters Discord counts against the 6000 total: title, description, field
    names and values, footer text and author name."""
    total = len(embed.get("title", "")) + len(embed.get("description", ""))
    total += sum(len(f.get("name", "")) + len(f.get("value", ""))
                 for f in embed.get("fields", []))
    total += len(embed.get("footer", {}).get("text", ""))
    total += len(embed.get("author", {}).get("name", ""))
    return total


def fit_embed(embed: dict[str, Any]) -> dict[str, Any]:
    """A copy of `embed` within every Discord limit: per-part limits first, then the
    total, shrinking the description, then fields, then the footer, then the title."""
    out = dict(embed)
    if "title" in out:
        out["title"] = _clip(str(out["title"]), TITLE_MAX)
    if "description" in out:
        out["description"] = _clip(str(out["description"]), DESCRIPTION_MAX)
    fields = [{**f, "name": _clip(str(f.get("name") or "\u200b"), FIELD_NAME_MAX),
               "value": _clip(str(f.get("value") or "\u200b"), FIELD_VALUE_MAX)}
              for f in out.get("fields", [])][:FIELDS_MAX]
    if "fields" in out:
        out["fields"] = fields
    if "footer" in out:
        out["footer"] = {**out["footer"],
                         "text": _clip(str(out["footer"].get("text", "")), FOOTER_MAX)}
    excess = embed_length(out) - EMBED_TOTAL_MAX
    if excess > 0 and out.get("description"):
        keep = max(0, len(out["description"]) - excess)
        out["description"] = _clip(out["description"], keep)
        if not out["description"]:
            del out["description"]
    while embed_length(out) > EMBED_TOTAL_MAX and out.get("fields"):
        out["fields"] = out["fields"][:-1]
    excess = embed_length(out) - EMBED_TOTAL_MAX
    if excess > 0 and "footer" in out:
        out["footer"] = {**out["footer"], "text": _clip(
            out["footer"]["text"], max(0, len(out["footer"]["text"]) - excess))}
    excess = embed_length(out) - EMBED_TOTAL_MAX
    if excess > 0 and "title" in out:
        out["title"] = _clip(out["title"], max(1, len(out["title"]) - excess))
    return out


def build_message(publication: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """Execute-webhook body: content is the short fallback (shown in notifications)."""
    title = str(publication.get("title") or "Untitled")
    summary = str(publication.get("summary") or "")
    body = str(publication.get("body") or "")
    description = "\n\n".join(part for part in (summary.strip(), body.strip()) if part)
    embed: dict[str, Any] = {"title": title, "description": description or "\u200b",
                             "footer": {"text": "publishing"}}
    fields = []
    if publication.get("priority"):
        fields.append({"name": "Priority", "value": str(publication["priority"]),
                       "inline": True})
    if publication.get("topics"):
        fields.append({"name": "Topics", "value": ", ".join(map(str, publication["topics"])),
                       "inline": True})
    if fields:
        embed["fields"] = fields
    published = publication.get("published_at")
    embed["timestamp"] = published if isinstance(published, str) else \
        dt.datetime.now(dt.UTC).isoformat()
    if isinstance(publication.get("url"), str):
        embed["url"] = publication["url"]
    message: dict[str, Any] = {"content": _clip(title, CONTENT_MAX), "embeds": [fit_embed(embed)],
                               "allowed_mentions": {"parse": []}}
    if config.get("username"):
        message["username"] = _clip(str(config["username"]), USERNAME_MAX)
    return message


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
            return Outcome(OutcomeKind.PERMANENT, error="channel has no webhook_url")
        publication = message.payload.get("data", {}).get("publication", {})
        answer = await self.poster.post(
            _with_wait(url), field="secrets.webhook_url",
            headers={"user-agent": "publishing-discord/1"},
            json=build_message(publication, message.config))
        return answer if isinstance(answer, Outcome) else classify(answer)


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def classify(response: httpx.Response) -> Outcome:
    """Map Discord's answer to an outcome. A 2xx with X-RateLimit-Remaining: 0 is still
    sent; the next send's 429 (and its retry_after) does the pausing."""
    status = response.status_code
    snippet = response.text[:300].strip() if response.content else ""
    detail = f"Discord HTTP {status}" + (f": {snippet}" if snippet else "")
    if 200 <= status < 300:
        message_id = _json(response).get("id")
        return Outcome.sent(provider_message_id=str(message_id) if message_id else None,
                            status_code=status)
    if status == 429:
        retry_after: float | None = None
        value = _json(response).get("retry_after")
        if isinstance(value, int | float) and not isinstance(value, bool):
            retry_after = max(0.0, float(value))
        if retry_after is None:
            retry_after = retry_after_seconds(response.headers.get("retry-after"))
        return Outcome(OutcomeKind.RETRY, error=detail, status_code=status,
                       retry_after=retry_after, rate_limited=True)
    if status == 404:
        return Outcome(OutcomeKind.DISABLE,
                       error=f"{detail} (webhook deleted; channel disabled)", status_code=status)
    if status in (401, 403):
        return Outcome(OutcomeKind.DISABLE,
                       error=f"{detail} (webhook refused; channel disabled)", status_code=status)
    if status >= 500 or status == 408:
        return Outcome(OutcomeKind.RETRY, error=detail, status_code=status,
                       counts_against_breaker=True)
    return Outcome(OutcomeKind.PERMANENT, error=detail, status_code=status)
