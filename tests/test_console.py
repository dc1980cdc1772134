"""The web console (app/console/): served by the app, its dev login only where it is on,
and `me.abilities`, which the console uses to show only the actions a role may take.

The browser itself is driven in tests/test_console_browser.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from app.auth import verify_token
from app.console import CONTENT_SECURITY_POLICY, STATIC_DIR
from app.http import create_app
from app.settings import ConfigurationError, Settings
from domain.principals.models import Role
from tests.graphql_client import TEST_SECRET

UNUSED = {"database_url": "postgres://unused/db", "redis_url": "redis://unused"}


def settings(**values: object) -> Settings:
    return Settings(**{"environment": "development", "secret_key": TEST_SECRET, **UNUSED,
                       **values})


async def client_for(values: dict[str, object]) -> httpx.AsyncClient:
    """The whole application in-process (lifespan off: these routes need no services)."""
    app = create_app(settings(**values))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                             base_url="http://127.0.0.1:8000")


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with await client_for({}) as http:
        yield http


async def test_console_page_and_assets_are_served_locally(client: httpx.AsyncClient) -> None:
    redirect = await client.get("/console")
    assert redirect.status_code == 308 and redirect.headers["location"].endswith("/console/")
    for path in ("/console/", "/console/anything/deeper"):  # the single-page app's routes
        page = await client.get(path)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert '<script type="module" src="/console/static/js/app.js">' in page.text
        assert "http://" not in page.text and "https://" not in page.text  # nothing remote
    script = await client.get("/console/static/js/app.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert script.headers["cache-control"] == "no-cache"
    vendored = await client.get("/console/static/vendor/uplot@1.6.32/uPlot.esm.js")
    assert vendored.status_code == 200
    assert "immutable" in vendored.headers["cache-control"]
    assert (await client.get("/console/static/vendor/uplot@1.6.32/LICENSE")).status_code == 200
    assert (await client.get("/console/static/nope.js")).status_code == 404
    escaped = await client.get("/console/static/%2E%2E/__init__.py")
    assert escaped.status_code == 404 and "import" not in escaped.text


def test_console_scripts_reach_no_other_host() -> None:
    """Every script and style is on disk and names no remote URL to load (the uPlot
    bundle only mentions URLs in comments and SVG namespaces)."""
    for path in STATIC_DIR.rglob("*"):
        if path.suffix not in {".js", ".css", ".html"} or "vendor" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, path
        assert "cdn" not in text.lower(), path


@pytest.mark.parametrize("role", [role.value for role in Role])
async def test_dev_login_issues_a_short_lived_token_for_a_demo_principal(
        client: httpx.AsyncClient, role: str) -> None:
    offered = await client.get("/console/dev-login")
    assert offered.status_code == 200 and role in offered.json()["roles"]
    answer = await client.post("/console/dev-login", json={"role": role})
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    body = answer.json()
    assert body["expiresIn"] == 3600 and body["name"] == role
    actor = verify_token(settings().token_keys(), body["token"])
    assert actor.name == role and actor.role == Role(role)


@pytest.mark.parametrize("body", [{"role": "root"}, {"role": None}, {}, ["admin"], "admin"])
async def test_dev_login_refuses_an_unknown_role(client: httpx.AsyncClient,
                                                 body: object) -> None:
    answer = await client.post("/console/dev-login", json=body)
    assert answer.status_code == 400
    assert answer.json()["field"] == "role" and "token" not in answer.json()
    garbled = await client.post("/console/dev-login", content=b"{not json",
                                headers={"content-type": "application/json"})
    assert garbled.status_code == 400 and "token" not in garbled.json()


@pytest.mark.parametrize("values", [
    pytest.param({"environment": "test"}, id="auto-outside-development"),
    pytest.param({"console_dev_login": "off"}, id="off-in-development"),
    pytest.param({"environment": "production", "secret_key": "x" * 40,
                  "public_base_url": "https://news.example.com"}, id="production"),
])
async def test_dev_login_is_404_when_off(values: dict[str, object]) -> None:
    async with await client_for(values) as http:
        assert (await http.get("/console/dev-login")).status_code == 404
        answer = await http.post("/console/dev-login", json={"role": "admin"})
        assert answer.status_code == 404 and "token" not in answer.json()
        assert (await http.get("/console/")).status_code == 200  # the console itself stays


async def test_dev_login_can_be_turned_on_outside_development() -> None:
    async with await client_for({"environment": "test", "console_dev_login": "ON"}) as http:
        assert (await http.post("/console/dev-login", json={"role": "viewer"})).status_code == 200


def test_dev_login_on_is_refused_in_production() -> None:
    production = settings(environment="production", secret_key="x" * 40,
                          public_base_url="https://news.example.com",
                          database_url="postgres://db/x", redis_url="redis://r",
                          console_dev_login="on")
    with pytest.raises(ConfigurationError, match="CONSOLE_DEV_LOGIN=on"):
        production.ensure_safe_for_environment()


@pytest.mark.parametrize(("role", "abilities"), [
    ("admin", ["READ", "EDIT_CONTENT", "REVIEW", "MANAGE"]),
    ("editor", ["READ", "EDIT_CONTENT"]),
    ("reviewer", ["READ", "REVIEW"]),
    ("viewer", ["READ"]),
])
async def test_me_lists_the_abilities_of_the_callers_role(gql, role: str,
                                                          abilities: list[str]) -> None:
    data = await gql.data("{ me { name role abilities } }", role=role)
    assert data["me"] == {"name": f"{role}-user", "role": role.upper(), "abilities": abilities}


async def test_me_without_a_token_is_unauthenticated(gql) -> None:
    body = await gql.post("{ me { abilities } }", role=None)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
