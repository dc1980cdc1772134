"""Strawberry permission classes, one per ability in resolvers.permissions.

They run before a field's arguments are decoded, so an anonymous or under-privileged
caller learns nothing from argument validation. The resolvers check again (cheaply).
"""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

from resolvers.permissions import Ability, require


class _AbilityPermission(BasePermission):
    ability: Ability

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        require(info.context, self.ability)  # raises with the precise reason and code
        return True


class CanRead(_AbilityPermission):
    ability = Ability.READ


class CanEditContent(_AbilityPermission):
    ability = Ability.EDIT_CONTENT


class CanReview(_AbilityPermission):
    ability = Ability.REVIEW


class CanManage(_AbilityPermission):
    ability = Ability.MANAGE
