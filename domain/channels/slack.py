"""Slack incoming webhooks: a Block Kit message per publication, posted to one channel.

Slack answers incoming webhooks with plain text: `ok`, or an error code. The code, not
the status alone, tells a payload we built badly (stop this delivery) from a webhook that
was revoked or a channel that was archived (disable the channel so we stop posting).
Bot tokens (chat.postMessage) are not implemented yet.
"""

from __future__ import annotations

from typing import Any

import httpx

from domain.channels.outbound import GuardedPoster, retry_after_seconds
from domain.channels.ssrf import TargetResolver
from domain.channels.transport import Outcome, OutcomeKind, OutgoingMessage

HEADER_MAX = 150
SECTION_MAX = 3000
MAX_BLOCKS = 50
FALLBACK_MAX = 3000

#: error codes that mean the webhook or its channel is gone or refuses us for good
DISABLING_CODES = frozenset({
    "channel_not_found", "channel_is_archived", "action_prohibited", "no_service",
    "no_service_id", "no_team", "team_disabled", "invalid_token",
})


def _clip(text: str, limit: int) -> str:
    """Cut to `limit` characters, marking the cut so readers know there is more."""
    text = text.strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def build_message(publication: dict[str, Any]) -> dict[str, Any]:
    """Block Kit body within Slack's limits; `text` is the notification/accessibility
    fallback Slack requires even when blocks are present."""
    title = str(publication.get("title") or "Untitled")
    summary = str(publication.get("summary") or "")
    body = str(publication.get("body") or "")
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _clip(title, HEADER_MAX),
                                    "emoji": True}},
    ]
    for part in (summary, body):
        if part.strip():
            blocks.append({"type": "section",
                           "text": {"type": "mrkdwn", "text": _clip(part, SECTION_MAX)}})
    topics = publication.get("topics") or []
    if topics:
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": _clip("Topics: " + ", ".join(map(str, topics)),
                                             SECTION_MAX)}]})
    fallback = title if not summary.strip() else f"{title}: {summary}"
    return {"text": _clip(fallback, FALLBACK_MAX), "blocks": blocks[:MAX_BLOCKS]}


class SlackTransport:
    def __init__(self, client: httpx.AsyncClient, resolver: TargetResolver,
                 timeout_seconds: float) -> None:
        self.poster = GuardedPoster(client, resolver, timeout_seconds)

    def destination_key(self, message: OutgoingMessage) -> str:
        # Slack rate-limits per channel (≈1 message/s), so the channel is the bucket
        return f"slack:{message.channel_id}"

    async def send(self, message: OutgoingMessage) -> Outcome:
        url = message.secrets.get("webhook_url")
        if not url:
            error = ("bot tokens are not supported yet" if message.secrets.get("bot_token")
                     else "channel has no webhook_url")
            return Outcome(OutcomeKind.PERMANENT, error=error)
        publication = message.payload.get("data", {}).get("publication", {})
        answer = await self.poster.post(
            url, field="secrets.webhook_url", headers={"user-agent": "publishing-slack/1"},
            json=build_message(publication))
        return answer if isinstance(answer, Outcome) else classify(answer)


def classify(response: httpx.Response) -> Outcome:
    """Map Slack's status + plain-text code to an outcome (the URL is never echoed: it is
    the secret)."""
    status = response.status_code
    code = response.text.strip()[:200] if response.content else ""
    detail = f"Slack HTTP {status}" + (f": {code}" if code else "")
    if 200 <= status < 300:
        # Slack says `ok`; any 2xx means the post was accepted, so never resend it
        return Outcome.sent(status_code=status)
    if status == 429:
        return Outcome(OutcomeKind.RETRY, error=detail, status_code=status,
                       retry_after=retry_after_seconds(response.headers.get("retry-after")),
                       rate_limited=True)
    if code in DISABLING_CODES or (status in (403, 404, 410) and not code):
        return Outcome(OutcomeKind.DISABLE, error=f"{detail} (channel disabled)",
                       status_code=status)
    if status >= 500:
        return Outcome(OutcomeKind.RETRY, error=detail, status_code=status,
                       counts_against_breaker=True)
    if status == 408:
        return Outcome(OutcomeKind.RETRY, error=detail, status_code=status,
                       counts_against_breaker=True)
    # 400 invalid_payload / invalid_* and anything else: retrying the same body won't help
    return Outcome(OutcomeKind.PERMANENT, error=detail, status_code=status)
