// Softmax by hand: typed logits, every step of softmax and cross-entropy per row, the Jacobian,
// and article 004's two models with the same error rate. All numbers come from the engine
// (POST /api/lessons/softmax-by-hand and /compare-models); the page keeps nothing in its URL.
//
// Views: LogitGrid (the typed logits and each row's true class), SoftmaxRows (one table per row, the
// mean cross-entropy and the error rate), Jacobians (each row's Jacobian and dL/dp -> dL/dz),
// ModelInputs (the two models' probabilities) and ModelScores (their table and plot). Facts
// (window.gdviz.facts):
//   logits       {logits: [[z]], targets: [class]}, as the grid shows them
//   hand         the engine's answer the row tables show: {rows: [{z, max, shifted, exp, exp_raw, sum,
//                sum_raw, p, sum_p, target, t, ce, p_minus_t, grad, jacobian, dl_dp, jt_dl_dp}], mean_ce,
//                error_rate, predicted}, and errors: "wrong/rows" as the page prints it
//   jacobians    [{jacobian, dl_dp, jt_dl_dp, p_minus_t, grad}], one per row (null: −∞ or not finite)
//   predictions  [[[p]]]: each model's rows of probabilities, as typed
//   models       the engine's answer the models' table and plot show: {models: [{p, targets, errors, rows,
//                error_rate, ce_rows, ce, mse_rows, mse}]} (a null ce: ∞)
import { $, fmt, throttle } from "/static/js/kit.js";
import { baseLayout, plotConfig } from "/static/js/plots.js";
import { LessonPage, plotted } from "/static/js/lesson.js";

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
const copy = (rows) => rows.map((r) => [...r]);

// The typed logits, one line per sample, each with its true class; changed() after every edit.
class LogitGrid {
  constructor(page, changed) {
    Object.assign(this, { page, changed, logits: copy(PRESET.logits), targets: [...PRESET.targets] });
  }

  get body() { return { logits: this.logits, targets: this.targets }; }

  load(preset) { this.logits = copy(preset.logits); this.targets = [...preset.targets]; this.draw(); }

  resize(rows, classes) {
    this.logits = Array.from({ length: rows }, (_, r) => Array.from({ length: classes },
      (_, k) => (this.logits[r] && this.logits[r][k] !== undefined ? this.logits[r][k] : 0)));
    this.targets = Array.from({ length: rows }, (_, r) => Math.min(classes - 1, this.targets[r] || 0));
    this.draw();
  }

  edited() { this.publish(); this.changed(); }

  publish() { this.page.publish("logits", { logits: copy(this.logits), targets: [...this.targets] }); }

  draw() {
    const grid = $("logit-grid");
    grid.replaceChildren();
    $("n-rows").value = String(this.logits.length);
    $("n-classes").value = String(this.logits[0].length);
    this.logits.forEach((row, r) => {
      const line = el("div", { class: "toolbar", role: "group", "aria-label": `sample ${r + 1}` }, el("b", {}, `sample ${r + 1}: z =`));
      row.forEach((v, k) => {
        const input = el("input", { type: "number", id: `z-${r}-${k}`, value: String(v), step: "any", min: "-1000",
                                    max: "1000", "aria-label": `sample ${r + 1}, logit z${SUB[k]}` });
        input.addEventListener("input", () => {
          const x = Number.parseFloat(input.value);
          if (Number.isFinite(x) && Math.abs(x) <= 1000) { this.logits[r][k] = x; this.edited(); }
        });
        line.append(input);
      });
      const select = el("select", { id: `t-${r}` }, ...row.map((_, k) => el("option", { value: String(k) }, `class ${k}`)));
      select.value = String(this.targets[r]);
      select.addEventListener("change", () => { this.targets[r] = Number(select.value); this.edited(); });
      line.append(el("label", { htmlFor: `t-${r}` }, "true class"), select);
      grid.append(line);
    });
    this.publish();
  }
}

// One table per row: the logits, shifted, their exponentials (shifted and raw), the shares, t and p − t;
// then the mean cross-entropy and the error rate.
class SoftmaxRows {
  constructor(page) { this.page = page; }

  draw(out) {
    $("rows").replaceChildren(...out.rows.map((row, r) => {
      const y = row.target;
      const rows = row.p.map((p, k) => [`${k}`, short(row.z[k]), short(row.shifted[k]), num(row.exp[k]),
        num(row.exp_raw[k]), num(p), String(row.t[k]), fmt(row.p_minus_t[k], 5)]);
      rows.push(["sum", "", "", fmt(row.sum, 5), num(row.sum_raw), fmt(row.sum_p, 5), "1", ""]);
      return el("section", { class: "hand-row", id: `row-${r}`, "aria-label": `sample ${r + 1}` },
        el("h3", {}, `Sample ${r + 1}: z = [${row.z.map(short).join(", ")}], true class ${y}`),
        table(`Softmax of sample ${r + 1}`, ["class k", "zₖ", "zₖ − max", "e^(zₖ − max)", "e^zₖ", "pₖ (share)", "tₖ", "pₖ − tₖ"], rows),
        el("p", { class: "calc" }, "max z = ", el("b", {}, short(row.max)), " · S = Σ e^(zₖ − max) = ",
          el("b", {}, fmt(row.sum, 5)), " · cross-entropy −ln p", el("sub", {}, String(y)), " = −ln(",
          el("b", {}, fmt(row.p[y], 5)), ") = ", el("b", { id: `ce-${r}` }, fmt(row.ce, 5)), " nats"));
    }));
    $("mean-ce").textContent = fmt(out.mean_ce, 5);
    const errors = `${Math.round(out.error_rate * out.rows.length)}/${out.rows.length}`;
    $("error-rate").textContent = errors;
    this.page.publish("hand", { ...out, errors });
  }
}

