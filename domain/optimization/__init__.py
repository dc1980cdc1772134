"""The optimization engine: send-time optimization (per reader's best hour), channel
optimization, performance analysis with anomaly alerts, and recommendations."""
