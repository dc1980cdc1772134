"""API principals, roles and the audit log."""
