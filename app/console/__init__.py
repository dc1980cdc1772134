"""The web console at /console: a static single-page app served by this process.

Why here: the console is the reference frontend that proves the public API is enough, so
it talks only to /graphql (HTTP and graphql-transport-ws), /exports and — in development —
/console/dev-login. Its files (ES modules, CSS, the vendored uPlot under vendor/) are
served from this package: no CDN, it works offline. A Content-Security-Policy keeps the
page from reaching any other host.

The dev login hands out a short-lived token for a demo principal of any role to whoever
asks: on only when CONSOLE_DEV_LOGIN allows it (development by default), 404 otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import PathLike, StaticFiles
from starlette.types import Scope

from app.auth import issue_token
from domain.principals.models import Role

STATIC_DIR = Path(__file__).resolve().parent / "static"
CONSOLE_PATH = "/console"
#: how long a one-click development token lives
DEV_LOGIN_TTL = dt.timedelta(hours=1)
#: the demo principals (domain/demo.py) are named after their roles
DEV_LOGIN_ROLES = tuple(role.value for role in Role)
#: 'self' covers same-origin ws:/wss: for subscriptions; uPlot sets inline styles
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; "
                           "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                           "connect-src 'self'; frame-src 'self'; base-uri 'none'; "
                           "form-action 'none'; frame-ancestors 'none'")


def _headers() -> dict[str, str]:
    return {"Content-Security-Policy": CONTENT_SECURITY_POLICY, "Cache-Control": "no-cache"}


async def console_index(request: Request) -> Response:
    """The page shell; every route of the single-page app (/console/…) answers it."""
    return FileResponse(STATIC_DIR / "index.html", headers=_headers())


async def console_redirect(request: Request) -> Response:
    return RedirectResponse(request.url.path + "/", status_code=308)


async def dev_login(request: Request) -> Response:
    """`{"role": "viewer"}` → `{"token", "name", "role", "expiresIn"}`; 404 unless the
    dev login is on (so a production deployment does not even admit it exists)."""
    settings = request.app.state.settings
    if not settings.console_dev_login_enabled:
        return JSONResponse({"error": "not found"}, status_code=404)
    try:
        body = await request.json()
    except ValueError:
        body = None
    role = body.get("role") if isinstance(body, dict) else None
    if role not in DEV_LOGIN_ROLES:
        return JSONResponse({"error": f"role must be one of: {', '.join(DEV_LOGIN_ROLES)}",
                             "field": "role"}, status_code=400)
    keys = settings.token_keys()
    if not keys.signing_key:
        return JSONResponse({"error": "RS256: tokens come from your identity provider"},
                            status_code=409)
    token = issue_token(keys, role, Role(role), DEV_LOGIN_TTL)
    return JSONResponse({"token": token, "name": role, "role": role.upper(),
                         "expiresIn": int(DEV_LOGIN_TTL.total_seconds())},
                        headers={"Cache-Control": "no-store"})


async def dev_login_info(request: Request) -> Response:
    """Whether the login page should offer the one-click buttons (GET: no token made)."""
    if not request.app.state.settings.console_dev_login_enabled:
        return JSONResponse({"error": "not found"}, status_code=404)
    return JSONResponse({"roles": list(DEV_LOGIN_ROLES)})


class _ConsoleFiles(StaticFiles):
    """Vendored files carry their version in the path and may be kept for good; ours are
    revalidated so an upgrade shows at the next load."""

    def file_response(self, full_path: PathLike, stat_result: os.stat_result, scope: Scope,
                      status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        vendored = Path(full_path).resolve().is_relative_to(STATIC_DIR / "vendor")
        response.headers["Cache-Control"] = ("public, max-age=31536000, immutable"
                                             if vendored else "no-cache")
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response


CONSOLE_ROUTES = [
    Route(CONSOLE_PATH, console_redirect, methods=["GET"]),
    Route(f"{CONSOLE_PATH}/dev-login", dev_login, methods=["POST"]),
    Route(f"{CONSOLE_PATH}/dev-login", dev_login_info, methods=["GET"]),
    Mount(f"{CONSOLE_PATH}/static", app=_ConsoleFiles(directory=STATIC_DIR),
          name="console-static"),
    Route(CONSOLE_PATH + "/{page:path}", console_index, methods=["GET"]),
]
