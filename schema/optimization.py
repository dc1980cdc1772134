"""Optimization: send-time estimates and plans (`sendAt: OPTIMAL`), best channels,
performance with confidence intervals and anomalies, recommendations."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry import relay
from strawberry.types import Info

from domain.optimization.models import SendTimePlan as SendTimePlanModel
from domain.optimization.sendtime import SendTimeEstimate as EstimateModel
from resolvers import optimization as resolvers
from schema.ids import decode_id, decode_ids
from schema.permissions import CanRead

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@strawberry.enum(description="When a scheduled publication goes out.")
class SendAt(Enum):
    FIXED = "fixed"
    OPTIMAL = "optimal"


@strawberry.type(description="A reader's best hour of the week in their own time zone.")
class SendTimeEstimate:
    subscriber_id: relay.GlobalID
    timezone: str
    best_hour_of_week: int = strawberry.field(
        description="0 = Monday 00:00 … 167 = Sunday 23:00, on the reader's clock.")
    best_time_label: str = strawberry.field(description="e.g. 'Tuesday 09:00'.")
    confidence: float = strawberry.field(
        description="Share of the estimate that comes from the reader's own history "
                    "(0: the time zone's population pattern only).")
    events: int = strawberry.field(description="Human opens and clicks behind it.")
    from_history: bool

    @classmethod
    def from_model(cls, found: EstimateModel) -> SendTimeEstimate:
        hour = found.best_hour_of_week
        return cls(subscriber_id=relay.GlobalID("Subscriber", str(found.subscriber_id)),
                   timezone=found.timezone, best_hour_of_week=hour,
                   best_time_label=f"{DAYS[hour // 24]} {hour % 24:02d}:00",
                   confidence=found.confidence, events=found.events,
                   from_history=found.from_history)


@strawberry.type(description="A publication scheduled with sendAt: OPTIMAL.")
class SendTimePlan:
    window_start: dt.datetime
    window_end: dt.datetime
    planned_at: dt.datetime | None = strawberry.field(
        description="When the deliveries got their due times (audience resolution).")
    planned: int = strawberry.field(description="Deliveries due at their reader's time.")
    unplanned: int = strawberry.field(
        description="Deliveries due at the window's start (chat rooms; readers outside the "
                    "send_time_optimization flag's rollout).")
    peak_to_mean: float | None = strawberry.field(
        description="The busiest hour's deliveries over the mean per hour.")

    @classmethod
    def from_model(cls, plan: SendTimePlanModel) -> SendTimePlan:
        return cls(window_start=plan.window_start, window_end=plan.window_end,
                   planned_at=plan.planned_at, planned=plan.planned,
                   unplanned=plan.unplanned, peak_to_mean=plan.peak_to_mean)


@strawberry.type
class OptimizationQueries:
    @strawberry.field(description="Best send hour per reader (1-100 readers). Requires any "
                                  "role.", permission_classes=[CanRead])
    async def send_time_estimates(self, info: Info, subscriber_ids: list[relay.GlobalID]
                                  ) -> list[SendTimeEstimate]:
        ids = decode_ids(subscriber_ids, "Subscriber", "subscriberIds") or []
        return [SendTimeEstimate.from_model(found)
                for found in await resolvers.send_time_estimates(info.context, ids)]

    @strawberry.field(description="The send-time plan of a publication scheduled with "
                                  "sendAt: OPTIMAL, or null. Requires any role.",
                      permission_classes=[CanRead])
    async def send_time_plan(self, info: Info, publication_id: relay.GlobalID
                             ) -> SendTimePlan | None:
        plan = await resolvers.send_time_plan(
            info.context, decode_id(publication_id, "Publication", "publicationId"))
        return SendTimePlan.from_model(plan) if plan is not None else None
