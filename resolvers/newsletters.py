"""Digest previews, schedule and progress: check the role, call the domain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from domain.audience.models import Frequency
from domain.newsletters import editions, views
from domain.publications.models import Publication
from resolvers.context import RequestContext
from resolvers.permissions import Ability, require
from resolvers.presentation import _public_base_url


async def newsletter_preview(context: RequestContext, *, subscriber_id: int, channel_id: int,
                             frequency: Frequency | None, at: dt.datetime | None,
                             publication_id: int | None = None) -> views.DigestPreview:
    require(context, Ability.EDIT_CONTENT)  # shows one reader's data and interests
    if publication_id is not None:
        return await views.edition_preview(subscriber_id, channel_id, publication_id, at=at,
                                           base_url=_public_base_url(context))
    return await views.digest_preview(subscriber_id, channel_id, frequency=frequency, at=at,
                                      base_url=_public_base_url(context))


async def set_edition(context: RequestContext, publication_id: int,
                      specs: Sequence[editions.SectionSpec]) -> Publication:
    actor = require(context, Ability.EDIT_CONTENT)
    return await editions.set_edition(actor, publication_id, specs)


async def digest_schedule(context: RequestContext, *, start: dt.datetime | None,
                          hours: int) -> list[views.ScheduleSlot]:
    require(context, Ability.READ)
    return await views.digest_schedule(start or dt.datetime.now(dt.UTC), hours)


async def digest_progress(context: RequestContext, *, frequency: Frequency, period: str
                          ) -> views.DigestProgress:
    require(context, Ability.READ)
    return await views.digest_progress(frequency, period)
