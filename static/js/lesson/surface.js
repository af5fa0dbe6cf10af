// A loss surface over (w, b) as a contour, with a run's path on it and any marks: the lessons'
// one way of asking the engine for a surface (POST /api/surface, coordinates w and b) and drawing it.
import { postJSON } from "../kit.js";
import { baseLayout, plotConfig } from "../plots.js";

// The loss over (w, b) = (alpha, beta) for one data set, model and loss, centred on (0, 0).
export const wbSurface = (dataset, model, loss, span, resolution = 61) => postJSON("/api/surface", {
  dataset, model, loss, center: [0, 0], span, resolution, directions: { kind: "coordinates", i: 0, j: 1 } });

// Trace 0 the contour, trace 1 the path (restyle it as a run goes), then the marks:
// [{ w, b, text, symbol, color }] drawn as labelled markers.
export function drawWbSurface(id, s, title, { lossName = "J", path = [], marks = [], filename = id } = {}) {
  const traces = [
    { type: "contour", x: s.alpha, y: s.beta, z: s.loss, colorscale: "Viridis", ncontours: 28,
      contours: { coloring: "heatmap" }, colorbar: { thickness: 10 }, name: lossName,
      hovertemplate: `w %{x:.3f}<br>b %{y:.3f}<br>${lossName} %{z:.5f}<extra></extra>` },
    { x: path.map((r) => r.params[0]), y: path.map((r) => r.params[1]), mode: "lines+markers",
      marker: { size: 3 }, line: { color: "#fff", width: 2 }, name: "path", text: path.map((r) => r.step),
      hovertemplate: "step %{text}<br>w %{x:.3f}, b %{y:.3f}<extra></extra>" },
    ...marks.map((m) => ({ x: [m.w], y: [m.b], mode: "markers+text", name: m.text, text: [m.text],
      textposition: m.position || "top center", cliponaxis: false,
      textfont: { color: "#fff", size: 11 },
      marker: { size: 13, symbol: m.symbol || "star", color: m.color || "#ffd43b", line: { color: "#000", width: 1 } },
      hovertemplate: `${m.text}<br>w %{x:.4f}, b %{y:.4f}<extra></extra>` })),
  ];
  return Plotly.react(id, traces, baseLayout(title, { xaxis: { title: { text: "w" } }, yaxis: { title: { text: "b" } },
    showlegend: false }), plotConfig(filename));
}

// A run's path onto trace 1 of a surface drawn by drawWbSurface.
export function restylePath(id, history) {
  if (!document.getElementById(id).data) return;
  Plotly.restyle(id, { x: [history.map((r) => r.params[0])], y: [history.map((r) => r.params[1])],
                       text: [history.map((r) => r.step)] }, [1]);
}
