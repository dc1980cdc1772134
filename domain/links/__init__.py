"""Signed public links: unsubscribe, open pixel, click redirects."""
