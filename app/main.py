"""create_app(): wiring only. Routes live in app/api/routes."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from app.api.errors import validation_error_handler
from app.api.routes import datasets, lessons, live, surface, training
from app.settings import Settings
from app.storage import UploadStore
from app.web import pages

DOCS_ASSETS = Path(fastapi_offline.__file__).parent / "static"  # Swagger UI and ReDoc, no CDN


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(
        title="gdviz",
        summary="Gradient descent you can watch: logistic and softmax regression in NumPy, streamed live.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.state.settings = settings
    app.state.store = UploadStore(settings.data_dir)
    app.state.sessions = set()  # the open websocket sessions, for /api/health
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    for module in (datasets, training, surface, live, lessons, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=pages.ROOT / "static"), name="static")
    app.mount("/docs-assets", StaticFiles(directory=DOCS_ASSETS), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url, title="gdviz API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon.png",
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url=app.openapi_url, title="gdviz API",
                              redoc_js_url="/docs-assets/redoc.standalone.js",
                              redoc_favicon_url="/docs-assets/favicon.png", with_google_fonts=False)

    return app
