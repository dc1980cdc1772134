"""Anomalies on a channel: a sudden drop in the open rate, a spike in bounces or
complaints, found from the hourly rollups and raised as an alert on the alerts lane.

Per channel, the last `WINDOW` is compared with the `BASELINE` before it. A change is an
anomaly when all of these hold, so ordinary noise never pages anyone:

- enough trials in the window (`MIN_TRIALS`) for the rate to mean something;
- it is far outside the baseline's binomial noise: |z| ≥ `Z_THRESHOLD`, with
  z = (observed - baseline) / sqrt(baseline * (1 - baseline) / trials);
- it is large in relative terms too (`MIN_RATIO` for spikes, `MAX_DROP_RATIO` for
  drops) and, for spikes, above an absolute floor (a complaint rate from 0.01% to 0.05%
  is five times higher and still nothing to wake up for).

Each anomaly is stored once per (kind, channel, window) — the check runs every few
minutes and the window start is aligned to the hour — and, when alert channels are
configured (`ANOMALY_ALERT_CHANNEL_IDS`), raises one high-priority alert through
`domain.alerts`, whose own lane sends it whatever the bulk queue is doing.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from dataclasses import dataclass, field
from enum import StrEnum

from tortoise import Tortoise
from tortoise.exceptions import IntegrityError

from domain.alerts import service as alerts
from domain.optimization.models import PerformanceAnomaly
from domain.principals.actor import SYSTEM
from domain.publications.models import Priority

logger = logging.getLogger(__name__)

WINDOW = dt.timedelta(hours=3)
BASELINE = dt.timedelta(days=7)
MIN_TRIALS = 200
Z_THRESHOLD = 4.0


class AnomalyKind(StrEnum):
    OPEN_RATE_DROP = "open_rate_drop"
    BOUNCE_SPIKE = "bounce_spike"
    COMPLAINT_SPIKE = "complaint_spike"


@dataclass(frozen=True, slots=True)
class Rule:
    kind: AnomalyKind
    #: (successes, trials) columns of the rollup
    successes: str
    trials: str
    spike: bool
    #: spikes: observed ≥ ratio * baseline; drops: observed ≤ ratio * baseline
    ratio: float
    #: spikes only: the observed rate must also reach this
    floor: float = 0.0


RULES = (
    Rule(AnomalyKind.OPEN_RATE_DROP, "unique_opens", "delivered", spike=False, ratio=0.6),
    Rule(AnomalyKind.BOUNCE_SPIKE, "bounces", "sent", spike=True, ratio=2.0, floor=0.02),
    Rule(AnomalyKind.COMPLAINT_SPIKE, "complaints", "delivered", spike=True, ratio=3.0,
         floor=0.001),
)


@dataclass(slots=True)
class _Config:
    alert_channel_ids: list[int] = field(default_factory=list)


config = _Config()


def configure(*, alert_channel_ids: list[int]) -> None:
    """Set by the composition root from ANOMALY_ALERT_CHANNEL_IDS."""
    config.alert_channel_ids = list(alert_channel_ids)


@dataclass(frozen=True, slots=True)
class Finding:
    kind: AnomalyKind
    channel_id: int
    observed_rate: float
    baseline_rate: float
    observed_n: int
    baseline_n: int
    z_score: float


def judge(rule: Rule, channel_id: int, successes: int, trials: int,
          baseline_successes: int, baseline_trials: int) -> Finding | None:
    """The rule applied to one channel's numbers (pure: the tests call it too)."""
    if trials < MIN_TRIALS or baseline_trials < MIN_TRIALS:
        return None
    observed = min(successes, trials) / trials
    # a baseline of exactly 0 would make any single event infinitely surprising
    baseline = max(min(baseline_successes, baseline_trials) / baseline_trials,
                   0.5 / baseline_trials)
    z = (observed - baseline) / math.sqrt(baseline * (1 - baseline) / trials)
    if rule.spike:
        fired = z >= Z_THRESHOLD and observed >= rule.ratio * baseline and \
            observed >= rule.floor
    else:
        fired = z <= -Z_THRESHOLD and observed <= rule.ratio * baseline
    if not fired:
        return None
    return Finding(rule.kind, channel_id, observed, baseline, trials, baseline_trials, z)


