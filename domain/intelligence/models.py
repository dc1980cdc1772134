"""Stored analyses, addressed by content: the same text analyzed by the same analyzer
and model version is stored (and scored) once, whichever publication or draft it is."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class ContentAnalysis(Model):
    id = fields.BigIntField(primary_key=True)
    #: sha256 of the normalized analyzed content (AnalyzableContent.content_hash)
    content_hash = fields.CharField(max_length=64)
    #: remote or local
    analyzer = fields.CharField(max_length=16)
    model_version = fields.CharField(max_length=300)
    quality = fields.FloatField()
    #: {"readability": {"score": 0.8, "reason": "..."}, ...}
    sub_scores = fields.JSONField()
    #: [{"topic_id": 1, "name": "...", "score": 0.7}, ...], highest first
    relevance = fields.JSONField()
    keywords = fields.JSONField()
    entities = fields.JSONField()
    analyzed_at = fields.DatetimeField()

    class Meta:
        table = "content_analysis"
        unique_together = (("content_hash", "analyzer", "model_version"),)
