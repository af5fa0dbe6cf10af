// Article 001's derivation, every line with the engine's numbers for one sample and for all m samples:
// POST /api/lessons/derivation, again whenever a number changes.
//
// Views: Lines (the boxes of MathML the server built, one per step of the derivation), Verdict (the
// sentence on the two steps' costs) and AlongPlot (J along the gradient's line, both steps marked).
// SampleBoxes shows the settings in the controls. Facts (window.gdviz.facts):
//   derivation  the numbers the lines show: the server's answer, its MathML aside
//               ({x, y, theta, alpha, index, m, z, h, likelihood, loss, cost, gradient_mean, ...})
//   verdict     the sentence under the sign check
//   along       {s, cost, marks: [{name, s, cost}]}: J(θ − s·α·∇J) and the three points marked on it
import { $, fmt, throttle } from "/static/js/kit.js";
import { baseLayout, COLORS, plotConfig } from "/static/js/plots.js";
import { LessonPage, plotted } from "/static/js/lesson.js";

const num = (lo, hi) => (v) => Math.min(hi, Math.max(lo, v));
const PROPS = [
  { key: "src", type: "string", def: "own", choices: ["data", "own"] },
  { key: "index", type: "int", def: 0, clamp: num(0, 159) },
  { key: "x1", type: "float", def: 1, clamp: num(-100, 100) },
  { key: "x2", type: "float", def: 2, clamp: num(-100, 100) },
  { key: "y", type: "int", def: 1, clamp: num(0, 1) },
  { key: "w1", type: "float", def: 0.5, clamp: num(-100, 100) },
  { key: "w2", type: "float", def: -0.5, clamp: num(-100, 100) },
  { key: "b", type: "float", def: 0, clamp: num(-100, 100) },
  { key: "alpha", type: "float", def: 0.5, clamp: num(0.01, 10) },
];
const ROUND = { x1: 1, x2: 2, y: 1, w1: 0.5, w2: -0.5, b: 0, alpha: 0.5 };
const NUMBERS = ["x1", "x2", "w1", "w2", "b", "alpha"];

// The request: θ, α, and the data set's sample or the typed one.
const requestOf = (state) => ({ theta: [state.w1, state.w2, state.b], learning_rate: state.alpha,
                                index: state.src === "data" ? state.index : null, x: [state.x1, state.x2], y: state.y });

// The controls, shown from the settings; a data-set sample's x and y in the boxes one would type in.
class SampleBoxes {
  constructor(state) { this.state = state; }

  show() {
    const state = this.state;
    $(`src-${state.src}`).checked = true;
    $("index").value = state.index;
    $("index-out").textContent = state.index;
    for (const key of NUMBERS) if (document.activeElement !== $(key)) $(key).value = state[key];
    $("y").value = String(state.y);
    const own = state.src === "own";
    $("index").disabled = own;
    for (const key of ["x1", "x2", "y"]) $(key).disabled = !own;
  }

  showSample(v) { $("x1").value = fmt(v.x[0]); $("x2").value = fmt(v.x[1]); $("y").value = String(v.y); }
}

// Each step's box: the lines with this sample's numbers (and the m samples'), as the server wrote them.
class Lines {
  constructor(page) { this.page = page; }

  draw(v) {
    for (const [key, lines] of Object.entries(v.mathml)) {
      const box = $(`p-${key}`);
      if (box) box.innerHTML = lines.join(""); // MathML the server built from its own numbers
    }
    this.page.publish("derivation", Object.fromEntries(Object.entries(v).filter(([key]) => key !== "mathml")));
  }
}

// The sentence under the sign check: where each step takes J.
class Verdict {
  constructor(page) { this.page = page; }

  draw(v) {
    const up = v.cost_after_article > v.cost, down = v.cost_after < v.cost;
    const sentence = `With your numbers: the step with the + sign takes J from ${fmt(v.cost)} to `
      + `${fmt(v.cost_after)} (${down ? "down" : "not down"}); the step with the article's sign takes it to `
      + `${fmt(v.cost_after_article)} (${up ? "up: it climbs the cost" : "not up"}).`
      + (down ? "" : " With a learning rate this large the + step overshoots: try a smaller α.");
    $("verdict").textContent = sentence;
    this.page.publish("verdict", sentence);
  }
}

// J along θ − s·α·∇J: now (s = 0), the descent step (1), article 001's (−1).
class AlongPlot {
  constructor(page) {
    this.page = page;
    this.layout = baseLayout("The cost J along the gradient's line", {
      xaxis: { title: { text: "s (step in units of α·∇J)" }, zeroline: false },
      yaxis: { title: { text: "J (nats)" } } });
  }

  async draw(v) {
    const marks = [{ name: "now", s: 0, cost: v.cost, color: "#555" },
                   { name: "θ − α·∇J (the + sign)", s: 1, cost: v.cost_after, color: COLORS[2] },
                   { name: "the article's step", s: -1, cost: v.cost_after_article, color: COLORS[1] }];
    const point = ({ s, cost, name, color }) => ({ x: [s], y: [cost], name, mode: "markers", marker: { size: 11, color },
      hovertemplate: `${name}<br>J = %{y:.4f}<extra></extra>` });
    await Plotly.react("along-plot", [
      { x: v.along.s, y: v.along.cost, name: "J(θ − s·α·∇J)", mode: "lines", line: { color: "#555", width: 2 },
        hovertemplate: "s = %{x:.2f}<br>J = %{y:.4f}<extra></extra>" },
      ...marks.map(point),
    ], this.layout, plotConfig("gdviz-derivation-sign"));
    this.page.publish("along", { s: v.along.s, cost: v.along.cost,
                                 marks: marks.map(({ name, s, cost }) => ({ name, s, cost })) });
  }
}

function main() {
  const page = new LessonPage({ props: PROPS, ready: 3 }), state = page.state;
  const boxes = new SampleBoxes(state), lines = new Lines(page), verdict = new Verdict(page), along = new AlongPlot(page);
  const refresh = throttle(async () => {
    const v = await page.request("/api/lessons/derivation", requestOf(state));
    if (v === null) return; // the banner says why
    lines.draw(v);
    if (state.src === "data") boxes.showSample(v);
    verdict.draw(v);
    plotted.then(() => along.draw(v));
  }, 150);

  const changed = () => { page.save(); boxes.show(); refresh(); };
  for (const input of document.querySelectorAll("input[name=src]")) {
    input.addEventListener("change", (e) => { state.src = e.target.value; changed(); });
  }
  $("index").addEventListener("input", (e) => { state.index = Number(e.target.value); changed(); });
  for (const key of NUMBERS) {
    const clamp = PROPS.find((p) => p.key === key).clamp;
    $(key).addEventListener("input", (e) => {
      const v = Number.parseFloat(e.target.value);
      if (e.target.value === "" || !Number.isFinite(v) || clamp(v) !== v) return; // wait for a number in range
      state[key] = v; page.save(); refresh();
    });
    $(key).addEventListener("change", () => boxes.show()); // on leaving the box, show the value in use
  }
  $("y").addEventListener("change", (e) => { state.y = Number(e.target.value); changed(); });
  $("round").addEventListener("click", () => { Object.assign(state, ROUND, { src: "own" }); changed(); });
  boxes.show();
  refresh();
}

main();
