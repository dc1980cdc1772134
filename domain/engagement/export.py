"""Metrics as CSV or JSON documents, for spreadsheets and BI tools."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Any

from domain.engagement.metrics import MetricsReport, Rates
from domain.engagement.models import COUNTERS

RATE_NAMES = tuple(Rates.__slots__)  # type: ignore[attr-defined]


def _rates(rates: Rates | None) -> dict[str, float | None]:
    return {name: (getattr(rates, name) if rates is not None else None)
            for name in RATE_NAMES}


def report_rows(report: MetricsReport) -> list[dict[str, Any]]:
    return [{"bucket": point.bucket.isoformat(), **point.counters, **_rates(point.rates)}
            for point in report.points]


def as_csv(report: MetricsReport) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["bucket", *COUNTERS, *RATE_NAMES],
                            lineterminator="\n")
    writer.writeheader()
    for row in report_rows(report):
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    return out.getvalue()


def as_json(report: MetricsReport) -> str:
    query = report.filter
    return json.dumps({
        "filter": {**asdict(query), "start": query.start.isoformat(),
                   "end": query.end.isoformat(), "granularity": query.granularity.value},
        "totals": report.totals, "rates": _rates(report.rates),
        "points": report_rows(report),
    }, indent=1)
