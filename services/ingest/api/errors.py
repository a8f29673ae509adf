"""Every error leaves the API as JSON ``{"detail": "<one clear sentence>"}``."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.errors import StorageError

log = logging.getLogger(__name__)


def _validation_message(exc: RequestValidationError) -> str:
    problems = []
    for error in exc.errors():
        where = " ".join(str(part) for part in error.get("loc", ()) if part not in ("body",))
        problems.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", "invalid"))
    return "invalid request: " + "; ".join(problems)


async def _on_validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse({"detail": _validation_message(exc)}, status_code=422)


async def _on_storage_error(_request: Request, exc: StorageError) -> JSONResponse:
    log.error("object storage error: %s", exc)
    return JSONResponse({"detail": f"object storage unavailable: {exc}"}, status_code=503)


async def _on_database_error(_request: Request, exc: OperationalError) -> JSONResponse:
    log.error("database error: %s", exc.orig)
    return JSONResponse({"detail": "database unavailable, try again later"}, status_code=503)


async def _on_data_error(_request: Request, exc: DataError) -> JSONResponse:
    # a value the database cannot hold (out of range, a character it refuses): the request's fault
    log.warning("database refused a value: %s", exc.orig)
    return JSONResponse({"detail": "invalid request: a value is out of range or has characters that cannot be "
                                   "stored"}, status_code=400)


class RefuseControlCharacters:
    """400 for a request whose path or query string decodes to control characters (NUL included): no route
    takes them, and PostgreSQL refuses NUL in any text value."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _has_control(scope):
            response = JSONResponse({"detail": "invalid request: control characters in the URL"}, status_code=400)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _has_control(scope: Scope) -> bool:
    from urllib.parse import unquote_to_bytes

    raw = scope.get("path", "").encode("utf-8", "surrogateescape") + b"?" + unquote_to_bytes(
        scope.get("query_string", b"").replace(b"+", b" "))
    return any(byte < 0x20 or byte == 0x7F for byte in raw)


async def _on_unexpected_error(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return JSONResponse({"detail": f"internal error ({type(exc).__name__}); see the service log"}, status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StorageError, _on_storage_error)
    app.add_exception_handler(OperationalError, _on_database_error)
    app.add_exception_handler(DataError, _on_data_error)
    app.add_middleware(RefuseControlCharacters)
    app.add_exception_handler(Exception, _on_unexpected_error)
