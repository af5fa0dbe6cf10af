"""Errors a client can fix, with the status and the words to show them."""

from __future__ import annotations

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse


def unprocessable(message: str) -> HTTPException:
    return HTTPException(status_code=422, detail=message)


def too_large(message: str) -> HTTPException:
    return HTTPException(status_code=413, detail=message)


def not_found(message: str) -> HTTPException:
    return HTTPException(status_code=404, detail=message)


def over_limit(what: str, value: float, limit_name: str, limit: float, hint: str = "") -> HTTPException:
    """422 naming the setting that caps ``what`` (GDVIZ_<LIMIT> changes it)."""
    text = (f"{what} is {value:,.0f}, over the limit {limit_name}={limit:,.0f} "
            f"(set GDVIZ_{limit_name.upper()} to change it)")
    return unprocessable(text + (f"; {hint}" if hint else ""))


# Documented in OpenAPI for every route that takes a body.
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    413: {"description": "A size over a limit", "model": None},
    422: {"description": "Invalid input or a value over a limit; detail says which"},
}


def describe_validation_errors(errors: list[dict]) -> list[dict[str, object]]:
    """Pydantic's errors without the offending input (which may be NaN, huge or
    binary): location, message and type only."""
    return [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in errors]


async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse(status_code=422, content={"detail": describe_validation_errors(exc.errors())})
