// The chain rule on one sample: a training sample with the live θ of a run, or the learner's own
// numbers; the average over all samples beside it; loop against np.dot, timed several rounds.
// POST /api/lessons/chain-rule on every frame of the run (at most every 200 ms) or typed number;
// POST /api/lessons/timing when asked.
//
// Views: Graph (the computation graph, forward and back, and the note on x), Plugged (the formulas
// with the numbers, as the server's MathML), AverageTable (this sample's dw, db against the average
// over m) and TimingTable (loop against np.dot). SampleBoxes shows the numbers in use in the controls.
// Facts (window.gdviz.facts):
//   chain     the sample the graph shows: the server's answer (MathML aside: x, w, b, y, z, a, loss, da,
//             dz, dw, db, standardised, raw_x, mean, scale, mean_gradient), with step (the run's step
//             whose θ it is; null for typed numbers) and src ("data" or "own")
//   plugged   {sample, mean}: how many lines each box of formulas shows
//   average   {m, sample: [dw1, dw2, db], mean: [dw1, dw2, db]}: the table's two rows
//   timing    the server's timing the table shows: {n, rounds, loop, dot, ratio_spread, ...}
import { $, RUN_PROPS, fmt, throttle } from "/static/js/kit.js";
import { LessonPage, plotted } from "/static/js/lesson.js";

const num = (lo, hi) => (v) => Math.min(hi, Math.max(lo, v));
const ROUND = { x1: 1, x2: 2, w1: 0.5, w2: -0.5, b: 0, y: 1 }; // "Round numbers": article 003 has none
const PROPS = [...RUN_PROPS.map((p) => (p.key === "speed" ? { ...p, def: 5 } : p)),
  { key: "src", type: "string", def: "data", choices: ["data", "own"] },
  { key: "index", type: "int", def: 0, clamp: num(0, 159) },
  { key: "n", type: "int", def: 1000000, clamp: num(1000, 2000000) },
  ...["x1", "x2", "w1", "w2", "b"].map((key) => ({ key, type: "float", def: ROUND[key], clamp: num(-100, 100) })),
  { key: "y", type: "int", def: 1, clamp: num(0, 1) },
];
const OWN = ["x1", "x2", "w1", "w2", "b"];
const DATASET = { name: "blobs", seed: 0, noise: 1.2 };
const line = (text, cls = "") => { const d = document.createElement("div"); d.textContent = text; if (cls) d.className = cls; return d; };
const list = (v) => `(${v.map((x) => fmt(x)).join(", ")})`;

// The boxes and the sample's controls: the typed numbers, or the sample's and the run's.
class SampleBoxes {
  constructor(state) { this.state = state; }

  show(v) {
    const state = this.state, own = state.src === "own";
    $(`src-${state.src}`).checked = true;
    for (const key of [...OWN, "y"]) $(key).disabled = !own;
    $("data-controls").hidden = own;
    if (own || !v) {
      for (const key of OWN) if (document.activeElement !== $(key)) $(key).value = state[key];
      $("y").value = String(state.y);
    } else {
      [$("x1").value, $("x2").value, $("w1").value, $("w2").value] = [...v.x, ...v.w].map((x) => fmt(x));
      $("b").value = fmt(v.b); $("y").value = String(v.y);
    }
  }

  showIndex() { $("index").value = this.state.index; $("index-out").textContent = this.state.index; }

  showN() { $("n").value = Math.log10(this.state.n); $("n-out").textContent = this.state.n.toLocaleString("en"); }

  showRun(run) { $("r-step").textContent = run.last.step; $("r-loss").textContent = fmt(run.latest.loss, 5); }
}

// The computation graph: each node's forward value (black) and backward quantity (red), and the note on x.
class Graph {
  constructor(page) { this.page = page; }

  note(v) {
    if (!v.standardised) return "x is taken as typed: not standardised. The average below is over the data set's "
      + "standardised training samples, at your w and b.";
    return `This sample's x is standardised, as the run trains on it: raw x = ${list(v.raw_x)} becomes `
      + `(x − mean) / std = ${list(v.x)}, with mean ${list(v.mean)} and std ${list(v.scale)} of the `
      + `${v.mean_gradient.m} training samples.`;
  }

  draw(v, step, src) {
    $("x-note").textContent = this.note(v);
    $("v-in").replaceChildren(
      ...v.x.map((x, j) => line(`x${j + 1} = ${fmt(x)} · w${j + 1} = ${fmt(v.w[j])}`)),
      line(`b = ${fmt(v.b)} · label y = ${v.y}`),
      ...v.dw.map((g, j) => line(`dw${j + 1} = x${j + 1} × dz = ${fmt(g)}`, "back")),
      line(`db = dz = ${fmt(v.db)}`, "back"));
    $("v-z").textContent = `z = ${fmt(v.z)}`;
    $("b-z").textContent = `dz = a − y = ${fmt(v.dz)}`;
    $("v-a").textContent = `a = ${fmt(v.a)}`;
    $("b-a").textContent = `da = ${v.da === null ? "undefined (a saturated)" : fmt(v.da)}`;
    $("v-l").textContent = `L = ${fmt(v.loss)}`;
    const numbers = Object.fromEntries(Object.entries(v).filter(([key]) => !key.startsWith("mathml")));
    this.page.publish("chain", { ...numbers, step, src });
  }
}

// The formulas with this sample's numbers, and the average's: MathML the server built from its own
// numbers (latex2mathml escapes text), one <math> a line.
class Plugged {
  constructor(page) { this.page = page; }

