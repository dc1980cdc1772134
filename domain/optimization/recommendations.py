"""Recommendations for a publication or a topic: send time, channel, subject length and
template, each with the expected effect and the evidence behind it, and applied with one
call (`apply`).

Where the numbers come from:

- send time: the audience's send-time estimates (`sendtime`); the expected effect is
  the relative engagement likelihood at each reader's best hour of the next 24 h against
  an arbitrary hour of that window, under the estimator's model;
- channel: `channels.best_channels` for readers with more than one channel; the effect
  is the share of sends saved, with the engagement rate of the chosen channels against
  the mean of all their channels;
- subject length and template: open rates of the topics' publications over the last 180
  days per title-length bucket and per template, with Wilson intervals; the best is the
  one with the highest lower bound (enough evidence, not a lucky small sample);
- experiments: a decided experiment on these topics whose winner differs from its
  control in title, template or send delay feeds the matching recommendation (its lift
  and sample sizes become the evidence, and its winner the recommended value).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from tortoise import Tortoise

from domain.errors import InvalidInput, NotFound
from domain.experiments.models import Experiment, ExperimentStatus, Variant
from domain.experiments.results import tallies
from domain.flags.book import FLAGS
from domain.optimization import channels, scheduling, sendtime
from domain.optimization.performance import two_proportion_p, wilson
from domain.principals.actor import Actor
from domain.publications import service as publications
from domain.publications.models import Priority, Publication, PublicationStatus
from domain.templates import presentation
from domain.templates.models import TemplateFormat

#: readers looked at per recommendation (a uniform sample by id beyond this)
SAMPLE = 5000
HISTORY = dt.timedelta(days=180)
MIN_TRIALS = 100
LENGTH_BUCKETS = ((0, 30), (30, 50), (50, 70), (70, 301))
EMAIL_FORMAT = TemplateFormat.HTML


class Kind(StrEnum):
    SEND_TIME = "send_time"
    CHANNEL = "channel"
    SUBJECT_LENGTH = "subject_length"
    TEMPLATE = "template"


@dataclass(frozen=True, slots=True)
class Evidence:
    sample_size: int
    baseline_sample_size: int = 0
    #: 0-1: 1 - p-value of the comparison, or the mean estimate confidence (send time)
    confidence: float | None = None
    p_value: float | None = None
    experiment_id: int | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Recommendation:
    kind: Kind
    summary: str
    #: what applying sets, machine-readable ("OPTIMAL:24", "BEST_CHANNEL", "template:7",
    #: "title:30-50")
    value: str
    evidence: Evidence
    #: absolute change of the rate it is about (open rate), when it can be estimated
    expected_effect: float | None = None
    #: relative change (1.2 = 20% more)
    expected_relative: float | None = None
    applicable: bool = False
    #: what `apply` does, or why it cannot
    apply_note: str = ""
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Scope:
    publication: Publication | None
    topic_ids: list[int]


async def _scope(publication_id: int | None, topic_id: int | None) -> Scope:
    if (publication_id is None) == (topic_id is None):
        raise InvalidInput("give exactly one of publicationId and topicId",
                           field="publicationId")
    connection = Tortoise.get_connection("default")
    if publication_id is not None:
        publication = await Publication.get_or_none(id=publication_id)
        if publication is None:
            raise NotFound("publication not found", field="publicationId")
        rows = await connection.execute_query_dict(
            "SELECT topic_id FROM publication_topic WHERE publication_id = $1",
            [publication_id])
        return Scope(publication, sorted(row["topic_id"] for row in rows))
    if not await connection.execute_query_dict("SELECT 1 FROM topic WHERE id = $1",
                                               [topic_id]):
        raise NotFound("topic not found", field="topicId")
    return Scope(None, [int(topic_id)])  # type: ignore[arg-type]


async def _readers(topic_ids: list[int]) -> list[int]:
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT DISTINCT sp.subscriber_id AS s FROM subscriber_preference sp "
        "JOIN subscriber s ON s.id = sp.subscriber_id AND s.status = 'active' "
        "WHERE sp.topic_id = ANY($1::int[]) ORDER BY 1", [topic_ids])
    readers = [row["s"] for row in rows]
    step = max(1, len(readers) // SAMPLE)
    return readers[::step][:SAMPLE]


# --- experiments --------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ExperimentWin:
    experiment_id: int
    winner: Variant
    control: Variant
    winner_rate: float
    control_rate: float
    winner_n: int
    control_n: int
    p_value: float | None


async def _experiment_wins(topic_ids: list[int]) -> list[ExperimentWin]:
    """Decided experiments on the topics' publications whose winner is not the control,
    newest first."""
    connection = Tortoise.get_connection("default")
    rows = await connection.execute_query_dict(
        "SELECT DISTINCT e.id FROM experiment e JOIN publication_topic pt "
        "ON pt.publication_id = e.publication_id WHERE pt.topic_id = ANY($1::int[]) "
        "AND e.status = $2", [topic_ids, ExperimentStatus.COMPLETED.value])
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    experiments = {e.id: e for e in await Experiment.filter(id__in=ids)}
    variants = await Variant.filter(experiment_id__in=ids).order_by("experiment_id",
                                                                    "position")
    by_experiment: dict[int, list[Variant]] = {}
    for variant in variants:
        by_experiment.setdefault(variant.experiment_id, []).append(variant)
    counts = await tallies([v.id for v in variants])
    wins = []
    for experiment_id, found in by_experiment.items():
        winner = next((v for v in found if v.is_winner and v.position != 0), None)
        if winner is None:
            continue
        control = found[0]
        w, c = counts.get(winner.id), counts.get(control.id)
        if w is None or c is None or not w.exposures or not c.exposures:
            continue
        wins.append(ExperimentWin(
            experiment_id, winner, control, min(w.opens, w.exposures) / w.exposures,
            min(c.opens, c.exposures) / c.exposures, w.exposures, c.exposures,
            two_proportion_p(min(w.opens, w.exposures), w.exposures,
                             min(c.opens, c.exposures), c.exposures)))
    wins.sort(key=lambda win: experiments[win.experiment_id].decided_at
              or experiments[win.experiment_id].created_at, reverse=True)
    return wins


def _from_experiment(kind: Kind, win: ExperimentWin, summary: str, value: str
                     ) -> Recommendation:
    return Recommendation(
        kind, summary, value,
        Evidence(win.winner_n, win.control_n,
                 None if win.p_value is None else 1 - win.p_value, win.p_value,
                 win.experiment_id,
                 f"experiment {win.experiment_id}: {win.winner.name} "
                 f"{win.winner_rate:.1%} vs control {win.control_rate:.1%}"),
        expected_effect=win.winner_rate - win.control_rate,
        expected_relative=win.winner_rate / win.control_rate if win.control_rate else None)


# --- the four kinds -----------------------------------------------------------------

def _optimal_applicable(scope: Scope, flag_on: bool) -> tuple[bool, str]:
    publication = scope.publication
    if publication is None:
        return False, "a topic is not scheduled: apply it to a publication"
    if publication.priority is not Priority.NORMAL:
        return False, "alerts go out at once"
    if publication.status not in (PublicationStatus.APPROVED, PublicationStatus.SCHEDULED):
        return False, f"publication is {publication.status.value}: schedule it once approved"
    if not flag_on:
        return False, f"the feature flag {sendtime.FLAG} is off"
    return True, "schedules the publication with sendAt: OPTIMAL over the next 24 h"


async def _send_time(scope: Scope, readers: list[int], wins: list[ExperimentWin]
                     ) -> Recommendation | None:
    flag_on = (await FLAGS.state(sendtime.FLAG)).enabled
    applicable, note = _optimal_applicable(scope, flag_on)
    win = next((w for w in wins if (w.winner.send_delay_seconds or 0)
                != (w.control.send_delay_seconds or 0)), None)
    if win is not None:
        found = _from_experiment(
            Kind.SEND_TIME, win, f"send {win.winner.send_delay_seconds or 0} s later than "
            "the control did won its experiment; per-reader times go further",
            "OPTIMAL:24")
        return Recommendation(found.kind, found.summary, found.value, found.evidence,
                              found.expected_effect, found.expected_relative, applicable,
                              note)
    if not readers:
        return None
    estimates = await sendtime.load_estimates(readers)
    if not estimates.ids:
        return None
    start = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    rules = await sendtime.reader_rules(estimates.ids)
    people = [rules[i] for i in estimates.ids]
    moments, _ = sendtime.place(people, estimates.estimates.posterior,
                                estimates.estimates.confidence, start,
                                start + dt.timedelta(hours=24), max_peak_to_mean=None)
    posterior = estimates.estimates.posterior
    slots = sendtime.window_slots(start, start + dt.timedelta(hours=24))
    hours_by_zone: dict[str, np.ndarray] = {}
    chosen, average = [], []
    for i, (moment, person) in enumerate(zip(moments, people, strict=True)):
        local = moment.astimezone(sendtime.zone(person.timezone))
        chosen.append(posterior[i, local.weekday() * 24 + local.hour])
        hours = hours_by_zone.get(person.timezone)
        if hours is None:
            hours = hours_by_zone[person.timezone] = sendtime.slot_hours(slots,
                                                                         person.timezone)
        average.append(posterior[i, hours].mean())
    relative = float(np.mean(chosen) / np.mean(average))
    with_history = int((estimates.estimates.events > 0).sum())
    return Recommendation(
        Kind.SEND_TIME, f"send at each reader's best hour: {relative:.2f}x the engagement "
        "likelihood of an arbitrary hour of the next 24 h", "OPTIMAL:24",
        Evidence(len(estimates.ids), with_history,
                 float(estimates.estimates.confidence.mean()), None, None,
                 f"{with_history} of {len(estimates.ids)} readers have history; "
                 f"{int(estimates.estimates.events.sum())} human opens and clicks"),
        None, relative, applicable, note)


async def _channel(scope: Scope, readers: list[int]) -> Recommendation | None:
    if not readers:
        return None
    choices = await channels.best_channels(readers, scope.topic_ids)
    several = [c for c in choices.values() if len(c.candidates) > 1]
    if not several:
        return None
    sends_now = sum(len(c.candidates) for c in several)
    best_rate = float(np.mean([c.best.rate for c in several]))
    mean_rate = float(np.mean([s.rate for c in several for s in c.candidates]))
    publication = scope.publication
    applicable = publication is not None and publication.priority is Priority.NORMAL \
        and publication.status in channels.CHANGEABLE
    note = ("sets the publication's channel strategy to BEST_CHANNEL" if applicable else
            "a topic has no channel strategy: apply it to a publication" if publication is None
            else "the publication's audience is resolved or it is an alert")
    saved = (sends_now - len(several)) / sends_now
    return Recommendation(
        Kind.CHANNEL, f"send on each reader's best channel only: {saved:.0%} fewer sends to "
        f"the {len(several)} readers with several channels, at {best_rate:.1%} engagement "
        f"vs {mean_rate:.1%} across their channels", "BEST_CHANNEL",
        Evidence(len(several), sends_now, None, None, None,
                 f"{sum(s.sent for c in several for s in c.candidates)} past sends on "
                 "these topics"),
        best_rate - mean_rate, best_rate / mean_rate if mean_rate else None, applicable, note,
        {"sends_saved": saved})


_BY_PUBLICATION = """
SELECT p.id, length(p.title) AS title_length, p.template_choices,
       sum(r.delivered)::bigint AS delivered, sum(r.sent)::bigint AS sent,
       sum(r.unique_opens)::bigint AS opens
