"""High-priority alerts."""
