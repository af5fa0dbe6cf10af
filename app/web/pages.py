"""The pages (Jinja2, autoescaped) and plotly.js from the installed plotly package."""

from __future__ import annotations

from pathlib import Path

import plotly
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates

from app.api.schemas import ActivationName, FeatureId, LossName, OptimizerName, ScheduleName
from app.formulas import formula

ROOT = Path(__file__).resolve().parents[2]
templates = Jinja2Templates(directory=ROOT / "templates")  # .html templates autoescape
LESSONS = [  # slug, title: the order of the navigation
    ("mse-vs-ce", "MSE vs cross-entropy"),
    ("softmax", "Softmax on digits"),
    ("nonlinearity", "Why non-linearity"),
    ("losses", "Loss gallery"),
    ("activations", "Activations"),
    ("chain-rule", "Chain rule"),
]
templates.env.globals.update(formula=formula, lessons=LESSONS)
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


@router.get("/lessons/{slug}", response_class=HTMLResponse)
def lesson(request: Request, slug: str) -> HTMLResponse:
    titles = dict(LESSONS)
    if slug not in titles:
        raise HTTPException(status_code=404, detail=f"no lesson called {slug!r}")
    return templates.TemplateResponse(request, f"lessons/{slug}.html", {
        "title": titles[slug], "slug": slug, "optimizers": _choices(OptimizerName),
        "activations": _choices(ActivationName)})


@router.get("/vendor/plotly.min.js")
def plotly_js() -> FileResponse:
    return FileResponse(PLOTLY_JS, media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})
