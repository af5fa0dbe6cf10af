"""create_app(): wiring only. Routes live in app/api/routes."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.api.errors import client_gone_handler, http_error_handler, user_error_handler, validation_error_handler
from app.api.heavy import ClientGone, HeavyWork
from app.api.openapi_auth import state_security
from app.api.openapi_examples import add_examples
from app.api.routes import analysis, catalogue, datasets, live, me, saved_runs, surface, training
from app.api.security import SecurityMiddleware, SettingsContext, internal_error_handler
from app.api.uploads import Uploads
from app.capacity.fair_queue import FairQueue, pool_size
from app.capacity.slots import Slots
from app.db.store import StoreOnFirstUse
from app.engine.data.store import UploadStore
from app.engine.errors import UserError
from app.identity.cookies import IdentityCookie
from app.identity.middleware import IdentityMiddleware
from app.identity.origin import CSRF, OriginMiddleware
from app.identity.secret import secret_key
from app.jobs.service import Jobs
from app.lessons import registry as lessons
from app.schemas.limits import state_limits
from app.settings import Settings
from app.web import pages
from app.web.compressed import CompressedStaticFiles, GzipCache

DOCS_ASSETS = Path(fastapi_offline.__file__).parent / "static"  # Swagger UI from a package, no CDN


def warm_up() -> None:
    """Import scikit-learn (about 1.5 s) and run pyarrow's reader once, in the background once
    the server is up, so the first upload does not wait for them; importing the app stays
    quick (tests/test_import.py)."""
    from app.engine.data.csv_read import read_table
    from app.engine.data.datasets import split_indices
    from app.engine.data.prepare import Recipe, load_sklearn, prepare_table

    load_sklearn()
    prepare_table(read_table(b"a,b,y\n1,x,0\n2,y,1\n3,x,0\n4,y,1\n"), Recipe(), 0.25, 0, split_indices)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    threading.Thread(target=warm_up, name="gdviz-warm-up", daemon=True).start()
    yield
    app.state.jobs.stop_all()  # a job stopped here saves nothing (its run is whole or absent) and reads as failed
    app.state.runs.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(
        lifespan=lifespan,
        title="gdviz",
        summary="Gradient descent you can watch: logistic, softmax and linear regression and neural networks in "
                "NumPy, streamed live over the websocket /ws/train (its messages: /guide/reference/websocket/).",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.add_exception_handler(RequestValidationError, validation_error_handler)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error_handler)  # type: ignore[arg-type]
    app.add_exception_handler(UserError, user_error_handler)
    app.add_exception_handler(ClientGone, client_gone_handler)
    app.add_exception_handler(Exception, internal_error_handler)
    app.state.settings = settings
    app.state.runs = StoreOnFirstUse(settings)  # the database (app.db), opened at the first use
    app.state.uploads = Uploads(UploadStore(settings.data_dir), lambda: app.state.runs.get().uploads, settings)
    app.state.sessions = set()  # this worker's open websocket sessions, for /api/health
    app.state.session_people = Counter()  # whose they are: identity (or address) -> open sessions
    # the limits are server-wide: every worker holds a slot file under data_dir (app.capacity.slots)
    app.state.session_slots = Slots(settings.data_dir, "session", settings.max_sessions)
    # heavy work waits its turn in a fair queue, one lane per person, for a pool of slots (app.capacity)
    queue = FairQueue(Slots(settings.data_dir, "heavy", pool_size(settings.heavy_pool)),
                      settings.max_waiting_requests, settings.max_waiting_per_person)
    app.state.heavy = HeavyWork(queue)
    app.state.jobs = Jobs(settings, app.state.runs.get, queue)
    secret = secret_key(settings)
    app.state.identity_cookie = IdentityCookie(secret, settings.identity_days)
    # outermost last: settings, then headers and body caps, then other sites refused, then the identity
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(IdentityMiddleware, cookie=app.state.identity_cookie, cookie_secure=settings.cookie_secure)
    app.add_middleware(CSRF, secret=secret, secure=bool(settings.cookie_secure))
    app.add_middleware(OriginMiddleware, allowed=settings.allowed_origins)
    app.add_middleware(SecurityMiddleware, max_body_bytes=settings.max_body_bytes,
                       upload_path="/api/datasets", max_upload_bytes=settings.max_upload_bytes)
    app.add_middleware(SettingsContext, settings=settings)  # request schemas check these limits
    routers = [m.router for m in (catalogue, datasets, training, saved_runs, surface, live, analysis, me, pages)]
    routers += lessons.routers()  # each lesson's own routes, from its folder
    for router in routers:
        app.include_router(router)
    app.state.gzip = GzipCache()  # static text files compressed once, not per request (app.web.compressed)
    # a lesson's script and style come from its folder (app/lessons/<folder>/page.js): nothing else of it
    app.mount("/static/lessons", CompressedStaticFiles(directory=lessons.FOLDER, cache=app.state.gzip,
                                                       suffixes=lessons.ASSETS), name="lesson-assets")
    app.mount("/static", CompressedStaticFiles(directory=pages.ROOT / "static", cache=app.state.gzip), name="static")
    app.mount("/docs-assets", CompressedStaticFiles(directory=DOCS_ASSETS, cache=app.state.gzip), name="docs-assets")
    # the documentation site, as `make docs` built it (mkdocs: docs/ and mkdocs.yml); a page says so if it is not
    if settings.guide_dir.is_dir():
        app.mount("/guide", CompressedStaticFiles(directory=settings.guide_dir, cache=app.state.gzip, html=True),
                  name="guide")
    else:
        app.add_api_route("/guide/{path:path}", pages.guide_not_built, include_in_schema=False)

    default_openapi = app.openapi

    def openapi() -> dict:  # every configurable limit at its current value, who may ask, and an example each
        if app.openapi_schema is None:
            app.openapi_schema = add_examples(state_security(state_limits(default_openapi(), settings),
                                                             [r for router in routers for r in router.routes]))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/docs", include_in_schema=False)
    def swagger(request: Request) -> HTMLResponse:  # no inline script: see static/js/docs.js
        return pages.templates.TemplateResponse(request, "docs.html")

    return app
