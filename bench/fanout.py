"""Subscription fan-out: 1,000 websocket subscribers on `metricsUpdated` across two API
processes; how long until the last one has an event, and what a connection costs.

Why: every API process holds one Redis pub/sub connection and fans each event out to its
local subscribers (domain/realtime/hub.py); each subscriber then runs its own GraphQL
execution and websocket send. A dashboard wall of many viewers, across processes behind a
load balancer, is the case to size for. Target: the last of 1,000 subscribers has an event
within 500 ms of its publication (p99 over the events).

How: two ``publishing serve --no-worker`` processes on a scratch database (created,
migrated, dropped) and a claimed Redis database of the same server, so they share pub/sub.
Client processes (``--clients``, default 2; this file re-run with ``--client``) each open
their share of the 1,000 connections, half to each server, speak graphql-transport-ws with
the ``websockets`` library (asyncio), subscribe to ``metricsUpdated { at
sentByChannelType }`` and wait for the first message (the snapshot). Then this process
publishes ``--events`` metrics events on Redis itself, with domain.realtime.events'
EventPublisher on METRICS_CHANNEL, each a MetricsTick.to_event() whose ``at`` is the send
time (time.time(), comparable across processes) and whose ``sentByChannelType`` carries
the run's marker and the event's number -- both come back through the real subscription,
and events other runs publish on the shared server are told apart by the marker. Events
are ``--interval`` apart, so each is timed on its own rather than queued behind the
previous one. Each client records, per connection and event, the receipt time minus
``at``.

Printed: p50/p99 over the events of "publish → last subscriber received", p50/p99 over
all receipts, the same split by server and by client process, the CPU time each process
spent per event (the side whose CPU per event is close to the latency is the one that
limits: a Python process is one core at most), and memory per connection: the API
processes' VmRSS with the 1,000 subscriptions open minus before connecting (after one
warm-up subscription per server), divided by 1,000.

Usage, from the repository root::

    python bench/fanout.py [--subscribers 1000] [--clients 2] [--events 30] [--interval 0.5]

``DATABASE_URL`` / ``REDIS_URL`` as for bench/alerts.py (a scratch database; a claimed
Redis database number, flushed afterwards; local defaults). Exit status: non-zero only if
a message was lost (a subscriber missing an event) or the run failed; missing the target
is printed as ``MISSED``.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import secrets  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

from bench.alerts import (  # noqa: E402
    SECRET_KEY,
    Process,
    api_command,
    cpu_seconds,
    free_port,
    machine_busy_seconds,
    percentile,
    redis_database,
    rss_kib,
    scratch_database,
    service_environment,
    wait_healthy,
)
from bench.queries import log, redact  # noqa: E402
from bench.support import positive, positive_float  # noqa: E402

TARGET_SECONDS = 0.5
SUBSCRIPTION = "subscription { metricsUpdated { at sentByChannelType } }"
HANDSHAKES_AT_ONCE = 50
SETTLE_SECONDS = 10.0


# --- the client processes --------------------------------------------------------------------


@dataclass
class ClientState:
    marker: str
    ready: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    # (connection number, event number, receipt time - at, receipt time)
    receipts: list[tuple[int, int, float, float]] = field(default_factory=list)


async def subscriber(number: int, url: str, token: str, state: ClientState,
                     handshakes: asyncio.Semaphore, all_ready: asyncio.Event,
                     expected: int) -> None:
    """One connection, one subscription; records every event of this run it receives."""
    from websockets.asyncio.client import connect

    snapshot = True  # the first message is the snapshot
    try:
        async with handshakes:
            socket = await connect(url, subprotocols=["graphql-transport-ws"],
                                   open_timeout=60, ping_interval=None, max_size=None)
            await socket.send(json.dumps({"type": "connection_init",
                                          "payload": {"Authorization": f"Bearer {token}"}}))
            ack = json.loads(await asyncio.wait_for(socket.recv(), 60))
            if ack.get("type") != "connection_ack":
                raise RuntimeError(f"refused: {ack}")
            await socket.send(json.dumps({"id": "m", "type": "subscribe",
                                          "payload": {"query": SUBSCRIPTION}}))
        async for raw in socket:
            received = time.time()
            message = json.loads(raw)
            kind = message.get("type")
            if kind == "ping":
                await socket.send(json.dumps({"type": "pong"}))
                continue
            if kind != "next":
                state.errors.append(f"connection {number}: {message}")
                continue
            if snapshot:
                snapshot = False
                state.ready += 1
                if state.ready + state.failed == expected:
                    all_ready.set()
                continue
            payload = message["payload"]
            if payload.get("errors"):
                state.errors.append(f"connection {number}: {payload['errors']}")
                continue
            tick = payload["data"]["metricsUpdated"]
            tag = tick["sentByChannelType"]
            if tag.get("bench") != state.marker:
                continue  # another run's worker published a tick on the shared server
            sent = dt.datetime.fromisoformat(tick["at"]).timestamp()
            state.receipts.append((number, tag["seq"], received - sent, received))
    except asyncio.CancelledError:
        raise
    except Exception as error:
        state.errors.append(f"connection {number}: {type(error).__name__}: {error}")
    if snapshot:  # ended before its snapshot: never counted as ready
        state.failed += 1
        if state.ready + state.failed == expected:
            all_ready.set()


async def client_main(args: argparse.Namespace) -> None:
    """Open the connections, print READY when every snapshot is in (or every connection
    failed), then obey stdin: COUNT prints how many of the run's events arrived, STOP
    writes the receipts as JSON to --output and exits."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    targets: list[tuple[int, str]] = json.loads(args.targets)
    state = ClientState(args.marker, errors=[], receipts=[])
    handshakes = asyncio.Semaphore(HANDSHAKES_AT_ONCE)
    all_ready = asyncio.Event()
    tasks = [asyncio.create_task(subscriber(number, url, args.token, state, handshakes,
                                            all_ready, len(targets)))
             for number, url in targets]
    loop = asyncio.get_running_loop()
    await all_ready.wait()
    print(f"READY {state.ready} {len(state.errors)}", flush=True)
    while (command := (await loop.run_in_executor(None, sys.stdin.readline)).strip()) \
            not in ("STOP", ""):
        if command == "COUNT":
            print(f"COUNT {len(state.receipts)}", flush=True)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    Path(args.output).write_text(json.dumps({"errors": state.errors,
                                             "receipts": state.receipts}))


