"""Near-duplicate of a recent publication: the same announcement sent twice annoys
readers and trains spam filters. Word 3-shingles, MinHash signatures (datasketch), and
the estimated Jaccard similarity against publications of the last 30 days (at most the
500 newest, the publication itself and canceled ones excluded)."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from datasketch import MinHash

from domain.intelligence.checks import CheckKind, CheckResult, failed, passed
from domain.intelligence.checks.content import CheckedContent
from domain.publications.models import Publication, PublicationStatus

KIND = CheckKind.NEAR_DUPLICATE
WINDOW = dt.timedelta(days=30)
MAX_CANDIDATES = 500
THRESHOLD = 0.8
SHINGLE_WORDS = 3
PERMUTATIONS = 128
#: characters of each text compared (a body can be 200,000)
TEXT_LIMIT = 20_000
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Candidate:
    publication_id: int
    title: str
    text: str


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = _WORD.findall(text[:TEXT_LIMIT].lower())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash | None:
    grams = shingles(text)
    if not grams:
        return None
    minhash = MinHash(num_perm=PERMUTATIONS, seed=1)
    minhash.update_batch(list(grams))
    return minhash


def most_similar(text: str, candidates: Sequence[Candidate]
                 ) -> tuple[Candidate, float] | None:
    mine = signature(text)
    if mine is None:
        return None
    best: tuple[Candidate, float] | None = None
    for candidate in candidates:
        theirs = signature(candidate.text)
        if theirs is None:
            continue
        similarity = mine.jaccard(theirs)
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
