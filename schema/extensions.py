"""Schema extensions: caches, query limits and the one place errors are shaped.

Each is a class (not an instance) so Strawberry makes a fresh one per operation; the
parameterised ones are tiny subclasses that bind their limits.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

from graphql import GraphQLError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as create_alias_validator
from strawberry.extensions.query_depth_limiter import (
    create_validator as create_depth_validator,
)

from domain.errors import (
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RateLimited,
    Unauthenticated,
    Unavailable,
)

logger = logging.getLogger("publishing.graphql")

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 3_000
CACHE_SIZE = 512

ERROR_CODES: dict[type[DomainError], str] = {
    InvalidInput: "BAD_USER_INPUT",
    NotFound: "NOT_FOUND",
    Conflict: "CONFLICT",
    Unauthenticated: "UNAUTHENTICATED",
    PermissionDenied: "FORBIDDEN",
    RateLimited: "RATE_LIMITED",
    Unavailable: "UNAVAILABLE",
}


class BoundedParserCache(ParserCache):
    def __init__(self) -> None:
        super().__init__(maxsize=CACHE_SIZE)

    def on_parse(self) -> Iterator[None]:
        """A document that does not parse (syntax, token limit) is left unset: Strawberry
        then parses it itself inside the operation, so ApiErrors gives the error its code.
        Raised from here, the error would skip every extension's on_operation."""
        context = self.execution_context
        try:
            context.graphql_document = self.cached_parse_document(context.query,
                                                                  **context.parse_options)
        except GraphQLError:
            context.graphql_document = None
        yield


class BoundedValidationCache(ValidationCache):
    def __init__(self) -> None:
        super().__init__(maxsize=CACHE_SIZE)


# The rule classes are built once: ValidationCache keys on the rules, and Strawberry's
# limiters would build new classes per request, so the cache would never hit.
_DEPTH_RULE = create_depth_validator(MAX_DEPTH, None)
_ALIAS_RULE = create_alias_validator(MAX_ALIASES)


class QueryLimits(AddValidationRules):
    """Depth and alias limits, as validation rules (cached with the validation result)."""

    def __init__(self) -> None:
        super().__init__([_DEPTH_RULE, _ALIAS_RULE])


class TokenLimit(MaxTokensLimiter):
    def __init__(self) -> None:
        super().__init__(max_token_count=MAX_TOKENS)


class FreshPrincipal(SchemaExtension):
    """Over a websocket one context serves every operation of the connection, so the
    caller's principal (deactivation, role, revoked tokens) is read again before each
    operation. HTTP contexts read it when they are built, once per request."""

    async def on_operation(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        if getattr(context, "is_websocket", False):
            await context.refresh_actor()
        yield


def _code_for(error: DomainError) -> str:
    for cls in type(error).__mro__:
        if cls in ERROR_CODES:
            return ERROR_CODES[cls]
    return "BAD_USER_INPUT"


def _copy(error: GraphQLError, message: str, extensions: dict[str, object]) -> GraphQLError:
    return GraphQLError(message, nodes=error.nodes, source=error.source,
                        positions=error.positions, path=error.path, extensions=extensions)


class ApiErrors(MaskErrors):
    """Domain errors keep their message and gain `code` (and `field`); request errors
    (syntax, validation, limits, bad variables) are the client's: BAD_USER_INPUT; anything
    else is a bug: logged with the request id and masked."""

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [self._format(error) for error in errors]

    def _format(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        while isinstance(original, GraphQLError) and original.original_error is not None:
            original = original.original_error
        if isinstance(original, DomainError):
            extensions: dict[str, object] = {"code": _code_for(original)}
            if original.field:
                extensions["field"] = original.field
            if isinstance(original, RateLimited) and original.retry_after is not None:
                extensions["retryAfter"] = original.retry_after
            # an error may carry more for the client (e.g. the failed quality checks)
            extensions.update(getattr(original, "extensions", None) or {})
            return _copy(error, original.message, extensions)
        if isinstance(original, StrawberryInputCoercionError):
            # A value the client sent that Strawberry cannot convert (e.g. a malformed ID).
            return _copy(error, error.message, {"code": "BAD_USER_INPUT"})
        if original is None or error.path is None:
            extensions = {"code": "BAD_USER_INPUT", **(error.extensions or {})}
            return _copy(error, error.message, extensions)
        request_id = getattr(self.execution_context.context, "request_id", None)
        logger.error("unexpected error at %s (request %s)", ".".join(map(str, error.path)),
                     request_id, exc_info=original)
        return _copy(error, "Internal server error",
                     {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id})
