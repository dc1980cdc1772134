"""The publication lifecycle.

draft → in_review → approved → scheduled → publishing → published / failed, and canceled
from any state that has not finished. Each transition is a conditional UPDATE on the
current status, so two concurrent requests cannot both move the same publication.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from domain.audience.models import Topic
from domain.channels.models import Channel
from domain.deliveries import ledger
from domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from domain.matching.strategies import DEFAULT_NAME, check_strategy_name
from domain.principals.actor import Actor
from domain.principals.models import Role
from domain.principals.service import audit, principal_for
from domain.publications.models import Priority, Publication, PublicationStatus
from domain.templates.models import Brand
from domain.templates.selection import pin_templates
from domain.validation import optional_text, require_text

S = PublicationStatus
MAX_TITLE = 300
MAX_SUMMARY = 2_000
MAX_BODY = 200_000
MAX_SCHEDULE_AHEAD = dt.timedelta(days=366)
SCHEDULE_TOLERANCE = dt.timedelta(seconds=5)


@dataclass(frozen=True, slots=True)
class Transition:
    name: str
    sources: frozenset[PublicationStatus]
    target: PublicationStatus


SUBMIT = Transition("submit", frozenset({S.DRAFT}), S.IN_REVIEW)
APPROVE = Transition("approve", frozenset({S.IN_REVIEW}), S.APPROVED)
REJECT = Transition("reject", frozenset({S.IN_REVIEW}), S.DRAFT)
SCHEDULE = Transition("schedule", frozenset({S.APPROVED, S.SCHEDULED}), S.SCHEDULED)
PUBLISH_NOW = Transition("publish", frozenset({S.APPROVED, S.SCHEDULED}), S.PUBLISHING)
CANCEL = Transition(
    "cancel", frozenset({S.DRAFT, S.IN_REVIEW, S.APPROVED, S.SCHEDULED, S.PUBLISHING}),
    S.CANCELED,
)
EDITABLE = frozenset({S.DRAFT})


async def get_publication(publication_id: int) -> Publication:
    publication = await Publication.get_or_none(id=publication_id)
    if publication is None:
        raise NotFound("publication not found", field="id")
    return publication


async def _check_references(topic_ids: list[int] | None, channel_ids: list[int] | None,
                            brand_id: int | None) -> None:
    if topic_ids is not None:
        found = set(await Topic.filter(id__in=topic_ids).values_list("id", flat=True))
        for index, topic_id in enumerate(topic_ids):
            if topic_id not in found:
                raise InvalidInput(f"unknown topic id {topic_id}", field=f"topicIds[{index}]")
    if channel_ids is not None:
        found = set(await Channel.filter(id__in=channel_ids).values_list("id", flat=True))
        for index, channel_id in enumerate(channel_ids):
            if channel_id not in found:
                raise InvalidInput(f"unknown channel id {channel_id}",
                                   field=f"channelIds[{index}]")
    if brand_id is not None and not await Brand.exists(id=brand_id):
        raise InvalidInput(f"unknown brand id {brand_id}", field="brandId")


def _stored_strategy(name: str | None) -> str | None:
    """The default strategy is stored as no choice: it follows the default's versions."""
    return None if name in (None, DEFAULT_NAME) else name


async def create_publication(
    actor: Actor,
    *,
    title: str,
    summary: str = "",
    body: str = "",
    priority: Priority = Priority.NORMAL,
    topic_ids: list[int] | None = None,
    channel_ids: list[int] | None = None,
    brand_id: int | None = None,
    matching_strategy: str | None = None,
) -> Publication:
    title = require_text(title, "title", max_length=MAX_TITLE)
    summary = optional_text(summary, "summary", max_length=MAX_SUMMARY)
    body = optional_text(body, "body", max_length=MAX_BODY)
    topic_ids = list(dict.fromkeys(topic_ids or []))
    channel_ids = list(dict.fromkeys(channel_ids or []))
    await _check_references(topic_ids, channel_ids, brand_id)
    matching_strategy = _stored_strategy(await check_strategy_name(matching_strategy))
    author = await principal_for(actor)
    async with in_transaction():
        publication = await Publication.create(title=title, summary=summary, body=body,
                                               priority=priority, author=author,
                                               brand_id=brand_id,
                                               matching_strategy=matching_strategy)
        if topic_ids:
            await publication.topics.add(*await Topic.filter(id__in=topic_ids))
        if channel_ids:
            await publication.channels.add(*await Channel.filter(id__in=channel_ids))
    await audit(actor, "publication.create", "publication", publication.id)
    return publication


