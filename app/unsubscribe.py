"""The unsubscribe link of every message: `/unsubscribe/<signed token>` (RFC 8058).

- POST unsubscribes. Mail providers send it for the one-click button, without cookies,
  with the body `List-Unsubscribe=One-Click` as application/x-www-form-urlencoded or
  multipart/form-data; the confirmation page's form posts here too. The signed token is
  the whole authorisation, so the body is only read (at most `MAX_BODY_BYTES`) to tell
  where the request came from; a POST without that body still unsubscribes, because
  refusing someone who asked to stop is the worse failure. Answers 200, again and again.
- GET (and HEAD) only shows a page with a button that POSTs: link scanners and mail
  security gateways fetch every link in a message, and must not unsubscribe anyone.
- A token that does not verify answers 404 and changes nothing. A verified token whose
  subscriber has since been deleted answers the same 200 page as everyone else: the
  answer never tells whether an id exists.
- Nothing here ever redirects: RFC 8058 senders must not, and a redirect would also turn
  the link into something that can be bounced elsewhere. The routes below also catch
  `/unsubscribe` and `/unsubscribe/<token>/`, which Starlette would otherwise answer with
  a trailing-slash redirect.
"""

from __future__ import annotations

import html
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from app.bodies import read_capped_body
from domain.audience.unsubscribe import unsubscribe

MAX_BODY_BYTES = 4096
MAX_FORM_FIELDS = 20

SOURCE_ONE_CLICK = "one-click"
SOURCE_PAGE = "confirmation-page"
SOURCE_OTHER_POST = "post"

HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # nothing external, inline CSS only, and the form may only post back here
    "Content-Security-Policy": ("default-src 'none'; style-src 'unsafe-inline'; "
                                "form-action 'self'; frame-ancestors 'none'; "
                                "base-uri 'none'"),
}

_STYLE = ("body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;"
          "padding:0 1rem;color:#222}button{font-size:1rem;padding:.5rem 1rem}")


def _page(title: str, body_html: str) -> str:
    """A complete page; `body_html` must already be escaped."""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<meta name=\"robots\" content=\"noindex\">"
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
            f"<body><h1>{html.escape(title)}</h1>{body_html}</body></html>\n")


def _respond(title: str, body_html: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(_page(title, body_html), status_code=status_code, headers=HEADERS)


def _not_found() -> HTMLResponse:
    return _respond("Link not valid",
                    "<p>This unsubscribe link is not valid. Please use the link from the "
                    "most recent message you received.</p>", 404)


def _too_large() -> HTMLResponse:
    return _respond("Request too large", "<p>The request body is too large.</p>", 413)


def _confirmation_page() -> HTMLResponse:
    """No `action`: the form posts to the URL the page was loaded from, whatever proxy
    path that was, without echoing the token into the page."""
    return _respond("Unsubscribe",
                    "<p>Do you want to stop receiving these messages?</p>"
                    "<form method=\"post\">"
                    "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                    "<input type=\"hidden\" name=\"confirm\" value=\"page\">"
                    "<button type=\"submit\">Unsubscribe</button></form>")


def _done_page() -> HTMLResponse:
    return _respond("You have been unsubscribed",
                    "<p>You will not receive these messages any more.</p>")


def _verify(request: Request) -> tuple[int, int] | None:
    return request.app.state.links.verify_unsubscribe(request.path_params.get("token", ""))


def _urlencoded_fields(body: bytes) -> dict[str, list[str]]:
    try:
        return parse_qs(body.decode("utf-8", "replace"), max_num_fields=MAX_FORM_FIELDS)
    except ValueError:
        return {}


def _multipart_fields(content_type: str, body: bytes) -> dict[str, list[str]]:
    """multipart/form-data parsed with the stdlib MIME parser (the body is a few KB at
    most, so the simple parser is good enough)."""
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1", "replace") + b"\r\n\r\n" + body)
    if not message.is_multipart():
        return {}
    fields: dict[str, list[str]] = {}
    parts = message.get_payload()
    if not isinstance(parts, list):
        return {}
    for part in parts[:MAX_FORM_FIELDS]:
        if not isinstance(part, Message):
            continue
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            fields.setdefault(name, []).append(payload.decode("utf-8", "replace"))
    return fields


def _form_fields(request: Request, body: bytes) -> dict[str, list[str]]:
    content_type = request.headers.get("content-type", "")
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type == "application/x-www-form-urlencoded":
        return _urlencoded_fields(body)
    if media_type == "multipart/form-data":
        return _multipart_fields(content_type, body)
    return {}


def _source(fields: dict[str, list[str]]) -> str:
    """Where the POST came from, for the audit trail only."""
    if "page" in fields.get("confirm", []):
        return SOURCE_PAGE
    if "One-Click" in fields.get("List-Unsubscribe", []):
        return SOURCE_ONE_CLICK
    return SOURCE_OTHER_POST


async def confirm(request: Request) -> HTMLResponse:
    """GET/HEAD: the page with the button. Verifies the token but reads no database, so
    it can neither change anything nor reveal whether the subscriber exists."""
    if _verify(request) is None:
        return _not_found()
    return _confirmation_page()


async def one_click(request: Request) -> HTMLResponse:
    """POST: unsubscribe (RFC 8058 one-click, or the confirmation page's button)."""
    verified = _verify(request)
    if verified is None:
        return _not_found()
    body = await read_capped_body(request, MAX_BODY_BYTES)
    if body is None:
        return _too_large()
    subscriber_id, delivery_id = verified
    await unsubscribe(subscriber_id, delivery_id or None, _source(_form_fields(request, body)))
    # same page whatever the outcome (done now, done before, deleted subscriber)
    return _done_page()


async def unsubscribe_endpoint(request: Request) -> HTMLResponse:
    if request.method == "POST":
        return await one_click(request)
    return await confirm(request)


async def no_token(request: Request) -> HTMLResponse:
    """`/unsubscribe` alone: a 404 of our own instead of a trailing-slash redirect."""
    return _not_found()


UNSUBSCRIBE_ROUTES = [
    # `path` so that a trailing slash or extra segment reaches us (and fails to verify)
    # rather than Starlette's redirect
    Route("/unsubscribe/{token:path}", unsubscribe_endpoint, methods=["GET", "POST"]),
    Route("/unsubscribe", no_token, methods=["GET", "POST"]),
]
