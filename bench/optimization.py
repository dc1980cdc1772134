"""Send-time optimization: bulk estimation against a per-reader Python loop, and what it
buys on a synthetic population with a known answer.

Why: STO must run for a whole audience at once when a publication starts (issue 19:
100,000 readers from 2M events, vectorized >= 20x a per-reader loop), and it must be
right: sending at each reader's estimated time must beat a fixed 09:00 send.

How:
1. A synthetic population (seeded): 100,000 readers in four zones without daylight
   saving (UTC, Tokyo, Kolkata, São Paulo; the tests cover DST), each with a planted
   best hour of the week around their zone's habit; 2M human opens over the last 8
   weeks, 60% within about an hour of the planted time, the rest anywhere in the week.
2. Estimation from the same in-memory events, twice: numpy (`domain.optimization.
   estimator`: bincount, zone priors, posterior, argmax) and a plain per-reader Python
   loop doing the same arithmetic. Answers must agree (a disagreement is allowed only
   on a float tie, gap < 1e-9); the ratio of medians is printed against the 20x target.
3. The real path: the events are written to a scratch database and
   `sendtime.estimates` (SQL aggregate in each reader's zone + numpy) computes the same
   readers; its best hours are compared with step 2's and its time is printed.
4. Simulation: each reader opens a message sent at local time t with probability
   `0.35 x (0.15 + 0.85 x exp(-d² / 4.5)) x (1 on their habit's weekday, else 0.8)`,
   d = hours between t and their habit's hour of day. One send in a 24-hour window:
   STO (`sendtime.place`, load cap on) vs everybody at 09:00 local. Expected open rates
   are printed; STO must be higher.

Usage, from the repository root::

    python bench/optimization.py [--readers 100000] [--events 2000000] [--reps 5]
                                 [--loop-reps 1] [--db-reps 1]

``DATABASE_URL`` names the server (its database name is ignored), otherwise
127.0.0.1:5432, then an embedded server. Exit status 1 when answers disagree or STO
does not beat the fixed send.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from bench.scratch import scratch_database  # noqa: E402
from bench.support import log, positive, run_timed  # noqa: E402
from domain.optimization import estimator  # noqa: E402

#: zone, UTC offset in hours, the local hour of day its readers' habits centre on
ZONES = (("UTC", 0.0, 8), ("Asia/Tokyo", 9.0, 12), ("Asia/Kolkata", 5.5, 19),
         ("America/Sao_Paulo", -3.0, 21))
NEAR_SHARE = 0.6
TARGET_RATIO = 20.0
H = estimator.HOURS_IN_WEEK


def population(readers: int, events: int, seed: int = 19):
    rng = np.random.default_rng(seed)
    zone = rng.integers(0, len(ZONES), readers)
    centre = np.array([z[2] for z in ZONES])[zone]
    planted = rng.integers(0, 7, readers) * 24 + (centre + rng.integers(-3, 4, readers)) % 24
    # heavier and lighter readers: events per reader ~ geometric-ish, 20 on average
    weights = rng.gamma(1.5, 1.0, readers)
    owner = rng.choice(readers, size=events, p=weights / weights.sum())
    near = rng.random(events) < NEAR_SHARE
    jitter = np.rint(rng.normal(0, 0.8, events)).astype(np.int64)
    how = np.where(near, (planted[owner] + jitter) % H, rng.integers(0, H, events))
    return zone, planted, owner, how, rng


def vectorized(readers: int, zone: np.ndarray, owner: np.ndarray, how: np.ndarray,
               prior_sample: int = 1) -> estimator.Estimates:
    """`prior_sample` k: zone priors from every k-th reader by id, as
    `sendtime.PriorCache` does (ids are index + 1 in the database)."""
    counts = np.bincount(owner * H + how, minlength=readers * H).reshape(readers, H)
    names = [z[0] for z in ZONES]
    if prior_sample > 1:
        sample = (np.arange(readers) + 1) % prior_sample == 0
        priors = estimator.population_priors(counts[sample], zone[sample], names)
    else:
        priors = estimator.population_priors(counts, zone, names)
    matrix = np.array([priors.zones[name] for name in names])
    return estimator.estimate(counts, matrix[zone])


def loop(readers: int, zone: list[int], owner: list[int], how: list[int]) -> list[int]:
    """The same model, one reader at a time in plain Python."""
    centre, side = estimator.KERNEL_CENTRE, (1 - estimator.KERNEL_CENTRE) / 2
    daily, strength = estimator.DAILY_SHARE, estimator.PRIOR_STRENGTH
    per_reader: list[list[float]] = [[0.0] * H for _ in range(readers)]
    for reader, hour in zip(owner, how, strict=True):
        per_reader[reader][hour] += 1.0

    def smooth(row: list[float]) -> list[float]:
        return [centre * row[h] + side * row[h - 1] + side * row[(h + 1) % H]
                for h in range(H)]

    zone_sum = [[0.0] * H for _ in ZONES]
    zone_readers = [0] * len(ZONES)
    smoothed_rows = []
    for reader in range(readers):
        row = per_reader[reader]
        smoothed = smooth(row)
        smoothed_rows.append(smoothed)
        total = sum(smoothed)
        if total > 0:
            target = zone_sum[zone[reader]]
            for h in range(H):
                target[h] += smoothed[h] / total
            zone_readers[zone[reader]] += 1
    overall = [sum(zone_sum[z][h] for z in range(len(ZONES))) + 1.0 / H for h in range(H)]
    grand = sum(overall)
    global_pattern = [value / grand for value in overall]
    priors = [[(zone_sum[z][h] + estimator.ZONE_STRENGTH * global_pattern[h])
               / (zone_readers[z] + estimator.ZONE_STRENGTH) for h in range(H)]
              for z in range(len(ZONES))]
    best = []
    for reader in range(readers):
        smoothed = smoothed_rows[reader]
        n = sum(per_reader[reader])
        by_hour = [sum(smoothed[d * 24 + h] for d in range(7)) / 7 for h in range(24)]
        prior = priors[zone[reader]]
        top, top_value = 0, -1.0
        for h in range(H):
            pooled = (1 - daily) * smoothed[h] + daily * by_hour[h % 24]
            value = (pooled + strength * prior[h]) / (n + strength)
            if value > top_value:
                top, top_value = h, value
        best.append(top)
    return best


def agree(found: np.ndarray, expected: np.ndarray, posterior: np.ndarray) -> bool:
    """Equal, or a float tie (the two choices' posteriors within 1e-9)."""
    differ = np.flatnonzero(found != expected)
    gaps = np.abs(posterior[differ, found[differ]] - posterior[differ, expected[differ]])
    return bool(np.all(gaps < 1e-9))


def open_probability(send_local_how: np.ndarray, planted: np.ndarray) -> np.ndarray:
    hour = send_local_how % 24
    habit = planted % 24
    distance = np.minimum((hour - habit) % 24, (habit - hour) % 24)
    same_day = (send_local_how // 24) == (planted // 24)
    return 0.35 * (0.15 + 0.85 * np.exp(-distance**2 / 4.5)) * np.where(same_day, 1.0, 0.8)


async def run(args: argparse.Namespace) -> int:
    status = 0
    log(f"generating {args.readers:,} readers, {args.events:,} events")
    zone, planted, owner, how, rng = population(args.readers, args.events)

    vector_times, loop_times = [], []
    found = None
    for _ in range(args.reps):
        started = time.perf_counter()
        found = vectorized(args.readers, zone, owner, how)
        vector_times.append(time.perf_counter() - started)
    assert found is not None
    zone_list, owner_list, how_list = zone.tolist(), owner.tolist(), how.tolist()
    expected: list[int] = []
    for _ in range(max(1, args.loop_reps)):
        started = time.perf_counter()
        expected = loop(args.readers, zone_list, owner_list, how_list)
        loop_times.append(time.perf_counter() - started)
    same = agree(found.best_hour, np.array(expected), found.posterior)
    ratio = statistics.median(loop_times) / statistics.median(vector_times)
    print(f"estimate {args.readers:,} readers from {args.events:,} events: numpy "
          f"{statistics.median(vector_times) * 1000:.0f} ms, Python loop "
          f"{statistics.median(loop_times) * 1000:.0f} ms: {ratio:.1f}x (target "
          f"{TARGET_RATIO:.0f}x); answers {'agree' if same else 'DIFFER'}", flush=True)
    status |= 0 if same else 1
    enough = found.events >= 10
    accuracy = float(np.mean(estimator.circular_distance(found.best_hour, planted)[enough]
                             <= 1))
    print(f"accuracy (±1 h of the planted hour, readers with ≥10 events): {accuracy:.3f} "
          f"of {int(enough.sum()):,}", flush=True)

    async with scratch_database():
        from tortoise import Tortoise

        from domain.optimization import sendtime

        connection = Tortoise.get_connection("default")
        log("writing readers and events")
        await connection.execute_query(
            "INSERT INTO subscriber (id, email, timezone, created_at, updated_at, name, "
            "attributes, locale, status, channel_order) "
            "SELECT i, 'r' || i || '@example.com', tz, now(), now(), '', '{}', 'en', "
            "'active', '[]' FROM unnest($1::int[], $2::text[]) AS u(i, tz)",
            [list(range(1, args.readers + 1)), [ZONES[z][0] for z in zone_list]])
        now = dt.datetime.now(dt.UTC)
        this_monday = (now - dt.timedelta(days=now.weekday())).date()
        week = rng.integers(1, 9, args.events)
        minute = rng.integers(0, 60, args.events)
        offset = np.array([z[1] for z in ZONES])[zone[owner]]
        monday = dt.datetime.combine(this_monday, dt.time(0), tzinfo=dt.UTC).timestamp()
        epoch = (monday - week * 7 * 86400 + how * 3600 + minute * 60 - offset * 3600)
        chunk = 250_000
        for begin in range(0, args.events, chunk):
            await connection.execute_query(
                "INSERT INTO engagement_event (subscriber_id, type, occurred_at, is_machine,"
                " metadata, received_at) SELECT s, 'open', to_timestamp(o), false, "
                "'{}'::jsonb, now() FROM unnest($1::int[], $2::float8[]) AS i(s, o)",
                [(owner[begin:begin + chunk] + 1).tolist(), epoch[begin:begin + chunk].tolist()])
        await connection.execute_script("ANALYZE engagement_event; ANALYZE subscriber")
        ids = list(range(1, args.readers + 1))
        db_times = []
        stored: dict = {}
        for _ in range(args.db_reps):
            sendtime.PRIORS.invalidate()
            started = time.perf_counter()
            stored = await sendtime.estimates(ids)
            db_times.append(time.perf_counter() - started)
        from_db = np.array([stored[i + 1].best_hour_of_week for i in range(args.readers)])
        # the same model with the database path's sampled zone priors
        sampled = vectorized(args.readers, zone, owner, how,
                             max(1, args.readers // sendtime.PRIOR_SAMPLE))
        db_same = agree(from_db, sampled.best_hour, sampled.posterior)
        print(f"(sampled zone priors vs full: best hours equal for "
              f"{float(np.mean(sampled.best_hour == found.best_hour)):.4f} of readers)",
              flush=True)
        print(f"sendtime.estimates from PostgreSQL (SQL aggregate + numpy): "
              f"{statistics.median(db_times) * 1000:.0f} ms for {args.readers:,} readers; "
              f"best hours {'equal' if db_same else 'DIFFER'} to the in-memory ones",
              flush=True)
        status |= 0 if db_same else 1

    # the simulation: one send inside the next Monday's 24 hours (UTC)
    start = dt.datetime.combine(this_monday + dt.timedelta(days=7), dt.time(0),
                                tzinfo=dt.UTC)
    readers = [sendtime.Reader(ZONES[z][0]) for z in zone_list]
    started = time.perf_counter()
    moments, peak = sendtime.place(readers, found.posterior, found.confidence, start,
                                   start + dt.timedelta(hours=24))
    placing = time.perf_counter() - started
    local = [moment + dt.timedelta(hours=ZONES[z][1]) for moment, z in
             zip(moments, zone_list, strict=True)]
    sto_how = np.array([m.weekday() * 24 + m.hour for m in local])
    # 09:00 local on Monday is inside the window in all four zones (UTC-3 to UTC+9)
    fixed_how = np.full(args.readers, start.weekday() * 24 + 9)
    sto_rate = float(open_probability(sto_how, planted).mean())
    fixed_rate = float(open_probability(fixed_how, planted).mean())
    ideal = float(open_probability(np.array([start.weekday() * 24 + p % 24
                                             for p in planted]), planted).mean())
    print(f"simulated open rate: STO {sto_rate:.4f} vs fixed 09:00 local {fixed_rate:.4f} "
          f"({sto_rate / fixed_rate:.2f}x; everyone at their habit's hour on Monday {ideal:.4f}); "
          f"plan peak/mean {peak:.2f}, placing {args.readers:,} readers {placing:.2f} s",
          flush=True)
    status |= 0 if sto_rate > fixed_rate else 1
    return status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readers", type=positive, default=100_000)
    parser.add_argument("--events", type=positive, default=2_000_000)
    parser.add_argument("--reps", type=positive, default=5)
    parser.add_argument("--loop-reps", type=positive, default=1)
    parser.add_argument("--db-reps", type=positive, default=1)
    run_timed(run(parser.parse_args()))


if __name__ == "__main__":
    main()
