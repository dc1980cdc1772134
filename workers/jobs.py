"""Job functions. Each is idempotent: arq may run a job again after a worker dies."""

from __future__ import annotations

import logging
from typing import Any

from domain.idempotency.service import purge_expired

logger = logging.getLogger(__name__)


async def purge_idempotency_keys(ctx: dict[str, Any]) -> int:
    removed = await purge_expired()
    if removed:
        logger.info("purged %d expired idempotency keys", removed)
    return removed
