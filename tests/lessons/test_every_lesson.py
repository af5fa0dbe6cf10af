"""Every lesson page and /docs as a person sees them, at 1440x900 and on a 390-px phone: no
sideways scroll, plots whose titles, legends and axis labels do not meet or leave the figure,
formulas that wrap or scroll in their own box, and no serious or critical axe-core violation.
Each page's screenshot goes to tests/artifacts/ (lesson-<slug>-<size>.png, docs-<size>.png):
look at them. And /docs leads back to the site.

Each page is loaded once, at 1440x900, then turned to the phone's size: the pages lay out again on
a resize (their plots follow their boxes), and every page laid out the same, element for element,
turned as loaded at 390 px (compared when this was written; plotly's random ids aside)."""

from __future__ import annotations

import pytest

from app.lessons.registry import LESSONS
from tests.lessons.facade import open_lesson
from tests.web.helpers import next_frames, wait_for
from tests.web.layout import SIZES, plot_collisions, serious_accessibility_violations, sideways_scroll

EVERY_PLOT_DRAWN = "[...document.querySelectorAll('.plot')].every(p => p.classList.contains('js-plotly-plot'))"


# a page is ready when all it draws at first is drawn (the runs start paused): a lesson says so on its
# facade (static/js/lesson.js: window.gdviz.ready)
LESSON_READY = "window.gdviz && window.gdviz.ready === true && " + EVERY_PLOT_DRAWN
READY = {
    "lessons": "document.readyState === 'complete'",
    "docs": "document.querySelector('#swagger-ui .opblock') && document.querySelector('#swagger-ui .models')",
    "runs": "window.gdviz && window.gdviz.view.loads > 0 && window.gdviz.overlay > 0",
}


PAGES = [f"lessons/{lesson.slug}" for lesson in LESSONS] + ["lessons", "docs", "runs"]


# after a resize: every plot shown has been laid out again at its box's new width
PLOTS_FIT = ("[...document.querySelectorAll('.js-plotly-plot')].filter(p => p.offsetParent)"
             ".every(p => p._fullLayout && Math.abs(p._fullLayout.width - p.clientWidth) <= 2)")


# MathML never breaks a line: each equation of a formula is its own <math> (static/js/lesson/
# formulas.js splits "a = …, \\quad b = …"), and a box whose equation is still too wide scrolls
# within itself and takes the focus, so a keyboard can scroll it too.
_FORMULAS = """[...document.querySelectorAll('.formulas')].flatMap(f => {
  const problems = [], name = f.id || f.textContent.slice(0, 30);
  if (f.getBoundingClientRect().right > window.innerWidth) problems.push(`${name}: the box leaves the screen`);
  if (f.scrollWidth > f.clientWidth && f.tabIndex !== 0) problems.push(`${name}: it scrolls but takes no focus`);
  if (f.id !== 'plugged' && f.querySelector(':scope > math > mrow > mspace[width="1em"]')) {
    problems.push(`${name}: two equations in one <math>`);
  }
  return problems; })"""


def shot_name(path: str, size: str) -> str:
    return f"{path.replace('lessons/', 'lesson-')}-{size}.png"


@pytest.mark.parametrize("path", PAGES)
def test_the_page_fits_its_screen_its_plots_are_legible_and_axe_finds_nothing_serious(
        guarded, live_server, artifacts, path):
    guarded.set_viewport_size(SIZES["desktop"])
    guarded.goto(f"{live_server}/{path}")
    slug = path.removeprefix("lessons/")
    wait_for(guarded, READY.get(slug, LESSON_READY))
    problems = {}
    for size in SIZES:  # the desktop first, as loaded; then the phone, the same page turned
        if size != "desktop":
            guarded.set_viewport_size(SIZES[size])
            wait_for(guarded, PLOTS_FIT)
        next_frames(guarded, 3)  # plotly.js's automargin settles in the frames after a draw
        found = {"sideways scroll": sideways_scroll(guarded), "plot collisions": plot_collisions(guarded),
                 "formulas": guarded.evaluate(_FORMULAS), "axe": serious_accessibility_violations(guarded)}
        guarded.screenshot(path=str(artifacts / shot_name(path, size)), full_page=True)
        problems.update({f"{size}: {kind}": each for kind, each in found.items() if each})
    assert problems == {}


def test_docs_has_a_way_back_to_the_site_and_a_skip_link(guarded, live_server):
    guarded.goto(f"{live_server}/docs")
    links = guarded.evaluate("[...document.querySelectorAll('header nav a')].map(a => a.getAttribute('href'))")
    assert links == ["/", "/lessons", "/runs", "/docs", "/guide/"]
    assert guarded.get_attribute("header nav a[aria-current=page]", "href") == "/docs"
    guarded.keyboard.press("Tab")  # the skip link comes first and leads to the reference
    assert guarded.evaluate("document.activeElement.className") == "skip-link"
    guarded.keyboard.press("Enter")
    wait_for(guarded, "document.activeElement.id === 'content'")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_every_lesson_links_to_the_others_and_the_playground(guarded, live_server, lesson):
    slug = lesson.slug
    page = open_lesson(guarded, live_server, slug)
    links = page.evaluate("[...document.querySelectorAll('.lesson-nav a')].map(a => a.getAttribute('href'))")
    assert set(links) == {f"/lessons/{other.slug}" for other in LESSONS if other.slug != slug} | {"/"}
    assert page.locator("math").count() >= 1  # server-rendered MathML, no JavaScript maths library
    wait_for(page, "[...document.scripts].some(s => (s.src || '').endsWith('/vendor/plotly-cartesian.min.js'))")
    scripts = page.evaluate("[...document.scripts].filter(s => s.type !== 'application/json')"
                            ".map(s => s.getAttribute('src'))")
    # the early presses' script, the lesson's module, and plotly.js's cartesian bundle from this server,
    # added after the first paint (vendor.js)
    assert sorted(scripts) == sorted(["/static/js/early.js", lesson.script, "/vendor/plotly-cartesian.min.js"])
