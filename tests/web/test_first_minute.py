"""A new user's first minute in real Chromium (issue 27): Play and its keys work from the moment
they show, the menus show the link's choices before any script runs, and the default pace shows
learning."""

from __future__ import annotations

import pytest

from tests.web.helpers import wait_for
from tests.web.layout import SIZES

RUNNING = ("window.gdviz && window.gdviz.runs.length && window.gdviz.runs[0].state === 'running' "
           "&& window.gdviz.runs[0].last.step > 0")


def held(page, pattern: str) -> list:
    """Requests for ``pattern`` held back until the test lets them go (route.continue_())."""
    waiting: list = []
    page.route(pattern, lambda route: waiting.append(route))
    return waiting


def release(page, waiting: list, pattern: str) -> None:
    for route in waiting:
        route.continue_()
    page.unroute(pattern)


@pytest.mark.parametrize("press", ["click", "space"])
def test_play_pressed_before_any_module_has_loaded_starts_the_run(guarded, live_server, press):
    """The page's modules are held back: the press is taken by early.js and carried out when
    the run exists."""
    waiting = held(guarded, "**/static/js/kit.js")
    guarded.goto(live_server + "/", wait_until="commit")
    wait_for(guarded, "Array.isArray(window.gdvizEarly)")
    if press == "click":
        guarded.click("#play")
    else:
        guarded.keyboard.press("Space")
    assert guarded.text_content("#play") == "Pause"  # it says at once what it will do
    assert guarded.evaluate("window.gdvizEarly") == ["toggle"]
    assert guarded.evaluate("window.gdviz === undefined")  # nothing else has run yet
    release(guarded, waiting, "**/static/js/kit.js")
    wait_for(guarded, RUNNING)
    wait_for(guarded, "document.getElementById('play').textContent === 'Pause'")


def test_presses_while_the_data_loads_are_carried_out_in_order(guarded, live_server):
    """The modules are in but the runs wait for the data sets' list: Step 1 three times, then
    Play and Pause, leave the run paused at step 3."""
    waiting = held(guarded, "**/api/datasets")
    guarded.goto(live_server + "/", wait_until="commit")
    wait_for(guarded, "window.gdviz && window.gdvizEarly.taken")
    assert guarded.evaluate("window.gdviz.runs.length") == 0
    for _ in range(3):
        guarded.click("#step1")
    guarded.keyboard.press("Space")
    guarded.keyboard.press("Space")
    release(guarded, waiting, "**/api/datasets")
    wait_for(guarded, "window.gdviz.runs.length && window.gdviz.runs[0].last && window.gdviz.runs[0].last.step === 3")
    assert guarded.evaluate("window.gdviz.runs[0].state") == "paused"
    assert guarded.text_content("#play") == "Play"


def test_the_menus_show_the_link_before_any_script_runs(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport=SIZES["desktop"])
    page = context.new_page()
    page.goto(live_server + "/?dataset=moons&model=mlp&loss=mse&optimizer=adam&batch=mini&activation=relu"
                            "&schedule=step&surface=pca")
    values = page.evaluate("['dataset', 'model', 'loss', 'optimizer', 'batch', 'net-activation', 'schedule',"
                           " 'surface-mode'].map(id => document.getElementById(id).value)")
    assert values == ["moons", "mlp", "mse", "adam", "mini", "relu", "step", "pca"]
    page.goto(live_server + "/?dataset=nonsense&model=<b>&optimizer=adam")  # unknown: the defaults, escaped
    assert page.evaluate("[document.getElementById('dataset').value, document.getElementById('model').value,"
                         " document.getElementById('optimizer').value]") == ["blobs", "logistic", "adam"]
    context.close()


def test_a_linked_page_never_shows_other_menus_while_it_loads(guarded, live_server):
    """Sampled from the first paint until the run is ready, the menus say moons and a network."""
    guarded.goto(live_server + "/?dataset=moons&model=mlp", wait_until="commit")
    seen = set()
    while not guarded.evaluate("!!(window.gdviz && window.gdviz.runs.length && window.gdviz.runs[0].last)"):
        seen.add(guarded.evaluate("(document.getElementById('dataset') || {}).value + '/' "
                                  "+ (document.getElementById('model') || {}).value"))
    seen.discard("undefined/undefined")  # before the menus were parsed
    assert seen <= {"moons/mlp"}


def test_the_3d_view_loads_the_full_plotly_only_when_asked(guarded, live_server, artifacts):
    """Pages start with the cartesian bundle; the 3-D surface brings the full one for its own plot,
    and back in 2-D the page's own draws the contour again."""
    bundles = "[...document.scripts].map(s => s.getAttribute('src') || '').filter(s => s.startsWith('/vendor/'))"
    surface = "document.getElementById('surface-plot')"
    guarded.set_viewport_size(SIZES["desktop"])
    guarded.goto(live_server + "/")
    wait_for(guarded, f"({surface}.data || []).some(t => t.type === 'contour')")
    assert guarded.evaluate(bundles) == ["/vendor/plotly-cartesian.min.js"]
    guarded.click("#group-view summary")
    guarded.check("#view3d")
    wait_for(guarded, f"({surface}.data || []).some(t => t.type === 'mesh3d')")
    assert guarded.evaluate(bundles) == ["/vendor/plotly-cartesian.min.js", "/vendor/plotly.min.js"]
    assert guarded.evaluate(f"!!{surface}.gdvizPlotly && {surface}.gdvizPlotly !== window.Plotly")
    guarded.screenshot(path=str(artifacts / "surface-3d.png"))
    guarded.uncheck("#view3d")
    wait_for(guarded, f"({surface}.data || []).some(t => t.type === 'contour') && !{surface}.gdvizPlotly")
    guarded.click("#step10")  # the 2-D plot goes on updating with the page's plotly.js
    wait_for(guarded, "window.gdviz.runs[0].last.step === 10 && window.gdviz.surface.step === 10")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_pace_menu_is_in_the_run_bar_and_speeds_up_by_default(playground, artifacts, size):
    page = playground()
    page.evaluate("document.querySelectorAll('details.group').forEach(d => d.open = false)")
    page.set_viewport_size(SIZES[size])
    assert page.input_value("#pace") == "rising"
    assert page.evaluate("!!document.querySelector('#run #pace')")  # in the run bar, not a settings group
    page.click("#play")
    wait_for(page, "window.gdviz.runs[0].config && window.gdviz.runs[0].config.pace === 'rising'"
                   " && window.gdviz.runs[0].last.step >= 100")
    page.select_option("#pace", "10")
    wait_for(page, "window.gdviz.runs[0].config.pace === 'steady' && window.gdviz.runs[0].config.speed === 10")
    assert "pace=steady" in page.url and "speed=10" in page.url
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(artifacts / f"run-bar-pace-{size}.png"))
