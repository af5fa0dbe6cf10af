"""GET /api/catalogue: every model, loss, optimizer, schedule, activation and built-in
data set with its label, description and parameters (defaults, ranges, scales)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.api.heavy import json_response
from app.engine import catalogue as engine_catalogue
from app.schemas.catalogue import CatalogueInfo

router = APIRouter(prefix="/api", tags=["catalogue"])


@router.get("/catalogue", summary="The choices and their parameters: what the pages and the CLI are built from",
            response_model=CatalogueInfo)
def catalogue() -> Response:
    return json_response(engine_catalogue.as_json())
