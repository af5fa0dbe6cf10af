// "The maths being run" (templates/maths.html): shows how the data set's rows are made and the formulas of
// the model, output layer and loss in force, and fills .maths-values with the newest step's numbers: J, the gradient as a vector (its largest
// entries when there are many), its norm, and one update with the numbers plugged in.
//
// Text only (textContent, never markup from values). Cheap enough for a few calls a second: the elements
// are made once and only their text changes; a gradient of p entries costs two passes over it.

const MAX_ROWS = 12;
const MINUS = "\u2212";
const OUTPUT_OF = { logistic: "sigmoid", softmax: "softmax", linear: "identity" };

// A number as shown: 4 significant digits, no trailing zeros, true minus signs (0.1, −2.5e−7). null (what
// the server sends for a value that is not finite) -> "not finite"; undefined (not computed) -> "–".
export function num(v) {
  if (v === undefined) return "–";
  if (v === null || !Number.isFinite(v)) return "not finite";
  const [mantissa, exponent] = Number(v).toPrecision(4).split("e");
  const short = mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
  return (exponent === undefined ? short : `${short}e${Number(exponent)}`).replaceAll("-", MINUS);
}

// A number as a term after an operator: a negative one in parentheses, a − b·(−c).
const term = (v) => (Number.isFinite(v) && v < 0 ? `(${num(v)})` : num(v));

// The output layer of a run: a linear model has one; a network's follows the data (the caller knows it
// best: catalogue.outputOf). Without it: a loss that fits one output layer (fits: the catalogue's
// belongs_to, such as MAE's [identity]) decides it, a regression record means identity, and a network
// whose last layer has several intercepts (b3[1], b3[2], ...) is a softmax.
export function outputOf(model, fits, record, paramNames) {
  if (OUTPUT_OF[model]) return OUTPUT_OF[model];
  if (fits.length === 1) return fits[0];
  if (record && record.r2 !== undefined) return "identity";
  const last = paramNames.length ? paramNames[paramNames.length - 1] : "";
  const layer = last.slice(0, last.indexOf("[") + 1);
  const outputs = layer ? paramNames.filter((n) => n.startsWith(layer)).length : 1;
  if (outputs > 1) return "softmax";
  return !fits.includes("identity") || (record && record.accuracy !== undefined) ? "sigmoid" : null;
}

// The indices of the k entries of largest magnitude (null, not finite, counts as largest), in θ order.
export function largest(values, k) {
  const size = (i) => (values[i] === null ? Infinity : Math.abs(values[i]));
  const top = []; // by size, largest first
  for (let i = 0; i < values.length; i += 1) {
    const s = size(i);
    if (top.length === k && s <= size(top[k - 1])) continue;
    let at = top.length;
    while (at > 0 && size(top[at - 1]) < s) at -= 1;
    top.splice(at, 0, i);
    if (top.length > k) top.pop();
  }
  return top.sort((a, b) => a - b);
}

function add(parent, tag, className = "", text = "") {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text) el.textContent = text;
  parent.append(el);
  return el;
}

export class MathsView {
  constructor({ root = "maths-live" } = {}) {
    this.root = typeof root === "string" ? document.getElementById(root) : root;
    this.cases = [...this.root.querySelectorAll(".maths-case")];
    this.none = this.root.querySelector(".maths-none");
    this.data = this.root.querySelector(".maths-data");
    this.sets = [...this.root.querySelectorAll(".maths-set")];
    this.key = null;
    this.output = null;
    const area = this.root.querySelector(".maths-values");
    this.now = add(area, "p", "maths-now");
    this.cost = add(area, "p", "maths-cost");
    this.waiting = add(area, "p", "maths-waiting", "The gradient appears with the first evaluated step.");
    this.vector = add(area, "div", "maths-vector");
    const wrap = add(this.vector, "div", "maths-table-wrap");
    wrap.dataset.scrolls = "";
    const table = add(wrap, "table", "maths-grad");
    this.caption = add(table, "caption");
    const head = add(add(table, "thead"), "tr");
    for (const text of ["parameter", "θⱼ", "∂J/∂θⱼ"]) add(head, "th", "", text).scope = "col";
    this.body = add(table, "tbody");
    this.rows = []; // [{row, name, value, grad}], made as needed, at most MAX_ROWS
    this.more = add(this.vector, "p", "maths-more");
    this.norm = add(this.vector, "p", "maths-norm");
    this.updates = [add(this.vector, "p", "maths-update"), add(this.vector, "p", "maths-update")];
  }

