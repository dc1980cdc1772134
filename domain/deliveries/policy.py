"""How hard the engine tries: attempts, backoff, batch sizes and leases.

Built by the composition root from the environment; the domain only reads it.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from domain.channels.outbound import MAX_RETRY_AFTER_SECONDS


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    max_attempts: int = 6
    backoff_base_seconds: float = 5.0
    backoff_max_seconds: float = 3600.0
    batch_size: int = 200
    concurrency: int = 50
    lease_seconds: float = 120.0
    request_timeout_seconds: float = 10.0
    max_inline_wait_seconds: float = 1.0
    breaker_failure_threshold: int = 5
    breaker_cooldown_seconds: float = 30.0
    allow_private_targets: bool = False

    def retry_delay(self, attempt: int, retry_after: float | None = None,
                    rng: random.Random | None = None) -> dt.timedelta:
        """Exponential backoff with full jitter (AWS architecture blog), never sooner than
        the destination's Retry-After."""
        ceiling = min(self.backoff_max_seconds,
                      self.backoff_base_seconds * (2 ** max(0, attempt - 1)))
        delay = (rng or random).uniform(ceiling / 2, ceiling)
        if retry_after is not None and math.isfinite(retry_after):
            # a destination may ask for more than our backoff ceiling; we honour it, up to
            # a day (a misconfigured header must not park a delivery for years)
            delay = max(delay, min(retry_after, MAX_RETRY_AFTER_SECONDS))
        return dt.timedelta(seconds=delay)
