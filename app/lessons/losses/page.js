// The loss gallery: margin losses, and entropy / cross-entropy / KL for two distributions.
import { $, fmt, getJSON, postJSON, showError, throttle, urlState } from "/static/js/kit.js";
import { baseLayout, plotConfig } from "/static/js/plots.js";
import { splitFormulas } from "/static/js/lesson/formulas.js";
import { plotly } from "/static/js/vendor.js";

const OUTCOMES = ["A", "B", "C", "D"];
const PROPS = [
  { key: "p", type: "list", def: ["4", "3", "2", "1"] },
  { key: "q", type: "list", def: ["1", "1", "1", "1"] },
  { key: "unit", type: "string", def: "nats", choices: ["nats", "bits"] },
];
const fmtWeight = (w) => Number(w).toFixed(1);
const el = (tag, id) => Object.assign(document.createElement(tag), { id });
// The lesson owns its state: nothing mutable at module level.
function lesson() {
  const { state, save } = urlState(PROPS);
  const weights = (list) => OUTCOMES.map((_, i) => Math.min(10, Math.max(0, Number.parseFloat(list[i]) || 0)));
  let p = weights(state.p), q = weights(state.q);
  window.gdviz = { state, runs: [] };
  splitFormulas();

  const NAMES = { zero_one: "0-1", absolute: "absolute |1 − m|", squared: "squared (1 − m)²",
                  log: "log: ln(1 + e^(−m)), nats", hinge: "hinge max(0, 1 − m)", exponential: "exponential e^(−m)" };

  let margins = null;
  async function drawMargins() {
    margins = margins || await getJSON("/api/lessons/margin-losses");
    const c = margins, bits = $("log-bits").checked;
    const names = bits ? { ...NAMES, log: "log: log₂(1 + e^(−m)) = ln(1 + e^(−m)) / ln 2, bits" } : NAMES;
    const traces = Object.entries(names).map(([key, name]) => ({
      x: c.margin, y: c[key === "log" && bits ? "log2" : key], name, mode: "lines", line: { width: key === "zero_one" ? 3 : 2, shape: key === "zero_one" ? "hv" : "linear" },
      hovertemplate: `${name}<br>margin %{x:.2f}<br>loss %{y:.3f}<extra></extra>` }));
    Plotly.react("margin-plot", traces, baseLayout("Loss against the margin m = y·f(x)", { // legend below
      xaxis: { title: { text: "margin m" }, zeroline: true }, // y from just below 0: the 0-1 loss shows above the axis
      yaxis: { title: { text: "loss" }, range: [-0.15, 4] },
      shapes: [{ type: "line", x0: 0, x1: 0, y0: 0, y1: 4, line: { dash: "dot", color: "#888" } }] }),
      plotConfig("gdviz-margin-losses"));
  }

  function sliders(which, values) {
    const box = $(`${which}-sliders`);
    box.replaceChildren();
    OUTCOMES.forEach((name, i) => {
      const wrap = document.createElement("span");
      wrap.className = "control";
      const id = `${which}-${i}`;
      const label = document.createElement("label");
      label.htmlFor = id;
      label.append(`${which}(${name}) weight `, el("span", `${id}-w`), " →"); // the share floats right
      const out = document.createElement("output");
      out.id = `${id}-out`;
      out.htmlFor = id;
      label.append(out);
      const input = document.createElement("input");
      Object.assign(input, { id, type: "range", min: "0", max: "10", step: "0.1", value: String(values[i]) });
      input.addEventListener("input", () => { values[i] = Number(input.value); $(`${id}-w`).textContent = fmtWeight(values[i]); update(); });
      wrap.append(label, input);
      label.querySelector("span").textContent = fmtWeight(values[i]);
      box.append(wrap);
    });
  }

  const update = throttle(async () => {
    state.p = p.map(String);
    state.q = q.map(String);
    save();
    try {
      const unit = state.unit;
      const info = await postJSON("/api/lessons/information", { p, q, unit });
      window.gdviz.information = info;
      OUTCOMES.forEach((_, i) => {
        $(`p-${i}-out`).textContent = fmt(info.p[i], 3);
        $(`q-${i}-out`).textContent = fmt(info.q[i], 3);
      });
      $("h-p").textContent = `${fmt(info.entropy, 4)} ${unit}`;
      $("h-pq").textContent = info.cross_entropy === null ? "∞ (q = 0 where p > 0)" : `${fmt(info.cross_entropy, 4)} ${unit}`;
      $("kl").textContent = info.kl === null ? "∞" : `${fmt(info.kl, 4)} ${unit}`;
      $("h-q").textContent = `${fmt(info.entropy_q, 4)} ${unit}`;
      Plotly.react("dist-plot", [
        { type: "bar", x: OUTCOMES, y: info.p, name: "p (truth)", marker: { color: "#1f6feb" },
          hovertemplate: "p(%{x}) = %{y:.4f}<extra></extra>" },
        { type: "bar", x: OUTCOMES, y: info.q, name: "q (model)", marker: { color: "#d9480f" },
          hovertemplate: "q(%{x}) = %{y:.4f}<extra></extra>" }],
        baseLayout(`KL(p ‖ q) = ${info.kl === null ? "∞" : fmt(info.kl, 3)} ${unit}`, {
          barmode: "group", xaxis: { title: { text: "outcome" } },
          yaxis: { range: [0, 1], tickformat: ".0%", title: { text: "probability" } } }),
        plotConfig("gdviz-distributions"));
    } catch (exc) { showError(exc.message); }
  }, 80);

  $("unit").value = state.unit;
  $("unit").addEventListener("change", () => { state.unit = $("unit").value; update(); });
  $("log-bits").addEventListener("change", () => drawMargins().catch((exc) => showError(exc.message)));
  plotly.then(async () => {
    sliders("p", p);
    sliders("q", q);
    try { await drawMargins(); } catch (exc) { showError(exc.message); }
    update();
  });
}

lesson();
