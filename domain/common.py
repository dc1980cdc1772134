"""Pieces shared by every model module."""

from __future__ import annotations

from tortoise import fields


class TimestampedMixin:
    """Creation and last-change times, kept by the database session clock (UTC)."""

    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
