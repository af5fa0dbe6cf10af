"""The lessons are their folders: the registry finds each, and the index, the navigation, the API's
routes, the assets served and these tests are built from it."""

import json

import pytest

from app.lessons.articles import ARTICLES
from app.lessons.registry import FOLDER, LESSONS
from app.main import create_app
from tests.factories import reject_constant

FOLDERS = sorted(p.name for p in FOLDER.iterdir() if (p / "__init__.py").exists())


def test_every_lesson_folder_is_a_lesson_with_a_page_and_a_script():
    assert sorted(lesson.folder for lesson in LESSONS) == FOLDERS
    assert len({lesson.slug for lesson in LESSONS}) == len({lesson.order for lesson in LESSONS}) == len(LESSONS)
    for lesson in LESSONS:
        assert (FOLDER / lesson.folder / "page.html").exists() and (FOLDER / lesson.folder / "page.js").exists()
        assert lesson.articles and set(lesson.articles) <= set(ARTICLES), lesson.slug
        assert lesson.has_routes == (FOLDER / lesson.folder / "routes.py").exists()


def test_the_index_and_every_lesson_list_every_lesson_in_order(client):
    index = client.get("/lessons").text
    places = [index.index(f'href="/lessons/{lesson.slug}"') for lesson in LESSONS]
    assert places == sorted(places)
    for lesson in LESSONS:
        page = client.get(f"/lessons/{lesson.slug}").text
        assert f'<script type="module" src="/static/lessons/{lesson.folder}/page.js">' in page
        assert all(f'href="/lessons/{other.slug}"' in page for other in LESSONS if other is not lesson)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_a_lessons_script_and_style_are_served_and_nothing_else_of_its_folder(client, lesson):
    script = client.get(lesson.script)
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    if lesson.style:
        assert client.get(lesson.style).headers["content-type"].startswith("text/css")
    for other in ("__init__.py", "page.html", "maths.py", "routes.py", "../registry.py", "../../main.py"):
        assert client.get(f"/static/lessons/{lesson.folder}/{other}").status_code == 404, other


def lesson_routes() -> list[tuple[str, set[str]]]:
    paths = create_app().openapi()["paths"]
    return [(path, {m.upper() for m in ops}) for path, ops in paths.items() if path.startswith("/api/lessons")]


def test_every_lesson_with_routes_is_in_the_api():
    """A lesson's routes are its folder's routes.py, included by create_app from the registry."""
    found = {path for path, _ in lesson_routes()}
    assert len(found) >= 20 and "/api/lessons/vectorised" in found


@pytest.mark.parametrize("path", sorted(p for p, methods in lesson_routes() if "GET" in methods))
def test_every_fixed_curve_answers_finite_json(client, path):
    answer = client.get(path)
    assert answer.status_code == 200
    json.loads(answer.text, parse_constant=reject_constant)
