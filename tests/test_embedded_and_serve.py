"""`publishing serve` comes up with or without configured services, and embedded servers
left behind by a killed run are reused or replaced."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.embedded import EmbeddedPostgres, EmbeddedRedis

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """Unix socket paths must stay short; pytest's tmp_path can be long."""
    with tempfile.TemporaryDirectory(prefix="pub-") as directory:
        yield Path(directory)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").exists() and " Z " not in Path(
        f"/proc/{pid}/stat").read_text()


def _run_and_kill(code: str) -> str:
    """Run `code` in a child that prints one line, then SIGKILL it (no cleanup runs)."""
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                             cwd=ROOT)
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    return line


def test_embedded_redis_left_by_killed_run_is_replaced(short_tmp: Path) -> None:
    stale_pid = int(_run_and_kill(
        "from pathlib import Path; from app.embedded import EmbeddedRedis\n"
        f"r = EmbeddedRedis(Path({str(short_tmp)!r})); r.start()\n"
        "print(r._process.pid, flush=True)\n"
        "import time; time.sleep(60)"
    ))
    assert _pid_alive(stale_pid)
    redis_server = EmbeddedRedis(short_tmp)
    url = redis_server.start()
    try:
        assert not _pid_alive(stale_pid)
        import redis

        assert redis.Redis.from_url(url).ping()
    finally:
        redis_server.stop()
    assert not redis_server.socket_path.exists()


def test_embedded_postgres_left_by_killed_run_is_reused(short_tmp: Path) -> None:
    stale_pid = int(_run_and_kill(
        "from pathlib import Path; from app.embedded import EmbeddedPostgres\n"
        f"p = EmbeddedPostgres(Path({str(short_tmp)!r})); p.start()\n"
        "print(p._server.get_pid(), flush=True)\n"
        "import time; time.sleep(60)"
    ))
    assert _pid_alive(stale_pid)
    postgres = EmbeddedPostgres(short_tmp)
    postgres.start()
    try:
        assert postgres._server is not None
        assert postgres._server.get_pid() == stale_pid
    finally:
        postgres.stop()
    deadline = time.monotonic() + 10
    while _pid_alive(stale_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _pid_alive(stale_pid)


def _serve(env: dict[str, str], port: int) -> tuple[subprocess.Popen[str], list[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT,
    )
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip())
        if line.startswith("Token:"):
            break
    for _ in range(100):
        try:
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    return process, lines


def _stop(process: subprocess.Popen[str]) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=30)


def _environment(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["METRICS_PORT"] = str(_free_port())  # the default one would clash between runs
    env.update(overrides)
    return env


def test_serve_against_configured_services(scratch_database_url: str, redis_url: str) -> None:
    port = _free_port()
    process, lines = _serve(_environment(DATABASE_URL=scratch_database_url,
                                         REDIS_URL=redis_url, ENVIRONMENT="development",
                                         OUTBOX="auto"), port)
    try:
        assert any(line.startswith(f"GraphiQL:  http://127.0.0.1:{port}/graphql")
                   for line in lines), lines
        assert any(line.startswith('Token:     {"Authorization": "Bearer ey') for line in lines)
        assert any(line.startswith("Demo data: loaded") for line in lines), lines
        health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)
        assert health.status_code == 200
        assert health.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}
        # development without SES_ENDPOINT_URL: email goes to the app's own outbox
        assert any(line.startswith(f"Outbox:    http://127.0.0.1:{port}/outbox")
                   for line in lines), lines
        outbox = httpx.get(f"http://127.0.0.1:{port}/outbox", timeout=5)
        assert outbox.status_code == 200 and "<h1>Outbox</h1>" in outbox.text
    finally:
        assert _stop(process) == 0


def test_serve_with_embedded_services_and_clean_stop(short_tmp: Path) -> None:
    port = _free_port()
    process, lines = _serve(_environment(VAR_DIR=str(short_tmp)), port)
    try:
        health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)
        assert health.status_code == 200, lines
        assert health.json()["checks"] == {"database": "ok", "redis": "ok"}
    finally:
        assert _stop(process) == 0
    assert not (short_tmp / "postgres" / "postmaster.pid").exists()
    assert not (short_tmp / "redis.sock").exists()
