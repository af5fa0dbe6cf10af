// Activations and their derivatives; the vanishing gradient through deep stacks and the measured
// layer-to-layer ratios; ReLU's idle units; a linear stack collapsing; what each activation costs.
import { $, fmt, getJSON, pct, postJSON, showError, throttle, urlState } from "/static/js/kit.js";
import { baseLayout, logTicks, plotConfig } from "/static/js/plots.js";
import { names } from "/static/js/catalogue.js";
import { splitFormulas } from "/static/js/lesson/formulas.js";
import { plotly } from "/static/js/vendor.js";

const PROPS = [
  { key: "depth", type: "int", def: 12, clamp: (v) => Math.min(30, Math.max(2, v)) },
  { key: "width", type: "int", def: 32, clamp: (v) => Math.min(128, Math.max(4, v)) },
  { key: "seed", type: "int", def: 0, clamp: (v) => Math.min(4294967295, Math.max(0, v)) },
];
const PALETTE = ["#1f6feb", "#2b8a3e", "#d9480f", "#9c36b5", "#868e96", "#e8590c", "#0b7285"];
// Linear, ReLU and leaky ReLU coincide for z > 0: linear is drawn first as a wide pale band, ReLU
// solid on top of it and leaky ReLU dotted, so each stays visible.
const STYLE = { linear: { width: 8, opacity: 0.35 }, relu: { width: 2.5 }, leaky_relu: { width: 2.5, dash: "dot" } };
const ORDER = (list) => [...list].sort((a, b) => (b === "linear") - (a === "linear"));
const median = (v) => { const s = [...v].sort((a, b) => a - b), k = s.length >> 1; return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2; };
const ms = (s) => (1000 * s).toPrecision(3); // milliseconds, the unit in the table's corner