FROM publication p JOIN metric_rollup r ON r.publication_id = p.id
     AND r.granularity = 'day' AND r.bucket >= $2
WHERE p.id IN (SELECT publication_id FROM publication_topic WHERE topic_id = ANY($1::int[]))
GROUP BY p.id
"""


def _best_group(groups: dict, current: object) -> tuple[object, float, float, int, float,
                                                        int, float | None] | None:
    """The group with the highest Wilson lower bound (≥ MIN_TRIALS), its rate, low, n;
    and the current group's (or everyone's) rate and n, with the comparison's p."""
    keys = [k for k, (s, n) in groups.items() if n >= MIN_TRIALS]
    if len(keys) < 2 and current not in groups:
        return None
    if not keys:
        return None
    successes = np.array([groups[k][0] for k in keys])
    trials = np.array([groups[k][1] for k in keys])
    low, _ = wilson(successes, trials)
    best = keys[int(np.argmax(low))]
    s, n = groups[best]
    if current in groups and current != best:
        cs, cn = groups[current]
    else:
        cs = sum(v[0] for k, v in groups.items() if k != best)
        cn = sum(v[1] for k, v in groups.items() if k != best)
    if cn == 0:
        return None
    return best, s / n, float(low[int(np.argmax(low))]), n, cs / cn, cn, \
        two_proportion_p(s, n, cs, cn)