  // Show the case of (model, loss, output) and the numbers of ``record`` (the newest step record: step,
  // loss = J, grad_norm, params = θ), ``gradient`` (∇J at that θ, or null before the first evaluated step)
  // and the run's ``l2`` (λ) and ``lr`` (α; else the record's learning_rate). ``paramNames`` name θ's
  // entries; ``output`` (sigmoid, softmax or identity) picks a network's case, else ``fits`` (the output
  // layers the loss fits) helps outputOf guess it; ``activation`` names g; ``dataset`` names the data set
  // (a built-in set's rows are stated by its formula, an upload's in words; none: no data shown).
  show({ model, loss, l2 = 0, lr = null, record = null, gradient = null, paramNames = [], output = null,
         fits = [], activation = null, dataset = null }) {
    this.selectData(dataset);
    this.select(model, loss, output || outputOf(model, fits, record, paramNames || []));
    const names = paramNames && paramNames.length ? paramNames : null;
    const name = (j) => (names && names[j] !== undefined ? names[j] : `θ${j + 1}`);
    const alpha = Number.isFinite(lr) ? lr : record ? record.learning_rate : undefined;
    if (!record) {
      this.now.textContent = "Start a run to see the numbers.";
      this.cost.textContent = "";
      this.waiting.hidden = true;
      this.vector.hidden = true;
      return;
    }
    const settings = [`step ${record.step}`, `α = ${num(alpha)}`, `λ = ${num(l2 || 0)}`];
    if (model === "mlp" && activation) settings.push(`g = ${activation}`);
    this.now.textContent = `At ${settings.join(", ")}:`;
    const penalty = l2 ? " (the λ/2·‖w‖² term included)" : "";
    this.cost.textContent = record.loss === undefined ? "J(θ) is computed at evaluated steps only."
      : `J(θ) = ${num(record.loss)}${penalty}`;
    const grad = Array.isArray(gradient) && gradient.length ? gradient : null;
    this.waiting.hidden = grad !== null;
    this.vector.hidden = grad === null;
    if (!grad) return;
    this.showVector(grad, record.params || [], name, record.step);
    this.showNorm(grad, record.grad_norm);
    const last = grad.length - 1;
    this.showUpdate(this.updates[0], name(0), record.params ? record.params[0] : undefined, alpha, grad[0]);
    this.updates[1].hidden = last === 0;
    if (last > 0) this.showUpdate(this.updates[1], name(last), record.params ? record.params[last] : undefined,
                                  alpha, grad[last]);
  }

  select(model, loss, output) {
    const key = `${model}|${loss}|${output}`;
    if (key === this.key) return;
    this.key = key;
    const fits = this.cases.filter((c) => c.dataset.model === model && c.dataset.loss === loss);
    const chosen = fits.find((c) => c.dataset.output === output) || fits[0] || null;
    for (const c of this.cases) c.hidden = c !== chosen;
    if (this.none) this.none.hidden = chosen !== null;
    this.output = chosen ? chosen.dataset.output : null;
  }

  selectData(dataset) {
    if (this.data === null) return;
    const own = this.sets.find((s) => s.dataset.dataset === undefined) || null;
    const chosen = dataset ? this.sets.find((s) => s.dataset.dataset === dataset) || own : null;
    for (const s of this.sets) s.hidden = s !== chosen;
    this.data.hidden = chosen === null;
  }

  showVector(grad, theta, name, step) {
    const p = grad.length;
    const shown = p <= MAX_ROWS ? [...grad.keys()] : largest(grad, MAX_ROWS);
    this.caption.textContent = p <= MAX_ROWS ? `∇J at step ${step}: all ${p} entries`
      : `∇J at step ${step}: the ${MAX_ROWS} largest of ${p.toLocaleString("en")} entries, in θ order`;
    while (this.rows.length < shown.length) {
      const row = add(this.body, "tr");
      const head = add(row, "th");
      head.scope = "row";
      this.rows.push({ row, name: head, value: add(row, "td"), grad: add(row, "td") });
    }
    this.rows.forEach((r, n) => {
      r.row.hidden = n >= shown.length;
      if (n >= shown.length) return;
      const j = shown[n];
      r.name.textContent = name(j);
      r.value.textContent = num(theta[j]);
      r.grad.textContent = num(grad[j]);
    });
    this.more.hidden = p <= MAX_ROWS;
    this.more.textContent = `… and ${(p - shown.length).toLocaleString("en")} more`;
  }

  showNorm(grad, gradNorm) {
    let squares = 0;
    for (const g of grad) squares += g === null ? NaN : g * g;
    // NaN: an entry is not finite; Infinity: the squares overflowed, and the engine's norm (scaled) is right
    const value = Number.isNaN(squares) ? null : Number.isFinite(squares) ? Math.sqrt(squares) : gradNorm;
    this.norm.textContent = `‖∇J‖ = √(Σⱼ (∂J/∂θⱼ)²) = √(${num(Number.isFinite(squares) ? squares : null)}) = `
      + num(value);
  }

  showUpdate(el, name, theta, alpha, g) {
    const parts = [theta, alpha, g];
    const next = parts.includes(undefined) ? undefined : parts.every((v) => Number.isFinite(v)) ? theta - alpha * g
      : null;
    el.textContent = `${name} := ${name} − α·∂J/∂${name} = ${num(theta)} − ${num(alpha)}·${term(g)} = ${num(next)}`;
  }
}
