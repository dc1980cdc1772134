"""The Starlette application: lifespan wiring and the small non-GraphQL endpoints."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator

from arq import create_pool
from arq.connections import RedisSettings
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from tortoise import Tortoise

from app.console import CONSOLE_ROUTES
from app.db import close_db, init_db
from app.exports import EXPORT_ROUTES
from app.feeds import FEED_ROUTES
from app.graphiql import static_mount
from app.graphql import GraphQLApp
from app.imports import IMPORT_ROUTES
from app.intelligence import open_intelligence
from app.metrics import METRICS_PATH, MetricsListenerOnly, metrics
from app.outbox import OUTBOX_ROUTES
from app.preferences import PREFERENCES_ROUTES
from app.provider_events import PROVIDER_EVENT_ROUTES
from app.runtime import open_runtime, worker_hooks
from app.settings import Settings
from app.tracking import TRACKING_ROUTES, Tracking, metrics_pusher
from app.unsubscribe import UNSUBSCRIBE_ROUTES
from domain.deliveries.models import Lane
from domain.engagement.buffer import EventBuffer
from domain.flags.book import FLAGS
from domain.links.urls import LinkBuilder
from domain.realtime.hub import EventHub
from workers.queue import ArqDeliveryQueue
from workers.settings import build_worker

logger = logging.getLogger(__name__)

GC_GEN0_THRESHOLD = 20_000


async def health(request: Request) -> JSONResponse:
    """Liveness plus dependency checks, so a load balancer drops a process that lost its
    database or Redis."""
    checks: dict[str, str] = {}
    try:
        await Tortoise.get_connection("default").execute_query("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:  # report, never raise: this endpoint must answer
        checks["database"] = f"error: {type(error).__name__}"
    try:
        await request.app.state.redis.ping()
        checks["redis"] = "ok"
    except Exception as error:
        checks["redis"] = f"error: {type(error).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JSONResponse({"status": "ok" if healthy else "degraded", "checks": checks},
                        status_code=200 if healthy else 503)


async def index(request: Request) -> PlainTextResponse:
    return PlainTextResponse("publishing service: GraphQL at /graphql, console at /console/, "
                             "health at /health\n")


def _tune_garbage_collector() -> None:
    """A GraphQL page allocates thousands of short-lived objects per request; with the
    default thresholds CPython ran full collections several times a second under load
    (half the page's server time in bench/graphql_api.py). Freezing the start-up heap
    and collecting the young generation less often removes that cost."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_GEN0_THRESHOLD, 20, 20)


def create_app(settings: Settings, with_worker: bool = False) -> Starlette:
    """`settings` must carry concrete DATABASE_URL and REDIS_URL (embedded ones resolved).

    `with_worker` runs an arq worker inside this process (the laptop default), sharing
    the API's database pool; production runs workers as their own processes."""
    if not settings.database_url or not settings.redis_url:
        raise ValueError("create_app needs resolved database_url and redis_url")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await init_db(settings.database_url, settings.db_pool_min, settings.db_pool_max)
        app.state.redis = Redis.from_url(settings.redis_url)
        arq_pool = await create_pool(RedisSettings.from_dsn(settings.redis_url))
        graphql.delivery_queue = ArqDeliveryQueue(arq_pool, pumps=settings.delivery_pumps)
        graphql.redis = app.state.redis
        # pub/sub needs its own connection: a subscribed connection can do nothing else
        events = EventHub(Redis.from_url(settings.redis_url), prefix=settings.events_prefix)
        events.start()
        graphql.events = events
        # principal changes made by any process drop this process's cached rows
        graphql.principals.attach(events)
        # flag changes too (workers rely on the cache's short lifetime alone)
        FLAGS.ttl = settings.flag_cache_seconds
        FLAGS.attach(events)
        app.state.delivery_queue = graphql.delivery_queue
        # testChannel sends through the bulk lane's limiter and breakers, as deliveries do
        tester = open_runtime(settings, Lane.BULK)
        graphql.channel_tester = tester.engine
        intelligence = open_intelligence(settings, app.state.redis)
        graphql.intelligence = intelligence.service
        tracking.buffer.on_flush = metrics_pusher(app.state.redis,
                                                  events_prefix=settings.events_prefix)
        tracking.buffer.start()
        _tune_garbage_collector()
        workers = []
        if with_worker:
            # one worker per queue, so an alert never waits behind a bulk send
            for queue in ("default", "alerts"):
                startup, shutdown = worker_hooks(settings, manage_database=False, queue=queue)
                workers.append(build_worker(redis_url=settings.redis_url, queue=queue,
                                            on_startup=startup, on_shutdown=shutdown,
                                            max_jobs=settings.worker_max_jobs))
        worker_tasks = [asyncio.create_task(worker.async_run()) for worker in workers]
        try:
            yield
        finally:
            for worker, task in zip(workers, worker_tasks, strict=True):
                await worker.close()
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await tracking.buffer.stop()  # write what opens and clicks are still buffered
            graphql.channel_tester = None
            await tester.close()
            graphql.intelligence = None
            await intelligence.close()
            graphql.principals.detach()
            FLAGS.detach()
            await events.stop()
            await events.redis.aclose()
            await arq_pool.aclose()
            await app.state.redis.aclose()
            await close_db()

    graphql = GraphQLApp(settings)
    links = LinkBuilder(settings.key_ring(), settings.public_base_url)
    tracking = Tracking(links, EventBuffer())
    app = Starlette(
        routes=[
            Route("/", index),
            Route("/health", health),
            Route(METRICS_PATH, metrics),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            static_mount(),  # GraphiQL's scripts and styles
            *CONSOLE_ROUTES,  # the web console (app/console/)
            *FEED_ROUTES,
            *UNSUBSCRIBE_ROUTES,
            *PREFERENCES_ROUTES,
            *TRACKING_ROUTES,
            *EXPORT_ROUTES,
            *IMPORT_ROUTES,
            *PROVIDER_EVENT_ROUTES,
            # development only: email stays here instead of going to SES (app/outbox.py)
            *(OUTBOX_ROUTES if settings.outbox_enabled else []),
        ],
        lifespan=lifespan,
        middleware=[Middleware(MetricsListenerOnly, metrics_port=settings.metrics_port)],
    )
    app.state.settings = settings
    app.state.principals = graphql.principals  # /exports checks callers like the API
    app.state.links = links  # signs and verifies the links in messages
    app.state.tracking = tracking
    return app