async def update_publication(
    actor: Actor,
    publication_id: int,
    *,
    title: str | None = None,
    summary: str | None = None,
    body: str | None = None,
    priority: Priority | None = None,
    topic_ids: list[int] | None = None,
    channel_ids: list[int] | None = None,
    brand_id: int | None = None,
    matching_strategy: str | None = None,
) -> Publication:
    """Only drafts change: what a reviewer approved is what goes out (the matching
    strategy too). `matching_strategy` None keeps it; "default" returns to the default."""
    publication = await get_publication(publication_id)
    if publication.status not in EDITABLE:
        raise Conflict(
            f"publication is {publication.status.value}; only drafts can be edited "
            "(reject it back to draft first)", field="id",
        )
    if title is not None:
        publication.title = require_text(title, "title", max_length=MAX_TITLE)
    if summary is not None:
        publication.summary = optional_text(summary, "summary", max_length=MAX_SUMMARY)
    if body is not None:
        publication.body = optional_text(body, "body", max_length=MAX_BODY)
    if priority is not None:
        publication.priority = priority
    topic_ids = list(dict.fromkeys(topic_ids)) if topic_ids is not None else None
    channel_ids = list(dict.fromkeys(channel_ids)) if channel_ids is not None else None
    await _check_references(topic_ids, channel_ids, brand_id)
    if brand_id is not None:
        publication.brand_id = brand_id
    if matching_strategy is not None:
        publication.matching_strategy = _stored_strategy(
            await check_strategy_name(matching_strategy))
    async with in_transaction():
        updated = await Publication.filter(id=publication.id, status__in=EDITABLE).update(
            title=publication.title, summary=publication.summary, body=publication.body,
            priority=publication.priority, brand_id=publication.brand_id,
            matching_strategy=publication.matching_strategy,
            updated_at=dt.datetime.now(dt.UTC),
        )
        if not updated:
            raise Conflict("publication left draft while it was being edited", field="id")
        if topic_ids is not None:
            await publication.topics.clear()
            if topic_ids:
                await publication.topics.add(*await Topic.filter(id__in=topic_ids))
        if channel_ids is not None:
            await publication.channels.clear()
            if channel_ids:
                await publication.channels.add(*await Channel.filter(id__in=channel_ids))
    await audit(actor, "publication.update", "publication", publication.id)
    return await get_publication(publication.id)


async def _transition(actor: Actor, publication_id: int, transition: Transition,
                      **changes: object) -> Publication:
    publication = await get_publication(publication_id)
    if publication.status not in transition.sources:
        allowed = ", ".join(sorted(status.value for status in transition.sources))
        raise Conflict(
            f"cannot {transition.name} a publication that is {publication.status.value} "
            f"(allowed from: {allowed})", field="id",
        )
    now = dt.datetime.now(dt.UTC)
    updated = await Publication.filter(
        id=publication_id, status=publication.status
    ).update(status=transition.target, updated_at=now, **changes)
    if not updated:
        raise Conflict("publication changed concurrently; reload and retry", field="id")
    await audit(actor, f"publication.{transition.name}", "publication", publication_id,
                {"from": publication.status.value, "to": transition.target.value})
    return await get_publication(publication_id)


async def submit_for_review(actor: Actor, publication_id: int) -> Publication:
    """The bare transition; entry points go through the quality gate
    (domain.intelligence.gating.submit), which calls this once the checks allow it."""
    publication = await get_publication(publication_id)
    if not await publication.channels.all().exists():
        raise InvalidInput("add at least one channel before submitting", field="channelIds")
    return await _transition(actor, publication_id, SUBMIT,
                             submitted_at=dt.datetime.now(dt.UTC), review_note=None)


async def approve(actor: Actor, publication_id: int, note: str | None = None) -> Publication:
    publication = await get_publication(publication_id)
    reviewer = await principal_for(actor)
    if publication.author_id == reviewer.id and actor.role is not Role.ADMIN:
        raise PermissionDenied("a publication must be approved by someone other than its "
                               "author")
    return await _transition(actor, publication_id, APPROVE, approved_at=dt.datetime.now(dt.UTC),
                             approved_by_id=reviewer.id,
                             review_note=optional_text(note, "note", max_length=5000) or None,
                             # the template versions in force now are the ones it goes out with
                             template_pins=await pin_templates(publication))


async def reject(actor: Actor, publication_id: int, note: str) -> Publication:
    note = require_text(note, "note", max_length=5000)
    return await _transition(actor, publication_id, REJECT, review_note=note)


async def schedule(actor: Actor, publication_id: int, at: dt.datetime) -> Publication:
    if at.tzinfo is None:
        raise InvalidInput("at must include a time zone offset", field="at")
    now = dt.datetime.now(dt.UTC)
    if at < now - SCHEDULE_TOLERANCE:
        raise InvalidInput("at must not be in the past", field="at")
    if at > now + MAX_SCHEDULE_AHEAD:
        raise InvalidInput("at must be within a year", field="at")
    return await _transition(actor, publication_id, SCHEDULE, publish_at=at)


async def publish_now(actor: Actor, publication_id: int) -> Publication:
    return await _transition(actor, publication_id, PUBLISH_NOW,
                             publish_at=dt.datetime.now(dt.UTC))


async def cancel(actor: Actor, publication_id: int) -> Publication:
    """Stops what has not been sent: pending deliveries become skipped; those already
    handed to a provider stay as they are."""
    publication = await _transition(actor, publication_id, CANCEL,
                                    canceled_at=dt.datetime.now(dt.UTC))
    await ledger.skip_pending(publication_id, "publication canceled")
    return publication


def publications_query(*, status: PublicationStatus | None = None,
                       priority: Priority | None = None, topic_id: int | None = None,
                       search: str | None = None) -> QuerySet[Publication]:
    query = Publication.all()
    if status is not None:
        query = query.filter(status=status)
    if priority is not None:
        query = query.filter(priority=priority)
    if topic_id is not None:
        query = query.filter(topics__id=topic_id)
    if search:
        query = query.filter(title__icontains=search[:200])
    return query
