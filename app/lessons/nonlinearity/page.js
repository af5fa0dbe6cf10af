// Why non-linearity: logistic regression, logistic regression on a feature map, and a hidden layer.
import { $, lessonRun, RUN_PROPS, pct, postJSON, showError, throttle, urlState, wireRunControls } from "/static/js/kit.js";
import { CLASS_COLORS, baseLayout, plotConfig } from "/static/js/plots.js";
import { choiceProp } from "/static/js/catalogue.js";
import { withField } from "/static/js/live.js";
import { splitFormulas } from "/static/js/lesson/formulas.js";
import { plotly } from "/static/js/vendor.js";

const PROPS = [...RUN_PROPS,
  { key: "dataset", type: "string", def: "circles", choices: ["circles", "xor", "moons", "spiral"] },
  { key: "noise", type: "float", def: 0.08, clamp: (v) => Math.min(0.5, Math.max(0, v)) },
  { key: "hidden", type: "int", def: 8, clamp: (v) => Math.min(32, Math.max(1, v)) },
  choiceProp("activation", "activations", "tanh"),
];
PROPS.find((p) => p.key === "lr").def = 0.05;
// The lesson owns its state: nothing mutable at module level.
function lesson() {
  const { state, save } = urlState(PROPS);
  const COLORS = ["#1f6feb", "#2b8a3e", "#9c36b5"];
  let runs = [], points = null, dirty = false;
  window.gdviz = { state, get runs() { return runs; } };
  splitFormulas();

  const MODELS = () => [
    { label: "logistic regression on (x₁, x₂)", model: { kind: "logistic" }, features: null },
    { label: "logistic regression on x₁, x₂, x₁², x₂², x₁x₂", model: { kind: "logistic" },
      features: ["x1", "x2", "x1_sq", "x2_sq", "x1_x2"] },
    { label: `network: ${state.hidden} ${state.activation} units`,
      model: { kind: "mlp", hidden: state.hidden, activation: state.activation }, features: null },
  ];
  const dataset = (features) => ({ name: state.dataset, noise: state.noise, seed: state.seed, n_samples: 300,
                                   features });

  function start() {
    for (const run of runs) run.close();
    const specs = MODELS();
    runs = specs.map((spec, i) => {
      const run = lessonRun(spec.label, { onFrame: () => { dirty = true; }, onStatus: () => controls.status() });
      run.lessonModel = spec; // not run.spec: LiveRun keeps its start config there
      run.refresh = throttle(() => drawBoundary(i), 250);
      run.start({ dataset: dataset(spec.features), model: spec.model, optimizer: { name: "adam", learning_rate: state.lr },
                  tol_grad: 0, seed: state.seed, speed: state.fastest ? null : state.speed, paused: true });
      return run;
    });
    postJSON("/api/points", { dataset: dataset(null) }).then((p) => { points = p; dirty = true; })
      .catch((exc) => showError(exc.message));
    Plotly.newPlot("loss-plot", specs.map((spec, i) => ({ x: [], y: [], name: spec.label, mode: "lines",
      line: { color: COLORS[i], width: 2 }, hovertemplate: `${spec.label}<br>step %{x}<br>J %{y:.5f}<extra></extra>` })),
      baseLayout("Training loss (cross-entropy)", { xaxis: { title: { text: "iteration" } },
                                                    yaxis: { title: { text: "loss" } } }), // legend below: baseLayout
      plotConfig("gdviz-nonlinearity-loss"));
  }

  async function drawBoundary(i) {
    const run = runs[i];
    if (!run || !run.last || !points) return;
    const spec = run.lessonModel;
    try {
      const map = await postJSON("/api/boundary", { dataset: dataset(spec.features), model: spec.model,
                                                    params: run.last.params, resolution: 50 });
      if (runs[i] !== run) return;
      run.mapStep = run.last.step;
      const traces = [{ type: "heatmap", x: map.x, y: map.y, z: map.z, zmin: 0, zmax: 1, colorscale: "RdBu",
                        opacity: 0.75, zsmooth: "best", showscale: false,
                        hovertemplate: "(%{x:.2f}, %{y:.2f})<br>P(y=1) %{z:.3f}<extra></extra>" }];
      for (const k of [0, 1]) {
        const idx = points.train_y.map((y, j) => (y === k ? j : -1)).filter((j) => j >= 0);
        traces.push({ type: "scatter", mode: "markers", x: idx.map((j) => points.train_x[j][0]),
                      y: idx.map((j) => points.train_x[j][1]), name: `class ${k}`,
                      marker: { size: 5, color: CLASS_COLORS[k], line: { color: "#fff", width: 0.6 } },
                      hovertemplate: `class ${k}<br>(%{x:.2f}, %{y:.2f})<extra></extra>` });
      }
      const layout = baseLayout(spec.label, { showlegend: false, xaxis: { showgrid: false, title: { text: "x₁" } },
                                              yaxis: { showgrid: false, title: { text: "x₂" } } });
      // the numbers as a subtitle: a two-line title ("a<br>b") rose out of the figure's top edge
      layout.title = { ...layout.title, font: { size: 12 },
                       subtitle: { text: `train accuracy ${pct(run.latest.accuracy)} · step ${run.last.step}`, font: { size: 11 } } };
      Plotly.react(`boundary-${i}`, traces, layout, plotConfig(`gdviz-boundary-${i}`));
    } catch (exc) { showError(exc.message); }
  }

  function draw() {
    if (dirty && runs.length && runs.every((r) => r.last)) {
      dirty = false;
      const evaluated = runs.map((r) => withField(r.history, "loss")); // the records that carry the loss
      Plotly.restyle("loss-plot", { x: evaluated.map((h) => h.map((x) => x.step)),
                                    y: evaluated.map((h) => h.map((x) => x.loss)) }, [0, 1, 2]);
      runs.forEach((run) => { if (run.mapStep !== run.last.step) run.refresh(); });
    }
    requestAnimationFrame(draw);
  }

  const controls = wireRunControls(() => runs, state, save);
  const restart = throttle(async () => start(), 300);
  $("dataset").value = state.dataset;
  $("activation").value = state.activation;
  $("dataset").addEventListener("change", (e) => { state.dataset = e.target.value; save(); restart(); });
  $("activation").addEventListener("change", (e) => { state.activation = e.target.value; save(); restart(); });
  for (const [id, key, show] of [["noise", "noise", (v) => v.toFixed(2)], ["hidden", "hidden", String]]) {
    const render = () => { $(id).value = state[key]; $(`${id}-out`).textContent = show(state[key]); };
    $(id).addEventListener("input", (e) => { state[key] = Number(e.target.value); render(); save(); restart(); });
    render();
  }

  plotly.then(() => { start(); requestAnimationFrame(draw); });
}

lesson();
