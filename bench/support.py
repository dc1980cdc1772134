"""Small helpers every bench script shares (arguments, logging, URLs, process CPU)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit, urlunsplit


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {value}")
    return value


def machine_busy() -> float:
    """CPU seconds all cores have spent busy since boot (Linux /proc/stat: every state but
    idle and iowait)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def busy_share(seconds: float = 1.0) -> float:
    """The share of all cores busy over the next `seconds` (blocks): run before a bench
    starts anything, it tells how much of the machine other processes are using."""
    before, started = machine_busy(), time.perf_counter()
    time.sleep(seconds)
    return (machine_busy() - before) / (time.perf_counter() - started) / (os.cpu_count() or 1)


def run_timed(main: Coroutine[Any, Any, int]) -> NoReturn:
    """Run a bench's main coroutine, print its total time, exit with its status."""
    started = time.perf_counter()
    status = asyncio.run(main)
    print(f"total {time.perf_counter() - started:.1f} s", flush=True)
    sys.exit(status)
