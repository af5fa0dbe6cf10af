// Softmax regression on digits: live weight images, confusion matrix, one image's probabilities.
import { $, lessonRun, RUN_PROPS, fmt, postJSON, showError, showRecord, throttle, urlState, wireRunControls }
  from "/static/js/kit.js";
import { baseLayout, plotConfig } from "/static/js/plots.js";
import { choiceProp } from "/static/js/catalogue.js";
import { splitFormulas } from "/static/js/lesson/formulas.js";
import { plotly } from "/static/js/vendor.js";

const PROPS = [...RUN_PROPS,
  choiceProp("optimizer", "optimizers", "gd"),
  choiceProp("loss", "losses", "cross_entropy"),
  { key: "batch", type: "int", def: 32, clamp: (v) => Math.min(256, Math.max(1, v)) },
  { key: "l2", type: "float", def: 0.2, clamp: (v) => Math.min(1, Math.max(0, v)) }, // the weights become pictures
  { key: "index", type: "int", def: 0, clamp: (v) => Math.min(358, Math.max(0, v)) },
];
PROPS.find((p) => p.key === "lr").def = 0.1;
// The lesson owns its state: nothing mutable at module level.
function lesson() {
  const { state, save } = urlState(PROPS);
  const DATASET = { name: "digits", seed: 0 };
  const MODEL = { kind: "softmax" };
  const K = 10, D = 64;
  let run = null, dirty = false;
  window.gdviz = { state, get runs() { return run ? [run] : []; } };
  const layout = (title, extra = {}) => baseLayout(title, { showlegend: false, ...extra }); // its own margins
  const narrow = window.matchMedia("(max-width: 600px)"); // lessons.css makes the weights' box taller there
  splitFormulas();

  function weightImages(params) {
    // theta = [W row-major (W[j, k] at j*K + k), b]: column k is the image of class k.
    return Array.from({ length: K }, (_, k) => {
      const rows = [];
      for (let r = 0; r < 8; r += 1) rows.push(Array.from({ length: 8 }, (_, c) => params[(r * 8 + c) * K + k]));
      return rows;
    });
  }

  // Ten 8×8 images, five a row (two on a phone), each titled by its own (top) x axis: the title
  // follows the image wherever the square aspect puts it, so no label lands on a neighbour.
  // Blue < 0 < red, white at 0 (plotly's own RdBu is grey there): a weight near 0 is background.
  const DIVERGING = [[0, "#2166ac"], [0.25, "#92c5de"], [0.5, "#ffffff"], [0.75, "#f4a582"], [1, "#b2182b"]];
  function initWeights() {
    const cols = narrow.matches ? 2 : 5, rows = K / cols, traces = [];
    const lay = layout("W[:, k] for k = 0 … 9");
    const bare = { showticklabels: false, ticks: "", zeroline: false, showgrid: false, showline: false,
                   constrain: "domain" };
    for (let k = 0; k < K; k += 1) {
      const row = Math.floor(k / cols), col = k % cols, ax = k === 0 ? "" : String(k + 1);
      traces.push({ type: "heatmap", z: [[0]], xaxis: `x${ax}`, yaxis: `y${ax}`, colorscale: DIVERGING,
                    zmid: 0, showscale: k === 0, colorbar: { thickness: 10 },
                    hovertemplate: `class ${k}<br>pixel (%{y}, %{x})<br>weight %{z:.4f}<extra></extra>` });
      const top = 1 - row / rows;
      lay[`xaxis${ax}`] = { ...bare, domain: [col / cols + 0.02, (col + 1) / cols - 0.02], side: "top", anchor: `y${ax}`,
                            title: { text: `digit ${k}`, standoff: 4, font: { size: 12 } } };
      lay[`yaxis${ax}`] = { ...bare, domain: [top - 1 / rows + 0.01, top - 0.16 / rows], autorange: "reversed",
                            scaleanchor: `x${ax}`, constraintoward: "top", anchor: `x${ax}` };
    }
    Plotly.newPlot("weights-plot", traces, lay, plotConfig("gdviz-softmax-weights"));
  }

  const refreshWeights = throttle(async () => {
    if (!run || !run.last) return;
    Plotly.restyle("weights-plot", { z: weightImages(run.last.params) }, [...Array(K).keys()]);
  }, 200);

  const refreshConfusion = throttle(async () => {
    if (!run || !run.last) return;
    try {
      const step = run.last.step;
      const out = await postJSON("/api/lessons/confusion", { dataset: DATASET, model: MODEL, params: run.last.params });
      window.gdviz.confusion = out.matrix;
      window.gdviz.templates = out.templates;
      window.gdviz.confusionStep = step;
      if (out.templates) {
        const r = out.templates.map((v) => (v === null ? "–" : v.toFixed(2)));
        $("templates").textContent = `How much each weight image looks like its digit (correlation with the digit's `
          + `average image minus the average of all digits, 1 = the same picture), step ${step}: `
          + r.map((v, k) => `${k}: ${v}`).join(", ") + ".";
      }
      Plotly.react("confusion-plot", [{ type: "heatmap", z: out.matrix, x: out.class_names, y: out.class_names,
        colorscale: [[0, "#f7fbff"], [1, "#4a90d9"]], texttemplate: "%{z}", showscale: false,
        hovertemplate: "true %{y}, predicted %{x}<br>%{z} images<extra></extra>" }],
        layout(`Test set, step ${run.last.step}`, {
          xaxis: { title: { text: "predicted digit" }, type: "category" },
          yaxis: { title: { text: "true digit" }, autorange: "reversed", type: "category" } }),
        plotConfig("gdviz-confusion-matrix"));
    } catch (exc) { showError(exc.message); }
  }, 500);

  const refreshImage = throttle(async () => {
    if (!run || !run.last) return;
    try {
      const step = run.last.step;
      const out = await postJSON("/api/lessons/probabilities", { dataset: DATASET, model: MODEL,
                                                                 params: run.last.params, index: state.index });
      window.gdviz.probabilities = { ...out, step };
      const pixels = Array.from({ length: 8 }, (_, r) => out.features.slice(r * 8, r * 8 + 8));
      Plotly.react("image-plot", [{ type: "heatmap", z: pixels, colorscale: "Greys", reversescale: true,
        showscale: false, zmin: 0, zmax: 16,
        hovertemplate: "pixel (%{y}, %{x})<br>ink %{z}<extra></extra>" }],
        layout(`test image ${out.index}: a ${out.class_names[out.label]}`, {
          xaxis: { showticklabels: false, ticks: "", showgrid: false, zeroline: false },
          yaxis: { autorange: "reversed", showticklabels: false, ticks: "", showgrid: false, zeroline: false, scaleanchor: "x" } }),
        plotConfig("gdviz-test-image"));
      const best = out.probabilities.indexOf(Math.max(...out.probabilities));
      Plotly.react("proba-plot", [{ type: "bar", x: out.class_names, y: out.probabilities,
        marker: { color: out.probabilities.map((_, k) => (k === out.label ? "#2b8a3e" : k === best ? "#d9480f" : "#9aa5b8")) },
        hovertemplate: "P(class %{x}) = %{y:.4f}<extra></extra>" }],
        layout(`predicted ${out.class_names[best]} (green: the true class)`, {
          xaxis: { type: "category" }, yaxis: { range: [0, 1], tickformat: ".0%" } }), plotConfig("gdviz-probabilities"));
    } catch (exc) { showError(exc.message); }
  }, 300);

  function start() {
    if (run) run.close();
    run = lessonRun("softmax", { onFrame: () => { dirty = true; }, onStatus: () => controls.status() });
    run.start({ dataset: DATASET, model: MODEL, loss: state.loss, batch_size: state.batch, l2: state.l2,
                optimizer: { name: state.optimizer, learning_rate: state.lr }, tol_grad: 0, seed: state.seed,
                speed: state.fastest ? null : state.speed, paused: true });
  }

  function draw() {
    if (dirty && run && run.last) {
      dirty = false;
      showRecord(run.latest);
      refreshWeights(); refreshConfusion(); refreshImage();
    }
    requestAnimationFrame(draw);
  }

  const controls = wireRunControls(() => [run], state, save);
  $("optimizer").value = state.optimizer;
  $("loss").value = state.loss;
  $("optimizer").addEventListener("change", (e) => { state.optimizer = e.target.value; save(); run.set({ optimizer: state.optimizer }); });
  $("loss").addEventListener("change", (e) => { state.loss = e.target.value; save(); run.set({ loss: state.loss }); });
  const showBatch = () => { $("batch").value = state.batch; $("batch-out").textContent = state.batch; };
  $("batch").addEventListener("input", (e) => { state.batch = Number(e.target.value); showBatch(); save(); run.set({ batch_size: state.batch }); });
  const showIndex = () => { $("index").value = state.index; $("index-out").textContent = state.index; };
  $("index").addEventListener("input", (e) => { state.index = Number(e.target.value); showIndex(); save(); refreshImage(); });
  $("random-image").addEventListener("click", () => {
    state.index = Math.floor(Math.random() * 359); showIndex(); save(); refreshImage();
  });
  const showL2 = () => { $("l2").value = state.l2 > 0 ? Math.log10(state.l2) : -4; $("l2-out").textContent = state.l2 ? fmt(state.l2, 2) : "0"; };
  $("l2").addEventListener("input", (e) => {
    const v = Number(e.target.value);
    state.l2 = v <= -4 ? 0 : Number((10 ** v).toPrecision(3));
    showL2(); save(); run.set({ l2: state.l2 });
  });
  showBatch(); showIndex(); showL2();

  narrow.addEventListener("change", () => { initWeights(); refreshWeights(); });
  plotly.then(() => {
    initWeights();
    start();
    requestAnimationFrame(draw);
  });
}

lesson();
