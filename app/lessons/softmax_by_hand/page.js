// Softmax by hand: typed logits, every step of softmax and cross-entropy per row, the Jacobian,
// and article 004's two models with the same error rate. All numbers come from the engine.
import { $, fmt, postJSON, showError, throttle } from "/static/js/kit.js";
import { baseLayout, plotConfig } from "/static/js/plots.js";
import { splitFormulas } from "/static/js/lesson/formulas.js";
import { plotly } from "/static/js/vendor.js";

const PRESET = { logits: [[3, 1, -3], [2, 8, 1]], targets: [0, 1] }; // article 004's two rows
const HUGE = { logits: [[1000, 998, -1000], [-1000, 1000, 999]], targets: [0, 2] };
const MODELS = [ // the example's standard numbers (the article's tables were images)
  [[0.3, 0.3, 0.4], [0.3, 0.4, 0.3], [0.1, 0.2, 0.7]],
  [[0.1, 0.2, 0.7], [0.1, 0.7, 0.2], [0.3, 0.4, 0.3]]];
const MODEL_TARGETS = [2, 1, 0];
const SUB = "₀₁₂₃₄₅";

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value; else if (key in node) node[key] = value; else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

// A table in a box that scrolls sideways on a narrow screen (and takes the focus, so keys scroll it).
function table(label, head, rows) {
  const t = el("table", { class: "data" }, el("caption", {}, label));
  t.append(el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h))));
  for (const row of rows) t.append(el("tr", {}, ...row.map((c, i) => (c instanceof Node ? c : el(i ? "td" : "th", { scope: "row" }, c)))));
  return el("div", { class: "scroll-x", tabindex: "0", role: "region", "aria-label": label }, t);
}

const shade = (v, top) => { // red for positive, blue for negative, light enough for black text
  const a = top > 0 ? (0.45 * Math.abs(v)) / top : 0;
  return v >= 0 ? `rgba(214, 39, 40, ${a})` : `rgba(31, 119, 180, ${a})`;
};
const short = (v) => String(Number(Number(v).toPrecision(6))); // a typed logit as typed: 3, not 3.0000
const num = (v, digits = 5) => (v === null ? "∞ (overflow)" : v === 0 ? "0 (underflow)" : fmt(v, digits));

