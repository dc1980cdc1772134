"""Shared fixtures: a private PostgreSQL database, Redis db and event prefix per test run.

`DATABASE_URL` / `REDIS_URL` name servers to use; when unset, embedded ones are started
under ./var/test. Each run creates (and drops) its own database, claims a free Redis
db number and publishes live-dashboard events under its own `EVENTS_PREFIX` (pub/sub
ignores db numbers), so two runs on one machine never see each other's data or events.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis as sync_redis
from tortoise import Tortoise

from app import migrations
from app.db import close_db, drop_database, ensure_database, init_db

ROOT = Path(__file__).resolve().parent.parent
REDIS_CLAIM_KEY = "publishing:test-run-claim"


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@pytest.fixture(scope="session", autouse=True)
def events_prefix() -> Iterator[str]:
    """This run's EVENTS_PREFIX. Redis pub/sub channels are server-wide, not per db, so
    without it a run's subscriptions would receive another run's events. Set in the
    environment so that `publishing serve` processes and Settings() built by tests use
    it too; tests that publish or listen themselves take this fixture."""
    prefix = f"publishing-test-{uuid.uuid4().hex[:12]}:events"
    previous = os.environ.get("EVENTS_PREFIX")
    os.environ["EVENTS_PREFIX"] = prefix
    yield prefix
    if previous is None:
        os.environ.pop("EVENTS_PREFIX", None)
    else:
        os.environ["EVENTS_PREFIX"] = previous


@pytest.fixture(scope="session")
def embedded_services() -> Iterator[object]:
    from app.embedded import EmbeddedServices

    # one directory per pytest-xdist worker: each starts its own embedded servers (a
    # second Redis on the same pid file would stop the first)
    services = EmbeddedServices(ROOT / "var" / "test" / os.environ.get("PYTEST_XDIST_WORKER",
                                                                        "main"))
    yield services
    services.stop()


@pytest.fixture(scope="session")
def server_database_url(embedded_services) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return embedded_services.postgres.start()


@pytest.fixture(scope="session")
def server_redis_url(embedded_services) -> str:
    url = os.environ.get("REDIS_URL")
    if url:
        return url
    return embedded_services.redis.start()


@pytest.fixture(scope="session")
def redis_url(server_redis_url: str) -> Iterator[str]:
    """Claim the first Redis db whose claim key is free (SET NX with a TTL)."""
    run_id = uuid.uuid4().hex
    base = server_redis_url.split("?")[0]
    scheme_is_unix = base.startswith("unix://")
    base = base if scheme_is_unix else base.rstrip("/").rsplit("/", 1)[0] if urlsplit(
        base).path.strip("/") else base.rstrip("/")
    for number in range(1, 16):
        url = f"{base}?db={number}" if scheme_is_unix else f"{base}/{number}"
        client = sync_redis.Redis.from_url(url)
        if client.set(REDIS_CLAIM_KEY, run_id, nx=True, ex=3600):
            client.flushdb()
            client.set(REDIS_CLAIM_KEY, run_id, ex=3600)
            yield url
            client.flushdb()
            client.close()
            return
        client.close()
    pytest.fail("no free Redis database (1-15) for this test run")


@pytest.fixture(scope="session")
async def database_url(server_database_url: str) -> AsyncIterator[str]:
    url = with_database(server_database_url, f"publishing_test_{uuid.uuid4().hex[:10]}")
    await ensure_database(url)
    await migrations.upgrade(url)
    yield url
    await drop_database(url)


@pytest.fixture(scope="module")
async def module_database_url(server_database_url: str) -> AsyncIterator[str]:
    """A migrated database of the test module's own, for the `publishing serve` processes
    it starts (they must not share the session database other tests truncate)."""
    url = with_database(server_database_url, f"publishing_mod_{uuid.uuid4().hex[:10]}")
    await ensure_database(url)
    await migrations.upgrade(url)
    yield url
    await drop_database(url)


@pytest.fixture(scope="session")
async def orm(database_url: str) -> AsyncIterator[str]:
    await init_db(database_url)
    yield database_url
    await close_db()


@pytest.fixture
async def db(orm: str) -> AsyncIterator[str]:
    """A clean set of tables for each test that touches the database.

    Only the tables the test dirtied are truncated (rows left, or an id sequence used):
    truncating all ~35 tables took ~170 ms a test, probing them takes well under 1 ms."""
    yield orm
    connection = Tortoise.get_connection("default")
    global _DIRTY_PROBE
    if _DIRTY_PROBE is None:
        rows = await connection.execute_query_dict(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'aerich' ORDER BY tablename")
        _DIRTY_PROBE = " UNION ALL ".join(
            f"SELECT '{row['tablename']}' AS name WHERE EXISTS "
            f"(SELECT 1 FROM \"{row['tablename']}\")" for row in rows)
    dirty = {row["name"] for row in await connection.execute_query_dict(_DIRTY_PROBE)}
    dirty |= {row["name"] for row in await connection.execute_query_dict(_USED_SEQUENCES)}
    if dirty:
        tables = ", ".join(f'"{name}"' for name in sorted(dirty))
        await connection.execute_script(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


#: one statement listing the tables that hold rows (built on first use, per session)
_DIRTY_PROBE: str | None = None
#: tables whose id sequence has been used since it was last restarted
_USED_SEQUENCES = """
SELECT DISTINCT t.relname AS name
FROM pg_sequences s
JOIN pg_class q ON q.relname = s.sequencename AND q.relkind = 'S'
JOIN pg_depend d ON d.objid = q.oid AND d.classid = 'pg_class'::regclass
                 AND d.refclassid = 'pg_class'::regclass
