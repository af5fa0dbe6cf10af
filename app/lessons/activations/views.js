// The activations lesson's views: the curves, the gradient per layer and its layer-to-layer ratios,
// ReLU's idle units (at random and after training), the linear stack's collapse and the timings.
// page.js lists the facts each publishes.
import { $, fmt, pct } from "/static/js/kit.js";
import { baseLayout, logTicks, plotConfig } from "/static/js/plots.js";

const PALETTE = ["#1f6feb", "#2b8a3e", "#d9480f", "#9c36b5", "#868e96", "#e8590c", "#0b7285"];
// Linear, ReLU and leaky ReLU coincide for z > 0: linear is drawn first as a wide pale band, ReLU
// solid on top of it and leaky ReLU dotted, so each stays visible.
const STYLE = { linear: { width: 8, opacity: 0.35 }, relu: { width: 2.5 }, leaky_relu: { width: 2.5, dash: "dot" } };
const ORDER = (list) => [...list].sort((a, b) => (b === "linear") - (a === "linear"));
const median = (v) => { const s = [...v].sort((a, b) => a - b), k = s.length >> 1; return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2; };
const ms = (s) => (1000 * s).toPrecision(3); // milliseconds, the unit in the table's corner
const ticksFor = (values) => { // plots.js logTicks over the values drawn
  const v = values.filter((x) => x > 0 && Number.isFinite(x));
  return v.length ? logTicks(Math.min(...v), Math.max(...v)) : {};
};

// Each activation's colour and line, the same in every plot; `names` in the catalogue's order.
export class Palette {
  constructor(names) {
    this.colors = Object.fromEntries(names.map((name, i) => [name, PALETTE[i % PALETTE.length]]));
    this.acts = ORDER(names); // the drawing order: linear first, under the others
  }

  line(name, extra = {}) { return { color: this.colors[name], width: 2, dash: "solid", ...(STYLE[name] || {}), ...extra }; }

  styled(name, trace) { return { ...trace, name, line: this.line(name), opacity: (STYLE[name] || {}).opacity || 1 }; }
}

// Every activation g(z) and its derivative g′(z) (GET /api/lessons/activations).
export class ActivationCurves {
  constructor(page, palette) { this.page = page; this.palette = palette; }

  draw(c) {
    const { acts, colors } = this.palette;
    const traces = (part) => acts.map((name) => this.palette.styled(name, { x: c.z, y: c[name][part], mode: "lines",
      hovertemplate: `${name}${part === "derivative" ? "′" : ""}(%{x:.2f}) = %{y:.4f}<extra></extra>` }));
    Plotly.newPlot("act-plot", traces("value"), baseLayout("Activations g(z)", { xaxis: { title: { text: "z" } },
      yaxis: { range: [-1.5, 3], title: { text: "g(z)" } } }), plotConfig("gdviz-activations"));
    Plotly.newPlot("deriv-plot", traces("derivative"), baseLayout("Their derivatives g′(z)", { xaxis: { title: { text: "z" } },
      yaxis: { range: [-0.1, 1.15], title: { text: "g′(z)" } },
      shapes: [{ type: "line", x0: -6, x1: 6, y0: 0.25, y1: 0.25, line: { dash: "dot", color: colors.sigmoid } }],
      annotations: [{ x: 4.5, y: 0.25, text: "σ′ ≤ ¼", showarrow: false, yshift: 10, font: { color: colors.sigmoid } }] }),
    plotConfig("gdviz-activation-derivatives"));
    this.page.publish("activations", { names: [...acts] });
  }
}

// The RMS of dJ/dW per layer through a stack of each activation (POST /api/lessons/vanishing).
export class GradientPlot {
  constructor(page, palette) { this.page = page; this.palette = palette; }

  draw(out) {
    const { acts } = this.palette;
    Plotly.react("vanishing-plot", acts.map((name) => this.palette.styled(name, { x: out.layers, y: out[name], mode: "lines+markers",
      hovertemplate: `${name}<br>layer %{x}<br>RMS |dJ/dW| %{y:.3e}<extra></extra>` })),
    baseLayout("Gradient size per layer (layer 1 is nearest the input)", {
      xaxis: { title: { text: "layer" }, dtick: out.layers.length > 16 ? 2 : 1 },
      yaxis: { type: "log", title: { text: "RMS of dJ/dW" }, ...ticksFor(acts.flatMap((name) => out[name])) } }),
    plotConfig("gdviz-vanishing-gradient"));
    this.page.publish("vanishing", { layers: out.layers, sizes: Object.fromEntries(acts.map((name) => [name, out[name]])) });
  }
}

// Each layer's gradient size over the next one's, and what sigmoid's ratios come to, in words.
export class RatioPlot {
  constructor(page, palette) { this.page = page; this.palette = palette; }

