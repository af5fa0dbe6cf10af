"""The playground's first five minutes, measured in real Chromium: what is on the first screen at
1440x900 and on a 390-px phone, no sideways scroll, plots whose legends and labels do not
collide, axe-core, the loading sign before any script has run, the keyboard, and the live
readouts that follow a race."""

from __future__ import annotations

import pytest

from tests.web.helpers import next_frames, wait_for
from tests.web.layout import (
    SIZES,
    box,
    outside_first_screen,
    plot_collisions,
    serious_accessibility_violations,
    sideways_scroll,
)

FIRST_SCREEN = {  # what must be seen without scrolling
    "desktop": ["#play", "#step1", "#reset", "#lr", "#pace", "#dataset", "#model", "#loss", "#optimizer",
                "#surface-plot",
                "#loss-plot", "#grad-plot", "#boundary-plot"],
    "phone": ["#play", "#lr", "#pace", "#surface-plot"],
}
RACE = "?race=adam:0.05,rmsprop:0.02,momentum:0.1"  # four runners: the legends at their fullest
DRAWN = ("['surface-plot', 'boundary-plot', 'loss-plot', 'grad-plot', 'params-plot'].every(id => "
         "document.getElementById(id).classList.contains('js-plotly-plot')) && window.gdviz.surface !== null")


def open_at(guarded, live_server, size: str, query: str = ""):
    guarded.set_viewport_size(SIZES[size])
    guarded.goto(live_server + "/" + query)
    wait_for(guarded, "window.gdviz && window.gdviz.runs.length && window.gdviz.runs.every(r => r.last)")
    return guarded


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_first_screen_holds_the_run_the_choices_and_the_plots(guarded, live_server, artifacts, size):
    page = open_at(guarded, live_server, size, RACE)
    for run in range(4):  # some steps, so every curve and legend has something to show
        page.evaluate(f"window.gdviz.runs[{run}].step(30)")
    wait_for(page, "window.gdviz.runs.every(r => r.last.step === 30) && " + DRAWN)
    if size == "desktop":  # a phone draws a plot when it scrolls into view
        wait_for(page, "document.getElementById('loss-plot').data[0].x.length > 1")
    next_frames(page, 3)
    assert outside_first_screen(page, FIRST_SCREEN[size]) == []
    assert sideways_scroll(page) == []
    assert plot_collisions(page) == []
    if size == "desktop":  # the plots' row ends on the screen: nothing is cut at the fold
        bottom = page.evaluate("Math.max(...[...document.querySelectorAll('.plot')].filter(p => p.offsetParent)"
                               ".map(p => p.getBoundingClientRect().bottom))")
        assert bottom <= 900
        tops = page.evaluate("[...document.querySelectorAll('#run .toolbar > :not(.spacer)')]"
                             ".filter(e => e.offsetParent).map(e => e.getBoundingClientRect().top)")
        assert max(tops) - min(tops) < 10  # the run bar on one line, "Keys ?" included, in a race of four
    race = page.locator("#race-readout").bounding_box()  # every column of the race's table on the screen
    assert race["x"] + race["width"] <= SIZES[size]["width"]
    assert page.evaluate("(t => t.scrollWidth <= t.clientWidth + 1)(document.getElementById('race-readout'))")
    page.screenshot(path=str(artifacts / f"first-screen-race-{size}.png"))


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_no_serious_accessibility_violation_and_no_sideways_scroll(guarded, live_server, size):
    problems = {}
    for query in ["", "?dataset=moons&model=mlp&layers=2", "?dataset=line"]:  # each a fresh load, in one
        page = open_at(guarded, live_server, size, query)  # tab: the scripts come from its cache
        wait_for(page, DRAWN)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # every control counts
        next_frames(page, 2)
        found = {"axe": serious_accessibility_violations(page), "sideways scroll": sideways_scroll(page)}
        problems.update({f"{query or 'the defaults'}: {kind}": each for kind, each in found.items() if each})
    assert problems == {}


def test_controls_and_a_loading_sign_come_before_any_script(browser, live_server, artifacts):
    """With scripts off the page is what the first paint shows: the controls, the data-set menu
    filled from the catalogue, and a loading sign in every plot's frame (none blank)."""
    context = browser.new_context(java_script_enabled=False, viewport=SIZES["desktop"])
    page = context.new_page()
    page.goto(live_server + "/")
    assert outside_first_screen(page, ["#play", "#lr", "#dataset", "#surface-plot", "#loss-plot"]) == []
    assert page.locator("#dataset option").count() >= 10
    signs = page.evaluate("[...document.querySelectorAll('.plot')].filter(p => p.offsetParent)"
                          ".map(p => getComputedStyle(p, '::after').content)")
    assert len(signs) == 5 and all("Loading" in s for s in signs)
    page.screenshot(path=str(artifacts / "first-paint-no-script.png"))
    context.close()


