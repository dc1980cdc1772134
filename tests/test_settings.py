"""Configuration is read from the environment and bad values fail fast with one line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from app.db import PooledConnection, tortoise_config
from app.settings import DEFAULT_SECRET_KEY, ConfigurationError, load_settings


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "PREVIOUS_SECRET_KEYS",
                 "ENVIRONMENT", "ALLOWED_ORIGINS",
                 "DB_POOL_MIN", "DB_POOL_MAX", "ALLOW_PRIVATE_TARGETS", "LOG_LEVEL",
                 "EVENTS_PREFIX", "PUBLIC_BASE_URL", "HOST", "PORT", "METRICS_HOST",
                 "METRICS_PORT", "METRICS_TOKEN", "OUTBOX", "SES_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_values_come_from_the_environment(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("ALLOWED_ORIGINS", "https://a.example, https://b.example")
    clean_env.setenv("ALLOW_PRIVATE_TARGETS", "true")
    clean_env.setenv("DB_POOL_MIN", "2")
    clean_env.setenv("DB_POOL_MAX", "7")
    clean_env.setenv("LOG_LEVEL", "debug")
    settings = load_settings()
    assert settings.allowed_origins == ["https://a.example", "https://b.example"]
    assert settings.allow_private_targets is True
    assert settings.log_level == "DEBUG"
    credentials = tortoise_config("postgres://u:p%40ss@db:6543/app", settings.db_pool_min,
                                  settings.db_pool_max)["connections"]["default"]["credentials"]
    assert credentials == {"host": "db", "port": 6543, "user": "u", "password": "p@ss",
                           "database": "app", "minsize": 2, "maxsize": 7,
                           "connection_class": PooledConnection}


def test_events_prefix_defaults_to_the_standard_one(clean_env: pytest.MonkeyPatch) -> None:
    assert load_settings().events_prefix == "publishing:events"
    clean_env.setenv("EVENTS_PREFIX", "staging:events")
    assert load_settings().events_prefix == "staging:events"


def test_unix_socket_urls_are_understood() -> None:
    credentials = tortoise_config("postgresql://postgres@/publishing?host=/tmp/pg&port=5433")[
        "connections"]["default"]["credentials"]
    assert credentials["host"] == "/tmp/pg"
    assert credentials["port"] == 5433
    assert credentials["database"] == "publishing"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DATABASE_URL", "mysql://db/app", "DATABASE_URL"),
        ("DATABASE_URL", "postgres://db:5432", "must name a database"),
        ("REDIS_URL", "http://cache", "REDIS_URL"),
        ("DB_POOL_MAX", "0", "DB_POOL_MAX"),
        ("ENVIRONMENT", "staging", "ENVIRONMENT"),
        ("EVENTS_PREFIX", "two words", "EVENTS_PREFIX"),
        ("EVENTS_PREFIX", "", "EVENTS_PREFIX"),
        ("METRICS_TOKEN", "short", "METRICS_TOKEN"),
        ("METRICS_PORT", "70000", "METRICS_PORT"),
    ],
)
def test_bad_values_are_refused_with_the_setting_named(
    clean_env: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    clean_env.setenv(name, value)
    with pytest.raises(ConfigurationError) as raised:
        load_settings()
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_production_refuses_the_default_secret(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("ENVIRONMENT", "production")
    clean_env.setenv("DATABASE_URL", "postgres://db:5432/app")
    clean_env.setenv("REDIS_URL", "redis://cache:6379/0")
    clean_env.setenv("PUBLIC_BASE_URL", "https://news.example")
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        load_settings()
    clean_env.setenv("SECRET_KEY", DEFAULT_SECRET_KEY)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        load_settings()
    clean_env.setenv("SECRET_KEY", "x" * 40)
    assert load_settings().environment == "production"


def _production(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("ENVIRONMENT", "production")
    clean_env.setenv("DATABASE_URL", "postgres://db:5432/app")
    clean_env.setenv("REDIS_URL", "redis://cache:6379/0")
    clean_env.setenv("SECRET_KEY", "x" * 40)
    clean_env.setenv("PUBLIC_BASE_URL", "https://news.example")


@pytest.mark.parametrize(("name", "value", "message"), [
    ("ALLOW_PRIVATE_TARGETS", "true",
     "ALLOW_PRIVATE_TARGETS=true turns off the SSRF guard and is refused in production; "
     "unset it"),
    ("PUBLIC_BASE_URL", "http://news.example",
     "PUBLIC_BASE_URL must be an https:// URL in production (one-click unsubscribe, "
     "RFC 8058, needs https), got 'http://news.example'"),
])
def test_production_refuses_settings_fit_only_for_a_laptop(
        clean_env: pytest.MonkeyPatch, name: str, value: str, message: str) -> None:
    _production(clean_env)
    assert load_settings().environment == "production"
    clean_env.setenv(name, value)
    with pytest.raises(ConfigurationError) as raised:
        load_settings()
    assert str(raised.value) == message
    # the same settings are fine outside production
    clean_env.setenv("ENVIRONMENT", "development")
    assert getattr(load_settings(), name.lower()) in (True, value)


def test_outbox_is_on_only_in_development_without_an_ses_endpoint(
        clean_env: pytest.MonkeyPatch) -> None:
    """`make run` (development, no AWS) sends email to the app's own outbox; production
    with the default `auto` talks to SES; an explicit endpoint always wins over `auto`."""
    assert load_settings().outbox_enabled
    assert load_settings().provider_endpoints().ses_endpoint_url == \
        "http://127.0.0.1:8000/outbox/ses"
    clean_env.setenv("SES_ENDPOINT_URL", "http://127.0.0.1:4566")
    assert not load_settings().outbox_enabled
    assert load_settings().provider_endpoints().ses_endpoint_url == "http://127.0.0.1:4566"
    clean_env.setenv("OUTBOX", "on")
    with pytest.raises(ConfigurationError) as raised:
        load_settings()
    assert "OUTBOX=on sends email to the local outbox; unset SES_ENDPOINT_URL or OUTBOX" \
        in str(raised.value)
    clean_env.delenv("SES_ENDPOINT_URL")
    clean_env.setenv("OUTBOX", "OFF")
    assert not load_settings().outbox_enabled
    clean_env.delenv("OUTBOX")
    _production(clean_env)
    assert not load_settings().outbox_enabled
    assert load_settings().provider_endpoints().ses_endpoint_url is None


def test_production_defaults_to_no_public_base_url(clean_env: pytest.MonkeyPatch) -> None:
    """The default PUBLIC_BASE_URL (http://127.0.0.1:8000) is a laptop's."""
    _production(clean_env)
    clean_env.delenv("PUBLIC_BASE_URL")
    with pytest.raises(ConfigurationError, match="PUBLIC_BASE_URL must be an https://"):
        load_settings()


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.1.2.3", True), ("::1", True), ("[::1]", True),
    ("localhost", True), ("0.0.0.0", False), ("::", False), ("10.0.0.5", False),
    ("example.com", False),
])
def test_the_default_key_is_served_on_loopback_only(clean_env: pytest.MonkeyPatch, host: str,
                                                    loopback: bool) -> None:
    for key in (DEFAULT_SECRET_KEY, "short-key"):
        clean_env.setenv("SECRET_KEY", key)
        settings = load_settings().model_copy(update={"host": host})
        if loopback:
            settings.ensure_safe_to_serve()
        else:
            with pytest.raises(ConfigurationError, match="only accepted on a loopback"):
                settings.ensure_safe_to_serve()
    clean_env.setenv("SECRET_KEY", "k" * 32)
    load_settings().model_copy(update={"host": host}).ensure_safe_to_serve()


