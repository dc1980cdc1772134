"""The review queue: publications waiting for a reviewer, oldest submission first.

Keyset-paginated on (submitted_at, id), so a page stays stable while the queue moves.
The checks and the score of each item come from its latest check run
(domain.intelligence.gating.latest_runs); the analysis score field is left for the
analysis service to fill.
"""

from __future__ import annotations

import datetime as dt

from tortoise.queryset import QuerySet

from domain.errors import InvalidInput
from domain.publications.models import Priority, Publication, PublicationStatus

MAX_MIN_AGE = dt.timedelta(days=3650)


def review_queue_query(*, topic_id: int | None = None, author_id: int | None = None,
                       priority: Priority | None = None,
                       min_age: dt.timedelta | None = None,
                       now: dt.datetime | None = None) -> QuerySet[Publication]:
    """Publications in review, filtered. `min_age`: submitted at least this long ago."""
    query = Publication.filter(status=PublicationStatus.IN_REVIEW)
    if topic_id is not None:
        query = query.filter(topics__id=topic_id)
    if author_id is not None:
        query = query.filter(author_id=author_id)
    if priority is not None:
        query = query.filter(priority=priority)
    if min_age is not None:
        if not dt.timedelta(0) <= min_age <= MAX_MIN_AGE:
            raise InvalidInput("minAgeSeconds must be from 0 to ten years",
                               field="minAgeSeconds")
        query = query.filter(submitted_at__lte=(now or dt.datetime.now(dt.UTC)) - min_age)
    return query
