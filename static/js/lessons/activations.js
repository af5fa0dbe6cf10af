// Activations and their derivatives; the vanishing gradient through deep stacks.
import { $, getJSON, postJSON, showError, throttle, urlState } from "../kit.js";
import { baseLayout, logTicks, plotConfig } from "../plots.js";
import { names } from "../catalogue.js";
import { splitFormulas } from "./formulas.js";
import { plotly } from "../vendor.js";

const PROPS = [
  { key: "depth", type: "int", def: 12, clamp: (v) => Math.min(30, Math.max(2, v)) },
  { key: "width", type: "int", def: 32, clamp: (v) => Math.min(128, Math.max(4, v)) },
  { key: "seed", type: "int", def: 0, clamp: (v) => Math.min(4294967295, Math.max(0, v)) },
];
const { state, save } = urlState(PROPS);
const PALETTE = ["#1f6feb", "#2b8a3e", "#d9480f", "#9c36b5", "#868e96", "#e8590c", "#0b7285"];
const COLORS = Object.fromEntries(names("activations").map((name, i) => [name, PALETTE[i % PALETTE.length]]));
window.gdviz = { state, runs: [] };
splitFormulas();

// The log axis's ticks from the values drawn (plots.js logTicks: decades, or 1-2-5 steps, or a few
// values over a narrow range; never Plotly's "5, 2, 10⁻¹").
const ticksFor = (values) => {
  const v = values.filter((x) => x > 0 && Number.isFinite(x));
  return v.length ? logTicks(Math.min(...v), Math.max(...v)) : {};
};

async function drawActivations() {
  const c = await getJSON("/api/lessons/activations");
  const traces = (part) => Object.keys(COLORS).map((name) => ({ x: c.z, y: c[name][part], name, mode: "lines",
    line: { color: COLORS[name], width: 2, dash: name === "leaky_relu" ? "dot" : "solid" }, hovertemplate: `${name}${part === "derivative" ? "′" : ""}(%{x:.2f}) = %{y:.4f}<extra></extra>` }));
  Plotly.newPlot("act-plot", traces("value"), baseLayout("Activations g(z)", { xaxis: { title: { text: "z" } },
                 yaxis: { range: [-1.5, 3], title: { text: "g(z)" } } }),
                 plotConfig("gdviz-activations"));
  Plotly.newPlot("deriv-plot", traces("derivative"), baseLayout("Their derivatives g′(z)", { xaxis: { title: { text: "z" } },
    yaxis: { range: [-0.1, 1.15], title: { text: "g′(z)" } },
    shapes: [{ type: "line", x0: -6, x1: 6, y0: 0.25, y1: 0.25, line: { dash: "dot", color: COLORS.sigmoid } }],
    annotations: [{ x: 4.5, y: 0.25, text: "σ′ ≤ ¼", showarrow: false, yshift: 10, font: { color: COLORS.sigmoid } }] }),
    plotConfig("gdviz-activation-derivatives"));
}

const drawVanishing = throttle(async () => {
  try {
    const out = await postJSON("/api/lessons/vanishing", { depth: state.depth, width: state.width, seed: state.seed });
    window.gdviz.vanishing = out;
    Plotly.react("vanishing-plot", Object.keys(COLORS).map((name) => ({ x: out.layers, y: out[name], name,
      mode: "lines+markers", line: { color: COLORS[name], width: 2 },
      hovertemplate: `${name}<br>layer %{x}<br>RMS |dJ/dW| %{y:.3e}<extra></extra>` })),
      baseLayout("Gradient size per layer (layer 1 is nearest the input)", {
        xaxis: { title: { text: "layer" }, dtick: out.layers.length > 16 ? 2 : 1 },
        yaxis: { type: "log", title: { text: "RMS of dJ/dW" }, ...ticksFor(Object.keys(COLORS).flatMap((name) => out[name])) } }),
      plotConfig("gdviz-vanishing-gradient"));
  } catch (exc) { showError(exc.message); }
}, 100);

for (const key of ["depth", "width"]) {
  const render = () => { $(key).value = state[key]; $(`${key}-out`).textContent = state[key]; };
  $(key).addEventListener("input", (e) => { state[key] = Number(e.target.value); render(); save(); drawVanishing(); });
  render();
}
$("seed").value = state.seed;
$("seed").addEventListener("change", (e) => {
  const v = Number.parseInt(e.target.value, 10);
  if (Number.isFinite(v) && v >= 0) { state.seed = v; save(); drawVanishing(); }
});

plotly.then(async () => {
  try { await drawActivations(); } catch (exc) { showError(exc.message); }
  drawVanishing();
});
