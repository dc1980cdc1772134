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
                 "EVENTS_PREFIX"):
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
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        load_settings()
    clean_env.setenv("SECRET_KEY", DEFAULT_SECRET_KEY)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        load_settings()
    clean_env.setenv("SECRET_KEY", "x" * 40)
    assert load_settings().environment == "production"


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items()
                   if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ENVIRONMENT",
                                "PREVIOUS_SECRET_KEYS"}}
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
