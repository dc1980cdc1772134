"""Slack: the channel's rendered Block Kit message, posted by incoming webhook or by bot.

Two ways to post, chosen per message by `posts_with_bot_token`:

* a bot token (`secrets.bot_token`, `xoxb-…`) together with `config.channel_id`: POST
  `chat.postMessage` with `Authorization: Bearer`. Preferred whenever both are set, even
  if a webhook URL is stored too, because the Web API tells us more: the message's `ts`
  (kept as the provider message id) and precise error codes;
* otherwise the incoming webhook (`secrets.webhook_url`), which is bound to one channel.

Template output is user-controlled, so `request_body` rebuilds it within Slack's limits
(≤50 blocks, header ≤150, section text ≤3000, …) and always includes the fallback `text`
Slack uses for notifications and screen readers: a body Slack would refuse fails the
delivery for good, and we would rather send a clipped message than none.

Slack's answers: incoming webhooks reply with plain text (`ok` or an error code), the Web
API with HTTP 200 and JSON `{"ok": false, "error": "…"}`. The code, not the status alone,
tells a body we built badly (stop this delivery) from a token that was revoked or a
channel that was archived (disable the channel so we stop posting).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import httpx

from domain.channels.outbound import GuardedPoster, retry_after_seconds
from domain.channels.providers import (
    DEFAULT_ENDPOINTS,
    NothingToSend,
    ProviderEndpoints,
    clip,
    is_http_url,
    text_value,
)
from domain.channels.ssrf import TargetResolver
from domain.channels.transport import FailureReason, Outcome, OutcomeKind, OutgoingMessage

if TYPE_CHECKING:
    from domain.templates.rendering import RenderedMessage

HEADER_MAX = 150
SECTION_MAX = 3000
SECTION_FIELDS_MAX = 10
SECTION_FIELD_MAX = 2000
CONTEXT_ELEMENTS_MAX = 10
TEXT_OBJECT_MAX = 3000
ALT_TEXT_MAX = 2000
IMAGE_URL_MAX = 3000
BLOCK_ID_MAX = 255
MAX_BLOCKS = 50
#: Slack truncates `text` at 40,000 characters; the fallback is a notification line, so a
#: much smaller cap keeps notifications readable and the body far from `msg_too_long`
FALLBACK_MAX = 3000

R = FailureReason

#: incoming-webhook codes that mean the webhook or its channel is gone or refuses us
WEBHOOK_DISABLING: dict[str, FailureReason] = {
    "channel_not_found": R.NOT_FOUND, "channel_is_archived": R.NOT_FOUND,
    "no_service": R.NOT_FOUND, "no_service_id": R.NOT_FOUND, "no_team": R.NOT_FOUND,
    "team_disabled": R.NOT_FOUND, "invalid_token": R.BAD_CREDENTIALS,
    "action_prohibited": R.BAD_CREDENTIALS,
}

#: chat.postMessage codes that will not change until someone fixes the token or channel
API_DISABLING: dict[str, FailureReason] = {
    "invalid_auth": R.BAD_CREDENTIALS, "not_authed": R.BAD_CREDENTIALS,
    "account_inactive": R.BAD_CREDENTIALS, "token_revoked": R.BAD_CREDENTIALS,
    "token_expired": R.BAD_CREDENTIALS, "missing_scope": R.BAD_CREDENTIALS,
    "restricted_action": R.BAD_CREDENTIALS, "no_permission": R.BAD_CREDENTIALS,
    "team_access_not_granted": R.BAD_CREDENTIALS, "ekm_access_denied": R.BAD_CREDENTIALS,
    "channel_not_found": R.NOT_FOUND, "is_archived": R.NOT_FOUND, "not_in_channel": R.NOT_FOUND,
}

#: chat.postMessage codes that say this body is wrong: resending it cannot succeed
API_REJECTING = frozenset({
    "invalid_blocks", "invalid_blocks_format", "msg_too_long", "no_text", "invalid_arguments",
    "invalid_json", "json_not_object", "invalid_form_data", "invalid_charset",
    "invalid_array_arg", "too_many_attachments", "invalid_attachments", "invalid_metadata_format",
    "invalid_metadata_schema", "metadata_too_large",
})

API_RATE_LIMITED = frozenset({"ratelimited", "rate_limited"})
API_PROVIDER_FAILURE = frozenset({
    "internal_error", "fatal_error", "service_unavailable", "request_timeout",
})


# --- the body ---------------------------------------------------------------------------

def _text_object(value: Any, limit: int, *, plain: bool = False) -> dict[str, Any] | None:
    """A text object with non-empty text within `limit`, or None (Slack refuses empty
    text). `plain` forces plain_text, which headers and buttons require."""
    if isinstance(value, str):
        value = {"type": "plain_text" if plain else "mrkdwn", "text": value}
    if not isinstance(value, dict):
        return None
    text = text_value(value.get("text"))
    if not text.strip():
        return None
    kind = "plain_text" if plain or value.get("type") == "plain_text" else "mrkdwn"
    out: dict[str, Any] = {"type": kind, "text": clip(text, limit)}
    flag = "emoji" if kind == "plain_text" else "verbatim"  # the other one is refused
    if isinstance(value.get(flag), bool):
        out[flag] = value[flag]
    return out


def _image_element(value: Any) -> dict[str, Any] | None:
    """An image (block or context element) needs an http(s) `image_url` and `alt_text`."""
    if not isinstance(value, dict) or not is_http_url(value.get("image_url"), IMAGE_URL_MAX):
        return None
    alt = text_value(value.get("alt_text")).strip() or "image"
    return {"type": "image", "image_url": value["image_url"], "alt_text": clip(alt, ALT_TEXT_MAX)}


def _clip_texts(value: Any) -> Any:
    """Any other structure, with every text object clipped to Slack's 3000 characters.
    Blocks we do not model (actions, rich_text, …) pass through this way: the limits we
    know are enforced, the rest is the template author's responsibility."""
    if isinstance(value, list):
        return [_clip_texts(item) for item in value]
    if not isinstance(value, dict):
        return value
    out = {key: _clip_texts(item) for key, item in value.items()}
    if out.get("type") in ("plain_text", "mrkdwn") and isinstance(out.get("text"), str):
        out["text"] = clip(out["text"], TEXT_OBJECT_MAX)
    return out


