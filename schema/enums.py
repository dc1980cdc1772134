"""Domain enums exposed as GraphQL enums (names are the upper-case member names)."""

from __future__ import annotations

from enum import Enum

import strawberry

from domain.audience.models import Frequency as _Frequency
from domain.audience.models import SubscriberStatus as _SubscriberStatus
from domain.channels.models import ChannelStatus as _ChannelStatus
from domain.channels.models import ChannelType as _ChannelType
from domain.deliveries.models import DeliveryStatus as _DeliveryStatus
from domain.principals.models import Role as _Role
from domain.publications.models import Priority as _Priority
from domain.publications.models import PublicationKind as _PublicationKind
from domain.publications.models import PublicationStatus as _PublicationStatus

ChannelType = strawberry.enum(_ChannelType, name="ChannelType")
ChannelStatus = strawberry.enum(_ChannelStatus, name="ChannelStatus")
SubscriberStatus = strawberry.enum(_SubscriberStatus, name="SubscriberStatus")
Frequency = strawberry.enum(_Frequency, name="Frequency")
DeliveryStatus = strawberry.enum(_DeliveryStatus, name="DeliveryStatus")
Role = strawberry.enum(_Role, name="Role")
Priority = strawberry.enum(_Priority, name="Priority")
PublicationStatus = strawberry.enum(_PublicationStatus, name="PublicationStatus")
PublicationKind = strawberry.enum(_PublicationKind, name="PublicationKind")


@strawberry.enum
class SortDirection(Enum):
    ASC = "asc"
    DESC = "desc"
