// The chain rule on one sample of a live logistic regression; loop against np.dot.
import { $, lessonRun, RUN_PROPS, fmt, postJSON, showError, throttle, urlState, wireRunControls } from "../kit.js";
import { splitFormulas } from "./formulas.js";
import { plotly } from "../vendor.js";

const PROPS = [...RUN_PROPS,
  { key: "index", type: "int", def: 0, clamp: (v) => Math.min(159, Math.max(0, v)) },
  { key: "n", type: "int", def: 1000000, clamp: (v) => Math.min(2000000, Math.max(1000, v)) },
];
PROPS.find((p) => p.key === "speed").def = 5;
// The lesson owns its state: nothing mutable at module level.
function lesson() {
  const { state, save } = urlState(PROPS);
  const DATASET = { name: "blobs", seed: 0, noise: 1.2 };
  let run = null, shownStep = null;
  window.gdviz = { state, get runs() { return run ? [run] : []; } };
  splitFormulas(); // the static ones: #plugged keeps one <math> per line the server sends

  function start() {
    run = lessonRun("logistic regression", { onFrame: () => refresh(), onStatus: () => controls.status() });
    run.start({ dataset: { ...DATASET, seed: state.seed }, model: { kind: "logistic" }, tol_grad: 0, seed: state.seed,
                optimizer: { name: "gd", learning_rate: state.lr }, speed: state.fastest ? null : state.speed, paused: true });
  }

  const line = (text, cls = "") => { const d = document.createElement("div"); d.textContent = text; if (cls) d.className = cls; return d; };

  const refresh = throttle(async () => {
    if (!run || !run.last) return;
    const step = run.last.step;
    try {
      const v = await postJSON("/api/lessons/chain-rule", { dataset: { ...DATASET, seed: state.seed },
                                                           params: run.last.params, index: state.index });
      window.gdviz.chain = { ...v, step };
      shownStep = step;
      $("r-step").textContent = step;
      $("r-loss").textContent = fmt(run.latest.loss, 5);
      $("v-in").replaceChildren(
        ...v.x.map((x, j) => line(`x${j + 1} = ${fmt(x)} · w${j + 1} = ${fmt(v.w[j])}`)),
        line(`b = ${fmt(v.b)} · label y = ${v.y}`),
        ...v.dw.map((g, j) => line(`dw${j + 1} = x${j + 1}·dz = ${fmt(g)}`, "back")),
        line(`db = dz = ${fmt(v.db)}`, "back"));
      $("v-z").textContent = `z = ${fmt(v.z)}`;
      $("b-z").textContent = `dz = a − y = ${fmt(v.dz)}`;
      $("v-a").textContent = `a = ${fmt(v.a)}`;
      $("b-a").textContent = `da = ${v.da === null ? "undefined (a saturated)" : fmt(v.da)}`;
      $("v-l").textContent = `L = ${fmt(v.loss)}`;
      // MathML built by the server from its own numbers (latex2mathml escapes text).
      $("plugged").innerHTML = v.mathml.join("");
    } catch (exc) { showError(exc.message); }
  }, 200);

  async function timeIt() {
    $("time-it").disabled = true;
    $("t-n").textContent = state.n.toLocaleString("en");
    $("t-loop").textContent = "timing…";
    try {
      const t = await postJSON("/api/lessons/timing", { n: state.n });
      window.gdviz.timing = t;
      $("t-loop").textContent = `${fmt(1000 * t.loop_seconds, 3)} ms`;
      $("t-dot").textContent = `${fmt(1000 * t.dot_seconds, 3)} ms`;
      $("t-ratio").textContent = `${Math.round(t.ratio)}×`;
    } catch (exc) { showError(exc.message); $("t-loop").textContent = "–"; }
    finally { $("time-it").disabled = false; }
  }

  const controls = wireRunControls(() => [run], state, save);
  const showIndex = () => { $("index").value = state.index; $("index-out").textContent = state.index; };
  $("index").addEventListener("input", (e) => { state.index = Number(e.target.value); showIndex(); save(); refresh(); });
  $("random-sample").addEventListener("click", () => { state.index = Math.floor(Math.random() * 160); showIndex(); save(); refresh(); });
  const showN = () => { $("n").value = Math.log10(state.n); $("n-out").textContent = state.n.toLocaleString("en"); };
  $("n").addEventListener("input", (e) => { state.n = Math.round(10 ** Number(e.target.value)); showN(); save(); });
  $("time-it").addEventListener("click", timeIt);
  showIndex(); showN();

  plotly.then(() => { start(); });
}

lesson();
