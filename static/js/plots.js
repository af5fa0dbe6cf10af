// Plotly figure builders for the playground. Pure functions: data in, traces and layouts out.
import { gridMesh } from "./mesh.js";

export const COLORS = ["#1f6feb", "#d9480f", "#2b8a3e", "#9c36b5"];
export const CLASS_COLORS = ["#2166ac", "#b2182b", "#1b7837", "#762a83", "#e08214", "#01665e",
  "#8c510a", "#c51b7d", "#4d4d4d", "#35978f"];
export const MAX_POINTS = 2000; // points a curve keeps, the whole run thinned (thinned.js; the export keeps every step)

const font = { family: "system-ui, sans-serif", size: 11 };
const margin = { l: 52, r: 12, t: 34, b: 40 };

export function plotConfig(filename) {
  return {
    responsive: true, displaylogo: false, showSendToCloud: false, showEditInChartStudio: false,
    // a touch screen shows the toolbar always, over the titles: there it is left out
    displayModeBar: window.matchMedia("(pointer: coarse)").matches ? false : "hover",
    modeBarButtonsToRemove: ["lasso2d", "select2d", "sendChartToCloud"], // nothing leaves this machine
    toImageButtonOptions: { format: "png", filename, scale: 2 },
  };
}

// The title sits in the figure's top strip and the legend in its bottom strip (both in the
// container's coordinates, with margins that grow to fit them), so however many entries a legend
// gets, it never covers the title, the axes or their labels.
export const LEGEND_BELOW = { orientation: "h", x: 0, xanchor: "left", y: 0.008, yref: "container", yanchor: "bottom",
                              font: { size: 10 }, bgcolor: "rgba(255,255,255,0)" };

export function baseLayout(title, extra = {}) { // shared by the playground and the lessons
  const layout = { title: { text: title, font: { size: 13 }, x: 0.02, xanchor: "left", y: 0.99, yref: "container",
                            yanchor: "top", automargin: true },
                   font, margin, showlegend: true, legend: LEGEND_BELOW, uirevision: "keep",
                   // on a touch screen a drag scrolls the page (a zoom box would trap the finger); hover still reads
                   dragmode: window.matchMedia("(pointer: coarse)").matches ? false : "zoom", ...extra };
  for (const key of Object.keys(layout)) { // each axis's ticks and title make room for themselves
    if (/^[xy]axis\d*$/.test(key)) layout[key] = { automargin: true, ...layout[key] };
  }
  if (!layout.xaxis) layout.xaxis = { automargin: true };
  if (!layout.yaxis) layout.yaxis = { automargin: true };
  return layout;
}

// Ticks a person can read on a log axis over [lo, hi] (data values, lo > 0): decades when the range
// spans two or more (every 2nd, 3rd, 5th... when there are many), else 1-2-5 steps, else (a narrow range, where plotly.js would show
// none) five values evenly spaced in log, at 3 significant digits. A layout update for the axis.
export function logTicks(lo, hi) {
  if (!(lo > 0) || !(hi >= lo)) return { tickmode: "auto", dtick: null };
  const [a, b] = [Math.log10(lo), Math.log10(hi)];
  if (b - a >= 2) { // decades, at most about 7 of them labelled
    const dtick = [1, 2, 3, 5, 10, 20, 50].find((d) => (b - a) / d <= 7) || 100;
    return { tickmode: "linear", tick0: 0, dtick, exponentformat: "power" };
  }
  const label = (v) => Number(v.toPrecision(3)).toString();
  const within = (steps) => {
    const out = [];
    for (let k = Math.floor(a) - 1; k <= Math.ceil(b); k += 1) {
      for (const m of steps) { const v = m * 10 ** k; if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v); }
    }
    return out;
  };
  let vals = within([1, 2, 5]);
  if (vals.length < 3) { // within a decade: the 1-9 steps, but none closer than a quarter of the range
    vals = [];           // (log spacing would crowd 0.6, 0.7, 0.8, 0.9 at the top)
    for (const v of within([1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9])) {
      if (!vals.length || Math.log10(v / vals[vals.length - 1]) >= 0.249 * (b - a)) vals.push(v);
    }
  }
  if (vals.length < 3) {
    const pad = Math.max((b - a) * 0.05, 1e-6);
    vals = [0, 1, 2, 3, 4].map((k) => 10 ** (a - pad + ((b - a + 2 * pad) * k) / 4));
  }
  const tickvals = [...new Set(vals.map((v) => Number(v.toPrecision(3))))];
  return { tickmode: "array", tickvals, ticktext: tickvals.map(label) };
}

