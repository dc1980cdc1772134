"""The demo data and the demo publish (domain/demo.py) without a server: which channels
exist with and without the outbox, re-pointing them, and what `publishing demo --publish`
reports when no worker picks the publication up. The whole path with a worker is
tests/test_first_run.py."""

from __future__ import annotations

from app.cli import publish_report_text
from domain.channels.models import Channel, ChannelStatus, ChannelType
from domain.crypto import decrypt_secrets
from domain.demo import DEMO_TITLE, load_demo_data, publish_demo
from domain.intelligence.quality_models import CheckRun, RunTrigger
from domain.keyring import KeyRing
from domain.principals.models import AuditLogEntry
from domain.publications.models import Publication, PublicationStatus
from tests.delivery_fixtures import SECRET_KEY

KEYS = KeyRing((SECRET_KEY,))
HOOKS = "http://127.0.0.1:8000/outbox/hooks"


async def test_without_the_outbox_only_email_and_rss(db) -> None:
    assert await load_demo_data(KEYS, None)
    assert sorted(await Channel.all().values_list("type", flat=True)) == [
        ChannelType.EMAIL, ChannelType.RSS]


async def test_every_channel_type_points_at_the_sinks_and_follows_the_base_url(db) -> None:
    assert await load_demo_data(KEYS, HOOKS)
    publication = await Publication.get(title=DEMO_TITLE)
    assert sorted(channel.type for channel in await publication.channels.all()) == sorted(
        ChannelType)
    webhook = await Channel.get(type=ChannelType.WEBHOOK)
    assert webhook.config == {"url": f"{HOOKS}/webhook/demo"}
    secret = decrypt_secrets(KEYS, webhook.secret_ciphertext)["signing_secret"]
    slack = await Channel.get(type=ChannelType.SLACK)
    assert decrypt_secrets(KEYS, slack.secret_ciphertext) == {
        "webhook_url": f"{HOOKS}/slack/demo"}
    # a failed run disabled one; PUBLIC_BASE_URL changed: the next start repairs both
    await Channel.filter(id=slack.id).update(status=ChannelStatus.DISABLED,
                                             status_reason="HTTP 404")
    moved = "http://127.0.0.1:9000/outbox/hooks"
    assert not await load_demo_data(KEYS, moved)
    slack = await Channel.get(id=slack.id)
    assert slack.status is ChannelStatus.ACTIVE and slack.status_reason is None
    assert decrypt_secrets(KEYS, slack.secret_ciphertext)["webhook_url"] == (
        f"{moved}/slack/demo")
    webhook = await Channel.get(id=webhook.id)
    assert webhook.config == {"url": f"{moved}/webhook/demo"}
    assert decrypt_secrets(KEYS, webhook.secret_ciphertext)["signing_secret"] == secret
    assert await Channel.all().count() == 5  # re-pointed, not duplicated


async def test_publish_goes_through_the_workflow_and_says_when_no_worker_sends(db) -> None:
    """No worker runs here: the publication is left publishing and the report says to
    start `publishing serve`; a second run does not move it again."""
    report = await publish_demo(KEYS, HOOKS, wait_seconds=0.3, poll_seconds=0.1)
    assert report.started and report.status_before is PublicationStatus.DRAFT
    assert report.status is PublicationStatus.PUBLISHING and not report.final
    actions = await AuditLogEntry.all().order_by("id").values_list(
        "action", "actor_name")
    assert [entry for entry in actions if entry[0].startswith("publication.")] == [
        ("publication.submit", "editor"), ("publication.approve", "reviewer"),
        ("publication.publish", "editor")]
    # submitted through the quality gate: its check run is on record, nothing blocked
    runs = await CheckRun.filter(publication_id=report.publication_id)
    assert [(run.trigger, run.overridden) for run in runs] == [(RunTrigger.SUBMIT, False)]
    text = publish_report_text(report, "http://127.0.0.1:8000", 0.3)
    assert "still publishing after 0.3 s: is `publishing serve` running" in text
    assert "Outbox:  http://127.0.0.1:8000/outbox" in text
    assert f"/feeds/channels/{report.rss_channel_id}.rss" in text

    again = await publish_demo(KEYS, HOOKS, wait_seconds=0.1, poll_seconds=0.1)
    assert not again.started and again.status_before is PublicationStatus.PUBLISHING
    assert "was already publishing: nothing to do" in publish_report_text(
        again, "http://127.0.0.1:8000", 0.1)
    assert await AuditLogEntry.filter(action="publication.publish").count() == 1
