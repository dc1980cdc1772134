"""Quality gate: check results, policies, reviewer override, the review queue and quality
metrics."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from domain.intelligence import metrics as metrics_model
from domain.intelligence.analysis import AnalyzableContent
from domain.intelligence.checks import CheckKind as _CheckKind
from domain.intelligence.checks import CheckResult as CheckResultModel
from domain.intelligence.checks import Severity as _Severity
from domain.intelligence.gating import results_of
from domain.intelligence.quality_models import QualityPolicy as QualityPolicyModel
from domain.publications.models import Publication as PublicationModel
from resolvers import quality as resolvers
from schema.enums import Priority
from schema.ids import decode_id
from schema.pagination import Connection
from schema.permissions import CanManage, CanRead, CanReview
from schema.publications import Publication
from schema.topics import Topic

CheckKind = strawberry.enum(_CheckKind, name="CheckKind")
CheckSeverity = strawberry.enum(_Severity, name="CheckSeverity")
QualityPeriod = strawberry.enum(metrics_model.Period, name="QualityPeriod")


@strawberry.type(description="One automated check of a publication's content.")
class CheckResult:
    kind: CheckKind  # type: ignore[valid-type]
    passed: bool
    severity: CheckSeverity = strawberry.field(  # type: ignore[valid-type]
        description="What the quality policy makes of a failure: BLOCK keeps it in draft, "
                    "WARN travels with it.")
    message: str
    details: JSON = strawberry.field(description="Kind-specific facts (links, phrases, "
                                                 "lengths, similar publication, …).")

    @classmethod
    def from_result(cls, result: CheckResultModel) -> CheckResult:
        return cls(kind=result.kind, passed=result.passed, severity=result.severity,
                   message=result.message, details=result.details)


async def checks_of(info: Info, publication_id: int) -> list[CheckResult]:
    run = await info.context.loaders.check_run.load(publication_id)
    return [CheckResult.from_result(result) for result in results_of(run)]


@strawberry.type
class PolicyRule:
    kind: CheckKind  # type: ignore[valid-type]
    severity: CheckSeverity  # type: ignore[valid-type]


@strawberry.type(description="Which checks block or warn, and the minimum analysis "
                             "score, for a topic, a priority, or by default (neither).")
class QualityPolicy:
    id: relay.GlobalID
    priority: Priority | None  # type: ignore[valid-type]
    min_score: float | None
    rules: list[PolicyRule] = strawberry.field(
        description="The kinds this policy sets; the others keep the built-in severity.")
    created_at: dt.datetime
    updated_at: dt.datetime
    topic_id: strawberry.Private[int | None]

    @strawberry.field
    async def topic(self, info: Info) -> Topic | None:
        if self.topic_id is None:
            return None
        row = await info.context.loaders.topic.load(self.topic_id)
        return Topic.from_model(row) if row else None

    @classmethod
    def from_model(cls, policy: QualityPolicyModel) -> QualityPolicy:
        return cls(id=relay.GlobalID("QualityPolicy", str(policy.id)),
                   priority=policy.priority, min_score=policy.min_score,
                   rules=[PolicyRule(kind=_CheckKind(kind), severity=_Severity(severity))
                          for kind, severity in sorted((policy.rules or {}).items())],
                   created_at=policy.created_at, updated_at=policy.updated_at,
                   topic_id=policy.topic_id)


@strawberry.input
class PolicyRuleInput:
    kind: CheckKind  # type: ignore[valid-type]
    severity: CheckSeverity  # type: ignore[valid-type]


@strawberry.input
class SetQualityPolicyInput:
    topic_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The topic's policy; with neither topicId nor priority, "
                                  "the default policy.")
    priority: Priority | None = None  # type: ignore[valid-type]
    min_score: float | None = strawberry.field(
        default=None, description="0 to 1; null: no minimum.")
    rules: list[PolicyRuleInput] = strawberry.field(default_factory=list)


@strawberry.input
class OverrideChecksInput:
    id: relay.GlobalID
    note: str = strawberry.field(description="Why the blocking checks do not apply "
                                             "(required, audited).")


@strawberry.type
class ReviewAuthor:
    id: relay.GlobalID
    name: str
    display_name: str


@strawberry.type(description="A publication waiting for review.")
class ReviewQueueItem:
    publication: Publication
    submitted_at: dt.datetime
    age_seconds: float = strawberry.field(description="Seconds since it was submitted.")
    _author_id: strawberry.Private[int | None]

    @strawberry.field
    async def author(self, info: Info) -> ReviewAuthor | None:
        if self._author_id is None:
            return None
        row = await info.context.loaders.principal.load(self._author_id)
        if row is None:
            return None
        return ReviewAuthor(id=relay.GlobalID("Principal", str(row.id)), name=row.name,
                            display_name=row.display_name)

    @strawberry.field(description="The checks it entered review with.")
    async def checks(self, info: Info) -> list[CheckResult]:
        return await checks_of(info, self.publication.id)

    @strawberry.field(description="Whether a reviewer let it past blocking checks.")
    async def overridden(self, info: Info) -> bool:
        run = await info.context.loaders.check_run.load(self.publication.id)
        return bool(run and run.overridden)

    @strawberry.field
    async def override_note(self, info: Info) -> str | None:
        run = await info.context.loaders.check_run.load(self.publication.id)
        return run.override_note if run else None

    @strawberry.field(description="The analysis score (0 to 1) it entered review with; null "
                                  "when it had none.")
    async def submitted_score(self, info: Info) -> float | None:
        run = await info.context.loaders.check_run.load(self.publication.id)
        return run.quality if run else None

    @strawberry.field(description="The current analysis score (0 to 1); null until the "
                                  "analysis is available.")
    async def quality_score(self, info: Info) -> float | None:
        publication = self.publication
        content = AnalyzableContent(title=publication.title, summary=publication.summary,
                                    body=publication.body)
        stored = await info.context.loaders.analysis_by_content.load(content.content_hash)
        return stored.quality if stored is not None else None

    @classmethod
    def from_model(cls, publication: PublicationModel, now: dt.datetime) -> ReviewQueueItem:
        submitted = publication.submitted_at or publication.updated_at
        return cls(publication=Publication.from_model(publication), submitted_at=submitted,
                   age_seconds=max(0.0, (now - submitted).total_seconds()),
                   _author_id=publication.author_id)


@strawberry.input
class ReviewQueueFilter:
    topic_id: relay.GlobalID | None = None
    author_id: relay.GlobalID | None = strawberry.field(default=None,
                                                        description="A Principal id.")
    priority: Priority | None = None  # type: ignore[valid-type]
    min_age_seconds: float | None = strawberry.field(
        default=None, description="Only items submitted at least this long ago.")


@strawberry.type
class CheckFailureCount:
    kind: str
    count: int


@strawberry.type
class QualityFigures:
    submitted: int
    approved: int
    rejected: int
    rejection_rate: float | None = strawberry.field(
        description="rejected / (approved + rejected); null with no decisions.")
    average_review_seconds: float | None = strawberry.field(
        description="From submit to approval or rejection, for decisions in the range.")
    overridden: int
    average_score: float | None = strawberry.field(
        description="Average analysis score at submission; null until scores exist.")
    check_failures: list[CheckFailureCount]

    @classmethod
    def from_figures(cls, figures: metrics_model.Figures) -> QualityFigures:
        return cls(submitted=figures.submitted, approved=figures.approved,
                   rejected=figures.rejected, rejection_rate=figures.rejection_rate,
                   average_review_seconds=figures.average_review_seconds,
                   overridden=figures.overridden, average_score=figures.average_score,
                   check_failures=[CheckFailureCount(kind=kind, count=count) for kind, count
                                   in sorted(figures.check_failures.items())])


@strawberry.type
class QualityPeriodFigures:
    start: dt.datetime
    figures: QualityFigures


@strawberry.type
class QualityGroupFigures:
    id: relay.GlobalID
    name: str
    figures: QualityFigures


@strawberry.type
class QualityMetrics:
    period: QualityPeriod  # type: ignore[valid-type]
    start: dt.datetime = strawberry.field(name="from")
    end: dt.datetime = strawberry.field(name="to")
    periods: list[QualityPeriodFigures]
    by_topic: list[QualityGroupFigures]
    by_author: list[QualityGroupFigures]

    @classmethod
    def from_report(cls, report: metrics_model.QualityReport) -> QualityMetrics:
        def groups(items: list[metrics_model.GroupFigures], type_name: str
                   ) -> list[QualityGroupFigures]:
            return [QualityGroupFigures(id=relay.GlobalID(type_name, str(item.id)),
                                        name=item.name,
                                        figures=QualityFigures.from_figures(item.figures))
                    for item in items]

        return cls(period=report.period, start=report.start, end=report.end,
                   periods=[QualityPeriodFigures(
                       start=item.start, figures=QualityFigures.from_figures(item.figures))
                       for item in report.periods],
                   by_topic=groups(report.by_topic, "Topic"),
                   by_author=groups(report.by_author, "Principal"))


def _optional_id(global_id: relay.GlobalID | None, type_name: str, field: str) -> int | None:
    return decode_id(global_id, type_name, field) if global_id is not None else None


@strawberry.type
class QualityQueries:
    @strawberry.field(description="Quality policies (topic, priority and default). "
                                  "Requires any role.", permission_classes=[CanRead])
    async def quality_policies(self, info: Info) -> list[QualityPolicy]:
        return [QualityPolicy.from_model(row) for row in await resolvers.policies(info.context)]

    @strawberry.field(description="Publications in review, oldest submission first, with "
                                  "their checks, author and age. Requires any role.",
                      permission_classes=[CanRead])
    async def review_queue(self, info: Info, first: int = 20, after: str | None = None,
                           filter: ReviewQueueFilter | None = None
                           ) -> Connection[ReviewQueueItem]:
        filter = filter or ReviewQueueFilter()
        min_age = None
        if filter.min_age_seconds is not None:
            try:
                min_age = dt.timedelta(seconds=filter.min_age_seconds)
            except OverflowError:
                min_age = dt.timedelta.max
        page = await resolvers.review_queue(
            info.context, first=first, after=after,
            topic_id=_optional_id(filter.topic_id, "Topic", "filter.topicId"),
            author_id=_optional_id(filter.author_id, "Principal", "filter.authorId"),
            priority=filter.priority, min_age=min_age)
        now = dt.datetime.now(dt.UTC)
        return Connection[ReviewQueueItem].from_page(
            page, lambda row: ReviewQueueItem.from_model(row, now))

    @strawberry.field(description="Submissions, rejection rate, time in review, overrides, "
                                  "check failures by kind and average score, per day or "
                                  "week (UTC) and per topic and author over [from, to). "
                                  "Requires any role.", permission_classes=[CanRead])
    async def quality_metrics(
            self, info: Info,
            start: Annotated[dt.datetime, strawberry.argument(name="from")],
            end: Annotated[dt.datetime, strawberry.argument(name="to")],
            period: QualityPeriod = metrics_model.Period.DAY,  # type: ignore[valid-type]
    ) -> QualityMetrics:
        report = await resolvers.quality_metrics(info.context,
                                                 metrics_model.Period(period), start, end)
        return QualityMetrics.from_report(report)


@strawberry.type
class QualityMutations:
    @strawberry.mutation(description="Create or replace the policy of one scope (topic, "
                                     "priority, or default). Requires admin.",
                         permission_classes=[CanManage])
    async def set_quality_policy(self, info: Info, input: SetQualityPolicyInput
                                 ) -> QualityPolicy:
        policy = await resolvers.set_policy(
            info.context, topic_id=_optional_id(input.topic_id, "Topic", "topicId"),
            priority=input.priority, min_score=input.min_score,
            rules=[(_CheckKind(rule.kind).value, _Severity(rule.severity).value)
                   for rule in input.rules])
        return QualityPolicy.from_model(policy)

    @strawberry.mutation(description="Delete a policy (its scope falls back to the next "
                                     "one). Returns the deleted id. Requires admin.",
                         permission_classes=[CanManage])
    async def delete_quality_policy(self, info: Info, id: relay.GlobalID) -> relay.GlobalID:
        deleted = await resolvers.delete_policy(info.context, decode_id(id, "QualityPolicy"))
        return relay.GlobalID("QualityPolicy", str(deleted))

    @strawberry.mutation(description="Draft → in review past failing blocking checks, with "
                                     "a note (audited). Requires reviewer or admin.",
                         permission_classes=[CanReview])
    async def override_checks(self, info: Info, input: OverrideChecksInput) -> Publication:
        return Publication.from_model(await resolvers.override_checks(
            info.context, decode_id(input.id, "Publication"), input.note))