// --- curves -----------------------------------------------------------------------------------
const curveHover = (name) =>
  `${name}<br>step %{x}<br>epoch %{customdata:.3f}<br>%{y:.6g}<extra></extra>`;

export function lossFigure(runs, logy) {
  const data = [];
  for (const run of runs) {
    data.push({ x: [], y: [], customdata: [], mode: "lines", name: run.label, legendgroup: run.label,
                line: { color: run.color, width: 2 }, hovertemplate: curveHover(`${run.label} train loss`) });
    data.push({ x: [], y: [], customdata: [], mode: "lines", name: `${run.label} test`, legendgroup: run.label,
                showlegend: false, line: { color: run.color, width: 1.5, dash: "dot" },
                hovertemplate: curveHover(`${run.label} test loss`) });
  }
  return { data, layout: baseLayout("Loss J(θ) (dotted: test)", {
    xaxis: { title: { text: "iteration" }, rangemode: "nonnegative" },
    yaxis: { title: { text: "loss" }, type: logy ? "log" : "linear", rangemode: "tozero",
             exponentformat: "power" },
    hovermode: "closest" }) };
}

export function gradFigure(runs) {
  const data = runs.map((run) => ({
    x: [], y: [], customdata: [], mode: "lines", name: run.label, line: { color: run.color, width: 2 },
    hovertemplate: curveHover(`${run.label} ‖∇J‖`) }));
  return { data, layout: baseLayout("Gradient norm ‖∇J(θ)‖", {
    xaxis: { title: { text: "iteration" }, rangemode: "nonnegative" },
    yaxis: { type: "log", exponentformat: "power", title: { text: "‖∇J‖" } } }) };
}

// The gradient reaching each layer of the first run's network: vanishing or exploding shows here.
export function layerGradFigure(n, who = "run") {
  const names = Array.from({ length: n }, (_, l) => (l === n - 1 ? "output layer" : `layer ${l + 1}`));
  const data = names.map((name, l) => ({
    x: [], y: [], customdata: [], mode: "lines", name, line: { width: 2, color: LAYER_COLORS[l % LAYER_COLORS.length] },
    hovertemplate: curveHover(`‖∂J/∂W${l + 1}‖ (${name})`) }));
  return { data, layout: baseLayout(`Gradient per layer ‖∂J/∂Wₗ‖${who === "run" ? "" : ` (${who})`}`, {
    xaxis: { title: { text: "iteration" }, rangemode: "nonnegative" },
    yaxis: { type: "log", exponentformat: "power", title: { text: "‖∂J/∂Wₗ‖" } } }) };
}
const LAYER_COLORS = ["#08519c", "#3182bd", "#6baed6", "#fd8d3c", "#d94801"];

export const MAX_PARAM_TRACES = 12;

