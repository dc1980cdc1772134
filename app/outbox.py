"""The development outbox over HTTP: an SES v2 sink, Slack/Discord/webhook sinks, and
pages to read what they kept.

Served only when the outbox is on (`OUTBOX`, see app/settings.py; never in production).
The email transport is pointed at `POST /outbox/ses/v2/email/outbound-emails` — the path
aioboto3's sesv2 client calls for SendEmail — so the real transport (raw MIME, headers,
tracking links, List-Unsubscribe) runs unchanged and only the last hop stays local.
The sink answers like SES (`{"MessageId": …}`, errors as `x-amzn-ErrorType`); it checks
no signature (the transport signs with dummy credentials).

Hook sinks, `POST /outbox/hooks/{slack,discord,webhook}/{name}` (the demo's chat and
webhook channels point there): each keeps the JSON body and headers and answers like its
provider — Slack's incoming webhook `200 ok`, Discord's execute-webhook (`?wait=true`: the
message object with an id, else 204; `X-RateLimit-*` headers), a webhook receiver 204 —
and the webhook sink checks the Standard Webhooks signature with the secret of the
channel that points at it, as a receiver would, and records whether it matched.

Pages: `GET /outbox` (every kind, newest first, 50 a page, `?before=<id>` for older),
`GET /outbox/{id}` (email: headers, text part, the HTML part in a sandboxed iframe so its
pixel loads and its links can be tried (`GET /outbox/{id}/html`, the iframe's
document), a one-click unsubscribe button; hooks: headers,
the signature check, the JSON pretty-printed), `GET /outbox/{id}.eml` (raw email).
Everything taken from a message is escaped on the pages; the email's own HTML is served
only as the iframe's document, sandboxed, without script. Nothing on these pages runs
script.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from html import escape
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from app.bodies import read_capped_body
from app.settings import OUTBOX_HOOKS_PATH, OUTBOX_SES_PATH
from domain.outbox import store
from domain.outbox.models import OutboxKind
from domain.outbox.signatures import check_webhook

#: SES v2 takes messages up to 40 MiB; base64 in JSON makes that about 54 MiB
MAX_REQUEST_BYTES = 56 * 1024 * 1024
#: a hook body larger than this is refused with 413 (Discord's own cap is 25 MiB with
#: files; a JSON message is far below 1 MiB, a publication body at most ~0.8 MiB)
MAX_HOOK_BYTES = 1024 * 1024
#: Discord's epoch for snowflake ids (2015-01-01T00:00:00Z, in milliseconds)
DISCORD_EPOCH_MS = 1_420_070_400_000
#: the email's HTML part, served on its own for the page's iframe: no script, sandboxed
#: even when opened directly, framed only by the outbox's own page. Its own document
#: (rather than srcdoc, which would inherit the page's `frame-ancestors 'none'`) so every
#: browser shows it; images (the open pixel) and links (tracked clicks) work.
EMAIL_HTML_HEADERS = {
    "content-security-policy": "script-src 'none'; object-src 'none'; base-uri 'none'; "
                               "frame-ancestors 'self'; "
                               "sandbox allow-popups allow-popups-to-escape-sandbox",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}
#: the pages run no script and cannot be framed
PAGE_HEADERS = {
    "content-security-policy": "script-src 'none'; object-src 'none'; base-uri 'none'; "
                               "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def _ses_error(status: int, code: str, message: str) -> JSONResponse:
    """SES v2's REST-JSON error shape, which botocore turns into a ClientError."""
    return JSONResponse({"message": message}, status_code=status,
                        headers={"x-amzn-ErrorType": code, "x-amzn-requestid": "outbox"})


def _send_request(body: bytes) -> tuple[bytes, str | None, list[str]] | str:
    """(raw MIME, sender, recipients) from a SendEmail request, or what is wrong."""
    try:
        request: Any = json.loads(body)
        raw = base64.b64decode(request["Content"]["Raw"]["Data"], validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error):
        return "the outbox takes SendEmail with Content.Raw.Data (base64 raw MIME)"
    recipients = (request.get("Destination") or {}).get("ToAddresses") or []
    if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
        return "Destination.ToAddresses must be a list of addresses"
    sender = request.get("FromEmailAddress")
    return raw, sender if isinstance(sender, str) else None, recipients


async def send_email(request: Request) -> Response:
    body = await read_capped_body(request, MAX_REQUEST_BYTES)
    if body is None:
        return _ses_error(400, "BadRequestException", "message too large for SES")
    parsed = _send_request(body)
    if isinstance(parsed, str):
        return _ses_error(400, "BadRequestException", parsed)
    raw, sender, recipients = parsed
    row = await store.store(raw, sender=sender, recipients=recipients)
    return JSONResponse({"MessageId": f"outbox-{row.id}"},
                        headers={"x-amzn-requestid": f"outbox-{row.id}"})


async def _hook_body(request: Request) -> tuple[bytes, object] | Response:
    """The capped body and its JSON, or the answer that refuses it."""
    body = await read_capped_body(request, MAX_HOOK_BYTES)
    if body is None:
        return PlainTextResponse("request entity too large\n", status_code=413)
    try:
        return body, json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return PlainTextResponse("invalid_payload\n", status_code=400)


