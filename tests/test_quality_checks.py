"""Every rule check has a failing and a passing case; links are probed against real
loopback web sites through the SSRF guard."""

from __future__ import annotations

import pytest

from domain.channels import discord, slack
from domain.channels.models import Channel, ChannelType
from domain.channels.ssrf import TargetResolver
from domain.intelligence.checks import CheckKind
from domain.intelligence.checks.chat_limits import check_chat_limits
from domain.intelligence.checks.content import content_of_draft, content_of_publication
from domain.intelligence.checks.duplicates import check_near_duplicate
from domain.intelligence.checks.images import check_image_alt
from domain.intelligence.checks.lengths import EMAIL_SUBJECT_MAX, check_title_length
from domain.intelligence.checks.links import (
    LinkChecker,
    LinkCheckSettings,
    LinkState,
    check_links,
    static_problem,
)
from domain.intelligence.checks.spam import check_spam_phrases, spam_phrases_in
from domain.intelligence.checks.unsubscribe import check_unsubscribe
from domain.principals.actor import Actor
from domain.principals.models import Role
from domain.publications.models import Publication, PublicationStatus
from domain.templates.models import TemplateFormat
from domain.templates.service import create_template
from tests.receivers import LinkSite

ADMIN = Actor(name="setup", role=Role.ADMIN)


async def _content(body: str = "", *, title: str = "A fine title", summary: str = "",
                   types: tuple[ChannelType, ...] = (ChannelType.WEBHOOK,)):
    channels = [await Channel.create(name=f"{kind.value}-{index}", type=kind,
                                     config={"url": "https://example.com/hook"})
                for index, kind in enumerate(types)]
    return await content_of_draft(title=title, summary=summary, body=body, priority="normal",
                                  topic_ids=[], channels=channels)


@pytest.fixture
async def site():
    server = await LinkSite().start()
    yield server
    await server.stop()


# --- images ------------------------------------------------------------------------------

async def test_images_without_alt_text_fail(db) -> None:
    content = await _content("![](https://example.com/a.png) and ![  ](https://example.com/b.png)"
                             " and ![a chart](https://example.com/c.png)")
    result = check_image_alt(content)
    assert not result.passed and result.kind is CheckKind.IMAGE_ALT
    assert result.details["images"] == ["https://example.com/a.png",
                                        "https://example.com/b.png"]
    assert "2 of 3" in result.message


async def test_images_with_alt_text_pass(db) -> None:
    result = check_image_alt(await _content("![a chart](https://example.com/c.png)"))
    assert result.passed, result


# --- title length ------------------------------------------------------------------------

async def test_a_subject_too_long_for_email_fails_but_fits_discord(db) -> None:
    title = "x" * (EMAIL_SUBJECT_MAX + 1)
    result = check_title_length(await _content(title=title,
                                               types=(ChannelType.EMAIL, ChannelType.DISCORD)))
    assert not result.passed
    assert result.details["channels"] == {"email": {"length": EMAIL_SUBJECT_MAX + 1,
                                                    "limit": EMAIL_SUBJECT_MAX}}


async def test_a_title_over_the_slack_header_limit_fails_for_slack_only(db) -> None:
    title = "y" * (slack.HEADER_MAX + 1)
    assert not check_title_length(await _content(title=title,
                                                 types=(ChannelType.SLACK,))).passed
    assert check_title_length(await _content(title=title, types=(ChannelType.DISCORD,))
                              ).passed


async def test_a_short_title_passes_every_channel(db) -> None:
    result = check_title_length(await _content(
        title="Short", types=(ChannelType.EMAIL, ChannelType.SLACK, ChannelType.DISCORD)))
    assert result.passed, result


# --- spam phrases ------------------------------------------------------------------------

async def test_spam_phrases_are_found_case_insensitively_across_whitespace(db) -> None:
    result = check_spam_phrases(await _content("Please ACT\n  NOW, this is 100% FREE!",
                                               title="Click here"))
    assert not result.passed
    assert result.details["phrases"] == ["click here", "act now", "100% free"]


def test_spam_phrases_respect_word_boundaries() -> None:
    assert spam_phrases_in("a carefree winners' meeting; reactivation now") == []
    assert spam_phrases_in("the WINNER is") == ["winner"]


