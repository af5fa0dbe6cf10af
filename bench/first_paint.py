"""Opening the playground: how soon the page paints, shows the run's first step, and draws its plots
(headless Chromium, a fresh page each time, a warm server), on a quiet machine and with both cores
kept busy.

Targets (issue 27), quiet: the first paint within 200 ms of the navigation's start (the server-made
page: the run bar, the settings, a loading sign in every plot frame); the first step on screen
(the readout shows step 0's loss) within 1 s; the plots drawn (every plot frame in view drawn by
plotly.js, the loss surface and the decision map with their data) within 1.5 s.

--rounds quiet rounds and one busy round (two processes spinning, one per core), each a fresh
browser opening --pages pages per viewport after a warm-up page. A row gives the median page and
the range of the rounds' medians (quiet) or of the pages (busy).
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import sync_playwright

from bench.browser import CHROMIUM_ARGS
from bench.common import machine, save, table
from bench.server import running_server
from tests.web.helpers import wait_for

TARGETS_MS = {"first_paint_ms": 200.0, "step_shown_ms": 1000.0, "plots_drawn_ms": 1500.0}
SHOWN = "document.getElementById('r-loss') && document.getElementById('r-loss').textContent !== '–'"
DRAWN = """(() => {
  const plots = [...document.querySelectorAll('.plot')].filter((p) => p.offsetParent);
  const has = (id, types) => ((document.getElementById(id) || {}).data || []).some((t) => types.includes(t.type));
  return plots.length > 0 && plots.every((p) => p.classList.contains('js-plotly-plot'))
    && has('surface-plot', ['contour', 'mesh3d']) && has('boundary-plot', ['heatmap', 'contour']);
})()"""
VIEWPORTS = [("desktop 1440x900", {"width": 1440, "height": 900}), ("phone 390x844", {"width": 390, "height": 844})]


def once(browser, url: str, viewport: dict[str, int]) -> dict[str, float]:
    """One page: ms from the navigation's start to each mark, polled from here with a page-side clock."""
    page = browser.new_page(viewport=viewport)
    try:
        page.goto(url, wait_until="commit")
        marks: dict[str, float] = {}
        for name, check in [("step_shown_ms", SHOWN), ("plots_drawn_ms", DRAWN)]:
            wait_for(page, check, interval=0.005)
            marks[name] = page.evaluate("performance.now()")
        marks["first_paint_ms"] = page.evaluate(
            "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime")
        return marks
    finally:
        page.close()


def spin() -> None:
    while True:
        pass


@contextmanager
def cores_busy(busy: bool) -> Iterator[None]:
    """Two processes spinning (one per core on these machines) while the block runs."""
    spinners = [multiprocessing.Process(target=spin, daemon=True) for _ in range(2 if busy else 0)]
    for p in spinners:
        p.start()
    try:
        yield
    finally:
        for p in spinners:
            p.terminate()
            p.join()


def round_of(p, base: str, pages: int) -> dict[str, list[dict[str, float]]]:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
    try:
        out = {}
        for name, viewport in VIEWPORTS:
            once(browser, base + "/", viewport)  # warm: the server's first page and plotly.js in the cache
            out[name] = [once(browser, base + "/", viewport) for _ in range(pages)]
        return out
    finally:
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="quiet rounds (then one busy round)")
    parser.add_argument("--pages", type=int, default=5, help="pages per viewport in a round")
    args = parser.parse_args()
    rows = []
    with running_server() as base, sync_playwright() as p:
        quiet = [round_of(p, base, args.pages) for _ in range(args.rounds)]
        with cores_busy(True):
            busy = round_of(p, base, args.pages)
    for condition, rounds in [("quiet", quiet), ("both cores busy", [busy])]:
        for name, _ in VIEWPORTS:
            row: dict[str, object] = {"page": name, "machine": condition}
            for key in TARGETS_MS:
                pages = [s[key] for r in rounds for s in r[name]]
                spread = [statistics.median(s[key] for s in r[name]) for r in rounds] if len(rounds) > 1 else pages
                row[key] = statistics.median(pages)
                row[f"{key}_range"] = f"{min(spread):.0f}–{max(spread):.0f}"
            if condition == "quiet":
                row["targets"] = "met" if all(row[k] <= t for k, t in TARGETS_MS.items()) else "MISSED"  # type: ignore[operator]
            rows.append(row)
    about = machine()
    print(f"Opening the playground on {about['cpu']} ({about['cores']} cores, {about['simd']}): ms from the "
          f"navigation's start, the median page; quiet: {args.rounds} rounds of {args.pages} pages per viewport "
          f"(range: the rounds' medians); busy: 1 round (range: its pages).\n"
          f"targets, quiet: first paint <= 200 ms, the first step shown <= 1,000 ms, the plots drawn "
          f"<= 1,500 ms.\n")
    columns = ["page", "machine", "first_paint_ms", "first_paint_ms_range", "step_shown_ms", "step_shown_ms_range",
               "plots_drawn_ms", "plots_drawn_ms_range", "targets"]
    print(table(rows, columns))
    payload = {"rounds": args.rounds, "pages": args.pages, "targets_ms": TARGETS_MS, "rows": rows}
    print(f"\nwrote {save('first_paint', payload)}")


if __name__ == "__main__":
    main()
