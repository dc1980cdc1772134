"""Publications and their review/publish lifecycle."""
