"""Matching strategies: named, versioned weights + bias + threshold + mode.

The `default` strategy is topic match alone with threshold 0: every reader who chose
`immediate` for a topic of the publication on a channel is selected on that channel —
what audience resolution did before strategies existed. It is seeded on first use (and
re-seeded if its rows are gone), so a fresh or emptied database behaves as before.

A publication names a strategy (or none: the default); resolution uses that name's
active version. Learned versions are gated by the `learned_matching` flag: promoting one
needs the flag on, and while the flag is off a learned active version is passed over for
the newest hand-made version of the same name (the flag is a kill switch).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping, Sequence

from tortoise import BaseDBAsyncClient, Tortoise
from tortoise.transactions import in_transaction

from domain.errors import Conflict, InvalidInput, NotFound
from domain.flags.book import FLAGS, FlagBook
from domain.matching.engine import StrategySpec
from domain.matching.models import MatchingStrategy, StrategyMode, StrategySource, StrategyStatus
from domain.matching.scorers import SCORER_NAMES
from domain.principals.actor import Actor
from domain.principals.service import audit

DEFAULT_NAME = "default"
LEARNED_FLAG = "learned_matching"
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
#: weights and bias are logit units; beyond this a single feature decides everything
MAX_WEIGHT = 50.0
DEFAULT_WEIGHTS: dict[str, float] = {"topic_match": 1.0}


def spec_of(row: MatchingStrategy) -> StrategySpec:
    return StrategySpec(name=row.name, version=row.version, weights=dict(row.weights),
                        bias=row.bias, threshold=row.threshold, mode=StrategyMode(row.mode),
                        id=row.id, source=str(row.source))


def check_name(name: str, field: str = "name") -> str:
    name = (name or "").strip()
    if not NAME_PATTERN.match(name):
        raise InvalidInput("a strategy name is 1-64 characters: lower-case letters, digits, "
                           "'_', '.', '-'", field=field)
    return name


Weights = Mapping[str, float] | Sequence[tuple[str, float]]


def check_weights(weights: Weights, field: str = "weights") -> dict[str, float]:
    """Pairs in input order, so an error names the entry (`weights[2].weight`)."""
    pairs = list(weights.items()) if isinstance(weights, Mapping) else list(weights)
    checked: dict[str, float] = {}
    for index, (scorer, weight) in enumerate(pairs):
        if scorer not in SCORER_NAMES:
            raise InvalidInput(f"unknown scorer {scorer!r} (one of {', '.join(SCORER_NAMES)})",
                               field=f"{field}[{index}].scorer")
        if scorer in checked:
            raise InvalidInput(f"scorer {scorer!r} is listed twice",
                               field=f"{field}[{index}].scorer")
        if not math.isfinite(weight) or abs(weight) > MAX_WEIGHT:
            raise InvalidInput(f"a weight is between -{MAX_WEIGHT:g} and {MAX_WEIGHT:g}",
                               field=f"{field}[{index}].weight")
        checked[scorer] = float(weight)
    return checked


def check_bias(bias: float) -> float:
    if not math.isfinite(bias) or abs(bias) > MAX_WEIGHT:
        raise InvalidInput(f"bias is between -{MAX_WEIGHT:g} and {MAX_WEIGHT:g}", field="bias")
    return float(bias)


def check_threshold(threshold: float) -> float:
    if not math.isfinite(threshold) or not 0.0 <= threshold <= 1.0:
        raise InvalidInput("threshold is between 0 and 1 (a score is a probability)",
                           field="threshold")
    return float(threshold)


async def ensure_default(connection: BaseDBAsyncClient | None = None) -> None:
    """Seed the default strategy's first version when the name has no row at all."""
    sql = ("INSERT INTO matching_strategy (created_at, updated_at, name, version, weights, "
           "bias, threshold, mode, status, source, created_by, promoted_at) "
           "SELECT now(), now(), $1::varchar, 1, $2::jsonb, 0, 0, 'all_channels', 'active', "
           "'manual', 'seed', now() WHERE NOT EXISTS "
           "(SELECT 1 FROM matching_strategy WHERE name = $1::varchar) "
           "ON CONFLICT (name, version) DO NOTHING")
    await (connection or Tortoise.get_connection("default")).execute_query(
        sql, [DEFAULT_NAME, json.dumps(DEFAULT_WEIGHTS)])


async def strategy_exists(name: str) -> bool:
    if name == DEFAULT_NAME:
        return True
    return await MatchingStrategy.exists(name=name, status=StrategyStatus.ACTIVE)


async def check_strategy_name(name: str | None, field: str = "matchingStrategy"
                              ) -> str | None:
    """A publication's choice: None (the default) or a name with an active version."""
    if name is None:
        return None
    name = check_name(name, field)
    if not await strategy_exists(name):
        raise InvalidInput(f"unknown matching strategy {name!r} (no active version)",
                           field=field)
    return name


