// The cross-entropy pitfalls' first two panels: ε in the log against the stable form (EpsilonReadout,
// EpsilonPlots) and H(p, p) (WeightSliders, SelfEntropyTable, SimplexPlot). Numbers arrive in nats;
// each view shows them in the unit it is given (bits: nats / ln 2). page.js lists the facts.
import { $, fmt } from "/static/js/kit.js";
import { baseLayout, plotConfig } from "/static/js/plots.js";

export const SUB = "₀₁₂₃₄₅";
const scaleOf = (unit) => (unit === "bits" ? 1 / Math.LN2 : 1);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value; else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

// The table of both losses and slopes at the sample's z, and p of the true class against ε.
export class EpsilonReadout {
  constructor(page) { this.page = page; }

  draw(e, unit) {
    const s = scaleOf(unit), pt = e.point;
    const inUnit = (v, digits = 5) => (v === null ? "–" : `${fmt(v * s, digits)} ${unit}`);
    $("z-out").textContent = String(pt.z);
    $("capped").textContent = inUnit(pt.capped);
    $("stable").textContent = inUnit(pt.stable);
    $("capped-dz").textContent = fmt(pt.capped_dz * s, 4);
    $("stable-dz").textContent = fmt(pt.stable_dz * s, 4);
    const pTrue = e.y ? pt.p : 1 - pt.p;
    $("p-true").textContent = `${fmt(pTrue, 4)}${pTrue < e.epsilon ? `, below ε = ${e.epsilon}` : ""}`;
    this.page.publish("epsilon", { unit, y: e.y, epsilon: e.epsilon, cap: e.cap, point: pt, p_true: pTrue });
  }
}

// Both losses against z with the cap −ln ε, and both slopes; the sample's z marked on each curve.
export class EpsilonPlots {
  constructor(page) { this.page = page; }

  draw(e, unit) {
    const s = scaleOf(unit), u = unit, pt = e.point, x = e.z;
    const mark = (y, name) => ({ x: [pt.z], y: [y * s], mode: "markers", name, showlegend: false,
                                 marker: { size: 9, color: "#111" }, hoverinfo: "skip" });
    Plotly.react("eps-plot", [
      { x, y: e.stable.map((v) => v * s), name: "stable ln(1 + eᶻ) − yz", line: { color: "#1f6feb", width: 3 },
        hovertemplate: `z %{x}<br>stable %{y:.4f} ${u}<extra></extra>` },
      { x, y: e.capped.map((v) => v * s), name: `with ε: −ln(p + ${e.epsilon})`, line: { color: "#d9480f", dash: "dash", width: 3 },
        hovertemplate: `z %{x}<br>with ε %{y:.4f} ${u}<extra></extra>` },
      mark(pt.stable, "stable here"), mark(pt.capped, "with ε here")],
    baseLayout(`Loss against z, y = ${e.y} (${u})`, {
      xaxis: { title: { text: "logit z" } }, yaxis: { title: { text: `loss (${u})` }, rangemode: "tozero" },
      shapes: [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: e.cap * s, y1: e.cap * s, line: { dash: "dot", color: "#888" } }],
      annotations: [{ xref: "paper", x: e.y ? 0.98 : 0.02, xanchor: e.y ? "right" : "left", y: e.cap * s, yanchor: "bottom",
                      text: `cap −ln ε = ${fmt(e.cap * s, 5)}`, showarrow: false, font: { size: 11 } }] }),
    plotConfig("gdviz-epsilon-loss"));
    Plotly.react("eps-grad-plot", [
      { x, y: e.stable_dz.map((v) => v * s), name: "stable: σ(z) − y", line: { color: "#1f6feb", width: 3 },
        hovertemplate: "z %{x}<br>dL/dz %{y:.4g}<extra></extra>" },
      { x, y: e.capped_dz.map((v) => v * s), name: "with ε", line: { color: "#d9480f", dash: "dash", width: 3 },
        hovertemplate: "z %{x}<br>dL/dz %{y:.4g}<extra></extra>" },
      mark(pt.stable_dz, "stable here"), mark(pt.capped_dz, "with ε here")],
    baseLayout(`dL/dz against z (${u} per unit of z)`, { xaxis: { title: { text: "logit z" } },
      yaxis: { title: { text: "dL/dz" }, range: [-1.1 * s, 1.1 * s] } }), plotConfig("gdviz-epsilon-slope"));
    this.page.publish("epsilon-curves", { unit, y: e.y, z: pt.z, cap: e.cap * s,
      marks: { stable: pt.stable * s, capped: pt.capped * s, stable_dz: pt.stable_dz * s, capped_dz: pt.capped_dz * s } });
  }
}

