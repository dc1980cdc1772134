"""Digests in the API: what a reader would get, what goes out when, how a period does."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from domain.audience.models import Frequency as DomainFrequency
from domain.newsletters import views
from domain.newsletters.editions import SectionSpec
from resolvers import newsletters as resolvers
from schema.enums import Frequency
from schema.ids import decode_id
from schema.permissions import CanEditContent, CanRead
from schema.presentation import RenderedPreview
from schema.publications import Publication
from schema.topics import Topic


@strawberry.type(description="One item of a digest, and why it was chosen.")
class DigestItem:
    publication_id: strawberry.Private[int]
    topic_id: strawberry.Private[int]
    score: float = strawberry.field(description="Topic match + interest affinity + "
                                                "0.5 x quality (see the README).")
    reasons: list[str]

    @strawberry.field(description="The publication (null if it was deleted since).")
    async def publication(self, info: Info) -> Publication | None:
        row = await info.context.loaders.publication.load(self.publication_id)
        return Publication.from_model(row) if row else None

    @strawberry.field(description="The reader's topic the item is listed under.")
    async def topic(self, info: Info) -> Topic | None:
        row = await info.context.loaders.topic.load(self.topic_id)
        return Topic.from_model(row) if row else None


@strawberry.type(description="What one subscriber gets on one channel: a digest for the "
                             "period due at the preview's moment, or a newsletter edition "
                             "filled for them; the items, why, and the message.")
class NewsletterPreview:
    frequency: Frequency | None = strawberry.field(  # type: ignore[valid-type]
        description="The digest's frequency (null for an edition).")
    period: str | None = strawberry.field(
        description="The digest's local date (daily) or ISO week (weekly), e.g. 2026-12-07 "
                    "or 2026-W50 (null for an edition).")
    due_at: dt.datetime
    window_start: dt.datetime
    window_end: dt.datetime
    items: list[DigestItem]
    message: RenderedPreview | None = strawberry.field(
        description="The rendered message; null when the period has nothing to say (no "
                    "digest is sent).")
    already_sent: bool = strawberry.field(
        description="This period's digest was already written (items and message are what "
                    "was sent), or the edition is publishing or published.")

    @classmethod
    def from_preview(cls, preview: views.DigestPreview) -> NewsletterPreview:
        return cls(frequency=preview.frequency, period=preview.period or None,
                   due_at=preview.due_at,
                   window_start=preview.window_start, window_end=preview.window_end,
                   items=[DigestItem(publication_id=int(i["publication_id"]),
                                     topic_id=int(i["topic_id"]), score=float(i["score"]),
                                     reasons=list(i["reasons"])) for i in preview.items],
                   message=RenderedPreview.from_message(preview.message)
                   if preview.message is not None else None,
                   already_sent=preview.already_sent)


@strawberry.type(description="Digests due in one hour (UTC), for one frequency.")
class DigestScheduleSlot:
    hour: dt.datetime
    frequency: Frequency  # type: ignore[valid-type]
    digests: int = strawberry.field(description="Subscriber and channel pairs due then "
                                                "(periods with nothing to say included).")


@strawberry.type(description="Deliveries of one ledger status.")
class DigestStatusCount:
    status: str
    count: int


@strawberry.type(description="How one period's digests are doing.")
class DigestProgress:
    frequency: Frequency  # type: ignore[valid-type]
    period: str
    written: int = strawberry.field(description="Digests written with a message.")
    empty: int = strawberry.field(description="Readers whose period had nothing to say.")
    by_status: list[DigestStatusCount] = strawberry.field(
        description="The written digests' deliveries by ledger status.")
    publication_id: strawberry.Private[int | None]

    @strawberry.field(description="The period's parent publication (kind DIGEST); "
                                  "`publicationProgress(id)` streams it live.")
    async def publication(self, info: Info) -> Publication | None:
        if self.publication_id is None:
            return None
        row = await info.context.loaders.publication.load(self.publication_id)
        return Publication.from_model(row) if row else None


@strawberry.type
class NewsletterQueries:
    @strawberry.field(description="Exactly what a subscriber would get on a channel: their "
                                  "digest (the period due at `at`, default now), or with "
                                  "`publicationId` a newsletter edition filled for them: "
                                  "items, why each was chosen, the rendered message. Writes "
                                  "nothing. Requires editor or admin.",
                      permission_classes=[CanEditContent])
    async def newsletter_preview(self, info: Info, subscriber_id: relay.GlobalID,
                                 channel_id: relay.GlobalID,
                                 frequency: Frequency | None = None,  # type: ignore[valid-type]
                                 publication_id: relay.GlobalID | None = None,
                                 at: dt.datetime | None = None) -> NewsletterPreview:
        preview = await resolvers.newsletter_preview(
            info.context, subscriber_id=decode_id(subscriber_id, "Subscriber", "subscriberId"),
            channel_id=decode_id(channel_id, "Channel", "channelId"),
            frequency=DomainFrequency(frequency) if frequency else None, at=at,
            publication_id=decode_id(publication_id, "Publication", "publicationId")
            if publication_id is not None else None)
        return NewsletterPreview.from_preview(preview)

    @strawberry.field(description="Digests due per hour from `from` (default now) for "
                                  "`hours` hours (1-192), by frequency. Requires any role.",
                      permission_classes=[CanRead])
    async def digest_schedule(
            self, info: Info,
            start: Annotated[dt.datetime | None, strawberry.argument(name="from")] = None,
            hours: int = 24) -> list[DigestScheduleSlot]:
        slots = await resolvers.digest_schedule(info.context, start=start, hours=hours)
        return [DigestScheduleSlot(hour=s.hour, frequency=s.frequency, digests=s.digests)
                for s in slots]

    @strawberry.field(description="One period's digests: written, empty, and their "
                                  "deliveries by status. Requires any role.",
                      permission_classes=[CanRead])
    async def digest_progress(self, info: Info, frequency: Frequency,  # type: ignore[valid-type]
                              period: str) -> DigestProgress:
        progress = await resolvers.digest_progress(
            info.context, frequency=DomainFrequency(frequency), period=period)
        return DigestProgress(frequency=progress.frequency, period=progress.period,
                              written=progress.written, empty=progress.empty,
                              by_status=[DigestStatusCount(status=s, count=n)
                                         for s, n in progress.by_status.items()],
                              publication_id=progress.publication_id)


@strawberry.enum(description="What a newsletter section shows.")
class NewsletterSectionKind(Enum):
    FEATURED = "featured"
    TOP_FROM_TOPICS = "top_from_topics"
    BECAUSE_YOU_READ = "because_you_read"


@strawberry.input(description="One section of an edition. FEATURED needs publicationId; "
                              "the others take title, limit (1-10) and days (1-31).")
class NewsletterSectionInput:
    kind: NewsletterSectionKind
    title: str | None = strawberry.field(
        default=None, description="Shown above the section; `{topic}` in a BECAUSE_YOU_READ "
                                  "title is the reader's topic. Defaults per kind.")
    limit: int = 3
    days: int = 7
    publication_id: relay.GlobalID | None = None


@strawberry.input
class SetNewsletterEditionInput:
    id: relay.GlobalID
    sections: list[NewsletterSectionInput]


@strawberry.type(description="A section as stored on an edition.")
class NewsletterSection:
    kind: NewsletterSectionKind
    title: str
    limit: int | None
    days: int | None
    featured_id: strawberry.Private[int | None]

    @strawberry.field(description="The featured publication (FEATURED sections).")
    async def publication(self, info: Info) -> Publication | None:
        if self.featured_id is None:
            return None
        row = await info.context.loaders.publication.load(self.featured_id)
        return Publication.from_model(row) if row else None


@strawberry.type(description="A newsletter edition: the publication and its sections.")
class NewsletterEdition:
    publication: Publication
    sections: list[NewsletterSection]


@strawberry.type
class NewsletterMutations:
    @strawberry.mutation(description="Make a draft a newsletter edition (kind NEWSLETTER) "
                                     "with fixed parts (its text, a FEATURED story) and "
                                     "sections filled per reader at send time; replaces "
                                     "earlier sections. Requires editor or admin.",
                         permission_classes=[CanEditContent])
    async def set_newsletter_edition(self, info: Info, input: SetNewsletterEditionInput
                                     ) -> NewsletterEdition:
        specs = [SectionSpec(kind=section.kind.value, title=section.title, limit=section.limit,
                             days=section.days,
                             publication_id=decode_id(section.publication_id, "Publication",
                                                      f"sections[{index}].publicationId")
                             if section.publication_id is not None else None)
                 for index, section in enumerate(input.sections)]
        publication = await resolvers.set_edition(info.context, decode_id(input.id,
                                                                          "Publication"), specs)
        return NewsletterEdition(
            publication=Publication.from_model(publication),
            sections=[NewsletterSection(kind=NewsletterSectionKind(s["kind"]),
                                        title=s.get("title") or "", limit=s.get("limit"),
                                        days=s.get("days"),
                                        featured_id=s.get("publication_id"))
                      for s in publication.sections])
