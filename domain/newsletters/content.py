"""What a digest's templates see besides the usual variables: `digest`.

`digest` = {frequency, period, title, count, items: [...], sections: [...]}, where each
item is {id, title, summary, url, published_at, topic: {id, name, slug}, reasons,
score} and `sections` groups the items by topic in the order they first appear. Built
per delivery from its `digest` row with one query for all the batch's publications and
one for their topics.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tortoise import Tortoise

from domain.audience.models import Frequency
from domain.newsletters.models import Digest
from domain.templates.context import publication_url

TITLES = {Frequency.DAILY.value: "Your daily digest", Frequency.WEEKLY.value: "Your weekly digest"}
#: summaries are cut here once per publication (at a word, with "…"), not per render
SUMMARY_LIMIT = 300


def shortened(text: str, limit: int = SUMMARY_LIMIT) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


async def item_details(publication_ids: Iterable[int], base_url: str
                       ) -> dict[int, dict[str, Any]]:
    ids = sorted(set(publication_ids))
    if not ids:
        return {}
    connection = Tortoise.get_connection("default")
    rows = await connection.execute_query_dict(
        "SELECT id, title, summary, published_at FROM publication WHERE id = ANY($1::int[])",
        [ids])
    return {row["id"]: {"id": row["id"], "title": row["title"],
                        "summary": shortened(row["summary"] or ""),
                        "url": publication_url(base_url, row["id"]),
                        "published_at": row["published_at"]} for row in rows}


async def topic_details(topic_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    ids = sorted(set(topic_ids))
    if not ids:
        return {}
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT id, name, slug FROM topic WHERE id = ANY($1::int[])", [ids])
    return {row["id"]: dict(row) for row in rows}


def digest_variables(frequency: str, period: str, items: Sequence[Mapping[str, Any]],
                     publications: Mapping[int, dict[str, Any]],
                     topics: Mapping[int, dict[str, Any]]) -> dict[str, Any]:
    """The `digest` variable for stored items (publications deleted since are left out)."""
    shown: list[dict[str, Any]] = []
    sections: dict[int, dict[str, Any]] = {}
    for item in items:
        details = publications.get(int(item["publication_id"]))
        if details is None:
            continue
        topic = topics.get(int(item["topic_id"]), {"id": item["topic_id"], "name": "",
                                                   "slug": ""})
        entry = {**details, "topic": topic, "reasons": list(item.get("reasons", [])),
                 "score": item.get("score")}
        shown.append(entry)
        sections.setdefault(topic["id"], {"topic": topic, "items": []})["items"].append(entry)
    return {"frequency": frequency, "period": period,
            "title": TITLES.get(frequency, "Your digest"), "count": len(shown),
            "items": shown, "sections": list(sections.values())}


async def digest_extras(delivery_ids: Sequence[int], base_url: str
                        ) -> dict[int, dict[str, Any]]:
    """delivery id → template extras ({"digest": …}) for the digest deliveries among
    `delivery_ids` (three queries)."""
    digests = await Digest.filter(delivery_id__in=list(delivery_ids)).values(
        "delivery_id", "frequency", "period", "items")
    if not digests:
        return {}
    publications = await item_details(
        (item["publication_id"] for d in digests for item in d["items"]), base_url)
    topics = await topic_details(item["topic_id"] for d in digests for item in d["items"])
    return {d["delivery_id"]: {"digest": digest_variables(
        str(getattr(d["frequency"], "value", d["frequency"])), d["period"], d["items"],
        publications, topics)} for d in digests}