async def active_strategy(name: str | None, *, book: FlagBook = FLAGS,
                          connection: BaseDBAsyncClient | None = None) -> StrategySpec:
    """The version that scores a publication naming `name` (None: the default)."""
    name = name or DEFAULT_NAME
    if name == DEFAULT_NAME:
        await ensure_default(connection)
    query = MatchingStrategy.filter(name=name)
    if connection is not None:
        query = query.using_db(connection)
    active = await query.filter(status=StrategyStatus.ACTIVE).order_by("-version").first()
    if active is None:
        if name != DEFAULT_NAME:  # its last active version was retired: the default
            return await active_strategy(None, book=book, connection=connection)
        raise Conflict("the default matching strategy has no active version")
    if active.source == StrategySource.LEARNED and not await book.is_on(LEARNED_FLAG):
        manual = MatchingStrategy.filter(name=name, source=StrategySource.MANUAL,
                                         status__in=(StrategyStatus.ACTIVE,
                                                     StrategyStatus.RETIRED),
                                         promoted_at__not_isnull=True)
        if connection is not None:
            manual = manual.using_db(connection)
        fallback = await manual.order_by("-version").first()
        if fallback is not None:
            return spec_of(fallback)
        if name != DEFAULT_NAME:
            return await active_strategy(None, book=book, connection=connection)
    return spec_of(active)


async def _next_version(connection: BaseDBAsyncClient, name: str) -> int:
    rows = await connection.execute_query_dict(
        "SELECT COALESCE(max(version), 0) + 1 AS v FROM matching_strategy WHERE name = $1",
        [name])
    return int(rows[0]["v"])


async def create_strategy(actor: Actor, *, name: str, weights: Weights,
                          bias: float = 0.0, threshold: float = 0.0,
                          mode: StrategyMode = StrategyMode.ALL_CHANNELS) -> MatchingStrategy:
    """A hand-made version, active at once (it replaces the name's active version)."""
    name = check_name(name)
    checked = check_weights(weights)
    bias = check_bias(bias)
    threshold = check_threshold(threshold)
    if not any(checked.values()):
        raise InvalidInput("at least one scorer needs a non-zero weight", field="weights")
    if name == DEFAULT_NAME:
        await ensure_default()
    async with in_transaction() as connection:
        # one writer per name at a time: versions are numbered without gaps or clashes
        await connection.execute_query("SELECT pg_advisory_xact_lock(hashtext($1))",
                                       ["matching_strategy:" + name])
        version = await _next_version(connection, name)
        now = dt.datetime.now(dt.UTC)
        await MatchingStrategy.filter(name=name, status=StrategyStatus.ACTIVE).using_db(
            connection).update(status=StrategyStatus.RETIRED, updated_at=now)
        row = await MatchingStrategy.create(
            using_db=connection, name=name, version=version, weights=checked, bias=bias,
            threshold=threshold, mode=mode, status=StrategyStatus.ACTIVE,
            source=StrategySource.MANUAL, created_by=actor.name, promoted_at=now)
    await audit(actor, "matching_strategy.create", "matching_strategy", row.id,
                {"name": name, "version": version})
    return row


async def propose_learned(name: str, *, parent: StrategySpec, weights: Mapping[str, float],
                          bias: float, metrics: dict[str, object], created_by: str
                          ) -> MatchingStrategy:
    """A learned version waiting for promotion (threshold and mode kept from its parent)."""
    clipped = {scorer: max(-MAX_WEIGHT, min(MAX_WEIGHT, float(weight)))
               for scorer, weight in weights.items()}
    async with in_transaction() as connection:
        await connection.execute_query("SELECT pg_advisory_xact_lock(hashtext($1))",
                                       ["matching_strategy:" + name])
        version = await _next_version(connection, name)
        return await MatchingStrategy.create(
            using_db=connection, name=name, version=version, weights=clipped,
            bias=max(-MAX_WEIGHT, min(MAX_WEIGHT, bias)), threshold=parent.threshold,
            mode=parent.mode, status=StrategyStatus.PROPOSED, source=StrategySource.LEARNED,
            metrics=metrics, parent_id=parent.id, created_by=created_by)


async def promote_strategy(actor: Actor, strategy_id: int, *, book: FlagBook = FLAGS
                           ) -> MatchingStrategy:
    """Make a proposed (or retired) version its name's active one."""
    row = await MatchingStrategy.get_or_none(id=strategy_id)
    if row is None:
        raise NotFound("no such matching strategy version", field="id")
    if row.status == StrategyStatus.ACTIVE:
        raise Conflict(f"{row.name} v{row.version} is already active", field="id")
    if row.source == StrategySource.LEARNED and not await book.is_on(LEARNED_FLAG):
        raise Conflict(f"learned weights are off: turn on the {LEARNED_FLAG!r} flag "
                       "before promoting a learned version", field="id")
    async with in_transaction() as connection:
        await connection.execute_query("SELECT pg_advisory_xact_lock(hashtext($1))",
                                       ["matching_strategy:" + row.name])
        now = dt.datetime.now(dt.UTC)
        await MatchingStrategy.filter(name=row.name, status=StrategyStatus.ACTIVE).using_db(
            connection).update(status=StrategyStatus.RETIRED, updated_at=now)
        await MatchingStrategy.filter(id=row.id).using_db(connection).update(
            status=StrategyStatus.ACTIVE, promoted_at=now, updated_at=now)
    await audit(actor, "matching_strategy.promote", "matching_strategy", row.id,
                {"name": row.name, "version": row.version})
    await row.refresh_from_db()
    return row


async def list_strategies(name: str | None = None) -> list[MatchingStrategy]:
    """Every version (of one name, or all), by name then newest version first."""
    await ensure_default()
    query = MatchingStrategy.all()
    if name is not None:
        query = query.filter(name=check_name(name))
    return await query.order_by("name", "-version")


async def strategies_by_ids(ids: Sequence[int]) -> dict[int, MatchingStrategy]:
    return {row.id: row for row in await MatchingStrategy.filter(id__in=list(ids))}