def test_keyboard_skip_link_play_in_two_tabs_and_shortcuts_from_a_slider(playground):
    page = playground()
    wait_for(page, DRAWN)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "play"  # 2 Tab presses and an Enter
    # the plots' toolbars are out of the tab order
    assert page.evaluate("[...document.querySelectorAll('.modebar a, .modebar button')].every(b => b.tabIndex === -1)")
    page.focus("#lr")
    page.keyboard.press("s")
    wait_for(page, "window.gdviz.runs[0].last.step === 1")
    page.keyboard.press("Space")  # play, though a slider has focus
    wait_for(page, "window.gdviz.runs[0].state === 'running'")
    page.keyboard.press("Space")
    wait_for(page, "window.gdviz.runs[0].state === 'paused'")
    page.keyboard.press("r")
    wait_for(page, "window.gdviz.runs[0].last.step === 0")
    page.keyboard.press("?")
    assert page.locator("#help-panel").is_visible() and "Space" in page.locator("#help-panel").inner_text()
    page.keyboard.press("Escape")
    assert page.locator("#help-panel").is_hidden()
    page.focus("#seed")  # typing a number is not a shortcut
    page.keyboard.press("s")
    next_frames(page, 2)
    assert page.evaluate("window.gdviz.runs[0].last.step") == 0


def test_stopping_rules_are_controls_and_the_reason_is_said_in_words(playground):
    page = playground("?speed=300")  # the run plays until the rule stops it: its pace is not the test
    page.evaluate("document.getElementById('group-stop').open = true")
    page.fill("#tol-grad", "0.05")
    page.dispatch_event("#tol-grad", "change")
    assert "tol_grad=0.05" in page.url
    page.click("#play")
    wait_for(page, "window.gdviz.runs[0].stopReason === 'tol_grad'")
    banner = page.locator("#banner").inner_text()
    assert "converged" in banner and "0.05" in banner
    wait_for(page, "document.getElementById('announce').textContent.includes('stopped')")
    assert page.evaluate("window.gdviz.runs[0].latest.grad_norm") < 0.05


def test_a_live_change_is_marked_and_the_legends_and_readout_follow_every_runner(playground):
    page = playground("?race=adam:0.05")
    page.evaluate("window.gdviz.runs.forEach(r => r.step(20))")
    wait_for(page, "window.gdviz.runs.every(r => r.last.step === 20)")
    page.evaluate("const lr = document.getElementById('lr'); lr.value = '0'; lr.dispatchEvent(new Event('input'))")
    wait_for(page, "window.gdviz.marks.length === 1")
    mark = page.evaluate("window.gdviz.marks[0]")
    assert mark["step"] == 20 and mark["text"].startswith("α 1") and mark["runs"] == [0]
    wait_for(page, "document.getElementById('loss-plot').layout.shapes.length === 1")
    assert page.evaluate("document.getElementById('loss-plot').layout.shapes[0].x0") == 20
    names = page.evaluate("document.getElementById('grad-plot').data.map(t => t.name)")
    assert names[0].startswith("1: gd 1") and names[1].startswith("2: adam")
    rows = page.locator("#race-readout tbody tr")
    wait_for(page, "document.querySelectorAll('#race-readout tbody tr').length === 2")
    assert rows.count() == 2 and "adam" in rows.nth(1).inner_text()


def test_the_map_arrow_surface_and_parameters_follow_the_chosen_runner(playground):
    page = playground("?race=adam:0.05")
    page.evaluate("window.gdviz.runs.forEach(r => r.step(15))")
    wait_for(page, "window.gdviz.runs.every(r => r.last.step === 15) && " + DRAWN)
    page.select_option("#follow", "1")
    assert "follow=1" in page.url
    wait_for(page, "document.getElementById('boundary-plot').layout.title.text.includes('2: adam')")
    wait_for(page, "document.getElementById('params-plot').layout.title.text.includes('2: adam')")
    wait_for(page, "window.gdviz.surface !== null && (document.getElementById('surface-plot').layout.shapes || [])"
                   ".some(s => s.label && s.label.text.includes('‖∇J‖'))")
    theta = page.evaluate("window.gdviz.runs[1].theta")
    center = page.evaluate("window.gdviz.surface.project(window.gdviz.runs[1].theta)")
    assert len(center) == 2 and theta is not None