function lesson() {
  const { state, save } = urlState(PROPS);
  const COLORS = Object.fromEntries(names("activations").map((name, i) => [name, PALETTE[i % PALETTE.length]]));
  const ACTS = ORDER(Object.keys(COLORS));
  window.gdviz = { state, runs: [] };
  splitFormulas();

  const ticksFor = (values) => { // plots.js logTicks over the values drawn
    const v = values.filter((x) => x > 0 && Number.isFinite(x));
    return v.length ? logTicks(Math.min(...v), Math.max(...v)) : {};
  };
  const line = (name, extra = {}) => ({ color: COLORS[name], width: 2, dash: "solid", ...(STYLE[name] || {}), ...extra });
  const styled = (name, trace) => ({ ...trace, name, line: line(name), opacity: (STYLE[name] || {}).opacity || 1 });

  async function drawActivations() {
    const c = await getJSON("/api/lessons/activations");
    const traces = (part) => ACTS.map((name) => styled(name, { x: c.z, y: c[name][part], mode: "lines",
      hovertemplate: `${name}${part === "derivative" ? "′" : ""}(%{x:.2f}) = %{y:.4f}<extra></extra>` }));
    Plotly.newPlot("act-plot", traces("value"), baseLayout("Activations g(z)", { xaxis: { title: { text: "z" } },
      yaxis: { range: [-1.5, 3], title: { text: "g(z)" } } }), plotConfig("gdviz-activations"));
    Plotly.newPlot("deriv-plot", traces("derivative"), baseLayout("Their derivatives g′(z)", { xaxis: { title: { text: "z" } },
      yaxis: { range: [-0.1, 1.15], title: { text: "g′(z)" } },
      shapes: [{ type: "line", x0: -6, x1: 6, y0: 0.25, y1: 0.25, line: { dash: "dot", color: COLORS.sigmoid } }],
      annotations: [{ x: 4.5, y: 0.25, text: "σ′ ≤ ¼", showarrow: false, yshift: 10, font: { color: COLORS.sigmoid } }] }),
    plotConfig("gdviz-activation-derivatives"));
  }

  function drawRatios(out) {
    const ratioLayers = out.layers.slice(0, -1);
    Plotly.react("ratio-plot", ACTS.map((name) => styled(name, { x: ratioLayers, y: out.ratios[name], mode: "lines+markers",
      hovertemplate: `${name}<br>layer %{x} ÷ layer %{x}+1: %{y:.3f}<extra></extra>` })),
    baseLayout("Gradient size of layer l ÷ layer l + 1", {
      xaxis: { title: { text: "layer l" }, dtick: ratioLayers.length > 16 ? 2 : 1 },
      yaxis: { type: "log", title: { text: "ratio" }, ...ticksFor([0.1, 4, ...ACTS.flatMap((n) => out.ratios[n])]) },
      shapes: [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: 0.25, y1: 0.25, line: { dash: "dot", color: COLORS.sigmoid } }],
      annotations: [{ xref: "paper", x: 1, xanchor: "right", y: Math.log10(0.25), text: "¼", showarrow: false, yshift: -9,
                      font: { color: COLORS.sigmoid } }] }),
    plotConfig("gdviz-layer-ratios"));
    const r = out.ratios.sigmoid.filter((v) => v !== null);
    const summary = { min: Math.min(...r), median: median(r), max: Math.max(...r) };
    window.gdviz.sigmoidRatios = summary;
    $("ratio-readout").textContent = `Sigmoid, layer to layer: min ${fmt(summary.min, 3)}, median ${fmt(summary.median, 3)}, `
      + `max ${fmt(summary.max, 3)}${summary.max > 0.25 ? " (above ¼: the weights and inputs add to the slope)" : ""}. `
      + `Over ${r.length} layers that compounds: layer 1's gradient is ${fmt(out.sigmoid[0] / out.sigmoid.at(-1), 2)} of the top layer's. `
      + `ReLU's median ratio: ${fmt(median(out.ratios.relu.filter((v) => v !== null)), 3)}.`;
  }

  function drawSparsity(out) {
    const share = out.relu_inactive;
    $("sparsity-readout").textContent = `${share.map((s, i) => `layer ${i + 1}: ${pct(s)}`).join(" · ")}. `
      + `Mean ${pct(share.reduce((a, b) => a + b, 0) / share.length)} off.`;
  }

  function drawCollapse(c) {
    $("collapse-readout").textContent = `${c.depth} layers (${c.shapes.map((s) => s.join("×")).join(", ")}) → one 4×3 map. `
      + `Largest difference between the deep net's outputs and X·W + b over 64 samples: ${c.max_difference.toExponential(1)}.`;
    const head = `<tr><th></th>${c.product[0].map((_, j) => `<th>output ${j + 1}</th>`).join("")}</tr>`;
    const rows = c.product.map((row, i) => `<tr><th>W, input ${i + 1}</th>${row.map((v) => `<td>${fmt(v, 4)}</td>`).join("")}</tr>`);
    const bias = `<tr><th>b</th>${c.bias.map((v) => `<td>${fmt(v, 4)}</td>`).join("")}</tr>`;
    $("collapse-table").innerHTML = head + rows.join("") + bias; // numbers formatted above: no user text
  }

  const drawVanishing = throttle(async () => {
    try {
      const out = await postJSON("/api/lessons/vanishing", { depth: state.depth, width: state.width, seed: state.seed });
      window.gdviz.vanishing = out;
      Plotly.react("vanishing-plot", ACTS.map((name) => styled(name, { x: out.layers, y: out[name], mode: "lines+markers",
        hovertemplate: `${name}<br>layer %{x}<br>RMS |dJ/dW| %{y:.3e}<extra></extra>` })),
      baseLayout("Gradient size per layer (layer 1 is nearest the input)", {
        xaxis: { title: { text: "layer" }, dtick: out.layers.length > 16 ? 2 : 1 },
        yaxis: { type: "log", title: { text: "RMS of dJ/dW" }, ...ticksFor(ACTS.flatMap((name) => out[name])) } }),
      plotConfig("gdviz-vanishing-gradient"));
      drawRatios(out);
      drawSparsity(out);
      drawCollapse(out.collapse);
    } catch (exc) { showError(exc.message); }
  }, 100);

  async function runTrained() {
    try {
      const r = await postJSON("/api/lessons/relu-trained", { hidden: 16, steps: 1000, seed: state.seed });
      window.gdviz.trained = r;
      const layers = (shares) => shares.map((v, i) => `layer ${i + 1} ${pct(v)}`).join(", ");
      $("trained-readout").textContent = `After ${r.steps} steps (training accuracy ${pct(r.accuracy)}): `
        + `${layers(r.after)} off; at the start ${layers(r.before)}. Units off for every sample (dead): `
        + `${r.dead.map((v) => Math.round(v * r.hidden)).join(" and ")} of ${r.hidden}. `
        + "A trained network still leaves about half its units off for any one sample: each unit answers to its own region.";
    } catch (exc) { showError(exc.message); }
  }

  async function runTiming() {
    $("time-run").disabled = true;
    $("time-status").textContent = "timing on the server…";
    try {
      const t = await postJSON("/api/lessons/activation-timing", { n: 1000000, rounds: 7 });
      window.gdviz.timing = t;
      const head = "<tr><th>time (ms)</th><th>min</th><th>median</th><th>max</th><th>median ÷ ReLU's</th></tr>";
      const rows = Object.entries(t.seconds).map(([name, s]) => `<tr><th>${name}</th><td>${ms(s.min)}</td>`
        + `<td>${ms(s.median)}</td><td>${ms(s.max)}</td><td>${fmt(t.ratio_to_relu[name], 3)}</td></tr>`);
      $("time-table").innerHTML = head + rows.join(""); // names from the server's fixed list, numbers formatted
      $("time-status").textContent = ` ${t.n.toLocaleString("en")} numbers, ${t.rounds} rounds`;
    } catch (exc) {
      $("time-status").textContent = "";
      showError(exc.message);
    } finally { $("time-run").disabled = false; }
  }

  for (const key of ["depth", "width"]) {
    const render = () => { $(key).value = state[key]; $(`${key}-out`).textContent = state[key]; };
    $(key).addEventListener("input", (e) => { state[key] = Number(e.target.value); render(); save(); drawVanishing(); });
    render();
  }
  $("seed").value = state.seed;
  $("seed").addEventListener("change", (e) => {
    const v = Number.parseInt(e.target.value, 10);
    if (Number.isFinite(v) && v >= 0) { state.seed = v; save(); drawVanishing(); runTrained(); }
  });
  $("time-run").addEventListener("click", runTiming);

  plotly.then(async () => {
    try { await drawActivations(); } catch (exc) { showError(exc.message); }
    drawVanishing();
    await runTrained();
    runTiming();
  });
}

lesson();
