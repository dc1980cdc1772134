"""Keep credential-bearing URLs from people who do not manage channels.

A generic webhook's `config.url` is where deliveries go, but receivers often put a token
in it (`https://hooks.example.com/T123/secret-token?key=abc`). Only admins (who can
change the channel anyway) see the full URL; everyone else sees where deliveries go and
no more: scheme, host and port, the path as `/…`, and the query's parameter names with
their values as `…` (`https://hooks.example.com/…?key=…`). The whole path is masked, not
only the long segments: a token can be short, and a reader needs the host, not the path.

The URL stays in `config` (not moved into the encrypted secrets) so the API keeps its
shape and admins can still read and edit it; a URL that is a credential as a whole
(Slack, Discord) belongs in secrets, as those channel types already do.

Error texts are scrubbed where they are made (`scrub`): a receiver may echo the request
line or URL in its error page, and that text is kept in the ledger, channel health,
alert status and testChannel's answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from domain.channels.models import ChannelType
from domain.channels.transport import Outcome

MASK = "…"
#: config keys whose value may carry a credential, per channel type
REDACTED_CONFIG_KEYS: dict[ChannelType, tuple[str, ...]] = {
    ChannelType.WEBHOOK: ("url",),
}
#: pieces shorter than this are not scrubbed out of error texts on their own (they would
#: garble the text, and a secret that short would be guessable anyway); the path and the
#: query as a whole are scrubbed whatever their parts
MIN_SCRUBBED = 6
_PARAMETER_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-\[\]]{0,39}$")


def redact_url(url: str) -> str:
    """`url` without anything that may be a credential: scheme, host and port, `/…` for a
    path, query parameter names with `…` values; no user info, no fragment."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return MASK
    if not parts.scheme or not host:
        return MASK
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    path = "/" + MASK if parts.path.strip("/") else parts.path
    redacted = f"{parts.scheme}://{netloc}{path}"
    if parts.query:
        names = []
        for piece in parts.query.split("&"):
            name, equals, _ = piece.partition("=")
            names.append(f"{name}={MASK}" if equals and _PARAMETER_NAME.match(name)
                         else MASK)
        redacted += "?" + "&".join(names)
    return redacted


def public_config(channel_type: ChannelType, config: Mapping[str, Any]) -> dict[str, Any]:
    """The config as someone who does not manage channels may see it."""
    shown = dict(config)
    for key in REDACTED_CONFIG_KEYS.get(channel_type, ()):
        if isinstance(shown.get(key), str):
            shown[key] = redact_url(shown[key])
    return shown


def _secret_pieces(url: str) -> list[str]:
    """The parts of `url` that may be (or contain) a credential, longest first."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return [url]
    pieces = {url, url.split("#", 1)[0], parts.netloc.rpartition("@")[0]}
    path_and_query = parts.path + (f"?{parts.query}" if parts.query else "")
    pieces |= {path_and_query, parts.path, parts.query}
    pieces |= set(parts.path.split("/"))
    pieces |= {value for _, value in parse_qsl(parts.query, keep_blank_values=True)}
    pieces |= {piece.partition("=")[2] or piece for piece in parts.query.split("&")}
    for username_or_password in (parts.username, parts.password):
        if username_or_password:
            pieces.add(username_or_password)
    expanded = pieces | {unquote(piece) for piece in pieces}
    return sorted((piece for piece in expanded if len(piece) >= MIN_SCRUBBED
                   and piece.strip("/") != ""), key=len, reverse=True)


def scrub(text: str | None, urls: str | list[str]) -> str | None:
    """`text` with every credential-bearing piece of `urls` masked (the whole URL becomes
    its redacted form)."""
    if not text:
        return text
    for url in [urls] if isinstance(urls, str) else urls:
        if not url:
            continue
        text = text.replace(url, redact_url(url))
        for piece in _secret_pieces(url):
            if piece != url and piece in text and piece not in redact_url(url):
                text = text.replace(piece, MASK)
    return text


def scrub_outcome(outcome: Outcome, url: str, *, limit: int | None = None) -> Outcome:
    """`outcome` with `url`'s secret pieces masked in its error (then cut to `limit`)."""
    if not outcome.error:
        return outcome
    scrubbed = scrub(outcome.error, url)
    if limit is not None and scrubbed is not None:
        scrubbed = scrubbed[:limit]
    return outcome if scrubbed == outcome.error else replace(outcome, error=scrubbed)
