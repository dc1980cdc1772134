"""Opaque cursors: base64 of the keyset tuple. Clients must not build them by hand."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from domain.errors import InvalidInput


def encode_cursor(key: tuple[Any, int]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, field: str = "after") -> tuple[Any, int] | None:
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidInput("cursor is malformed", field=field) from None
    if (not isinstance(value, list) or len(value) != 2 or not isinstance(value[1], int)
            or isinstance(value[1], bool)):
        raise InvalidInput("cursor is malformed", field=field)
    return value[0], value[1]
