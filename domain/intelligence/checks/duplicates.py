"""Near-duplicate of a recent publication: the same announcement sent twice annoys
readers and trains spam filters. Word 3-shingles and their exact Jaccard similarity
against publications of the last 30 days (at most the 500 newest, the publication itself
and canceled ones excluded), on the first 20,000 characters of each.

Exact sets rather than MinHash sketches: over a window this small, hashing each shingle
once into a set (kept in a per-process cache keyed by the text) is cheaper than the
sketches' 128 permutations per text, and the answer is exact. Two sets whose sizes
differ by more than the threshold allows cannot reach it and are not intersected."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from domain.intelligence.checks import CheckKind, CheckResult, failed, passed
from domain.intelligence.checks.content import CheckedContent
from domain.publications.models import Publication, PublicationStatus

KIND = CheckKind.NEAR_DUPLICATE
WINDOW = dt.timedelta(days=30)
MAX_CANDIDATES = 500
THRESHOLD = 0.8
SHINGLE_WORDS = 3
#: characters of each text compared (a body can be 200,000)
TEXT_LIMIT = 20_000
#: shingle sets kept per process (a window's worth, several times over)
SHINGLE_CACHE = 2048
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Candidate:
    publication_id: int
    title: str
    text: str


@lru_cache(maxsize=SHINGLE_CACHE)
def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[int]:
    """Hashes of the text's word `size`-grams (lower-cased); process-local hashes, which
    is all a comparison within one process needs."""
    words = _WORD.findall(text[:TEXT_LIMIT].lower())
    if len(words) < size:
        return frozenset({hash(" ".join(words))}) if words else frozenset()
    return frozenset(hash(" ".join(words[i:i + size])) for i in range(len(words) - size + 1))


def jaccard(first: frozenset[int], second: frozenset[int]) -> float:
    if not first or not second:
        return 0.0
    common = len(first & second)
    return common / (len(first) + len(second) - common)


def most_similar(text: str, candidates: Sequence[Candidate], threshold: float = THRESHOLD
                 ) -> tuple[Candidate, float] | None:
    """The most similar candidate. Candidates whose size rules out `threshold` are
    skipped (the Jaccard index is at most the smaller size over the larger), so a
    result below the threshold is the best among those compared."""
    mine = shingles(text)
    if not mine:
        return None
    best: tuple[Candidate, float] | None = None
    for candidate in candidates:
        theirs = shingles(candidate.text)
        if not theirs:
            continue
        small, large = sorted((len(mine), len(theirs)))
        if small / large < threshold and best is not None:
            continue
        similarity = jaccard(mine, theirs)
        if best is None or similarity > best[1]:
            best = (candidate, similarity)
    return best


def _compared_text(title: str, summary: str, body: str) -> str:
    return "\n".join(part for part in (title, summary, body) if part)


async def recent_candidates(exclude_id: int | None, now: dt.datetime | None = None
                            ) -> list[Candidate]:
    since = (now or dt.datetime.now(dt.UTC)) - WINDOW
    query = Publication.filter(created_at__gte=since).exclude(
        status=PublicationStatus.CANCELED)
    if exclude_id is not None:
        query = query.exclude(id=exclude_id)
    rows = await query.order_by("-created_at", "-id").limit(MAX_CANDIDATES).values_list(
        "id", "title", "summary", "body")
    return [Candidate(pid, title, _compared_text(title, summary, body[:TEXT_LIMIT]))
            for pid, title, summary, body in rows]


async def check_near_duplicate(content: CheckedContent) -> CheckResult:
    candidates = await recent_candidates(content.publication_id)
    best = await asyncio.to_thread(most_similar, content.text, candidates)
    if best is not None and best[1] >= THRESHOLD:
        candidate, similarity = best
        return failed(KIND, f"{similarity:.0%} similar to publication {candidate.publication_id}"
                      f" ({candidate.title[:80]!r}) from the last {WINDOW.days} days",
                      publication_id=candidate.publication_id, similarity=round(similarity, 3))
    closest = round(best[1], 3) if best else 0.0
    return passed(KIND, f"no near-duplicate among {len(candidates)} recent publications",
                  closest_similarity=closest)
