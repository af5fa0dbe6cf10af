// Cross-entropy pitfalls: the epsilon cap against the stable loss, H(p, p) = H(p), and article
// 004's derivative formulas checked against central differences. Numbers from the engine; the
// unit menu shows losses in nats (the default) or in bits (nats / ln 2).
import { $, fmt, getJSON, postJSON, showError, throttle } from "/static/js/kit.js";
import { baseLayout, plotConfig } from "/static/js/plots.js";
import { splitFormulas } from "/static/js/lesson/formulas.js";
import { plotly } from "/static/js/vendor.js";

const SUB = "₀₁₂₃₄₅";

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value; else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

function lesson() {
  const view = { unit: "nats", weights: [5, 3, 2], grid: null };
  window.gdviz = { runs: [], epsilon: null, information: null, checks: null, unit: "nats" };
  splitFormulas();
  const scale = () => (view.unit === "bits" ? 1 / Math.LN2 : 1);
  const inUnit = (v, digits = 5) => (v === null ? "–" : `${fmt(v * scale(), digits)} ${view.unit}`);

  // --- epsilon against the stable form -------------------------------------------------------
  function drawEpsilon(e) {
    const s = scale(), u = view.unit, pt = e.point, x = e.z;
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
  }

  function showEpsilon() {
    const e = window.gdviz.epsilon;
    if (!e) return;
    const pt = e.point;
    $("z-out").textContent = String(pt.z);
    $("capped").textContent = inUnit(pt.capped);
    $("stable").textContent = inUnit(pt.stable);
    $("capped-dz").textContent = fmt(pt.capped_dz * scale(), 4);
    $("stable-dz").textContent = fmt(pt.stable_dz * scale(), 4);
    const pTrue = e.y ? pt.p : 1 - pt.p;
    $("p-true").textContent = `${fmt(pTrue, 4)}${pTrue < e.epsilon ? `, below ε = ${e.epsilon}` : ""}`;
    drawEpsilon(e);
  }

  const updateEpsilon = throttle(async () => {
    try {
      window.gdviz.epsilon = await postJSON("/api/lessons/epsilon", {
        z: Number($("z").value), y: Number($("label").value), epsilon: Number($("eps").value) });
      showEpsilon();
    } catch (exc) { showError(exc.message); }
  }, 60);

  $("z").addEventListener("input", updateEpsilon);
  $("eps").addEventListener("change", updateEpsilon);
  $("label").addEventListener("change", () => { // y = 0 mirrors the picture: wrong at large positive z
    const y = Number($("label").value), z = $("z");
    z.min = y ? "-40" : "-10";
    z.max = y ? "10" : "40";
    z.value = String(-Number(z.value));
    updateEpsilon();
  });

  // --- H(p, p) ------------------------------------------------------------------------------
  function sliders() {
    const box = $("p-sliders");
    view.weights.forEach((w, i) => {
      const id = `w-${i}`;
      const input = el("input", { id, type: "range", min: "0", max: "10", step: "0.1", value: String(w) });
      input.addEventListener("input", () => { view.weights[i] = Number(input.value); updateInfo(); });
      box.append(el("span", { class: "control" }, el("label", { for: id }, `p${SUB[i + 1]} weight ${w.toFixed(1)} →`,
        el("output", { id: `${id}-out`, for: id }, "–")), input));
    });
  }

  function drawSimplex() {
    const info = window.gdviz.information, s = scale(), g = view.grid;
    if (!info || !g) return;
    const z = g.h.map((row) => row.map((v) => (v === null ? null : v * s)));
    Plotly.react("simplex-plot", [
      { type: "heatmap", x: g.p1, y: g.p2, z, colorscale: "Viridis", zmin: 0, colorbar: { thickness: 10, title: { text: view.unit } },
        hovertemplate: `p₁ %{x:.2f}, p₂ %{y:.2f}<br>H(p, p) = %{z:.4f} ${view.unit}<extra></extra>` },
      { x: [info.p[0]], y: [info.p[1]], mode: "markers", name: "your p", marker: { size: 12, color: "#fff", line: { color: "#111", width: 2 } },
        hovertemplate: `your p<br>H(p, p) = ${fmt(info.cross_entropy, 4)} ${view.unit}<extra></extra>` },
      { x: [1, 0, 0], y: [0, 1, 0], mode: "markers", name: "one-hot p: H = 0", marker: { size: 10, symbol: "x", color: "#d9480f" },
        hovertemplate: "one-hot p<br>H(p, p) = 0<extra></extra>" }],
    baseLayout(`H(p, p) over every p = (p₁, p₂, 1 − p₁ − p₂), ${view.unit}`, {
      xaxis: { title: { text: "p₁" }, range: [-0.03, 1.03] }, yaxis: { title: { text: "p₂" }, range: [-0.03, 1.03] } }),
    plotConfig("gdviz-self-entropy"));
  }

  const updateInfo = throttle(async () => {
    try {
      const info = await postJSON("/api/lessons/information", { p: view.weights, q: view.weights, unit: view.unit });
      window.gdviz.information = info;
      info.p.forEach((v, i) => {
        $(`w-${i}-out`).textContent = fmt(v, 3);
        $(`w-${i}`).previousSibling.firstChild.textContent = `p${SUB[i + 1]} weight ${view.weights[i].toFixed(1)} →`;
      });
      $("p-norm").textContent = `(${info.p.map((v) => fmt(v, 3)).join(", ")})`;
      $("h-pp").textContent = `${fmt(info.cross_entropy, 5)} ${info.unit}`;
      $("h-p").textContent = `${fmt(info.entropy, 5)} ${info.unit}`;
      $("kl-pp").textContent = `${fmt(info.kl, 3)} ${info.unit}`;
      drawSimplex();
    } catch (exc) { showError(exc.message); }
  }, 60);

  // --- the derivative checks ----------------------------------------------------------------
  const LABELS = { article: "as the article writes it", right: "the right formula", numeric: "central difference of L",
                   numeric_bce: "central difference of the binary CE" };
  function checkTable(check, box) {
    const K = check.article.length, wrt = check.wrt === "p" ? "∂L/∂p" : "∂L/∂a";
    const rows = Object.entries(LABELS).filter(([key]) => check[key]).map(([key, label]) => {
      const verdict = key === "article" ? check.article_matches : key === "right" ? check.right_matches : null;
      if (key === "numeric_bce") {
        return el("tr", {}, el("th", { scope: "row" }, label), ...check[key].map((v) => el("td", {}, fmt(v, 5))),
          el("td", {}, check.article_matches_bce ? "= the article's" : "≠ the article's"));
      }
      return el("tr", {}, el("th", { scope: "row" }, label), ...check[key].map((v) => el("td", {}, fmt(v, 5))),
        el("td", { class: verdict === null ? "" : verdict ? "verdict-right" : "verdict-wrong" },
          verdict === null ? "" : verdict ? "✓ yes" : "✗ no"));
    });
    const head = el("tr", {}, el("th", { scope: "col" }, ""), ...Array.from({ length: K }, (_, k) => el("th", { scope: "col" }, `${wrt}${SUB[k]}`)),
      el("th", { scope: "col" }, "matches L's central difference?"));
    box.replaceChildren(el("div", { class: "scroll-x", tabindex: "0", role: "region", "aria-label": `Check: ${check.name}` },
      el("table", { class: "data" }, head, ...rows)));
  }

  const updateChecks = throttle(async () => {
    const logits = [0, 1, 2].map((k) => Number.parseFloat($(`a${k}`).value));
    if (!logits.every((v) => Number.isFinite(v) && Math.abs(v) <= 20)) return;
    try {
      const out = await postJSON("/api/lessons/derivative-checks", { logits, target: Number($("target").value) });
      window.gdviz.checks = out;
      $("d-p").textContent = `(${out.p.map((v) => fmt(v, 4)).join(", ")})`;
      const boxes = { code: "check-code", missing_division: "check-division", sum_of_reciprocals: "check-reciprocals" };
      for (const check of out.checks) checkTable(check, $(boxes[check.name]));
    } catch (exc) { showError(exc.message); }
  }, 60);
  for (const id of ["a0", "a1", "a2"]) $(id).addEventListener("input", updateChecks);
  $("target").addEventListener("change", updateChecks);

  $("unit").addEventListener("change", () => {
    view.unit = $("unit").value;
    window.gdviz.unit = view.unit;
    showEpsilon();
    updateInfo();
  });

  sliders();
  updateChecks();
  plotly.then(async () => {
    updateEpsilon();
    try { view.grid = await getJSON("/api/lessons/entropy-grid"); } catch (exc) { showError(exc.message); }
    updateInfo();
  });
}

lesson();