JOIN pg_class t ON t.oid = d.refobjid AND t.relkind = 'r'
WHERE s.schemaname = 'public' AND s.last_value IS NOT NULL
"""


@pytest.fixture
async def scratch_database_url(server_database_url: str) -> AsyncIterator[str]:
    """An empty database of its own, for tests that migrate up and down."""
    url = with_database(server_database_url, f"publishing_scratch_{uuid.uuid4().hex[:10]}")
    await ensure_database(url)
    yield url
    await drop_database(url)


@pytest.fixture
async def gql(db: str) -> AsyncIterator[object]:
    from tests.graphql_client import GraphQLClient

    client = GraphQLClient()
    yield client
    await client.http.aclose()


@pytest.fixture
async def receiver() -> AsyncIterator[object]:
    from tests.receivers import WebhookReceiver

    server = await WebhookReceiver().start()
    yield server
    await server.stop()


async def _clear_redis(client) -> None:
    """Everything of this run's Redis db but the claim: queued jobs, job ids still taken by
    a killed worker's in-progress markers, limits, breakers."""
    keys = [key async for key in client.scan_iter("*")
            if key != REDIS_CLAIM_KEY.encode()]
    if keys:
        await client.delete(*keys)


@pytest.fixture
async def redis_client(redis_url: str) -> AsyncIterator[object]:
    """A client on the run's Redis db, emptied before and after the test."""
    from redis.asyncio import Redis

    client = Redis.from_url(redis_url)
    await _clear_redis(client)
    yield client
    await _clear_redis(client)
    await client.aclose()


@pytest.fixture
async def http_client() -> AsyncIterator[object]:
    import httpx

    client = httpx.AsyncClient(follow_redirects=False)
    yield client
    await client.aclose()


@pytest.fixture
async def shared_database(server_database_url: str) -> AsyncIterator[str]:
    """A database server processes migrate and the test seeds (tests.orm.orm_on)."""
    url = with_database(server_database_url, f"publishing_rt_{uuid.uuid4().hex[:10]}")
    await ensure_database(url)
    yield url
    await drop_database(url)


# --- stand-ins for outside services shared by several test modules ---------------------

@pytest.fixture(scope="module")
def moto_server() -> Iterator[object]:
    """moto in server mode on loopback, standing in for SES (one per test module)."""
    from tests.ses_servers import MotoSes

    server = MotoSes().start()
    yield server
    server.stop()


@pytest.fixture
def moto(moto_server):
    """The moto server, emptied for this test."""
    moto_server.reset()
    return moto_server


@pytest.fixture
async def ses() -> AsyncIterator[object]:
    """A loopback server answering like SES v2 (scripted errors, recorded requests)."""
    from tests.ses_servers import SesStandIn

    server = await SesStandIn().start()
    yield server
    await server.stop()


@pytest.fixture
async def transports() -> AsyncIterator[object]:
    """Makes EmailTransports and closes them after the test (their clients hold pools)."""
    from domain.channels.email import EmailTransport
    from domain.channels.providers import ProviderEndpoints

    made: list[EmailTransport] = []

    def make(endpoint: str | None, **options: object) -> EmailTransport:
        transport = EmailTransport(ProviderEndpoints(ses_endpoint_url=endpoint), **options)
        made.append(transport)
        return transport

    yield make
    for transport in made:
        await transport.close()


@pytest.fixture
async def sns_host() -> AsyncIterator[object]:
    """Serves the SNS signing certificate, as sns.<region>.amazonaws.com does."""
    from tests.sns_support import CERT_PATH, SnsHost, signing_identity

    host = await SnsHost().start()
    host.certificates[CERT_PATH] = signing_identity().certificate_pem
    yield host
    await host.stop()


@pytest.fixture
async def queue(gql, redis_url: str) -> AsyncIterator[object]:
    """A real arq queue of this test's own, wired into the API (`gql`) as its delivery
    queue: no other worker on the Redis db takes its jobs."""
    import uuid

    from arq.connections import RedisSettings, create_pool

    from workers.names import DEFAULT_QUEUE
    from workers.queue import ArqDeliveryQueue

    name = f"{DEFAULT_QUEUE}:test-{uuid.uuid4().hex[:8]}"
    pool = await create_pool(RedisSettings.from_dsn(redis_url), default_queue_name=name)
    arq_queue = ArqDeliveryQueue(pool, queue_name=name)
    gql.graphql.delivery_queue = arq_queue
    yield arq_queue
    gql.graphql.delivery_queue = None
    await pool.aclose()
