"""The lessons, found by their folders. A lesson is one folder of app/lessons whose __init__.py
declares ``LESSON``, beside its files:

    maths.py      its own computations (pure NumPy: nothing from the web, like the engine)
    schemas.py    its requests and answers on the wire (pydantic)
    routes.py     its REST routes, under /api/lessons (an APIRouter called ``router``)
    formulas.py   its formulas (LaTeX) and their numbers as MathML, where it has its own
    page.html     its page (extends templates/lesson.html; served at /lessons/<slug>)
    page.js       its script: views that own their state, on the lesson-page base (static/js/lesson.js)
    page.css      its own style, where it has one

Only LESSON is required. The lessons' index, the navigation, the API's routes and the tests'
per-lesson parametrisation are all built from LESSONS, in ``order``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).parent
ASSETS = (".js", ".css")  # what /static/lessons/<folder>/ serves of a lesson's folder: nothing else


@dataclass(frozen=True)
class Lesson:
    """One lesson: ``slug`` in its URL, its title, a line for the index (``blurb``), the articles it
    draws on (app/lessons/articles.py; the main one first), its place in the index (``order``) and
    its own formulas by name (LaTeX, for ``formula()`` in its page). The registry fills in its folder
    and whether it has routes and a style of its own."""

    slug: str
    title: str
    blurb: str
    articles: tuple[str, ...]
    order: int
    formulas: Mapping[str, str] = field(default_factory=dict)
    folder: str = ""  # the package's name: app/lessons/<folder>/
    has_routes: bool = False
    has_style: bool = False

    @property
    def template(self) -> str:
        return f"{self.folder}/page.html"

    @property
    def script(self) -> str:
        return f"/static/lessons/{self.folder}/page.js"

    @property
    def style(self) -> str | None:
        return f"/static/lessons/{self.folder}/page.css" if self.has_style else None


def _found() -> list[Lesson]:
    found = []
    for module in pkgutil.iter_modules([str(FOLDER)]):
        if not module.ispkg:
            continue
        lesson = getattr(importlib.import_module(f"app.lessons.{module.name}"), "LESSON", None)
        if isinstance(lesson, Lesson):
            here = FOLDER / module.name
            found.append(replace(lesson, folder=module.name, has_routes=(here / "routes.py").exists(),
                                 has_style=(here / "page.css").exists()))
    return sorted(found, key=lambda lesson: (lesson.order, lesson.slug))


LESSONS = _found()
BY_SLUG = {lesson.slug: lesson for lesson in LESSONS}


def routers() -> list[Any]:
    """Every lesson's REST routes, each an APIRouter (imported here, not when the registry is: the
    registry speaks no HTTP, and the pages need no routes)."""
    return [importlib.import_module(f"app.lessons.{lesson.folder}.routes").router
            for lesson in LESSONS if lesson.has_routes]


def formulas() -> dict[str, str]:
    """Every lesson's own formulas, by name."""
    merged: dict[str, str] = {}
    for lesson in LESSONS:
        merged.update(lesson.formulas)
    return merged