async def _history(scope: Scope) -> list[dict]:
    return await Tortoise.get_connection("default").execute_query_dict(
        _BY_PUBLICATION, [scope.topic_ids, dt.datetime.now(dt.UTC) - HISTORY])


def _bucket(length: int) -> tuple[int, int]:
    return next(b for b in LENGTH_BUCKETS if b[0] <= length < b[1])


def _opens(row: dict) -> tuple[int, int]:
    trials = int(row["delivered"] or row["sent"] or 0)
    return min(int(row["opens"] or 0), trials), trials


async def _subject(scope: Scope, history: list[dict], wins: list[ExperimentWin]
                   ) -> Recommendation | None:
    publication = scope.publication
    win = next((w for w in wins if w.winner.title and w.winner.title != w.control.title),
               None)
    if win is not None and publication is not None and \
            win.experiment_id in await _experiments_of(publication.id):
        found = _from_experiment(Kind.SUBJECT_LENGTH, win,
                                 f"use the winning subject ({len(win.winner.title)} "
                                 "characters)", f"title:{win.winner.title}")
        applicable = publication.status is PublicationStatus.DRAFT
        return Recommendation(found.kind, found.summary, found.value, found.evidence,
                              found.expected_effect, found.expected_relative, applicable,
                              "sets the title to the winning variant's" if applicable
                              else "only drafts change their title")
    groups: dict[tuple[int, int], tuple[int, int]] = {}
    for row in history:
        s, n = _opens(row)
        key = _bucket(int(row["title_length"]))
        groups[key] = (groups.get(key, (0, 0))[0] + s, groups.get(key, (0, 0))[1] + n)
    current = _bucket(len(publication.title)) if publication is not None else None
    best = _best_group(groups, current)
    if best is None:
        return None
    (lo, hi), rate, _, n, base_rate, base_n, p = best  # type: ignore[misc]
    label = f"{lo}-{hi - 1}" if hi <= 300 else f"{lo}+"
    return Recommendation(
        Kind.SUBJECT_LENGTH, f"subjects of {label} characters open best here: {rate:.1%} vs "
        f"{base_rate:.1%}", f"title:{label}",
        Evidence(n, base_n, None if p is None else 1 - p, p, None,
                 f"{len(history)} publications on these topics in the last "
                 f"{HISTORY.days} days"),
        rate - base_rate, rate / base_rate if base_rate else None, False,
        "a subject is the editor's words: edit the title to that length "
        "(an experiment's winning title can be applied)")


