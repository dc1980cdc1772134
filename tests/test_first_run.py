"""The first run, as a newcomer does it: `publishing serve` in a fresh directory (embedded
PostgreSQL and Redis unless the machine's are configured), `publishing demo --publish` in
a second process, then the outbox, the feed and `metrics` over HTTP — no network, no
account, nothing set but a port.

The open and the click are made the way a browser does from the outbox page: the pixel
and the tracked link taken from the email's HTML, fetched with a browser's user agent."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.servers import PUBLISHING, free_port, fresh_environment, serve_fresh

BROWSER = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/131.0.0.0 Safari/537.36")
TITLE = "Welcome to the publishing service"


@pytest.fixture
def workdir() -> Iterator[Path]:
    """Short: embedded Redis's unix socket lives under it."""
    with tempfile.TemporaryDirectory(prefix="pub-first-") as directory:
        yield Path(directory)


@pytest.fixture
def services(request: pytest.FixtureRequest) -> dict[str, str]:
    """The machine's servers when the suite runs against them (a database and a Redis db
    of the test's own), else nothing: `serve` starts embedded ones."""
    if not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")):
        return {}
    return {"DATABASE_URL": request.getfixturevalue("scratch_database_url"),
            "REDIS_URL": request.getfixturevalue("redis_url")}


def _banner(output: str) -> dict[str, str]:
    """`Label:  value` lines of the text banner."""
    return {match.group(1): match.group(2).strip()
            for match in re.finditer(r"^(Outbox|Feed|GraphiQL|Token):\s+(.*)$", output, re.M)}


def _demo(env: dict[str, str], workdir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PUBLISHING), "demo", "--publish", "--wait", "120"], env=env,
                          cwd=workdir, capture_output=True, text=True, timeout=240)


def _metrics(client: httpx.Client, base: str, token: str) -> dict[str, int]:
    today = time.strftime("%Y-%m-%d", time.gmtime())
    query = ('query($from: DateTime!, $to: DateTime!) { metrics(from: $from, to: $to, '
             'granularity: HOUR) { totals { sent opens clicks unsubscribes } } }')
    answer = client.post(f"{base}/graphql", headers={"Authorization": f"Bearer {token}"},
                         json={"query": query, "variables": {
                             "from": f"{today}T00:00:00Z", "to": f"{today}T23:59:59Z"}})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    assert "errors" not in body, body
    return body["data"]["metrics"]["totals"]


def _rows(listing: str) -> list[tuple[str, str, str]]:
    """(id, kind, signature cell) of each row of the outbox page."""
    return re.findall(r'<tr><td>(\d+)</td><td>[^<]*</td><td>(\w+)</td><td>[^<]*</td>'
                      r'<td><a [^>]*>[^<]*</a></td><td>([^<]*)</td></tr>', listing)


def test_make_run_then_demo_publish_shows_the_whole_job(
        workdir: Path, services: dict[str, str]) -> None:
    env = fresh_environment(workdir, free_port(), **services)
    with serve_fresh(workdir, env) as server:
        base = server.http_url
        banner = _banner(server.output())
        assert banner.get("Outbox") == f"{base}/outbox", server.output()
        assert banner["Feed"].startswith(f"{base}/feeds/channels/")
        token = re.search(r'"Bearer ([^"]+)"', banner["Token"]).group(1)  # type: ignore[union-attr]
        assert "demo --publish" in server.output() and "metrics(from:" in server.output()

        published = _demo(env, workdir)
        assert published.returncode == 0, published.stdout + published.stderr + server.output()
        out = published.stdout
        assert "Publication published." in out, out
        for channel in ("Newsletter email", "Team Slack", "Community Discord",
                        "Partner webhook"):
            assert re.search(rf"^  {channel}\s+sent \d+$", out, re.M), out
        assert f"Outbox:  {base}/outbox" in out and f"Feed:    {banner['Feed']}" in out

        with httpx.Client(trust_env=False, timeout=15,
                          headers={"user-agent": BROWSER}) as client:
            listing = client.get(f"{base}/outbox").text
            rows = _rows(listing)
            assert {kind for _, kind, _ in rows} == {"email", "slack", "discord", "webhook"}
            assert [mark for _, kind, mark in rows if kind == "webhook"] == ["✔ verified"]

            feed = client.get(banner["Feed"])
            assert feed.status_code == 200 and TITLE in feed.text

            # the email as the outbox shows it: the iframe's document (its HTML part)
            # carries the open pixel and the tracked link a browser loads and follows
            email_id = next(row_id for row_id, kind, _ in rows if kind == "email")
            page = client.get(f"{base}/outbox/{email_id}").text
            frame = re.search(r'<iframe [^>]*src="(/outbox/\d+/html)"', page).group(1)  # type: ignore[union-attr]
            framed = html.unescape(client.get(f"{base}{frame}").text)
            pixel = re.search(rf'src="({re.escape(base)}/t/o/[^"]+)"', framed).group(1)  # type: ignore[union-attr]
            link = re.search(rf'href="({re.escape(base)}/t/c/[^"]+)"', framed).group(1)  # type: ignore[union-attr]
            unsubscribe = html.unescape(re.search(  # type: ignore[union-attr]
                r'<form method="post" action="([^"]+)">', page).group(1))

            deadline = time.monotonic() + 60
            while True:
                # a fetch within seconds of sending counts as a machine (prefetchers,
                # scanners), so repeat until a person's open and click are counted
                assert client.get(pixel).status_code == 200
                assert client.get(link).status_code in (302, 303, 307)
                totals = _metrics(client, base, token)
                if totals["opens"] >= 1 and totals["clicks"] >= 1:
                    break
                assert time.monotonic() < deadline, (totals, server.output())
                time.sleep(1)
            assert totals["sent"] >= 8

            # the one-click unsubscribe button of the outbox page
            done = client.post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
            assert done.status_code == 200
            while _metrics(client, base, token)["unsubscribes"] < 1:
                assert time.monotonic() < deadline + 30, server.output()
                time.sleep(0.5)

        again = _demo(env, workdir)
        assert again.returncode == 0, again.stdout + again.stderr
        assert "was already published: nothing to do" in again.stdout, again.stdout
        assert f"Outbox:  {base}/outbox" in again.stdout
    assert server.process.returncode == 0, server.output()
    assert not (workdir / "var" / "postgres" / "postmaster.pid").exists()


def test_json_logs_announce_the_urls_as_one_record(workdir: Path,
                                                   services: dict[str, str]) -> None:
    """LOG_FORMAT=json: every line is JSON, the banner one record with its fields."""
    env = fresh_environment(workdir, free_port(), LOG_FORMAT="json", **services)
    with serve_fresh(workdir, env) as server:
        lines = [line for line in server.output().splitlines() if line.strip()]
        records = [json.loads(line) for line in lines]  # fails on any plain-text line
        banners = [record for record in records if record["message"] == "serving"]
        assert len(banners) == 1, lines
        banner = banners[0]
        base = server.http_url
        assert banner["level"] == "INFO" and banner["logger"] == "publishing"
        assert banner["graphiql"] == f"{base}/graphql"
        assert banner["outbox"] == f"{base}/outbox"
        assert banner["feed"].startswith(f"{base}/feeds/channels/")
        assert banner["token"].startswith("ey")
        assert len(banner["next_steps"]) == 3 and "demo --publish" in banner["next_steps"][0]
