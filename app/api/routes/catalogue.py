"""GET /api/catalogue: every model, loss, optimizer, schedule, activation and built-in
data set with its label, description and parameters (defaults, ranges, scales)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.engine import catalogue as engine_catalogue

router = APIRouter(prefix="/api", tags=["catalogue"])


@router.get("/catalogue", summary="The choices and their parameters: what the pages and the CLI are built from",
            response_model=dict[str, Any])
def catalogue() -> dict[str, object]:
    return engine_catalogue.as_json()