async def test_ordinary_text_has_no_spam_phrases(db) -> None:
    result = check_spam_phrases(await _content("The quarterly report is out."))
    assert result.passed, result


# --- unsubscribe -------------------------------------------------------------------------

async def test_a_custom_email_template_without_unsubscribe_fails(db) -> None:
    template = await create_template(
        ADMIN, name="bare", channel_type=ChannelType.EMAIL, format=TemplateFormat.HTML,
        source='{% extends "builtin/base" %}{% block unsubscribe %}{% endblock %}'
               '{% block content %}{{ publication.body_html }}{% endblock %}')
    channel = await Channel.create(name="mail", type=ChannelType.EMAIL)
    publication = await Publication.create(title="News", body="Hello",
                                           template_choices={"html": template.id})
    await publication.channels.add(channel)
    result = check_unsubscribe(await content_of_publication(publication))
    assert not result.passed and result.kind is CheckKind.MISSING_UNSUBSCRIBE
    assert result.details["parts"] == ["html"]
    assert "bare" in result.details["templates"]


async def test_the_built_in_email_template_carries_unsubscribe(db) -> None:
    result = check_unsubscribe(await _content("Hello", types=(ChannelType.EMAIL,)))
    assert result.passed, result


# --- chat limits -------------------------------------------------------------------------

