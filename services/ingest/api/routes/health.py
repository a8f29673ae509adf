"""Is the service able to work: database, broker and object store each checked."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from kombu import Connection
from sqlalchemy import text

from services.ingest.api.deps import SessionDep, SettingsDep, StorageDep
from services.ingest.api.schemas import Health
from shared import broker, reconciler

router = APIRouter(tags=["health"])


def _check_database(session) -> None:
    session.execute(text("SELECT 1"))


def _check_broker(url: str) -> None:
    with Connection(url, connect_timeout=3) as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=3)


def _quietly(read):
    """A figure for the answer; its absence (None) is no reason to fail the health check."""
    try:
        return read()
    except Exception:
        return None


@router.get("/healthz", response_model=Health, responses={503: {"model": Health}})
def healthz(session: SessionDep, storage: StorageDep, settings: SettingsDep) -> JSONResponse:
    checks = {
        "database": lambda: _check_database(session),
        "broker": lambda: _check_broker(settings.BROKER_URL),
        "storage": storage.check,
    }
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # each check reports its own failure; the answer lists them all
            results[name] = f"{type(exc).__name__}: {exc}"
    healthy = all(result == "ok" for result in results.values())
    body = Health(status="ok" if healthy else "unavailable", checks=results,
                  backlog=_quietly(lambda: broker.backlog(settings.BROKER_URL)) if results["broker"] == "ok" else None,
                  reconciler=_quietly(lambda: reconciler.status(session)) if results["database"] == "ok" else None)
    return JSONResponse(body.model_dump(), status_code=200 if healthy else 503)
