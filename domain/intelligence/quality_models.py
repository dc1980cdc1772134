"""What the quality gate stores: admin policies and the check runs of each publication.

A check run is written when a publication enters review (submit or reviewer override)
or an alert goes out; a blocked submit writes nothing (it changes nothing at all).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from domain.common import TimestampedMixin
from domain.publications.models import Priority

if TYPE_CHECKING:
    from domain.audience.models import Topic
    from domain.publications.models import Publication


class RunTrigger(StrEnum):
    SUBMIT = "submit"
    OVERRIDE = "override"
    ALERT = "alert"


class QualityPolicy(TimestampedMixin, Model):
    """One scope: a topic, a priority, or neither (the default). `rules` maps a check
    kind to block/warn/off; kinds it does not name keep the built-in severity."""

    id = fields.IntField(primary_key=True)
    topic: fields.ForeignKeyNullableRelation[Topic] = fields.ForeignKeyField(
        "models.Topic", related_name="quality_policies", null=True, on_delete=fields.CASCADE
    )
    priority = fields.CharEnumField(Priority, max_length=16, null=True)
    min_score = fields.FloatField(null=True)
    rules = fields.JSONField(default=dict)

    class Meta:
        table = "quality_policy"


class CheckRun(Model):
    """The checks a publication passed into review (or out as an alert) with, and the
    quality score the policy saw. `results` is a list of CheckResult dicts."""

    id = fields.BigIntField(primary_key=True)
    publication: fields.ForeignKeyRelation[Publication] = fields.ForeignKeyField(
        "models.Publication", related_name="check_runs", on_delete=fields.CASCADE
    )
    trigger = fields.CharEnumField(RunTrigger, max_length=16)
    quality = fields.FloatField(null=True)
    results = fields.JSONField(default=list)
    overridden = fields.BooleanField(default=False)
    override_note = fields.TextField(null=True)
    actor_name = fields.CharField(max_length=200, default="system")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "quality_check_run"
        indexes = (("publication_id", "id"), ("created_at",))