async def test_a_body_longer_than_a_slack_section_fails(db) -> None:
    body = "word " * (slack.SECTION_MAX // 5 + 10)
    result = check_chat_limits(await _content(body, types=(ChannelType.SLACK,)))
    assert not result.passed
    assert any("section" in problem for problem in result.details["channels"]["slack"])


async def test_a_custom_slack_template_with_too_many_blocks_fails(db) -> None:
    blocks = ", ".join('{"type": "divider"}' for _ in range(slack.MAX_BLOCKS + 1))
    template = await create_template(ADMIN, name="default", channel_type=ChannelType.SLACK,
                                     source='{"text": "x", "blocks": [' + blocks + "]}")
    assert template.id
    result = check_chat_limits(await _content("Short", types=(ChannelType.SLACK,)))
    assert not result.passed
    assert f"{slack.MAX_BLOCKS + 1} blocks" in result.details["channels"]["slack"][0]


async def test_a_summary_longer_than_a_discord_description_fails(db) -> None:
    summary = "z" * (discord.DESCRIPTION_MAX + 1)
    result = check_chat_limits(await _content("body", summary=summary,
                                              types=(ChannelType.DISCORD,)))
    assert not result.passed and "discord" in result.details["channels"]


async def test_short_chat_messages_pass(db) -> None:
    result = check_chat_limits(await _content("Short body", summary="Short",
                                              types=(ChannelType.SLACK, ChannelType.DISCORD)))
    assert result.passed, result


# --- near-duplicates ---------------------------------------------------------------------

TEXT = ("The city council approved the new budget for public libraries on Tuesday, "
        "adding funds for longer opening hours, new books and a mobile library that "
        "will visit schools in the northern districts every week starting in March.")


async def test_a_near_copy_of_a_recent_publication_fails(db) -> None:
    original = await Publication.create(title="Library budget", body=TEXT)
    result = await check_near_duplicate(await _content(TEXT.replace("Tuesday", "Monday"),
                                                       title="Library budget"))
    assert not result.passed
    assert result.details["publication_id"] == original.id
    assert result.details["similarity"] >= 0.8


async def test_different_text_and_canceled_copies_pass(db) -> None:
    await Publication.create(title="Weather", body="Sunny with light winds all week long "
                             "across the whole region, then rain from the west on Sunday.")
    await Publication.create(title="Library budget", body=TEXT,
                             status=PublicationStatus.CANCELED)
    result = await check_near_duplicate(await _content(TEXT, title="Library budget"))
    assert result.passed, result
    assert result.details["closest_similarity"] < 0.5


# --- links -------------------------------------------------------------------------------

def _checker(client, allow_private: bool, **settings) -> LinkChecker:
    return LinkChecker(client, TargetResolver(allow_private=allow_private),
                       LinkCheckSettings(**settings))


async def test_links_that_answer_pass_and_a_404_is_broken(db, site, http_client) -> None:
    content = await _content(f"[ok]({site.url}/ok) [no head]({site.url}/no-head) "
                             f"[gone]({site.url}/missing) [mail](mailto:a@example.com)")
    unsafe, broken = await check_links(content, _checker(http_client, True),
                                       allow_private=True)
    assert unsafe.passed, unsafe
    assert not broken.passed
    assert [link["url"] for link in broken.details["links"]] == [f"{site.url}/missing"]
    assert broken.details["links"][0]["status"] == 404
    # HEAD first, GET only where HEAD is not allowed
    assert ("HEAD", "/ok") in site.requests and ("GET", "/ok") not in site.requests
    assert ("HEAD", "/no-head") in site.requests and ("GET", "/no-head") in site.requests


async def test_all_good_links_pass_both_checks(db, site, http_client) -> None:
    content = await _content(f"[ok]({site.url}/ok) [again]({site.url}/redirect?to=/ok)")
    unsafe, broken = await check_links(content, _checker(http_client, True),
                                       allow_private=True)
    assert unsafe.passed and broken.passed, (unsafe, broken)


async def test_a_private_target_is_unsafe_when_private_targets_are_off(db, site,
                                                                        http_client) -> None:
    """ALLOW_PRIVATE_TARGETS off (production): the loopback site is never contacted;
    with it on (tests, demos) the same link is probed and fine."""
    url = f"{site.url}/redirect?to=http://127.0.0.1:{site.port}/ok"
    content = await _content(f"[x]({url})")
    unsafe, _ = await check_links(content, _checker(http_client, False), allow_private=False)
    assert not unsafe.passed
    assert "non-public address" in unsafe.details["links"][0]["reason"]
    assert site.requests == []
    unsafe, broken = await check_links(content, _checker(http_client, True),
                                       allow_private=True)
    assert unsafe.passed and broken.passed
    assert ("HEAD", "/ok") in site.requests


async def test_every_redirect_hop_goes_through_the_guard(db, site, http_client) -> None:
    """A redirect to credentials or to another scheme is reported at that hop and never
    followed (each hop is resolved and judged again, like the first)."""
    checker = _checker(http_client, True)
    for target, reason in (("http://user:pw@example.com/", "credentials"),
                           ("file:///etc/passwd", "scheme 'file'")):
        result = await checker.check(f"{site.url}/redirect?to={target}")
        assert result.state is LinkState.UNSAFE, result
        assert reason in result.reason and result.hops == 1
    assert {path for _, path in site.requests} == {"/redirect"}


async def test_a_link_that_does_not_answer_in_time_is_broken(db, site, http_client) -> None:
    content = await _content(f"[slow]({site.url}/slow)")
    _, broken = await check_links(content, _checker(http_client, True, per_link_seconds=0.5),
                                  allow_private=True)
    assert not broken.passed
    assert "timed out" in broken.details["links"][0]["reason"]


async def test_links_beyond_the_total_budget_are_reported_unchecked(db, site,
                                                                    http_client) -> None:
    content = await _content(f"[slow]({site.url}/slow) [ok]({site.url}/ok)")
    _, broken = await check_links(
        content, _checker(http_client, True, per_link_seconds=60, total_seconds=0.5),
        allow_private=True)
    assert broken.passed  # not checked is not broken
    assert broken.details["unchecked"] == [f"{site.url}/slow"]


async def test_too_many_redirects_is_broken(db, site, http_client) -> None:
    report = await _checker(http_client, True, max_redirects=2).check(f"{site.url}/loop")
    assert report.state is LinkState.BROKEN and "more than 2 redirects" in report.reason


def test_static_rules_need_no_network() -> None:
    assert static_problem("javascript:alert(1)", allow_private=False).state \
        is LinkState.UNSAFE
    assert static_problem("http://10.0.0.5/x", allow_private=False).state is LinkState.UNSAFE
    assert static_problem("http://10.0.0.5/x", allow_private=True) is None
    assert static_problem("http://u:p@example.com/", allow_private=True).state \
        is LinkState.UNSAFE
    assert static_problem("https://example.com/", allow_private=False) is None
