"""Conversions per variant, counted where engagement is recorded.

The recorder calls this in the transaction of each event batch with the deliveries
whose *first* human open, click or unsubscribe the batch just claimed, so a variant's
conversions are unique per delivery and commit (or roll back) with the events."""

from __future__ import annotations

from collections.abc import Collection

from tortoise import BaseDBAsyncClient

_TALLY = """
INSERT INTO variant_tally (variant_id, exposures, opens, clicks, unsubscribes)
SELECT d.variant_id, 0, count(*) FILTER (WHERE f.kind = 'open'),
       count(*) FILTER (WHERE f.kind = 'click'), count(*) FILTER (WHERE f.kind = 'unsubscribe')
FROM unnest($1::bigint[], $2::varchar[]) AS f(delivery_id, kind)
JOIN delivery d ON d.id = f.delivery_id
WHERE d.variant_id IS NOT NULL AND f.kind IN ('open', 'click', 'unsubscribe')
GROUP BY d.variant_id ORDER BY d.variant_id
"""


async def tally_conversions(connection: BaseDBAsyncClient,
                            firsts: Collection[tuple[int, str]]) -> None:
    counted = [(delivery_id, kind) for delivery_id, kind in firsts if kind != "open_machine"]
    if counted:
        await connection.execute_query(_TALLY, [[d for d, _ in counted],
                                                [k for _, k in counted]])