// Each row's Jacobian J (red: positive, blue: negative), and dL/dp = −t/p carried through Jᵀ beside p − t.
class Jacobians {
  constructor(page) { this.page = page; }

  draw(out) {
    $("jacobians").replaceChildren(...out.rows.map((row, r) => {
      const K = row.p.length, top = Math.max(...row.jacobian.flat().map(Math.abs));
      const jrows = row.jacobian.map((line, i) => [`p${SUB[i]}`, ...line.map((v) => {
        const td = el("td", {}, fmt(v, 4));
        td.style.background = shade(v, top);
        return td;
      })]);
      const head = ["∂pᵢ/∂zⱼ", ...Array.from({ length: K }, (_, j) => `z${SUB[j]}`)];
      return el("section", { class: "hand-row", "aria-label": `Jacobian of sample ${r + 1}` },
        el("h3", {}, `Sample ${r + 1}`),
        table(`Softmax Jacobian of sample ${r + 1}`, head, jrows),
        table(`From dL/dp to dL/dz, sample ${r + 1}`, ["", ...Array.from({ length: K }, (_, k) => `k = ${k}`)], [
          ["dL/dpₖ = −tₖ/pₖ", ...row.dl_dp.map((v) => (v === null ? "−∞" : fmt(v, 5)))],
          ["Jᵀ(dL/dp)", ...row.jt_dl_dp.map((v) => fmt(v, 5))],
          ["pₖ − tₖ", ...row.p_minus_t.map((v) => fmt(v, 5))],
          ["engine's dL/dz", ...row.grad.map((v) => fmt(v, 5))]]));
    }));
    this.page.publish("jacobians", out.rows.map(({ jacobian, dl_dp, jt_dl_dp, p_minus_t, grad }) => (
      { jacobian, dl_dp, jt_dl_dp, p_minus_t, grad })));
  }
}

// The two models' probabilities as inputs (the true class outlined); changed() after every edit.
class ModelInputs {
  constructor(page, changed) { Object.assign(this, { page, changed, models: MODELS.map(copy) }); }

  get body() { return { models: this.models.map((rows) => rows.map((p, r) => ({ p, target: MODEL_TARGETS[r] }))) }; }

  publish() { this.page.publish("predictions", this.models.map(copy)); }

  draw() {
    const box = $("model-inputs");
    box.replaceChildren();
    this.models.forEach((m, i) => {
      const rows = m.map((row, r) => [`sample ${r + 1}`, ...row.map((v, k) => {
        const input = el("input", { type: "number", id: `m${i}-${r}-${k}`, value: String(v), min: "0", max: "1",
                                    step: "0.05", "aria-label": `model ${i + 1}, sample ${r + 1}, p${SUB[k]}` });
        input.addEventListener("input", () => {
          const x = Number.parseFloat(input.value);
          if (Number.isFinite(x) && x >= 0 && x <= 1) { this.models[i][r][k] = x; this.publish(); this.changed(); }
        });
        const td = el("td", {}, input);
        if (k === MODEL_TARGETS[r]) td.className = "target";
        return td;
      }), el("td", { id: `m${i}-ce-${r}` }, "–")]);
      box.append(table(`Model ${i + 1}: predicted probabilities (outlined: the true class)`,
        ["", "p₀", "p₁", "p₂", "−ln p(true)"], rows));
    });
    this.publish();
  }
}

// Error rate, cross-entropy and MSE of the two models, and each sample's cross-entropy as bars.
class ModelScores {
  constructor(page) { this.page = page; }

  draw(out) {
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
    this.page.publish("models", out);
  }
}

const FIRST = ["logits", "hand", "jacobians", "predictions", "models"]; // the facts the page shows at first

function main() {
  const page = new LessonPage({ ready: FIRST.length });
  const rows = new SoftmaxRows(page), jacobians = new Jacobians(page), scores = new ModelScores(page);
  const update = throttle(async () => {
    const out = await page.request("/api/lessons/softmax-by-hand", grid.body);
    if (out === null) return; // the banner says why
    rows.draw(out);
    jacobians.draw(out);
  }, 60);
  const grid = new LogitGrid(page, update);
  const updateModels = throttle(async () => {
    const out = await page.request("/api/lessons/compare-models", inputs.body);
    if (out !== null) scores.draw(out);
  }, 60);
  const inputs = new ModelInputs(page, updateModels);

  $("n-rows").addEventListener("change", () => { grid.resize(Number($("n-rows").value), grid.logits[0].length); update(); });
  $("n-classes").addEventListener("change", () => { grid.resize(grid.logits.length, Number($("n-classes").value)); update(); });
  for (const [id, preset] of [["preset", PRESET], ["huge", HUGE]]) {
    $(id).addEventListener("click", () => { grid.load(preset); update.now(); });
  }
  grid.draw();
  update();
  inputs.draw();
  plotted.then(() => updateModels());
}

main();
