"""The quality gate on the way into review (and out as an alert).

`submit` runs the checks the publication's policy asks for, then either moves it draft
→ in review and stores the results (warnings travel with it), or raises `ChecksFailed`
and changes nothing at all: no status, no audit entry, no stored run, no event.
`override` is the reviewer's way past blocking checks: same checks, the blocking ones
recorded as overridden with the reviewer's note, audited.

The analysis score comes from a `ScoreSource`, by default `current_quality` (the stored
analysis of the current content); without one the minimum-score rule warns "not analyzed
yet".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from tortoise.transactions import in_transaction

from domain.channels.models import Channel
from domain.errors import Conflict, InvalidInput
from domain.intelligence.checks import CheckKind, CheckResult, Severity
from domain.intelligence.checks.content import content_of_draft, content_of_publication
from domain.intelligence.checks.runner import CheckEnvironment, run_checks
from domain.intelligence.policy import Verdict, evaluate, policy_for
from domain.intelligence.quality_models import CheckRun, RunTrigger
from domain.principals.actor import Actor
from domain.principals.service import audit
from domain.publications import service as publications
from domain.publications.models import Publication, PublicationStatus
from domain.validation import require_text

ScoreSource = Callable[[int], Awaitable[float | None]]


async def current_quality(publication_id: int) -> float | None:
    """The stored analysis score (0 to 1) of the publication's current content, None while
    it has none (the analysis job runs on create, update and submit; the minimum-score
    rule then warns "not analyzed yet" instead of blocking)."""
    from domain.intelligence.service import current_analysis  # service builds on checks

    analysis = await current_analysis(publication_id)
    return analysis.quality if analysis is not None else None


class ChecksFailed(InvalidInput):
    """Blocking checks failed; `checks` lists them (kind, message) for the API."""

    def __init__(self, blocking: Sequence[CheckResult], field: str = "content") -> None:
        kinds = ", ".join(result.kind.value for result in blocking)
        super().__init__(f"blocked by quality checks: {kinds}", field=field)
        self.checks = [{"kind": result.kind.value, "message": result.message}
                       for result in blocking]
        self.extensions = {"checks": self.checks}


async def verdict_for(publication: Publication, environment: CheckEnvironment,
                      score_source: ScoreSource = current_quality) -> Verdict:
    content = await content_of_publication(publication)
    policy = await policy_for(content.topic_ids, content.priority)
    results = await run_checks(content, policy.rules, environment)
    return evaluate(policy, results, await score_source(publication.id))


async def _check_submittable(publication_id: int) -> Publication:
    """The preconditions of a submit, before any (slow) check runs."""
    publication = await publications.get_publication(publication_id)
    if publication.status is not PublicationStatus.DRAFT:
        raise Conflict(f"cannot submit a publication that is {publication.status.value} "
                       "(allowed from: draft)", field="id")
    if not await publication.channels.all().exists():
        raise InvalidInput("add at least one channel before submitting", field="channelIds")
    return publication


async def _enter_review(actor: Actor, publication: Publication, verdict: Verdict,
                        quality: float | None, trigger: RunTrigger,
                        note: str | None = None) -> Publication:
    # what was checked is what enters review: an edit while the checks ran loses
    current = await publications.get_publication(publication.id)
    if current.updated_at != publication.updated_at:
        raise Conflict("the publication changed while its checks ran; submit again",
                       field="id")
    overridden = [result.kind.value for result in verdict.blocking]
    async with in_transaction():
        submitted = await publications.submit_for_review(actor, publication.id)
        await CheckRun.create(
            publication_id=publication.id, trigger=trigger, quality=quality,
            results=[result.to_dict() for result in verdict.results],
            overridden=bool(overridden), override_note=note, actor_name=actor.name)
        if trigger is RunTrigger.OVERRIDE:
            await audit(actor, "publication.checks_override", "publication", publication.id,
                        {"note": note, "overridden": overridden})
    return submitted


async def submit(actor: Actor, publication_id: int, environment: CheckEnvironment,
                 score_source: ScoreSource = current_quality) -> Publication:
    publication = await _check_submittable(publication_id)
    quality = await score_source(publication_id)
    verdict = await verdict_for(publication, environment, _fixed(quality))
    if verdict.blocking:
        raise ChecksFailed(verdict.blocking)
    return await _enter_review(actor, publication, verdict, quality, RunTrigger.SUBMIT)


async def override(actor: Actor, publication_id: int, note: str,
                   environment: CheckEnvironment,
                   score_source: ScoreSource = current_quality) -> Publication:
    """A reviewer sends a draft into review past its blocking checks, saying why."""
    note = require_text(note, "note", max_length=5000)
    publication = await _check_submittable(publication_id)
    quality = await score_source(publication_id)
    verdict = await verdict_for(publication, environment, _fixed(quality))
    return await _enter_review(actor, publication, verdict, quality, RunTrigger.OVERRIDE,
                               note)


def _fixed(quality: float | None) -> ScoreSource:
    async def source(_: int) -> float | None:
        return quality
    return source


# --- alerts ------------------------------------------------------------------------------

async def check_alert(*, title: str, summary: str, body: str, priority: str,
                      topic_ids: Sequence[int], channels: Sequence[Channel],
                      environment: CheckEnvironment) -> Verdict:
    """The blocking rule checks only, no analysis, no network: an alert must go out in
    seconds. Raises ChecksFailed when one fails (nothing is created)."""
    content = await content_of_draft(title=title, summary=summary, body=body,
                                     priority=priority, topic_ids=topic_ids, channels=channels)
    policy = await policy_for(topic_ids, priority)
    blocking_only = {kind: severity for kind, severity in policy.rules.items()
                     if severity is Severity.BLOCK}
    results = await run_checks(content, blocking_only,
                               CheckEnvironment(environment.resolver, network=False))
    verdict = Verdict([result for result in evaluate(policy, results, None).results
                       if result.kind is not CheckKind.QUALITY_SCORE])
    if verdict.blocking:
        raise ChecksFailed(verdict.blocking)
    return verdict


async def record_alert_run(publication_id: int, verdict: Verdict, actor: Actor) -> None:
    await CheckRun.create(publication_id=publication_id, trigger=RunTrigger.ALERT,
                          results=[result.to_dict() for result in verdict.results],
                          actor_name=actor.name)


# --- reading ------------------------------------------------------------------------------

async def latest_runs(publication_ids: Sequence[int]) -> dict[int, CheckRun]:
    """The newest check run of each publication (one query)."""
    if not publication_ids:
        return {}
    rows = await CheckRun.filter(publication_id__in=list(publication_ids)).order_by(
        "publication_id", "-id")
    latest: dict[int, CheckRun] = {}
    for row in rows:
        latest.setdefault(row.publication_id, row)
    return latest


def results_of(run: CheckRun | None) -> list[CheckResult]:
    return [CheckResult.from_dict(item) for item in (run.results if run else [])]


def run_summary(run: CheckRun | None) -> dict[str, Any]:
    if run is None:
        return {}
    return {"checked_at": run.created_at.astimezone(dt.UTC).isoformat(),
            "overridden": run.overridden, "override_note": run.override_note}
