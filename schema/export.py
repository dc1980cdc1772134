"""The committed SDL is the API contract; this renders it from the code."""

from __future__ import annotations

from pathlib import Path

from schema.root import schema

SCHEMA_FILE = Path(__file__).resolve().parent / "schema.graphql"


def export_sdl() -> str:
    return schema.as_str().rstrip() + "\n"
