// Plotly figure builders for the playground. Pure functions: data in, traces and layouts out.
import { gridMesh } from "./mesh.js";

export const COLORS = ["#1f6feb", "#d9480f", "#2b8a3e", "#9c36b5"];
export const CLASS_COLORS = ["#2166ac", "#b2182b", "#1b7837", "#762a83", "#e08214", "#01665e",
  "#8c510a", "#c51b7d", "#4d4d4d", "#35978f"];
export const MAX_POINTS = 2000; // points a curve keeps on screen (the export keeps every step)

const font = { family: "system-ui, sans-serif", size: 11 };
const margin = { l: 52, r: 12, t: 34, b: 40 };

export function plotConfig(filename) {
  return {
    responsive: true, displaylogo: false, showSendToCloud: false, showEditInChartStudio: false,
    modeBarButtonsToRemove: ["lasso2d", "select2d", "sendChartToCloud"], // nothing leaves this machine
    toImageButtonOptions: { format: "png", filename, scale: 2 },
  };
}

// The title sits in the figure's top strip and the legend in its bottom strip (both in the
// container's coordinates, with margins that grow to fit them), so however many entries a legend
// gets, it never covers the title, the axes or their labels.
export const LEGEND_BELOW = { orientation: "h", x: 0, xanchor: "left", y: 0, yref: "container", yanchor: "bottom",
                              font: { size: 10 }, bgcolor: "rgba(255,255,255,0)" };

export function baseLayout(title, extra = {}) { // shared by the playground and the lessons
  const layout = { title: { text: title, font: { size: 13 }, x: 0.02, xanchor: "left", y: 0.99, yref: "container",
                            yanchor: "top", automargin: true },
                   font, margin, showlegend: true, legend: LEGEND_BELOW, uirevision: "keep", ...extra };
  for (const key of Object.keys(layout)) { // each axis's ticks and title make room for themselves
    if (/^[xy]axis\d*$/.test(key)) layout[key] = { automargin: true, ...layout[key] };
  }
  if (!layout.xaxis) layout.xaxis = { automargin: true };
  if (!layout.yaxis) layout.yaxis = { automargin: true };
  return layout;
}

// --- curves -----------------------------------------------------------------------------------
const curveHover = (name) =>
  `${name}<br>step %{x}<br>epoch %{customdata:.3f}<br>%{y:.6g}<extra></extra>`;

export function lossFigure(runs, logy) {
  const data = [];
  for (const run of runs) {
    data.push({ x: [], y: [], customdata: [], mode: "lines", name: `${run.label} train`,
                line: { color: run.color, width: 2 }, hovertemplate: curveHover(`${run.label} train loss`) });
    data.push({ x: [], y: [], customdata: [], mode: "lines", name: `${run.label} test`,
                line: { color: run.color, width: 1.5, dash: "dot" },
                hovertemplate: curveHover(`${run.label} test loss`) });
  }
  return { data, layout: baseLayout("Loss J(θ) against iteration", {
    xaxis: { title: { text: "iteration" } },
    yaxis: { title: { text: "loss" }, type: logy ? "log" : "linear",
             exponentformat: "power" },
    hovermode: "closest" }) };
}

export function gradFigure(runs) {
  const data = runs.map((run) => ({
    x: [], y: [], customdata: [], mode: "lines", name: run.label, line: { color: run.color, width: 2 },
    hovertemplate: curveHover(`${run.label} ‖∇J‖`) }));
  return { data, layout: baseLayout("Gradient norm ‖∇J(θ)‖", {
    xaxis: { title: { text: "iteration" } },
    yaxis: { type: "log", exponentformat: "power", title: { text: "‖∇J‖" } } }) };
}

// The gradient reaching each layer of the first run's network: vanishing or exploding shows here.
export function layerGradFigure(n) {
  const names = Array.from({ length: n }, (_, l) => (l === n - 1 ? "output layer" : `layer ${l + 1}`));
  const data = names.map((name, l) => ({
    x: [], y: [], customdata: [], mode: "lines", name, line: { width: 2, color: LAYER_COLORS[l % LAYER_COLORS.length] },
    hovertemplate: curveHover(`‖∂J/∂W${l + 1}‖ (${name})`) }));
  return { data, layout: baseLayout("Gradient reaching each layer ‖∂J/∂W_l‖ (run 1)", {
    xaxis: { title: { text: "iteration" } },
    yaxis: { type: "log", exponentformat: "power", title: { text: "‖∂J/∂W_l‖" } } }) };
}
const LAYER_COLORS = ["#08519c", "#3182bd", "#6baed6", "#fd8d3c", "#d94801"];

