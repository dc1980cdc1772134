"""Deterministic, sticky variant assignment with GrowthBook's v2 hashing.

A subscriber's variant is a pure function of (experiment seed, subscriber id), so anyone
can reproduce an assignment in a notebook with GrowthBook's published algorithm:
FNV-1a 32-bit over ``seed + id``, hashed again over its decimal string, modulo 10,000.
Each variant owns a slice of [0, 1) proportional to its weight; with coverage below 1
only the start of each slice is used and the rest of it is the holdout, so shrinking
or growing the holdout never moves anyone from one variant to another.
"""

from __future__ import annotations

from collections.abc import Sequence

FNV_OFFSET_BASIS = 0x811C9DC5
FNV_PRIME = 0x01000193
UINT32 = 2**32

Range = tuple[float, float]


def fnv1a32(text: str) -> int:
    """FNV-1a over the text's code points, as GrowthBook's SDKs compute it."""
    value = FNV_OFFSET_BASIS
    for character in text:
        value = ((value ^ ord(character)) * FNV_PRIME) % UINT32
    return value


def bucket(seed: str, subscriber_key: str) -> float:
    """GrowthBook hash v2: a number in [0, 1) with four decimal places."""
    return (fnv1a32(str(fnv1a32(seed + subscriber_key))) % 10_000) / 10_000


def equal_weights(count: int) -> list[float]:
    return [1.0 / count] * count if count > 0 else []


def bucket_ranges(
    count: int, coverage: float = 1.0, weights: Sequence[float] | None = None
) -> list[Range]:
    """Each variant's slice of [0, 1), as GrowthBook's ``getBucketRanges``.

    Weights that do not describe ``count`` variants or do not sum to 1 (±0.01) fall back
    to equal weights, exactly like the reference, so published test cases reproduce.
    """
    coverage = min(max(coverage, 0.0), 1.0)
    chosen = list(weights) if weights is not None else equal_weights(count)
    if len(chosen) != count or not 0.99 <= sum(chosen) <= 1.01:
        chosen = equal_weights(count)
    ranges: list[Range] = []
    cumulative = 0.0
    for weight in chosen:
        start = cumulative
        cumulative += weight
        ranges.append((start, start + coverage * weight))
    return ranges


def choose(position: float, ranges: Sequence[Range]) -> int | None:
    """The index of the slice holding ``position``; None when it falls in the holdout."""
    for index, (start, end) in enumerate(ranges):
        if start <= position < end:
            return index
    return None


def normalised(weights: Sequence[int | float]) -> list[float]:
    """Integer weights as stored (e.g. 1:1:2) as fractions that sum to 1."""
    if any(weight < 0 for weight in weights):
        raise ValueError("weights must not be negative")
    total = float(sum(weights))
    if total <= 0:
        raise ValueError("at least one weight must be positive")
    return [weight / total for weight in weights]


def assign(
    seed: str, subscriber_id: int | str, weights: Sequence[int | float], coverage: float = 1.0
) -> int | None:
    """The variant index for one subscriber, or None for the holdout."""
    fractions = normalised(weights)
    ranges = bucket_ranges(len(fractions), coverage, fractions)
    return choose(bucket(seed, str(subscriber_id)), ranges)
