"""Matching strategies as stored: one row per (name, version).

A version never changes once written (deliveries point at the exact version that scored
them); a new set of weights is a new version. Per name, at most one version is `active`;
learned versions wait as `proposed` until an admin promotes them.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from domain.common import TimestampedMixin


class StrategyMode(StrEnum):
    #: every subscribed channel whose score reaches the threshold
    ALL_CHANNELS = "all_channels"
    #: per subscriber, only the best-scoring channel that reaches the threshold
    BEST_CHANNEL = "best_channel"


class StrategyStatus(StrEnum):
    ACTIVE = "active"
    PROPOSED = "proposed"
    RETIRED = "retired"


class StrategySource(StrEnum):
    MANUAL = "manual"
    LEARNED = "learned"


class MatchingStrategy(TimestampedMixin, Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64)
    version = fields.IntField()
    #: scorer name -> weight (logit units); scorers not listed weigh 0
    weights = fields.JSONField(default=dict)
    bias = fields.FloatField(default=0.0)
    #: a candidate is selected when sigmoid(bias + sum(weight * feature)) >= threshold
    threshold = fields.FloatField(default=0.0)
    mode = fields.CharEnumField(StrategyMode, max_length=16, default=StrategyMode.ALL_CHANNELS)
    status = fields.CharEnumField(StrategyStatus, max_length=16, default=StrategyStatus.ACTIVE)
    source = fields.CharEnumField(StrategySource, max_length=16, default=StrategySource.MANUAL)
    #: offline metrics of a learned version (AUC, log-loss, the current version's figures)
    metrics = fields.JSONField(null=True)
    #: the version a learned one was trained against (its "current")
    parent_id = fields.IntField(null=True)
    created_by = fields.CharField(max_length=200, null=True)
    promoted_at = fields.DatetimeField(null=True)

    class Meta:
        table = "matching_strategy"
        unique_together = (("name", "version"),)
