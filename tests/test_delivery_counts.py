"""Per-status delivery counts kept by the `delivery` triggers (migration 8) stay exactly
what a GROUP BY over the ledger says, whoever writes it and however: audience
resolution's INSERT … SELECT, the ledger's claims and outcome writes, bulk UPDATEs,
cascading deletes, concurrent transactions, rollbacks."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from domain.audience.models import Subscriber
from domain.deliveries import ledger
from domain.deliveries.audience import resolve_audience
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.deliveries.service import status_counts
from domain.publications.models import Publication
from tests.delivery_fixtures import publication_to

HOOK = "https://receiver.example/hook"


async def _group_by() -> dict[DeliveryStatus, int]:
    """The old way: count every delivery."""
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT status, count(*) AS total FROM delivery GROUP BY status")
    return {DeliveryStatus(row["status"]): row["total"] for row in rows}


async def _change_rows() -> int:
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT count(*) AS n FROM delivery_status_count")
    return rows[0]["n"]


async def _assert_counts_match() -> dict[DeliveryStatus, int]:
    counts = await status_counts()
    assert counts == await _group_by()
    return counts


async def test_counts_follow_inserts_ledger_writes_bulk_updates_and_cascading_deletes(
        db) -> None:
    assert await status_counts() == {}
    first = await publication_to(HOOK, 120, slug="first")
    second = await publication_to(HOOK, 30, slug="second")

    # audience resolution: one INSERT … SELECT per channel kind
    await resolve_audience(first.publication.id)
    await resolve_audience(second.publication.id)
    assert await _assert_counts_match() == {DeliveryStatus.PENDING: 150}

    # the ledger's own writes: a claim (UPDATE … FROM a locked CTE), then outcomes
    # written one statement per row (executemany)
    claim = await ledger.claim(100, 60)
    claimed = claim.rows
    assert len(claimed) == 100
    assert (await _assert_counts_match())[DeliveryStatus.SENDING] == 100
    await ledger.record(
        claim.lease_id,
        sent=[ledger.Sent(row.id, f"m{row.id}") for row in claimed[:60]],
        retries=[ledger.Retry(row.id, 1, dt.timedelta(seconds=5), "HTTP 503")
                 for row in claimed[60:75]],
        failed=[ledger.Failed(row.id, 1, "HTTP 404", dead=index % 2 == 0)
                for index, row in enumerate(claimed[75:90])],
        skipped=[ledger.Skipped(row.id, "left") for row in claimed[90:]])
    await _assert_counts_match()

    # set-based UPDATEs: one that changes statuses, one that changes none
    await ledger.skip_pending(second.publication.id, "canceled")
    await Delivery.filter(id__in=[row.id for row in claimed[:10]]).update(
        status=DeliveryStatus.DELIVERED)
    await Tortoise.get_connection("default").execute_query(
        "UPDATE delivery SET updated_at = now(), recipient = upper(recipient)")
    await _assert_counts_match()

    # a single row saved through the ORM, a subscriber deleted (SET NULL: no status change)
    row = await Delivery.filter(status=DeliveryStatus.PENDING).first()
    assert row is not None
    row.status = DeliveryStatus.QUEUED
    await row.save()
    await (await Subscriber.filter(email__startswith="first-").first()).delete()
    await _assert_counts_match()

    # a publication deleted: its deliveries go by cascade
    await Publication.filter(id=first.publication.id).delete()
    counts = await _assert_counts_match()
    assert sum(counts.values()) == 30
    await Publication.filter(id=second.publication.id).delete()
    assert await _assert_counts_match() == {}


async def test_a_rolled_back_write_leaves_the_counts_alone(db) -> None:
    scenario = await publication_to(HOOK, 20)
    await resolve_audience(scenario.publication.id)
    before = await _assert_counts_match()

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon):
        async with in_transaction() as connection:
            await connection.execute_query("UPDATE delivery SET status = 'dead'")
            await connection.execute_query("DELETE FROM delivery WHERE id % 2 = 0")
            raise Abandon
    assert await _assert_counts_match() == before


async def test_many_small_statements_fold_into_a_few_rows(db) -> None:
    """One statement per row (the ledger's executemany) writes one or two change rows
    each; the triggers fold them now and then, so reading stays a handful of rows."""
    scenario = await publication_to(HOOK, 150)
    await resolve_audience(scenario.publication.id)
    ids = await Delivery.all().order_by("id").values_list("id", flat=True)
    connection = Tortoise.get_connection("default")
    for number, delivery_id in enumerate(ids):
        status = ("sending", "sent", "failed")[number % 3]
        await connection.execute_query("UPDATE delivery SET status = $2 WHERE id = $1",
                                       [delivery_id, status])
    await _assert_counts_match()
    assert await _change_rows() < 64 + 2 * len(DeliveryStatus)


async def test_concurrent_transactions_neither_wait_for_each_other_nor_drift(db) -> None:
    """Four transactions, each moving its own rows through statuses in its own order
    (the pattern that deadlocks counters updated in place) at the same time."""
    scenario = await publication_to(HOOK, 200)
    await resolve_audience(scenario.publication.id)
    orders = (("sending", "sent", "failed"), ("failed", "sending", "dead"),
              ("sent", "dead", "sending"), ("dead", "failed", "sent"))

    async def writer(group: int, statuses: tuple[str, ...]) -> None:
        async with in_transaction() as connection:
            for step in range(12):
                await connection.execute_query(
                    "UPDATE delivery SET status = $1 WHERE id % 4 = $2 AND id % 3 = $3",
                    [statuses[step % 3], group, step % 3])
                await asyncio.sleep(0)

    await asyncio.wait_for(asyncio.gather(*(writer(group, order)
                                            for group, order in enumerate(orders))), 60)
    await _assert_counts_match()
