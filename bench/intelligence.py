"""Content analysis: local throughput, cached throughput, remote throughput, and the time
to a score while the remote AI service is down.

Why: every saved publication and every editor's "analyze" click is analyzed; the cache
must make repeated content nearly free, and a dead AI service must not make anyone wait
longer than the time budget.

Set-up: a scratch database (migrated, dropped at the end) with four topics and 40 past
publications each (the topic profiles), a claimed Redis database, and 5,000 generated
publications (title, summary, 150-300 words of body) spread over the topics. The
OpenAI-compatible stand-in (tests/ai_server.py) runs in its own process: answering after
a fixed 50 ms, or hanging (down).

Figures (wall time of this process, one analysis after another unless stated):

* local: the local analyzer (no AI_BASE_URL), every publication new (cache misses);
* cached: the same 5,000 again — from the in-process layer, then with only Redis (a
  fresh process), each compared with the local analysis (target: >= 50x faster);
* remote: the stand-in with 50 ms latency, 32 analyses at a time;
* remote down: the stand-in hangs, budget AI_TIME_BUDGET_MS (default here 250 ms), breaker
  threshold 5: p50/p99/max time to a score over 5,000 new contents (target: p99 within
  the budget + 50 ms); then 200 calls with a breaker that never opens, each waiting out
  the budget before the local analyzer answers.

Usage, from the repository root::

    python bench/intelligence.py [--publications 5000] [--budget-ms 250]
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import random  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator, Sequence  # noqa: E402
from contextlib import contextmanager  # noqa: E402

import httpx  # noqa: E402
from redis.asyncio import Redis  # noqa: E402

from app.db import close_db, init_db  # noqa: E402
from bench.alerts import redis_database, scratch_database  # noqa: E402
from bench.support import busy_share, log, positive  # noqa: E402
from domain.audience.models import Topic  # noqa: E402
from domain.intelligence.analysis import AnalyzableContent  # noqa: E402
from domain.intelligence.remote import RemoteAnalyzer, RemoteConfig  # noqa: E402
from domain.intelligence.service import IntelligencePolicy, IntelligenceService  # noqa: E402
from domain.publications.models import Publication  # noqa: E402

TOPICS = {
    "Sports": ("the team won the match after a late goal", "the coach praised the players",
               "the league table tightened at the top", "the striker scored twice",
               "fans filled the stadium for the final", "the referee reviewed the penalty",
               "injuries kept the captain out for a month", "the season opens in August"),
    "Finance": ("the central bank held interest rates", "inflation slowed for a third month",
                "shares rose after earnings beat forecasts", "bond yields fell sharply",
                "the bank set aside money for bad loans", "mortgage rates edged lower",
                "investors moved into government debt", "the currency weakened overnight"),
    "Technology": ("the update patches a security flaw", "the new chip doubles battery life",
                   "developers can now deploy to the cloud in one step",
                   "the model runs offline on a laptop", "an outage took the service down",
                   "the browser blocks tracking cookies", "the database migration finished",
                   "engineers rewrote the app in a faster framework"),
    "Health": ("doctors recommend regular exercise", "the vaccine is available at pharmacies",
               "the hospital opened a new children's ward", "the trial reduced symptoms",
               "poor sleep raises blood pressure", "nurses reported longer waiting times",
               "a balanced diet lowers cholesterol", "the clinic extended its opening hours"),
}
GENERIC = ("More details will follow next week", "Readers can reply to this message",
           "The full report is available on our website", "Thank you for reading")


def publication_text(rng: random.Random, topic: str, number: int) -> AnalyzableContent:
    sentences = TOPICS[topic]
    paragraphs = []
    for _ in range(rng.randint(3, 5)):
        chosen = [rng.choice(sentences) for _ in range(rng.randint(3, 5))]
        paragraphs.append(" ".join(f"{s[0].upper()}{s[1:]}, reports desk {rng.randint(1, 90)}."
                                   for s in chosen))
    paragraphs.append(rng.choice(GENERIC) + ".")
    return AnalyzableContent(title=f"{topic} update no. {number}: {rng.choice(sentences)}",
                             summary=rng.choice(sentences).capitalize() + ".",
                             body="\n\n".join(paragraphs))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def stand_in(latency: float, behaviour: str) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.ai_server", "--port", str(port), "--latency",
         str(latency), "--behaviour", behaviour], cwd=REPO_ROOT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the AI stand-in did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()  # a hanging stand-in has requests open: do not wait for them
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def remote_service(redis: Redis, http: httpx.AsyncClient, base_url: str,
                   policy: IntelligencePolicy) -> IntelligenceService:
    config = RemoteConfig(base_url=base_url, api_key="bench", model="stand-model",
                          embedding_model="stand-embed", request_timeout_seconds=10)
    return IntelligenceService(redis, remote=RemoteAnalyzer(http, config), policy=policy)


async def timed_each(service: IntelligenceService, contents: Sequence[AnalyzableContent]
                     ) -> list[float]:
    times = []
    for content in contents:
        started = time.perf_counter()
        await service.analyze(content)
        times.append(time.perf_counter() - started)
    return times


async def timed_concurrently(service: IntelligenceService,
                             contents: Sequence[AnalyzableContent], concurrency: int
                             ) -> tuple[float, list[float]]:
    gate = asyncio.Semaphore(concurrency)
    times: list[float] = []
    sources: list[str] = []

    async def one(content: AnalyzableContent) -> None:
        async with gate:
            started = time.perf_counter()
            outcome = await service.analyze(content)
            times.append(time.perf_counter() - started)
            sources.append(outcome.stored.source)

    started = time.perf_counter()
    await asyncio.gather(*(one(content) for content in contents))
    elapsed = time.perf_counter() - started
    if set(sources) != {"remote"}:
        log(f"warning: sources {sorted(set(sources))}")
    return elapsed, times


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def seed_profiles(rng: random.Random) -> None:
    for name in TOPICS:
        topic = await Topic.create(slug=name.lower(), name=name,
                                   description=", ".join(TOPICS[name][:3]))
        for number in range(40):
            content = publication_text(rng, name, number)
            publication = await Publication.create(title=content.title,
                                                   summary=content.summary, body=content.body)
            await publication.topics.add(topic)


async def benchmark(args: argparse.Namespace, redis_url: str) -> int:
    rng = random.Random(15)
    await seed_profiles(rng)
    names = list(TOPICS)
    contents = [publication_text(rng, names[n % 4], 1000 + n) for n in range(args.publications)]
    n = len(contents)
    redis = Redis.from_url(redis_url)
    http = httpx.AsyncClient(limits=httpx.Limits(max_connections=100))
    budget = args.budget_ms / 1000
    policy = IntelligencePolicy(time_budget_seconds=budget, job_time_budget_seconds=budget,
                                breaker_failure_threshold=5, breaker_cooldown_seconds=300)
    try:
        local = IntelligenceService(redis, policy=policy)
        await local.analyze(AnalyzableContent("warm-up", "", "fit the topic index"))
        local_times = await timed_each(local, contents)
        local_mean = statistics.fmean(local_times)
        memory_times = await timed_each(local, contents)
        local.hot.forget_local()
        local.hot.memory_entries = 0  # only Redis: what another process sees
        redis_times = await timed_each(local, contents)
        memory_mean, redis_mean = statistics.fmean(memory_times), statistics.fmean(redis_times)

        with stand_in(0.05, "good") as base_url:
            remote = remote_service(redis, http, base_url, IntelligencePolicy(
                time_budget_seconds=5, job_time_budget_seconds=5))
            elapsed, remote_times = await timed_concurrently(remote, contents, 32)
        with stand_in(0.0, "hang") as base_url:
            down = remote_service(redis, http, base_url, policy)
            # every service fits its topic index on first use (as `local` did above)
            down.local.analyze_now(contents[0], await down.profiles.profiles())
            fresh = [AnalyzableContent(c.title, c.summary, c.body + " (revised)")
                     for c in contents]
            down_times = await timed_each(down, fresh)
            snapshot = await down.stats.snapshot()
            # the same with a breaker that never opens: every call waits out the budget
            patient = remote_service(redis, http, base_url, IntelligencePolicy(
                time_budget_seconds=budget, job_time_budget_seconds=budget,
                breaker_failure_threshold=1_000_000))
            patient.breaker.prefix = "publishing:cb:ai-bench-patient"
            patient.local.analyze_now(contents[0], await patient.profiles.profiles())
            budget_times = await timed_each(patient, [
                AnalyzableContent(c.title, c.summary, c.body + " (second revision)")
                for c in contents[:args.budget_samples]])
    finally:
        await http.aclose()
        await redis.aclose()

    ratio_memory, ratio_redis = local_mean / memory_mean, local_mean / redis_mean
    p99 = percentile(down_times, 0.99)
    limit = budget + 0.05
    size = statistics.fmean(len(content.normalized()) for content in contents)
    print(f"publications: {n:,}; mean content {size:,.0f} chars")
    print(f"local analysis: {n / sum(local_times):,.0f}/s (mean {local_mean * 1000:.2f} ms, "
          f"p99 {percentile(local_times, 0.99) * 1000:.2f} ms)")
    print(f"cached, in-process layer: {n / sum(memory_times):,.0f}/s (mean "
          f"{memory_mean * 1e6:.0f} us): {ratio_memory:,.0f}x local (target >= 50x) "
          f"{'PASS' if ratio_memory >= 50 else 'BELOW TARGET'}")
    print(f"cached, Redis only (a fresh process): {n / sum(redis_times):,.0f}/s (mean "
          f"{redis_mean * 1e6:.0f} us): {ratio_redis:,.1f}x local "
          f"{'PASS' if ratio_redis >= 50 else 'BELOW TARGET'}")
    print(f"remote stand-in (50 ms latency, 32 at a time): {n / elapsed:,.0f}/s "
          f"(p50 {percentile(remote_times, 0.5) * 1000:.0f} ms, "
          f"p99 {percentile(remote_times, 0.99) * 1000:.0f} ms)")
    print(f"remote down (hanging), budget {args.budget_ms} ms: time to a score p50 "
          f"{percentile(down_times, 0.5) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, max "
          f"{max(down_times) * 1000:.0f} ms; p99 / (budget + 50 ms) = {p99 / limit:.3f} "
          f"{'PASS' if p99 <= limit else 'BELOW TARGET'}; fallbacks "
          f"{snapshot.scored.get('fallback', 0):,}, remote errors {snapshot.remote_errors}")
    budget_p99 = percentile(budget_times, 0.99)
    print(f"remote down, breaker kept closed ({len(budget_times)} calls, each waits the "
          f"budget): p50 {percentile(budget_times, 0.5) * 1000:.0f} ms, p99 "
          f"{budget_p99 * 1000:.0f} ms, max {max(budget_times) * 1000:.0f} ms; p99 / "
          f"(budget + 50 ms) = {budget_p99 / limit:.3f} "
          f"{'PASS' if budget_p99 <= limit else 'BELOW TARGET'}")
    return 0 if ratio_memory >= 50 and p99 <= limit else 1


async def run(args: argparse.Namespace) -> int:
    log(f"machine busy before start: {busy_share():.0%}")
    with redis_database() as redis_url:
        async with scratch_database() as url:
            await init_db(url)
            try:
                return await benchmark(args, redis_url)
            finally:
                await close_db()


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publications", type=positive, default=5_000)
    parser.add_argument("--budget-ms", type=positive, default=250)
    parser.add_argument("--budget-samples", type=positive, default=200,
                        help="calls that wait out the budget (breaker kept closed)")
    return parser.parse_args(argv)


def main() -> None:
    started = time.perf_counter()
    status = asyncio.run(run(parse_args()))
    log(f"total {time.perf_counter() - started:.1f} s")
    sys.exit(status)


if __name__ == "__main__":
    main()
