"""Errors the domain raises for callers to translate (GraphQL, HTTP, CLI).

They describe what went wrong in business terms; the adapters decide how to show it.
"""

from __future__ import annotations


class DomainError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    """A value is malformed or out of range; `field` names it."""


class NotFound(DomainError):
    pass


class Conflict(DomainError):
    """The request is valid but clashes with current state (duplicate, wrong lifecycle step)."""


class Unauthenticated(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class Unavailable(DomainError):
    """Something the operation needs is not running or not wired in this process (e.g.
    the delivery runtime behind testChannel); retrying elsewhere or later may work."""


class RateLimited(DomainError):
    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def in_use(what: str, used_by: str, examples: list[str], total: int) -> Conflict:
    """The CONFLICT a delete answers when something still refers to the row: it names
    the users (a few of them, and how many there are) so the caller knows what to change
    first. `field` is `id`: the object asked for is the one that cannot go."""
    shown = ", ".join(examples)
    more = f" and {total - len(examples)} more" if total > len(examples) else ""
    return Conflict(f"{what} is used by {total} {used_by} ({shown}{more})", field="id")
