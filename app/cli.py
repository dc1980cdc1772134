"""`publishing …` — one entry point for operators and for `make run`."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import signal
import sys
from collections.abc import Sequence

from app.settings import ConfigurationError, Settings, load_settings

logger = logging.getLogger("publishing")


def _configure_logging(settings: Settings) -> None:
    from app.logs import configure_logging

    configure_logging(settings.log_level, settings.log_format)


def _resolve_services(settings: Settings, keep_running: list, need_redis: bool = True) -> Settings:
    """Start embedded PostgreSQL/Redis for whatever URL is unset; return concrete settings."""
    if settings.database_url and (settings.redis_url or not need_redis):
        return settings
    from app.embedded import EmbeddedServices

    services = EmbeddedServices(settings.var_dir)
    keep_running.append(services)
    database_url, redis_url = services.resolve(
        settings.database_url, settings.redis_url, need_redis=need_redis
    )
    return settings.model_copy(update={"database_url": database_url, "redis_url": redis_url})


async def _prepare_database(settings: Settings, load_demo: bool) -> bool:
    from app import migrations
    from app.db import close_db, ensure_database, init_db

    assert settings.database_url
    await ensure_database(settings.database_url)
    applied = await migrations.upgrade(settings.database_url)
    if applied:
        logger.info("applied migrations: %s", ", ".join(applied))
    if not load_demo:
        return False
    from domain.demo import load_demo_data

    await init_db(settings.database_url)
    try:
        return await load_demo_data()
    finally:
        await close_db()


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(0)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.auth import issue_token
    from app.http import create_app
    from domain.principals.models import Role

    embedded: list = []
    settings = _resolve_services(settings, embedded)
    if args.host:
        settings = settings.model_copy(update={"host": args.host})
    if args.port is not None:
        settings = settings.model_copy(update={"port": args.port})
    loaded = asyncio.run(_prepare_database(settings, load_demo=not args.no_demo))
    if loaded:
        print("Loaded demo data (principals admin/editor/reviewer/viewer, topics, channels).")
    keys = settings.token_keys()
    token = (issue_token(keys, "admin", Role.ADMIN, dt.timedelta(days=7))
             if keys.signing_key else "(RS256: tokens come from your identity provider)")
    base = f"http://{settings.host}:{settings.port}"
    print(f"GraphiQL:  {base}/graphql")
    print(f"Health:    {base}/health")
    print(f'Token:     {{"Authorization": "Bearer {token}"}}', flush=True)
    # uvicorn re-raises SIGINT/SIGTERM after its graceful shutdown; turning that into
    # SystemExit lets the embedded servers below stop instead of being orphaned.
    signal.signal(signal.SIGTERM, _exit_quietly)
    signal.signal(signal.SIGINT, _exit_quietly)
    try:
        uvicorn.run(create_app(settings, with_worker=not args.no_worker), host=settings.host,
                    port=settings.port, log_level=settings.log_level.lower(),
                    log_config=None)  # uvicorn logs through our handler (app/logs.py)
    finally:
        for services in embedded:
            services.stop()
    return 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from arq.worker import Worker

    from app.runtime import worker_hooks
    from workers.settings import build_worker
    from workers.supervisor import run_supervised

    embedded: list = []
    settings = _resolve_services(settings, embedded)
    assert settings.database_url and settings.redis_url
    redis_url = settings.redis_url
    startup, shutdown = worker_hooks(settings, manage_database=True, queue=args.queue)

    def make_worker() -> Worker:
        return build_worker(redis_url=redis_url, queue=args.queue, on_startup=startup,
                            on_shutdown=shutdown, max_jobs=settings.worker_max_jobs)

    print(f"worker for queue {args.queue!r} started", flush=True)
    try:
        asyncio.run(run_supervised(make_worker))
    finally:
        for services in embedded:
            services.stop()
    return 0


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from app import migrations
    from app.db import ensure_database

    embedded: list = []
    settings = _resolve_services(settings, embedded, need_redis=False)
    assert settings.database_url
    try:
        if args.down:
            done = asyncio.run(migrations.downgrade(settings.database_url))
            print("rolled back: " + (", ".join(done) or "nothing"))
        else:
            asyncio.run(ensure_database(settings.database_url))
            done = asyncio.run(migrations.upgrade(settings.database_url))
            print("applied: " + (", ".join(done) or "nothing (up to date)"))
    finally:
        for services in embedded:
            services.stop()
    return 0


def cmd_makemigrations(args: argparse.Namespace, settings: Settings) -> int:
    from app import migrations

    url = settings.database_url or "postgresql://postgres@127.0.0.1:5432/postgres"
    written = asyncio.run(migrations.make_migration(url, args.name))
    print(f"wrote migrations/models/{written}" if written else "no model changes")
    return 0


def cmd_export_schema(args: argparse.Namespace, settings: Settings) -> int:
    from schema.export import SCHEMA_FILE, export_sdl

    target = args.output or SCHEMA_FILE
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(export_sdl())
    print(f"wrote {target}")
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    embedded: list = []
    settings = _resolve_services(settings, embedded, need_redis=False)
    try:
        loaded = asyncio.run(_prepare_database(settings, load_demo=True))
    finally:
        for services in embedded:
            services.stop()
    print("demo data loaded" if loaded else "demo data already present")
    return 0


def cmd_token(args: argparse.Namespace, settings: Settings) -> int:
    from app.auth import issue_token
    from domain.principals.models import Role

    print(issue_token(settings.token_keys(), args.sub, Role(args.role),
                      dt.timedelta(hours=args.ttl_hours)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="publishing", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the API (embedded services when no URLs)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--no-worker", action="store_true", help="do not run an in-process worker")
    serve.add_argument("--no-demo", action="store_true", help="do not load demo data")
    serve.set_defaults(handler=cmd_serve)

    worker = commands.add_parser("worker", help="run an arq worker for one queue")
    worker.add_argument("--queue", choices=["default", "alerts"], default="default")
    worker.set_defaults(handler=cmd_worker)

    migrate = commands.add_parser("migrate", help="apply migrations (or --down one step)")
    migrate.add_argument("--down", action="store_true")
    migrate.set_defaults(handler=cmd_migrate)

    make = commands.add_parser("makemigrations",
                               help="write a migration for changed models (no database needed)")
    make.add_argument("name")
    make.set_defaults(handler=cmd_makemigrations)

    export = commands.add_parser("export-schema", help="write schema/schema.graphql")
    export.add_argument("--output", help="another path to write to")
    export.set_defaults(handler=cmd_export_schema)

    demo = commands.add_parser("demo", help="load demo data")
    demo.set_defaults(handler=cmd_demo)

    token = commands.add_parser("token", help="print a JWT for a principal")
    token.add_argument("--sub", required=True)
    token.add_argument("--role", required=True, choices=["admin", "editor", "reviewer", "viewer"])
    token.add_argument("--ttl-hours", type=int, default=24)
    token.set_defaults(handler=cmd_token)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from app.auth import InvalidToken
    from app.db import DatabaseUnavailable
    from app.embedded import EmbeddedServiceError

    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        _configure_logging(settings)
        return args.handler(args, settings)
    except (ConfigurationError, DatabaseUnavailable, EmbeddedServiceError, InvalidToken) as error:
        print(f"publishing: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
