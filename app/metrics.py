"""GET /metrics in the Prometheus text format.

Every API process can answer for the whole deployment: queue depths come from Redis,
delivery counts from PostgreSQL, and send counters and latencies from the Redis hashes
all workers add to (domain.deliveries.stats). The figures are gathered asynchronously
first, then rendered by prometheus-client through a one-off collector.
"""

from __future__ import annotations

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
from starlette.responses import Response

from domain.deliveries.models import DeliveryStatus
from domain.deliveries.queue import DeliveryQueue, QueueDepth
from domain.deliveries.service import status_counts
from domain.deliveries.stats import DeliveryStats, StatsSnapshot


@dataclass(frozen=True, slots=True)
class _Figures:
    depths: list[QueueDepth]
    statuses: dict[DeliveryStatus, int]
    stats: StatsSnapshot


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


async def metrics(request: Request) -> Response:
    queue: DeliveryQueue | None = getattr(request.app.state, "delivery_queue", None)
    figures = _Figures(
        depths=await queue.depths() if queue is not None else [],
        statuses=await status_counts(),
        stats=await DeliveryStats(request.app.state.redis).snapshot(),
    )
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_SnapshotCollector(figures))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
