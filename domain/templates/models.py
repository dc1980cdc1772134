"""Stored templates with kept versions, and brands that give every channel one look."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from domain.channels.models import ChannelType
from domain.common import TimestampedMixin


class TemplateFormat(StrEnum):
    """What a template produces. Email needs two (HTML and plain text); every other
    channel type one. The format decides how `{{ values }}` are escaped."""

    HTML = "html"
    TEXT = "text"
    SLACK = "slack"
    DISCORD = "discord"
    JSON = "json"


class Brand(TimestampedMixin, Model):
    """One look (name, logo, colours, footer, sender, social links) shared by every channel
    that selects it; a publication may pick its own."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    logo_url = fields.CharField(max_length=2000, null=True)
    primary_color = fields.CharField(max_length=16, default="#1a73e8")
    secondary_color = fields.CharField(max_length=16, default="#202124")
    footer = fields.TextField(default="")
    sender_name = fields.CharField(max_length=200, default="")
    sender_email = fields.CharField(max_length=320, null=True)
    social_links = fields.JSONField(default=dict)

    class Meta:
        table = "brand"


class Template(TimestampedMixin, Model):
    """The identity of a template; its text lives in TemplateVersion so that a publication
    keeps rendering with the version it was approved with."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    channel_type = fields.CharEnumField(ChannelType, max_length=16)
    format = fields.CharEnumField(TemplateFormat, max_length=16, default=TemplateFormat.HTML)
    parent: fields.ForeignKeyNullableRelation[Template] = fields.ForeignKeyField(
        "models.Template", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    current_version = fields.IntField(default=1)
    # The custom variables of the current version (a copy of its `variables`).
    variables = fields.JSONField(default=list)

    class Meta:
        table = "template"
        unique_together = (("name", "channel_type", "format"),)


class TemplateVersion(Model):
    id = fields.IntField(primary_key=True)
    template: fields.ForeignKeyRelation[Template] = fields.ForeignKeyField(
        "models.Template", related_name="versions", on_delete=fields.CASCADE
    )
    version = fields.IntField()
    source = fields.TextField()
    # Custom variables ({name, type, default, description}) travel with the source they
    # belong to, so a pinned version also keeps its defaults.
    variables = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "template_version"
        unique_together = (("template", "version"),)
