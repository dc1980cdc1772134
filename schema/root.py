"""The Query and Mutation roots, merged from the per-area classes, and the schema."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext, Info

from domain.errors import InvalidInput
from resolvers.permissions import Ability, require
from schema.admin import AdminMutations, AdminQueries
from schema.alerts import AlertMutations, AlertQueries, AlertSubscriptions
from schema.brands import Brand, BrandMutations, BrandQueries
from schema.channels import Channel, ChannelMutations, ChannelQueries
from schema.deliveries import (
    Delivery,
    DeliveryMutations,
    DeliveryQueries,
    DeliveryStatsQueries,
)
from schema.execution import PerEventExecutionContext
from schema.experiments import (
    Experiment,
    ExperimentListQueries,
    ExperimentMutations,
    ExperimentQueries,
    ExperimentSubscriptions,
)
from schema.extensions import (
    ApiErrors,
    BoundedParserCache,
    BoundedValidationCache,
    FreshPrincipal,
    QueryLimits,
    TokenLimit,
)
from schema.ids import decode_id
from schema.imports import ImportQueries, ImportSubscriptions
from schema.intelligence import IntelligenceMutations, IntelligenceSubscriptions
from schema.matching import MatchingMutations, MatchingQueries
from schema.metrics import MetricsQueries
from schema.newsletters import NewsletterMutations, NewsletterQueries
from schema.optimization import OptimizationMutations, OptimizationQueries
from schema.permissions import CanRead
from schema.presentation import PresentationMutations, PresentationQueries
from schema.principals import PrincipalMutations, PrincipalQueries
from schema.privacy import PrivacyMutations, PrivacyQueries
from schema.publications import Publication, PublicationMutations, PublicationQueries
from schema.quality import QualityMutations, QualityQueries
from schema.subscribers import Subscriber, SubscriberMutations, SubscriberQueries
from schema.subscriptions import RealtimeSubscriptions
from schema.templates import Template, TemplateMutations, TemplateQueries
from schema.topics import Topic, TopicMutations, TopicQueries
from schema.troubleshooting import (
    TroubleshootingMutations,
    TroubleshootingQueries,
    TroubleshootingSubscriptions,
)

NODE_TYPES = (Publication, Topic, Channel, Subscriber, Template, Delivery, Brand,
              Experiment)
NODE_TYPE_NAMES = {node_type.__name__ for node_type in NODE_TYPES}


async def _node(info: Info, id: relay.GlobalID, expected: str | None = None) -> Any:
    require(info.context, Ability.READ)
    if id.type_name not in NODE_TYPE_NAMES or (expected and id.type_name != expected):
        raise InvalidInput(f"id is not a {expected or 'known node'} id", field="id")
    decode_id(id, id.type_name)  # a malformed or out-of-range key is bad input
    return await id.resolve_node(info, required=False)


@strawberry.type
class LookupQueries:
    @strawberry.field(description="Any object by its global id. Requires any role.",
                        permission_classes=[CanRead])
    async def node(self, info: Info, id: relay.GlobalID) -> relay.Node | None:
        return await _node(info, id)

    @strawberry.field(description="One publication, or null. Requires any role.",
                        permission_classes=[CanRead])
    async def publication(self, info: Info, id: relay.GlobalID) -> Publication | None:
        return await _node(info, id, "Publication")

    @strawberry.field(description="One channel, or null. Requires any role.",
                        permission_classes=[CanRead])
    async def channel(self, info: Info, id: relay.GlobalID) -> Channel | None:
        return await _node(info, id, "Channel")

    @strawberry.field(description="One subscriber, or null. Requires any role.",
                        permission_classes=[CanRead])
    async def subscriber(self, info: Info, id: relay.GlobalID) -> Subscriber | None:
        return await _node(info, id, "Subscriber")

    @strawberry.field(description="One topic, or null. Requires any role.",
                        permission_classes=[CanRead])
    async def topic(self, info: Info, id: relay.GlobalID) -> Topic | None:
        return await _node(info, id, "Topic")

    @strawberry.field(description="One template, or null. Requires any role.",
                        permission_classes=[CanRead])
    async def template(self, info: Info, id: relay.GlobalID) -> Template | None:
        return await _node(info, id, "Template")


Query = merge_types("Query", (LookupQueries, PublicationQueries, SubscriberQueries,
                              ChannelQueries, TopicQueries, TemplateQueries, DeliveryQueries,
                              PrincipalQueries, DeliveryStatsQueries, BrandQueries,
                              PresentationQueries, AlertQueries, MetricsQueries,
                              ExperimentQueries, ExperimentListQueries, AdminQueries,
                              QualityQueries, ImportQueries, MatchingQueries,
                              PrivacyQueries, TroubleshootingQueries, NewsletterQueries,
                              OptimizationQueries))
Mutation = merge_types("Mutation", (PublicationMutations, SubscriberMutations,
                                    ChannelMutations, TopicMutations, TemplateMutations,
                                    PrincipalMutations, DeliveryMutations, BrandMutations,
                                    PresentationMutations, AlertMutations,
                                    ExperimentMutations, AdminMutations, QualityMutations,
                                    IntelligenceMutations, MatchingMutations,
                                    PrivacyMutations, TroubleshootingMutations,
                                    NewsletterMutations, OptimizationMutations))


Subscription = merge_types("Subscription", (RealtimeSubscriptions, AlertSubscriptions,
                                            ExperimentSubscriptions,
                                            IntelligenceSubscriptions,
                                            ImportSubscriptions,
                                            TroubleshootingSubscriptions))


class PublishingSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError],
                       execution_context: ExecutionContext | None = None) -> None:
        """ApiErrors logs what deserves logging; client errors are not server problems."""


schema = PublishingSchema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    types=list(NODE_TYPES),
    extensions=[TokenLimit, BoundedParserCache, QueryLimits, BoundedValidationCache,
                FreshPrincipal, ApiErrors],
    # subscriptions must not keep every event's execution memo (schema/execution.py)
    execution_context_class=PerEventExecutionContext,
)
