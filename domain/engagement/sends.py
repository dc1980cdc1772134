"""Sent and failed counts for the rollups, from the delivery engine's batches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from domain.engagement.recorder import RollupDelta, apply_rollup


async def record_send_outcomes(outcomes: Mapping[tuple[int, int], Sequence[int]]) -> None:
    """`outcomes`: (publication id, channel id) → (sent, failed) of one batch. One upsert
    per batch keeps this off the per-message path."""
    now = dt.datetime.now(dt.UTC)
    delta = RollupDelta()
    for (publication_id, channel_id), (sent, failed) in outcomes.items():
        if sent:
            delta.add(now, publication_id, channel_id, "sent", sent)
        if failed:
            delta.add(now, publication_id, channel_id, "failed", failed)
    await apply_rollup(delta)
