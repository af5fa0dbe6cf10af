"""The pages (Jinja2, autoescaped) and plotly.js from the installed plotly package."""

from __future__ import annotations

import json
import math
from pathlib import Path

import plotly
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from app.engine import catalogue
from app.engine.data.datasets import FEATURE_MAP
from app.engine.scenarios import SCENARIOS
from app.lessons import registry as lessons
from app.lessons.articles import ARTICLES, article
from app.settings import Settings
from app.web.compressed import gzipped
from app.web.linked import chooser, linked_choices
from app.web.mathml import FORMULAS as SHARED_FORMULAS
from app.web.mathml import mathml
from app.web.modules import module_graph
from app.web.run_maths import cases as run_cases
from app.web.run_maths import data_cases

ROOT = Path(__file__).resolve().parents[2]
# .html templates autoescape; a lesson's page.html is found in its folder, as "<folder>/page.html"
templates = Jinja2Templates(env=Environment(loader=FileSystemLoader([ROOT / "templates", lessons.FOLDER]),
                                            autoescape=True))


FORMULAS = {**SHARED_FORMULAS, **lessons.formulas()}  # the articles' shared formulas, then each lesson's own


def formula(name: str, block: bool = True) -> Markup:
    """A formula by name as MathML: a Jinja global of every page."""
    return mathml(FORMULAS[name], block)


templates.env.globals.update(formula=formula, run_cases=run_cases, data_cases=data_cases, lessons=lessons.LESSONS,
                             article=article, articles=ARTICLES, log10=lambda v: round(math.log10(v), 4))
templates.env.globals["imports"] = lambda url: module_graph(url, ROOT / "static")
templates.env.tests["contains"] = lambda seq, item: item in seq
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
# The cartesian bundle (contour, heatmap, scatter: every 2-D plot gdviz draws), 1.5 MB against the full
# 4.8 MB, pinned by package-lock.json and installed by make (npm ci). The 3-D view loads the full one.
PLOTLY_CARTESIAN_JS = ROOT / "node_modules" / "plotly.js-cartesian-dist-min" / "plotly-cartesian.min.js"

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
    chosen = linked_choices(request.query_params)
    return templates.TemplateResponse(request, "playground.html", {
        **catalogue_context(request.app.state.settings), "features": list(FEATURE_MAP), "chosen": chosen,
        "scenarios": SCENARIOS,
        "chose": chooser(chosen)})


@router.get("/lessons/{slug}", response_class=HTMLResponse)
def lesson(request: Request, slug: str) -> HTMLResponse:
    found = lessons.BY_SLUG.get(slug)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no lesson called {slug!r}")
    return templates.TemplateResponse(request, found.template, {
        "title": found.title, "slug": slug, "lesson": found, **catalogue_context(request.app.state.settings)})


@router.get("/lessons", response_class=HTMLResponse)
def lesson_index(request: Request) -> HTMLResponse:
    """Every lesson with a line on what it shows, and the articles they are built from."""
    return templates.TemplateResponse(request, "lesson_index.html", {})


@router.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request) -> HTMLResponse:
    """The saved runs: a table to sort, filter and manage, and their curves overlaid."""
    return templates.TemplateResponse(request, "runs.html", catalogue_context(request.app.state.settings))


@router.get("/me", response_class=HTMLResponse)
def me_page(request: Request) -> HTMLResponse:
    """You: your name, a one-time link to carry your identity to another browser, your tokens."""
    return templates.TemplateResponse(request, "me.html", {})


@router.get("/claim/{code}", response_class=HTMLResponse)
def claim_page(request: Request, code: str) -> HTMLResponse:
    """A transfer link opened: asks before this browser takes the identity (a POST does it)."""
    return templates.TemplateResponse(request, "claim.html", {"code": code[:100]})


def guide_not_built(request: Request, path: str = "") -> HTMLResponse:
    """/guide/ when the documentation site has not been built (make docs builds it; make run does too)."""
    return templates.TemplateResponse(request, "guide_missing.html", status_code=404)


def script(request: Request, path: Path) -> Response:
    """A vendored script, compressed once per process (app.web.compressed), not on every page load."""
    stat = path.stat()
    plain = FileResponse(path, media_type="text/javascript", stat_result=stat,
                         headers={"Cache-Control": "public, max-age=86400"})
    return gzipped(plain, path, stat, request.scope, request.app.state.gzip)


@router.get("/vendor/plotly.min.js")
def plotly_js(request: Request) -> Response:
    """plotly.js, every trace type: the 3-D view's."""
    return script(request, PLOTLY_JS)


@router.get("/vendor/plotly-cartesian.min.js")
def plotly_cartesian_js(request: Request) -> Response:
    """plotly.js's cartesian bundle, which every page starts with; the full one where make has not
    installed it (a checkout run without make: slower to start, the same plots)."""
    return script(request, PLOTLY_CARTESIAN_JS if PLOTLY_CARTESIAN_JS.exists() else PLOTLY_JS)
