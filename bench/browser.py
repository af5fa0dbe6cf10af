"""The playground in headless Chromium during a run: rendered frames per second
(a requestAnimationFrame counter) and main-thread long tasks.

Target: at least 50 fps with the surface, the path and 4 curves live.
"""

from __future__ import annotations

import argparse

from playwright.sync_api import sync_playwright

from bench.common import save, table
from bench.server import running_server
from tests.web.helpers import wait_for

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

COUNTER = """() => new Promise((done) => {
  const longTasks = [];
  const observer = new PerformanceObserver(
    (list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
  observer.observe({ entryTypes: ["longtask"] });
  let frames = 0;
  const start = performance.now();
  const tick = (now) => {
    frames += 1;
    if (now - start < SECONDS * 1000) requestAnimationFrame(tick);
    else { observer.disconnect(); done({ fps: frames / ((now - start) / 1000), longTasks }); }
  };
  requestAnimationFrame(tick);
})"""

SCENARIOS = [
    ("blobs, 30 steps/s", ""),
    ("blobs, as fast as possible", "?fastest=1"),
    ("race of 2, as fast as possible", "?fastest=1&race=adam:0.05"),
    ("3-D surface, as fast as possible", "?fastest=1&view3d=1"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    rows = []
    with running_server() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, query in SCENARIOS:
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.goto(base + "/" + query)
            wait_for(page, "window.gdviz && window.gdviz.runs.length && window.gdviz.runs[0].last")
            page.click("#play")
            wait_for(page, "window.gdviz.surface !== null && window.gdviz.runs[0].last.step > 20")
            result = page.evaluate(COUNTER.replace("SECONDS", str(args.seconds)))
            steps = page.evaluate("window.gdviz.runs[0].last.step")
            curves = page.evaluate("['loss-plot', 'grad-plot', 'params-plot'].map(id => "
                                   "document.getElementById(id).data.length).reduce((a, b) => a + b, 0)")
            long_tasks = result["longTasks"]
            rows.append({"scenario": name, "fps": result["fps"], "long_tasks": len(long_tasks),
                         "long_task_ms_total": sum(long_tasks), "longest_ms": max(long_tasks, default=0.0),
                         "curves_live": curves, "steps_shown": steps, "targets_met": result["fps"] >= 50})
            page.close()
        browser.close()
    columns = ["scenario", "fps", "long_tasks", "long_task_ms_total", "longest_ms", "curves_live",
               "steps_shown", "targets_met"]
    print(f"The playground in headless Chromium, {args.seconds:.0f} s per scenario\n")
    print(table(rows, columns))
    print(f"\nwrote {save('browser', {'rows': rows})}")


if __name__ == "__main__":
    main()
