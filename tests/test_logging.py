"""Logs an operator can read: an idle service is silent, each publication says when it
started and how it finished, and `LOG_FORMAT=json` writes one JSON object per line."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import logging
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.auth import issue_token
from app.logs import (
    ARQ_JOB_FINISHED,
    ARQ_JOB_STARTED,
    JsonFormatter,
    QuietPollFilter,
    RoutineJobFilter,
)
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.principals.models import Role
from domain.publications.models import Publication, PublicationStatus
from tests.delivery_fixtures import SECRET_KEY, build_engine, publication_to
from tests.orm import orm_on
from tests.servers import ROOT, RunningServer, serve

#: The issue asks for a quiet minute. The noisiest routine (the alerts lane's sweep) runs
#: every second and the bulk lane's every two, so 15 s covers ~15 and ~7 ticks of each:
#: a regression shows up many times over, at a quarter of the suite time.
IDLE_SECONDS = 15


def _record(msg: str, args: tuple, level: int = logging.INFO,
            name: str = "arq.worker") -> logging.LogRecord:
    return logging.LogRecord(name, level, "worker.py", 1, msg, args, None)


def _gid(kind: str, ident: int) -> str:
    return base64.b64encode(f"{kind}:{ident}".encode()).decode()


async def _until(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.1)


def _wait_for_workers(server: RunningServer) -> None:
    """Both in-process workers (default and alerts) have entered their poll loops."""
    deadline = time.monotonic() + 30
    while server.output().count("Starting worker") < 2:
        assert time.monotonic() < deadline, server.output()
        time.sleep(0.1)


# -- the filters, one record at a time ----------------------------------------------------

@pytest.mark.parametrize("ref", ["cron:sweep:publishing:alerts",
                                 "cron:purge_idempotency_keys:publishing:default",
                                 "pump-7-1:send_due_deliveries"])
def test_routine_job_lines_become_debug(ref: str) -> None:
    logger = logging.getLogger("test.arq.routine")
    logger.setLevel(logging.INFO)
    routine = RoutineJobFilter(logger)
    started = _record(ARQ_JOB_STARTED, (1.0, ref, "", ""))
    finished = _record(ARQ_JOB_FINISHED, (0.01, ref, "{'requeued': 0}"))
    assert not routine.filter(started) and not routine.filter(finished)
    assert started.levelname == finished.levelname == "DEBUG"
    logger.setLevel(logging.DEBUG)  # LOG_LEVEL=DEBUG still shows them, as DEBUG
    again = _record(ARQ_JOB_STARTED, (1.0, ref, "", ""))
    assert routine.filter(again) and again.levelno == logging.DEBUG


def test_other_job_lines_and_worker_news_stay_as_arq_logs_them() -> None:
    routine = RoutineJobFilter(logging.getLogger("test.arq.other"))
    kept = [
        _record(ARQ_JOB_STARTED, (0.0, "abc:start_publication", "5", "")),
        _record(ARQ_JOB_FINISHED, (2.5, "abc:start_publication", "True")),
        _record("Starting worker for %d functions: %s", (4, "sweep, …")),
        _record("%6.2fs ! %s failed, %s: %s", (0.1, "cron:sweep:publishing:default",
                                               "OSError", "boom"), level=logging.ERROR),
    ]
    for record in kept:
        level = record.levelno
        assert routine.filter(record) and record.levelno == level


def test_successful_health_and_metrics_polls_leave_the_access_log() -> None:
    quiet = QuietPollFilter(logging.getLogger("test.access"))
    access = '%s - "%s %s HTTP/%s" %d'
    assert not quiet.filter(_record(access, ("10.0.0.1:5", "GET", "/health", "1.1", 200),
                                    name="uvicorn.access"))
    assert not quiet.filter(_record(access, ("10.0.0.1:5", "GET", "/metrics?x=1", "1.1", 200),
                                    name="uvicorn.access"))
    assert quiet.filter(_record(access, ("10.0.0.1:5", "GET", "/health", "1.1", 503),
                                name="uvicorn.access"))
    assert quiet.filter(_record(access, ("10.0.0.1:5", "POST", "/graphql", "1.1", 200),
                                name="uvicorn.access"))


def test_json_lines_carry_time_level_logger_message_and_the_exception() -> None:
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        record = logging.LogRecord("publishing", logging.ERROR, "x.py", 1, "job %s failed",
                                   ("sweep",), sys.exc_info())
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "publishing"
    assert entry["message"] == "job sweep failed"
    assert dt.datetime.fromisoformat(entry["time"]).tzinfo is not None
    assert "ValueError: bad\nthing" in entry["exception"]
    assert "Traceback" in entry["exception"]


# -- what a publication says --------------------------------------------------------------

async def test_a_finished_publication_is_one_line_with_counts_per_status(
        db, redis_client, http_client, receiver, caplog) -> None:
    scenario = await publication_to(receiver.url + "/hook", 4)
    engine = build_engine(redis_client, http_client)
    with caplog.at_level(logging.INFO, logger="domain.deliveries"):
        assert await engine.start_publication(scenario.publication.id)
        one = await Delivery.filter(publication_id=scenario.publication.id).first()
        assert one is not None
        await Delivery.filter(id=one.id).update(status=DeliveryStatus.SKIPPED)
        await engine.pump(budget_seconds=10)
        await engine.sweep()  # a second chance to complete: must not log it again
    publication = await Publication.get(id=scenario.publication.id)
    assert publication.status == PublicationStatus.PUBLISHED
    finished = [r.getMessage() for r in caplog.records if "finished" in r.getMessage()]
    assert finished == [f"publication {publication.id} finished: 4 deliveries "
                        "(sent 3, skipped 1)"]
    assert f"publication {publication.id}: 4 deliveries written" in caplog.text


# -- a real `publishing serve` ------------------------------------------------------------

async def test_an_idle_service_is_silent_and_a_send_is_two_lines(
        shared_database: str, redis_url: str, receiver, tmp_path: Path) -> None:
    with serve(tmp_path, database_url=shared_database, redis_url=redis_url,
               secret_key=SECRET_KEY, worker=True, ALLOW_PRIVATE_TARGETS="true") as server:
        _wait_for_workers(server)
        time.sleep(1)  # run_at_startup sweeps and their first ticks are startup
        before = len(server.output().splitlines())
        time.sleep(IDLE_SECONDS)
        idle = server.output().splitlines()[before:]
        assert not [line for line in idle if "cron:" in line], idle
        assert idle == [], f"an idle service should print nothing at INFO: {idle}"

        async with orm_on(shared_database):
            scenario = await publication_to(receiver.url + "/hook", 3)
            await Publication.filter(id=scenario.publication.id).update(
                status=PublicationStatus.APPROVED, publish_at=None)
        publication_id = scenario.publication.id
        token = issue_token(SECRET_KEY, "logging-editor", Role.EDITOR,
                            dt.timedelta(minutes=10))
        async with httpx.AsyncClient(base_url=server.http_url, trust_env=False,
                                     headers={"Authorization": f"Bearer {token}"}) as client:
            answer = (await client.post("/graphql", json={
                "query": "mutation($id: ID!) { publishNow(id: $id) { status } }",
                "variables": {"id": _gid("Publication", publication_id)}})).json()
        assert "errors" not in answer, answer
        finished = f"publication {publication_id} finished: 3 deliveries (sent 3)"
        await _until(lambda: finished in server.output())
        lines = server.output().splitlines()
        assert sum(f"publication {publication_id}: 3 deliveries written" in line
                   for line in lines) == 1
        assert sum(finished in line for line in lines) == 1
        # arq's per-job lines (→ started, ← finished) only for the publication's own job
        assert [line for line in lines if " → " in line or " ← " in line] == [
            line for line in lines if ":start_publication(" in line or
            (" ← " in line and ":start_publication " in line)], lines
    assert server.process.returncode == 0, server.output()


def test_log_format_json_writes_one_object_per_line(
        shared_database: str, redis_url: str, tmp_path: Path) -> None:
    with serve(tmp_path, database_url=shared_database, redis_url=redis_url,
               secret_key=SECRET_KEY, worker=True, split_stderr=True,
               LOG_FORMAT="json") as server:
        _wait_for_workers(server)
        httpx.post(f"{server.http_url}/graphql", json={"query": "{ __typename }"},
                   trust_env=False)
        deadline = time.monotonic() + 10
        assert server.errors is not None
        while "/graphql" not in server.errors.read_text():
            assert time.monotonic() < deadline, server.output()
            time.sleep(0.1)
    lines = [line for line in server.errors.read_text().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line parses
    assert all({"time", "level", "logger", "message"} <= entry.keys() for entry in entries)
    loggers = {entry["logger"] for entry in entries}
    # uvicorn's lines, arq's and the access log go through the same formatter
    assert {"uvicorn.error", "uvicorn.access", "arq.worker"} <= loggers, loggers
    assert any(entry["message"].startswith("Starting worker") for entry in entries)


def test_a_bad_log_format_is_one_clear_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "serve", "--no-demo"], capture_output=True,
        text=True, timeout=60, cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "LOG_FORMAT": "xml",
             "DATABASE_URL": "postgres://nobody@127.0.0.1:1/app",
             "REDIS_URL": "redis://127.0.0.1:1/0"})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "publishing: error: LOG_FORMAT: Input should be 'text' or 'json'"]
