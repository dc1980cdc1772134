"""GraphiQL works offline: the page served at /graphql references only the app's own
files, and the app serves every one of them (byte-identical to what Strawberry's CDN page
pins, by its Subresource Integrity hashes)."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from app.graphiql import page_html
from tests.delivery_fixtures import SECRET_KEY
from tests.servers import RunningServer, serve

CONTENT_TYPES = {".js": {"text/javascript", "application/javascript"}, ".css": {"text/css"}}


class _References(HTMLParser):
    """Every URL the page makes the browser load: (url, integrity or None)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href"):
            if values.get(name):
                self.found.append((values[name] or "", values.get("integrity")))


def _references(html: str) -> list[tuple[str, str | None]]:
    parser = _References()
    parser.feed(html)
    return parser.found


def _external(html: str, origin: str) -> list[str]:
    """Absolute or protocol-relative URLs anywhere in the page (attributes, inline CSS
    or script) that are not the app's own origin."""
    urls = re.findall(r"""(?:https?:)?//[^\s"'<>)]+""", html)
    return [url for url in urls if not url.startswith(origin + "/")]


@pytest.fixture(scope="module")
def server(module_database_url: str, redis_url: str,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with serve(tmp_path_factory.mktemp("graphiql"), database_url=module_database_url,
               redis_url=redis_url, secret_key=SECRET_KEY) as running:
        yield running


def test_the_page_names_no_other_host() -> None:
    html = page_html()
    assert _external(html, "http://127.0.0.1:8000") == []
    references = [url for url, _ in _references(html)]
    assert references and all(url.startswith("/static/graphiql/") or url == "data:,"
                              for url in references), references
    assert page_html("/api").count('"/api/static/graphiql/') == len(references) - 1


def test_graphiql_and_every_asset_come_from_the_app(server: RunningServer) -> None:
    with httpx.Client(base_url=server.http_url, trust_env=False) as client:
        page = client.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert _external(page.text, server.http_url) == []
        assets = [(url, integrity) for url, integrity in _references(page.text)
                  if url != "data:,"]
        suffixes = {Path(url).suffix for url, _ in assets}
        assert suffixes == {".js", ".css"}, assets
        for url, integrity in assets:
            answer = client.get(url)
            assert answer.status_code == 200, url
            content_type = answer.headers["content-type"].split(";")[0]
            assert content_type in CONTENT_TYPES[Path(url).suffix], (url, content_type)
            if integrity:  # vendored files: exactly the bytes Strawberry's page pins
                algorithm, _, digest = integrity.partition("-")
                assert algorithm == "sha384"
                assert base64.b64encode(hashlib.sha384(answer.content).digest()).decode() \
                    == digest, url
                assert "immutable" in answer.headers["cache-control"]
        # an API client asking for JSON still gets GraphQL, not the page
        assert client.get("/graphql", params={"query": "{ __typename }"},
                          headers={"Accept": "application/json"}).json() == {
            "data": {"__typename": "Query"}}


@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="needs Debian's chromium (apt-get install chromium)")
def test_the_editor_renders_in_a_browser_with_no_other_host_reachable(
        server: RunningServer) -> None:
    """Headless Chromium with every non-loopback host unreachable (a proxy that does not
    exist, unknown names) renders the editor instead of staying on "Loading…"."""
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        result = subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--no-first-run", f"--user-data-dir={profile}",
             "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1",
             "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
             "--virtual-time-budget=15000", "--dump-dom", f"{server.http_url}/graphql"],
            capture_output=True, text=True, timeout=120)
    dom = result.stdout
    assert "graphiql-query-editor" in dom, (result.returncode, dom[:2000], result.stderr[-2000:])
    assert "Loading…" not in dom
    assert "graphiql-explorer-root" in dom or "Explorer" in dom
