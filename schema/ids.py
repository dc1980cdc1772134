"""Global ids (`base64("Type:pk")`) in and out of the API."""

from __future__ import annotations

from strawberry import relay

from domain.errors import InvalidInput

# Primary keys are PostgreSQL serials (bigint for deliveries): a number outside that range
# names no row, and sent to the database it would fail the query instead.
MAX_PK = 2**31 - 1
MAX_PK_BY_TYPE = {"Delivery": 2**63 - 1}


def decode_id(global_id: relay.GlobalID, expected_type: str, field: str = "id") -> int:
    if global_id.type_name != expected_type:
        raise InvalidInput(f"{field} must be a {expected_type} id", field=field)
    try:
        pk = int(global_id.node_id)
    except ValueError:
        raise InvalidInput(f"{field} is not a valid {expected_type} id", field=field) from None
    if not 1 <= pk <= MAX_PK_BY_TYPE.get(expected_type, MAX_PK):
        raise InvalidInput(f"{field} is not a valid {expected_type} id", field=field)
    return pk


def decode_ids(global_ids: list[relay.GlobalID] | None, expected_type: str, field: str
               ) -> list[int] | None:
    if global_ids is None:
        return None
    return [decode_id(gid, expected_type, f"{field}[{index}]")
            for index, gid in enumerate(global_ids)]
