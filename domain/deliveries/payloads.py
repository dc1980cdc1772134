"""The JSON a webhook receiver gets: the publication, and the recipient it is for."""

from __future__ import annotations

import datetime as dt
from typing import Any

from domain.audience.models import Subscriber, Topic
from domain.publications.models import Publication

EVENT_TYPE = "publication.published"


def publication_data(publication: Publication, topics: list[Topic]) -> dict[str, Any]:
    return {
        "id": publication.id,
        "title": publication.title,
        "summary": publication.summary,
        "body": publication.body,
        "priority": publication.priority.value,
        "topics": [topic.slug for topic in topics],
        "published_at": (publication.publish_at or dt.datetime.now(dt.UTC)).isoformat(),
    }


def recipient_data(subscriber: Subscriber | None) -> dict[str, Any] | None:
    if subscriber is None:
        return None
    return {
        "id": subscriber.id,
        "email": subscriber.email,
        "external_id": subscriber.external_id,
        "name": subscriber.name,
        "locale": subscriber.locale,
        "timezone": subscriber.timezone,
        "attributes": subscriber.attributes,
    }


def webhook_payload(publication: dict[str, Any], recipient: dict[str, Any] | None,
                    delivery_key: str) -> dict[str, Any]:
    return {
        "type": EVENT_TYPE,
        "timestamp": dt.datetime.now(dt.UTC).isoformat(),
        "data": {"delivery": delivery_key, "publication": publication, "recipient": recipient},
    }
