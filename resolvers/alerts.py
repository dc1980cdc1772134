from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

from domain.alerts import service
from domain.alerts.models import Alert
from domain.alerts.service import AlertState
from domain.idempotency.service import create_once
from domain.publications.models import Priority
from domain.realtime.announce import announce_alerts
from domain.realtime.events import alert_channel
from resolvers.context import RequestContext
from resolvers.permissions import Ability, require
from resolvers.quality import check_environment
from resolvers.realtime import stream


async def create_alert(context: RequestContext, *, title: str, body: str, summary: str,
                       severity: Priority, topic_ids: list[int], channel_ids: list[int],
                       deadline_seconds: float | None, idempotency_key: str | None) -> Alert:
    actor = require(context, Ability.EDIT_CONTENT)
    deadline = dt.timedelta(seconds=deadline_seconds) if deadline_seconds \
        else service.DEFAULT_DEADLINE
    payload = {"title": title, "body": body, "summary": summary, "severity": severity,
               "topic_ids": topic_ids, "channel_ids": channel_ids, "deadline": deadline}
    alert = await create_once(actor, "createAlert", idempotency_key, payload, Alert,
                              lambda: service.create_alert(
                                  actor, **payload, checks=check_environment(context)))
    if context.queue is not None:
        await context.queue.start_alert(alert.publication_id)
    if (publisher := context.event_publisher()) is not None:
        await announce_alerts(publisher, [alert])
    return alert


async def alert_state(context: RequestContext, alert_id: int) -> AlertState | None:
    require(context, Ability.READ)
    alert = await Alert.get_or_none(id=alert_id)
    return await service.refresh_state(alert) if alert is not None else None


async def alert_status(context: RequestContext, alert_id: int) -> AsyncIterator[AlertState]:
    require(context, Ability.READ)
    alert = await service.get_alert(alert_id)

    async def snapshot() -> AlertState:
        return await service.refresh_state(alert)

    async for state in stream(context, Ability.READ, alert_channel(alert_id), snapshot,
                              AlertState.from_event):
        yield state
