"""The playground in headless Chromium during a run: rendered frames per second
(a requestAnimationFrame counter) and main-thread long tasks.

Targets (issue 13): a race of four runs and the 3-D view each at least 50 fps, with no long task
over 100 ms. Every scenario is measured --repeats times; the table gives the median fps with its
range and the longest long task over all repeats.
"""

from __future__ import annotations

import argparse
import statistics

from playwright.sync_api import sync_playwright

from bench.common import save, table
from bench.server import running_server
from tests.web.helpers import wait_for

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

COUNTER = """(seconds) => new Promise((done) => {
  const longTasks = [];
  const observer = new PerformanceObserver(
    (list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
  observer.observe({ entryTypes: ["longtask"] });
  let frames = 0;
  const start = performance.now();
  const tick = (now) => {
    frames += 1;
    if (now - start < seconds * 1000) requestAnimationFrame(tick);
    else { observer.disconnect(); done({ fps: frames / ((now - start) / 1000), longTasks }); }
  };
  requestAnimationFrame(tick);
})"""

FPS_TARGET, LONG_TASK_LIMIT_MS = 50.0, 100.0
RACE_OF_4 = "adam:0.05,rmsprop:0.05,momentum:0.1"  # three extra runners beside the main settings

# (name, query, has a target): the targets are the issue's; the others are context.
SCENARIOS = [
    ("blobs, 30 steps/s", "", False),
    ("blobs, as fast as possible", "?fastest=1", False),
    ("race of 2, as fast as possible", "?fastest=1&race=adam:0.05", False),
    ("race of 4, as fast as possible", f"?fastest=1&race={RACE_OF_4}", True),
    ("3-D surface, as fast as possible", "?fastest=1&view3d=1", True),
]


def measure(browser, url: str, seconds: float) -> dict[str, object]:
    """One page, one measurement: fps, long tasks, and what the page drew meanwhile."""
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        page.goto(url)
        wait_for(page, "window.gdviz && window.gdviz.runs.length && window.gdviz.runs.every(r => r.last)")
        page.click("#play")
        # the loss surface drawn once (in 3-D, making the WebGL scene compiles its shaders: a one-off)
        wait_for(page, "window.gdviz.redraws['new surface'] && window.gdviz.runs.every(r => r.last.step > 20)")
        page.wait_for_timeout(500)
        result = page.evaluate(COUNTER, seconds)
        return {**result,
                "runs": page.evaluate("window.gdviz.runs.length"),
                "steps": page.evaluate("window.gdviz.runs[0].last.step"),
                "redraws": page.evaluate("window.gdviz.redraws")}
    finally:
        page.close()


def summarise(name: str, has_target: bool, samples: list[dict[str, object]]) -> dict[str, object]:
    fps = [s["fps"] for s in samples]
    long_tasks = [t for s in samples for t in s["longTasks"]]
    longest = max(long_tasks, default=0.0)
    median = statistics.median(fps)
    met = median >= FPS_TARGET and longest <= LONG_TASK_LIMIT_MS
    return {"scenario": name, "runs": samples[0]["runs"], "fps": median, "fps_min": min(fps), "fps_max": max(fps),
            "fps_each": fps, "long_tasks": len(long_tasks) / len(samples),
            "long_task_ms_total": sum(long_tasks) / len(samples), "longest_ms": longest,
            "steps_shown": statistics.median(s["steps"] for s in samples),
            "fps_met": median >= FPS_TARGET, "long_tasks_met": longest <= LONG_TASK_LIMIT_MS,
            "targets_met": met if has_target else None, "has_target": has_target,
            "redraws": samples[-1]["redraws"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="measured seconds per repeat")
    parser.add_argument("--repeats", type=int, default=3, help="pages opened per scenario")
    parser.add_argument("--only", default="", help="run only the scenarios whose name contains this")
    parser.add_argument("--name", default="browser", help="results file: bench/results/<name>.json")
    args = parser.parse_args()
    rows = []
    with running_server() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, query, has_target in SCENARIOS:
            if args.only not in name:
                continue
            samples = [measure(browser, base + "/" + query, args.seconds) for _ in range(args.repeats)]
            rows.append(summarise(name, has_target, samples))
        browser.close()
    for row in rows:
        row["fps_range"] = f"{row['fps_min']:.1f}–{row['fps_max']:.1f}"
        row["target"] = ("met" if row["targets_met"] else "MISSED") if row["has_target"] else "–"
    columns = ["scenario", "runs", "fps", "fps_range", "long_tasks", "longest_ms", "steps_shown", "target"]
    print(f"The playground in headless Chromium: {args.repeats} x {args.seconds:g} s per scenario; "
          f"fps is the median (range over repeats), long_tasks the mean count per repeat,\nlongest_ms the "
          f"longest over all repeats. Target: >= {FPS_TARGET:g} fps and no long task over "
          f"{LONG_TASK_LIMIT_MS:g} ms.\n")
    print(table(rows, columns))
    targets = [r for r in rows if r["has_target"]]
    if targets:
        print("\nboth targets met" if all(r["targets_met"] for r in targets)
              else "\ntargets missed: " + ", ".join(r["scenario"] for r in targets if not r["targets_met"]))
    payload = {"seconds": args.seconds, "repeats": args.repeats, "fps_target": FPS_TARGET,
               "long_task_limit_ms": LONG_TASK_LIMIT_MS, "rows": rows}
    print(f"\nwrote {save(args.name, payload)}")


if __name__ == "__main__":
    main()
