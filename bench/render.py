"""Personalised email renders per second: the sandboxed renderer against plain Jinja2.

Why: every recipient of a newsletter gets their own render, so the renderer's cost per
message bounds a send's throughput. The sandbox adds work plain Jinja2 does not do (the
sandbox's attribute and call checks, the loop/call/size guards, escaping-aware
finalize, per-render accounting). This script measures what that costs on a realistic
email, against plain Jinja2 rendering the same template sources in the same run.

Set-up (a scratch database ``publishing_bench_<random>``, dropped at the end): a brand
with logo, colours, footer and social links; three stored HTML templates
(shell → newsletter layout → digest: three levels of inheritance) plus an include, and a
text part; ten personal or custom variables per message; a loop over five highlights;
10,000 subscribers with names, time zones and attributes, loaded as the delivery engine
would load them.

Measured in CPU seconds of this process (the machines are shared; wall time would also
count other processes), each as the median of several alternating rounds over all
subscribers:

* renderer: ``prepare_message`` once, then ``PreparedMessage.render(subscriber, links=…)``
  per subscriber (subject, HTML and text: the full message);
* plain Jinja2: an unsandboxed ``Environment`` with the same sources (DictLoader, compiled
  once and cached), the same filters, rendering the same three parts from a context built
  per subscriber;
* for contrast, plain Jinja2 compiling the template for every subscriber (no cache).

Prints one line per figure, the ratio to plain Jinja2 first. Target: the renderer at
0.7 or more of plain Jinja2's rate.

Usage, from the repository root::

    python bench/render.py [--subscribers 10000] [--rounds 5]

``DATABASE_URL`` names the server to use (its database name is ignored); otherwise the local
server at 127.0.0.1:5432 is tried, then an embedded one is started under ``var/bench``.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import datetime as dt  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from typing import Any  # noqa: E402

import asyncpg  # noqa: E402
import jinja2  # noqa: E402
from markupsafe import Markup  # noqa: E402

from app.db import (  # noqa: E402
    close_db,
    connection_credentials,
    drop_database,
    ensure_database,
    init_db,
)
from app.migrations import upgrade  # noqa: E402
from bench.support import log, positive, with_database  # noqa: E402
from domain.audience.models import Subscriber  # noqa: E402
from domain.channels.models import Channel, ChannelType  # noqa: E402
from domain.principals.actor import SYSTEM  # noqa: E402
from domain.publications.models import Publication, PublicationStatus  # noqa: E402
from domain.templates import brands, service  # noqa: E402
from domain.templates.filters import COMMON_FILTERS, markdown_html  # noqa: E402
from domain.templates.models import TemplateFormat  # noqa: E402
from domain.templates.rendering import PreparedMessage, prepare_message  # noqa: E402
from domain.templates.resolution import builtin_source  # noqa: E402

DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
BASE_URL = "https://news.example.com"

SHELL = """<!DOCTYPE html>
<html lang="{{ subscriber.locale or 'en' }}"><head><meta charset="utf-8">
<title>{% block subject %}{{ publication.title }}{% endblock %}</title></head>
<body style="margin:0;background:#f4f4f5;">
<table role="presentation" width="100%"><tr><td align="center">
<table role="presentation" width="600" style="background:#fff;">
<tr><td style="background:{{ brand.primary_color }};padding:20px;">
{% block header %}<img src="{{ brand.logo_url }}" alt="{{ brand.name }}" height="32">{% endblock %}
</td></tr>
<tr><td style="padding:24px;color:{{ brand.secondary_color }};">
{% block content %}{% endblock %}</td></tr>
<tr><td style="padding:16px;font-size:12px;color:#71717a;">
{% block footer %}{% include "legal" %}{% endblock %}
<p><a href="{{ links.preferences }}">Manage preferences</a> ·
<a href="{{ links.unsubscribe }}">Unsubscribe</a></p>
</td></tr></table></td></tr></table></body></html>
"""
LEGAL = """<p>{{ brand.footer }}</p>
<p>{% for link in brand.social %}<a href="{{ link.url }}">{{ link.name|capitalize }}</a>\
{% if not loop.last %} · {% endif %}{% endfor %}</p>
"""
LAYOUT = """{% extends "shell" %}
{% block header %}{{ super() }}<span style="color:#fff;">{{ brand.name }}</span>{% endblock %}
{% block content %}
<p>Hi {{ subscriber.first_name or "there" }},</p>
{% block article %}{% endblock %}
<p><a href="{{ cta_url }}?ref={{ subscriber.id }}" style="background:{{ brand.primary_color }};\
color:#fff;padding:8px 16px;">{{ cta_label }}</a></p>
{% endblock %}
"""
DIGEST = """{% extends "newsletter-layout" %}
{% block subject %}{{ subscriber.first_name }}, {{ publication.title }}{% endblock %}
{% block article %}
<h1>{{ publication.title }}</h1>
<p class="meta">{{ publication.published_at|date("%d %B %Y, %H:%M", subscriber.timezone) }}\
 · for {{ subscriber.email }} ({{ subscriber.attributes.plan|default("free") }} plan\
{% if subscriber.attributes.company %}, {{ subscriber.attributes.company }}{% endif %})</p>
<p>{{ publication.summary }}</p>
<ol>
{% for item in highlights %}<li class="{{ loop.cycle('odd', 'even') }}">{{ item }}</li>
{% endfor %}</ol>
{% if discount %}<p>Your code {{ discount_code }} saves {{ discount }}%.</p>{% endif %}
{% endblock %}
"""
TEXT = """{% extends "builtin/base" %}
{% block content %}
Hi {{ subscriber.first_name or "there" }},

