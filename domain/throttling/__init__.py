"""Rate limits, pauses and circuit breakers shared by every worker process (state in Redis)."""
