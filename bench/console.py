"""The web console in headless Chromium: time to the first chart, and to the first live
update after an engagement event, measured from the browser.

Why: the console's dashboard is the reference live dashboard (issue 21). Targets: first
chart < 1 s, live update < 1 s p95 over 20 events, with 1M engagement events and 100
publications in the database.

How: a scratch database (``publishing_bench_console_<random>``, created, migrated and
dropped at the end) is seeded exactly as bench/metrics.py does it (100 publications over
30 days ending today 00:00 UTC, deliveries with SQL, the events written through
``record_events``, which also fills the rollups the dashboard reads). One ``publishing
serve --no-worker`` process serves it on a claimed Redis database. Debian's ``chromium``
(Playwright for Python, never a downloaded browser) opens ``/console/`` with an admin
token already in sessionStorage:

* first chart: from navigation start (``performance.timeOrigin``) to the moment the
  dashboard's chart is drawn with the data of its first `metrics` answer
  (``.chart[data-points]``, set right after uPlot drew it), over ``--loads`` fresh
  loads of the 30-day view (``#/dashboard/30d``, daily points); the baseline is the
  dashboard's own ``metrics`` query (30 days, daily) fetched by the same page, alone;
* live update: the page fetches an open pixel of a seeded delivery (a signed ``/t/o/``
  link, issued an hour ago, so it counts as a human open) and waits until the "Opens"
  card shows one more: that is the whole path (tracking buffer flush, rollup, the
  ``metricsUpdated`` tick over the websocket, the console's re-read of ``metrics``,
  drawing). The time the tick reached the page is taken too (the "last update" line
  changes), so the console's own share (tick → card) is printed as well.

Usage, from the repository root::

    python bench/console.py [--events 1000000] [--loads 10] [--updates 20] [--quick]

``--quick``: 100k events. ``DATABASE_URL`` / ``REDIS_URL`` as for bench/alerts.py.
``CHROMIUM`` names the browser binary (default: ``chromium`` on PATH). Exit status: 0
unless something failed; a missed target is printed as ``MISSED``.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

import httpx  # noqa: E402

from bench.alerts import free_port, redis_database, scratch_database  # noqa: E402
from bench.metrics import (  # noqa: E402
    DAYS,
    generate_events,
    record_all,
    seed_rows,
    storable_types,
)
from bench.support import busy_share, log, positive, run_timed  # noqa: E402

SECRET_KEY = "bench-console-secret-key-0123456789abcdefghij"
TARGET_MS = 1000.0
#: a desktop browser's user agent: "HeadlessChrome" would make every open a machine open
USER_AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/126.0.0.0 Safari/537.36")

#: installed before the page's scripts: records when the chart first holds data
WATCH_CHART = """
window.__firstChart = null;
new MutationObserver((changes, observer) => {
  const chart = document.querySelector('.chart[data-points]');
  if (chart) {
    window.__firstChart = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, childList: true, attributes: true,
                       attributeFilter: ['data-points'] });
"""

BASELINE = """async () => {
  const step = 86400, now = Date.now() / 1000;
  const to = new Date((Math.ceil(now / step) * step + step) * 1000).toISOString();
  const from = new Date((Math.floor((now - 30 * 86400) / step) * step) * 1000).toISOString();
  const query = `query($from: DateTime!, $to: DateTime!) { metrics(from: $from, to: $to,
    granularity: DAY) { totals { sent delivered opens clicks bounces complaints unsubscribes }
    points { bucket counters { sent delivered opens clicks bounces complaints unsubscribes } } } }`;
  const started = performance.now();
  const response = await fetch('/graphql', { method: 'POST', headers: {
    'Content-Type': 'application/json',
    Authorization: 'Bearer ' + sessionStorage.getItem('publishing.console.token') },
    body: JSON.stringify({ query, variables: { from, to } }) });
  await response.json();
  return performance.now() - started;
}"""

LIVE = """async (pixel) => {
  const value = () => Number(document.querySelector('[data-metric=opens] .value')
    .textContent.replace(/,/g, ''));
  const stamp = () => document.querySelector('.live').dataset.ticks;
  const before = value(), stampBefore = stamp();
  let tick = null;
  const started = performance.now();
  const answer = await fetch(pixel, { cache: 'no-store' });
  if (!answer.ok) throw new Error(`the open pixel answered ${answer.status}`);
  return await new Promise((resolve, reject) => {
    const give_up = setTimeout(() => reject(new Error(
      `no live update within 10 s (opens ${before} -> ${value()}; tick seen: ${tick !== null})`)),
      10000);
    const check = () => {
      if (tick === null && stamp() !== stampBefore) tick = performance.now() - started;
      if (value() > before) {
        clearTimeout(give_up);
        resolve([performance.now() - started, tick === null ? performance.now() - started
                                                            : tick]);
      } else requestAnimationFrame(check);
    };
    check();
  });
}"""


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def verdict(value: float) -> str:
    return "ok" if value < TARGET_MS else "MISSED"


async def seed(database_url: str, events: int, updates: int
               ) -> list[tuple[int, int, int, int]]:
    """Seed like bench/metrics.py; returns `updates` deliveries (id, publication, channel,
    subscriber) to open during the live part (one each: the recorder counts a delivery's
    repeated opens within a short time once)."""
    import asyncpg

    from app.db import close_db, connection_credentials, init_db

    end = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    start = end - dt.timedelta(days=DAYS)
    connection = await asyncpg.connect(**connection_credentials(database_url))
    try:
        started = time.perf_counter()
        seeded = await seed_rows(connection, events, start)
        allowed, _ = await storable_types(connection)
        generated = await generate_events(connection, events, end, allowed)
        log(f"seeded {seeded.deliveries:,} deliveries, generated {len(generated):,} events "
            f"in {time.perf_counter() - started:.1f} s")
        rows = await connection.fetch(
            "SELECT id, publication_id, subscriber_id FROM delivery ORDER BY id DESC LIMIT $1",
            updates)
    finally:
        await connection.close()
    await init_db(database_url)
    try:
        seconds, _ = await record_all(generated, seeded.channel_id, 20_000)
        log(f"recorded the events (and rollups) in {seconds:.1f} s")
    finally:
        await close_db()
    return [(row["id"], row["publication_id"], seeded.channel_id, row["subscriber_id"])
            for row in rows]


def start_server(database_url: str, redis_url: str, workdir: Path) -> tuple[Any, str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url,
           "SECRET_KEY": SECRET_KEY, "ENVIRONMENT": "test", "METRICS_PORT": "0",
           "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}", "LOG_LEVEL": "INFO"}
    log_file = (workdir / "serve.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--no-worker",
                                "--no-demo", "--port", str(port)], env=env, cwd=REPO_ROOT,
                               stdout=log_file, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {(workdir / 'serve.log').read_text()}")
        try:
            if httpx.get(f"{base}/health", timeout=2, trust_env=False).status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    process.kill()
    raise RuntimeError("the server did not come up")


async def measure(base: str, chromium: str, loads: int, updates: int,
                  deliveries: list[tuple[int, int, int, int]]) -> int:
    from playwright.async_api import async_playwright

    from app.auth import issue_token
    from domain.links.urls import LinkBuilder
    from domain.principals.models import Role

    token = issue_token(SECRET_KEY, "bench-admin", Role.ADMIN, dt.timedelta(hours=1))
    links = LinkBuilder(SECRET_KEY, base)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, headless=True,
                                                   args=["--no-sandbox"])
        context = await browser.new_context(user_agent=USER_AGENT,
                                            viewport={"width": 1280, "height": 900})
        await context.add_init_script(
            f"sessionStorage.setItem('publishing.console.token', {token!r});" + WATCH_CHART)
        foreign: list[str] = []
        first_chart, baseline = [], []
        page = None
        for _ in range(loads + 1):  # the first load warms the caches: not counted
            if page is not None:
                await page.close()
            page = await context.new_page()  # a real load each time (not a hash change)
            page.on("request", lambda request: None if request.url.startswith(
                (base, "data:", "blob:")) else foreign.append(request.url))
            await page.goto(f"{base}/console/#/dashboard/30d")
            await page.wait_for_function("() => window.__firstChart !== null", timeout=60_000)
            first_chart.append(await page.evaluate("window.__firstChart"))
            points = await page.evaluate("document.querySelector('.chart').dataset.points")
            baseline.append(await page.evaluate(BASELINE))
        first_chart, baseline = first_chart[1:], baseline[1:]
        await page.wait_for_selector("[data-live=sent]", timeout=30_000)  # subscribed
        totals, ticks = [], []
        for delivery_id, publication_id, channel_id, subscriber_id in deliveries:
            pixel = links.open_url(delivery_id, publication_id, channel_id, subscriber_id,
                                   issued_at=int(time.time()) - 3600)
            total, tick = await page.evaluate(LIVE, pixel)
            totals.append(total)
            ticks.append(tick)
        await browser.close()
    chart_median, base_median = statistics.median(first_chart), statistics.median(baseline)
    print(f"first chart: median {chart_median:.0f} ms, p95 {quantile(first_chart, 0.95):.0f} "
          f"ms over {loads} loads ({points} daily points; target < {TARGET_MS:.0f} ms: "
          f"{verdict(quantile(first_chart, 0.95))}); baseline, the metrics query alone "
          f"from the page: median {base_median:.0f} ms; ratio {chart_median / base_median:.1f}x")
    print(f"live update after an open: p50 {quantile(totals, 0.5):.0f} ms, p95 "
          f"{quantile(totals, 0.95):.0f} ms over {updates} events (target p95 < "
          f"{TARGET_MS:.0f} ms: {verdict(quantile(totals, 0.95))}); the tick reached the page "
          f"at p50 {quantile(ticks, 0.5):.0f} ms, so the console's share (tick -> card) is "
          f"p50 {quantile([t - k for t, k in zip(totals, ticks, strict=True)], 0.5):.0f} ms")
    if foreign:
        print(f"FAILED: requests to other hosts: {foreign[:5]}")
        return 1
    print("requests to other hosts: none")
    return 0


async def main(args: argparse.Namespace) -> int:
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not chromium:
        print("no chromium on PATH (apt-get install -y chromium, or set CHROMIUM)")
        return 1
    events = 100_000 if args.quick else args.events
    print(f"machine busy before the run: {busy_share():.0%} of the CPUs")
    with redis_database() as redis_url, tempfile.TemporaryDirectory(
            prefix="pub-bench-console-") as workdir:
        async with scratch_database("publishing_bench_console_") as database_url:
            deliveries = await seed(database_url, events, args.updates)
            process, base = start_server(database_url, redis_url, Path(workdir))
            try:
                print(f"{events:,} engagement events, 100 publications; console at {base}")
                return await measure(base, chromium, args.loads, args.updates, deliveries)
            except Exception:
                print("the server's log:\n" + (Path(workdir) / "serve.log").read_text()[-6000:])
                raise
            finally:
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=positive, default=1_000_000)
    parser.add_argument("--loads", type=positive, default=10)
    parser.add_argument("--updates", type=positive, default=20)
    parser.add_argument("--quick", action="store_true", help="100k events")
    run_timed(main(parser.parse_args()))
