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


#: plain ASCII addresses (dot-atom local part, LDH labels, alphabetic TLD) that
#: email_validator accepts unchanged but for the domain's case: bulk imports check
#: hundreds of thousands of them, and email_validator costs ~60 µs each
_COMMON_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})")
_SPECIAL_USE_TLDS = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})


def normalise_email_quickly(value: str, field: str = "email") -> str:
    """The same answer as `normalise_email`, taking a shortcut for the common case: an
    address of plain ASCII parts, no IDNA (`--`), no special-use domain and within the
    length limits is normalised by lower-casing the domain; anything else goes through
    email_validator."""
    value = value.strip()
    match = _COMMON_EMAIL.fullmatch(value)
    if match is not None and len(value) <= 254 and "--" not in match.group(1):
        domain = match.group(1).lower()
        local = value[:match.start(1) - 1]
        if len(local) <= 64 and domain.rsplit(".", 1)[1] not in _SPECIAL_USE_TLDS:
            return f"{local}@{domain}"
    return normalise_email(value, field)


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