_NUMBERS = """
SELECT channel_id,
       sum(sent) FILTER (WHERE bucket >= $2)::bigint AS sent,
       sum(delivered) FILTER (WHERE bucket >= $2)::bigint AS delivered,
       sum(unique_opens) FILTER (WHERE bucket >= $2)::bigint AS unique_opens,
       sum(bounces) FILTER (WHERE bucket >= $2)::bigint AS bounces,
       sum(complaints) FILTER (WHERE bucket >= $2)::bigint AS complaints,
       sum(sent) FILTER (WHERE bucket < $2)::bigint AS base_sent,
       sum(delivered) FILTER (WHERE bucket < $2)::bigint AS base_delivered,
       sum(unique_opens) FILTER (WHERE bucket < $2)::bigint AS base_unique_opens,
       sum(bounces) FILTER (WHERE bucket < $2)::bigint AS base_bounces,
       sum(complaints) FILTER (WHERE bucket < $2)::bigint AS base_complaints
FROM metric_rollup
WHERE granularity = 'hour' AND bucket >= $1 AND bucket < $3
GROUP BY channel_id ORDER BY channel_id
"""


async def find_anomalies(now: dt.datetime | None = None) -> tuple[dt.datetime,
                                                                  list[Finding]]:
    """Every rule on every channel with traffic: one aggregate over the hourly rollups.
    Returns the window's start and the findings."""
    now = now or dt.datetime.now(dt.UTC)
    end = now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    window_start = end - WINDOW
    rows = await Tortoise.get_connection("default").execute_query_dict(
        _NUMBERS, [window_start - BASELINE, window_start, end])
    findings = []
    for row in rows:
        numbers = {key: int(value or 0) for key, value in row.items()}
        for rule in RULES:
            trials = numbers[rule.trials] or (numbers["sent"] if rule.trials == "delivered"
                                              else 0)
            base_trials = numbers[f"base_{rule.trials}"] or (
                numbers["base_sent"] if rule.trials == "delivered" else 0)
            found = judge(rule, numbers["channel_id"], numbers[rule.successes], trials,
                          numbers[f"base_{rule.successes}"], base_trials)
            if found is not None:
                findings.append(found)
    return window_start, findings


def describe(finding: Finding, channel_name: str) -> tuple[str, str]:
    what = {AnomalyKind.OPEN_RATE_DROP: "open rate dropped",
            AnomalyKind.BOUNCE_SPIKE: "bounce rate spiked",
            AnomalyKind.COMPLAINT_SPIKE: "complaint rate spiked"}[finding.kind]
    title = f"{channel_name}: {what} to {finding.observed_rate:.1%}"
    body = (f"On channel {channel_name} the {what.split()[0]} rate over the last "
            f"{WINDOW.total_seconds() / 3600:g} h is {finding.observed_rate:.2%} of "
            f"{finding.observed_n} against {finding.baseline_rate:.2%} of "
            f"{finding.baseline_n} over the {BASELINE.days} days before (z = "
            f"{finding.z_score:.1f}).")
    return title[:300], body


async def record(window_start: dt.datetime, finding: Finding) -> PerformanceAnomaly:
    """Store a finding once per (kind, channel, window); a later check of the same
    window gets the stored row back (with its alert, if one was raised)."""
    values = {"kind": finding.kind.value, "channel_id": finding.channel_id,
              "window_start": window_start}
    try:
        return await PerformanceAnomaly.create(
            **values, window_end=window_start + WINDOW,
            observed_rate=finding.observed_rate, baseline_rate=finding.baseline_rate,
            observed_n=finding.observed_n, baseline_n=finding.baseline_n,
            z_score=finding.z_score)
    except IntegrityError:
        return await PerformanceAnomaly.get(**values)


async def raise_alert(anomaly: PerformanceAnomaly, finding: Finding) -> int | None:
    """A high-priority alert to the configured channels (None when none are)."""
    if not config.alert_channel_ids:
        return None
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT name FROM channel WHERE id = $1", [finding.channel_id])
    name = rows[0]["name"] if rows else f"channel {finding.channel_id}"
    title, body = describe(finding, name)
    alert = await alerts.create_alert(SYSTEM, title=title, body=body, summary=title,
                                      severity=Priority.HIGH, topic_ids=[],
                                      channel_ids=config.alert_channel_ids)
    await PerformanceAnomaly.filter(id=anomaly.id).update(alert_id=alert.id)
    return alert.id
