"""A/B experiments on a publication: variants, weights and sticky subscriber assignments.

An experiment's seed and weights decide each subscriber's variant (GrowthBook v2
hashing, domain/experiments/assignment.py); the `assignment` row records the answer the
first time it is given, so later weight changes never move anyone. Exposures and
conversions per variant are kept as signed deltas in `variant_tally` (exposures by a
trigger when a delivery first becomes sent, conversions by the engagement recorder when a
delivery's first human open or click arrives), so a read-out never scans the events."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from domain.common import TimestampedMixin
from domain.experiments.analysis import Metric

if TYPE_CHECKING:
    from domain.audience.models import Subscriber
    from domain.publications.models import Publication
    from domain.templates.models import Template


class ExperimentStatus(StrEnum):
    DRAFT = "draft"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELED = "canceled"


class ExperimentMode(StrEnum):
    #: every variant goes to its share of the audience at once
    SIMULTANEOUS = "simultaneous"
    #: a test fraction gets the variants; after the window the rest gets the winner
    TEST_THEN_SEND = "test_then_send"


class Experiment(TimestampedMixin, Model):
    id = fields.IntField(primary_key=True)
    publication: fields.ForeignKeyRelation[Publication] = fields.ForeignKeyField(
        "models.Publication", related_name="experiments", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=200)
    metric = fields.CharEnumField(Metric, max_length=16, default=Metric.OPEN_RATE)
    status = fields.CharEnumField(ExperimentStatus, max_length=16, default=ExperimentStatus.DRAFT)
    seed = fields.CharField(max_length=64, default="", description="hashing seed")
    minimum_detectable_effect = fields.FloatField(default=0.1)
    coverage = fields.FloatField(default=1.0, description="1 - holdout share")
    mode = fields.CharEnumField(ExperimentMode, max_length=16,
                                default=ExperimentMode.SIMULTANEOUS)
    test_fraction = fields.FloatField(null=True)
    test_window_seconds = fields.IntField(null=True)
    decide_at = fields.DatetimeField(null=True)
    decided_at = fields.DatetimeField(null=True)
    decision = fields.JSONField(null=True, description="the read-out the decision was made on")
    created_by = fields.CharField(max_length=200, null=True)
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
    position = fields.SmallIntField(default=0, description="0 is the control")
    weight = fields.IntField(default=1)
    title = fields.CharField(max_length=300, null=True)
    summary = fields.TextField(null=True)
    body = fields.TextField(null=True)
    template: fields.ForeignKeyNullableRelation[Template] = fields.ForeignKeyField(
        "models.Template", related_name="variants", null=True, on_delete=fields.SET_NULL,
        description="renders this variant's channel type with another template")
    send_delay_seconds = fields.IntField(
        null=True, description="this variant's deliveries go out this much later")
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


class VariantTally(Model):
    """Signed increments of a variant's counters; the read-out sums them per variant.
    Writers only insert (never wait on one another's counter row)."""

    id = fields.BigIntField(primary_key=True)
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="tallies", on_delete=fields.CASCADE
    )
    exposures = fields.BigIntField(default=0)
    opens = fields.BigIntField(default=0)
    clicks = fields.BigIntField(default=0)
    unsubscribes = fields.BigIntField(default=0)

    class Meta:
        table = "variant_tally"
        indexes = (("variant_id",),)
