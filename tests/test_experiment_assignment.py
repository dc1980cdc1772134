"""Variant assignment: GrowthBook's published v2 hash cases, weights, holdout, stability."""

from __future__ import annotations

from collections import Counter

import pytest

from domain.experiments.assignment import assign, bucket, bucket_ranges, choose, normalised

# From GrowthBook's SDK test suite (tests/cases.json, "hash" with version 2,
# "getBucketRange" and "chooseVariation"), so our numbers are theirs.
GROWTHBOOK_V2_HASHES = [
    ("seed", "a", 0.0505),
    ("seed", "b", 0.2696),
    ("foo", "ab", 0.2575),
    ("foo", "def", 0.2019),
    ("89123klj", "8952klfjas09ujkasdf", 0.124),
    ("90850943850283058242805", "123", 0.7516),
    ("()**(%$##$%#$#", '___)((*":&', 0.0128),
]
GROWTHBOOK_BUCKET_RANGES = [
    ((2, 1, None), [(0, 0.5), (0.5, 1)]),
    ((2, 0.5, None), [(0, 0.25), (0.5, 0.75)]),
    ((2, 0, None), [(0, 0), (0.5, 0.5)]),
    ((4, 1, None), [(0, 0.25), (0.25, 0.5), (0.5, 0.75), (0.75, 1)]),
    ((2, 1, [0.4, 0.6]), [(0, 0.4), (0.4, 1)]),
    ((3, 1, [0.2, 0.3, 0.5]), [(0, 0.2), (0.2, 0.5), (0.5, 1)]),
    ((3, 0.2, [0.2, 0.3, 0.5]), [(0, 0.04), (0.2, 0.26), (0.5, 0.6)]),
    ((2, -0.2, None), [(0, 0), (0.5, 0.5)]),
    ((2, 1.5, None), [(0, 0.5), (0.5, 1)]),
    ((2, 1, [0.4, 0.1]), [(0, 0.5), (0.5, 1)]),
    ((2, 1, [0.7, 0.6]), [(0, 0.5), (0.5, 1)]),
    ((4, 1, [0.4, 0.4, 0.2]), [(0, 0.25), (0.25, 0.5), (0.5, 0.75), (0.75, 1)]),
    ((2, 1, [0.4, 0.5999]), [(0, 0.4), (0.4, 0.9999)]),
]
GROWTHBOOK_CHOICES = [
    (0.2, [(0, 0.5), (0.5, 1)], 0), (0.6, [(0, 0.5), (0.5, 1)], 1),
    (0, [(0, 0.5), (0.5, 1)], 0), (0.5, [(0, 0.5), (0.5, 1)], 1),
    (0.4, [(0, 0.25), (0.5, 0.75)], None), (0.25, [(0, 0.25), (0.5, 0.75)], None),
    (0.5, [(0, 0.25), (0.5, 0.75)], 1), (0.5, [(0, 0.5), (0.5, 0.5), (0.5, 1)], 2),
]


@pytest.mark.parametrize(("seed", "value", "expected"), GROWTHBOOK_V2_HASHES)
def test_growthbook_v2_hash_cases(seed: str, value: str, expected: float) -> None:
    assert bucket(seed, value) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(("arguments", "expected"), GROWTHBOOK_BUCKET_RANGES)
def test_growthbook_bucket_ranges(arguments: tuple, expected: list) -> None:
    count, coverage, weights = arguments
    ranges = bucket_ranges(count, coverage, weights)
    assert len(ranges) == len(expected)
    for (start, end), (want_start, want_end) in zip(ranges, expected, strict=True):
        assert start == pytest.approx(want_start) and end == pytest.approx(want_end)


@pytest.mark.parametrize(("position", "ranges", "expected"), GROWTHBOOK_CHOICES)
def test_growthbook_choose_variation(position: float, ranges: list, expected: int | None
                                     ) -> None:
    assert choose(position, ranges) == expected


def test_assignment_is_a_pure_function_of_seed_and_subscriber() -> None:
    first = [assign("exp-42", subscriber, [1, 1]) for subscriber in range(1, 2001)]
    again = [assign("exp-42", subscriber, [1, 1]) for subscriber in range(1, 2001)]
    other_seed = [assign("exp-43", subscriber, [1, 1]) for subscriber in range(1, 2001)]
    assert first == again
    agreement = sum(a == b for a, b in zip(first, other_seed, strict=True)) / len(first)
    assert 0.4 < agreement < 0.6  # another experiment's split is independent of this one


def test_distribution_follows_weights_over_100k_subscribers() -> None:
    counts = Counter(assign("weights", subscriber, [1, 1, 2]) for subscriber in range(100_000))
    shares = {variant: count / 100_000 for variant, count in counts.items()}
    assert set(shares) == {0, 1, 2}
    assert shares[0] == pytest.approx(0.25, abs=0.01)
    assert shares[1] == pytest.approx(0.25, abs=0.01)
    assert shares[2] == pytest.approx(0.50, abs=0.01)


def test_holdout_gets_nothing_and_growing_coverage_moves_nobody_between_variants() -> None:
    narrow = [assign("holdout", s, [1, 1], coverage=0.8) for s in range(20_000)]
    wide = [assign("holdout", s, [1, 1], coverage=0.9) for s in range(20_000)]
    held_out = narrow.count(None) / len(narrow)
    assert held_out == pytest.approx(0.2, abs=0.015)
    for before, after in zip(narrow, wide, strict=True):
        if before is not None:
            assert after == before


def test_weights_must_be_usable() -> None:
    with pytest.raises(ValueError):
        normalised([0, 0])
    with pytest.raises(ValueError):
        normalised([1, -1])
    assert normalised([1, 3]) == [0.25, 0.75]
