"""Domain events on Redis pub/sub, and their fan-out to live subscribers in each process."""
