"""GraphiQL served entirely by this app, so the explorer works on a machine with no internet.

Why: Strawberry's page loads React, GraphiQL and the explorer plugin from a CDN and stays
on "Loading…" offline. The same files, byte for byte (their Subresource Integrity hashes
are Strawberry's), are vendored under app/static/graphiql/vendor/ by
scripts/update-graphiql-assets and listed in assets.json; this module renders the page
that references them and mounts them under /static/graphiql. A Content-Security-Policy
keeps the page from loading anything from another host, should a future asset try.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from html import escape
from pathlib import Path

from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import PathLike, StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).resolve().parent / "static" / "graphiql"
STATIC_PATH = "/static/graphiql"
#: 'self' covers same-origin ws:/wss: for subscriptions; GraphiQL and React set inline
#: styles; the favicon is an empty data: URL
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; "
                           "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                           "font-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                           "form-action 'none'; frame-ancestors 'none'")

_PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Publishing API · GraphiQL</title>
    <link rel="icon" href="data:,">
    <style>
      body {{ height: 100%; margin: 0; width: 100%; overflow: hidden; }}
      #graphiql {{ height: 100vh; display: flex; }}
      .docExplorerHide {{ display: none; }}
      .doc-explorer-contents {{ overflow-y: hidden !important; }}
      .docExplorerWrap {{ width: unset !important; min-width: unset !important; }}
      .graphiql-explorer-actions select {{ margin-left: 4px; }}
    </style>
{styles}
  </head>
  <body>
    <div id="graphiql" class="graphiql-container">Loading…</div>
{scripts}
    <script src="{static}/page.js"></script>
  </body>
</html>
"""


@lru_cache(maxsize=1)
def _manifest() -> tuple[dict[str, str], ...]:
    return tuple(json.loads((STATIC_DIR / "assets.json").read_text(encoding="utf-8")))


@lru_cache(maxsize=8)
def page_html(root_path: str = "") -> str:
    """The GraphiQL page with every asset under `root_path` + /static/graphiql (the
    app's own origin; `root_path` is set when a proxy mounts the app under a prefix)."""
    static = escape(root_path.rstrip("/") + STATIC_PATH, quote=True)
    styles, scripts = [], []
    for asset in _manifest():
        url = f"{static}/vendor/{escape(asset['file'], quote=True)}"
        integrity = escape(asset["integrity"], quote=True)
        if asset["kind"] == "style":
            styles.append(f'    <link rel="stylesheet" href="{url}" integrity="{integrity}">')
        else:
            scripts.append(f'    <script src="{url}" integrity="{integrity}"></script>')
    return _PAGE.format(styles="\n".join(styles), scripts="\n".join(scripts), static=static)


def page_response(root_path: str = "") -> Response:
    return HTMLResponse(page_html(root_path), headers={
        "Content-Security-Policy": CONTENT_SECURITY_POLICY, "Cache-Control": "no-cache"})


class _AssetFiles(StaticFiles):
    """Vendored files have their version in the path: browsers may keep them for good.
    page.js (ours) is revalidated, so an upgrade shows at the next load."""

    def file_response(self, full_path: PathLike, stat_result: os.stat_result, scope: Scope,
                      status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        vendored = Path(full_path).resolve().is_relative_to(STATIC_DIR / "vendor")
        response.headers["Cache-Control"] = ("public, max-age=31536000, immutable"
                                             if vendored else "no-cache")
        return response


def static_mount() -> Mount:
    return Mount(STATIC_PATH, app=_AssetFiles(directory=STATIC_DIR), name="graphiql-static")
