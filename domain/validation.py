"""Small input checks shared by services; each failure names the offending field."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from email_validator import EmailNotValidError, validate_email

from domain.errors import InvalidInput

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
MAX_ATTRIBUTES_BYTES = 16_384


def require_text(value: str, field: str, *, max_length: int, allow_empty: bool = False) -> str:
    value = value.strip()
    if not value and not allow_empty:
        raise InvalidInput(f"{field} must not be empty", field=field)
    if len(value) > max_length:
        raise InvalidInput(f"{field} must be at most {max_length} characters", field=field)
    return value


def optional_text(value: str | None, field: str, *, max_length: int) -> str:
    if value is None:
        return ""
    if len(value) > max_length:
        raise InvalidInput(f"{field} must be at most {max_length} characters", field=field)
    return value


def normalise_email(value: str, field: str = "email") -> str:
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidInput(f"{field} is not a valid email address: {error}", field=field) from None
    return result.normalized


def require_slug(value: str, field: str = "slug") -> str:
    if not SLUG_PATTERN.match(value):
        raise InvalidInput(
            f"{field} must be lowercase letters, digits and dashes (max 100)", field=field
        )
    return value


def require_timezone(value: str, field: str = "timezone") -> str:
    if value not in available_timezones():
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(f"{field} is not a known IANA time zone", field=field) from None
    return value


def require_json_object(value: Any, field: str, *, max_bytes: int = MAX_ATTRIBUTES_BYTES
                        ) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput(f"{field} must be a JSON object", field=field)
    if len(json.dumps(value)) > max_bytes:
        raise InvalidInput(f"{field} must be at most {max_bytes} bytes of JSON", field=field)
    return value


def require_http_url(value: str, field: str, *, https_only: bool = True) -> str:
    parts = urlsplit(value)
    allowed = {"https"} if https_only else {"https", "http"}
    if parts.scheme not in allowed or not parts.hostname:
        scheme = "https" if https_only else "http(s)"
        raise InvalidInput(f"{field} must be an absolute {scheme} URL", field=field)
    if len(value) > 2000:
        raise InvalidInput(f"{field} must be at most 2000 characters", field=field)
    return value
