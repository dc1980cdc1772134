"""A/B experiments on a publication: variants, weights and sticky subscriber assignments."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from domain.common import TimestampedMixin

if TYPE_CHECKING:
    from domain.audience.models import Subscriber
    from domain.publications.models import Publication


class ExperimentStatus(StrEnum):
    DRAFT = "draft"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELED = "canceled"


class ExperimentMetric(StrEnum):
    OPEN_RATE = "open_rate"
    CLICK_RATE = "click_rate"


class Experiment(TimestampedMixin, Model):
    id = fields.IntField(primary_key=True)
    publication: fields.ForeignKeyRelation[Publication] = fields.ForeignKeyField(
        "models.Publication", related_name="experiments", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=200)
    metric = fields.CharEnumField(
        ExperimentMetric, max_length=16, default=ExperimentMetric.OPEN_RATE
    )
    status = fields.CharEnumField(ExperimentStatus, max_length=16, default=ExperimentStatus.DRAFT)
    started_at = fields.DatetimeField(null=True)
    ended_at = fields.DatetimeField(null=True)

    class Meta:
        table = "experiment"


class Variant(Model):
    id = fields.IntField(primary_key=True)
    experiment: fields.ForeignKeyRelation[Experiment] = fields.ForeignKeyField(
        "models.Experiment", related_name="variants", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    weight = fields.IntField(default=1)
    title = fields.CharField(max_length=300, null=True)
    summary = fields.TextField(null=True)
    body = fields.TextField(null=True)
    is_winner = fields.BooleanField(default=False)

    class Meta:
        table = "variant"
        unique_together = (("experiment", "name"),)


class Assignment(Model):
    id = fields.BigIntField(primary_key=True)
    experiment: fields.ForeignKeyRelation[Experiment] = fields.ForeignKeyField(
        "models.Experiment", related_name="assignments", on_delete=fields.CASCADE
    )
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="assignments", on_delete=fields.CASCADE
    )
    subscriber: fields.ForeignKeyRelation[Subscriber] = fields.ForeignKeyField(
        "models.Subscriber", related_name="assignments", on_delete=fields.CASCADE
    )
    assigned_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "assignment"
        unique_together = (("experiment", "subscriber"),)
