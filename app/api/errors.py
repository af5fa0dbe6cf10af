"""Errors a client can fix, with the status and the words to show them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Route

from app.engine.errors import NotFound, TooLarge


def too_large(message: str) -> HTTPException:
    return HTTPException(status_code=413, detail=message)


# Documented in OpenAPI for every route that takes a body: every 4xx it can answer.
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    400: {"description": "The body could not be read as text at all (not UTF-8)"},
    404: {"description": "The body names a data set that does not exist"},
    413: {"description": "A size over a limit; detail names the limit"},
    422: {"description": "Invalid input or a value over a limit; detail says which"},
    503: {"description": "Busy: max_heavy_requests computations are running; retry after Retry-After seconds",
          "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait"}}},
}


async def http_error_handler(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """FastAPI's own handling, except that a 405 lists every method the path serves:
    Starlette answers from the first route that matches the path, and so would list
    only GET for a path that takes GET and POST."""
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        methods: set[str] = set()
        for route in request.app.router.routes:
            if isinstance(route, Route) and route.methods and route.path_regex.match(request.url.path):
                methods |= route.methods
        headers["Allow"] = ", ".join(sorted(methods))
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)


def describe_validation_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Pydantic's errors without the offending input (which may be NaN, huge or
    binary): location, message and type only."""
    return [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in errors]


async def user_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """gdviz's own input errors: 404 for something that does not exist, else 422, with
    their message (it says what to change). Any other exception is a bug: a logged 500."""
    status = 404 if isinstance(exc, NotFound) else 413 if isinstance(exc, TooLarge) else 422
    return JSONResponse(status_code=status, content={"detail": str(exc)})


async def client_gone_handler(request: Request, exc: Exception) -> Response:
    """The client left before its answer was ready: 499 (nginx's "client closed request"),
    which nobody receives."""
    return Response(status_code=499)


async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse(status_code=422, content={"detail": describe_validation_errors(exc.errors())})