export function paramsFigure(names, who = "run 1") {
  const shown = names.slice(0, MAX_PARAM_TRACES);
  const data = shown.map((name) => ({
    x: [], y: [], customdata: [], mode: "lines", name, line: { width: 1.5 },
    hovertemplate: curveHover(name) }));
  const note = names.length > shown.length ? ` (first ${shown.length} of ${names.length})` : "";
  return { data, layout: baseLayout(`Parameters of ${who === "run" ? "the run" : who}${note}`, {
    // automargin off: with no legend below, automargin would set the title on the figure's very edge
    xaxis: { title: { text: "iteration" }, rangemode: "nonnegative", automargin: false },
    yaxis: { title: { text: "value" } },
    showlegend: shown.length <= 6, // more lines than a legend can name beside a small plot: hover names them
    legend: { orientation: "v", x: 1.02, xanchor: "left", y: 1, font: { size: 9 } },
    margin: { ...margin, r: 70, b: 58 } }) }; // b: the tick labels and the x title, with no legend below
}

// --- the loss surface -----------------------------------------------------------------------
export function surfaceFigure(surface, runs, view3d) {
  const { xs, ys, z, labels } = surface;
  const data = [];
  if (view3d) {
    const mesh = gridMesh(xs, ys, z); // a mesh, not a surface trace: see mesh.js
    data.push({ type: "mesh3d", ...mesh, intensity: mesh.z, colorscale: "Viridis", showscale: false,
                name: "loss", hovertemplate: `${labels[0]} %{x:.4g}<br>${labels[1]} %{y:.4g}<br>J %{z:.6g}<extra></extra>` });
    for (const run of runs) {
      const j = run.pj || run.pz; // J itself (pz may be lifted above the mesh)
      data.push({ type: "scatter3d", mode: "lines", x: run.px, y: run.py, z: run.pz, name: `${run.label} path`,
                  line: { color: run.color, width: 5 }, customdata: j,
                  hovertemplate: `${run.label}<br>J %{customdata:.6g}<extra></extra>` });
      data.push({ type: "scatter3d", mode: "markers", x: run.px.slice(-1), y: run.py.slice(-1),
                  z: run.pz.slice(-1), customdata: j.slice(-1), name: `${run.label} now`, marker: { color: run.color, size: 5 },
                  hovertemplate: `${run.label}<br>J %{customdata:.6g}<extra></extra>`,
                  showlegend: false });
    }
  } else {
    data.push({ type: "contour", x: xs, y: ys, z, colorscale: "Viridis", ncontours: 30, name: "loss",
                contours: { coloring: "fill", showlines: true }, line: { width: 0.5, color: "rgba(255,255,255,0.35)" },
                colorbar: { thickness: 10, title: { text: "J", side: "right" } },
                hovertemplate: `${labels[0]} %{x:.4g}<br>${labels[1]} %{y:.4g}<br>J %{z:.6g}<extra></extra>` });
    for (const run of runs) {
      data.push({ type: "scatter", mode: "lines", x: run.px, y: run.py, name: `${run.label} path`,
                  line: { color: run.color, width: 2.5 }, customdata: run.steps.map((step, i) => [step, run.pj[i] ?? "–"]),
                  hovertemplate: `${run.label}<br>step %{customdata[0]}<br>(%{x:.4g}, %{y:.4g})<br>J %{customdata[1]:.6g}<extra></extra>` });
    } // where each run is now, and its path since the last slice: pathShapes, in the layout
  }
  const best = surface.optimum; // linear least squares: where the normal equations put the bottom
  if (best) {
    const hover = `θ* from the normal equations${best.offPlane > 1e-9 ? " (projected)" : ""}<br>J %{customdata:.6g}<extra></extra>`;
    const marker = { symbol: view3d ? "diamond" : "star", size: view3d ? 6 : 15, color: "#ffd43b",
                     line: { color: "#212529", width: 1.5 } };
    data.push(view3d
      ? { type: "scatter3d", mode: "markers", x: [best.point[0]], y: [best.point[1]], z: [best.loss],
          customdata: [best.loss], name: "θ* (normal equations)", marker, hovertemplate: hover }
      : { type: "scatter", mode: "markers", x: [best.point[0]], y: [best.point[1]], customdata: [best.loss],
          name: "θ* (normal equations)", marker, hovertemplate: hover });
  }
  const title = surface.title;
  const layout = baseLayout(title, view3d
    ? { scene: { xaxis: { title: { text: labels[0] } }, yaxis: { title: { text: labels[1] } },
                 zaxis: { title: { text: "J" } } }, margin: { l: 0, r: 0, t: 30, b: 0 },
        legend: LEGEND_BELOW }
    : { xaxis: { title: { text: labels[0] }, range: [xs[0], xs[xs.length - 1]] },
        yaxis: { title: { text: labels[1] }, range: [ys[0], ys[ys.length - 1]] },
        legend: LEGEND_BELOW });
  layout.uirevision = surface.mode + String(view3d);
  return { data, layout };
}

