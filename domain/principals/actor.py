"""Who is acting: every service call that changes state takes one, for permissions and audit."""

from __future__ import annotations

from dataclasses import dataclass

from domain.principals.models import Role

SYSTEM_NAME = "system"


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


SYSTEM = Actor(name=SYSTEM_NAME, role=Role.ADMIN)
