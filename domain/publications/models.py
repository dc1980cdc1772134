"""Publications: what editors write and the lifecycle that governs when it may go out."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from domain.common import TimestampedMixin

if TYPE_CHECKING:
    from domain.audience.models import Topic
    from domain.channels.models import Channel
    from domain.principals.models import Principal
    from domain.templates.models import Brand


class Priority(StrEnum):
    NORMAL = "normal"
    HIGH = "high"
    CRITICAL = "critical"


class PublicationKind(StrEnum):
    """`standard`: one message per recipient with the same text. `newsletter`: an
    editorial edition whose dynamic sections are filled per subscriber at send time.
    `digest`: made by the digest job, one per frequency and period, the ledger's parent
    row for that period's digests (each delivery's items are in `digest`)."""

    STANDARD = "standard"
    NEWSLETTER = "newsletter"
    DIGEST = "digest"


class PublicationStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    FAILED = "failed"
    CANCELED = "canceled"


class Publication(TimestampedMixin, Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=300)
    summary = fields.TextField(default="")
    body = fields.TextField(default="")
    author: fields.ForeignKeyNullableRelation[Principal] = fields.ForeignKeyField(
        "models.Principal", related_name="publications", null=True, on_delete=fields.SET_NULL
    )
    priority = fields.CharEnumField(Priority, max_length=16, default=Priority.NORMAL)
    kind = fields.CharEnumField(PublicationKind, max_length=16,
                                default=PublicationKind.STANDARD)
    status = fields.CharEnumField(
        PublicationStatus, max_length=16, default=PublicationStatus.DRAFT
    )
    publish_at = fields.DatetimeField(null=True)
    submitted_at = fields.DatetimeField(null=True)
    approved_at = fields.DatetimeField(null=True)
    approved_by: fields.ForeignKeyNullableRelation[Principal] = fields.ForeignKeyField(
        "models.Principal", related_name="approved_publications", null=True,
        on_delete=fields.SET_NULL,
    )
    published_at = fields.DatetimeField(null=True)
    audience_resolved_at = fields.DatetimeField(null=True)
    canceled_at = fields.DatetimeField(null=True)
    failure_reason = fields.TextField(null=True)
    review_note = fields.TextField(null=True)
    brand: fields.ForeignKeyNullableRelation[Brand] = fields.ForeignKeyField(
        "models.Brand", related_name="publications", null=True, on_delete=fields.SET_NULL
    )
    # Presentation (domain.templates.selection): the template chosen per format
    # ({"html": template_id, ...}), values for the templates' custom variables, and, from
    # approval on, the template versions in force then (so later edits do not change
    # what a reviewer approved).
    template_choices = fields.JSONField(default=dict)
    template_variables = fields.JSONField(default=dict)
    template_pins = fields.JSONField(null=True)
    #: the matching strategy (by name; its active version at resolution) choosing this
    #: publication's audience; null: the default strategy
    matching_strategy = fields.CharField(max_length=64, null=True)
    #: a `newsletter` edition's dynamic sections, filled per subscriber at send time
    #: ([{"kind": "top_from_topics", "title": ..., "limit": 3, "days": 7}, ...])
    sections = fields.JSONField(default=list)
    topics: fields.ManyToManyRelation[Topic] = fields.ManyToManyField(
        "models.Topic", related_name="publications", through="publication_topic"
    )
    channels: fields.ManyToManyRelation[Channel] = fields.ManyToManyField(
        "models.Channel", related_name="publications", through="publication_channel"
    )

    class Meta:
        table = "publication"
        indexes = (("status", "publish_at"),)
