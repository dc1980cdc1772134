"""Writing a claim's outcomes as they happen, and keeping its lease alive meanwhile.

A worker killed mid-batch re-sends exactly what it had not recorded. Recording once per
batch made that up to a whole batch per pump; recording each outcome before the slot
takes its next row makes it the requests in flight. Rows that finish together share one
statement (group commit), so the ledger sees a few writes per second, not one per row.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid

from domain.deliveries import ledger
from domain.periodic import repeating

logger = logging.getLogger(__name__)


class OutcomeWriter:
    """Group commit: the first writer to arrive writes everything queued behind it."""

    def __init__(self, lease_id: uuid.UUID) -> None:
        self.lease_id = lease_id
        self._queued: list[tuple[ledger.Outcome, asyncio.Future[None]]] = []
        self._writing = False

    async def write(self, outcome: ledger.Outcome) -> None:
        """Returns once `outcome` is in the ledger (raises what the write raised)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queued.append((outcome, future))
        if not self._writing:
            self._writing = True
            try:
                while self._queued:
                    group, self._queued = self._queued, []
                    await self._write_group(group)
            finally:
                self._writing = False
                # cancelled while others queued behind us: they must not wait for ever
                for _, waiting in self._queued:
                    if not waiting.done():
                        waiting.cancel()
                self._queued = []
        await future

    async def _write_group(self, group: list[tuple[ledger.Outcome, asyncio.Future[None]]]
                           ) -> None:
        try:
            await ledger.record_outcomes(self.lease_id, [outcome for outcome, _ in group])
        except asyncio.CancelledError:
            for _, future in group:
                if not future.done():
                    future.cancel()
            raise
        except Exception as error:  # every waiter learns what went wrong
            for _, future in group:
                if not future.done():
                    future.set_exception(error)
        else:
            for _, future in group:
                if not future.done():
                    future.set_result(None)


def lease_kept(lease_id: uuid.UUID, lease_seconds: float
               ) -> contextlib.AbstractAsyncContextManager[None]:
    """Extend the claim's lease every third of it while the batch runs, so a slow
    destination, a loaded machine or a long rate-limit wait never lets another worker
    take rows this one is still sending; only a dead worker's rows wait out a lease."""

    async def extend() -> None:
        try:
            await ledger.extend_lease(lease_id, lease_seconds)
        except Exception:  # try again next time; the lease has margin
            logger.warning("could not extend lease %s", lease_id, exc_info=True)

    return repeating(max(0.5, lease_seconds / 3), extend)