def _header(block: dict[str, Any]) -> dict[str, Any] | None:
    text = _text_object(block.get("text"), HEADER_MAX, plain=True)
    return {"type": "header", "text": text} if text else None


def _section(block: dict[str, Any]) -> dict[str, Any] | None:
    out: dict[str, Any] = {"type": "section"}
    text = _text_object(block.get("text"), SECTION_MAX)
    if text:
        out["text"] = text
    raw_fields = block.get("fields") if isinstance(block.get("fields"), list) else []
    fields = [f for f in (_text_object(item, SECTION_FIELD_MAX) for item in raw_fields) if f]
    if fields:
        out["fields"] = fields[:SECTION_FIELDS_MAX]
    if isinstance(block.get("accessory"), dict):
        out["accessory"] = _clip_texts(block["accessory"])
    return out if text or fields else None  # a section needs text or fields


def _context(block: dict[str, Any]) -> dict[str, Any] | None:
    raw = block.get("elements") if isinstance(block.get("elements"), list) else []
    elements = [_image_element(item) if isinstance(item, dict) and item.get("type") == "image"
                else _text_object(item, TEXT_OBJECT_MAX) for item in raw]
    kept = [element for element in elements if element][:CONTEXT_ELEMENTS_MAX]
    return {"type": "context", "elements": kept} if kept else None


def _image_block(block: dict[str, Any]) -> dict[str, Any] | None:
    out = _image_element(block)
    if out is not None and (title := _text_object(block.get("title"), ALT_TEXT_MAX,
                                                  plain=True)):
        out["title"] = title
    return out


def _divider(block: dict[str, Any]) -> dict[str, Any]:
    return {"type": "divider"}


BLOCK_BUILDERS = {"header": _header, "section": _section, "context": _context,
                  "image": _image_block, "divider": _divider}


