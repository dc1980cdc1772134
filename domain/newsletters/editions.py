"""Editorial newsletter editions: a publication of kind `newsletter` whose fixed parts
(its own title, summary and body as the intro, an optional featured story) are the same
for everyone, and whose dynamic sections are filled per subscriber when it is sent.

Section kinds (stored in `Publication.sections`, checked by `set_edition`):

- `featured`: {"publication_id"} — one chosen story, shown to every reader;
- `top_from_topics`: {"title", "limit", "days"} — the best `limit` publications of the
  last `days` days in the reader's topics on the edition's channel, ranked like digests
  (topic match, affinity, quality; diversity rule);
- `because_you_read`: {"title", "limit", "days"} — more from the reader's strongest
  interest topic; `{topic}` in the title is that topic's name. Readers without an
  interest profile get no such section.

A publication appears once per message (a later section skips what an earlier one
showed; the edition itself and its featured story never appear in sections). Sections
with nothing to show are left out. The edition goes through review, approval and
publishing like any publication; its audience is its topics' and channels' as usual.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tortoise import Tortoise
from tortoise.transactions import in_transaction

from domain.errors import Conflict, InvalidInput, NotFound
from domain.newsletters.content import item_details, topic_details
from domain.newsletters.ranking import Ranked, choose
from domain.newsletters.selection import CandidatePool, load_pool, reader_facts
from domain.principals.actor import Actor
from domain.principals.service import audit
from domain.publications.models import Publication, PublicationKind, PublicationStatus

FEATURED = "featured"
TOP_FROM_TOPICS = "top_from_topics"
BECAUSE_YOU_READ = "because_you_read"
KINDS = (FEATURED, TOP_FROM_TOPICS, BECAUSE_YOU_READ)
MAX_SECTIONS = 10
MAX_LIMIT = 10
MAX_DAYS = 31
MAX_TITLE = 200
DEFAULT_TITLES = {TOP_FROM_TOPICS: "Top stories from your topics",
                  BECAUSE_YOU_READ: "Because you read {topic}"}


@dataclass(frozen=True, slots=True)
class SectionSpec:
    kind: str
    title: str | None = None
    limit: int = 3
    days: int = 7
    publication_id: int | None = None


def _checked(specs: Sequence[SectionSpec]) -> list[dict[str, Any]]:
    if not specs:
        raise InvalidInput("an edition has at least one section", field="sections")
    if len(specs) > MAX_SECTIONS:
        raise InvalidInput(f"at most {MAX_SECTIONS} sections", field="sections")
    stored: list[dict[str, Any]] = []
    for index, spec in enumerate(specs):
        where = f"sections[{index}]"
        if spec.kind not in KINDS:
            raise InvalidInput(f"unknown section kind {spec.kind[:40]!r}", field=f"{where}.kind")
        if spec.kind == FEATURED:
            if spec.publication_id is None:
                raise InvalidInput("a featured section names its publication",
                                   field=f"{where}.publicationId")
            stored.append({"kind": FEATURED, "publication_id": spec.publication_id,
                           "title": (spec.title or "").strip()[:MAX_TITLE]})
            continue
        if not 1 <= spec.limit <= MAX_LIMIT:
            raise InvalidInput(f"limit is between 1 and {MAX_LIMIT}", field=f"{where}.limit")
        if not 1 <= spec.days <= MAX_DAYS:
            raise InvalidInput(f"days is between 1 and {MAX_DAYS}", field=f"{where}.days")
        title = (spec.title if spec.title is not None else DEFAULT_TITLES[spec.kind]).strip()
        if not title or len(title) > MAX_TITLE:
            raise InvalidInput(f"a section title is 1-{MAX_TITLE} characters",
                               field=f"{where}.title")
        stored.append({"kind": spec.kind, "title": title, "limit": spec.limit,
                       "days": spec.days})
    return stored


async def set_edition(actor: Actor, publication_id: int, specs: Sequence[SectionSpec]
                      ) -> Publication:
    """Make a draft a newsletter edition with these sections (replacing earlier ones).
    Everything is checked before anything is written."""
    publication = await Publication.get_or_none(id=publication_id)
    if publication is None:
        raise NotFound("publication not found", field="id")
    if publication.kind is PublicationKind.DIGEST:
        raise InvalidInput("digest publications are made by the digest job", field="id")
    sections = _checked(specs)
    featured = [s["publication_id"] for s in sections if s["kind"] == FEATURED]
    if featured:
        found = set(await Publication.filter(
            id__in=featured, kind=PublicationKind.STANDARD).values_list("id", flat=True))
        for index, section in enumerate(sections):
            if section["kind"] == FEATURED and (section["publication_id"] not in found
                                                or section["publication_id"] == publication_id):
                raise InvalidInput("the featured publication must be another standard "
                                   "publication", field=f"sections[{index}].publicationId")
    async with in_transaction():
        updated = await Publication.filter(
            id=publication_id, status=PublicationStatus.DRAFT).update(
            kind=PublicationKind.NEWSLETTER, sections=sections,
            updated_at=dt.datetime.now(dt.UTC))
        if not updated:
            raise Conflict(f"publication is {publication.status.value}; only drafts can be "
                           "edited", field="id")
    await audit(actor, "publication.edition", "publication", publication_id,
                {"sections": [s["kind"] for s in sections]})
    return await Publication.get(id=publication_id)


# --- filling the sections per reader --------------------------------------------------------

_TOPICS = """
SELECT subscriber_id, channel_id, array_agg(DISTINCT topic_id) AS topics
FROM subscriber_preference
WHERE subscriber_id = ANY($1::int[]) AND frequency <> 'never'
GROUP BY 1, 2
"""


@dataclass(frozen=True, slots=True)
class Recipient:
    delivery_id: int
    #: None for a channel-wide message (a Slack or Discord room): fixed parts only
    subscriber_id: int | None
    channel_id: int


def _window_days(sections: Sequence[Mapping[str, Any]]) -> int:
    return max((int(s.get("days", 7)) for s in sections if s["kind"] != FEATURED), default=0)


def fill_sections(edition: Publication, sections: Sequence[Mapping[str, Any]],
                  pool: CandidatePool, topics: frozenset[int], affinity: Mapping[int, float],
                  now: dt.datetime) -> list[dict[str, Any]]:
    """[{kind, title, items: [Ranked]}] for one reader (empty sections left out)."""
    shown = {edition.id} | {int(s["publication_id"]) for s in sections
                            if s["kind"] == FEATURED}
    filled: list[dict[str, Any]] = []
    for section in sections:
        if section["kind"] == FEATURED:
            filled.append({"kind": FEATURED, "title": section.get("title") or "",
                           "items": [], "publication_id": int(section["publication_id"])})
            continue
        start = now - dt.timedelta(days=int(section["days"]))
        title = str(section["title"])
        wanted = topics
        if section["kind"] == BECAUSE_YOU_READ:
            if not affinity:
                continue
            favourite = max(affinity, key=lambda topic: (affinity[topic], -topic))
            wanted = frozenset({favourite})
            title = title.replace("{topic}", pool.topic_names.get(favourite, "your topics"))
        candidates = [c for c in pool.in_window(wanted, start, now)
                      if c.publication_id not in shown]
        chosen = choose(candidates, wanted, affinity, int(section["limit"]))
        if chosen:
            shown.update(item.publication_id for item in chosen)
            filled.append({"kind": section["kind"], "title": title, "items": chosen})
    return filled


async def edition_plans(edition: Publication, recipients: Sequence[Recipient],
                        now: dt.datetime | None = None
                        ) -> tuple[dict[int, list[dict[str, Any]]], CandidatePool]:
    """delivery id → that reader's filled sections (a few queries for the whole batch)."""
    now = now or dt.datetime.now(dt.UTC)
    sections = list(edition.sections or [])
    pool = await load_pool(now - dt.timedelta(days=_window_days(sections)), now)
    subscriber_ids = sorted({r.subscriber_id for r in recipients if r.subscriber_id})
    facts = await reader_facts(subscriber_ids, pool, now)
    rows = await Tortoise.get_connection("default").execute_query_dict(
        _TOPICS, [subscriber_ids])
    topics: dict[tuple[int | None, int], frozenset[int]] = defaultdict(frozenset)
    for row in rows:
        topics[(row["subscriber_id"], row["channel_id"])] = frozenset(row["topics"])
    return {r.delivery_id: fill_sections(
        edition, sections, pool, topics[(r.subscriber_id, r.channel_id)],
        facts.affinity.get(r.subscriber_id or 0, {}), now) for r in recipients}, pool


