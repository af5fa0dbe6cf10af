"""The pages (Jinja2, autoescaped) and plotly.js from the installed plotly package."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import NamedTuple

import plotly
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates

import app.lessons.formulas  # noqa: F401 - the derivation lesson's formulas join FORMULAS
from app.engine import catalogue
from app.engine.data.datasets import FEATURE_MAP
from app.lessons.articles import ARTICLES, article
from app.settings import Settings
from app.web.compressed import gzipped
from app.web.maths import formula
from app.web.run_maths import cases as run_cases

ROOT = Path(__file__).resolve().parents[2]
templates = Jinja2Templates(directory=ROOT / "templates")  # .html templates autoescape


class Lesson(NamedTuple):
    slug: str  # /lessons/<slug>: templates/lessons/<slug>.html and static/js/lessons/<slug>.js
    title: str
    blurb: str  # one line for the lessons' index
    articles: tuple[str, ...]  # the articles it draws on (app/lessons/articles.py), first the main one


LESSONS = [  # the order of the index and the navigation
    Lesson("derivation", "Deriving the gradient", "From the likelihood of one sample to J(θ) and its gradient "
           "1/m Σ(h − y)xⱼ, every line with your numbers, and where the derivation article's signs go wrong.",
           ("001", "003", "000")),
    Lesson("chain-rule", "Chain rule", "One sample's computation graph with your own x, w, b and y, forward and "
           "back, beside the average over all samples; a Python loop timed against np.dot.", ("003",)),
    Lesson("mse-vs-ce", "MSE vs cross-entropy", "Why a sigmoid output learns slowly under MSE: the dL/dz curves, "
           "a live race, the two surfaces and the digits experiment, measured.", ("002", "004")),
    Lesson("regression", "Regression and MSE", "Regression takes MSE, classification cross-entropy: linear "
           "regression's one bowl, where gradient descent reaches the exact answer, against the plateaus of a "
           "sigmoid under MSE.", ("002", "004")),
    Lesson("softmax-by-hand", "Softmax by hand", "Type logits and follow softmax step by step: exponentials, "
           "their sum, the shares, the one-hot target, cross-entropy, and the Jacobian collapsing to p − t.",
           ("004",)),
    Lesson("softmax", "Softmax on digits", "Ten classes at once: a softmax model trained live on digits, its "
           "weights as pictures, the confusion matrix and any sample's probabilities.", ("004", "002")),
    Lesson("nonlinearity", "Why non-linearity", "A line cannot separate circles; a hidden layer with a "
           "non-linear activation can, and a linear one collapses back to a line.", ("002",)),
    Lesson("losses", "Loss gallery", "0-1, hinge, log, squared and exponential losses of the margin; entropy, "
           "cross-entropy and KL divergence of two distributions.", ("004",)),
    Lesson("cross-entropy", "Cross-entropy pitfalls", "An ε in the log caps the loss and kills its gradient; "
           "H(p, p) is the entropy, not 0; the article's wrong derivative formulas, checked.", ("004",)),
    Lesson("activations", "Activations", "Sigmoid, tanh, ReLU and the rest with their derivatives, and how "
           "the gradient shrinks or holds through deep stacks of each.", ("002", "003")),
    Lesson("stopping", "When to stop", "The three stopping rules of gradient descent, each ending the same "
           "descent: where each stops, what it leaves, and how mini-batch noise fools one of them.", ("000",)),
]
templates.env.globals.update(formula=formula, run_cases=run_cases, lessons=LESSONS, article=article, articles=ARTICLES,
                             log10=lambda v: round(math.log10(v), 4))
templates.env.tests["contains"] = lambda seq, item: item in seq
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
    found = {lesson.slug: lesson for lesson in LESSONS}.get(slug)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no lesson called {slug!r}")
    return templates.TemplateResponse(request, f"lessons/{slug}.html", {
        "title": found.title, "slug": slug, "lesson": found, **catalogue_context(request.app.state.settings)})


@router.get("/lessons", response_class=HTMLResponse)
def lesson_index(request: Request) -> HTMLResponse:
    """Every lesson with a line on what it shows, and the articles they are built from."""
    return templates.TemplateResponse(request, "lesson_index.html", {})


@router.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request) -> HTMLResponse:
    """The saved runs: a table to sort, filter and manage, and their curves overlaid."""
    return templates.TemplateResponse(request, "runs.html", catalogue_context(request.app.state.settings))


@router.get("/vendor/plotly.min.js")
def plotly_js(request: Request) -> Response:
    """plotly.js, compressed once per process (app.web.compressed), not on every page load."""
    stat = PLOTLY_JS.stat()
    plain = FileResponse(PLOTLY_JS, media_type="text/javascript", stat_result=stat,
                         headers={"Cache-Control": "public, max-age=86400"})
    return gzipped(plain, PLOTLY_JS, stat, request.scope, request.app.state.gzip)
