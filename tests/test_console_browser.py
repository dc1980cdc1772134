"""The console in a real headless Chromium (Debian's `chromium`, driven by Playwright for
Python; no browser is downloaded) against a real `publishing serve` with its in-process
worker and the demo data: log in, review-queue approve (and a viewer sees no button for
it), publish through the API and watch the dashboard move without a reload, edit a
subscriber's preferences. Every request the page makes must go to the app itself.

Locally the tests skip with a message when Chromium or Playwright is missing; with
CI=true they fail instead. On failure a screenshot is written and its path printed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.auth import issue_token
from domain.principals.models import Role
from tests.conftest import with_database
from tests.servers import RunningServer, serve

SECRET_KEY = "console-browser-test-secret-key-0123456789abcdef"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
#: generous: the worker, the outbox and a loaded machine stand between publish and count
DEADLINE_MS = 30_000


def _browser_or_skip() -> Any:
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "playwright is not installed (pip install -e '.[dev]')"
    if problem is None and not Path(CHROMIUM).exists():
        problem = f"no Chromium at {CHROMIUM} (apt-get install -y chromium, or set CHROMIUM)"
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests must run in CI: {problem}")
        pytest.skip(f"browser tests skipped: {problem}")
    return sync_playwright


@pytest.fixture(scope="module")
def playwright_factory() -> Any:
    return _browser_or_skip()


@pytest.fixture(scope="module")
def app_server(playwright_factory, server_database_url: str, redis_url: str,
               tmp_path_factory) -> Iterator[RunningServer]:
    """The app as `make run` runs it (worker in-process, demo data, outbox, dev login) on
    a database of its own, which `serve` creates."""
    import asyncio

    from app.db import drop_database

    url = with_database(server_database_url, f"publishing_console_{uuid.uuid4().hex[:10]}")
    try:
        with serve(tmp_path_factory.mktemp("console"), database_url=url, redis_url=redis_url,
                   secret_key=SECRET_KEY, worker=True, demo=True, OUTBOX="on",
                   CONSOLE_DEV_LOGIN="on") as server:
            yield server
    finally:
        # pytest-asyncio's loop may be running in this thread: drop from another one
        dropper = threading.Thread(target=asyncio.run, args=(drop_database(url),))
        dropper.start()
        dropper.join()


def api(server: RunningServer, role: str, query: str, **variables: Any) -> dict[str, Any]:
    """A GraphQL call as the demo principal of `role` (as any client would make it)."""
    token = issue_token(SECRET_KEY, role, Role(role), dt.timedelta(minutes=10))
    answer = httpx.post(f"{server.http_url}/graphql", json={"query": query,
                        "variables": variables}, headers={"Authorization": f"Bearer {token}"},
                        timeout=30, trust_env=False)
    body = answer.json()
    assert "errors" not in body, body
    return body["data"]


def demo_publication(server: RunningServer) -> str:
    data = api(server, "viewer", '{ publications(filter: {search: "Welcome"}) '
                                 "{ edges { node { id status } } } }")
    return data["publications"]["edges"][0]["node"]["id"]


@pytest.fixture(scope="module")
def browser(playwright_factory) -> Iterator[Any]:
    with playwright_factory() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@contextmanager
def console(browser: Any, server: RunningServer, role: str, name: str) -> Iterator[Any]:
    """A fresh browser context logged in through the one-click dev login as `role`; checks
    on the way out that every request stayed on the app and nothing was logged as an
    error; on failure leaves a screenshot and prints its path."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(DEADLINE_MS)
    foreign: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(
        (server.http_url + "/", server.ws_url, "data:", "blob:")) else foreign.append(
        request.url))
    page.on("websocket", lambda socket: None if socket.url.startswith(server.ws_url)
            else foreign.append(socket.url))
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    try:
        page.goto(f"{server.http_url}/console/")
        page.get_by_role("button", name=f"Log in as {role}").click()
        page.wait_for_selector("#nav a")
        assert page.locator("#who-name").inner_text().startswith(role)
        yield page
        assert foreign == [], f"requests to other hosts: {foreign}"
        assert errors == [], f"console errors: {errors}"
    except BaseException:
        shots = Path(tempfile.mkdtemp(prefix="console-shots-"))
        shot = shots / f"{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot of the failing page: {shot}")
        raise
    finally:
        context.close()


