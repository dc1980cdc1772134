"""Digest generation: for a range of subscriber ids, decide who is due, select their
items and write each digest to the ledger — exactly once per (subscriber, channel,
frequency, period).

Why it is safe to run twice, concurrently or after a crash:
- each digest's delivery has the idempotency key `digest:<frequency>:<period>:c<channel>:
  s<subscriber>` (unique in the ledger) and its `digest` row is unique per (subscriber,
  channel, frequency, period); both are written in one transaction per page, with
  ON CONFLICT DO NOTHING, so a second run (or a worker killed mid-page, whose page rolls
  back) writes nothing twice;
- a period already written is recognised by the reader's latest `digest` row and skipped
  before any selection work.

Sending is the delivery engine's: the rows are `pending` and due now, so any worker's
pump claims them (FOR UPDATE SKIP LOCKED, leases) and renders each with its items.

Memory stays flat: a run walks its range in pages of `page_size` subscribers (keyset on
the id), holding one page at a time plus the period's candidate publications.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from tortoise import Tortoise
from tortoise.transactions import in_transaction

from domain.audience.models import Frequency
from domain.newsletters.periods import (
    DIGEST_FREQUENCIES,
    LENGTH,
    Period,
    latest_due,
    period_title,
)
from domain.newsletters.ranking import Ranked, choose
from domain.newsletters.selection import (
    MAX_LOOKBACK,
    CandidatePool,
    ReaderFacts,
    load_pool,
    reader_facts,
)
from domain.publications.models import Publication, PublicationKind, PublicationStatus

DEFAULT_ITEMS = 5
MAX_ITEMS = 20
PAGE_SIZE = 500
RANGE_SIZE = 5000

_PAGE_IDS = """
SELECT DISTINCT subscriber_id FROM subscriber_preference
WHERE subscriber_id >= $1 AND subscriber_id < $2 AND subscriber_id > $3
  AND frequency IN ('daily', 'weekly')
ORDER BY 1 LIMIT $4
"""

_TARGETS = """
SELECT s.id AS subscriber_id, s.timezone, s.email, s.external_id, sp.channel_id,
       c.type AS channel_type, sp.frequency,
       array_agg(sp.topic_id ORDER BY sp.topic_id) AS topics,
       min(sp.created_at) AS since
FROM subscriber s
JOIN subscriber_preference sp ON sp.subscriber_id = s.id
     AND sp.frequency IN ('daily', 'weekly')
JOIN channel c ON c.id = sp.channel_id AND c.status = 'active' AND c.type <> 'rss'
WHERE s.id = ANY($1::int[]) AND s.status = 'active'
GROUP BY s.id, sp.channel_id, c.type, sp.frequency
ORDER BY s.id, sp.channel_id, sp.frequency
"""

_INSERT_DELIVERIES = """
INSERT INTO delivery (created_at, updated_at, idempotency_key, publication_id, channel_id,
                      subscriber_id, recipient, status, attempts, next_attempt_at,
                      error_history, lane)
SELECT now(), now(), i.k, i.p, i.c, i.s, i.r, 'pending', 0, now(), '[]'::jsonb, 'bulk'
FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::text[]) AS i(k, p, c, s, r)
ON CONFLICT (idempotency_key) DO NOTHING
RETURNING id, idempotency_key
"""

_INSERT_DIGESTS = """
INSERT INTO digest (subscriber_id, channel_id, frequency, period, publication_id,
                    delivery_id, window_start, window_end, due_at, items, created_at)
SELECT i.s, i.c, i.f, i.period, i.p, i.d, i.ws, i.we, i.due, i.items::jsonb, now()
FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::int[], $6::bigint[],
            $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::text[])
     AS i(s, c, f, period, p, d, ws, we, due, items)
