"""Queue and job names shared by producers (API, jobs) and consumers (workers)."""

DEFAULT_QUEUE = "publishing:default"
ALERTS_QUEUE = "publishing:alerts"
QUEUES = {"default": DEFAULT_QUEUE, "alerts": ALERTS_QUEUE}

START_JOB = "start_publication"
PUMP_JOB = "send_due_deliveries"
SWEEP_JOB = "sweep"
ANALYZE_JOB = "analyze_publication"
TRAIN_MATCHING_JOB = "train_matching_strategy"
DIGEST_PLAN_JOB = "plan_digests"
DIGEST_RANGE_JOB = "generate_digests"
#: Redis key holding the current generation of pump job ids (see ArqDeliveryQueue)
PUMP_GENERATION_KEY = "publishing:pump-generation"
#: sorted set per queue: running pump job id → when its heartbeat expires (ms)
PUMP_HEARTBEAT_KEY = "publishing:pumps-alive"


def cron_name(job: str, queue_name: str) -> str:
    """arq cron job ids are `<name>:<ms>` and global across queues: one name per queue."""
    return f"cron:{job}:{queue_name}"
