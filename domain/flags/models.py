"""Feature flags as stored: one row per flag key."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from domain.common import TimestampedMixin


class FeatureFlag(TimestampedMixin, Model):
    """A flag is on for a subject when it is enabled and the subject's stable hash falls
    below the rollout percentage (100: everyone)."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=64, unique=True)
    description = fields.CharField(max_length=500, default="")
    enabled = fields.BooleanField(default=False)
    rollout_percent = fields.FloatField(default=100.0)
    updated_by = fields.CharField(max_length=200, null=True)

    class Meta:
        table = "feature_flag"