export const MAX_PARAM_TRACES = 12;

export function paramsFigure(names) {
  const shown = names.slice(0, MAX_PARAM_TRACES);
  const data = shown.map((name) => ({
    x: [], y: [], customdata: [], mode: "lines", name, line: { width: 1.5 },
    hovertemplate: curveHover(name) }));
  const note = names.length > shown.length ? ` (first ${shown.length} of ${names.length})` : "";
  return { data, layout: baseLayout(`Parameters of run 1${note}`, {
    xaxis: { title: { text: "iteration" } }, yaxis: { title: { text: "value" } },
    legend: { orientation: "v", x: 1.02, xanchor: "left", y: 1, font: { size: 9 } },
    margin: { ...margin, r: 70 } }) };
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
                  line: { color: run.color, width: 2.5 }, customdata: run.steps,
                  hovertemplate: `${run.label}<br>step %{customdata}<br>(%{x:.4g}, %{y:.4g})<extra></extra>` });
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

// An arrow as a layout shape (a shape redraws alone; an annotation replots the figure): the shaft
// and a head whose sides are ~12 px long. perPixel: data units per pixel along x and y.
export function arrowShape(from, to, color, perPixel) {
  const [sx, sy] = perPixel, dx = (to[0] - from[0]) / sx, dy = (to[1] - from[1]) / sy;
  const n = Math.hypot(dx, dy) || 1, ux = dx / n, uy = dy / n, head = 12;
  const side = (sign) => [to[0] - head * (ux * 0.87 - sign * uy * 0.5) * sx, to[1] - head * (uy * 0.87 + sign * ux * 0.5) * sy];
  const [l, r] = [side(1), side(-1)];
  return { type: "path", name: "gradient", xref: "x", yref: "y", layer: "above", line: { color, width: 2.5 },
           fillcolor: color, path: `M${from[0]},${from[1]}L${to[0]},${to[1]}M${l[0]},${l[1]}L${to[0]},${to[1]}L${r[0]},${r[1]}Z` };
}

