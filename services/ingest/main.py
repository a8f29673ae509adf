"""The ingest service: ``uvicorn --factory services.ingest.main:create_app``."""

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from services.ingest import auth
from services.ingest.api.docs import install_redoc
from services.ingest.api.errors import install_error_handlers
from services.ingest.api.routes import (
    actions,
    batches,
    documents,
    events,
    exports,
    health,
    indicators,
    lookup,
    metric_search,
    pivot,
    prometheus,
)
from services.ingest.web import install_dashboard
from shared.settings import Settings, get_settings
from shared.storage import Storage


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    # Swagger UI and ReDoc with their JS/CSS served from the fastapi-offline package (no CDN): government
    # networks are often offline
    app = FastAPIOffline(
        redoc_url=None,  # services.ingest.api.docs serves it, with a same-origin-only policy
        title="reportflow ingest",
        summary="Upload Chinese government work reports; read back clean text, heading tree and indicators.",
        version="0.1.0",
    )
    app.state.settings = settings
    app.state.storage = Storage.from_settings(settings)
    install_error_handlers(app)
    install_redoc(app)
    for module in (batches, documents, metric_search, exports, lookup, health, events, actions, prometheus,
                   indicators, pivot):
        app.include_router(module.router)
    app.include_router(auth.router)
    install_dashboard(app)
    app.add_middleware(auth.AccessControl, settings=settings)  # outermost: before any route or handler
    return app
