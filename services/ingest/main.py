"""The ingest service: ``uvicorn --factory services.ingest.main:create_app``."""

from fastapi import FastAPI

from services.ingest.api.errors import install_error_handlers
from services.ingest.api.routes import batches, documents, health, metrics
from shared.settings import Settings, get_settings
from shared.storage import Storage


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="reportflow ingest",
        summary="Upload Chinese government work reports; read back clean text, heading tree and indicators.",
        version="0.1.0",
    )
    app.state.settings = settings
    app.state.storage = Storage.from_settings(settings)
    install_error_handlers(app)
    for module in (batches, documents, metrics, health):
        app.include_router(module.router)
    return app