ON CONFLICT (subscriber_id, channel_id, frequency, period) DO NOTHING
"""


def delivery_key(frequency: Frequency, period: str, channel_id: int, subscriber_id: int
                 ) -> str:
    return f"digest:{frequency.value}:{period}:c{channel_id}:s{subscriber_id}"


@dataclass(frozen=True, slots=True)
class Target:
    """One digest a reader asked for: their topics on one channel at one frequency."""

    subscriber_id: int
    timezone: str
    channel_id: int
    channel_type: str
    frequency: Frequency
    topics: frozenset[int]
    recipient: str | None
    #: when the reader first asked for this digest
    since: dt.datetime


@dataclass(frozen=True, slots=True)
class Plan:
    target: Target
    period: Period
    due: dt.datetime
    window_start: dt.datetime
    window_end: dt.datetime
    items: list[Ranked]


@dataclass(slots=True)
class GenerationReport:
    #: digests written with a delivery
    created: int = 0
    #: periods with nothing to say (recorded, nothing sent)
    empty: int = 0
    #: periods already written by an earlier run
    already: int = 0
    #: readers whose first period is not due yet, or outside the flag's rollout
    waiting: int = 0
    pages: int = 0
    publications: set[int] = field(default_factory=set)

    def add(self, other: GenerationReport) -> None:
        self.created += other.created
        self.empty += other.empty
        self.already += other.already
        self.waiting += other.waiting
        self.pages += other.pages
        self.publications |= other.publications


def _recipient(row: dict) -> str | None:
    if row["channel_type"] == "email":
        return row["email"]
    return row["external_id"] or row["email"] or f"subscriber {row['subscriber_id']}"


async def load_targets(subscriber_ids: list[int]) -> list[Target]:
    rows = await Tortoise.get_connection("default").execute_query_dict(
        _TARGETS, [subscriber_ids])
    return [Target(row["subscriber_id"], row["timezone"], row["channel_id"],
                   row["channel_type"], Frequency(row["frequency"]),
                   frozenset(row["topics"]), _recipient(row), row["since"])
            for row in rows]


def plan_for(target: Target, now: dt.datetime, pool: CandidatePool, facts: ReaderFacts,
             limit: int) -> Plan | str:
    """The digest `target` is due for at `now`, or "already"/"waiting"."""
    period, due = latest_due(now, target.subscriber_id, target.timezone, target.frequency)
    last = facts.last.get((target.subscriber_id, target.channel_id, target.frequency.value))
    if last is not None and last.period == period.label:
        return "already"
    if last is None and target.since > due:
        return "waiting"  # asked after this period was due: the first one is the next
    floor = due - MAX_LOOKBACK * LENGTH[target.frequency]
    start = max(last.window_end, floor) if last is not None else due - period.length
    pair = (target.subscriber_id, target.channel_id)
    received = facts.received.get(pair, set())
    candidates = [c for c in pool.in_window(target.topics, start, now)
                  if c.publication_id not in received]
    held = [pool.candidates[p] for p in facts.held.get(pair, ())
            if start <= pool.candidates[p].published_at < now]
    chosen = choose(candidates, target.topics, facts.affinity.get(target.subscriber_id, {}),
                    limit, held=held)
    return Plan(target, period, due, start, now, chosen)


async def period_publication(frequency: Frequency, period: Period) -> int:
    """The period's parent publication (kind `digest`), made once whatever the number of
    workers asking (a transaction-level advisory lock serialises the first ones)."""
    title = period_title(frequency, period.label)
    async with in_transaction() as connection:
        await connection.execute_query("SELECT pg_advisory_xact_lock(hashtext($1))",
                                       [f"digest:{title}"])
        found = await Publication.filter(kind=PublicationKind.DIGEST, title=title).using_db(
            connection).first()
        if found is not None:
            return found.id
        now = dt.datetime.now(dt.UTC)
        made = await Publication.create(
            using_db=connection, title=title, kind=PublicationKind.DIGEST,
            summary=f"Personal {frequency.value} digests for {period.label}",
            status=PublicationStatus.PUBLISHING, publish_at=now, published_at=now,
            audience_resolved_at=now)
        return made.id


class PublicationCache:
    """Parent publication ids per (frequency, period label), for one run."""

    def __init__(self) -> None:
        self._ids: dict[tuple[Frequency, str], int] = {}

    async def id_for(self, frequency: Frequency, period: Period) -> int:
        key = (frequency, period.label)
        if key not in self._ids:
            self._ids[key] = await period_publication(frequency, period)
        return self._ids[key]


async def write_plans(plans: list[Plan], parents: PublicationCache,
                      report: GenerationReport, topic_names: dict[int, str]) -> None:
    """One transaction: the deliveries that are new, then every plan's digest row."""
    sending = [plan for plan in plans if plan.items and plan.target.recipient]
    sending_ids = {id(plan) for plan in sending}
    parent_ids = {id(plan): await parents.id_for(plan.target.frequency, plan.period)
                  for plan in sending}
    async with in_transaction() as connection:
        created: dict[str, int] = {}
        if sending:
            keys = [delivery_key(p.target.frequency, p.period.label, p.target.channel_id,
                                 p.target.subscriber_id) for p in sending]
            rows = await connection.execute_query_dict(_INSERT_DELIVERIES, [
                keys, [parent_ids[id(p)] for p in sending],
                [p.target.channel_id for p in sending],
                [p.target.subscriber_id for p in sending],
                [p.target.recipient for p in sending]])
            created = {row["idempotency_key"]: row["id"] for row in rows}
        digests: list[tuple[Plan, int | None, int | None]] = []
        for plan in plans:
            if id(plan) in sending_ids:
                key = delivery_key(plan.target.frequency, plan.period.label,
                                   plan.target.channel_id, plan.target.subscriber_id)
                if key not in created:
                    report.already += 1  # another run wrote it first
                    continue
                digests.append((plan, parent_ids[id(plan)], created[key]))
                report.created += 1
                report.publications.add(parent_ids[id(plan)])
            else:
                digests.append((plan, None, None))
                report.empty += 1
        if digests:
            await connection.execute_query(_INSERT_DIGESTS, [
                [p.target.subscriber_id for p, _, _ in digests],
                [p.target.channel_id for p, _, _ in digests],
                [p.target.frequency.value for p, _, _ in digests],
                [p.period.label for p, _, _ in digests],
                [parent for _, parent, _ in digests],
                [delivery for _, _, delivery in digests],
                [p.window_start for p, _, _ in digests],
                [p.window_end for p, _, _ in digests],
                [p.due for p, _, _ in digests],
                [json.dumps([item.as_item(topic_names) for item in p.items])
                 for p, _, _ in digests]])


