"""A/B experiments, variants and subscriber assignments."""
