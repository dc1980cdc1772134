"""One stored message of the development outbox (see domain/outbox/store.py)."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class OutboxKind(StrEnum):
    """Which sink kept the message: the SES sink (email) or one of the hook sinks."""

    EMAIL = "email"
    SLACK = "slack"
    DISCORD = "discord"
    WEBHOOK = "webhook"


class OutboxMessage(Model):
    """`mime`: the raw bytes exactly as they arrived (the MIME message the email
    transport handed to "SES", or a hook's request body), plus the few fields the list
    page shows (read once at store time, not on every page view)."""

    id = fields.BigIntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    kind = fields.CharEnumField(OutboxKind, max_length=16, default=OutboxKind.EMAIL)
    sender = fields.TextField()
    #: email: comma-separated envelope recipients (SES's Destination.ToAddresses);
    #: hooks: the sink's name (the path after /outbox/hooks/<kind>/)
    recipients = fields.TextField()
    #: email: the Subject header; hooks: a one-line summary of the JSON body
    subject = fields.TextField()
    mime = fields.BinaryField()
    #: hooks: the request headers as received (name, value) pairs
    headers = fields.JSONField(null=True)
    #: webhook sink: whether the Standard Webhooks signature checked out (None: no check)
    verified = fields.BooleanField(null=True)
    #: webhook sink: what the check found, in words
    verification = fields.TextField(null=True)

    class Meta:
        table = "outbox_message"
