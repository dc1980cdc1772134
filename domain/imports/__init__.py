"""Bulk subscriber import and export: streamed files, set-based batches, a job record."""
