// Article 001's derivation, every line with the engine's numbers for one sample and for all m samples.
import { $, fmt, postJSON, showError, throttle, urlState } from "/static/js/kit.js";
import { splitFormulas } from "/static/js/lesson/formulas.js";
import { baseLayout, COLORS, plotConfig } from "/static/js/plots.js";
import { plotly } from "/static/js/vendor.js";

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

// The lesson owns its state: nothing mutable at module level.
function lesson() {
  const { state, save } = urlState(PROPS);
  window.gdviz = { state };
  splitFormulas();

  function show() {
    $(`src-${state.src}`).checked = true;
    $("index").value = state.index;
    $("index-out").textContent = state.index;
    for (const key of NUMBERS) if (document.activeElement !== $(key)) $(key).value = state[key];
    $("y").value = String(state.y);
    const own = state.src === "own";
    $("index").disabled = own;
    for (const key of ["x1", "x2", "y"]) $(key).disabled = !own;
  }

  function drawAlong(v) { // J along θ − s·α·∇J: now (s = 0), the descent step (1), article 001's (−1)
    const point = (s, cost, name, color) => ({ x: [s], y: [cost], name, mode: "markers", marker: { size: 11, color },
      hovertemplate: `${name}<br>J = %{y:.4f}<extra></extra>` });
    Plotly.react("along-plot", [
      { x: v.along.s, y: v.along.cost, name: "J(θ − s·α·∇J)", mode: "lines", line: { color: "#555", width: 2 },
        hovertemplate: "s = %{x:.2f}<br>J = %{y:.4f}<extra></extra>" },
      point(0, v.cost, "now", "#555"),
      point(1, v.cost_after, "θ − α·∇J (the + sign)", COLORS[2]),
      point(-1, v.cost_after_article, "the article's step", COLORS[1]),
    ], baseLayout("The cost J along the gradient's line", {
      xaxis: { title: { text: "s (step in units of α·∇J)" }, zeroline: false },
      yaxis: { title: { text: "J (nats)" } } }), plotConfig("gdviz-derivation-sign"));
  }

  const refresh = throttle(async () => {
    const body = { theta: [state.w1, state.w2, state.b], learning_rate: state.alpha,
                   index: state.src === "data" ? state.index : null, x: [state.x1, state.x2], y: state.y };
    try {
      const v = await postJSON("/api/lessons/derivation", body);
      for (const [key, lines] of Object.entries(v.mathml)) {
        const box = $(`p-${key}`);
        if (box) box.innerHTML = lines.join(""); // MathML the server built from its own numbers
      }
      if (state.src === "data") { // the sample's x and y, in the boxes the learner would type in
        $("x1").value = fmt(v.x[0]); $("x2").value = fmt(v.x[1]); $("y").value = String(v.y);
      }
      const up = v.cost_after_article > v.cost, down = v.cost_after < v.cost;
      $("verdict").textContent = `With your numbers: the step with the + sign takes J from ${fmt(v.cost)} to `
        + `${fmt(v.cost_after)} (${down ? "down" : "not down"}); the step with the article's sign takes it to `
        + `${fmt(v.cost_after_article)} (${up ? "up: it climbs the cost" : "not up"}).`
        + (down ? "" : " With a learning rate this large the + step overshoots: try a smaller α.");
      plotly.then(() => drawAlong(v));
      window.gdviz.derivation = v;
    } catch (exc) { showError(exc.message); }
  }, 150);

  const changed = () => { save(); show(); refresh(); };
  for (const input of document.querySelectorAll("input[name=src]")) {
    input.addEventListener("change", (e) => { state.src = e.target.value; changed(); });
  }
  $("index").addEventListener("input", (e) => { state.index = Number(e.target.value); changed(); });
  for (const key of NUMBERS) {
    $(key).addEventListener("input", (e) => {
      const v = Number.parseFloat(e.target.value);
      const prop = PROPS.find((p) => p.key === key);
      if (e.target.value === "" || !Number.isFinite(v) || prop.clamp(v) !== v) return; // wait for a number in range
      state[key] = v; save(); refresh();
    });
    $(key).addEventListener("change", () => show()); // on leaving the box, show the value in use
  }
  $("y").addEventListener("change", (e) => { state.y = Number(e.target.value); changed(); });
  $("round").addEventListener("click", () => { Object.assign(state, ROUND, { src: "own" }); changed(); });
  show();
  refresh();
}

lesson();
