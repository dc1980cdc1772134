"""What every delete mutation answers: which object, and whether it went or was archived."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry import relay


@strawberry.enum(description="DELETED: the row is gone. ARCHIVED: it has history that "
                             "must stay, so it was kept and retired instead (README, "
                             "\"Deleting and archiving\").")
class DeleteOutcome(Enum):
    DELETED = "deleted"
    ARCHIVED = "archived"


@strawberry.type
class DeletePayload:
    id: relay.GlobalID = strawberry.field(description="The object asked for.")
    outcome: DeleteOutcome

    @classmethod
    def of(cls, type_name: str, pk: int, *, archived: bool = False) -> DeletePayload:
        return cls(id=relay.GlobalID(type_name, str(pk)),
                   outcome=DeleteOutcome.ARCHIVED if archived else DeleteOutcome.DELETED)
