"""Topic profiles: what each topic is about, from its name and description (the seed, so
a topic without publications still works) and the text of its recent publications.

Building them reads up to PROFILE_ROWS publications (bodies cut to PROFILE_BODY_CHARS), so
the result is cached per process and rebuilt only when topics or publications changed —
checked with one cheap query at most every `check_seconds`."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict

from tortoise import BaseDBAsyncClient, Tortoise

from domain.intelligence.analysis import TopicProfile

#: newest publications per topic that go into its profile
PER_TOPIC = 50
PROFILE_ROWS = 5_000
PROFILE_BODY_CHARS = 2_000
MAX_TOPICS = 1_000

_SIGNATURE = """
SELECT (SELECT count(*) FROM topic) AS topics,
       (SELECT max(updated_at) FROM topic) AS topics_changed,
       (SELECT count(*) FROM publication_topic) AS links,
       (SELECT max(updated_at) FROM publication) AS publications_changed
"""
_TOPICS = "SELECT id, name, description FROM topic ORDER BY id LIMIT $1"
_TEXTS = """
SELECT pt.topic_id, p.title, p.summary, left(p.body, $2) AS body
FROM publication_topic pt JOIN publication p ON p.id = pt.publication_id
WHERE p.status <> 'canceled'
ORDER BY p.updated_at DESC, p.id DESC
LIMIT $1
"""


def _connection() -> BaseDBAsyncClient:
    return Tortoise.get_connection("default")


async def load_profiles() -> list[TopicProfile]:
    topics = await _connection().execute_query_dict(_TOPICS, [MAX_TOPICS])
    texts: dict[int, list[str]] = defaultdict(list)
    for row in await _connection().execute_query_dict(_TEXTS, [PROFILE_ROWS,
                                                               PROFILE_BODY_CHARS]):
        bucket = texts[row["topic_id"]]
        if len(bucket) < PER_TOPIC:
            bucket.append(f"{row['title']}\n{row['summary']}\n{row['body']}")
    return [TopicProfile(topic_id=row["id"], name=row["name"],
                         text="\n".join([row["name"], row["description"] or "",
                                         *texts.get(row["id"], [])]))
            for row in topics]


class ProfileCache:
    def __init__(self, check_seconds: float = 5.0) -> None:
        self.check_seconds = check_seconds
        self._profiles: list[TopicProfile] | None = None
        self._signature: tuple[object, ...] | None = None
        self._checked_at = 0.0
        self._lock = asyncio.Lock()

    def invalidate(self) -> None:
        self._checked_at = 0.0

    async def profiles(self) -> list[TopicProfile]:
        if self._profiles is not None and time.monotonic() - self._checked_at < \
                self.check_seconds:
            return self._profiles
        async with self._lock:
            if self._profiles is not None and time.monotonic() - self._checked_at < \
                    self.check_seconds:
                return self._profiles
            row = (await _connection().execute_query_dict(_SIGNATURE))[0]
            signature = (row["topics"], row["topics_changed"], row["links"],
                         row["publications_changed"])
            if self._profiles is None or signature != self._signature:
                self._profiles = await load_profiles()
                self._signature = signature
            self._checked_at = time.monotonic()
            return self._profiles
