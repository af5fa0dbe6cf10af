// The loss gallery: margin losses, and entropy / cross-entropy / KL for two distributions.
//
// Views: MarginPlot (every loss against the margin, log loss in nats or in bits), WeightSliders (the
// weights of p and q, each with its share), InformationTable (H(p), H(p, q), KL and H(q)) and
// DistributionPlot (p and q as bars). Facts (window.gdviz.facts):
//   margins        {bits, names, at_zero}: whether log loss is drawn in bits, the curves' names in the
//                  legend's order, and each curve's loss at m = 0 by its key ({zero_one, absolute,
//                  squared, log, hinge, exponential}; log in bits when bits)
//   weights        {p, q, shares: {p, q}}: each slider's weight (0 to 10), and the share shown beside it
//   information    the answer of POST /api/lessons/information the table shows: {unit, p, q, entropy,
//                  cross_entropy, kl, entropy_q}, p and q normalised, null for an infinite value
//   distributions  {unit, p, q, kl}: the bars drawn and the KL in the plot's title (null: ∞)
import { $, fmt, throttle } from "/static/js/kit.js";
import { baseLayout, plotConfig } from "/static/js/plots.js";
import { LessonPage, plotted } from "/static/js/lesson.js";

const OUTCOMES = ["A", "B", "C", "D"];
const PROPS = [
  { key: "p", type: "list", def: ["4", "3", "2", "1"] },
  { key: "q", type: "list", def: ["1", "1", "1", "1"] },
  { key: "unit", type: "string", def: "nats", choices: ["nats", "bits"] },
];
const NAMES = { zero_one: "0-1", absolute: "absolute |1 − m|", squared: "squared (1 − m)²",
                log: "log: ln(1 + e^(−m)), nats", hinge: "hinge max(0, 1 − m)", exponential: "exponential e^(−m)" };
const fmtWeight = (w) => Number(w).toFixed(1);
const el = (tag, id) => Object.assign(document.createElement(tag), { id });
const weightsOf = (list) => OUTCOMES.map((_, i) => Math.min(10, Math.max(0, Number.parseFloat(list[i]) || 0)));

// Every loss against the margin; log loss in nats, or divided by ln 2 (bits) when asked.
class MarginPlot {
  constructor(page) { this.page = page; this.curves = null; } // the curves, asked for once they are wanted

  // The curves (GET /api/lessons/margin-losses, asked once) drawn, the log loss in bits or nats.
  async show(bits) {
    this.curves = this.curves || await this.page.request("/api/lessons/margin-losses");
    if (this.curves) this.draw(this.curves, bits);
  }

  draw(c, bits) {
    const names = bits ? { ...NAMES, log: "log: log₂(1 + e^(−m)) = ln(1 + e^(−m)) / ln 2, bits" } : NAMES;
    const column = (key) => c[key === "log" && bits ? "log2" : key];
    const traces = Object.entries(names).map(([key, name]) => ({
      x: c.margin, y: column(key), name, mode: "lines", line: { width: key === "zero_one" ? 3 : 2, shape: key === "zero_one" ? "hv" : "linear" },
      hovertemplate: `${name}<br>margin %{x:.2f}<br>loss %{y:.3f}<extra></extra>` }));
    Plotly.react("margin-plot", traces, baseLayout("Loss against the margin m = y·f(x)", { // legend below
      xaxis: { title: { text: "margin m" }, zeroline: true }, // y from just below 0: the 0-1 loss shows above the axis
      yaxis: { title: { text: "loss" }, range: [-0.15, 4] },
      shapes: [{ type: "line", x0: 0, x1: 0, y0: 0, y1: 4, line: { dash: "dot", color: "#888" } }] }),
      plotConfig("gdviz-margin-losses"));
    const zero = c.margin.reduce((best, m, i) => (Math.abs(m) < Math.abs(c.margin[best]) ? i : best), 0);
    this.page.publish("margins", { bits, names: traces.map((t) => t.name),
      at_zero: Object.fromEntries(Object.keys(names).map((key) => [key, column(key)[zero]])) });
  }
}

// The sliders of p and q: each sets a weight; the share (weight / sum) floats at its label's right.
class WeightSliders {
  constructor(page, state, changed) {
    this.page = page;
    this.weights = { p: weightsOf(state.p), q: weightsOf(state.q) };
    this.changed = changed;
  }