def _item(ranked: Ranked, details: Mapping[int, dict[str, Any]],
          topics: Mapping[int, dict[str, Any]], names: Mapping[int, str]
          ) -> dict[str, Any] | None:
    found = details.get(ranked.publication_id)
    if found is None:
        return None
    return {**found, "topic": topics.get(ranked.topic_id, {"id": ranked.topic_id,
                                                             "name": "", "slug": ""}),
            "reasons": ranked.reasons(names), "score": round(ranked.score, 4)}


async def newsletter_variables(filled: Mapping[int, list[dict[str, Any]]],
                               pool: CandidatePool, base_url: str
                               ) -> dict[int, dict[str, Any]]:
    """delivery id → {"newsletter": {featured, sections: [{kind, title, items}]}}."""
    wanted = {item.publication_id for sections in filled.values() for s in sections
              for item in s["items"]}
    wanted |= {s["publication_id"] for sections in filled.values() for s in sections
               if s["kind"] == FEATURED}
    details = await item_details(wanted, base_url)
    topics = await topic_details({item.topic_id for sections in filled.values()
                                  for s in sections for item in s["items"]})
    result: dict[int, dict[str, Any]] = {}
    for delivery_id, sections in filled.items():
        featured = None
        shown: list[dict[str, Any]] = []
        for section in sections:
            if section["kind"] == FEATURED:
                featured = featured or details.get(section["publication_id"])
                continue
            items = [item for item in (_item(r, details, topics, pool.topic_names)
                                       for r in section["items"]) if item is not None]
            if items:
                shown.append({"kind": section["kind"], "title": section["title"],
                              "items": items})
        result[delivery_id] = {"newsletter": {"featured": featured, "sections": shown}}
    return result


async def edition_extras(edition: Publication, recipients: Sequence[Recipient],
                         base_url: str, now: dt.datetime | None = None
                         ) -> dict[int, dict[str, Any]]:
    """What the sender adds to each of an edition's messages."""
    filled, pool = await edition_plans(edition, recipients, now)
    return await newsletter_variables(filled, pool, base_url)


__all__ = ["Recipient", "SectionSpec", "edition_extras", "set_edition", "topic_details"]
