"""Errors of template checking and rendering.

They are `InvalidInput`s: what a template does is its author's input, so the API answers
BAD_USER_INPUT (with `field`), and the delivery engine can tell a broken template from a
provider failure by type.
"""

from __future__ import annotations

from domain.errors import InvalidInput


class TemplateError(InvalidInput):
    """A template that cannot be checked or rendered; `location` names the stored template
    and line when known (e.g. "template 'newsletter' v3, line 4")."""

    def __init__(self, message: str, *, field: str | None = "source",
                 location: str | None = None) -> None:
        super().__init__(f"{message} (in {location})" if location else message, field=field)
        self.reason = message
        self.location = location

    def located(self, location: str | None, field: str | None = None) -> TemplateError:
        """The same error with a location (and optionally another field)."""
        return type(self)(self.reason, field=field or self.field,
                          location=location or self.location)


class TemplateSecurityError(TemplateError):
    """The template reached for something the sandbox refuses (internals, files, ...)."""


class TemplateLimitExceeded(TemplateError):
    """The render ran out of time, steps or output size and was stopped."""
