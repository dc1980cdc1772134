"""Idempotent creates: the same key from the same principal returns the first result."""
