"""The business layer: models and services.

Imports nothing from app, schema, resolvers or workers.
"""

MODEL_MODULES: list[str] = [
    "domain.principals.models",
    "domain.channels.models",
    "domain.audience.models",
    "domain.templates.models",
    "domain.publications.models",
    "domain.deliveries.models",
    "domain.engagement.models",
    "domain.experiments.models",
    "domain.alerts.models",
    "domain.idempotency.models",
    "domain.outbox.models",
    "domain.flags.models",
    "domain.personalization.models",
    "domain.intelligence.quality_models",
    "domain.intelligence.models",
    "domain.imports.models",
    "domain.matching.models",
    "domain.newsletters.models",
    "domain.optimization.models",
]
