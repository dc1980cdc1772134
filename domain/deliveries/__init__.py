"""The delivery ledger: one row per (publication, recipient, channel)."""
