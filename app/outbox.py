"""The development outbox over HTTP: an SES v2 sink and pages to read what it kept.

Served only when the outbox is on (`OUTBOX`, see app/settings.py; never in production).
The email transport is pointed at `POST /outbox/ses/v2/email/outbound-emails` — the path
aioboto3's sesv2 client calls for SendEmail — so the real transport (raw MIME, headers,
tracking links, List-Unsubscribe) runs unchanged and only the last hop stays local.
The sink answers like SES (`{"MessageId": …}`, errors as `x-amzn-ErrorType`); it checks
no signature (the transport signs with dummy credentials).

Pages: `GET /outbox` (newest first), `GET /outbox/{id}` (headers, text part, the HTML part
in a sandboxed iframe so its links can be tried), `GET /outbox/{id}.eml` (raw message).
Everything taken from a message is escaped; the pages run no script.
"""

from __future__ import annotations

import base64
import binascii
import json
from html import escape
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from app.bodies import read_capped_body
from app.settings import OUTBOX_SES_PATH
from domain.outbox import store

#: SES v2 takes messages up to 40 MiB; base64 in JSON makes that about 54 MiB
MAX_REQUEST_BYTES = 56 * 1024 * 1024
#: the pages and the message's HTML (srcdoc inherits it) run no script and embed nothing
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


def _page(title: str, content: str) -> HTMLResponse:
    return HTMLResponse(
        f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
        "<style>body{font:14px system-ui,sans-serif;margin:2em}td,th{text-align:left;"
        "vertical-align:top;padding:2px 8px}pre{white-space:pre-wrap}"
        "iframe{width:100%;height:600px;border:1px solid #ccc}</style></head>"
        f"<body>{content}</body></html>", headers=PAGE_HEADERS)


async def outbox_list(request: Request) -> Response:
    rows = await store.latest()
    lines = "".join(
        f"<tr><td>{escape(row.created_at.isoformat(timespec='seconds'))}</td>"
        f"<td>{escape(row.recipients)}</td>"
        f"<td><a href=\"/outbox/{row.id}\">{escape(row.subject or '(no subject)')}</a></td></tr>"
        for row in rows)
    table = (f"<table><tr><th>time (UTC)</th><th>to</th><th>subject</th></tr>{lines}</table>"
             if rows else "<p>No email yet: publish something with an email channel.</p>")
    return _page("Outbox", "<h1>Outbox</h1><p>Email this development server would have "
                           f"sent (newest first, at most {store.PAGE_SIZE}).</p>{table}")


def _one_click_url(headers: list[tuple[str, str]]) -> str | None:
    """The https (or development http) URL of List-Unsubscribe, when one-click is offered."""
    values = {name.lower(): value for name, value in headers}
    if "list-unsubscribe-post" not in values:
        return None
    for part in values.get("list-unsubscribe", "").split(","):
        url = part.strip().strip("<>")
        if url.startswith(("https://", "http://")):
            return url
    return None


async def outbox_message(request: Request) -> Response:
    message = await store.find(request.path_params["message_id"])
    if message is None:
        return PlainTextResponse("not found\n", status_code=404)
    rows = "".join(f"<tr><th>{escape(name)}</th><td>{escape(value)}</td></tr>"
                   for name, value in message.headers)
    subject = next((value for name, value in message.headers if name.lower() == "subject"),
                   "(no subject)")
    parts = [f"<p><a href=\"/outbox\">← outbox</a> · <a href=\"/outbox/{message.id}.eml\">"
             f"raw message (.eml)</a></p><h1>{escape(subject)}</h1><table>{rows}</table>"]
    one_click = _one_click_url(message.headers)
    if one_click:
        # what a mail provider does for RFC 8058: a POST with this exact body
        parts.append(f"<form method=\"post\" action=\"{escape(one_click)}\">"
                     "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                     "<button>Try one-click unsubscribe (POST)</button></form>")
    if message.html is not None:
        # sandboxed (no scripts, no same-origin), links and images still work
        parts.append("<h2>HTML</h2><iframe sandbox=\"allow-popups "
                     "allow-popups-to-escape-sandbox\" referrerpolicy=\"no-referrer\" "
                     f"srcdoc=\"{escape(message.html, quote=True)}\"></iframe>")
    if message.text is not None:
        parts.append(f"<h2>Text</h2><pre>{escape(message.text)}</pre>")
    return _page(f"Outbox: {subject}", "".join(parts))


async def outbox_raw(request: Request) -> Response:
    message = await store.find(request.path_params["message_id"])
    if message is None:
        return PlainTextResponse("not found\n", status_code=404)
    return Response(message.raw, media_type="message/rfc822", headers={
        "content-disposition": f"attachment; filename=\"outbox-{message.id}.eml\"",
        "x-content-type-options": "nosniff", "cache-control": "no-store"})


OUTBOX_ROUTES = [
    Route(f"{OUTBOX_SES_PATH}/v2/email/outbound-emails", send_email, methods=["POST"]),
    Route("/outbox", outbox_list, methods=["GET"]),
    Route("/outbox/{message_id:int}.eml", outbox_raw, methods=["GET"]),
    Route("/outbox/{message_id:int}", outbox_message, methods=["GET"]),
]
