"""What the OpenAPI schema says about identities, beyond what FastAPI writes from the routes.

* A route that needs an identity (app.api.deps ``Me``) lists the two ways to show one, the
  token and the browser's cookie, as FastAPI writes them. A route where one is optional
  (``MaybeMe``: the built-in data sets need none) also lists ``{}``, "no credentials", so a
  client (and schemathesis) knows an anonymous request is served.
* Every operation may answer 401: a bearer token that is revoked or mistyped is refused by
  app.identity.middleware before any route runs.
* Every operation that changes state may answer 403: another site's request (app.identity.origin),
  a cookie without the page's CSRF token, or a change to someone else's saved run.
"""

from __future__ import annotations

from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from app.api.deps import me

UNAUTHORIZED = {"description": "No identity where one is needed, or a bearer token that is not valid"}
FORBIDDEN = {"description": "Another site's request, a browser's cookie without the page's CSRF token, or "
                            "someone else's work"}
SAFE = {"get", "head", "options"}


def _needs(dependant: Dependant) -> bool:
    return any(d.call is me or _needs(d) for d in dependant.dependencies)


def state_security(openapi: dict[str, Any], routes: list[BaseRoute]) -> dict[str, Any]:
    required = {(route.path_format, method.lower()) for route in routes if isinstance(route, APIRoute)
                for method in route.methods or () if _needs(route.dependant)}
    for path, operations in openapi.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            responses.setdefault("401", UNAUTHORIZED)
            if method not in SAFE:
                responses.setdefault("403", FORBIDDEN)
            if operation.get("security") and (path, method) not in required:
                operation["security"] = [*operation["security"], {}]
    return openapi
