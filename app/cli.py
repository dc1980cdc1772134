"""`publishing …` — one entry point for operators and for `make run`."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import signal
import socket
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.settings import ConfigurationError, Settings, is_loopback, load_settings

if TYPE_CHECKING:
    from domain.demo import DemoPublishReport, DemoState
    from domain.keyring import KeyRing

logger = logging.getLogger("publishing")

#: `publishing token --ttl-hours` at most: 30 days. Longer-lived access belongs to an
#: identity provider (JWT_PUBLIC_KEY) or to tokens re-issued by automation.
MAX_TOKEN_TTL_HOURS = 24 * 30
#: the admin token `publishing serve` prints (development and test only)
SERVE_TOKEN_TTL = dt.timedelta(hours=12)


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


def _demo_hooks(settings: Settings) -> tuple[KeyRing | None, str | None]:
    """(keys, hooks URL) for the demo's Slack/Discord/webhook channels: only while the
    outbox serves the hook sinks."""
    if not settings.outbox_enabled:
        return None, None
    return settings.key_ring(), settings.outbox_hooks_url()


async def _prepare_database(settings: Settings, load_demo: bool
                            ) -> tuple[bool, DemoState | None]:
    """Migrate; load the demo data when asked. Returns (loaded now, the demo's state)."""
    from app import migrations
    from app.db import close_db, ensure_database, init_db

    assert settings.database_url
    await ensure_database(settings.database_url)
    applied = await migrations.upgrade(settings.database_url)
    if applied:
        logger.info("applied migrations: %s", ", ".join(applied))
    if not load_demo:
        return False, None
    from domain.demo import demo_state, load_demo_data

    await init_db(settings.database_url)
    try:
        loaded = await load_demo_data(*_demo_hooks(settings))
        return loaded, await demo_state()
    finally:
        await close_db()


def _public_base_follows_listener(settings: Settings) -> Settings:
    """PUBLIC_BASE_URL unset (outside production, where it must be set and https): the
    links in messages, the demo's hook channels and the URLs printed follow HOST/PORT
    (and `serve --port`) instead of pointing at a port nothing listens on. Applied by
    `serve`, `worker` and `demo` alike, so their links agree."""
    if "public_base_url" in settings.model_fields_set or settings.environment == "production":
        return settings
    return settings.model_copy(update={"public_base_url": settings.listen_url()})


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _listen(host: str, port: int, setting: str) -> socket.socket:
    """A bound socket for uvicorn, or one clear line naming the setting."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise ConfigurationError(f"{setting}: cannot resolve {host!r}: {error}") from None
    family, kind, proto, _, address = infos[0]
    listener = socket.socket(family, kind, proto)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address)
    except OSError as error:
        listener.close()
        raise ConfigurationError(f"{setting}: cannot listen on {host}:{port}: "
                                 f"{error.strerror or error}") from None
    listener.set_inheritable(True)
    return listener


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _printed_token(settings: Settings) -> str:
    """The convenience admin token of `make run`: development and test only, 12 hours."""
    from app.auth import issue_token
    from domain.principals.models import Role

    if settings.environment == "production":
        return "(not printed in production: use `publishing token`)"
    keys = settings.token_keys()
    if not keys.signing_key:
        return "(RS256: tokens come from your identity provider)"
    return issue_token(keys, "admin", Role.ADMIN, SERVE_TOKEN_TTL)


def _metrics_query() -> str:
    """A `metrics` query for GraphiQL covering today (UTC), to paste as it is."""
    today = dt.datetime.now(dt.UTC).date()
    start, end = today - dt.timedelta(days=1), today + dt.timedelta(days=1)
    return (f'{{ metrics(from: "{start}T00:00:00Z", to: "{end}T00:00:00Z") '
            "{ totals { sent opens uniqueOpens clicks uniqueClicks unsubscribes } } }")


def serve_banner(settings: Settings, token: str, loaded: bool,
                 demo: DemoState | None) -> dict[str, object]:
    """What `publishing serve` announces: where everything is, the token, and while the
    demo publication is still a draft the three steps that show the whole job working."""
    from domain.publications.models import PublicationStatus

    base = _url(settings.host, settings.port)
    public = settings.public_base_url.rstrip("/")
    banner: dict[str, object] = {"graphiql": f"{base}/graphql", "console": f"{base}/console/",
                                 "health": f"{base}/health"}
    if settings.console_dev_login_enabled:
        banner["console_login"] = "one-click login per role (development), or paste a token"
    if loaded:
        banner["demo_data"] = ("loaded (principals admin/editor/reviewer/viewer, topics, "
                               "channels of every type, a draft publication)")
    if settings.outbox_enabled:
        banner["outbox"] = f"{public}/outbox"
    if demo is not None and demo.rss_channel_id is not None:
        banner["feed"] = f"{public}/feeds/channels/{demo.rss_channel_id}.rss"
    if settings.metrics_port:
        banner["metrics"] = f"{_url(settings.metrics_host, settings.metrics_port)}/metrics"
    banner["token"] = token
    if not token.startswith("("):  # else: why no token is printed
        banner["authorization_header"] = f'{{"Authorization": "Bearer {token}"}}'
        banner["token_note"] = (f"admin, valid {int(SERVE_TOKEN_TTL.total_seconds() // 3600)}"
                                " hours, never printed in production; `publishing token` "
                                "issues others")
    if (settings.outbox_enabled and demo is not None
            and demo.publication_status in (PublicationStatus.DRAFT,
                                            PublicationStatus.IN_REVIEW,
                                            PublicationStatus.APPROVED)):
        banner["next_steps"] = [
            f"in a second terminal: {_cli()} demo --publish   (editor submits, reviewer "
            "approves, editor publishes now; waits for every channel)",
            f"open {public}/outbox, open the email and click its link (an open and a "
            "click), and see the Slack, Discord and signed webhook messages",
            f"in GraphiQL ({base}/graphql, the header above): {_metrics_query()}",
        ]
    return banner


def _cli() -> str:
    """How to call this command again from the current directory (the venv's script)."""
    import os

    script = sys.argv[0] if sys.argv else ""
    if not script.endswith("/publishing"):
        return "publishing"  # on PATH, or run as `python -m app.cli`
    relative = os.path.relpath(script)
    return script if relative.startswith("..") else relative


BANNER_LABELS = [("demo_data", "Demo data"), ("graphiql", "GraphiQL"), ("console", "Console"),
                 ("health", "Health"),
                 ("outbox", "Outbox"), ("feed", "Feed"), ("metrics", "Metrics")]


def banner_text(banner: dict[str, object]) -> str:
    lines = [f"{label + ':':<11}{banner[key]}" for key, label in BANNER_LABELS
             if key in banner]
    if "console_login" in banner:
        at = next(i for i, line in enumerate(lines) if line.startswith("Console:"))
        lines.insert(at + 1, f"{'':<11}({banner['console_login']})")
    if "authorization_header" in banner:
        lines.append(f"{'Token:':<11}{banner['authorization_header']}")
        lines.append(f"{'':<11}({banner['token_note']})")
    else:
        lines.append(f"{'Token:':<11}{banner['token']}")
    steps = banner.get("next_steps")
    if isinstance(steps, list):
        lines.append("")
        lines.append("See the whole job work (publish the demo publication to every channel):")
        lines += [f"  {number}. {step}" for number, step in enumerate(steps, 1)]
    return "\n".join(lines)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.http import create_app

    if args.host:
        settings = settings.model_copy(update={"host": args.host})
    if args.port is not None:
        settings = settings.model_copy(update={"port": args.port})
    settings = _public_base_follows_listener(settings)
    settings.ensure_safe_to_serve()  # before anything starts: one line, exit code 2
    sockets = [_listen(settings.host, settings.port, "HOST/PORT")]
    if settings.metrics_port:
        sockets.append(_listen(settings.metrics_host, settings.metrics_port,
                               "METRICS_HOST/METRICS_PORT"))
        if not is_loopback(settings.metrics_host) and not settings.metrics_token:
            logger.warning("metrics are served without a token on %s:%d; set METRICS_TOKEN "
                           "or keep METRICS_HOST on loopback", settings.metrics_host,
                           settings.metrics_port)
    embedded: list = []
    settings = _resolve_services(settings, embedded)
    loaded, demo = asyncio.run(_prepare_database(settings, load_demo=not args.no_demo))
    banner = serve_banner(settings, _printed_token(settings), loaded, demo)
    if settings.log_format == "json":
        # one structured record a log collector can read (and a script can parse)
        logger.info("serving", extra={"fields": banner})
    else:
        print(banner_text(banner), flush=True)
    # uvicorn re-raises SIGINT/SIGTERM after its graceful shutdown; turning that into
    # SystemExit lets the embedded servers below stop instead of being orphaned.
    signal.signal(signal.SIGTERM, _exit_quietly)
    signal.signal(signal.SIGINT, _exit_quietly)
    try:
        config = uvicorn.Config(create_app(settings, with_worker=not args.no_worker),
                                host=settings.host, port=settings.port,
                                log_level=settings.log_level.lower(),
                                log_config=None)  # uvicorn logs through our handler
        uvicorn.Server(config).run(sockets=sockets)
    finally:
        for listener in sockets:
            listener.close()
        for services in embedded:
            services.stop()
    return 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from arq.worker import Worker

    from app.runtime import worker_hooks
    from workers.settings import build_worker
    from workers.supervisor import run_supervised

    settings = _public_base_follows_listener(settings)  # the same links as `serve`'s
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
    settings = _public_base_follows_listener(settings)
    embedded: list = []
    settings = _resolve_services(settings, embedded, need_redis=False)
    try:
        if args.publish:
            report = asyncio.run(_publish_demo(settings, args.wait))
        else:
            loaded, _ = asyncio.run(_prepare_database(settings, load_demo=True))
    finally:
        for services in embedded:
            services.stop()
    if not args.publish:
        print("demo data loaded" if loaded else "demo data already present")
        return 0
    print(publish_report_text(report, settings.public_base_url.rstrip("/"), args.wait))
    return 0 if report.final else 1


async def _publish_demo(settings: Settings, wait_seconds: float) -> DemoPublishReport:
    from app.db import close_db, init_db
    from domain.demo import publish_demo

    await _prepare_database(settings, load_demo=False)  # migrations, never the data twice
    assert settings.database_url
    await init_db(settings.database_url)
    try:
        return await publish_demo(*_demo_hooks(settings), wait_seconds=wait_seconds)
    finally:
        await close_db()


def publish_report_text(report: DemoPublishReport, public: str, wait_seconds: float) -> str:
    from domain.demo import DEMO_TITLE

    if report.started:
        lines = [f"Published {DEMO_TITLE!r} (publication {report.publication_id}): the "
                 "editor submitted it, the reviewer approved it, the editor published it "
                 "now."]
    else:
        lines = [f"The demo publication (publication {report.publication_id}) was already "
                 f"{report.status_before.value}: nothing to do."]
    if not report.final:
        lines.append(f"It is still {report.status.value} after {wait_seconds:g} s: is "
                     "`publishing serve` running (its worker sends)? Run this again to "
                     "check.")
    else:
        lines.append(f"Publication {report.status.value}. Deliveries per channel:")
    for channel, counts in report.counts.items():
        shown = ", ".join(f"{status} {number}" for status, number in counts.items())
        lines.append(f"  {channel:<20} {shown}")
    lines.append(f"Outbox:  {public}/outbox")
    if report.rss_channel_id is not None:
        lines.append(f"Feed:    {public}/feeds/channels/{report.rss_channel_id}.rss")
    return "\n".join(lines)


def _ttl_hours(value: str) -> int:
    try:
        hours = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of hours: {value!r}") from None
    if not 1 <= hours <= MAX_TOKEN_TTL_HOURS:
        raise argparse.ArgumentTypeError(
            f"must be between 1 and {MAX_TOKEN_TTL_HOURS} ({MAX_TOKEN_TTL_HOURS // 24} days), "
            f"got {hours}")
    return hours


def cmd_token(args: argparse.Namespace, settings: Settings) -> int:
    from app.auth import issue_token
    from domain.principals.models import Role

    print(issue_token(settings.token_keys(), args.sub, Role(args.role),
                      dt.timedelta(hours=args.ttl_hours)))
    return 0


def cmd_rotate_keys(args: argparse.Namespace, settings: Settings) -> int:
    """Re-encrypt every channel's secrets with the newest key (SECRET_KEY) and say what
    each key of the ring is still needed for."""
    from tortoise.exceptions import OperationalError

    from app.auth import TokenKeys
    from app.db import close_db, init_db
    from domain.channels.rotation import ReencryptReport, reencrypt_channel_secrets

    ring = settings.key_ring()
    key_ids = [kid for kid, _ in TokenKeys.hs256(ring).verify_keys]
    print(f"newest key: {key_ids[0]} (SECRET_KEY)")
    for kid in key_ids[1:]:
        print(f"previous key: {kid} (PREVIOUS_SECRET_KEYS)")

    async def run(database_url: str) -> ReencryptReport:
        await init_db(database_url)
        try:
            return await reencrypt_channel_secrets(ring, dry_run=args.dry_run)
        except OperationalError as error:  # e.g. tables missing
            raise ConfigurationError(f"cannot read channels ({error}): is the database "
                                     "migrated (publishing migrate)?") from None
        finally:
            await close_db()

    embedded: list = []
    settings = _resolve_services(settings, embedded, need_redis=False)
    assert settings.database_url
    try:
        report = asyncio.run(run(settings.database_url))
    finally:
        for services in embedded:
            services.stop()
    verb = "would re-encrypt" if args.dry_run else "re-encrypted"
    print(f"channels: {report.channels}; without secrets: {report.without_secrets}; "
          f"already on the newest key: {report.current}; {verb}: {report.reencrypted}; "
          f"unreadable: {len(report.unreadable)}")
    if report.unreadable:
        print("publishing: error: no key of SECRET_KEY / PREVIOUS_SECRET_KEYS decrypts the "
              f"secrets of {_channels(report.unreadable)}: set them again (updateChannel)",
              file=sys.stderr)
    if report.contended:
        print(f"publishing: error: the secrets of {_channels(report.contended)} kept "
              "changing during the run: run rotate-keys again", file=sys.stderr)
    if not report.complete:
        return 1
    if len(ring) > 1 and not args.dry_run:
        print("Channel secrets no longer need PREVIOUS_SECRET_KEYS. Links in messages "
              "already sent and JWTs issued before the rotation still do: drop a previous "
              "key once those may stop working (see README, Key rotation).")
    return 0


def _channels(ids: list[int]) -> str:
    return ("channel " if len(ids) == 1 else "channels ") + ", ".join(map(str, ids))


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

    demo = commands.add_parser("demo", help="load demo data (--publish: publish it)")
    demo.add_argument("--publish", action="store_true",
                      help="take the demo publication through submit, approve and publish "
                           "now, and wait for its deliveries (`publishing serve` sends)")
    demo.add_argument("--wait", type=float, default=60.0,
                      help="seconds to wait for the deliveries to finish (default 60)")
    demo.set_defaults(handler=cmd_demo)

    token = commands.add_parser("token", help="print a JWT for a principal")
    token.add_argument("--sub", required=True)
    token.add_argument("--role", required=True, choices=["admin", "editor", "reviewer", "viewer"])
    token.add_argument("--ttl-hours", type=_ttl_hours, default=24,
                       help=f"lifetime, 1 to {MAX_TOKEN_TTL_HOURS} hours (default 24)")
    token.set_defaults(handler=cmd_token)

    rotate = commands.add_parser(
        "rotate-keys", help="re-encrypt every channel's secrets with the newest key "
        "(SECRET_KEY), after a new key was put in front (idempotent)")
    rotate.add_argument("--dry-run", action="store_true",
                        help="count what would be re-encrypted, change nothing")
    rotate.set_defaults(handler=cmd_rotate_keys)
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
