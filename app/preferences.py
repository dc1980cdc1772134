"""The preference centre: `/preferences/<signed token>`, linked from every message.

- GET (and HEAD) shows the reader's settings in a small self-contained page (inline CSS,
  no scripts, no external assets) and changes nothing: link scanners fetch it too.
- POST applies the form. The token in the URL is the authorisation; the form must also
  carry a form token derived from it (so a bare POST to the link, e.g. from another
  site that learnt the URL, is refused with 403), and a browser's `Origin`, when sent,
  must be this service's. A bad field re-shows the page with the error (400) and
  changes nothing.
- A token that does not verify answers 404; an expired one 410. Nothing redirects.
"""

from __future__ import annotations

import html
from urllib.parse import parse_qs, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from app.bodies import read_capped_body
from app.unsubscribe import HEADERS
from domain.audience.models import Frequency, SubscriberStatus
from domain.errors import InvalidInput
from domain.links.urls import PreferenceClaim
from domain.personalization.centre import CentreView, apply_form, describe_now, load_view

MAX_BODY_BYTES = 64 * 1024
MAX_FORM_FIELDS = 2000
FORM_TOKEN_FIELD = "form_token"

_STYLE = ("body{font-family:system-ui,sans-serif;max-width:44rem;margin:3rem auto;"
          "padding:0 1rem;color:#222}table{border-collapse:collapse;margin:1rem 0}"
          "td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left}"
          "fieldset{margin:1rem 0;border:1px solid #ccc}label{display:block;margin:.4rem 0}"
          ".error{color:#a00;font-weight:bold}.ok{color:#070;font-weight:bold}"
          "button{font-size:1rem;padding:.5rem 1rem}")


def _page(title: str, body_html: str, status_code: int = 200) -> HTMLResponse:
    text = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<meta name=\"robots\" content=\"noindex\">"
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
            f"<body><h1>{html.escape(title)}</h1>{body_html}</body></html>\n")
    return HTMLResponse(text, status_code=status_code, headers=HEADERS)


def _not_found() -> HTMLResponse:
    return _page("Link not valid", "<p>This link is not valid. Please use the link from "
                 "the most recent message you received.</p>", 404)


def _expired() -> HTMLResponse:
    return _page("Link expired", "<p>This link has expired. Please use the link from the "
                 "most recent message you received.</p>", 410)


def _select(name: str, current: Frequency | None) -> str:
    chosen = (current or Frequency.NEVER).value
    options = "".join(
        f"<option value=\"{value.value}\"{' selected' if value.value == chosen else ''}>"
        f"{html.escape(value.value)}</option>" for value in Frequency)
    return f"<select name=\"{name}\">{options}</select>"


def _form(view: CentreView, form_token: str, message: str = "", error: bool = False,
          values: dict[str, str] | None = None) -> str:
    """No `action`: the form posts to the URL the page was loaded from."""
    values = values or {}
    topics = view.topics
    channels = view.channels
    notice = ""
    if message:
        notice = f"<p class=\"{'error' if error else 'ok'}\">{html.escape(message)}</p>"
    if view.subscriber.status is not SubscriberStatus.ACTIVE:
        notice += ("<p>You do not receive our messages at the moment; these settings "
                   "are kept for when you do again.</p>")
    header = "".join(f"<th>{html.escape(channel.name)}</th>" for channel in channels)
    rows = "".join(
        f"<tr><td>{html.escape(topic.name)}</td>" + "".join(
            "<td>" + _select(f"p-{topic.id}-{channel.id}",
                             view.choices.get((topic.id, channel.id))) + "</td>"
            for channel in channels) + "</tr>" for topic in topics)
    matrix = (f"<table><tr><th>Topic</th>{header}</tr>{rows}</table>" if topics and channels
              else "<p>There are no topics to choose from yet.</p>")

    def value(name: str, default: str) -> str:
        return html.escape(values.get(name, default), quote=True)

    return (
        f"{notice}<form method=\"post\">"
        f"<input type=\"hidden\" name=\"{FORM_TOKEN_FIELD}\" "
        f"value=\"{html.escape(form_token)}\">"
        f"<fieldset><legend>What you receive, and how often</legend>{matrix}</fieldset>"
        "<fieldset><legend>When</legend>"
        "<label>Time zone <input name=\"timezone\" "
        f"value=\"{value('timezone', view.subscriber.timezone)}\" maxlength=\"64\"> (now "
        f"{html.escape(describe_now(view))} there)</label>"
        "<label>Quiet hours from <input type=\"time\" name=\"quiet_start\" "
        f"value=\"{value('quiet_start', view.quiet_start)}\"> to <input type=\"time\" "
        f"name=\"quiet_end\" value=\"{value('quiet_end', view.quiet_end)}\"> (leave both "
        "empty for none)</label>"
        "<label>At most <input type=\"number\" name=\"daily_cap\" min=\"1\" max=\"1000\" "
        f"value=\"{value('daily_cap', view.daily_cap)}\"> messages a day per channel "
        "(empty: no limit)</label></fieldset>"
        "<button type=\"submit\">Save</button></form>")


def _claim(request: Request) -> PreferenceClaim | HTMLResponse:
    claim = request.app.state.links.verify_preferences(request.path_params.get("token", ""))
    if claim is None:
        return _not_found()
    if claim.expired():
        return _expired()
    return claim


def _same_origin(request: Request) -> bool:
    """Browsers send Origin with a form POST; when they do, it must be ours."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    base = urlsplit(request.app.state.links.base_url)
    return origin == f"{base.scheme}://{base.netloc}"


async def show(request: Request) -> HTMLResponse:
    claim = _claim(request)
    if isinstance(claim, HTMLResponse):
        return claim
    view = await load_view(claim.subscriber_id)
    if view is None:
        return _not_found()
    form_token = request.app.state.links.preferences_form_token(claim)
    return _page("Your preferences", _form(view, form_token))


async def save(request: Request) -> HTMLResponse:
    claim = _claim(request)
    if isinstance(claim, HTMLResponse):
        return claim
    body = await read_capped_body(request, MAX_BODY_BYTES)
    if body is None:
        return _page("Request too large", "<p>The request body is too large.</p>", 413)
    try:
        form = parse_qs(body.decode("utf-8", "replace"), max_num_fields=MAX_FORM_FIELDS)
    except ValueError:
        form = {}
    links = request.app.state.links
    token = (form.get(FORM_TOKEN_FIELD) or [""])[0]
    if not _same_origin(request) or not links.verify_preferences_form(claim, token):
        return _page("Not saved", "<p>Please change your preferences from the page the "
                     "link in our message opens.</p>", 403)
    view = await load_view(claim.subscriber_id)
    if view is None:
        return _not_found()
    try:
        await apply_form(view, form)
    except InvalidInput as error:
        typed = {name: values[0] for name, values in form.items()
                 if name in ("timezone", "quiet_start", "quiet_end", "daily_cap") and values}
        return _page("Your preferences", _form(view, token, f"Not saved: {error}", True,
                                               typed), 400)
    fresh = await load_view(claim.subscriber_id)
    assert fresh is not None
    return _page("Your preferences", _form(fresh, token, "Saved."))


async def preferences_endpoint(request: Request) -> HTMLResponse:
    if request.method == "POST":
        return await save(request)
    return await show(request)


async def no_token(request: Request) -> HTMLResponse:
    return _not_found()


PREFERENCES_ROUTES = [
    Route("/preferences/{token:path}", preferences_endpoint, methods=["GET", "POST"]),
    Route("/preferences", no_token, methods=["GET", "POST"]),
]
