"""Composition root: settings, embedded services, the HTTP application and the CLI."""