{{ publication.title }}

{% for item in highlights %}
{{ loop.index }}. {{ item }}
{% endfor %}
{{ cta_label }}: {{ cta_url }}?ref={{ subscriber.id }}
{% endblock %}
"""
VARIABLES = [
    {"name": "highlights", "type": "list",
     "default": ["Faster sends", "Safer templates", "Brand everywhere", "Feeds",
                 "Better previews"]},
    {"name": "cta_label", "type": "string", "default": "Read the release notes"},
    {"name": "cta_url", "type": "url", "default": "https://news.example.com/release"},
    {"name": "discount", "type": "number", "default": 15},
    {"name": "discount_code", "type": "string", "default": "SPRING"},
]
ZONES = ("UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo")


async def reachable(url: str) -> bool:
    try:
        connection = await asyncpg.connect(
            timeout=5, **connection_credentials(with_database(url, "postgres")))
    except (OSError, TimeoutError, asyncpg.PostgresError):
        return False
    await connection.close()
    return True


async def find_server() -> tuple[str, Any]:
    for url in (os.environ.get("DATABASE_URL"), DEFAULT_SERVER_URL):
        if url and await reachable(url):
            return url, None
    from app.embedded import EmbeddedPostgres

    log("starting embedded PostgreSQL under var/bench")
    embedded = EmbeddedPostgres(REPO_ROOT / "var" / "bench")
    return embedded.start(), embedded


# --- set-up --------------------------------------------------------------------------------


async def seed(subscribers: int) -> tuple[Publication, Channel, list[Subscriber]]:
    brand = await brands.create_brand(
        SYSTEM, name="Acme", logo_url="https://cdn.example.com/acme.png",
        primary_color="#0b5fff", footer="Acme Inc. · 1 Demo Street · Springfield",
        sender_name="Acme News", sender_email="news@example.com",
        social_links={"mastodon": "https://social.example/@acme",
                      "github": "https://github.com/acme", "website": "https://acme.example"})
    channel = await Channel.create(name="newsletter", type=ChannelType.EMAIL, brand=brand)
    email = ChannelType.EMAIL
    await service.create_template(SYSTEM, name="legal", channel_type=email, source=LEGAL)
    await service.create_template(SYSTEM, name="shell", channel_type=email, source=SHELL)
    await service.create_template(SYSTEM, name="newsletter-layout", channel_type=email,
                                  source=LAYOUT, variables=VARIABLES[1:3])
    digest = await service.create_template(SYSTEM, name="digest", channel_type=email,
                                           source=DIGEST, variables=VARIABLES)
    text = await service.create_template(SYSTEM, name="digest", channel_type=email,
                                         format=TemplateFormat.TEXT, source=TEXT,
                                         variables=VARIABLES)
    publication = await Publication.create(
        title="Spring release", summary="Everything that shipped this spring, in one email.",
        body="## Highlights\n\nFaster, safer, **branded**.", status=PublicationStatus.APPROVED,
        published_at=dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC), brand=brand,
        template_choices={"html": digest.id, "text": text.id})
    await Subscriber.bulk_create([
        Subscriber(email=f"reader{i}@example.com", name=f"Reader{i} Example",
                   timezone=ZONES[i % len(ZONES)],
                   attributes={"plan": "pro" if i % 3 else "free",
                               **({"company": f"Company {i % 97}"} if i % 2 else {})})
        for i in range(subscribers)], batch_size=2000)
    people = await Subscriber.all().order_by("id")
    return publication, channel, people


# --- the two paths -------------------------------------------------------------------------


def links_for(subscriber: Subscriber) -> dict[str, str]:
    return {"unsubscribe": f"{BASE_URL}/u/{subscriber.id}",
            "preferences": f"{BASE_URL}/p/{subscriber.id}"}


def renderer_path(prepared: PreparedMessage) -> Callable[[Subscriber], Any]:
    def render(subscriber: Subscriber) -> Any:
        return prepared.render(subscriber, links=links_for(subscriber))
    return render


def plain_environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.DictLoader({"legal": LEGAL, "shell": SHELL, "newsletter-layout": LAYOUT,
                                  "digest": DIGEST, "text": TEXT,
                                  "builtin/base": builtin_source(TemplateFormat.TEXT, "base")}),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    environment.filters.update(COMMON_FILTERS)
    environment.filters["markdown"] = markdown_html
    return environment


def plain_context(prepared: PreparedMessage, subscriber: Subscriber) -> dict[str, Any]:
    """What a straightforward implementation hands Jinja2 for one recipient."""
    base = prepared._base
    name = subscriber.name or ""
    return {
        "publication": base["publication"], "brand": base["brand"], "channel": base["channel"],
        "subscriber": {"id": subscriber.id, "email": subscriber.email, "name": name,
                       "first_name": name.split()[0] if name else "",
                       "locale": subscriber.locale, "timezone": subscriber.timezone,
                       "attributes": subscriber.attributes},
        "links": links_for(subscriber),
        **{definition["name"]: definition["default"] for definition in VARIABLES},
    }


def plain_path(prepared: PreparedMessage, environment: jinja2.Environment,
               compile_each_time: bool = False) -> Callable[[Subscriber], Any]:
    html = environment.get_template("digest")
    text = environment.get_template("text")

    def render(subscriber: Subscriber) -> Any:
        context = plain_context(prepared, subscriber)
        if compile_each_time:
            html_template = environment.from_string(DIGEST)
            text_template = environment.from_string(TEXT)
        else:
            html_template, text_template = html, text
        html_context = html_template.new_context(context)
        body = "".join(html_template.root_render_func(html_context))
        subject = Markup("".join(html_context.blocks["subject"][0](html_context))).striptags()
        return subject, body, text_template.render(context)
    return render


def rate(render: Callable[[Subscriber], Any], subscribers: Sequence[Subscriber]) -> float:
    """Messages per second of this process's CPU time: rendering is single-threaded CPU
    work, and on a shared machine wall time also counts other processes' turns."""
    started = time.process_time()
    for subscriber in subscribers:
        render(subscriber)
    return len(subscribers) / (time.process_time() - started)