async def _experiments_of(publication_id: int) -> set[int]:
    return set(await Experiment.filter(publication_id=publication_id).values_list(
        "id", flat=True))


async def _template(scope: Scope, history: list[dict], wins: list[ExperimentWin]
                    ) -> Recommendation | None:
    publication = scope.publication
    applicable = publication is not None and publication.status is PublicationStatus.DRAFT
    note = ("sets the publication's html template" if applicable else
            "a topic has no template: apply it to a draft publication" if publication is None
            else "only drafts change their template")
    win = next((w for w in wins if w.winner.template_id and
                w.winner.template_id != w.control.template_id), None)
    if win is not None:
        found = _from_experiment(Kind.TEMPLATE, win,
                                 f"use template {win.winner.template_id}, which won its "
                                 "experiment", f"template:{win.winner.template_id}")
        return Recommendation(found.kind, found.summary, found.value, found.evidence,
                              found.expected_effect, found.expected_relative, applicable,
                              note)
    groups: dict[int, tuple[int, int]] = {}
    for row in history:
        choices = row["template_choices"]
        choices = json.loads(choices) if isinstance(choices, str) else (choices or {})
        key = int(choices.get(EMAIL_FORMAT.value, 0))
        s, n = _opens(row)
        groups[key] = (groups.get(key, (0, 0))[0] + s, groups.get(key, (0, 0))[1] + n)
    current = int((publication.template_choices or {}).get(EMAIL_FORMAT.value, 0)) \
        if publication is not None else None
    best = _best_group(groups, current)
    if best is None or best[0] == 0:
        return None
    template_id, rate, _, n, base_rate, base_n, p = best
    if template_id == current:
        return None
    return Recommendation(
        Kind.TEMPLATE, f"template {template_id} opens best here: {rate:.1%} vs "
        f"{base_rate:.1%}", f"template:{template_id}",
        Evidence(n, base_n, None if p is None else 1 - p, p, None,
                 f"{len(history)} publications on these topics in the last "
                 f"{HISTORY.days} days"),
        rate - base_rate, rate / base_rate if base_rate else None, applicable, note)


