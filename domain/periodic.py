"""Doing something at a fixed interval while a block of work runs (lease extensions,
heartbeats): the action's own failures are its business, the block's are not."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable


@contextlib.asynccontextmanager
async def repeating(interval: float, action: Callable[[], Awaitable[object]], *,
                    at_start: bool = False) -> AsyncIterator[None]:
    """Run `action` every `interval` seconds (and once at once with `at_start`) until
    the block ends; the task is cancelled and awaited on the way out."""

    async def loop() -> None:
        if at_start:
            await action()
        while True:
            await asyncio.sleep(interval)
            await action()

    task = asyncio.create_task(loop())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
