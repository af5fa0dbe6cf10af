"""Opening the playground: how soon its controls and loading signs show, and how soon the plots and
the first step replace them (headless Chromium, a fresh page each time, a warm server).

Target (issue 14): the controls and a loading indicator within 200 ms of opening. Measured from
the navigation's start (performance.timeOrigin) to: the first contentful paint (the server-made
page: the run bar, the settings, a loading sign in every plot frame), the last plot drawn by
plotly.js, and step 0 of the run received. --repeats pages; the table gives the median and the
range.
"""

from __future__ import annotations

import argparse
import statistics

from playwright.sync_api import sync_playwright

from bench.browser import CHROMIUM_ARGS
from bench.common import save, table
from bench.server import running_server
from tests.web.helpers import wait_for

TARGET_MS = 200.0
DRAWN = ("[...document.querySelectorAll('.plot')].filter(p => p.offsetParent)"
         ".every(p => p.classList.contains('js-plotly-plot'))")
# Times since the navigation started, in ms: first contentful paint, and whether the controls and a
# loading sign are in the DOM (they are in the server's HTML, so at first paint they show).
MARKS = """() => ({
  fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime,
  domContentLoaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
})"""


def once(browser, url: str, viewport: dict[str, int]) -> dict[str, float]:
    page = browser.new_page(viewport=viewport)
    try:
        page.goto(url, wait_until="commit")
        # a page-side stopwatch from the navigation's start, polled from here
        wait_for(page, DRAWN, interval=0.005)
        drawn = page.evaluate("performance.now()")
        wait_for(page, "window.gdviz && window.gdviz.runs.length && window.gdviz.runs.every(r => r.last)",
                 interval=0.005)
        step0 = page.evaluate("performance.now()")
        marks = page.evaluate(MARKS)
        return {"first_paint_ms": marks["fcp"], "dom_ready_ms": marks["domContentLoaded"], "plots_drawn_ms": drawn,
                "step0_ms": step0}
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    rows = []
    with running_server() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, viewport in [("desktop 1440x900", {"width": 1440, "height": 900}),
                               ("phone 390x844", {"width": 390, "height": 844})]:
            once(browser, base + "/", viewport)  # warm: the server's first page and plotly.js in the cache
            samples = [once(browser, base + "/", viewport) for _ in range(args.repeats)]
            row: dict[str, object] = {"page": name}
            for key in samples[0]:
                values = [s[key] for s in samples]
                row[key] = statistics.median(values)
                row[f"{key}_range"] = f"{min(values):.0f}–{max(values):.0f}"
            row["target"] = "met" if max(s["first_paint_ms"] for s in samples) <= TARGET_MS else "MISSED"
            rows.append(row)
        browser.close()
    print(f"Opening the playground: ms from the navigation's start, median of {args.repeats} pages (range).\n"
          f"first_paint: the controls and a loading sign in every plot frame (target <= {TARGET_MS:g} ms, "
          f"every page); plots_drawn: every plot frame drawn by plotly.js; step0: the run's first step "
          f"received.\n")
    columns = ["page", "first_paint_ms", "first_paint_ms_range", "dom_ready_ms", "plots_drawn_ms",
               "plots_drawn_ms_range", "step0_ms", "step0_ms_range", "target"]
    print(table(rows, columns))
    print(f"\nwrote {save('first_paint', {'repeats': args.repeats, 'target_ms': TARGET_MS, 'rows': rows})}")


if __name__ == "__main__":
    main()
