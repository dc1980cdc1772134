"""Privacy requests: a person's data export, and their erasure."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from domain.privacy.erasure import ErasureReport
from resolvers import privacy as resolvers
from schema.ids import decode_id
from schema.permissions import CanManage


@strawberry.type(description="What an erasure removed or anonymised (counts only).")
class EraseSubscriberPayload:
    id: relay.GlobalID = strawberry.field(description="The erased subscriber (gone now).")
    deliveries_anonymized: int
    deliveries_skipped: int = strawberry.field(description="Not sent yet: they never will.")
    events_deleted: int
    tracked_links_deleted: int
    outbox_messages_deleted: int
    audit_entries_scrubbed: int
    import_jobs_scrubbed: int
    suppressed: bool = strawberry.field(description="A hashed suppression entry keeps the "
                                                    "address from being mailed again.")

    @classmethod
    def of(cls, subscriber_id: int, report: ErasureReport) -> EraseSubscriberPayload:
        return cls(id=relay.GlobalID("Subscriber", str(subscriber_id)),
                   deliveries_anonymized=report.deliveries_anonymized,
                   deliveries_skipped=report.deliveries_skipped,
                   events_deleted=report.events_deleted,
                   tracked_links_deleted=report.tracked_links_deleted,
                   outbox_messages_deleted=report.outbox_messages_deleted,
                   audit_entries_scrubbed=report.audit_entries_scrubbed,
                   import_jobs_scrubbed=report.import_jobs_scrubbed,
                   suppressed=report.suppressed)


@strawberry.type
class PrivacyQueries:
    @strawberry.field(description="Everything held about one subscriber (profile, "
                                  "preferences, interest profile, deliveries, engagement "
                                  "events, tracked links, suppression, audit entries, import "
                                  "errors) as one JSON document; also GET "
                                  "/exports/subscribers/{id}. Audited. Requires admin.",
                      permission_classes=[CanManage])
    async def export_subscriber_data(self, info: Info, id: relay.GlobalID) -> JSON:
        return await resolvers.export_subscriber_data(info.context,
                                                      decode_id(id, "Subscriber"))


@strawberry.type
class PrivacyMutations:
    @strawberry.mutation(description="Remove a subscriber's personal data everywhere, keep "
                                     "anonymous metrics and a hashed suppression entry so "
                                     "the address is never mailed again. Audited (without "
                                     "the address). Requires admin.",
                         permission_classes=[CanManage])
    async def erase_subscriber(self, info: Info, id: relay.GlobalID) -> EraseSubscriberPayload:
        subscriber_id = decode_id(id, "Subscriber")
        report = await resolvers.erase_subscriber(info.context, subscriber_id)
        return EraseSubscriberPayload.of(subscriber_id, report)
