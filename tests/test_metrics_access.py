"""GET /metrics is not open on the public port: real `publishing serve` processes answer
it on their metrics listener (METRICS_HOST:METRICS_PORT, loopback) and, on the public
port, only to `Authorization: Bearer <METRICS_TOKEN>`."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.servers import RunningServer, serve

SECRET = "metrics-access-test-secret-0123456789-abcdefghij"
SCRAPE_TOKEN = "scrape-token-" + "9" * 20
PROMETHEUS_LINE = 'publishing_deliveries{status="sent"}'


@pytest.fixture(scope="module")
def open_listener(module_database_url: str, redis_url: str,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """No METRICS_TOKEN: the metrics listener answers anyone who can reach it."""
    with serve(tmp_path_factory.mktemp("metrics-open"), database_url=module_database_url,
               redis_url=redis_url, secret_key=SECRET) as server:
        yield server


@pytest.fixture(scope="module")
def with_token(module_database_url: str, redis_url: str,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with serve(tmp_path_factory.mktemp("metrics-token"), database_url=module_database_url,
               redis_url=redis_url, secret_key=SECRET, METRICS_TOKEN=SCRAPE_TOKEN) as server:
        yield server


def _get(port: int, path: str = "/metrics", token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.get(f"http://127.0.0.1:{port}{path}", headers=headers, timeout=10,
                     trust_env=False)


def test_the_public_port_does_not_serve_metrics_without_a_token(
        open_listener: RunningServer) -> None:
    for token in (None, "anything-at-all-0123456789", SECRET):
        refused = _get(open_listener.port, token=token)
        assert refused.status_code == 404, refused.text
        assert PROMETHEUS_LINE not in refused.text
    # the rest of the public port is as before
    assert _get(open_listener.port, "/health").status_code == 200


def test_the_metrics_listener_serves_the_scrape_and_nothing_else(
        open_listener: RunningServer) -> None:
    scrape = _get(open_listener.metrics_port)
    assert scrape.status_code == 200
    assert scrape.headers["content-type"].startswith("text/plain")
    assert PROMETHEUS_LINE in scrape.text
    for path in ("/graphql", "/health", "/", "/exports/metrics", "/metrics/"):
        assert _get(open_listener.metrics_port, path).status_code == 404, path
    answer = httpx.post(f"http://127.0.0.1:{open_listener.metrics_port}/graphql",
                        json={"query": "{ me { name } }"}, timeout=10, trust_env=False)
    assert answer.status_code == 404
    assert "Metrics:   http://127.0.0.1:" in open_listener.output()


@pytest.mark.parametrize("token", [None, "wrong-token-0123456789abcdef", SCRAPE_TOKEN[:-1]])
def test_unauthenticated_scrapes_are_refused_on_both_ports(with_token: RunningServer,
                                                           token: str | None) -> None:
    for port in (with_token.port, with_token.metrics_port):
        refused = _get(port, token=token)
        assert refused.status_code == 401, (port, refused.text)
        assert refused.headers["www-authenticate"] == "Bearer"
        assert PROMETHEUS_LINE not in refused.text


def test_the_scrape_token_opens_metrics_on_both_ports(with_token: RunningServer) -> None:
    for port in (with_token.port, with_token.metrics_port):
        scrape = _get(port, token=SCRAPE_TOKEN)
        assert scrape.status_code == 200, (port, scrape.text)
        assert PROMETHEUS_LINE in scrape.text
