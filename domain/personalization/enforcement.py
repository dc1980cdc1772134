"""The subscriber's rules, checked for every claimed delivery just before it is sent.

Checked at send time, not at audience resolution, so a preference changed after a
publication was queued applies to its deliveries still waiting. Per claimed batch the
checks cost two queries (sends so far today, withdrawn preferences), whatever its size;
the rest is arithmetic on rows already loaded.

- Quiet hours: a delivery due inside the subscriber's window is held until the window
  ends (`Hold`, no attempt spent). CRITICAL publications (alerts) bypass quiet hours and
  caps; HIGH ones obey both.
- Daily cap: at most `daily_cap` messages per channel per local day of the subscriber;
  one over is skipped with the reason `frequency cap`; the reader's next digest on that
  channel (if they have one) picks it up (`domain.newsletters.selection`). A digest
  (publication kind `digest`) is never capped: it is the message that sums up the
  others. Sends of concurrent batches to the same reader can overshoot by the batches
  in flight at once.
- Withdrawn preference: a subscriber who has preferences but none asking for any topic
  of the publication on this channel right away any more is skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from tortoise import Tortoise

from domain.audience.models import Subscriber
from domain.personalization.windows import local_day_bounds, quiet_until
from domain.publications.models import Priority, Publication, PublicationKind

QUIET_HOURS = "quiet hours"
FREQUENCY_CAP = "frequency cap"
PREFERENCE_WITHDRAWN = "preference withdrawn"


@dataclass(frozen=True, slots=True)
class Hold:
    until: dt.datetime
    reason: str


@dataclass(frozen=True, slots=True)
class Skip:
    reason: str


Verdict = Hold | Skip | None


class Candidate(Protocol):
    """What the checks need of a claimed row (a `ledger.ClaimedDelivery`)."""

    @property
    def publication_id(self) -> int: ...
    @property
    def channel_id(self) -> int: ...
    @property
    def subscriber_id(self) -> int | None: ...


_SENT_TODAY = """
SELECT d.subscriber_id, d.channel_id, count(*) AS n
FROM unnest($1::int[], $2::int[], $3::timestamptz[], $4::timestamptz[]) AS i(s, c, since, until)
JOIN delivery d ON d.subscriber_id = i.s AND d.channel_id = i.c
               AND d.sent_at >= i.since AND d.sent_at < i.until
GROUP BY 1, 2
"""

_WITHDRAWN = """
SELECT i.p, i.s, i.c FROM unnest($1::int[], $2::int[], $3::int[]) AS i(p, s, c)
WHERE EXISTS (SELECT 1 FROM subscriber_preference sp WHERE sp.subscriber_id = i.s)
  AND EXISTS (SELECT 1 FROM publication_topic pt WHERE pt.publication_id = i.p)
  AND NOT EXISTS (
      SELECT 1 FROM subscriber_preference sp
      JOIN publication_topic pt ON pt.topic_id = sp.topic_id AND pt.publication_id = i.p
      WHERE sp.subscriber_id = i.s AND sp.channel_id = i.c AND sp.frequency = 'immediate')
"""


@dataclass(slots=True)
class SendRules:
    """One batch's view of its subscribers' rules; `verdict` also reserves cap room for
    the rows it lets through, so a batch never overshoots a cap by itself."""

    subscribers: Mapping[int, Subscriber]
    critical: set[int]
    #: digests: quiet hours apply, caps do not
    uncapped: set[int] = field(default_factory=set)
    sent_today: dict[tuple[int, int], int] = field(default_factory=dict)
    withdrawn: set[tuple[int, int, int]] = field(default_factory=set)

    def verdict(self, row: Candidate, now: dt.datetime) -> Verdict:
        subscriber = self.subscribers.get(row.subscriber_id or 0)
        if subscriber is None:
            return None  # a channel-wide message (Slack, Discord) has no reader's rules
        if (row.publication_id, subscriber.id, row.channel_id) in self.withdrawn:
            return Skip(PREFERENCE_WITHDRAWN)
        if row.publication_id in self.critical:
            return None
        until = quiet_until(now, subscriber.timezone, subscriber.quiet_hours_start,
                            subscriber.quiet_hours_end)
        if until is not None:
            return Hold(until, QUIET_HOURS)
        if subscriber.daily_cap is not None and row.publication_id not in self.uncapped:
            key = (subscriber.id, row.channel_id)
            if self.sent_today.get(key, 0) >= subscriber.daily_cap:
                return Skip(f"{FREQUENCY_CAP}: {subscriber.daily_cap} per day on this "
                            "channel reached")
            self.sent_today[key] = self.sent_today.get(key, 0) + 1
        return None


async def load_rules(rows: Iterable[Candidate], subscribers: Mapping[int, Subscriber],
                     publications: Mapping[int, Publication], now: dt.datetime) -> SendRules:
    rows = [row for row in rows if row.subscriber_id in subscribers]
    critical = {publication.id for publication in publications.values()
                if publication.priority is Priority.CRITICAL}
    uncapped = {publication.id for publication in publications.values()
                if publication.kind is PublicationKind.DIGEST}
    rules = SendRules(subscribers, critical, uncapped)
    if not rows:
        return rules
    connection = Tortoise.get_connection("default")
    capped = sorted({(row.subscriber_id, row.channel_id) for row in rows
                     if subscribers[row.subscriber_id or 0].daily_cap is not None})
    if capped:
        bounds = [local_day_bounds(now, subscribers[s].timezone) for s, _ in capped]
        counted = await connection.execute_query_dict(_SENT_TODAY, [
            [s for s, _ in capped], [c for _, c in capped],
            [b[0] for b in bounds], [b[1] for b in bounds]])
        rules.sent_today = {(r["subscriber_id"], r["channel_id"]): int(r["n"])
                            for r in counted}
    triples = sorted({(row.publication_id, row.subscriber_id or 0, row.channel_id)
                      for row in rows})
    withdrawn = await connection.execute_query_dict(_WITHDRAWN, [
        [t[0] for t in triples], [t[1] for t in triples], [t[2] for t in triples]])
    rules.withdrawn = {(r["p"], r["s"], r["c"]) for r in withdrawn}
    return rules