  draw(v) {
    $("plugged").innerHTML = v.mathml.join("");
    $("plugged-mean").innerHTML = v.mathml_mean.join("");
    this.page.publish("plugged", { sample: v.mathml.length, mean: v.mathml_mean.length });
  }
}

// This sample's dw and db against their average over the m samples, which the update uses.
class AverageTable {
  constructor(page) { this.page = page; }

  draw(v) {
    const mean = v.mean_gradient, sample = [...v.dw, v.db], average = [...mean.dw, mean.db];
    [$("one-dw1").textContent, $("one-dw2").textContent, $("one-db").textContent] = sample.map((x) => fmt(x));
    [$("avg-dw1").textContent, $("avg-dw2").textContent, $("avg-db").textContent] = average.map((x) => fmt(x));
    $("m-count").textContent = `m = ${mean.m}`;
    this.page.publish("average", { m: mean.m, sample, mean: average });
  }
}

// The loop against np.dot: min, median and max of the rounds, in ms, and each round's ratio.
class TimingTable {
  constructor(page) { this.page = page; }

  wait(n) {
    $("time-it").disabled = true;
    for (const el of document.querySelectorAll(".t-n")) el.textContent = n.toLocaleString("en");
    $("t-loop-median").textContent = "timing…";
  }

  failed() { $("t-loop-median").textContent = "–"; }

  done() { $("time-it").disabled = false; }

  draw(t) {
    const ms = (s) => `${fmt(1000 * s, 3)} ms`;
    for (const row of ["min", "median", "max"]) {
      $(`t-loop-${row}`).textContent = ms(t.loop[row]);
      $(`t-dot-${row}`).textContent = ms(t.dot[row]);
      const r = t.ratio_spread[row]; // a busy moment can make one round's np.dot the slower
      $(`t-ratio-${row}`).textContent = `${r < 10 ? fmt(r, 2) : Math.round(r).toLocaleString("en")}×`;
    }
    $("t-note").textContent = `${t.rounds} rounds at n = ${t.n.toLocaleString("en")}. The spread from min to max `
      + "is the machine's noise: other programs, caches, the clock. Run it twice and the numbers move; the "
      + "median is the one to quote. (Each ratio is one round's loop over its own np.dot.)";
    this.page.publish("timing", t);
  }
}

function main() {
  const page = new LessonPage({ props: PROPS, ready: 3 }), state = page.state; // the graph, formulas and table
  const boxes = new SampleBoxes(state), graph = new Graph(page), plugged = new Plugged(page);
  const average = new AverageTable(page), timing = new TimingTable(page);
  const run = () => page.runs[0]; // the run whose θ a training sample is shown with (once plotly.js is in)

  const refresh = throttle(async () => {
    const own = state.src === "own", live = run();
    if (!own && (!live || !live.last)) return;
    const body = own
      ? { dataset: { ...DATASET, seed: state.seed }, params: [state.w1, state.w2, state.b],
          x: [state.x1, state.x2], y: state.y }
      : { dataset: { ...DATASET, seed: state.seed }, params: live.last.params, index: state.index };
    const step = own ? null : live.last.step; // the step whose θ is sent
    const v = await page.request("/api/lessons/chain-rule", body);
    if (v === null) return; // the banner says why
    if ((state.src === "own") !== own) return; // the choice changed while this was on its way
    if (!own) boxes.showRun(live);
    boxes.show(v);
    graph.draw(v, step, state.src);
    plugged.draw(v);
    average.draw(v);
  }, 200);

  async function timeIt() {
    timing.wait(state.n);
    const t = await page.request("/api/lessons/timing", { n: state.n });
    if (t === null) timing.failed(); else timing.draw(t);
    timing.done();
  }

  const controls = page.runControls();
  const changed = () => { page.save(); boxes.show(null); refresh.now(); };
  const pick = (index) => { state.index = index; boxes.showIndex(); page.save(); refresh(); };
  $("index").addEventListener("input", (e) => pick(Number(e.target.value)));
  $("random-sample").addEventListener("click", () => pick(Math.floor(Math.random() * 160)));
  for (const input of document.querySelectorAll("input[name=src]")) {
    input.addEventListener("change", (e) => { state.src = e.target.value; changed(); });
  }
  for (const key of OWN) {
    $(key).addEventListener("input", (e) => {
      const v = Number.parseFloat(e.target.value);
      if (e.target.value === "" || !Number.isFinite(v) || Math.abs(v) > 100) return; // wait for a number in range
      state[key] = v; page.save(); refresh();
    });
  }
  $("y").addEventListener("change", (e) => { state.y = Number(e.target.value); page.save(); refresh(); });
  $("preset").addEventListener("click", () => { Object.assign(state, ROUND, { src: "own" }); changed(); });
  $("n").addEventListener("input", (e) => { state.n = Math.round(10 ** Number(e.target.value)); boxes.showN(); page.save(); });
  $("time-it").addEventListener("click", timeIt);
  boxes.showIndex(); boxes.showN(); boxes.show(null);
  if (state.src === "own") refresh();

  plotted.then(() => { // the run starts paused; each of its frames shows the sample at its θ
    page.liveRun("logistic regression", { onFrame: () => refresh(), onStatus: () => controls.status() })
      .start({ dataset: { ...DATASET, seed: state.seed }, model: { kind: "logistic" }, tol_grad: 0, seed: state.seed,
               optimizer: { name: "gd", learning_rate: state.lr }, speed: state.fastest ? null : state.speed, paused: true });
  });
}

main();