def test_review_queue_then_live_dashboard(browser, app_server: RunningServer) -> None:
    publication = demo_publication(app_server)
    api(app_server, "editor", "mutation($id: ID!) { submitPublication(id: $id) { status } }",
        id=publication)

    # a viewer sees the queue but no button to act on it, and no form to raise alerts
    with console(browser, app_server, "viewer", "viewer") as page:
        assert page.locator("#nav a", has_text="Review queue").count() == 1
        page.locator("#nav a", has_text="Review queue").click()
        item = page.locator(f'article[data-id="{publication}"]')
        item.wait_for()
        assert "Approving needs the reviewer or admin role" in item.inner_text()
        assert item.get_by_role("button", name="Approve").count() == 0
        page.locator("#nav a", has_text="Alerts").click()
        page.get_by_role("button", name="Watch").wait_for()
        assert page.get_by_role("button", name="Raise alert").count() == 0

    with console(browser, app_server, "reviewer", "reviewer") as page:
        page.evaluate("window.__notReloaded = true")
        page.locator("#nav a", has_text="Review queue").click()
        item = page.locator(f'article[data-id="{publication}"]')
        item.wait_for()
        assert "%" in item.locator("strong").first.inner_text()  # the quality score
        item.get_by_role("button", name="Preview Newsletter email").click()
        item.locator("iframe.preview").wait_for()
        assert "open pixel are not fetched" in item.inner_text()
        item.get_by_label("Note").fill("Looks good")
        item.get_by_role("button", name="Approve").click()
        page.locator('[data-empty]').wait_for()
        status = api(app_server, "viewer", "query($id: ID!) { publication(id: $id) "
                                           "{ status reviewNote } }", id=publication)
        assert status["publication"] == {"status": "APPROVED", "reviewNote": "Looks good"}

        page.locator("#nav a", has_text="Analytics").click()
        sent = page.locator('[data-metric="sent"] .value')
        sent.wait_for()
        page.wait_for_selector('[data-live="sent"]')  # the subscription's first tick
        before = int(sent.inner_text().replace(",", ""))
        api(app_server, "editor", "mutation($id: ID!) { publishNow(id: $id) { status } }",
            id=publication)
        page.wait_for_function(
            "before => Number(document.querySelector('[data-metric=sent] .value')"
            ".textContent.replace(/,/g, '')) > before", arg=before, timeout=DEADLINE_MS)
        page.wait_for_function("Number(document.querySelector('.chart').dataset.sent) > 0",
                               timeout=DEADLINE_MS)
        assert page.evaluate("window.__notReloaded") is True
        for kind in ("csv", "json"):  # the export buttons download /exports/metrics
            with page.expect_download() as download:
                page.get_by_role("button", name=f"Export {kind.upper()}").click()
            name = download.value.suggested_filename
            assert name.startswith("metrics-") and name.endswith(f".{kind}"), name
            text = Path(download.value.path()).read_text()
            assert ("sent" in text.splitlines()[0]) if kind == "csv" else text.startswith("{")

        page.locator("#nav a", has_text="Publications").click()
        row = page.locator(f'tr[data-id="{publication}"]')
        row.locator("[data-status]", has_text="PUBLISHED").wait_for(timeout=DEADLINE_MS)


def test_subscriber_search_preference_edit_and_unsubscribe(browser,
                                                          app_server: RunningServer) -> None:
    with console(browser, app_server, "editor", "subscribers") as page:
        page.locator("#nav a", has_text="Subscribers").click()
        page.get_by_label("Email starts with").fill("reader2@")
        page.get_by_role("button", name="Search").click()
        page.get_by_role("link", name="reader2@example.com").click()
        page.get_by_role("heading", name="Preferences").wait_for()
        rows = page.locator("tr[data-pref]")
        before = rows.count()
        page.locator("#add-channel").select_option(label="Partner webhook")
        page.get_by_role("button", name="Add").click()
        assert rows.count() == before + 1
        page.get_by_role("button", name="Save preferences").click()
        page.locator("#status", has_text="preferences saved").wait_for()
        subscriber = page.evaluate("decodeURIComponent(location.hash.split('/')[2])")
        page.get_by_role("heading", name="Engagement").wait_for()
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Unsubscribe from everything").click()
        page.locator("[data-status]", has_text="unsubscribed").wait_for()
    data = api(app_server, "viewer", "query($id: ID!) { subscriber(id: $id) "
                                     "{ status preferences { channel { name } } } }",
               id=subscriber)
    names = [p["channel"]["name"] for p in data["subscriber"]["preferences"]]
    assert len(names) == before + 1 and "Partner webhook" in names
    assert data["subscriber"]["status"] == "UNSUBSCRIBED"


def test_channel_test_and_subscriber_import(browser, app_server: RunningServer) -> None:
    with console(browser, app_server, "admin", "channels-import") as page:
        page.locator("#nav a", has_text="Channels").click()
        page.get_by_role("button", name="Test Team Slack").click()
        result = page.locator("[data-test-result]")
        result.wait_for()
        assert "Test of Team Slack: ok" in result.inner_text()
        assert page.locator('tr[data-channel] >> text="Newsletter email"').count() == 1

        page.locator("#nav a", has_text="Subscribers").click()
        page.set_input_files("#i-file", files=[{
            "name": "new.csv", "mimeType": "text/csv",
            "buffer": b"email,name\nimported1@example.org,One\nimported2@example.org,Two\n"}])
        page.get_by_role("button", name="Upload").click()
        report = page.locator("[data-import-result]")
        report.wait_for()
        assert "completed: 2 rows seen, 2 imported" in report.inner_text()
        page.get_by_label("Email starts with").fill("imported")
        page.get_by_role("button", name="Search").click()
        page.get_by_role("link", name="imported2@example.org").wait_for()