def test_metrics_and_api_ports_must_differ(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("PORT", "9000")
    clean_env.setenv("METRICS_PORT", "9000")
    with pytest.raises(ConfigurationError, match="METRICS_PORT must differ from PORT"):
        load_settings().ensure_safe_to_serve()
    clean_env.setenv("METRICS_PORT", "0")  # no metrics listener
    load_settings().ensure_safe_to_serve()


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items()
                   if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ENVIRONMENT",
                                "PREVIOUS_SECRET_KEYS", "HOST", "PORT",
                                "ALLOW_PRIVATE_TARGETS", "PUBLIC_BASE_URL",
                                "METRICS_PORT", "METRICS_HOST", "METRICS_TOKEN",
                                "OUTBOX", "SES_ENDPOINT_URL"}}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True,
                          text=True, env=environment, timeout=60)


def test_unreachable_database_is_one_clear_line() -> None:
    result = _cli("migrate", DATABASE_URL="postgres://nobody@127.0.0.1:1/app")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [lines[0]] and lines[0].startswith("publishing: error: cannot reach PostgreSQL")
    assert "Traceback" not in result.stderr


def test_production_without_secret_is_one_clear_line() -> None:
    result = _cli("token", "--sub", "ops", "--role", "admin", ENVIRONMENT="production",
                  DATABASE_URL="postgres://db:5432/app", REDIS_URL="redis://cache:6379/0")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "publishing: error: SECRET_KEY must be set to a random value of at least 32 "
        "characters in production"
    ]


