"""How the lesson tests open and read a lesson page: through its facade, window.gdviz (the lesson-page
base, static/js/lesson.js), never by reaching into a view.

    lesson = Lesson.open(page, live_server, "stopping", "?batch=4")   # loads it and waits until ready
    stops = lesson.fact("stops")                                      # what the view called "stops" drew
    stops = lesson.fact("stops", "s => s[0].step === 500")            # ... once it satisfies a condition
    lesson.state()                                                    # the page's settings (its URL's)
    lesson.steps()                                                    # the step each live run has reached
    lesson.runs("r => r.last.accuracy")                               # a function of each live run
    lesson.plot("bowl", "p => p.data[1]")                             # what a plot draws (its traces, layout)
    lesson.trace_lengths("bowl")                                      # the points in each of its traces
    open_lesson(page, live_server, "stopping")                        # load without waiting (a test that waits)

A fact is plain data the view published when it drew (numbers, rows, verdicts): each lesson's page.js
lists its facts at its top. A plot is read as the page drew it (Plotly's div: its ``data`` and
``layout``), the output a learner sees, never a view's own state.
"""

from __future__ import annotations

import json
from typing import Any

from tests.web.helpers import wait_for


class Lesson:
    def __init__(self, page: Any):
        self.page = page

    @classmethod
    def open(cls, page: Any, live_server: str, slug: str, query: str = "", timeout: float = 30_000) -> Lesson:
        """The lesson at /lessons/<slug><query>, once it has drawn what it shows at first."""
        page.goto(f"{live_server}/lessons/{slug}{query}")
        lesson = cls(page)
        lesson.wait("window.gdviz.ready", timeout)
        return lesson

    def wait(self, expression: str, timeout: float = 30_000) -> Any:
        """Poll a JavaScript expression over the facade (``gdviz`` is window.gdviz) until it is truthy."""
        return wait_for(self.page, f"window.gdviz && (() => {{ const gdviz = window.gdviz; return {expression}; }})()",
                         timeout)

    def fact(self, name: str, condition: str = "f => true", timeout: float = 30_000) -> Any:
        """What the view called ``name`` last drew, once it has drawn and ``condition`` (a JavaScript
        function of the fact) holds."""
        key = json.dumps(name)
        return self.wait(f"gdviz.facts[{key}] !== undefined && ({condition})(gdviz.facts[{key}]) "
                         f"&& gdviz.facts[{key}]", timeout)

    def drawn(self) -> int:
        """How many times the page's views have published: it grows with every redraw."""
        return self.page.evaluate("window.gdviz.drawn")

    def state(self) -> dict:
        return self.page.evaluate("window.gdviz.state")

    def steps(self) -> list[int]:
        """The step each of the page's live runs has reached (-1: none yet)."""
        return self.page.evaluate("window.gdviz.runs.map(r => r.last ? r.last.step : -1)")

    def runs(self, expression: str = "r => r.state") -> list:
        """A JavaScript function of each live run (LiveRun: state, last, history, config, events)."""
        return self.page.evaluate(f"window.gdviz.runs.map({expression})")


    def plot(self, plot_id: str, expression: str = "p => p.data") -> Any:
        """A JavaScript function of the drawn plot ``plot_id`` (Plotly's div: ``p.data`` its traces,
        ``p.layout`` its layout)."""
        return self.page.evaluate(f"({expression})(document.getElementById({json.dumps(plot_id)}))")

    def trace_lengths(self, plot_id: str) -> list[int]:
        """The number of points in each trace of a plot."""
        return self.plot(plot_id, "p => (p.data || []).map(t => (t.x || t.z || []).length)")


def open_lesson(page, live_server: str, slug: str, query: str = ""):
    """The lesson at /lessons/<slug><query>, in ``page``, without waiting (a test that waits itself)."""
    page.goto(f"{live_server}/lessons/{slug}{query}")
    return page
