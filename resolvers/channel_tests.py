"""testChannel and channelPreview: check the caller, hand over to the domain."""

from __future__ import annotations

from domain.channels import testing
from domain.channels.testing import ChannelTestResult
from domain.deliveries import preview
from domain.deliveries.preview import ChannelPreview
from resolvers.context import RequestContext
from resolvers.permissions import Ability, require


async def send_channel_test(context: RequestContext, channel_id: int, to: str | None
                            ) -> ChannelTestResult:
    actor = require(context, Ability.MANAGE)
    return await testing.run_channel_test(context.channel_tester, actor, channel_id, to)


async def channel_preview(context: RequestContext, *, publication_id: int, channel_id: int,
                          subscriber_id: int | None) -> ChannelPreview:
    """Same ability as renderPreview: anyone who may read publications may see how one
    would look; preview links are inert, so no role gains a working unsubscribe link."""
    require(context, Ability.READ)
    return await preview.channel_preview(
        publication_id=publication_id, channel_id=channel_id, subscriber_id=subscriber_id,
        secret_key=context.secret_key, base_url=context.public_base_url)
