"""Queue and job names shared by producers (API, jobs) and consumers (workers)."""

DEFAULT_QUEUE = "publishing:default"
ALERTS_QUEUE = "publishing:alerts"
QUEUES = {"default": DEFAULT_QUEUE, "alerts": ALERTS_QUEUE}

START_JOB = "start_publication"
PUMP_JOB = "send_due_deliveries"
SWEEP_JOB = "sweep"
#: Redis key holding the current generation of pump job ids (see ArqDeliveryQueue)
PUMP_GENERATION_KEY = "publishing:pump-generation"
