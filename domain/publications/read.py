"""Batch reads for many publications at once, so a page costs a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from tortoise.functions import Count

from domain.audience.models import Topic
from domain.channels.models import Channel
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.publications.models import Publication


async def topics_by_publication(publication_ids: Sequence[int]) -> dict[int, list[Topic]]:
    pairs = await Publication.filter(id__in=publication_ids, topics__id__isnull=False).values_list(
        "id", "topics__id")
    topics = {topic.id: topic for topic in await Topic.filter(
        id__in={topic_id for _, topic_id in pairs})} if pairs else {}
    grouped: dict[int, list[Topic]] = defaultdict(list)
    for publication_id, topic_id in sorted(pairs, key=lambda pair: pair[1]):
        grouped[publication_id].append(topics[topic_id])
    return grouped


async def channels_by_publication(publication_ids: Sequence[int]) -> dict[int, list[Channel]]:
    pairs = await Publication.filter(
        id__in=publication_ids, channels__id__isnull=False).values_list("id", "channels__id")
    channels = {channel.id: channel for channel in await Channel.filter(
        id__in={channel_id for _, channel_id in pairs})} if pairs else {}
    grouped: dict[int, list[Channel]] = defaultdict(list)
    for publication_id, channel_id in sorted(pairs, key=lambda pair: pair[1]):
        grouped[publication_id].append(channels[channel_id])
    return grouped


async def delivery_counts_by_publication(
    publication_ids: Sequence[int],
) -> dict[int, dict[DeliveryStatus, int]]:
    rows = await (
        Delivery.filter(publication_id__in=publication_ids)
        .annotate(total=Count("id"))
        .group_by("publication_id", "status")
        .values_list("publication_id", "status", "total")
    )
    counts: dict[int, dict[DeliveryStatus, int]] = defaultdict(dict)
    for publication_id, status, total in rows:
        counts[publication_id][DeliveryStatus(status)] = total
    return counts