def _headers(request: Request) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1"))
            for name, value in request.headers.raw]


async def slack_sink(request: Request) -> Response:
    """Slack's incoming webhook: `200 ok` as text/plain; `400 invalid_payload` for a body
    that is not JSON (the codes domain/channels/slack.py reads)."""
    parsed = await _hook_body(request)
    if isinstance(parsed, Response):
        return parsed
    body, _ = parsed
    await store.store_hook(OutboxKind.SLACK, request.path_params["name"], body,
                           _headers(request))
    return PlainTextResponse("ok")


def _discord_error(status: int, code: int, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status)


async def discord_sink(request: Request) -> Response:
    """Discord's execute webhook: with `?wait=true` the created message (snowflake id,
    content, embeds, timestamp), else 204; rate-limit headers as Discord sends them."""
    body = await read_capped_body(request, MAX_HOOK_BYTES)
    if body is None:
        return _discord_error(413, 40005, "Request entity too large")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _discord_error(400, 50109, "The request body contains invalid JSON.")
    if not isinstance(data, dict):
        return _discord_error(400, 50109, "The request body contains invalid JSON.")
    name = request.path_params["name"]
    row = await store.store_hook(OutboxKind.DISCORD, name, body, _headers(request))
    now = time.time()
    headers = {"x-ratelimit-limit": "5", "x-ratelimit-remaining": "4",
               "x-ratelimit-reset": f"{now + 2:.3f}", "x-ratelimit-reset-after": "2.000",
               "x-ratelimit-bucket": f"outbox-{name}"}
    if request.query_params.get("wait", "").lower() != "true":
        return Response(status_code=204, headers=headers)
    snowflake = str(((int(now * 1000) - DISCORD_EPOCH_MS) << 22) | (row.id & 0xFFF))
    message = {
        "id": snowflake, "type": 0, "channel_id": "0", "webhook_id": "0",
        "content": data.get("content") or "", "embeds": data.get("embeds") or [],
        "components": data.get("components") or [], "attachments": [],
        "author": {"id": "0", "username": data.get("username") or "outbox", "bot": True},
        "timestamp": row.created_at.isoformat(), "edited_timestamp": None,
        "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
        "pinned": False, "flags": 0,
    }
    return JSONResponse(message, headers=headers)


async def webhook_sink(request: Request) -> Response:
    """A webhook receiver: checks the Standard Webhooks signature (recorded, shown on the
    page; a real receiver would refuse a bad one with 401, the outbox keeps it so the
    page can show why) and answers 204."""
    parsed = await _hook_body(request)
    if isinstance(parsed, Response):
        return parsed
    body, _ = parsed
    headers = _headers(request)
    verified, verification = await check_webhook(
        request.url.path, {name.lower(): value for name, value in headers}, body,
        request.app.state.settings.key_ring())
    await store.store_hook(OutboxKind.WEBHOOK, request.path_params["name"], body, headers,
                           verified=verified, verification=verification)
    return Response(status_code=204)


def _page(title: str, content: str) -> HTMLResponse:
    return HTMLResponse(
        f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
        "<style>body{font:14px system-ui,sans-serif;margin:2em}td,th{text-align:left;"
        "vertical-align:top;padding:2px 8px}pre{white-space:pre-wrap}"
        "iframe{width:100%;height:600px;border:1px solid #ccc}</style></head>"
        f"<body>{content}</body></html>", headers=PAGE_HEADERS)


def _signature_cell(verified: bool | None) -> str:
    if verified is None:
        return ""
    return "✔ verified" if verified else "✘ not verified"


async def outbox_list(request: Request) -> Response:
    before_text = request.query_params.get("before", "")
    if before_text and not before_text.isdigit():
        return PlainTextResponse("before must be a message id\n", status_code=400)
    page = await store.page(int(before_text) if before_text else None)
    lines = "".join(
        f"<tr><td>{row.id}</td>"
        f"<td>{escape(row.created_at.isoformat(timespec='seconds'))}</td>"
        f"<td>{escape(row.kind.value)}</td><td>{escape(row.recipients)}</td>"
        f"<td><a href=\"/outbox/{row.id}\">{escape(row.subject or '(no subject)')}</a></td>"
        f"<td>{_signature_cell(row.verified)}</td></tr>"
        for row in page.rows)
    table = ("<table><tr><th>#</th><th>time (UTC)</th><th>kind</th><th>to</th>"
             f"<th>subject / text</th><th>signature</th></tr>{lines}</table>"
             if page.rows else "<p>Nothing yet: publish something (see the README, "
                               "<code>publishing demo --publish</code>).</p>")
    nav = []
    if before_text:
        nav.append("<a href=\"/outbox\">newest</a>")
    if page.older is not None:
        nav.append(f"<a href=\"/outbox?before={page.older}\">older →</a>")
    return _page("Outbox", "<h1>Outbox</h1><p>Email, Slack, Discord and webhook messages "
                           "this development server would have sent (newest first, "
                           f"{store.PAGE_SIZE} a page).</p>{table}"
                           f"<p>{' · '.join(nav)}</p>")


