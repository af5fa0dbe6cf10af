"""bench/results/report.html: every benchmark's table and charts (Plotly, embedded:
the report opens offline)."""

from __future__ import annotations

import html
import json

import plotly.graph_objects as go
import plotly.io as pio

from bench.common import RESULTS, fmt

COLUMNS = {
    "engine_step": ["m", "d", "loss", "gdviz_f64", "gdviz_f32", "trainer_f32", "python_loop", "torch_hand",
                    "torch_autograd", "one_pass_bound", "vs_torch_hand", "vs_torch_autograd", "vs_one_pass",
                    "targets_met"],
    "surface": ["G", "m", "loss", "seconds", "points_per_s", "peak_mb", "target_s", "targets_met"],
    "real_data": ["scenario", "rows x features", "epoch s", "updates s/epoch", "outside updates %", "run / updates",
                  "bare loop s/epoch", "run / bare loop"],
    "live_loop": ["speed", "frames_per_s", "steps_per_s", "records_per_frame", "set_p50_ms", "set_p99_ms",
                  "targets_met"],
    "browser": ["scenario", "fps", "long_tasks", "long_task_ms_total", "longest_ms", "curves_live",
                "targets_met"],
    "classroom": ["sessions", "connected", "errors", "fps_p5", "fps_median", "rest_p50_ms", "rest_p99_ms",
                  "rss_mb", "server_cpu_percent", "targets_met"],
}


def html_table(rows: list[dict], columns: list[str]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(fmt(r.get(c)))}</td>" for c in columns) + "</tr>"
                   for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def engine_figures(rows: list[dict]) -> list[go.Figure]:
    figures = []
    for loss in ("cross_entropy", "mse"):
        subset = [r for r in rows if r["loss"] == loss]
        labels = [f"{r['m']:,}×{r['d']}" for r in subset]
        fig = go.Figure()
        contenders = ("gdviz_f64", "gdviz_f32", "torch_hand", "torch_autograd", "python_loop",
                      "one_pass_bound")
        for key in contenders:
            fig.add_bar(name=key, x=labels, y=[r.get(key) for r in subset])
        fig.update_layout(title=f"Engine steps per second, {loss} (log scale)", yaxis_type="log",
                          barmode="group", xaxis_title="rows × features", yaxis_title="steps / s")
        figures.append(fig)
    return figures


def surface_figures(rows: list[dict]) -> list[go.Figure]:
    fig = go.Figure()
    for m in sorted({r["m"] for r in rows}):
        subset = sorted((r for r in rows if r["m"] == m and r["loss"] == "cross_entropy"),
                        key=lambda r: r["G"])
        fig.add_scatter(name=f"m = {m:,}", x=[r["G"] for r in subset], y=[r["seconds"] for r in subset],
                        mode="lines+markers")
    fig.add_scatter(name="targets", x=[25, 100, 200], y=[0.1, 0.5, 2.0], mode="markers",
                    marker={"symbol": "line-ew-open", "size": 24, "color": "red"})
    fig.update_layout(title="Loss surface: seconds for a G × G grid", xaxis_title="G", yaxis_title="seconds",
                      yaxis_type="log")
    return [fig]


def browser_figures(rows: list[dict]) -> list[go.Figure]:
    fig = go.Figure(go.Bar(x=[r["scenario"] for r in rows], y=[r["fps"] for r in rows]))
    fig.add_hline(y=50, line_dash="dot", line_color="red", annotation_text="target 50 fps")
    fig.update_layout(title="Rendered frames per second in headless Chromium", yaxis_title="fps")
    return [fig]


def classroom_figures(rows: list[dict]) -> list[go.Figure]:
    fig = go.Figure()
    sessions = [r["sessions"] for r in rows]
    fig.add_scatter(name="frame rate p5 (fps)", x=sessions, y=[r["fps_p5"] for r in rows])
    fig.add_scatter(name="REST p99 (ms)", x=sessions, y=[r["rest_p99_ms"] for r in rows], yaxis="y2")
    fig.update_layout(title="A classroom: concurrent sessions", xaxis_title="sessions",
                      yaxis={"title": "fps"}, yaxis2={"title": "ms", "overlaying": "y", "side": "right"})
    return [fig]


FIGURES = {"engine_step": engine_figures, "surface": surface_figures, "browser": browser_figures,
           "classroom": classroom_figures}


def main() -> None:
    parts, first = [], True
    machine = None
    for name, columns in COLUMNS.items():
        path = RESULTS / f"{name}.json"
        if not path.exists():
            parts.append(f"<h2>{name}</h2><p>not run yet</p>")
            continue
        result = json.loads(path.read_text())
        machine = machine or result["machine"]
        parts.append(f"<h2>{name}</h2><p class='when'>{html.escape(result['machine']['when'])}</p>")
        parts.append(html_table(result["rows"], columns))
        for fig in FIGURES.get(name, lambda rows: [])(result["rows"]):
            parts.append(pio.to_html(fig, include_plotlyjs=first, full_html=False))
            first = False
    about = html.escape(json.dumps(machine, indent=1)) if machine else ""
    style = ("body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:1200px}"
             "table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}"
             "td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:right}"
             "th{background:#eef1f6}.when{color:#666}")
    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>gdviz benchmarks</title>
<style>{style}</style></head><body>
<h1>gdviz benchmarks</h1><pre>{about}</pre>{''.join(parts)}</body></html>"""
    out = RESULTS / "report.html"
    out.write_text(page)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
