"""Variants for a publication's ledger, written in the transaction that resolves it.

Each subscriber's variant is decided once per experiment: an `assignment` row recorded
earlier wins (weights changed since then move nobody); otherwise GrowthBook's hash of
(seed, subscriber id) decides and the answer is recorded. A subscriber with several
channels gets the same variant on each. Channel-wide deliveries (a Slack or Discord
room) get the control: a room is not a person in the test.

Holdout subscribers get a `skipped` row saying so. In test-then-send mode a second hash
(seed + ":test") picks the test group; everyone else's rows are `held` without a variant
until the decision (domain/experiments/flows.py) gives them the winner.
"""

from __future__ import annotations

import datetime as dt

from tortoise import BaseDBAsyncClient

from domain.experiments.assignment import bucket, bucket_ranges, choose, normalised

HOLDOUT_REASON = "experiment holdout"


async def assign_ledger(connection: BaseDBAsyncClient, publication_id: int) -> int:
    """Give the publication's new ledger rows their variants; returns the experiment id
    acted on (0 when the publication has no running experiment)."""
    experiments = await connection.execute_query_dict(
        "SELECT id, seed, coverage, mode, test_fraction, test_window_seconds "
        "FROM experiment WHERE publication_id = $1 AND status = 'running' FOR UPDATE",
        [publication_id])
    if not experiments:
        return 0
    experiment = experiments[0]
    variants = await connection.execute_query_dict(
        "SELECT id, weight, send_delay_seconds FROM variant WHERE experiment_id = $1 "
        "ORDER BY position",
        [experiment["id"]])
    variant_ids = [row["id"] for row in variants]
    ranges = bucket_ranges(len(variants), experiment["coverage"],
                           normalised([row["weight"] for row in variants]))
    rows = await connection.execute_query_dict(
        "SELECT d.id, d.subscriber_id, a.variant_id AS recorded FROM delivery d "
        "LEFT JOIN assignment a ON a.experiment_id = $2 AND a.subscriber_id = d.subscriber_id "
        "WHERE d.publication_id = $1 AND d.status = 'pending'", [publication_id,
                                                                 experiment["id"]])
    seed = experiment["seed"]
    test_fraction = (experiment["test_fraction"]
                     if experiment["mode"] == "test_then_send" else None)
    decided: dict[int, int | None] = {}  # subscriber -> variant id (None: holdout)
    new_assignments: dict[int, int] = {}
    delivery_ids: list[int] = []
    statuses: list[str] = []
    chosen: list[int | None] = []
    for row in rows:
        subscriber_id = row["subscriber_id"]
        if subscriber_id is None:
            delivery_ids.append(row["id"])
            statuses.append("pending")
            chosen.append(variant_ids[0])
            continue
        if subscriber_id not in decided:
            variant_id = row["recorded"]
            if variant_id is None:
                index = choose(bucket(seed, str(subscriber_id)), ranges)
                variant_id = variant_ids[index] if index is not None else None
                if variant_id is not None:
                    new_assignments[subscriber_id] = variant_id
            decided[subscriber_id] = variant_id
        variant_id = decided[subscriber_id]
        delivery_ids.append(row["id"])
        if variant_id is None:
            statuses.append("skipped")
            chosen.append(None)
        elif test_fraction is not None and bucket(f"{seed}:test", str(subscriber_id)) >= (
                test_fraction):
            statuses.append("held")
            chosen.append(None)
        else:
            statuses.append("pending")
            chosen.append(variant_id)
    if new_assignments:
        await connection.execute_query(
            "INSERT INTO assignment (experiment_id, subscriber_id, variant_id, assigned_at) "
            "SELECT $1, s, v, now() FROM unnest($2::int[], $3::int[]) AS i(s, v) "
            "ON CONFLICT (experiment_id, subscriber_id) DO NOTHING",
            [experiment["id"], list(new_assignments), list(new_assignments.values())])
    if delivery_ids:
        await connection.execute_query(
            "UPDATE delivery d SET variant_id = i.v, status = i.s, "
            "last_error = CASE i.s WHEN 'skipped' THEN $4 ELSE d.last_error END, "
            "next_attempt_at = CASE WHEN i.s = 'pending' THEN d.next_attempt_at END, "
            "updated_at = now() "
            "FROM unnest($1::bigint[], $2::int[], $3::varchar[]) AS i(id, v, s) "
            "WHERE d.id = i.id", [delivery_ids, chosen, statuses, HOLDOUT_REASON])
    delays = {row["id"]: row["send_delay_seconds"] for row in variants
              if row["send_delay_seconds"]}
    if delays:  # a send-time variant: its rows come due later
        await connection.execute_query(
            "UPDATE delivery d SET next_attempt_at = now() + make_interval(secs => i.delay) "
            "FROM unnest($2::int[], $3::int[]) AS i(variant_id, delay) "
            "WHERE d.publication_id = $1 AND d.status = 'pending' "
            "AND d.variant_id = i.variant_id",
            [publication_id, list(delays), list(delays.values())])
    if test_fraction is not None:
        window = dt.timedelta(seconds=experiment["test_window_seconds"])
        await connection.execute_query(
            "UPDATE experiment SET decide_at = now() + $2::interval, updated_at = now() "
            "WHERE id = $1", [experiment["id"], window])
    return int(experiment["id"])
