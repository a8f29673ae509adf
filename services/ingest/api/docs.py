"""/redoc served offline: ReDoc's script comes from the fastapi-offline package (as Swagger UI's at /docs), and
a Content-Security-Policy keeps its one remaining outside request (the "by Redocly" logo, which hides itself
when it cannot load) from leaving the machine."""

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html
from fastapi.responses import HTMLResponse

STATIC = "/static-offline-docs"  # where fastapi_offline mounts its assets
SAME_ORIGIN_ONLY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " \
                   "script-src 'self' 'unsafe-inline'; worker-src 'self' blob:"


def install_redoc(app: FastAPI) -> None:
    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        page = get_redoc_html(openapi_url=f"{root}{app.openapi_url}", title=f"{app.title} - ReDoc",
                              redoc_js_url=f"{root}{STATIC}/redoc.standalone.js",
                              redoc_favicon_url=f"{root}{STATIC}/favicon.png", with_google_fonts=False)
        page.headers["Content-Security-Policy"] = SAME_ORIGIN_ONLY
        return page
