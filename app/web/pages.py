"""The pages (Jinja2, autoescaped) and plotly.js from the installed plotly package."""

from __future__ import annotations

import json
import math
from pathlib import Path

import plotly
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates

from app.engine import catalogue
from app.engine.data.datasets import FEATURE_MAP
from app.formulas import formula
from app.settings import Settings

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
templates.env.globals.update(formula=formula, lessons=LESSONS, log10=lambda v: round(math.log10(v), 4))
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

router = APIRouter(include_in_schema=False)


PAGE_LIMITS = ("max_samples", "max_steps", "max_resolution", "max_upload_bytes")


def catalogue_context(settings: Settings) -> dict[str, object]:
    """What the pages build their menus and sliders from: the catalogue's entries and
    parameters, the running server's limits, and the same as JSON for the page's
    scripts (state, URL, controls), so a slider never offers what the server refuses."""
    limits = {name: getattr(settings, name) for name in PAGE_LIMITS}
    data = {**catalogue.as_json(), "limits": limits}
    used_by = {kind: {p.name: [e.name for e in entries if p in e.params] for p in catalogue.params(kind)}
               for kind, entries in catalogue.entries().items()}
    return {"catalogue": catalogue.entries(), "params": data["params"], "used_by": used_by, "limits": limits,
            # inside <script type="application/json">: no "<", so no "</script>" can end it early
            "catalogue_json": json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")}


@router.get("/", response_class=HTMLResponse)
def playground(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "playground.html", {
        **catalogue_context(request.app.state.settings), "features": list(FEATURE_MAP)})


@router.get("/lessons/{slug}", response_class=HTMLResponse)
def lesson(request: Request, slug: str) -> HTMLResponse:
    titles = dict(LESSONS)
    if slug not in titles:
        raise HTTPException(status_code=404, detail=f"no lesson called {slug!r}")
    return templates.TemplateResponse(request, f"lessons/{slug}.html", {
        "title": titles[slug], "slug": slug, **catalogue_context(request.app.state.settings)})


@router.get("/vendor/plotly.min.js")
def plotly_js() -> FileResponse:
    return FileResponse(PLOTLY_JS, media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})
