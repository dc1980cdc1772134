"""One stored message of the development outbox (see domain/outbox/store.py)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class OutboxMessage(Model):
    """`mime`: the raw message exactly as the email transport handed it to "SES", plus the few
    fields the list page shows (read once at store time, not on every page view)."""

    id = fields.BigIntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    sender = fields.TextField()
    #: comma-separated envelope recipients (SES's Destination.ToAddresses)
    recipients = fields.TextField()
    subject = fields.TextField()
    mime = fields.BinaryField()

    class Meta:
        table = "outbox_message"
