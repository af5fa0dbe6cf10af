"""The architecture, checked: imports run one way (web and api on top, the engine at
the bottom), only the web layers speak HTTP, and only gdviz's own errors become 4xx."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"
STATIC_JS = APP.parent / "static" / "js"
JS_FILES = sorted([*STATIC_JS.rglob("*.js"), *(APP / "lessons").rglob("*.js")])  # a lesson's script is in its folder
JS_MAX_LINES = 250
MAX_LINES = 300  # a Python module of app/ or a template: past it, it holds more than one thing
TEMPLATES = sorted([*(APP.parent / "templates").rglob("*.html"), *(APP / "lessons").rglob("*.html")])
WEB_LAYERS = ("app.api", "app.web", "app.main", "app.identity.middleware", "app.identity.origin")
LESSON_WEB_MODULES = ("routes",)  # of a lesson's modules, only its routes speak HTTP


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(APP.parent).with_suffix("").parts)


MODULES = {module_name(p): imports(p) for p in APP.rglob("*.py")}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_only_the_web_layers_import_fastapi_or_starlette(module):
    if module.startswith(WEB_LAYERS) or (module.startswith("app.lessons.") and module.endswith(LESSON_WEB_MODULES)):
        return
    assert not {m for m in MODULES[module] if m.split(".")[0] in ("fastapi", "starlette")}, module


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("app.engine")))
def test_the_engine_imports_nothing_above_it(module):
    above = {m for m in MODULES[module] if m.startswith("app.") and not m.startswith("app.engine")}
    web = {m for m in MODULES[module] if m.split(".")[0] in ("pydantic", "pydantic_settings", "fastapi")}
    assert not above and not web, (module, above | web)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("app.lessons.") and m.endswith(".maths")))
def test_a_lessons_maths_is_pure_like_the_engine(module):
    """A lesson's maths.py imports the engine and NumPy, never the web, the schemas or another lesson."""
    above = {m for m in MODULES[module] if m.startswith("app.") and not m.startswith("app.engine")}
    web = {m for m in MODULES[module] if m.split(".")[0] in ("pydantic", "pydantic_settings", "fastapi")}
    assert not above and not web, (module, above | web)


def test_the_api_does_not_import_the_web_pages_and_the_pages_not_the_api():
    for module, found in MODULES.items():
        if module.startswith("app.api"):
            assert not any(m.startswith("app.web") for m in found), module
        if module.startswith("app.web"):
            assert not any(m.startswith("app.api") for m in found), module


def test_a_bug_is_a_500_without_a_stack_trace_not_a_422(settings, monkeypatch):
    from fastapi.testclient import TestClient

    import app.api.routes.training as training
    from app.main import create_app

    def broken(*args, **kwargs):
        raise ValueError("operands could not be broadcast together")  # a NumPy bug, not bad input
    monkeypatch.setattr(training, "build_trainer", broken)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        answer = client.post("/api/train", json={})
    assert answer.status_code == 500
    assert answer.json() == {"detail": "internal server error; it has been logged"}


@pytest.mark.parametrize("path", JS_FILES, ids=lambda p: str(p.relative_to(APP.parent)))
def test_a_page_module_stays_small_and_holds_no_mutable_state(path):
    """Views own their state: no module-level let or var, and no module over ~250 lines."""
    lines = path.read_text().splitlines()
    assert len(lines) <= JS_MAX_LINES
    assert [line for line in lines if line.startswith(("let ", "var "))] == []


@pytest.mark.parametrize("path", [*sorted(APP.rglob("*.py")), *TEMPLATES], ids=lambda p: str(p.relative_to(APP.parent)))
def test_no_module_or_template_holds_more_than_one_thing(path):
    """At most MAX_LINES lines: a longer one is split by what it holds (issue 25 found eight)."""
    assert len(path.read_text().splitlines()) <= MAX_LINES
