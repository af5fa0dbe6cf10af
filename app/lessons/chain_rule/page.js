// The chain rule on one sample: a training sample with the live θ of a run, or the learner's own
// numbers; the average over all samples beside it; loop against np.dot, timed several rounds.
import { $, lessonRun, RUN_PROPS, fmt, postJSON, showError, throttle, urlState, wireRunControls } from "/static/js/kit.js";
import { splitFormulas } from "/static/js/lesson/formulas.js";
import { plotly } from "/static/js/vendor.js";

const num = (lo, hi) => (v) => Math.min(hi, Math.max(lo, v));
const ROUND = { x1: 1, x2: 2, w1: 0.5, w2: -0.5, b: 0, y: 1 }; // "Round numbers": article 003 has none
const PROPS = [...RUN_PROPS,
  { key: "src", type: "string", def: "data", choices: ["data", "own"] },
  { key: "index", type: "int", def: 0, clamp: num(0, 159) },
  { key: "n", type: "int", def: 1000000, clamp: num(1000, 2000000) },
  ...["x1", "x2", "w1", "w2", "b"].map((key) => ({ key, type: "float", def: ROUND[key], clamp: num(-100, 100) })),
  { key: "y", type: "int", def: 1, clamp: num(0, 1) },
];
const OWN = ["x1", "x2", "w1", "w2", "b"];
PROPS.find((p) => p.key === "speed").def = 5;

// The lesson owns its state: nothing mutable at module level.
function lesson() {
  const { state, save } = urlState(PROPS);
  const DATASET = { name: "blobs", seed: 0, noise: 1.2 };
  let run = null;
  window.gdviz = { state, get runs() { return run ? [run] : []; } };
  splitFormulas(); // the static ones: #plugged keeps one <math> per line the server sends

  function start() {
    run = lessonRun("logistic regression", { onFrame: () => refresh(), onStatus: () => controls.status() });
    run.start({ dataset: { ...DATASET, seed: state.seed }, model: { kind: "logistic" }, tol_grad: 0, seed: state.seed,
                optimizer: { name: "gd", learning_rate: state.lr }, speed: state.fastest ? null : state.speed, paused: true });
  }

  const line = (text, cls = "") => { const d = document.createElement("div"); d.textContent = text; if (cls) d.className = cls; return d; };
  const list = (v) => `(${v.map((x) => fmt(x)).join(", ")})`;

  function showInputs(v) { // what the boxes hold: the typed numbers, or the sample's and the run's
    const own = state.src === "own";
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

  function note(v) {
    if (!v.standardised) return "x is taken as typed: not standardised. The average below is over the data set's "
      + "standardised training samples, at your w and b.";
    return `This sample's x is standardised, as the run trains on it: raw x = ${list(v.raw_x)} becomes `
      + `(x − mean) / std = ${list(v.x)}, with mean ${list(v.mean)} and std ${list(v.scale)} of the `
      + `${v.mean_gradient.m} training samples.`;
  }

  const refresh = throttle(async () => {
    const own = state.src === "own";
    if (!own && (!run || !run.last)) return;
    const body = own
      ? { dataset: { ...DATASET, seed: state.seed }, params: [state.w1, state.w2, state.b],
          x: [state.x1, state.x2], y: state.y }
      : { dataset: { ...DATASET, seed: state.seed }, params: run.last.params, index: state.index };
    try {
      const v = await postJSON("/api/lessons/chain-rule", body);
      if ((state.src === "own") !== own) return; // the choice changed while this was on its way
      window.gdviz.chain = { ...v, step: own ? null : run.last.step, src: state.src };
      if (!own) { $("r-step").textContent = run.last.step; $("r-loss").textContent = fmt(run.latest.loss, 5); }
      showInputs(v);
      $("x-note").textContent = note(v);
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
      // MathML built by the server from its own numbers (latex2mathml escapes text).
      $("plugged").innerHTML = v.mathml.join("");
      $("plugged-mean").innerHTML = v.mathml_mean.join("");
      const mean = v.mean_gradient;
      [$("one-dw1").textContent, $("one-dw2").textContent, $("one-db").textContent] = [...v.dw, v.db].map((x) => fmt(x));
      [$("avg-dw1").textContent, $("avg-dw2").textContent, $("avg-db").textContent] = [...mean.dw, mean.db].map((x) => fmt(x));
      $("m-count").textContent = `m = ${mean.m}`;
    } catch (exc) { showError(exc.message); }
  }, 200);

  const ms = (s) => `${fmt(1000 * s, 3)} ms`;
  async function timeIt() {
    $("time-it").disabled = true;
    for (const el of document.querySelectorAll(".t-n")) el.textContent = state.n.toLocaleString("en");
    $("t-loop-median").textContent = "timing…";
    try {
      const t = await postJSON("/api/lessons/timing", { n: state.n });
      window.gdviz.timing = t;
      for (const row of ["min", "median", "max"]) {
        $(`t-loop-${row}`).textContent = ms(t.loop[row]);
        $(`t-dot-${row}`).textContent = ms(t.dot[row]);
        const r = t.ratio_spread[row]; // a busy moment can make one round's np.dot the slower
        $(`t-ratio-${row}`).textContent = `${r < 10 ? fmt(r, 2) : Math.round(r).toLocaleString("en")}×`;
      }
      $("t-note").textContent = `${t.rounds} rounds at n = ${t.n.toLocaleString("en")}. The spread from min to max `
        + "is the machine's noise: other programs, caches, the clock. Run it twice and the numbers move; the "
        + "median is the one to quote. (Each ratio is one round's loop over its own np.dot.)";
    } catch (exc) { showError(exc.message); $("t-loop-median").textContent = "–"; }
    finally { $("time-it").disabled = false; }
  }

  const controls = wireRunControls(() => [run], state, save);
  const changed = () => { save(); showInputs(null); refresh.now(); };
  const showIndex = () => { $("index").value = state.index; $("index-out").textContent = state.index; };
  $("index").addEventListener("input", (e) => { state.index = Number(e.target.value); showIndex(); save(); refresh(); });
  $("random-sample").addEventListener("click", () => { state.index = Math.floor(Math.random() * 160); showIndex(); save(); refresh(); });
  for (const input of document.querySelectorAll("input[name=src]")) {
    input.addEventListener("change", (e) => { state.src = e.target.value; changed(); });
  }
  for (const key of OWN) {
    $(key).addEventListener("input", (e) => {
      const v = Number.parseFloat(e.target.value);
      if (e.target.value === "" || !Number.isFinite(v) || Math.abs(v) > 100) return; // wait for a number in range
      state[key] = v; save(); refresh();
    });
  }
  $("y").addEventListener("change", (e) => { state.y = Number(e.target.value); save(); refresh(); });
  $("preset").addEventListener("click", () => {
    Object.assign(state, ROUND, { src: "own" }); changed();
  });
  const showN = () => { $("n").value = Math.log10(state.n); $("n-out").textContent = state.n.toLocaleString("en"); };
  $("n").addEventListener("input", (e) => { state.n = Math.round(10 ** Number(e.target.value)); showN(); save(); });
  $("time-it").addEventListener("click", timeIt);
  showIndex(); showN(); showInputs(null);
  if (state.src === "own") refresh();

  plotly.then(() => { start(); });
}

lesson();
