"""Access control at one boundary, an ASGI middleware in front of every route (API, event stream, dashboard):

- cross-origin refusal, always: a state-changing request (POST, PUT, PATCH, DELETE) whose Origin or Referer
  names another site, or that the browser marks ``Sec-Fetch-Site: cross-site``, gets 403 — so no web page can
  cancel a batch or upload through a visitor's browser;
- with ``REPORTFLOW_AUTH=token``: every request but /healthz, /login and /static needs ``Authorization: Bearer
  <token>`` (tokens from `reportflow token create`) or the dashboard's session cookie (set by signing in with a
  token at /login: HTTP-only, SameSite=Strict, signed with SESSION_SECRET); a state-changing request on the
  cookie must also carry its CSRF token in ``X-CSRF-Token`` (the dashboard's script sends it from a meta tag).
  Otherwise 401 (a browser asking for a page is sent to /login instead).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from http.cookies import SimpleCookie
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from shared import tokens
from shared.db.session import session_scope
from shared.settings import Settings

COOKIE = "rf_session"
SESSION_SECONDS = 12 * 3600
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PUBLIC = ("/healthz", "/login", "/static/")


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _own_origin(scope: Scope, headers: dict[str, str]) -> str:
    return f"{scope.get('scheme', 'http')}://{headers.get('host', '')}"


def cross_origin(scope: Scope, headers: dict[str, str]) -> bool:
    if headers.get("sec-fetch-site") == "cross-site":
        return True
    own = _own_origin(scope, headers)
    origin = headers.get("origin")
    if origin is not None:
        return origin != own
    referer = headers.get("referer")
    if referer:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}" != own
    return False


def _sign(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def session_cookie(secret: str, token_id: str, now: float | None = None) -> str:
    expires = int((now or time.time()) + SESSION_SECONDS)
    body = f"{token_id}.{expires}"
    return f"{body}.{_sign(secret, body)}"


def session_token_id(secret: str, cookie: str | None) -> str | None:
    """The token id a valid, unexpired session cookie names."""
    if not cookie or cookie.count(".") != 2:
        return None
    token_id, expires, signature = cookie.split(".")
    if not hmac.compare_digest(signature, _sign(secret, f"{token_id}.{expires}")):
        return None
    if not expires.isdigit() or int(expires) < time.time():
        return None
    return token_id


def csrf_token(secret: str, cookie: str) -> str:
    return _sign(secret, "csrf:" + cookie)[:40]


def _cookie(headers: dict[str, str]) -> str | None:
    jar = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:
        return None
    return jar[COOKIE].value if COOKIE in jar else None


def _bearer_ok(url: str, token: str) -> bool:
    with session_scope(url) as session:
        return tokens.verify(session, token) is not None


def _session_ok(url: str, token_id: str) -> bool:
    with session_scope(url) as session:
        return tokens.active(session, token_id)


class AccessControl:
    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        method = scope.get("method", "GET")
        if method in UNSAFE and cross_origin(scope, headers):
            await JSONResponse({"detail": "cross-origin request refused"}, status_code=403)(scope, receive, send)
            return
        if self.settings.AUTH != "token" or scope.get("path", "").startswith(PUBLIC):
            await self.app(scope, receive, send)
            return
        refusal = await self._refusal(scope, headers, method)
        if refusal is None:
            await self.app(scope, receive, send)
        else:
            await refusal(scope, receive, send)

    async def _refusal(self, scope: Scope, headers: dict[str, str], method: str):
        url, secret = self.settings.DATABASE_URL, self.settings.SESSION_SECRET
        authorization = headers.get("authorization", "")
        if authorization:
            scheme, _, token = authorization.partition(" ")
            if scheme.lower() == "bearer" and await run_in_threadpool(_bearer_ok, url, token.strip()):
                return None
            return _unauthorized("invalid or revoked API token")
        cookie = _cookie(headers)
        token_id = session_token_id(secret, cookie)
        if token_id is not None and await run_in_threadpool(_session_ok, url, token_id):
            scope.setdefault("state", {})["csrf"] = csrf_token(secret, cookie)
            if method in UNSAFE and not hmac.compare_digest(headers.get("x-csrf-token", ""),
                                                            csrf_token(secret, cookie)):
                return JSONResponse({"detail": "missing or wrong CSRF token"}, status_code=403)
            return None
        if method == "GET" and "text/html" in headers.get("accept", ""):
            target = scope.get("path", "/")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        return _unauthorized("authentication required: send Authorization: Bearer <token>")


def _unauthorized(detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=401, headers={"WWW-Authenticate": "Bearer"})


router = APIRouter(include_in_schema=False)

LOGIN_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · reportflow</title>
<link rel="stylesheet" href="/static/style.css"></head><body><main><h1>reportflow</h1>
<form method="post" action="/login"><input type="hidden" name="next" value="{next}">
<label>API token <input type="password" name="token" autocomplete="off" required></label>
<button type="submit">Sign in</button></form><p class="error">{error}</p></main></body></html>"""


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@router.get("/login", response_class=HTMLResponse)
def login_page(next: str = "/") -> HTMLResponse:
    return HTMLResponse(LOGIN_PAGE.format(next=_escape(_safe_next(next)), error=""))


@router.post("/login")
def login(request: Request, token: str = Form(..., max_length=200), next: str = Form("/")):
    settings: Settings = request.app.state.settings
    with session_scope(settings.DATABASE_URL) as session:
        row = tokens.verify(session, token.strip())
        token_id = row.id if row is not None else None
    if token_id is None:
        return HTMLResponse(LOGIN_PAGE.format(next=_escape(_safe_next(next)), error="That token is not valid."),
                            status_code=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(COOKIE, session_cookie(settings.SESSION_SECRET, token_id), max_age=SESSION_SECONDS,
                        httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


@router.post("/logout")
def logout() -> RedirectResponse:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response
