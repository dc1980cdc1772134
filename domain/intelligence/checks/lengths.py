"""Title (subject) length per channel type: past these lengths the title is cut where
readers see it. Email: mail clients show about 78 characters of a subject (RFC 5322's
recommended line length); Slack: a header block holds 150; Discord: an embed title 256."""

from __future__ import annotations

from domain.channels import discord, slack
from domain.channels.models import ChannelType
from domain.intelligence.checks import CheckKind, CheckResult, failed, passed
from domain.intelligence.checks.content import CheckedContent
from domain.templates.rendering import RenderedMessage

KIND = CheckKind.TITLE_LENGTH
EMAIL_SUBJECT_MAX = 78
TITLE_LIMITS = {ChannelType.EMAIL: EMAIL_SUBJECT_MAX, ChannelType.SLACK: slack.HEADER_MAX,
                ChannelType.DISCORD: discord.TITLE_MAX}


def check_title_length(content: CheckedContent) -> CheckResult:
    too_long: dict[str, dict[str, int]] = {}
    for channel_type in sorted(content.channel_types & TITLE_LIMITS.keys()):
        title = content.title
        rendered = content.rendered.get(channel_type)
        if channel_type is ChannelType.EMAIL and isinstance(rendered, RenderedMessage):
            title = rendered.subject or title  # a template may set its own subject
        limit = TITLE_LIMITS[channel_type]
        if len(title) > limit:
            too_long[channel_type.value] = {"length": len(title), "limit": limit}
    if too_long:
        parts = ", ".join(f"{name} {v['length']}/{v['limit']}"
                          for name, v in too_long.items())
        return failed(KIND, f"title too long for: {parts} characters", channels=too_long)
    return passed(KIND, f"title length {len(content.title)} fits every channel")
