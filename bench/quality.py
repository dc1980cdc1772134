"""What the quality checks add to an alert: createAlert's domain path with its blocking
checks, against the same path's own cost without them, in the same run.

Why: alerts must go out in seconds, and they run the blocking rule checks (no analysis,
no network). This script measures, on a scratch database (``publishing_bench_<random>``,
dropped at the end) with N recent publications (the near-duplicate window):

* ``check_alert`` alone (the built-in policy: unsafe links statically, the unsubscribe
  link in the rendered email) for an alert going to email, Slack, Discord and a webhook;
* the same with ``near_duplicate`` made blocking (shingle similarity against every recent
  publication: the most expensive check an admin can put on the alert path);
* ``create_alert`` end to end (validation, checks, inserts, audit).

Each figure is the median of R rounds (wall time). Prints the checks' share of
``create_alert`` and the near-duplicate variant's ratio to the built-in policy.

Usage, from the repository root::

    python bench/quality.py [--recent 500] [--rounds 30]
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import random  # noqa: E402
import secrets  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Awaitable, Callable, Sequence  # noqa: E402

from app.db import close_db, drop_database, ensure_database, init_db  # noqa: E402
from app.migrations import upgrade  # noqa: E402
from bench.render import find_server  # noqa: E402
from bench.support import log, positive, with_database  # noqa: E402
from domain.alerts.service import create_alert  # noqa: E402
from domain.channels.models import Channel, ChannelType  # noqa: E402
from domain.channels.ssrf import TargetResolver  # noqa: E402
from domain.intelligence.checks.duplicates import shingles  # noqa: E402
from domain.intelligence.checks.runner import CheckEnvironment  # noqa: E402
from domain.intelligence.gating import check_alert  # noqa: E402
from domain.intelligence.quality_models import QualityPolicy  # noqa: E402
from domain.principals.actor import SYSTEM  # noqa: E402
from domain.publications.models import Priority, Publication  # noqa: E402


def text(seed: int, words: int = 120) -> str:
    """Distinct pseudo-words per seed, so no two texts are near-duplicates."""
    rng = random.Random(seed)
    return " ".join(f"w{rng.randrange(50_000)}" for _ in range(words))


async def median_ms(action: Callable[[], Awaitable[object]], rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        await action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


async def benchmark(args: argparse.Namespace) -> int:
    await Publication.bulk_create([Publication(title=f"Item {i}", body=text(i))
                                   for i in range(args.recent)])
    channels = [await Channel.create(name=kind.value, type=kind,
                                     config={"url": "https://example.com/hook"})
                for kind in (ChannelType.EMAIL, ChannelType.SLACK, ChannelType.DISCORD,
                             ChannelType.WEBHOOK)]
    environment = CheckEnvironment(TargetResolver(allow_private=False), network=False)
    body = ("Service is degraded in region eu-west; see https://status.example.com/x for "
            "updates.\n\n" + text(args.recent + 1, 80))

    async def checks() -> object:
        return await check_alert(title="Outage", summary="", body=body, priority="high",
                                 topic_ids=[], channels=channels, environment=environment)

    counter = iter(range(1_000_000))

    async def alert() -> object:
        return await create_alert(SYSTEM, title=f"Outage {next(counter)}", body=body,
                                  severity=Priority.HIGH, topic_ids=[],
                                  channel_ids=[c.id for c in channels], checks=environment)

    await checks()  # warm the template cache
    builtin = await median_ms(checks, args.rounds)
    policy = await QualityPolicy.create(rules={"near_duplicate": "block"})
    shingles.cache_clear()
    cold = await median_ms(checks, 1)  # every recent text shingled for the first time
    with_duplicates = await median_ms(checks, args.rounds)
    await policy.delete()
    whole = await median_ms(alert, args.rounds)  # (its alerts would be near-duplicates)
    print(f"alert checks (built-in policy): {builtin:.1f} ms median, "
          f"{builtin / whole:.0%} of create_alert ({whole:.1f} ms)", flush=True)
    print(f"alert checks with near_duplicate blocking ({args.recent} recent): "
          f"{with_duplicates:.1f} ms median, {with_duplicates / builtin:.1f}x the built-in "
          f"policy; {cold:.1f} ms with a cold shingle cache", flush=True)
    return 0


async def run(args: argparse.Namespace) -> int:
    server, embedded = await find_server()
    scratch = with_database(server, f"publishing_bench_{secrets.token_hex(4)}")
    try:
        await ensure_database(scratch)
        await upgrade(scratch)
        await init_db(scratch)
        try:
            return await benchmark(args)
        finally:
            await close_db()
    finally:
        await drop_database(scratch)
        if embedded is not None:
            embedded.stop()


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recent", type=positive, default=500)
    parser.add_argument("--rounds", type=positive, default=30)
    return parser.parse_args(argv)


def main() -> None:
    started = time.perf_counter()
    status = asyncio.run(run(parse_args()))
    log(f"total {time.perf_counter() - started:.1f} s")
    sys.exit(status)


if __name__ == "__main__":
    main()
