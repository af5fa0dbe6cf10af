"""The documentation site (docs/, mkdocs.yml): built with --strict, served at /guide/ offline under the
app's Content-Security-Policy, its REST reference generated from the app's own OpenAPI schema,
every limit the docs state equal to the setting's default, and every count and page constant the
user guide states the app's."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.settings import Settings
from tests.conftest import ROOT, serve
from tests.web.helpers import wait_for
from tests.web.layout import SIZES

GUIDE = ROOT / "docs" / "guide"
STATED = re.compile(r"`(max_[a-z_]+)` \(([0-9][0-9,.e]*)\)")  # `max_steps` (100,000), as the guide writes a limit
ROW = re.compile(r"^\| `(max_[a-z_]+)` \| `GDVIZ_([A-Z_]+)` \| ([0-9][0-9,.e]*) \|", re.M)


def number(text: str) -> float:
    return float(text.replace(",", ""))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The site built as make test builds it (--strict: a broken link or a missing page fails here)."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


def test_every_limit_the_guide_states_is_the_settings_default():
    defaults = Settings().model_dump()
    table = ROW.findall((GUIDE / "limits.md").read_text())
    assert {name for name, _, _ in table} == {name for name in defaults if name.startswith("max_")}
    for name, variable, value in table:
        assert variable == name.upper() and number(value) == defaults[name], name
    stated = [(page.name, name, value) for page in (ROOT / "docs").rglob("*.md")
              for name, value in STATED.findall(page.read_text())]
    assert len(stated) >= 10
    for page, name, value in stated:
        assert name in defaults and number(value) == defaults[name], (page, name, value)


# (the guide's words, the code's constant): each number the user guide gives about the pages is theirs
IN_THE_CODE = [
    (r"in at most ([\d,]+) points", "static/js/plots.js", r"MAX_POINTS = ([\d_]+)"),
    (r"up to (five million)\s+numbers", "static/js/live.js", r"maxValues = ([\d_]+)"),
    (r"at most ([\d,]+) training rows", "static/js/playground/surface.js", r"const ROWS = ([\d_]+)"),
    (r"up to (four) runs", "static/js/playground/race.js", r"MAX_RUNNERS = ([\d_]+)"),
]
WORDS = {"four": 4, "five million": 5_000_000}


@pytest.mark.parametrize(("words", "source", "constant"), IN_THE_CODE)
def test_each_number_the_playground_guide_states_is_the_codes(words, source, constant):
    stated = re.search(words, (GUIDE / "playground.md").read_text()).group(1)
    value = WORDS.get(stated) or number(stated)
    assert value == number(re.search(constant, (ROOT / source).read_text()).group(1).replace("_", ""))


def test_the_counts_the_playground_guide_states_are_the_apps():
    """Numbers the guide gives about what the app offers are counted from the app, not remembered."""
    from app.engine.data.sets import REGISTRY as SETS
    from app.web.run_maths import RUN_CASES

    text = (GUIDE / "playground.md").read_text()
    assert re.search(r"\((\d+) cases,", text).group(1) == str(len(RUN_CASES))
    assert all(s.formula for s in SETS.values())  # "each built-in set's formula"


def test_the_rest_reference_lists_every_route_of_the_app(site, client):
    reference = (site / "reference" / "rest" / "index.html").read_text()
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        for method in operations:
            assert f"{method.upper()} {path}" in reference.replace("<code>", "").replace("</code>", ""), (method, path)


def test_the_site_loads_nothing_from_elsewhere(site):
    for page in site.rglob("*.html"):
        text = page.read_text()
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', text), page
        assert "<script>" not in text, page  # no inline script: the app's policy would block it


def test_the_guide_is_served_and_reads_offline_under_the_policy(site, guarded, tmp_path, artifacts):
    with serve(tmp_path, {"GDVIZ_GUIDE_DIR": str(site)}) as (url, _, _):
        for size in ("desktop", "phone"):
            guarded.set_viewport_size(SIZES[size])
            guarded.goto(f"{url}/guide/")
            wait_for(guarded, "document.querySelector('.md-content h1')")
            assert guarded.text_content(".md-content h1").strip().rstrip("¶") == "gdviz"
            guarded.screenshot(path=str(artifacts / f"guide-{size}.png"), full_page=False)
        guarded.goto(f"{url}/guide/guide/limits/")
        assert "max_steps" in guarded.text_content(".md-content")


def test_without_a_built_site_the_guide_says_how_to_build_it(tmp_path):
    from fastapi.testclient import TestClient

    from app.main import create_app
    with TestClient(create_app(Settings(data_dir=tmp_path, guide_dir=tmp_path / "nowhere"))) as client:
        answer = client.get("/guide/")
    assert answer.status_code == 404 and "make docs" in answer.text