  build() {
    for (const which of ["p", "q"]) {
      const values = this.weights[which];
      $(`${which}-sliders`).replaceChildren(...OUTCOMES.map((name, i) => {
        const wrap = document.createElement("span");
        wrap.className = "control";
        const id = `${which}-${i}`;
        const label = document.createElement("label");
        label.htmlFor = id;
        label.append(`${which}(${name}) weight `, el("span", `${id}-w`), " →"); // the share floats right
        const out = el("output", `${id}-out`);
        out.htmlFor = id;
        label.append(out);
        const input = el("input", id);
        Object.assign(input, { type: "range", min: "0", max: "10", step: "0.1", value: String(values[i]) });
        input.addEventListener("input", () => {
          values[i] = Number(input.value);
          $(`${id}-w`).textContent = fmtWeight(values[i]);
          this.changed();
        });
        label.querySelector("span").textContent = fmtWeight(values[i]);
        wrap.append(label, input);
        return wrap;
      }));
    }
  }

  show(info) { // the normalised distributions' shares beside the sliders
    OUTCOMES.forEach((_, i) => {
      $(`p-${i}-out`).textContent = fmt(info.p[i], 3);
      $(`q-${i}-out`).textContent = fmt(info.q[i], 3);
    });
    this.page.publish("weights", { p: [...this.weights.p], q: [...this.weights.q], shares: { p: info.p, q: info.q } });
  }
}

// H(p), H(p, q), KL(p ‖ q) and H(q), in the unit asked for.
class InformationTable {
  constructor(page) { this.page = page; }

  draw(info, unit) {
    $("h-p").textContent = `${fmt(info.entropy, 4)} ${unit}`;
    $("h-pq").textContent = info.cross_entropy === null ? "∞ (q = 0 where p > 0)" : `${fmt(info.cross_entropy, 4)} ${unit}`;
    $("kl").textContent = info.kl === null ? "∞" : `${fmt(info.kl, 4)} ${unit}`;
    $("h-q").textContent = `${fmt(info.entropy_q, 4)} ${unit}`;
    this.page.publish("information", info);
  }
}

// p and q side by side, the KL between them in the title.
class DistributionPlot {
  constructor(page) { this.page = page; }

  draw(info, unit) {
    Plotly.react("dist-plot", [
      { type: "bar", x: OUTCOMES, y: info.p, name: "p (truth)", marker: { color: "#1f6feb" },
        hovertemplate: "p(%{x}) = %{y:.4f}<extra></extra>" },
      { type: "bar", x: OUTCOMES, y: info.q, name: "q (model)", marker: { color: "#d9480f" },
        hovertemplate: "q(%{x}) = %{y:.4f}<extra></extra>" }],
      baseLayout(`KL(p ‖ q) = ${info.kl === null ? "∞" : fmt(info.kl, 3)} ${unit}`, {
        barmode: "group", xaxis: { title: { text: "outcome" } },
        yaxis: { range: [0, 1], tickformat: ".0%", title: { text: "probability" } } }),
      plotConfig("gdviz-distributions"));
    this.page.publish("distributions", { unit, p: info.p, q: info.q, kl: info.kl });
  }
}

function main() {
  const page = new LessonPage({ props: PROPS, ready: 4 }), state = page.state;
  const margins = new MarginPlot(page), table = new InformationTable(page), bars = new DistributionPlot(page);
  const sliders = new WeightSliders(page, state, () => update());
  const update = throttle(async () => {
    state.p = sliders.weights.p.map(String);
    state.q = sliders.weights.q.map(String);
    page.save();
    const unit = state.unit;
    const info = await page.request("/api/lessons/information", { p: sliders.weights.p, q: sliders.weights.q, unit });
    if (!info) return; // the banner says why
    sliders.show(info);
    table.draw(info, unit);
    bars.draw(info, unit);
  }, 80);
  const drawMargins = () => margins.show($("log-bits").checked);
  page.bind("unit", "unit", update, { read: String, event: "change" });
  $("log-bits").addEventListener("change", () => plotted.then(drawMargins));
  plotted.then(async () => {
    sliders.build();
    await drawMargins();
    update();
  });
}

main();
