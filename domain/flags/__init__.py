"""Runtime feature flags: on/off and percentage rollouts, changed without a deploy."""
