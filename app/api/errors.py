"""Errors a client can fix, with the status and the words to show them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Route

from app.engine.errors import Forbidden, LimitExceeded, NeedsIdentity, NotFound, TooLarge, TooMany, for_learner


def too_large(message: str) -> HTTPException:
    return HTTPException(status_code=413, detail=message)


# Documented in OpenAPI for every route that takes a body: every 4xx it can answer.
Responses = dict[int | str, dict[str, Any]]  # a route's documented answers, as FastAPI takes them
ERROR_RESPONSES: Responses = {
    400: {"description": "The body could not be read as text at all (not UTF-8)"},
    404: {"description": "The body names a data set that does not exist"},
    413: {"description": "A size over a limit; detail names the limit"},
    422: {"description": "Invalid input or a value over a limit; detail says which"},
    503: {"description": "Busy: the fair queue of computations is full (max_waiting_requests, or "
                         "max_waiting_per_person); retry after Retry-After seconds",
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
    """gdviz's own input errors: 404 for something that does not exist (or is someone else's),
    403 for something the asker may not change, 401 without an identity, 413 for a size over a
    limit, 429 for too many of one person's at once, else 422, with their message (it says what to
    change). Past a limit, ``limit`` names the setting and ``message`` says it in a learner's words
    (what the pages show). Any other exception is a bug: a logged 500."""
    status = (404 if isinstance(exc, NotFound) else 403 if isinstance(exc, Forbidden)
              else 401 if isinstance(exc, NeedsIdentity) else 413 if isinstance(exc, TooLarge)
              else 429 if isinstance(exc, TooMany) else 422)
    content: dict[str, Any] = {"detail": str(exc)}
    if isinstance(exc, LimitExceeded | TooMany):
        content |= {"limit": exc.limit_name, "message": for_learner(exc)}
    return JSONResponse(status_code=status, content=content)


async def client_gone_handler(request: Request, exc: Exception) -> Response:
    """The client left before its answer was ready: 499 (nginx's "client closed request"),
    which nobody receives."""
    return Response(status_code=499)


async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse(status_code=422, content={"detail": describe_validation_errors(exc.errors())})
