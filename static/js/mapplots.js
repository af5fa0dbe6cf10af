// Plotly figures of the data: the decision map over a plane (points and the model's regions) and,
// for 1-D data, the points and the model's curve. Pure functions: data in, traces and layouts out.
import { CLASS_COLORS, LEGEND_BELOW, baseLayout } from "./plots.js";

export function boundaryFigure(points, map, classNames, who = "run") {
  const data = [];
  const regression = points && points.task === "regression";
  const [hx, hy] = points && points.axes ? ["PC1", "PC2"] : ["x₁", "x₂"]; // in the hover labels
  const targets = regression ? [...points.train_y, ...points.test_y] : [];
  const [cmin, cmax] = [Math.min(...targets), Math.max(...targets)]; // one colour scale: map and points
  if (map && map.kind === "value") { // a regression on a plane: the prediction, points coloured alike
    data.push({ type: "heatmap", x: map.x, y: map.y, z: map.z, zsmooth: "best", colorscale: "Viridis", opacity: 0.8,
                zmin: cmin, zmax: cmax,
                colorbar: { thickness: 10, title: { text: "ŷ", side: "right" } },
                hovertemplate: `${hx} %{x:.3g}, ${hy} %{y:.3g}<br>ŷ %{z:.4g}<extra></extra>` });
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
                  ? `${hx} %{x:.3g}, ${hy} %{y:.3g}<br>P(y=1) %{z:.4f}<extra></extra>`
                  : `${hx} %{x:.3g}, ${hy} %{y:.3g}<br>class %{z}<br>p %{customdata:.3f}<extra></extra>` });
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
  const [fx, fy] = points && points.axes ? points.axes : named ? points.feature_names : ["x₁", "x₂"];
  const whose = who === "run" ? "" : ` (${who})`;
  const title = points && points.axes ? `Decision map on the first two principal components${whose}`
    : regression ? `The fit${whose}` : `Decision boundary${whose}`;
  return { data, layout: baseLayout(title, {
    legend: LEGEND_BELOW,
    xaxis: { title: { text: fx }, visible: !empty }, yaxis: { title: { text: fy }, visible: !empty },
    annotations: empty ? [{ text: regression ? "the fitted curve: 1-D data sets only"
                                             : "decision map: 1-D and 2-D data sets only", showarrow: false, xref: "paper",
                            yref: "paper", x: 0.5, y: 0.5, font: { size: 13, color: "#5b6577" } }] : [] }) };
}

// A 1-D data set: its points (x against y, or the 0/1 label) and the model's curve over x: the
// fitted line (or curve) of a regression in the target's units, or P(y = 1 | x) of a classifier.
export function fitFigure(points, curve, who = "run") {
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
  const whose = who === "run" ? "" : ` (${who})`;
  return { data, layout: baseLayout(regression ? `The fit: data and the model's prediction${whose}`
                                               : `The data and P(y = 1 | x)${whose}`, {
    legend: LEGEND_BELOW,
    xaxis: { title: { text: points.feature_names[0] || "x" } },
    yaxis: { title: { text: regression ? points.target_name : "y" } } }) };
}

// A regression with more than one feature: each row's prediction against its true target, the
// line ŷ = y where a perfect model would put them all (map: POST /api/boundary's kind "fit").
export function predictedFigure(points, map, who = "run") {
  const data = [], all = map ? [...map.x, ...map.test_x] : [...points.train_y, ...points.test_y];
  const [lo, hi] = [Math.min(...all), Math.max(...all)];
  data.push({ type: "scatter", mode: "lines", name: "ŷ = y (a perfect fit)", x: [lo, hi], y: [lo, hi],
              line: { color: "#5b6577", width: 1.5, dash: "dash" }, hoverinfo: "skip" });
  if (map) {
    for (const [part, x, y, symbol, color] of [["train", map.x, map.y, "circle", "#1f6feb"],
                                                ["test", map.test_x, map.test_y, "x", "#d9480f"]]) {
      data.push({ type: "scatter", mode: "markers", name: `${part} rows`, x, y,
                  marker: { symbol, size: part === "train" ? 6 : 7, color, opacity: 0.75 },
                  hovertemplate: `${part}<br>${points.target_name} %{x:.4g}<br>ŷ %{y:.4g}<extra></extra>` });
    }
  }
  const whose = who === "run" ? "" : ` (${who})`;
  return { data, layout: baseLayout(`Predicted against true${whose}`, {
    legend: LEGEND_BELOW, xaxis: { title: { text: `true ${points.target_name}` } },
    yaxis: { title: { text: `predicted ${points.target_name}` } } }) };
}