async def generate_range(low: int, high: int, now: dt.datetime | None = None, *,
                         limit: int = DEFAULT_ITEMS, page_size: int = PAGE_SIZE,
                         pool: CandidatePool | None = None,
                         admit: Callable[[int], bool] | None = None) -> GenerationReport:
    """Write the due digests of subscribers with ids in [low, high). `admit(subscriber
    id)`: the `digests` flag's rollout (None: everyone)."""
    now = now or dt.datetime.now(dt.UTC)
    limit = max(1, min(limit, MAX_ITEMS))
    if pool is None:
        pool = await load_pool(now - pool_lookback(), now)
    parents = PublicationCache()
    report = GenerationReport()
    connection = Tortoise.get_connection("default")
    cursor = low - 1
    while True:
        rows = await connection.execute_query_dict(_PAGE_IDS, [low, high, cursor, page_size])
        if not rows:
            return report
        ids = [row["subscriber_id"] for row in rows]
        cursor = ids[-1]
        report.pages += 1
        targets = await load_targets(ids)
        facts = await reader_facts(ids, pool, now)
        plans: list[Plan] = []
        for target in targets:
            if admit is not None and not admit(target.subscriber_id):
                report.waiting += 1
                continue
            outcome = plan_for(target, now, pool, facts, limit)
            if outcome == "already":
                report.already += 1
            elif outcome == "waiting":
                report.waiting += 1
            elif isinstance(outcome, Plan):
                plans.append(outcome)
        if plans:
            await write_plans(plans, parents, report, pool.topic_names)


def pool_lookback() -> dt.timedelta:
    """The widest window any reader can have."""
    return max(LENGTH[f] for f in DIGEST_FREQUENCIES) * MAX_LOOKBACK + dt.timedelta(days=1)


async def subscriber_ranges(range_size: int = RANGE_SIZE) -> list[tuple[int, int]]:
    """[low, high) id ranges covering every subscriber with a digest preference."""
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT min(subscriber_id) AS low, max(subscriber_id) AS high "
        "FROM subscriber_preference WHERE frequency IN ('daily', 'weekly')")
    if not rows or rows[0]["low"] is None:
        return []
    low, high = rows[0]["low"], rows[0]["high"]
    return [(start, min(start + range_size, high + 1))
            for start in range(low, high + 1, range_size)]
