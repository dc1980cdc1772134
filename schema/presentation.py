"""How a publication looks (brand, templates, variable values) and previews of messages."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from domain.templates.presentation import Presentation
from domain.templates.rendering import RenderedMessage
from resolvers import presentation as resolvers
from schema.brands import Brand
from schema.enums import ChannelType
from schema.ids import decode_id
from schema.permissions import CanEditContent, CanRead
from schema.templates import Template, TemplateFormat


@strawberry.type
class TemplateChoice:
    format: TemplateFormat
    template: Template | None


@strawberry.type(description="A stored template version a message was (or will be) rendered "
                             "with.")
class TemplateVersionRef:
    format: TemplateFormat
    name: str
    template_id: relay.GlobalID | None
    version: int


def _refs(versions: dict[str, list[tuple[str, int | None, int]]]) -> list[TemplateVersionRef]:
    return [TemplateVersionRef(
        format=TemplateFormat(format), name=name, version=version,
        template_id=relay.GlobalID("Template", str(template_id)) if template_id else None)
        for format, entries in sorted(versions.items()) for name, template_id, version in entries]


@strawberry.type(description="Brand, template per format and custom variable values of a "
                             "publication. pinnedTemplates: the versions recorded at "
                             "approval (null before), which sends use even if the templates "
                             "change later.")
class PublicationPresentation:
    publication_id: relay.GlobalID
    brand: Brand | None
    templates: list[TemplateChoice]
    variables: JSON
    pinned_templates: list[TemplateVersionRef] | None

    @classmethod
    async def build(cls, info: Info, presentation: Presentation) -> PublicationPresentation:
        brand, rows = await resolvers.presentation_objects(info.context, presentation)
        choices = [TemplateChoice(format=TemplateFormat(format),
                                  template=Template.from_model(rows[template_id])
                                  if template_id in rows else None)
                   for format, template_id in sorted(presentation.templates.items())]
        pinned = None
        if presentation.pins is not None:
            pinned = _refs({format: [(name, *entry[:2]) for name, entry in
                                     sorted((pin.get("templates") or {}).items())]
                            for format, pin in presentation.pins.items()})
        return cls(publication_id=relay.GlobalID("Publication", str(presentation.publication_id)),
                   brand=Brand.from_model(brand) if brand else None, templates=choices,
                   variables=dict(presentation.variables), pinned_templates=pinned)


@strawberry.input
class TemplateChoiceInput:
    format: TemplateFormat
    template_id: relay.GlobalID


@strawberry.input(description="Replaces the whole presentation of a draft.")
class SetPublicationPresentationInput:
    id: relay.GlobalID
    brand_id: relay.GlobalID | None = strawberry.field(
        default=None, description="null: the channel's brand (if any).")
    templates: list[TemplateChoiceInput] = strawberry.field(
        default_factory=list, description="At most one per format; other formats use a "
                                          "stored template named `default`, else the "
                                          "built-in one.")
    variables: JSON | None = strawberry.field(
        default=None, description="Values for the custom variables of those templates.")


@strawberry.input
class RenderPreviewInput:
    template_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Preview this template (on the publication, or on sample "
                                  "content).")
    version: int | None = strawberry.field(default=None,
                                           description="An older version of templateId.")
    publication_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Preview this publication as it would be sent.")
    channel_type: ChannelType | None = strawberry.field(
        default=None, description="Required unless templateId or channelId gives it.")
    channel_id: relay.GlobalID | None = None
    subscriber_id: relay.GlobalID | None = None
    brand_id: relay.GlobalID | None = None
    variables: JSON | None = None


@strawberry.type(description="A rendered message. Email: subject, html, text. Slack: text "
                             "(fallback), blocks. Discord: content, embeds. Webhook: payload.")
class RenderedPreview:
    channel_type: ChannelType
    subject: str | None
    html: str | None
    text: str | None
    blocks: JSON | None
    embeds: JSON | None
    content: str | None
    payload: JSON | None
    templates: list[TemplateVersionRef]

    @classmethod
    def from_message(cls, message: RenderedMessage) -> RenderedPreview:
        return cls(channel_type=message.channel_type, subject=message.subject,
                   html=message.html, text=message.text, blocks=message.blocks,
                   embeds=message.embeds, content=message.content, payload=message.payload,
                   templates=_refs(dict(message.templates)))


def _optional(global_id: relay.GlobalID | None, type_name: str, field: str) -> int | None:
    return decode_id(global_id, type_name, field) if global_id is not None else None


@strawberry.type
class PresentationQueries:
    @strawberry.field(description="How a publication looks, or null. Requires any role.",
                        permission_classes=[CanRead])
    async def publication_presentation(self, info: Info, id: relay.GlobalID
                                       ) -> PublicationPresentation | None:
        presentation = await resolvers.get_presentation(info.context,
                                                        decode_id(id, "Publication"))
        if presentation is None:
            return None
        return await PublicationPresentation.build(info, presentation)

    @strawberry.field(description="Render a template, a publication, or (with neither) the "
                                  "channel type's default layout on sample content, for one "
                                  "channel type and optionally one subscriber, without "
                                  "sending. Requires any role.", permission_classes=[CanRead])
    async def render_preview(self, info: Info, input: RenderPreviewInput) -> RenderedPreview:
        message = await resolvers.render_preview(
            info.context,
            template_id=_optional(input.template_id, "Template", "templateId"),
            version=input.version,
            publication_id=_optional(input.publication_id, "Publication", "publicationId"),
            channel_type=input.channel_type,
            channel_id=_optional(input.channel_id, "Channel", "channelId"),
            subscriber_id=_optional(input.subscriber_id, "Subscriber", "subscriberId"),
            brand_id=_optional(input.brand_id, "Brand", "brandId"),
            variables=input.variables)
        return RenderedPreview.from_message(message)


@strawberry.type
class PresentationMutations:
    @strawberry.mutation(description="Set brand, templates and variable values of a draft. "
                                     "Requires editor or admin.",
                        permission_classes=[CanEditContent])
    async def set_publication_presentation(self, info: Info,
                                           input: SetPublicationPresentationInput
                                           ) -> PublicationPresentation:
        templates: list[tuple[Any, int]] = [
            (choice.format, decode_id(choice.template_id, "Template",
                                      f"templates[{index}].templateId"))
            for index, choice in enumerate(input.templates)]
        presentation = await resolvers.set_presentation(
            info.context, decode_id(input.id, "Publication"),
            brand_id=_optional(input.brand_id, "Brand", "brandId"), templates=templates,
            variables=input.variables)
        return await PublicationPresentation.build(info, presentation)