LOOPBACK_ONLY = ("publishing: error: SECRET_KEY: the default or a short key is only "
                 "accepted on a loopback address; set SECRET_KEY to a random value of at "
                 "least 32 characters to listen on {host}")


@pytest.mark.parametrize(("args", "env"), [
    pytest.param(("--host", "0.0.0.0"), {}, id="default-key-host-flag"),
    pytest.param((), {"HOST": "0.0.0.0"}, id="default-key-HOST"),
    pytest.param(("--host", "0.0.0.0"), {"SECRET_KEY": "thirty-one-characters-long-key!"},
                 id="short-key"),
    pytest.param(("--host", "::"), {"ENVIRONMENT": "test"}, id="any-environment"),
])
def test_serve_beyond_loopback_with_a_weak_key_refuses_to_start(
        args: tuple[str, ...], env: dict[str, str]) -> None:
    """A real `publishing serve`: one line, exit code 2, and nothing started (the check
    runs before embedded servers or migrations, so no DATABASE_URL is needed)."""
    result = _cli("serve", *args, "--port", "0", "--no-worker", "--no-demo",
                  VAR_DIR="/nonexistent/never-created", **env)
    host = args[1] if args else env["HOST"]
    assert result.returncode == 2, result
    assert result.stderr.strip().splitlines() == [LOOPBACK_ONLY.format(host=host)]
    assert result.stdout == ""
    assert not os.path.exists("/nonexistent/never-created")


@pytest.mark.parametrize(("env", "line"), [
    ({"ALLOW_PRIVATE_TARGETS": "true"},
     "publishing: error: ALLOW_PRIVATE_TARGETS=true turns off the SSRF guard and is "
     "refused in production; unset it"),
    ({"PUBLIC_BASE_URL": "http://news.example"},
     "publishing: error: PUBLIC_BASE_URL must be an https:// URL in production (one-click "
     "unsubscribe, RFC 8058, needs https), got 'http://news.example'"),
    ({"OUTBOX": "on"},
     "publishing: error: OUTBOX=on keeps email in a local outbox instead of sending it and "
     "is refused in production; unset it"),
])
def test_production_with_an_unsafe_setting_refuses_to_start(env: dict[str, str],
                                                            line: str) -> None:
    settings = {"ENVIRONMENT": "production", "SECRET_KEY": "p" * 40,
                "DATABASE_URL": "postgres://db:5432/app", "REDIS_URL": "redis://cache:6379/0",
                "PUBLIC_BASE_URL": "https://news.example", **env}
    for command in (("serve", "--host", "0.0.0.0"), ("worker",)):
        result = _cli(*command, **settings)
        assert result.returncode == 2, result
        assert result.stderr.strip().splitlines() == [line]


async def test_pooled_connections_still_roll_back_an_abandoned_transaction(db) -> None:
    """PooledConnection skips asyncpg's reset query, not the rollback of a transaction a
    caller left open."""
    from tortoise import Tortoise

    from domain.audience.models import Topic

    async with Tortoise.get_connection("default").acquire_connection() as connection:
        assert isinstance(connection, PooledConnection)
        await connection.execute("BEGIN")
        await connection.execute("INSERT INTO topic (slug, name, description, created_at, "
                                 "updated_at) VALUES ('abandoned', 'A', '', now(), now())")
    # released with the transaction open: the next user of the pool must not see it
    assert not await Topic.exists(slug="abandoned")
