// Vectorised logistic regression: one gradient-descent step in matrices (POST /api/lessons/vectorised),
// every array's shape beside its numbers, the notes' assertions, and the same step as a loop.
//
// Views: ArrayTable (each array, its shape, the notes' shape, its first numbers), AssertList (the
// assertions, held or failed, and what a wrong shape did) and LoopComparison (the loop beside the
// matrices, and their times). Facts (window.gdviz.facts):
//   arrays    [{name, shape, right, ok, size}], in the table's order
//   asserts   [{code, array, holds}]
//   compare   {all_right, max_difference, loop, vectorised, seconds, cost_after, theta_next}
//   theta     [w1, w2, b]: the θ the step was taken at
import { $, fmt, throttle } from "/static/js/kit.js";
import { limit } from "/static/js/catalogue.js";
import { LessonPage, plotted } from "/static/js/lesson.js";

const typed = (key, def) => ({ key, type: "float", def, clamp: (v) => Math.min(100, Math.max(-100, v)) });
const PROPS = [
  { key: "m", type: "int", def: 160, clamp: (v) => Math.min(limit("max_samples"), Math.max(4, v)) },
  typed("w1", 0.5), typed("w2", -0.5), typed("b", 0),
  { key: "alpha", type: "float", def: 0.5, clamp: (v) => Math.min(10, Math.max(0.01, v)) },
  { key: "w_shape", type: "string", def: "column", choices: ["column", "rank1"] },
  { key: "y_shape", type: "string", def: "row", choices: ["row", "column"] },
  { key: "seed", type: "int", def: 0, clamp: (v) => Math.min(4294967295, Math.max(0, v)) },
];
const shape = (dims) => (dims.length === 0 ? "a number" : dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(", ")})`);
const cell = (tag, text, className = "") => {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  return el;
};

// Each array with its shape beside the notes' shape, a wrong one in red.
class ArrayTable {
  constructor(page) { this.page = page; this.body = $("arrays").tBodies[0]; }

  draw(answer) {
    this.body.replaceChildren(...answer.arrays.map((a) => {
      const row = document.createElement("tr");
      const head = cell("th", a.name);
      head.scope = "row";
      const numbers = a.preview.map((r) => r.map((v) => fmt(v, 3)).join("  ")).join("\n"); // a row a line
      const more = a.size > a.preview.length * (a.preview[0] || []).length ? " …" : "";
      row.append(head, cell("td", shape(a.shape), a.ok ? "" : "wrong"), cell("td", shape(a.right)),
                 cell("td", a.size.toLocaleString("en")), cell("td", numbers + more, "numbers"));
      return row;
    }));
    this.page.publish("arrays", answer.arrays.map(({ name, shape: dims, right, ok, size }) => ({ name, shape: dims, right, ok, size })));
  }
}

// The assertions the notes advise, and in words what the first wrong shape did.
class AssertList {
  constructor(page) { this.page = page; }

  draw(answer) {
    $("asserts").replaceChildren(...answer.asserts.map((a) => cell("li",
      `${a.holds ? "✓" : "✗ AssertionError:"} ${a.code}`, a.holds ? "" : "wrong")));
    const byName = Object.fromEntries(answer.arrays.map((a) => [a.name, a]));
    const count = (dims) => dims.reduce((p, d) => p * d, 1);
    const failed = answer.asserts.filter((a) => !a.holds).map((a) => byName[a.array]);
    const grown = failed.find((a) => a.size !== count(a.right)) || failed[0]; // the one that broadcast into more numbers
    $("shape-note").textContent = grown
      ? `${grown.name} came out ${shape(grown.shape)}, not ${shape(grown.right)}: ${grown.size.toLocaleString("en")} `
        + `numbers where ${count(grown.right).toLocaleString("en")} belong. NumPy broadcast the shapes against each `
        + "other and raised nothing; only the assertion says so."
      : `Every shape is the notes': X is ${shape(byName.X.shape)}, and w, dw keep (2, 1).`;
    this.page.publish("asserts", answer.asserts);
  }
}

// The loop's J and gradient beside the matrices', their difference and the time each took.
class LoopComparison {
  constructor(page) { this.page = page; this.body = $("compare").tBodies[0]; }

  draw(answer) {
    const row = (label, g, seconds) => {
      const tr = document.createElement("tr");
      const head = cell("th", label);
      head.scope = "row";
      tr.append(head, ...[g.J, g.dw[0], g.dw[1], g.db].map((v) => cell("td", fmt(v, 10))),
                cell("td", seconds === undefined ? "–" : `${fmt(1000 * seconds, 3)} ms`));
      return tr;
    };
    const s = answer.seconds || {};
    const rows = [row("matrices", answer.vectorised, s.vectorised)];
    if (answer.loop) rows.unshift(row("loop", answer.loop, s.loop));
    this.body.replaceChildren(...rows);
    $("compare-note").textContent = !answer.all_right
      ? "A shape is wrong, so the matrices computed something else than the loop would: fix it to compare."
      : `The largest difference is ${fmt(answer.max_difference, 2)}: the same numbers, summed in another order. `
        + `The loop took ${fmt(s.loop / s.vectorised, 3)} times as long on m = ${answer.m.toLocaleString("en")}. `
        + `After the step J falls from ${fmt(answer.vectorised.J, 6)} to ${fmt(answer.cost_after, 6)}.`;
    const { all_right, max_difference, loop, vectorised, seconds, cost_after, theta_next } = answer;
    this.page.publish("compare", { all_right, max_difference, loop, vectorised, seconds, cost_after, theta_next });
  }
}

function main() {
  const page = new LessonPage({ props: PROPS, ready: 4 }), state = page.state;
  const views = [new ArrayTable(page), new AssertList(page), new LoopComparison(page)];
  let next = null; // θ after the step, for "Take the step"
  const compute = throttle(async () => {
    const theta = [state.w1, state.w2, state.b];
    const answer = await page.request("/api/lessons/vectorised", { m: state.m, theta, learning_rate: state.alpha,
      w_shape: state.w_shape, y_shape: state.y_shape, seed: state.seed });
    if (!answer) return;
    next = answer.theta_next;
    $("take-step").disabled = !next;
    views.forEach((view) => view.draw(answer));
    page.publish("theta", theta);
  }, 150);
  const number = (v) => Number.parseFloat(v);
  const renders = ["w1", "w2", "b", "alpha"].map((key) => page.bind(key, key, compute, { read: number, event: "change" }));
  page.bind("m", "m", compute, { read: (v) => Math.round(10 ** Number(v)), write: Math.log10,
                                 show: (v) => v.toLocaleString("en") });
  $("m").max = String(Math.log10(limit("max_samples")));
  for (const key of ["w_shape", "y_shape"]) page.bind(key, key, compute, { read: String, event: "change" });
  $("take-step").addEventListener("click", () => {
    if (!next) return;
    [state.w1, state.w2, state.b] = next.map((v) => Number(v.toPrecision(6)));
    renders.forEach((render) => render());
    page.save();
    compute.now();
  });
  plotted.then(() => compute());
}

main();
