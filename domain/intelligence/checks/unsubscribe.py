"""Missing unsubscribe link in email: the built-in templates carry one; a custom template
or brand layout that drops it makes every send a compliance problem (CAN-SPAM, GDPR) and
invites complaints. The email is rendered with a placeholder unsubscribe URL and the
HTML and text parts must both contain it."""

from __future__ import annotations

from domain.channels.models import ChannelType
from domain.intelligence.checks import CheckKind, CheckResult, failed, passed
from domain.intelligence.checks.content import UNSUBSCRIBE_PLACEHOLDER, CheckedContent
from domain.templates.rendering import RenderedMessage

KIND = CheckKind.MISSING_UNSUBSCRIBE


def _templates(message: RenderedMessage) -> list[str]:
    return sorted({name for entries in message.templates.values() for name, _, _ in entries})


def check_unsubscribe(content: CheckedContent) -> CheckResult:
    if ChannelType.EMAIL not in content.channel_types:
        return passed(KIND, "no email channel")
    rendered = content.rendered.get(ChannelType.EMAIL)
    if not isinstance(rendered, RenderedMessage):
        return failed(KIND, f"the email does not render: {rendered}")
    missing = [part for part, text in (("html", rendered.html), ("text", rendered.text))
               if UNSUBSCRIBE_PLACEHOLDER not in (text or "")]
    if missing:
        return failed(KIND, "the email template has no unsubscribe link in its "
                      + " and ".join(missing) + " part", parts=missing,
                      templates=_templates(rendered))
    return passed(KIND, "the email carries an unsubscribe link")