// --- decision boundary -------------------------------------------------------------------------
export function boundaryFigure(points, map, classNames) {
  const data = [];
  const regression = points && points.task === "regression";
  const targets = regression ? [...points.train_y, ...points.test_y] : [];
  const [cmin, cmax] = [Math.min(...targets), Math.max(...targets)]; // one colour scale: map and points
  if (map && map.kind === "value") { // a regression on a plane: the prediction, points coloured alike
    data.push({ type: "heatmap", x: map.x, y: map.y, z: map.z, zsmooth: "best", colorscale: "Viridis", opacity: 0.8,
                zmin: cmin, zmax: cmax,
                colorbar: { thickness: 10, title: { text: "ŷ", side: "right" } },
                hovertemplate: "x₁ %{x:.3g}, x₂ %{y:.3g}<br>ŷ %{z:.4g}<extra></extra>" });
  }
  if (regression && points.train_x) {
    for (const [part, symbol] of [["train", "circle"], ["test", "x"]]) {
      data.push({ type: "scatter", mode: "markers", name: `${part} (colour: ${points.target_name})`,
                  x: points[`${part}_x`].map((p) => p[0]), y: points[`${part}_x`].map((p) => p[1]),
                  marker: { symbol, size: 7, color: points[`${part}_y`], colorscale: "Viridis", cmin, cmax,
                            line: { color: "#fff", width: 0.8 } },
                  hovertemplate: `${part}<br>(%{x:.3g}, %{y:.3g})<br>${points.target_name} %{marker.color:.4g}<extra></extra>` });
    }
  }
  if (map && map.kind !== "value") {
    const binary = map.kind === "probability";
    data.push({ type: "heatmap", x: map.x, y: map.y, z: map.z, zsmooth: "best", showscale: binary,
                zmin: binary ? 0 : 0, zmax: binary ? 1 : classNames.length - 1, opacity: binary ? 0.75 : 0.45,
                colorscale: binary ? "RdBu" : CLASS_COLORS.slice(0, classNames.length).map(
                  (c, i, all) => [all.length === 1 ? 0 : i / (all.length - 1), c]),
                customdata: map.confidence,
                colorbar: { thickness: 10, title: { text: "P(y=1)", side: "right" } },
                hovertemplate: binary
                  ? "x₁ %{x:.3g}, x₂ %{y:.3g}<br>P(y=1) %{z:.4f}<extra></extra>"
                  : "x₁ %{x:.3g}, x₂ %{y:.3g}<br>class %{z}<br>p %{customdata:.3f}<extra></extra>" });
  }
  if (points && points.train_x) {
    for (const [part, symbol] of [["train", "circle"], ["test", "x"]]) {
      const xs = points[`${part}_x`], ys = points[`${part}_y`];
      classNames.forEach((name, k) => {
        const idx = ys.map((y, i) => (y === k ? i : -1)).filter((i) => i >= 0);
        if (!idx.length) return;
        data.push({ type: "scatter", mode: "markers", name: `${part} ${name}`,
                    x: idx.map((i) => xs[i][0]), y: idx.map((i) => xs[i][1]),
                    marker: { symbol, size: part === "train" ? 6 : 7, color: CLASS_COLORS[k % 10],
                              line: { color: "#fff", width: part === "train" ? 0.8 : 0 } },
                    hovertemplate: `${part}, class ${name}<br>(%{x:.3g}, %{y:.3g})<extra></extra>` });
      });
    }
  }
  const empty = !points || !points.train_x;
  const named = points && points.feature_names.length === 2 && points.feature_names[0] !== "x1";
  const [fx, fy] = named ? points.feature_names : ["x₁", "x₂"];
  return { data, layout: baseLayout(regression ? "The fit" : "Decision boundary", {
    legend: LEGEND_BELOW,
    xaxis: { title: { text: fx }, visible: !empty }, yaxis: { title: { text: fy }, visible: !empty },
    annotations: empty ? [{ text: regression ? "the fitted curve: 1-D data sets only"
                                             : "decision map: 1-D and 2-D data sets only", showarrow: false, xref: "paper",
                            yref: "paper", x: 0.5, y: 0.5, font: { size: 13, color: "#5b6577" } }] : [] }) };
}

// A 1-D data set: its points (x against y, or the 0/1 label) and the model's curve over x: the
// fitted line (or curve) of a regression in the target's units, or P(y = 1 | x) of a classifier.
export function fitFigure(points, curve) {
  const regression = points.task === "regression", data = [];
  for (const [part, symbol] of [["train", "circle"], ["test", "x"]]) {
    const xs = points[`${part}_x`].map((p) => p[0]), ys = points[`${part}_y`];
    data.push({ type: "scatter", mode: "markers", name: `${part} points`, x: xs, y: ys,
                marker: { symbol, size: part === "train" ? 6 : 7, color: part === "train" ? "#5b6577" : "#d9480f",
                          opacity: 0.75 },
                hovertemplate: `${part}<br>x %{x:.4g}<br>${regression ? points.target_name : "y"} %{y:.4g}<extra></extra>` });
  }
  if (curve) {
    data.push({ type: "scatter", mode: "lines", name: regression ? "prediction ŷ(x)" : "P(y = 1 | x)", x: curve.x,
                y: curve.y, line: { color: "#1f6feb", width: 3 },
                hovertemplate: `x %{x:.4g}<br>${regression ? "ŷ" : "P(y = 1)"} %{y:.4g}<extra></extra>` });
  }
  return { data, layout: baseLayout(regression ? "The fit: data and the model's prediction (run 1)"
                                               : "The data and P(y = 1 | x) (run 1)", {
    legend: LEGEND_BELOW,
    xaxis: { title: { text: points.feature_names[0] || "x" } },
    yaxis: { title: { text: regression ? points.target_name : "y" } } }) };
}
