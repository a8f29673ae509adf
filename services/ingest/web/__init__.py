"""The dashboard: server-rendered pages (Jinja2 templates) and a little vanilla JS, no build step."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

WEB_DIR = Path(__file__).parent


def install_dashboard(app: FastAPI) -> None:
    """Serve the pages at /, /batches/{id}, /documents/{id} and their script and style under /static."""
    from services.ingest.web.pages import router

    app.include_router(router)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