async def recommendations(*, publication_id: int | None = None,
                          topic_id: int | None = None) -> list[Recommendation]:
    """What to change, best evidence first within each kind; kinds without enough
    evidence are left out."""
    scope = await _scope(publication_id, topic_id)
    if not scope.topic_ids:
        return []
    readers = await _readers(scope.topic_ids)
    wins = await _experiment_wins(scope.topic_ids)
    history = await _history(scope)
    found = [await _send_time(scope, readers, wins), await _channel(scope, readers),
             await _subject(scope, history, wins), await _template(scope, history, wins)]
    return [r for r in found if r is not None]


async def apply(actor: Actor, publication_id: int, kind: Kind) -> Recommendation:
    """Apply the current recommendation of `kind` to the publication."""
    found = {r.kind: r for r in await recommendations(publication_id=publication_id)}
    recommendation = found.get(kind)
    if recommendation is None:
        raise InvalidInput(f"there is no {kind.value} recommendation for this publication "
                           "(not enough evidence)", field="kind")
    if not recommendation.applicable:
        raise InvalidInput(f"this recommendation cannot be applied: "
                           f"{recommendation.apply_note}", field="kind")
    if kind is Kind.SEND_TIME:
        await scheduling.schedule_publication(actor, publication_id, at=None, optimal=True,
                                              window=dt.timedelta(hours=24))
    elif kind is Kind.CHANNEL:
        await channels.set_best_channel_only(actor, publication_id, True)
    elif kind is Kind.TEMPLATE:
        publication = await Publication.get(id=publication_id)
        choices = {TemplateFormat(k): int(v)
                   for k, v in (publication.template_choices or {}).items()}
        choices[EMAIL_FORMAT] = int(recommendation.value.split(":", 1)[1])
        await presentation.set_presentation(
            actor, publication_id, brand_id=publication.brand_id,
            templates=sorted(choices.items()), variables=publication.template_variables)
    elif kind is Kind.SUBJECT_LENGTH:
        await publications.update_publication(actor, publication_id,
                                              title=recommendation.value.split(":", 1)[1])
    return recommendation