async def benchmark(args: argparse.Namespace) -> int:
    publication, channel, people = await seed(args.subscribers)
    prepared = await prepare_message(publication, ChannelType.EMAIL, channel=channel,
                                     base_url=BASE_URL)
    ours = renderer_path(prepared)
    environment = plain_environment()
    plain = plain_path(prepared, environment)

    sample = ours(people[1])
    subject, html, text = plain(people[1])
    same = (sample.subject, sample.html, sample.text) == (subject, html, text)
    for render in (ours, plain):  # warm caches (compiled templates, markdown)
        rate(render, people[:200])

    ours_rates, plain_rates = [], []
    for _ in range(args.rounds):
        plain_rates.append(rate(plain, people))
        ours_rates.append(rate(ours, people))
    uncached = rate(plain_path(prepared, environment, compile_each_time=True),
                    people[:args.uncached])

    ours_median = statistics.median(ours_rates)
    plain_median = statistics.median(plain_rates)
    ratio = ours_median / plain_median
    print(f"sandboxed renderer vs plain Jinja2: {ratio:.2f}x the renders per second "
          f"(target >= 0.70) {'PASS' if ratio >= 0.7 else 'BELOW TARGET'}", flush=True)
    print(f"sandboxed renderer: {ours_median:,.0f} messages/s (median of {args.rounds} rounds "
          f"x {len(people):,} subscribers; subject + HTML + text each)", flush=True)
    print(f"plain Jinja2, same compiled templates: {plain_median:,.0f} messages/s", flush=True)
    print(f"plain Jinja2 compiling per message (no cache): {uncached / plain_median:.3f}x "
          f"plain ({uncached:,.0f} messages/s over {args.uncached})", flush=True)
    print(f"message size: HTML {len(sample.html):,} chars, text {len(sample.text):,} chars; "
          f"outputs identical to plain Jinja2: {'yes' if same else 'NO'}", flush=True)
    return 0 if same else 1


async def run(args: argparse.Namespace) -> int:
    server, embedded = await find_server()
    scratch = with_database(server, f"publishing_bench_{secrets.token_hex(4)}")
    try:
        await ensure_database(scratch)
        await upgrade(scratch)
        await init_db(scratch)
        try:
            return await benchmark(args)
        finally:
            await close_db()
    finally:
        await drop_database(scratch)
        if embedded is not None:
            embedded.stop()


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=positive, default=10_000)
    parser.add_argument("--rounds", type=positive, default=7)
    parser.add_argument("--uncached", type=positive, default=300,
                        help="messages for the compile-per-message contrast")
    return parser.parse_args(argv)


def main() -> None:
    started = time.perf_counter()
    status = asyncio.run(run(parse_args()))
    log(f"total {time.perf_counter() - started:.1f} s")
    sys.exit(status)


if __name__ == "__main__":
    main()