function lesson() {
  const hand = { logits: PRESET.logits.map((r) => [...r]), targets: [...PRESET.targets] };
  const models = MODELS.map((m) => m.map((r) => [...r]));
  window.gdviz = { runs: [], hand: null, models: null };
  splitFormulas();

  function resize(rows, classes) {
    hand.logits = Array.from({ length: rows }, (_, r) => Array.from({ length: classes },
      (_, k) => (hand.logits[r] && hand.logits[r][k] !== undefined ? hand.logits[r][k] : 0)));
    hand.targets = Array.from({ length: rows }, (_, r) => Math.min(classes - 1, hand.targets[r] || 0));
  }

  function drawGrid() {
    const grid = $("logit-grid");
    grid.replaceChildren();
    $("n-rows").value = String(hand.logits.length);
    $("n-classes").value = String(hand.logits[0].length);
    hand.logits.forEach((row, r) => {
      const line = el("div", { class: "toolbar", role: "group", "aria-label": `sample ${r + 1}` }, el("b", {}, `sample ${r + 1}: z =`));
      row.forEach((v, k) => {
        const input = el("input", { type: "number", id: `z-${r}-${k}`, value: String(v), step: "any", min: "-1000",
                                    max: "1000", "aria-label": `sample ${r + 1}, logit z${SUB[k]}` });
        input.addEventListener("input", () => {
          const x = Number.parseFloat(input.value);
          if (Number.isFinite(x) && Math.abs(x) <= 1000) { hand.logits[r][k] = x; update(); }
        });
        line.append(input);
      });
      const select = el("select", { id: `t-${r}` }, ...row.map((_, k) => el("option", { value: String(k) }, `class ${k}`)));
      select.value = String(hand.targets[r]);
      select.addEventListener("change", () => { hand.targets[r] = Number(select.value); update(); });
      line.append(el("label", { htmlFor: `t-${r}` }, "true class"), select);
      grid.append(line);
    });
  }

  function showRows(out) {
    const box = $("rows"), jac = $("jacobians");
    box.replaceChildren();
    jac.replaceChildren();
    out.rows.forEach((row, r) => {
      const y = row.target, K = row.p.length;
      const rows = row.p.map((p, k) => [`${k}`, short(row.z[k]), short(row.shifted[k]), num(row.exp[k]),
        num(row.exp_raw[k]), num(p), String(row.t[k]), fmt(row.p_minus_t[k], 5)]);
      rows.push(["sum", "", "", fmt(row.sum, 5), num(row.sum_raw), fmt(row.sum_p, 5), "1", ""]);
      const card = el("section", { class: "hand-row", id: `row-${r}`, "aria-label": `sample ${r + 1}` },
        el("h3", {}, `Sample ${r + 1}: z = [${row.z.map(short).join(", ")}], true class ${y}`),
        table(`Softmax of sample ${r + 1}`, ["class k", "zₖ", "zₖ − max", "e^(zₖ − max)", "e^zₖ", "pₖ (share)", "tₖ", "pₖ − tₖ"], rows),
        el("p", { class: "calc" }, "max z = ", el("b", {}, short(row.max)), " · S = Σ e^(zₖ − max) = ",
          el("b", {}, fmt(row.sum, 5)), " · cross-entropy −ln p", el("sub", {}, String(y)), " = −ln(",
          el("b", {}, fmt(row.p[y], 5)), ") = ", el("b", { id: `ce-${r}` }, fmt(row.ce, 5)), " nats"));
      box.append(card);
      const top = Math.max(...row.jacobian.flat().map(Math.abs));
      const jrows = row.jacobian.map((line, i) => [`p${SUB[i]}`, ...line.map((v) => {
        const td = el("td", {}, fmt(v, 4));
        td.style.background = shade(v, top);
        return td;
      })]);
      const head = ["∂pᵢ/∂zⱼ", ...Array.from({ length: K }, (_, j) => `z${SUB[j]}`)];
      jac.append(el("section", { class: "hand-row", "aria-label": `Jacobian of sample ${r + 1}` },
        el("h3", {}, `Sample ${r + 1}`),
        table(`Softmax Jacobian of sample ${r + 1}`, head, jrows),
        table(`From dL/dp to dL/dz, sample ${r + 1}`, ["", ...Array.from({ length: K }, (_, k) => `k = ${k}`)], [
          ["dL/dpₖ = −tₖ/pₖ", ...row.dl_dp.map((v) => (v === null ? "−∞" : fmt(v, 5)))],
          ["Jᵀ(dL/dp)", ...row.jt_dl_dp.map((v) => fmt(v, 5))],
          ["pₖ − tₖ", ...row.p_minus_t.map((v) => fmt(v, 5))],
          ["engine's dL/dz", ...row.grad.map((v) => fmt(v, 5))]])));
    });
    $("mean-ce").textContent = fmt(out.mean_ce, 5);
    const wrong = Math.round(out.error_rate * out.rows.length);
    $("error-rate").textContent = `${wrong}/${out.rows.length}`;
  }

  const update = throttle(async () => {
    try {
      const out = await postJSON("/api/lessons/softmax-by-hand", hand);
      window.gdviz.hand = out;
      showRows(out);
    } catch (exc) { showError(exc.message); }
  }, 60);

  function drawModelInputs() {
    const box = $("model-inputs");
    box.replaceChildren();
    models.forEach((m, i) => {
      const rows = m.map((row, r) => [`sample ${r + 1}`, ...row.map((v, k) => {
        const input = el("input", { type: "number", id: `m${i}-${r}-${k}`, value: String(v), min: "0", max: "1",
                                    step: "0.05", "aria-label": `model ${i + 1}, sample ${r + 1}, p${SUB[k]}` });
        input.addEventListener("input", () => {
          const x = Number.parseFloat(input.value);
          if (Number.isFinite(x) && x >= 0 && x <= 1) { models[i][r][k] = x; updateModels(); }
        });
        const td = el("td", {}, input);
        if (k === MODEL_TARGETS[r]) td.className = "target";
        return td;
      }), el("td", { id: `m${i}-ce-${r}` }, "–")]);
      box.append(table(`Model ${i + 1}: predicted probabilities (outlined: the true class)`,
        ["", "p₀", "p₁", "p₂", "−ln p(true)"], rows));
    });
  }

  const updateModels = throttle(async () => {
    try {
      const out = await postJSON("/api/lessons/compare-models", {
        models: models.map((rows) => rows.map((p, r) => ({ p, target: MODEL_TARGETS[r] }))) });
      window.gdviz.models = out;
      out.models.forEach((m, i) => {
        $(`m${i}-err`).textContent = `${m.errors}/${m.rows}`;
        $(`m${i}-ce`).textContent = m.ce === null ? "∞" : m.ce.toFixed(3);
        $(`m${i}-mse`).textContent = fmt(m.mse, 3);
        m.ce_rows.forEach((v, r) => { $(`m${i}-ce-${r}`).textContent = v === null ? "∞" : fmt(v, 4); });
      });
      Plotly.react("models-plot", out.models.map((m, i) => ({
        type: "bar", name: `model ${i + 1}: mean ${m.ce === null ? "∞" : m.ce.toFixed(3)} nats`, x: ["sample 1", "sample 2", "sample 3"],
        y: m.ce_rows, marker: { color: i ? "#2b8a3e" : "#d9480f" },
        hovertemplate: `model ${i + 1}<br>%{x}: −ln p(true) = %{y:.4f} nats<extra></extra>` })),
      baseLayout("Cross-entropy of each sample (nats)", { barmode: "group",
        yaxis: { title: { text: "−ln p(true class)" }, rangemode: "tozero" } }), plotConfig("gdviz-two-models"));
    } catch (exc) { showError(exc.message); }
  }, 60);

  $("n-rows").addEventListener("change", () => { resize(Number($("n-rows").value), hand.logits[0].length); drawGrid(); update(); });
  $("n-classes").addEventListener("change", () => { resize(hand.logits.length, Number($("n-classes").value)); drawGrid(); update(); });
  for (const [id, preset] of [["preset", PRESET], ["huge", HUGE]]) {
    $(id).addEventListener("click", () => {
      hand.logits = preset.logits.map((r) => [...r]);
      hand.targets = [...preset.targets];
      drawGrid();
      update.now();
    });
  }
  drawGrid();
  update();
  drawModelInputs();
  plotly.then(() => updateModels());
}

lesson();