// The 2-D paths as layout shapes (one SVG path each, the newest point a dot): a relayout of shapes
// redraws only them, where a trace update recomputes and repaints the contour under them too.
export function pathShapes(runs) {
  const shapes = [];
  for (const run of runs) {
    const points = run.px.map((x, i) => [x, run.py[i]]).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (!points.length) continue;
    shapes.push({ type: "path", xref: "x", yref: "y", layer: "above", line: { color: run.color, width: 2.5 },
                  path: "M" + points.map(([x, y]) => `${x},${y}`).join("L") });
    const [x, y] = points[points.length - 1];
    shapes.push({ type: "circle", xref: "x", yref: "y", xsizemode: "pixel", ysizemode: "pixel", xanchor: x, yanchor: y,
                  x0: -5.5, x1: 5.5, y0: -5.5, y1: 5.5, fillcolor: run.color, line: { color: "#fff", width: 2 } });
  }
  return shapes;
}

// An arrow as layout shapes (a shape redraws alone; an annotation replots the figure): the shaft,
// carrying the label at its tip, and a head whose sides are ~12 px long. perPixel: data units per
// pixel along x and y.
export function arrowShapes(from, to, color, perPixel, label = "") {
  const [sx, sy] = perPixel, dx = (to[0] - from[0]) / sx, dy = (to[1] - from[1]) / sy;
  const n = Math.hypot(dx, dy) || 1, ux = dx / n, uy = dy / n, head = 12;
  const side = (sign) => [to[0] - head * (ux * 0.87 - sign * uy * 0.5) * sx, to[1] - head * (uy * 0.87 + sign * ux * 0.5) * sy];
  const [l, r] = [side(1), side(-1)];
  return [
    { type: "line", name: "gradient", xref: "x", yref: "y", layer: "above", line: { color, width: 2.5 },
      x0: from[0], y0: from[1], x1: to[0], y1: to[1],
      // the label above the tip, extending back over the shaft, so it stays inside the plot
      label: { text: label, textposition: "end", textangle: 0, xanchor: ux > 0 ? "right" : "left", yanchor: "bottom",
               font: { size: 12, color, weight: "bold" }, padding: 10 } },
    { type: "path", name: "gradient head", xref: "x", yref: "y", layer: "above", line: { color, width: 2.5 },
      fillcolor: color, path: `M${l[0]},${l[1]}L${to[0]},${to[1]}L${r[0]},${r[1]}Z` },
  ];
}

// The marks of live changes as layout shapes and labels: a dashed vertical line at the step, its
// text written up along it (so close marks do not cover each other).
export function markLayout(marks) {
  return {
    shapes: marks.map((m) => ({ type: "line", xref: "x", yref: "paper", x0: m.step, x1: m.step, y0: 0, y1: 1,
                                line: { color: "#5b6577", width: 1, dash: "dash" } })),
    annotations: marks.map((m) => ({ x: m.step, xref: "x", y: 1, yref: "paper", yanchor: "top", xanchor: "right",
                                     text: m.text, textangle: -90, showarrow: false, font: { size: 10, color: "#3b4454" },
                                     bgcolor: "rgba(255,255,255,0.75)" })),
  };
}