// The three weights of p (0 to 10); each label says its weight and, at its right, p's share.
export class WeightSliders {
  constructor(page, weights, changed) {
    this.page = page;
    this.weights = weights;
    this.labels = weights.map((w, i) => {
      const id = `w-${i}`;
      const input = el("input", { id, type: "range", min: "0", max: "10", step: "0.1", value: String(w) });
      input.addEventListener("input", () => { this.weights[i] = Number(input.value); changed(); });
      const label = el("label", { for: id }, `p${SUB[i + 1]} weight ${w.toFixed(1)} →`, el("output", { id: `${id}-out`, for: id }, "–"));
      $("p-sliders").append(el("span", { class: "control" }, label, input));
      return label;
    });
  }

  show(info) { // once the server has answered: the weights it was given, and p's shares
    info.p.forEach((v, i) => {
      $(`w-${i}-out`).textContent = fmt(v, 3);
      this.labels[i].firstChild.textContent = `p${SUB[i + 1]} weight ${this.weights[i].toFixed(1)} →`;
    });
    this.page.publish("weights", { weights: [...this.weights], shares: info.p });
  }
}

// p normalised, H(p, p), H(p) and KL(p ‖ p): the answer of POST /api/lessons/information with q = p.
export class SelfEntropyTable {
  constructor(page) { this.page = page; }

  draw(info) {
    $("p-norm").textContent = `(${info.p.map((v) => fmt(v, 3)).join(", ")})`;
    $("h-pp").textContent = `${fmt(info.cross_entropy, 5)} ${info.unit}`;
    $("h-p").textContent = `${fmt(info.entropy, 5)} ${info.unit}`;
    $("kl-pp").textContent = `${fmt(info.kl, 3)} ${info.unit}`;
    this.page.publish("information", info);
  }
}

// H(p, p) over every p of three outcomes (GET /api/lessons/entropy-grid), p and the one-hot corners marked.
export class SimplexPlot {
  constructor(page) { this.page = page; this.grid = null; } // H(p, p) over the simplex, asked for once

  async load() { this.grid = await this.page.request("/api/lessons/entropy-grid"); }

  // The grid in ``unit`` with the p of ``info`` marked (nothing before the grid has come).
  draw(info, unit) {
    const grid = this.grid;
    if (!grid) return;
    const s = scaleOf(unit);
    const z = grid.h.map((row) => row.map((v) => (v === null ? null : v * s)));
    Plotly.react("simplex-plot", [
      { type: "heatmap", x: grid.p1, y: grid.p2, z, colorscale: "Viridis", zmin: 0, colorbar: { thickness: 10, title: { text: unit } },
        hovertemplate: `p₁ %{x:.2f}, p₂ %{y:.2f}<br>H(p, p) = %{z:.4f} ${unit}<extra></extra>` },
      { x: [info.p[0]], y: [info.p[1]], mode: "markers", name: "your p", marker: { size: 12, color: "#fff", line: { color: "#111", width: 2 } },
        hovertemplate: `your p<br>H(p, p) = ${fmt(info.cross_entropy, 4)} ${unit}<extra></extra>` },
      { x: [1, 0, 0], y: [0, 1, 0], mode: "markers", name: "one-hot p: H = 0", marker: { size: 10, symbol: "x", color: "#d9480f" },
        hovertemplate: "one-hot p<br>H(p, p) = 0<extra></extra>" }],
    baseLayout(`H(p, p) over every p = (p₁, p₂, 1 − p₁ − p₂), ${unit}`, {
      xaxis: { title: { text: "p₁" }, range: [-0.03, 1.03] }, yaxis: { title: { text: "p₂" }, range: [-0.03, 1.03] } }),
    plotConfig("gdviz-self-entropy"));
    this.page.publish("simplex", { unit, p: [info.p[0], info.p[1]], h_pp: info.cross_entropy });
  }
}