def _unsubscribe_url(headers: list[tuple[str, str]]) -> tuple[str, bool] | None:
    """The http(s) URL of List-Unsubscribe and whether the message offers RFC 8058
    one-click for it (List-Unsubscribe-Post; only with an https link, so a development
    server on http lists the link without it)."""
    values = {name.lower(): value for name, value in headers}
    for part in values.get("list-unsubscribe", "").split(","):
        url = part.strip().strip("<>")
        if url.startswith(("https://", "http://")):
            return url, "list-unsubscribe-post" in values
    return None


def _hook_message(message: store.MessageView) -> Response:
    rows = "".join(f"<tr><th>{escape(name)}</th><td>{escape(value)}</td></tr>"
                   for name, value in message.headers)
    title = f"{message.kind.value} → {message.name}"
    parts = [f"<p><a href=\"/outbox\">← outbox</a></p><h1>{escape(title)}</h1>"]
    if message.verification is not None:
        mark = "✔" if message.verified else "✘"
        parts.append(f"<p><strong>Signature: {mark} {escape(message.verification)}"
                     "</strong></p>")
    parts.append(f"<h2>Body</h2><pre>{escape(message.text or '')}</pre>"
                 f"<h2>Headers</h2><table>{rows}</table>")
    return _page(f"Outbox: {title}", "".join(parts))


async def outbox_message(request: Request) -> Response:
    message = await store.find(request.path_params["message_id"])
    if message is None:
        return PlainTextResponse("not found\n", status_code=404)
    if message.kind is not OutboxKind.EMAIL:
        return _hook_message(message)
    rows = "".join(f"<tr><th>{escape(name)}</th><td>{escape(value)}</td></tr>"
                   for name, value in message.headers)
    subject = next((value for name, value in message.headers if name.lower() == "subject"),
                   "(no subject)")
    parts = [f"<p><a href=\"/outbox\">← outbox</a> · <a href=\"/outbox/{message.id}.eml\">"
             f"raw message (.eml)</a></p><h1>{escape(subject)}</h1><table>{rows}</table>"]
    unsubscribe = _unsubscribe_url(message.headers)
    if unsubscribe:
        url, one_click = unsubscribe
        note = ("" if one_click else " <small>(the message has no List-Unsubscribe-Post: "
                "one-click needs an https PUBLIC_BASE_URL; the link answers this POST all "
                "the same)</small>")
        # what a mail provider does for RFC 8058: a POST with this exact body
        parts.append(f"<form method=\"post\" action=\"{escape(url)}\">"
                     "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                     f"<button>One-click unsubscribe (POST)</button>{note}</form>")
    if message.html is not None:
        # sandboxed (no scripts, no same-origin), links and images still work
        parts.append("<h2>HTML</h2><iframe sandbox=\"allow-popups "
                     "allow-popups-to-escape-sandbox\" referrerpolicy=\"no-referrer\" "
                     f"src=\"/outbox/{message.id}/html\"></iframe>")
    if message.text is not None:
        parts.append(f"<h2>Text</h2><pre>{escape(message.text)}</pre>")
    return _page(f"Outbox: {subject}", "".join(parts))


async def outbox_html(request: Request) -> Response:
    """The HTML part of one email, as the page's iframe shows it (see EMAIL_HTML_HEADERS);
    the browser loading it fetches the open pixel, and its links are the tracked ones."""
    message = await store.find(request.path_params["message_id"])
    if message is None or message.html is None:
        return PlainTextResponse("not found\n", status_code=404)
    return HTMLResponse(message.html, headers=EMAIL_HTML_HEADERS)


async def outbox_raw(request: Request) -> Response:
    message = await store.find(request.path_params["message_id"])
    if message is None or message.kind is not OutboxKind.EMAIL:
        return PlainTextResponse("not found\n", status_code=404)
    return Response(message.raw, media_type="message/rfc822", headers={
        "content-disposition": f"attachment; filename=\"outbox-{message.id}.eml\"",
        "x-content-type-options": "nosniff", "cache-control": "no-store"})


OUTBOX_ROUTES = [
    Route(f"{OUTBOX_SES_PATH}/v2/email/outbound-emails", send_email, methods=["POST"]),
    Route(f"{OUTBOX_HOOKS_PATH}/slack/{{name:path}}", slack_sink, methods=["POST"]),
    Route(f"{OUTBOX_HOOKS_PATH}/discord/{{name:path}}", discord_sink, methods=["POST"]),
    Route(f"{OUTBOX_HOOKS_PATH}/webhook/{{name:path}}", webhook_sink, methods=["POST"]),
    Route("/outbox", outbox_list, methods=["GET"]),
    Route("/outbox/{message_id:int}.eml", outbox_raw, methods=["GET"]),
    Route("/outbox/{message_id:int}/html", outbox_html, methods=["GET"]),
    Route("/outbox/{message_id:int}", outbox_message, methods=["GET"]),
]
