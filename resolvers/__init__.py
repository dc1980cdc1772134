"""Thin adapters between the GraphQL schema and the domain: read arguments and context,
check permissions, call the domain. They return domain objects; the schema maps them."""