def test_the_arrow_shrinks_with_the_gradient_on_a_log_scale(playground):
    page = playground()
    share = "(n) => 0.3 * Math.min(1, Math.max(0, (Math.log10(n) + 6) / 8))"
    assert page.evaluate(f"[1e-7, 1e-4, 1, 1e3].map({share})") == pytest.approx([0, 0.075, 0.225, 0.3])

    def arrow_at(step: int) -> dict:
        wait_for(page, f"window.gdviz.runs[0].last.step === {step} && window.gdviz.surface && "
                       f"window.gdviz.surface.step === {step} && window.gdviz.runs[0].gradient")
        measure = f"""(() => {{ const s = (document.getElementById('surface-plot').layout.shapes || [])
            .find(s => s.name === 'gradient'); const sl = window.gdviz.surface;
            if (!s || !s.label.text.includes('‖∇J‖')) return null;
            const norm = Math.hypot(...window.gdviz.runs[0].gradient);
            return {{len: Math.hypot(s.x1 - s.x0, s.y1 - s.y0) / sl.span, label: s.label.text, norm,
                     expected: ({share})(norm)}}; }})()"""
        # the redraw after the step: the drawn arrow is the newest gradient's
        wait_for(page, f"(() => {{ const a = {measure}; return a && Math.abs(a.len - a.expected) < 1e-9; }})()")
        return page.evaluate(measure)

    start = arrow_at(0)
    page.evaluate("window.gdviz.runs[0].step(400)")
    later = arrow_at(400)
    for arrow in (start, later):
        assert arrow["len"] == pytest.approx(arrow["expected"], rel=1e-6) and arrow["len"] > 0
        assert "‖∇J‖" in arrow["label"]
    assert later["norm"] < start["norm"] / 10 and later["len"] < start["len"]


def test_the_surface_hover_shows_j(playground):
    page = playground()
    wait_for(page, DRAWN + " && document.getElementById('surface-plot').data.length > 1")
    templates = page.evaluate("document.getElementById('surface-plot').data.map(t => t.hovertemplate)")
    assert all("J" in t for t in templates if t)
    assert box(page, "#surface-summary") is not None  # the text summary beside the plot


def test_log_axes_get_ticks_a_person_can_read(playground, live_server):
    page = playground()
    ticks = page.evaluate("""async (module) => { const { logTicks } = await import(module);
        return [[1e-17, 10], [0.62, 0.63], [0.1, 5], [0.004, 0.09], [0.21, 0.9]]
          .map(([lo, hi]) => logTicks(lo, hi)); }""",
                          live_server + "/static/js/plots.js")
    wide, narrow, middling, two, under_one = ticks
    assert wide["dtick"] == 3  # 18 decades: every third labelled, not all 18
    assert len(narrow["tickvals"]) >= 3 and all(0.615 <= v <= 0.635 for v in narrow["tickvals"])
    assert middling["tickvals"] == [0.1, 0.2, 0.5, 1, 2, 5] and middling["ticktext"][:2] == ["0.1", "0.2"]
    assert two["tickvals"] == [0.005, 0.01, 0.02, 0.05]
    assert under_one["tickvals"] == [0.3, 0.5, 0.8]  # not 0.3, 0.4, ... 0.9 crowded at the top (/runs' gradient)


@pytest.mark.parametrize(("query", "shown"), [("", True), ("?dataset=line", True), ("?dataset=iris", False),
                                              ("?dataset=digits", False)])
def test_the_feature_map_is_offered_only_for_one_or_two_features(playground, query, shown):
    page = playground(query)  # the groups are open: the fieldset shows unless it does not apply
    assert page.locator("#features").is_visible() == shown


def test_on_a_touch_screen_a_drag_scrolls_the_page_and_no_toolbar_covers_a_title(browser, live_server):
    context = browser.new_context(viewport=SIZES["phone"], has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(live_server + "/")
    wait_for(page, "window.gdviz && window.gdviz.runs.length && window.gdviz.runs.every(r => r.last) && " + DRAWN)
    for plot in ("surface-plot", "loss-plot"):
        assert page.evaluate(f"document.getElementById('{plot}')._fullLayout.dragmode") is False
    assert page.locator(".modebar").count() == 0
    assert sideways_scroll(page) == []
    context.close()
