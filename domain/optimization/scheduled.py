"""Periodic optimization work: the anomaly check. Each finding is recorded and alerted on
its own, so one that fails (and is retried next tick) stops no other."""

from __future__ import annotations

import datetime as dt
import logging

from domain.optimization import anomalies

logger = logging.getLogger(__name__)


async def check_anomalies(now: dt.datetime | None = None) -> list[int]:
    """Find anomalies in the current window, store each once and raise its alert (when
    alert channels are configured and it has none yet). Returns the alert ids raised by
    this call."""
    window_start, findings = await anomalies.find_anomalies(now)
    raised: list[int] = []
    for finding in findings:
        try:
            anomaly = await anomalies.record(window_start, finding)
            if anomaly.alert_id is None:
                alert_id = await anomalies.raise_alert(anomaly, finding)
                if alert_id is not None:
                    raised.append(alert_id)
                    logger.warning("anomaly %s on channel %s: alert %s raised",
                                   finding.kind.value, finding.channel_id, alert_id)
        except Exception:
            logger.exception("anomaly %s on channel %s: recording or alerting failed; "
                             "retrying next check", finding.kind.value, finding.channel_id)
    return raised
