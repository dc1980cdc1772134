"""Quality metrics over time, from the service's own records: the audit log's
submit/approve/reject entries (rejection rate, time in review), the stored check runs
(check failures by kind, overrides, the score each publication entered review with).

Per period (day or week, UTC) and, over the whole range, per topic and per author.
Blocked submits leave no record (they change nothing), so failures count what entered
review (as warnings or overridden) and what went out as an alert.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tortoise import Tortoise

from domain.audience.models import Topic
from domain.errors import InvalidInput
from domain.principals.models import Principal
from domain.publications.models import Publication

MAX_RANGE = dt.timedelta(days=366)
SUBMIT, APPROVE, REJECT = "publication.submit", "publication.approve", "publication.reject"


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"


@dataclass
class Figures:
    submitted: int = 0
    approved: int = 0
    rejected: int = 0
    overridden: int = 0
    review_seconds: list[float] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    check_failures: dict[str, int] = field(default_factory=dict)

    @property
    def decided(self) -> int:
        return self.approved + self.rejected

    @property
    def rejection_rate(self) -> float | None:
        return self.rejected / self.decided if self.decided else None

    @property
    def average_review_seconds(self) -> float | None:
        return sum(self.review_seconds) / len(self.review_seconds) \
            if self.review_seconds else None

    @property
    def average_score(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None


@dataclass
class PeriodFigures:
    start: dt.datetime
    figures: Figures


@dataclass
class GroupFigures:
    id: int
    name: str
    figures: Figures


@dataclass
class QualityReport:
    period: Period
    start: dt.datetime
    end: dt.datetime
    periods: list[PeriodFigures]
    by_topic: list[GroupFigures]
    by_author: list[GroupFigures]


def _check_range(start: dt.datetime, end: dt.datetime) -> None:
    for name, value in (("from", start), ("to", end)):
        if value.tzinfo is None:
            raise InvalidInput(f"{name} must include a time zone offset", field=name)
    if end <= start:
        raise InvalidInput("to must be after from", field="to")
    if end - start > MAX_RANGE:
        raise InvalidInput("the range may span at most 366 days", field="to")


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


async def _rows(sql: str, *params: Any) -> list[dict[str, Any]]:
    return await Tortoise.get_connection("default").execute_query_dict(sql, list(params))


async def _transitions(start: dt.datetime, end: dt.datetime, period: Period
                       ) -> list[dict[str, Any]]:
    """Submits, approvals and rejections in the range; a decision carries the seconds
    since the submit before it."""
    return await _rows(
        """
        SELECT date_trunc($3, d.occurred_at AT TIME ZONE 'UTC') AS bucket, d.action,
               d.target_id::int AS publication_id,
               EXTRACT(EPOCH FROM d.occurred_at - s.submitted_at)::float AS review_seconds
        FROM audit_log d
        LEFT JOIN LATERAL (
            SELECT max(s.occurred_at) AS submitted_at FROM audit_log s
            WHERE s.target_type = 'publication' AND s.target_id = d.target_id
              AND s.action = $4 AND s.occurred_at <= d.occurred_at
              AND d.action <> $4
        ) s ON true
        WHERE d.target_type = 'publication' AND d.action IN ($4, $5, $6)
          AND d.occurred_at >= $1 AND d.occurred_at < $2
        """, start, end, period.value, SUBMIT, APPROVE, REJECT)


async def _check_runs(start: dt.datetime, end: dt.datetime, period: Period
                      ) -> list[dict[str, Any]]:
    return await _rows(
        """
        SELECT date_trunc($3, r.created_at AT TIME ZONE 'UTC') AS bucket, r.id,
               r.publication_id, r.quality, r.overridden,
               ARRAY(SELECT e->>'kind' FROM jsonb_array_elements(r.results) e
                     WHERE (e->>'passed')::boolean IS FALSE) AS failed_kinds
        FROM quality_check_run r
        WHERE r.created_at >= $1 AND r.created_at < $2
        """, start, end, period.value)


async def average_scores(runs: list[dict[str, Any]]) -> dict[int, float]:
    """check run id → the score that run contributes to the averages.

    The score the publication entered review with (stored on its check run from its
    analysis at that moment; runs without an analysis are left out), so an average
    describes what reviewers were given, not content edited since.
    """
    return {row["id"]: row["quality"] for row in runs if row["quality"] is not None}


def _add_transition(figures: Figures, row: dict[str, Any]) -> None:
    if row["action"] == SUBMIT:
        figures.submitted += 1
        return
    if row["action"] == APPROVE:
        figures.approved += 1
    else:
        figures.rejected += 1
    if row["review_seconds"] is not None:
        figures.review_seconds.append(row["review_seconds"])


def _add_run(figures: Figures, row: dict[str, Any], scores: dict[int, float]) -> None:
    figures.overridden += bool(row["overridden"])
    for kind in row["failed_kinds"] or []:
        figures.check_failures[kind] = figures.check_failures.get(kind, 0) + 1
    if row["id"] in scores:
        figures.scores.append(scores[row["id"]])


async def _groups(publication_ids: set[int]) -> tuple[dict[int, list[int]], dict[int, int]]:
    topics: dict[int, list[int]] = defaultdict(list)
    authors: dict[int, int] = {}
    if not publication_ids:
        return topics, authors
    for pid, topic_id in await Publication.filter(id__in=publication_ids).values_list(
            "id", "topics__id"):
        if topic_id is not None:
            topics[pid].append(topic_id)
    for pid, author_id in await Publication.filter(id__in=publication_ids).values_list(
            "id", "author_id"):
        if author_id is not None:
            authors[pid] = author_id
    return topics, authors


async def quality_metrics(period: Period, start: dt.datetime, end: dt.datetime
                          ) -> QualityReport:
    _check_range(start, end)
    transitions = await _transitions(start, end, period)
    runs = await _check_runs(start, end, period)
    scores = await average_scores(runs)
    by_period: dict[dt.datetime, Figures] = defaultdict(Figures)
    by_topic: dict[int, Figures] = defaultdict(Figures)
    by_author: dict[int, Figures] = defaultdict(Figures)
    publication_ids = {row["publication_id"] for row in [*transitions, *runs]}
    topics, authors = await _groups(publication_ids)

    def targets(pid: int) -> list[Figures]:
        found = [by_topic[topic_id] for topic_id in topics.get(pid, [])]
        if pid in authors:
            found.append(by_author[authors[pid]])
        return found

    for row in transitions:
        for figures in [by_period[_utc(row["bucket"])], *targets(row["publication_id"])]:
            _add_transition(figures, row)
    for row in runs:
        for figures in [by_period[_utc(row["bucket"])], *targets(row["publication_id"])]:
            _add_run(figures, row, scores)
    topic_names = dict(await Topic.filter(id__in=list(by_topic)).values_list("id", "name"))
    author_names = {pid: display or name for pid, name, display in await Principal.filter(
        id__in=list(by_author)).values_list("id", "name", "display_name")}
    return QualityReport(
        period, start, end,
        periods=[PeriodFigures(bucket, by_period[bucket]) for bucket in sorted(by_period)],
        by_topic=[GroupFigures(tid, topic_names.get(tid, ""), by_topic[tid])
                  for tid in sorted(by_topic)],
        by_author=[GroupFigures(aid, author_names.get(aid, ""), by_author[aid])
                   for aid in sorted(by_author)])


CSV_COLUMNS = ("scope", "key", "name", "period_start", "submitted", "approved", "rejected",
               "rejection_rate", "average_review_seconds", "overridden", "average_score",
               "check_failures")


def report_rows(report: QualityReport) -> list[dict[str, Any]]:
    """One flat row per period, topic and author (for CSV)."""
    def row(scope: str, key: str, name: str, start: str, figures: Figures) -> dict[str, Any]:
        failures = ";".join(f"{kind}={count}" for kind, count
                            in sorted(figures.check_failures.items()))
        return {"scope": scope, "key": key, "name": name, "period_start": start,
                "submitted": figures.submitted, "approved": figures.approved,
                "rejected": figures.rejected,
                "rejection_rate": _round(figures.rejection_rate),
                "average_review_seconds": _round(figures.average_review_seconds),
                "overridden": figures.overridden,
                "average_score": _round(figures.average_score), "check_failures": failures}

    return ([row("period", item.start.date().isoformat(), "", item.start.isoformat(),
                 item.figures) for item in report.periods]
            + [row("topic", str(item.id), item.name, "", item.figures)
               for item in report.by_topic]
            + [row("author", str(item.id), item.name, "", item.figures)
               for item in report.by_author])


def _round(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")


def as_csv(report: QualityReport) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(report_rows(report))
    return buffer.getvalue()
