"""Output formats: which ones a channel type needs, and how each escapes `{{ values }}`.

* html: autoescaped (MarkupSafe), as Jinja does it;
* text: written as is (plain text has nothing to escape);
* json, slack, discord: the template writes JSON text; `{{ value }}` writes the value as
  the *content* of a JSON string (so it belongs between quotes), `{{ value|tojson }}`
  writes a JSON value, macros and `|safe` write raw JSON. Slack additionally escapes
  `&`, `<` and `>` (its mrkdwn control characters, which also form `<!channel>` pings).
  The result is parsed; stray commas left by empty blocks are forgiven.
"""

from __future__ import annotations

import json
from typing import Any

from domain.channels.models import ChannelType
from domain.templates.errors import TemplateError
from domain.templates.models import TemplateFormat

F = TemplateFormat

FORMATS_FOR_CHANNEL: dict[ChannelType, tuple[TemplateFormat, ...]] = {
    ChannelType.EMAIL: (F.HTML, F.TEXT),
    ChannelType.SLACK: (F.SLACK,),
    ChannelType.DISCORD: (F.DISCORD,),
    ChannelType.WEBHOOK: (F.JSON,),
    ChannelType.RSS: (),
}
JSON_FORMATS = frozenset({F.JSON, F.SLACK, F.DISCORD})


def default_format(channel_type: ChannelType) -> TemplateFormat | None:
    formats = FORMATS_FOR_CHANNEL[channel_type]
    return formats[0] if formats else None


class RawJSON(str):
    """Text a JSON-format template writes unescaped (from tojson, safe, macros)."""

    __slots__ = ()


def json_string_content(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)[1:-1]


def slack_escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def json_default(value: Any) -> Any:
    """How tojson writes what JSON has no type for (dates as ISO 8601, the rest as text)."""
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return isoformat()
    return str(value)


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=json_default)


def _drop_stray_commas(text: str) -> str:
    """Remove commas JSON does not allow (before ] or }, after [ or {, doubled), outside
    strings. Layouts join blocks with commas; a block a child template leaves empty
    should not break the document."""
    out: list[str] = []
    in_string = escaped = pending_comma = False
    last = ""
    for char in text:
        if in_string:
            out.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == ",":
            if last not in ("", "[", "{", ","):
                pending_comma = True
            continue
        if char.isspace():
            out.append(char)
            continue
        if char in "]}":
            pending_comma = False
        elif pending_comma:
            out.append(",")
            pending_comma = False
        out.append(char)
        last = char
        if char == '"':
            in_string = True
    return "".join(out)


def parse_json_output(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return json.loads(_drop_stray_commas(text))
    except ValueError as error:
        line = getattr(error, "lineno", None)
        column = getattr(error, "colno", None)
        where = f" at output line {line}, column {column}" if line else ""
        message = getattr(error, "msg", str(error))
        raise TemplateError(f"template output is not valid JSON{where}: {message}") from None
