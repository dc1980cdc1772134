"""A model that no migration creates: proves the drift check can fail."""

from tortoise import fields
from tortoise.models import Model


class UnmigratedWidget(Model):
    id = fields.IntField(primary_key=True)
    label = fields.CharField(max_length=20)

    class Meta:
        table = "unmigrated_widget"
