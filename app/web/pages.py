"""The pages (Jinja2, autoescaped) and plotly.js from the installed plotly package."""

from __future__ import annotations

from pathlib import Path

import plotly
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates

from app.api.schemas import FeatureId, LossName, OptimizerName, ScheduleName

ROOT = Path(__file__).resolve().parents[2]
templates = Jinja2Templates(directory=ROOT / "templates")  # .html templates autoescape
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

router = APIRouter(include_in_schema=False)


def _choices(literal: object) -> list[str]:
    return list(literal.__args__)  # type: ignore[attr-defined]


@router.get("/", response_class=HTMLResponse)
def playground(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "playground.html", {
        "optimizers": _choices(OptimizerName), "schedules": _choices(ScheduleName),
        "losses": _choices(LossName), "features": _choices(FeatureId),
    })


@router.get("/vendor/plotly.min.js")
def plotly_js() -> FileResponse:
    return FileResponse(PLOTLY_JS, media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})
