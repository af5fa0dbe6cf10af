"""Every page at both sizes (issue 27, point 10): no sideways scroll, and no plot whose labels,
legend or titles collide or are cut off, with the layout checks of tests/web/layout.py. (Each lesson
is checked by tests/lessons/test_every_lesson.py.)"""

from __future__ import annotations

import pytest

from tests.web.helpers import next_frames, wait_for
from tests.web.layout import SIZES, plot_collisions, sideways_scroll

PLAYGROUND = "window.gdviz && window.gdviz.drawing && window.gdviz.runs.length && window.gdviz.runs.every(r => r.last)"
PAGES = {
    "/": PLAYGROUND,
    "/?dataset=moons&model=mlp&layers=2": PLAYGROUND,
    "/?dataset=iris&model=softmax": PLAYGROUND,
    "/?race=adam:0.05,rmsprop:0.02,momentum:0.1": PLAYGROUND,
    "/?scenario=vanishing": PLAYGROUND,
    "/lessons": "document.querySelector('main')",
    "/runs": "window.gdviz && window.gdviz.view.loads > 0",
    "/me": "document.querySelector('main')",
    "/docs": "document.querySelector('#swagger-ui .opblock')",
}


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_every_page_fits_its_screen_and_its_plots_read(guarded, live_server, size):
    guarded.set_viewport_size(SIZES[size])
    problems = {}
    for url, ready in PAGES.items():
        guarded.goto(live_server + url)
        wait_for(guarded, ready)
        if url.startswith("/?") or url == "/":  # the plots in view, drawn
            wait_for(guarded, "[...document.querySelectorAll('.plot')].filter(p => p.offsetParent)"
                              ".slice(0, 2).every(p => p.classList.contains('js-plotly-plot'))")
        next_frames(guarded, 3)
        found = {"sideways scroll": sideways_scroll(guarded), "plots": plot_collisions(guarded)}
        problems.update({f"{url}: {kind}": each for kind, each in found.items() if each})
    assert problems == {}
