"""The GraphQL endpoint: Strawberry's ASGI view with our context and authentication.

HTTP callers send `Authorization: Bearer <jwt>`; websocket clients put the same value
(or just the token) in the `connection_init` payload under `Authorization` or `token`.
A bad websocket token closes the connection with 4403 before any operation runs.

The token says who signed in; the principal table says who that is now (role,
deactivated, tokens revoked), read through this process's PrincipalDirectory for every
request, every websocket operation and every subscription event.
"""

from __future__ import annotations

import re
from typing import Any

from redis.asyncio import Redis
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError

from app.auth import InvalidToken
from app.graphiql import page_response
from app.identity import credential
from app.settings import Settings
from domain.channels.ssrf import TargetResolver
from domain.deliveries.queue import DeliveryQueue
from domain.principals.directory import PrincipalDirectory
from domain.realtime.hub import EventHub
from resolvers.context import RequestContext
from resolvers.dataloaders import Loaders
from schema.root import schema

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _bearer(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    scheme, _, token = value.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token else value.strip()


class GraphQLApp(GraphQL):
    def __init__(self, settings: Settings) -> None:
        super().__init__(schema, graphql_ide="graphiql", allowed_origins=settings.allowed_origins,
                         keep_alive=True, keep_alive_interval=15)
        self.secret_key = settings.key_ring()  # channel secrets, preview links
        self.token_keys = settings.token_keys()
        self.delivery_queue: DeliveryQueue | None = None  # set by the app's lifespan
        self.redis: Redis | None = None  # set by the app's lifespan
        self.events: EventHub | None = None  # set by the app's lifespan
        self.events_prefix = settings.events_prefix
        self.target_resolver = TargetResolver(allow_private=settings.allow_private_targets,
                                              own_prefixes=settings.own_target_prefixes())
        self.endpoints = settings.provider_endpoints()
        self.public_base_url = settings.public_base_url
        #: a DeliveryEngine for testChannel, set by the app's lifespan
        self.channel_tester: Any = None
        #: the IntelligenceService (analyzeContent), set by the app's lifespan
        self.intelligence: Any = None
        #: the principal table as this process sees it; the lifespan attaches the hub
        self.principals = PrincipalDirectory()

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL from this app's own files (app/graphiql.py): it works offline."""
        return page_response(request.scope.get("root_path", ""))

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket
                          ) -> RequestContext:
        is_websocket = isinstance(request, WebSocket)
        context = RequestContext(secret_key=self.secret_key, is_websocket=is_websocket,
                                 loaders=Loaders(cache=not is_websocket), request=request,
                                 response=response, queue=self.delivery_queue,
                                 resolver=self.target_resolver, redis=self.redis,
                                 events=self.events, events_prefix=self.events_prefix,
                                 endpoints=self.endpoints,
                                 channel_tester=self.channel_tester,
                                 intelligence=self.intelligence,
                                 public_base_url=self.public_base_url,
                                 principals=self.principals)
        supplied_id = request.headers.get("x-request-id", "")
        if _REQUEST_ID.match(supplied_id):
            context.request_id = supplied_id
        if isinstance(response, Response):
            response.headers["x-request-id"] = context.request_id
        if not is_websocket:
            await self._authenticate(context, request.headers.get("authorization"))
        return context

    async def _authenticate(self, context: RequestContext, header: object) -> None:
        token = _bearer(header)
        if token is None:
            return
        try:
            context.credential = credential(self.token_keys, token)
        except InvalidToken as error:
            context.auth_error = f"invalid token: {error}"
            return
        context.token_expires_at = context.credential.expires_at
        await context.refresh_actor()

    async def on_ws_connect(self, context: RequestContext) -> Any:
        params = context.connection_params or {}
        token = _bearer(params.get("Authorization") or params.get("authorization")
                        or params.get("token"))
        if token is None:
            raise ConnectionRejectionError({"message": "a token is required in connection_init"})
        await self._authenticate(context, token)
        if context.actor is None:
            raise ConnectionRejectionError({"message": context.auth_error})
        return await super().on_ws_connect(context)
