"""Engagement events reported by providers and recipients."""