def clean_blocks(blocks: Any) -> list[dict[str, Any]]:
    """Template blocks within Slack's limits: non-objects and empty blocks dropped, known
    block types rebuilt, block ids kept only when valid and unique (Slack refuses the
    whole message over a duplicate), at most 50."""
    out: list[dict[str, Any]] = []
    seen_ids: set[str] = set()
    for block in blocks if isinstance(blocks, list) else []:
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            continue
        builder = BLOCK_BUILDERS.get(block["type"])
        cleaned = builder(block) if builder else _clip_texts(block)
        if not cleaned:
            continue
        cleaned.pop("block_id", None)
        block_id = block.get("block_id")
        if isinstance(block_id, str) and 0 < len(block_id) <= BLOCK_ID_MAX and (
                block_id not in seen_ids):
            seen_ids.add(block_id)
            cleaned["block_id"] = block_id
        out.append(cleaned)
        if len(out) == MAX_BLOCKS:
            break
    return out


def _first_text(value: Any) -> str:
    """The first text (or image alt text) found in blocks, depth first."""
    if isinstance(value, list):
        return next((text for text in map(_first_text, value) if text), "")
    if not isinstance(value, dict):
        return ""
    own = value.get("text") if isinstance(value.get("text"), str) else value.get("alt_text")
    if isinstance(own, str) and own.strip():
        return own.strip()
    return _first_text([item for item in value.values() if isinstance(item, dict | list)])


def fallback_text(text: Any, blocks: list[dict[str, Any]]) -> str:
    """The rendered fallback, else the first text in the blocks: Slack wants `text` even
    when blocks are present (notifications, screen readers). Empty: nothing to say."""
    return clip(text_value(text).strip() or _first_text(blocks), FALLBACK_MAX)


def posts_with_bot_token(message: OutgoingMessage) -> bool:
    """The bot token wins over the webhook when it can post: it needs the channel id."""
    return bool(message.secrets.get("bot_token")) and bool(message.config.get("channel_id"))


def _rendered(message: OutgoingMessage) -> RenderedMessage:
    if message.rendered is None:
        raise NothingToSend("nothing was rendered for this message")
    return message.rendered


def request_body(message: OutgoingMessage) -> dict[str, Any]:
    """The exact JSON we POST for `message` (the preview shows the same): the rendered
    fallback text and blocks within Slack's limits, plus `channel` for chat.postMessage.
    Raises NothingToSend when the template produced nothing Slack would show."""
    rendered = _rendered(message)
    blocks = clean_blocks(rendered.blocks)
    text = fallback_text(rendered.text, blocks)
    if not text:
        raise NothingToSend("the Slack template rendered no text (neither `text` nor any "
                            "text in its blocks)")
    body: dict[str, Any] = {}
    if posts_with_bot_token(message):
        body["channel"] = str(message.config["channel_id"])
    body["text"] = text
    if blocks:
        body["blocks"] = blocks
    return body


# --- sending ------------------------------------------------------------------------------

class SlackTransport:
    def __init__(self, client: httpx.AsyncClient, resolver: TargetResolver,
                 timeout_seconds: float, endpoints: ProviderEndpoints = DEFAULT_ENDPOINTS
                 ) -> None:
        self.poster = GuardedPoster(client, resolver, timeout_seconds)
        self.endpoints = endpoints

    def destination_key(self, message: OutgoingMessage) -> str:
        # Slack rate-limits per channel (≈1 message/s), so the channel is the bucket
        return f"slack:{message.channel_id}"

    async def send(self, message: OutgoingMessage) -> Outcome:
        bot = posts_with_bot_token(message)
        if not bot and not message.secrets.get("webhook_url"):
            return Outcome(OutcomeKind.PERMANENT, reason=R.MISCONFIGURED, error=(
                "channel has neither a webhook_url nor a bot_token with config.channel_id"))
        try:
            body = request_body(message)
        except NothingToSend as error:
            return Outcome(OutcomeKind.PERMANENT, error=str(error), reason=R.REJECTED)
        if bot:
            return await self._post_with_token(message.secrets["bot_token"], body)
        answer = await self.poster.post(
            message.secrets["webhook_url"], field="secrets.webhook_url",
            headers={"user-agent": "publishing-slack/1"}, json=body)
        return answer if isinstance(answer, Outcome) else classify(answer)

    async def _post_with_token(self, token: str, body: dict[str, Any]) -> Outcome:
        answer = await self.poster.post(
            self.endpoints.slack_api_base + "chat.postMessage", field="slack_api_base",
            headers={"user-agent": "publishing-slack/1", "authorization": f"Bearer {token}",
                     "content-type": "application/json; charset=utf-8"},
            content=json.dumps(body, ensure_ascii=False).encode())
        return answer if isinstance(answer, Outcome) else classify_api(answer)


