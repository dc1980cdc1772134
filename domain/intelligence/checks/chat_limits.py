"""Slack and Discord limits that would cut the rendered message: the transports clip
what does not fit (domain.channels.slack / discord), so readers would see a truncated
text without anyone having decided it. The limits are the channel modules' own."""

from __future__ import annotations

from typing import Any

from domain.channels import discord, slack
from domain.channels.models import ChannelType
from domain.intelligence.checks import CheckKind, CheckResult, failed, passed
from domain.intelligence.checks.content import CheckedContent
from domain.templates.rendering import RenderedMessage

KIND = CheckKind.CHAT_LIMITS


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("text") or "")
    return str(value or "")


def slack_problems(message: RenderedMessage) -> list[str]:
    blocks = message.blocks or []
    problems = []
    if len(blocks) > slack.MAX_BLOCKS:
        problems.append(f"{len(blocks)} blocks (Slack shows {slack.MAX_BLOCKS})")
    if len(message.text or "") > slack.FALLBACK_MAX:
        problems.append(f"fallback text {len(message.text or '')} > {slack.FALLBACK_MAX}")
    limits = {"header": slack.HEADER_MAX, "section": slack.SECTION_MAX}
    for index, block in enumerate(blocks):
        if not isinstance(block, dict) or block.get("type") not in limits:
            continue
        length = len(_text(block.get("text")))
        if length > limits[block["type"]]:
            problems.append(f"block {index} ({block['type']}) text {length} > "
                            f"{limits[block['type']]}")
        for field_index, item in enumerate(block.get("fields") or []):
            if len(_text(item)) > slack.SECTION_FIELD_MAX:
                problems.append(f"block {index} field {field_index} > "
                                f"{slack.SECTION_FIELD_MAX}")
    return problems


def discord_problems(message: RenderedMessage) -> list[str]:
    embeds = [embed for embed in message.embeds or [] if isinstance(embed, dict)]
    problems = []
    if len(message.content or "") > discord.CONTENT_MAX:
        problems.append(f"content {len(message.content or '')} > {discord.CONTENT_MAX}")
    if len(embeds) > discord.EMBEDS_MAX:
        problems.append(f"{len(embeds)} embeds (Discord takes {discord.EMBEDS_MAX})")
    for index, embed in enumerate(embeds):
        for key, limit in (("title", discord.TITLE_MAX),
                           ("description", discord.DESCRIPTION_MAX)):
            length = len(str(embed.get(key) or ""))
            if length > limit:
                problems.append(f"embed {index} {key} {length} > {limit}")
        if len(embed.get("fields") or []) > discord.FIELDS_MAX:
            problems.append(f"embed {index} has more than {discord.FIELDS_MAX} fields")
        total = discord.embed_length(embed)
        if total > discord.EMBED_TOTAL_MAX:
            problems.append(f"embed {index} totals {total} > {discord.EMBED_TOTAL_MAX}")
    return problems


CHECKERS = {ChannelType.SLACK: slack_problems, ChannelType.DISCORD: discord_problems}


def source_problems(content: CheckedContent) -> dict[str, list[str]]:
    """What the layouts will cut before the limits above are ever reached: the built-in
    Slack layout puts the body in one section, the Discord one puts the summary (else the
    body) in the embed description, each clipped to fit."""
    found: dict[str, list[str]] = {}
    if ChannelType.SLACK in content.channel_types:
        problems = []
        if len(content.title) > slack.HEADER_MAX:
            problems.append(f"title {len(content.title)} > header {slack.HEADER_MAX}")
        if len(content.body) > slack.SECTION_MAX:
            problems.append(f"body {len(content.body)} > section {slack.SECTION_MAX}")
        if problems:
            found[ChannelType.SLACK.value] = problems
    if ChannelType.DISCORD in content.channel_types:
        description = content.summary or content.body
        if len(description) > discord.DESCRIPTION_MAX:
            found[ChannelType.DISCORD.value] = [
                f"description {len(description)} > {discord.DESCRIPTION_MAX}"]
    return found


def check_chat_limits(content: CheckedContent) -> CheckResult:
    found = source_problems(content)
    for channel_type, check in CHECKERS.items():
        if channel_type not in content.channel_types:
            continue
        rendered = content.rendered.get(channel_type)
        if not isinstance(rendered, RenderedMessage):
            found[channel_type.value] = [f"does not render: {rendered}"]
        elif problems := check(rendered):
            found.setdefault(channel_type.value, []).extend(problems)
    if found:
        summary = "; ".join(f"{name}: {', '.join(items[:3])}" for name, items in found.items())
        return failed(KIND, f"would be truncated: {summary}", channels=found)
    return passed(KIND, "fits Slack and Discord limits" if content.channel_types
                  & CHECKERS.keys() else "no Slack or Discord channel")