# --- the coordinator -------------------------------------------------------------------------


@dataclass
class Client:
    index: int
    process: subprocess.Popen[str]
    output: Path
    connections: list[tuple[int, int]]  # (connection number, server index)

    def ready(self) -> tuple[int, int]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().split()
        if len(line) != 3 or line[0] != "READY":
            raise RuntimeError(f"client {self.index} did not get ready: {line}")
        return int(line[1]), int(line[2])

    def count(self) -> int:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("COUNT\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline().split()[1])

    def stop(self) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write("STOP\n")
        self.process.stdin.flush()
        self.process.wait(timeout=60)
        return json.loads(self.output.read_text())


def start_client(index: int, connections: list[tuple[int, int]], urls: list[str],
                 token: str, marker: str, directory: Path) -> Client:
    output = directory / f"client-{index}.json"
    targets = json.dumps([(number, urls[server]) for number, server in connections])
    process = subprocess.Popen(
        [sys.executable, __file__, "--client", "--targets", targets, "--token", token,
         "--marker", marker, "--output", str(output)],
        cwd=REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return Client(index, process, output, connections)


async def warm_up(url: str, token: str) -> None:
    """One subscription and its snapshot, then gone: the first one pays for imports and
    caches, which are not a per-connection cost."""
    from websockets.asyncio.client import connect

    async with connect(url, subprotocols=["graphql-transport-ws"]) as socket:
        await socket.send(json.dumps({"type": "connection_init",
                                      "payload": {"Authorization": f"Bearer {token}"}}))
        await asyncio.wait_for(socket.recv(), 30)
        await socket.send(json.dumps({"id": "w", "type": "subscribe",
                                      "payload": {"query": SUBSCRIPTION}}))
        message = json.loads(await asyncio.wait_for(socket.recv(), 30))
        if message.get("type") != "next":
            raise RuntimeError(f"warm-up subscription failed: {message}")


def milliseconds(value: float) -> str:
    return f"{value * 1000:.0f} ms"


def split_line(label: str, groups: dict[Any, list[float]]) -> str:
    parts = [f"{name}: p50 {milliseconds(percentile(values, 50))}, p99 "
             f"{milliseconds(percentile(values, 99))}"
             for name, values in sorted(groups.items()) if values]
    return f"{label}: " + "; ".join(parts)


async def publish_events(redis_url: str, marker: str, events: int, interval: float
                         ) -> list[float]:
    """Publish the run's ticks; returns each one's send time."""
    from redis.asyncio import Redis

    from domain.realtime.events import DEFAULT_PREFIX, METRICS_CHANNEL, EventPublisher
    from domain.realtime.snapshots import MetricsTick

    redis = Redis.from_url(redis_url)
    # where the servers (which inherit this environment) listen
    publisher = EventPublisher(redis, os.environ.get("EVENTS_PREFIX", DEFAULT_PREFIX))
    sent_at = []
    try:
        await redis.ping()
        started = time.monotonic()
        for seq in range(events):
            await asyncio.sleep(max(0.0, started + seq * interval - time.monotonic()))
            now = time.time()
            tick = MetricsTick(at=dt.datetime.fromtimestamp(now, dt.UTC),
                               deliveries={"sent": seq},
                               sent_by_channel_type={"bench": marker, "seq": seq},
                               errors_by_class={})
            await publisher.publish(METRICS_CHANNEL, tick.to_event())
            sent_at.append(now)
    finally:
        await redis.aclose()
    return sent_at


async def measure(args: argparse.Namespace, servers: list[Process], urls: list[str],
                  directory: Path, redis_url: str) -> int:
    from app.auth import issue_token
    from domain.principals.models import Role

    token = issue_token(SECRET_KEY, "bench-dashboard", Role.VIEWER, dt.timedelta(hours=1))
    marker = secrets.token_hex(6)
    for url in urls:
        await warm_up(url, token)
    await asyncio.sleep(0.5)
    rss_before = [rss_kib(server.pid) for server in servers]

    # connection n → server n % 2; client processes take consecutive blocks
    per_client = -(-args.subscribers // args.clients)
    clients = []
    for index in range(args.clients):
        numbers = range(index * per_client, min(args.subscribers, (index + 1) * per_client))
        clients.append(start_client(index, [(n, n % len(urls)) for n in numbers], urls,
                                    token, marker, directory))
    connect_started = time.perf_counter()
    try:
        readiness = await asyncio.gather(*(asyncio.to_thread(client.ready)
                                           for client in clients))
    except Exception:
        for client in clients:
            client.process.kill()
        raise
    connected_in = time.perf_counter() - connect_started
    ready = sum(count for count, _ in readiness)
    await asyncio.sleep(1.0)
    rss_connected = [rss_kib(server.pid) for server in servers]
    for server in servers:
        server.check_alive()
    print(f"connections: {ready}/{args.subscribers} subscribed (snapshot received) in "
          f"{connected_in:.1f} s by {args.clients} client processes, half on each server",
          flush=True)

    everyone = [*((f"server {i}", server.pid) for i, server in enumerate(servers)),
                *((f"client {c.index}", c.process.pid) for c in clients)]
    cpu_before = {name: cpu_seconds(pid) for name, pid in everyone}
    machine_before = machine_busy_seconds()
    published_from = time.monotonic()
    sent_at = await publish_events(redis_url, marker, args.events, args.interval)
    expected = ready * args.events
    deadline = time.monotonic() + SETTLE_SECONDS  # for stragglers after the last event
    while (sum([await asyncio.to_thread(client.count) for client in clients]) < expected
           and time.monotonic() < deadline):
        await asyncio.sleep(0.1)
    publishing_took = time.monotonic() - published_from
    cpu_after = {name: cpu_seconds(pid) for name, pid in everyone}
    machine_after = machine_busy_seconds()
    rss_after_events = [rss_kib(server.pid) for server in servers]
    results = [await asyncio.to_thread(client.stop) for client in clients]

    errors = [error for result in results for error in result["errors"]]
    server_of = {number: server for client in clients for number, server in client.connections}
    client_of = {number: client.index for client in clients for number, _ in client.connections}
    seen: set[tuple[int, int]] = set()
    latencies: list[float] = []
    last_per_event: dict[int, float] = defaultdict(float)
    by_server: dict[str, list[float]] = defaultdict(list)
    by_client: dict[str, list[float]] = defaultdict(list)
    last_by_server: dict[tuple[int, int], float] = defaultdict(float)
    last_by_client: dict[tuple[int, int], float] = defaultdict(float)
    skew = []
    for result in results:
        for number, seq, latency, received in result["receipts"]:
            if (number, seq) in seen:
                errors.append(f"connection {number} got event {seq} twice")
                continue
            seen.add((number, seq))
            skew.append(abs((received - latency) - sent_at[seq]))
            latencies.append(latency)
            last_per_event[seq] = max(last_per_event[seq], latency)
            by_server[f"server {server_of[number]}"].append(latency)
            by_client[f"client {client_of[number]}"].append(latency)
            key = (server_of[number], seq)
            last_by_server[key] = max(last_by_server[key], latency)
            key = (client_of[number], seq)
            last_by_client[key] = max(last_by_client[key], latency)
    lost = expected - len(seen)

    lasts = list(last_per_event.values())
    print(f"events: {args.events} published {args.interval:g} s apart; {len(seen):,} of "
          f"{expected:,} receipts ({lost:,} lost); `at` in the messages equals the send "
          f"time to {max(skew, default=0) * 1e6:.0f} µs", flush=True)
    if lasts:
        p50, p99 = percentile(lasts, 50), percentile(lasts, 99)
        verdict = "met" if p99 < TARGET_SECONDS else "MISSED"
        print(f"publish -> last of {ready} subscribers: p50 {milliseconds(p50)}, p99 "
              f"{milliseconds(p99)}, max {milliseconds(max(lasts))} (per event, n="
              f"{len(lasts)}); target p99 < {milliseconds(TARGET_SECONDS)}: {verdict}",
              flush=True)
        print(f"publish -> each receipt: p50 {milliseconds(percentile(latencies, 50))}, p99 "
              f"{milliseconds(percentile(latencies, 99))} (n={len(latencies):,})", flush=True)
        last_server_groups: dict[str, list[float]] = defaultdict(list)
        for (server, _), value in last_by_server.items():
            last_server_groups[f"server {server}"].append(value)
        last_client_groups: dict[str, list[float]] = defaultdict(list)
        for (client, _), value in last_by_client.items():
            last_client_groups[f"client {client}"].append(value)
        print(split_line("last receipt per event, by server", last_server_groups), flush=True)
        print(split_line("last receipt per event, by client process", last_client_groups),
              flush=True)
        print(split_line("each receipt, by server", by_server), flush=True)
        print(split_line("each receipt, by client process", by_client), flush=True)
    per_event = ", ".join(f"{name} {(cpu_after[name] - cpu_before[name]) / args.events * 1000:.0f}"
                          f" ms" for name, _ in everyone)
    busy = machine_after[0] - machine_before[0]
    total = machine_after[1] - machine_before[1]
    print(f"CPU per event ({publishing_took:.1f} s of publishing and settling / "
          f"{args.events}): {per_event}; the machine's {os.cpu_count()} cores "
          f"{busy / total * 100:.0f}% busy meanwhile (this run, PostgreSQL, Redis, and "
          f"anything else running)", flush=True)
    if lasts:
        spent = {name: (cpu_after[name] - cpu_before[name]) / args.events
                 for name, _ in everyone}
        servers_cpu = sum(value for name, value in spent.items() if name.startswith("server"))
        clients_cpu = sum(value for name, value in spent.items() if name.startswith("client"))
        cores = os.cpu_count() or 1
        limiting = "the servers" if servers_cpu >= clients_cpu else "the clients"
        print(f"limiting side: {limiting} ({servers_cpu / (servers_cpu + clients_cpu) * 100:.0f}"
              f"% of this run's CPU per event: servers {milliseconds(servers_cpu)}, clients "
              f"{milliseconds(clients_cpu)}, {servers_cpu / max(ready, 1) * 1e6:.0f} µs of "
              f"server CPU per message); on {cores} cores that work alone takes at least "
              f"{milliseconds((servers_cpu + clients_cpu) / cores)} per event, against a last "
              f"receipt at p50 {milliseconds(percentile(lasts, 50))}", flush=True)
    added = [after - before for before, after in zip(rss_before, rss_connected, strict=True)]
    grown = [after - before for before, after in zip(rss_before, rss_after_events,
                                                     strict=True)]
    print(f"memory per connection: {sum(added) / max(ready, 1):.1f} KiB (VmRSS of the two API "
          f"processes {sum(rss_before) / 1024:.0f} MiB before connecting, "
          f"{sum(rss_connected) / 1024:.0f} MiB with {ready} subscriptions open: "
          + ", ".join(f"server {i} +{kib / 1024:.1f} MiB" for i, kib in enumerate(added))
          + f"); {sum(grown) / max(ready, 1):.1f} KiB per connection after the events",
          flush=True)
    for error in errors[:20]:
        print(f"ERROR {error}", flush=True)
    if len(errors) > 20:
        print(f"ERROR ... and {len(errors) - 20} more", flush=True)
    return 1 if lost or ready < args.subscribers else 0


async def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="bench-fanout-") as directory, \
            redis_database() as redis_url:
        async with scratch_database() as database_url:
            print(f"database {redact(database_url)}, Redis {redact(redis_url)}; two API "
                  f"processes (serve --no-worker)", flush=True)
            env = service_environment(database_url, redis_url)
            servers: list[Process] = []
            try:
                ports = [free_port() for _ in range(2)]
                for index, port in enumerate(ports):
                    servers.append(Process.start(f"api-{index}", api_command(port), env,
                                                 Path(directory)))
                for server, port in zip(servers, ports, strict=True):
                    await wait_healthy(f"http://127.0.0.1:{port}", server)
                urls = [f"ws://127.0.0.1:{port}/graphql" for port in ports]
                return await measure(args, servers, urls, Path(directory), redis_url)
            except Exception:
                for server in servers:
                    log(f"--- {server.name} log (tail) ---\n{server.output()[-2000:]}")
                raise
            finally:
                for server in servers:
                    server.stop()


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--subscribers", type=positive, default=1000)
    parser.add_argument("--clients", type=positive, default=2, help="client processes")
    parser.add_argument("--events", type=positive, default=30)
    parser.add_argument("--interval", type=positive_float, default=0.5,
                        help="seconds between events")
    # Internal: this file re-executes itself as a client process.
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--targets", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    parser.add_argument("--marker", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main() -> None:
    args = parse_args()
    if args.client:
        asyncio.run(client_main(args))
        return
    started = time.perf_counter()
    try:
        status = asyncio.run(run(args))
    except Exception as error:
        print(f"ERROR {type(error).__name__}: {error}", flush=True)
        status = 1
    print(f"total {time.perf_counter() - started:.1f} s", flush=True)
    sys.exit(status)


if __name__ == "__main__":
    main()
