"""Every error leaves the API as JSON ``{"detail": "<one clear sentence>"}``."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError

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


async def _on_unexpected_error(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return JSONResponse({"detail": f"internal error ({type(exc).__name__}); see the service log"}, status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StorageError, _on_storage_error)
    app.add_exception_handler(OperationalError, _on_database_error)
    app.add_exception_handler(Exception, _on_unexpected_error)
