"""Stored templates (with versions and inheritance) and brands."""