  draw(out) {
    const { acts, colors } = this.palette;
    const ratioLayers = out.layers.slice(0, -1);
    Plotly.react("ratio-plot", acts.map((name) => this.palette.styled(name, { x: ratioLayers, y: out.ratios[name], mode: "lines+markers",
      hovertemplate: `${name}<br>layer %{x} ÷ layer %{x}+1: %{y:.3f}<extra></extra>` })),
    baseLayout("Gradient size of layer l ÷ layer l + 1", {
      xaxis: { title: { text: "layer l" }, dtick: ratioLayers.length > 16 ? 2 : 1 },
      yaxis: { type: "log", title: { text: "ratio" }, ...ticksFor([0.1, 4, ...acts.flatMap((n) => out.ratios[n])]) },
      shapes: [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: 0.25, y1: 0.25, line: { dash: "dot", color: colors.sigmoid } }],
      annotations: [{ xref: "paper", x: 1, xanchor: "right", y: Math.log10(0.25), text: "¼", showarrow: false, yshift: -9,
                      font: { color: colors.sigmoid } }] }),
    plotConfig("gdviz-layer-ratios"));
    const r = out.ratios.sigmoid.filter((v) => v !== null);
    const sigmoid = { min: Math.min(...r), median: median(r), max: Math.max(...r) };
    $("ratio-readout").textContent = `Sigmoid, layer to layer: min ${fmt(sigmoid.min, 3)}, median ${fmt(sigmoid.median, 3)}, `
      + `max ${fmt(sigmoid.max, 3)}${sigmoid.max > 0.25 ? " (above ¼: the weights and inputs add to the slope)" : ""}. `
      + `Over ${r.length} layers that compounds: layer 1's gradient is ${fmt(out.sigmoid[0] / out.sigmoid.at(-1), 2)} of the top layer's. `
      + `ReLU's median ratio: ${fmt(median(out.ratios.relu.filter((v) => v !== null)), 3)}.`;
    this.page.publish("ratios", { layers: ratioLayers, ratios: out.ratios, sigmoid });
  }
}

// The share of ReLU units off, layer by layer, at random weights.
export class SparsityReadout {
  constructor(page) { this.page = page; }

  draw(share) {
    $("sparsity-readout").textContent = `${share.map((s, i) => `layer ${i + 1}: ${pct(s)}`).join(" · ")}. `
      + `Mean ${pct(share.reduce((a, b) => a + b, 0) / share.length)} off.`;
    this.page.publish("sparsity", share);
  }
}

// A deep linear stack and its one map X·W + b: the readout and the table of W and b.
export class CollapseTable {
  constructor(page) { this.page = page; }

  draw(c) {
    $("collapse-readout").textContent = `${c.depth} layers (${c.shapes.map((s) => s.join("×")).join(", ")}) → one 4×3 map. `
      + `Largest difference between the deep net's outputs and X·W + b over 64 samples: ${c.max_difference.toExponential(1)}.`;
    const head = `<tr><th></th>${c.product[0].map((_, j) => `<th>output ${j + 1}</th>`).join("")}</tr>`;
    const rows = c.product.map((row, i) => `<tr><th>W, input ${i + 1}</th>${row.map((v) => `<td>${fmt(v, 4)}</td>`).join("")}</tr>`);
    const bias = `<tr><th>b</th>${c.bias.map((v) => `<td>${fmt(v, 4)}</td>`).join("")}</tr>`;
    $("collapse-table").innerHTML = head + rows.join("") + bias; // numbers formatted above: no user text
    this.page.publish("collapse", c);
  }
}

// ReLU's idle units in a network trained on circles (POST /api/lessons/relu-trained).
export class TrainedReadout {
  constructor(page) { this.page = page; }

  draw(r) {
    const layers = (shares) => shares.map((v, i) => `layer ${i + 1} ${pct(v)}`).join(", ");
    $("trained-readout").textContent = `After ${r.steps} steps (training accuracy ${pct(r.accuracy)}): `
      + `${layers(r.after)} off; at the start ${layers(r.before)}. Units off for every sample (dead): `
      + `${r.dead.map((v) => Math.round(v * r.hidden)).join(" and ")} of ${r.hidden}. `
      + "A trained network still leaves about half its units off for any one sample: each unit answers to its own region.";
    this.page.publish("trained", r);
  }
}

// The timings (POST /api/lessons/activation-timing) and the button that asks for them again.
export class TimingTable {
  constructor(page) { this.page = page; }

  busy() {
    $("time-run").disabled = true;
    $("time-status").textContent = "timing on the server…";
  }

  draw(t) {
    const head = "<tr><th>time (ms)</th><th>min</th><th>median</th><th>max</th><th>median ÷ ReLU's</th></tr>";
    const rows = Object.entries(t.seconds).map(([name, s]) => `<tr><th>${name}</th><td>${ms(s.min)}</td>`
      + `<td>${ms(s.median)}</td><td>${ms(s.max)}</td><td>${fmt(t.ratio_to_relu[name], 3)}</td></tr>`);
    $("time-table").innerHTML = head + rows.join(""); // names from the server's fixed list, numbers formatted
    $("time-status").textContent = ` ${t.n.toLocaleString("en")} numbers, ${t.rounds} rounds`;
    this.page.publish("timing", t);
  }

  failed() { $("time-status").textContent = ""; }

  done() { $("time-run").disabled = false; }
}