# --- answers ------------------------------------------------------------------------------

def _rate_limited(detail: str, response: httpx.Response) -> Outcome:
    return Outcome(OutcomeKind.RETRY, error=detail, status_code=response.status_code,
                   retry_after=retry_after_seconds(response.headers.get("retry-after")),
                   rate_limited=True, reason=R.RATE_LIMITED)


def _provider_failed(detail: str, status: int) -> Outcome:
    return Outcome(OutcomeKind.RETRY, error=detail, status_code=status,
                   counts_against_breaker=True,
                   reason=R.TIMEOUT if status == 408 else R.PROVIDER_ERROR)


def _disabled(detail: str, status: int, reason: FailureReason) -> Outcome:
    return Outcome(OutcomeKind.DISABLE, error=f"{detail} (channel disabled)",
                   status_code=status, reason=reason)


def classify(response: httpx.Response) -> Outcome:
    """An incoming webhook's status + plain-text code as an outcome (the URL is never
    echoed: it is the secret)."""
    status = response.status_code
    code = response.text.strip()[:200] if response.content else ""
    detail = f"Slack HTTP {status}" + (f": {code}" if code else "")
    if 200 <= status < 300:
        # Slack says `ok`; any 2xx means the post was accepted, so never resend it
        return Outcome.sent(status_code=status)
    if status == 429:
        return _rate_limited(detail, response)
    if code in WEBHOOK_DISABLING:
        return _disabled(detail, status, WEBHOOK_DISABLING[code])
    if status in (403, 404, 410) and not code:
        return _disabled(detail, status,
                         R.BAD_CREDENTIALS if status == 403 else R.NOT_FOUND)
    if status >= 500 or status == 408:
        return _provider_failed(detail, status)
    # 400 invalid_payload / invalid_* and anything else: retrying the same body won't help
    return Outcome(OutcomeKind.PERMANENT, error=detail, status_code=status, reason=R.REJECTED)


def _api_answer(response: httpx.Response) -> dict[str, Any] | None:
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def classify_api(response: httpx.Response) -> Outcome:
    """chat.postMessage's answer as an outcome. Slack reports most errors as HTTP 200
    with `ok: false`, so the `error` code decides; `ts` identifies the posted message."""
    status = response.status_code
    answer = _api_answer(response)
    if status == 429:
        return _rate_limited(f"Slack HTTP 429: {(answer or {}).get('error', 'ratelimited')}",
                             response)
    if status >= 500 or status == 408:
        return _provider_failed(f"Slack HTTP {status}", status)
    if answer is None:
        # not Slack's JSON (a proxy's page?): the post most likely did not happen
        return _provider_failed(f"Slack HTTP {status}: the answer is not JSON", status)
    if answer.get("ok") is True and 200 <= status < 300:
        ts = answer.get("ts")
        return Outcome.sent(provider_message_id=str(ts) if ts else None, status_code=status)
    return _api_error(status, str(answer.get("error") or f"HTTP {status}")[:200], response)


def _api_error(status: int, code: str, response: httpx.Response) -> Outcome:
    detail = f"Slack chat.postMessage: {code}"
    if code in API_RATE_LIMITED:
        return _rate_limited(detail, response)
    if code in API_PROVIDER_FAILURE:
        return _provider_failed(detail, status)
    if code in API_DISABLING:
        return _disabled(detail, status, API_DISABLING[code])
    if status in (401, 403):
        return _disabled(detail, status, R.BAD_CREDENTIALS)
    if code not in API_REJECTING:
        # a code we do not know: most are about the request, so resending would not help
        detail += " (unrecognised error)"
    return Outcome(OutcomeKind.PERMANENT, error=detail, status_code=status, reason=R.REJECTED)
