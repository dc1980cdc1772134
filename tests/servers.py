"""Real `publishing serve` processes for end-to-end tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CLEARED = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_ORIGINS", "JWT_PUBLIC_KEY",
           "JWT_PRIVATE_KEY", "PORT", "HOST", "METRICS_HOST", "METRICS_PORT", "METRICS_TOKEN"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class RunningServer:
    port: int
    log: Path
    process: subprocess.Popen[str]
    #: the metrics listener (METRICS_PORT) on 127.0.0.1
    metrics_port: int = 0
    #: stderr (the log lines) on its own, when `serve(..., split_stderr=True)`
    errors: Path | None = None

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/graphql"

    def output(self) -> str:
        text = self.log.read_text(errors="replace")
        return text + self.errors.read_text(errors="replace") if self.errors else text


@contextmanager
def serve(log_dir: Path, *, database_url: str, redis_url: str, secret_key: str,
          worker: bool = False, split_stderr: bool = False, demo: bool = False,
          **env_overrides: str) -> Iterator[RunningServer]:
    """`publishing serve` on a free port (`demo`: with the demo data loaded first)."""
    port = free_port()
    log = log_dir / f"serve-{port}.log"
    errors = log_dir / f"serve-{port}.err" if split_stderr else None
    env = {key: value for key, value in os.environ.items() if key not in CLEARED}
    # a free port of its own: the default one would clash between servers and test runs
    env.update(DATABASE_URL=database_url, REDIS_URL=redis_url, SECRET_KEY=secret_key,
               ENVIRONMENT="test", METRICS_PORT=str(free_port()), **env_overrides)
    command = [sys.executable, "-m", "app.cli", "serve", "--port", str(port)]
    if not demo:
        command.append("--no-demo")
    if not worker:
        command.append("--no-worker")
    with log.open("w") as sink, (errors or log).open("a") as error_sink:
        process = subprocess.Popen(command, stdout=sink,
                                   stderr=error_sink if errors else subprocess.STDOUT,
                                   text=True, env=env, cwd=ROOT)
    server = RunningServer(port=port, log=log, process=process,
                           metrics_port=int(env["METRICS_PORT"]), errors=errors)
    with running(server, up_within=90):
        yield server


@contextmanager
def running(server: RunningServer, *, up_within: float) -> Iterator[RunningServer]:
    """Wait until the started server answers /health (failing with its output if it exits
    or takes longer than `up_within` seconds), then stop it with SIGTERM on the way out."""
    process = server.process
    try:
        deadline = time.monotonic() + up_within
        while True:
            assert process.poll() is None, f"server exited early:\n{server.output()}"
            try:
                if httpx.get(f"{server.http_url}/health", timeout=2,
                             trust_env=False).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"server did not come up:\n{server.output()}"
            time.sleep(0.2)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


#: the venv's console script, as `make run` calls it
PUBLISHING = Path(sys.executable).with_name("publishing")


def fresh_environment(workdir: Path, port: int, **services: str) -> dict[str, str]:
    """The environment of a fresh clone: development defaults, nothing configured but a
    port (`PORT`, read by `serve` and `demo` alike) and, when given, the machine's
    DATABASE_URL/REDIS_URL; without them `serve` starts embedded ones under
    `workdir/var`."""
    env = {key: value for key, value in os.environ.items()
           if key not in CLEARED | {"ENVIRONMENT", "OUTBOX", "PUBLIC_BASE_URL", "LOG_FORMAT",
                                    "SES_ENDPOINT_URL", "ALLOW_PRIVATE_TARGETS", "VAR_DIR"}}
    env.update(PORT=str(port), METRICS_PORT="0", VAR_DIR=str(workdir / "var"), **services)
    return env


@contextmanager
def serve_fresh(workdir: Path, env: dict[str, str]) -> Iterator[RunningServer]:
    """`publishing serve` as `make run` starts it (demo data, in-process worker), run in
    `workdir`; stdout and stderr go to `workdir/serve.log`. Stopped with SIGTERM."""
    port = int(env["PORT"])
    log = workdir / "serve.log"
    with log.open("w") as sink:
        process = subprocess.Popen([str(PUBLISHING), "serve"], stdout=sink,
                                   stderr=subprocess.STDOUT, text=True, env=env, cwd=workdir)
    server = RunningServer(port=port, log=log, process=process)
    with running(server, up_within=120):  # embedded PostgreSQL's initdb on a loaded box
        yield server
