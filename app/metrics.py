"""GET /metrics in the Prometheus text format.

Every API process can answer for the whole deployment: queue depths come from Redis,
delivery counts from PostgreSQL, and send counters and latencies from the Redis hashes
all workers add to (domain.deliveries.stats). The figures are gathered asynchronously
first, then rendered by prometheus-client through a one-off collector.

A scrape costs database and Redis round trips and tells a lot about the deployment, so
it is not open on the public port: `publishing serve` answers it on its own listener
(METRICS_HOST:METRICS_PORT, loopback by default), where nothing else is served, and on
the public port only to `Authorization: Bearer <METRICS_TOKEN>` (404 when no token is
set, 401 without the right one). With METRICS_TOKEN set, the metrics listener asks for
it too.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from domain.deliveries.models import DeliveryStatus
from domain.deliveries.queue import DeliveryQueue, QueueDepth
from domain.deliveries.service import status_counts
from domain.deliveries.stats import DeliveryStats, StatsSnapshot
from domain.intelligence.stats import IntelligenceSnapshot, IntelligenceStats


@dataclass(frozen=True, slots=True)
class _Figures:
    depths: list[QueueDepth]
    statuses: dict[DeliveryStatus, int]
    stats: StatsSnapshot
    intelligence: IntelligenceSnapshot


class _SnapshotCollector(Collector):
    def __init__(self, figures: _Figures) -> None:
        self.figures = figures

    def collect(self) -> Iterator[Metric]:
        jobs = GaugeMetricFamily("publishing_queue_jobs", "Jobs per queue and state",
                                 labels=["queue", "state"])
        for depth in self.figures.depths:
            jobs.add_metric([depth.queue, "ready"], depth.ready)
            jobs.add_metric([depth.queue, "deferred"], depth.deferred)
            jobs.add_metric([depth.queue, "in_progress"], depth.in_progress)
        yield jobs
        deliveries = GaugeMetricFamily("publishing_deliveries", "Deliveries by status",
                                       labels=["status"])
        for status in DeliveryStatus:
            deliveries.add_metric([status.value], self.figures.statuses.get(status, 0))
        yield deliveries
        sent = CounterMetricFamily("publishing_deliveries_sent", "Messages handed over",
                                   labels=["channel_type"])
        for channel_type, count in sorted(self.figures.stats.sent.items()):
            sent.add_metric([channel_type], count)
        yield sent
        errors = CounterMetricFamily("publishing_delivery_errors", "Failed attempts by class",
                                     labels=["error_class"])
        for name, count in sorted(self.figures.stats.errors.items()):
            errors.add_metric([name], count)
        yield errors
        stats = self.figures.stats
        cumulative = sorted(stats.latency_buckets.items())
        buckets = [(str(bound), count) for bound, count in cumulative]
        buckets.append(("+Inf", stats.latency_count))
        latency = HistogramMetricFamily("publishing_send_latency_seconds",
                                        "Time a provider took to answer a send")
        latency.add_metric([], buckets, sum_value=stats.latency_sum)
        yield latency
        yield from _intelligence_metrics(self.figures.intelligence)


def _intelligence_metrics(figures: IntelligenceSnapshot) -> Iterator[Metric]:
    cache = CounterMetricFamily("publishing_analysis_cache",
                                "Content analyses served from the cache (hit) or computed "
                                "(miss)", labels=["result"])
    cache.add_metric(["hit"], figures.cache_hits)
    cache.add_metric(["miss"], figures.cache_misses)
    yield cache
    scored = CounterMetricFamily("publishing_analysis_scored",
                                 "Content analyses computed, by source: remote, fallback "
                                 "(local because the remote failed), local (no remote)",
                                 labels=["source"])
    for source, count in sorted(figures.scored.items()):
        scored.add_metric([source], count)
    yield scored
    errors = CounterMetricFamily("publishing_analysis_remote_errors",
                                 "Remote AI service failures by kind", labels=["kind"])
    for kind, count in sorted(figures.remote_errors.items()):
        errors.add_metric([kind], count)
    yield errors


METRICS_PATH = "/metrics"


def _listener_port(scope: Scope) -> int | None:
    server = scope.get("server")
    return server[1] if server else None


def on_metrics_listener(scope: Scope, metrics_port: int) -> bool:
    return bool(metrics_port) and _listener_port(scope) == metrics_port


def _token_matches(request: Request, expected: str) -> bool:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        token.strip().encode(), expected.encode())


def _refusal(request: Request) -> Response | None:
    """None when this scrape may be answered, else the answer that refuses it."""
    settings = request.app.state.settings
    token = settings.metrics_token
    if on_metrics_listener(request.scope, settings.metrics_port) and not token:
        return None
    if not token:
        return PlainTextResponse("Not Found", status_code=404)
    if not _token_matches(request, token):
        return PlainTextResponse("send Authorization: Bearer <METRICS_TOKEN>\n",
                                 status_code=401, headers={"www-authenticate": "Bearer"})
    return None


class MetricsListenerOnly:
    """On the metrics listener only /metrics is served (no API, no health, no feeds);
    everything else there is a 404. The public port is untouched."""

    def __init__(self, app: ASGIApp, metrics_port: int) -> None:
        self.app = app
        self.metrics_port = metrics_port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] in ("http", "websocket")
                and on_metrics_listener(scope, self.metrics_port)
                and scope.get("path") != METRICS_PATH):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def metrics(request: Request) -> Response:
    if (refused := _refusal(request)) is not None:
        return refused
    queue: DeliveryQueue | None = getattr(request.app.state, "delivery_queue", None)
    figures = _Figures(
        depths=await queue.depths() if queue is not None else [],
        statuses=await status_counts(),
        stats=await DeliveryStats(request.app.state.redis).snapshot(),
        intelligence=await IntelligenceStats(request.app.state.redis).snapshot(),
    )
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_SnapshotCollector(figures))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
