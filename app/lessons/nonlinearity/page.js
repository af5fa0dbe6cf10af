// Why non-linearity: logistic regression, logistic regression on a feature map, and a hidden layer,
// three live runs (Adam) on the same data, started again whenever the data, the units or the
// activation change. The data's points are POST /api/points; each map is POST /api/boundary at its
// run's newest θ (at most every 250 ms a run).
//
// Views: BoundaryMap (one per model: P(y = 1) over the plane, the training points, its accuracy and
// step) and LossPlot (the three training losses). Facts (window.gdviz.facts):
//   boundary-0, boundary-1, boundary-2   {label, step, accuracy, classes: [n0, n1]}: the model, the step
//                                        its map shows, its train accuracy and the points drawn per class
//   losses    [{label, points, step, loss}]: each run's curve, its number of points and its newest J
import { $, RUN_PROPS, pct, throttle } from "/static/js/kit.js";
import { CLASS_COLORS, baseLayout, plotConfig } from "/static/js/plots.js";
import { choiceProp } from "/static/js/catalogue.js";
import { withField } from "/static/js/live.js";
import { LessonPage, plotted } from "/static/js/lesson.js";

const PROPS = [...RUN_PROPS.map((p) => (p.key === "lr" ? { ...p, def: 0.05 } : p)),
  { key: "dataset", type: "string", def: "circles", choices: ["circles", "xor", "moons", "spiral"] },
  { key: "noise", type: "float", def: 0.08, clamp: (v) => Math.min(0.5, Math.max(0, v)) },
  { key: "hidden", type: "int", def: 8, clamp: (v) => Math.min(32, Math.max(1, v)) },
  choiceProp("activation", "activations", "tanh"),
];
const COLORS = ["#1f6feb", "#2b8a3e", "#9c36b5"];

const MODELS = (state) => [
  { label: "logistic regression on (x₁, x₂)", model: { kind: "logistic" }, features: null },
  { label: "logistic regression on x₁, x₂, x₁², x₂², x₁x₂", model: { kind: "logistic" },
    features: ["x1", "x2", "x1_sq", "x2_sq", "x1_x2"] },
  { label: `network: ${state.hidden} ${state.activation} units`,
    model: { kind: "mlp", hidden: state.hidden, activation: state.activation }, features: null },
];
const datasetOf = (state, features) => ({ name: state.dataset, noise: state.noise, seed: state.seed, n_samples: 300,
                                          features });

// One model's decision map: P(y = 1) over the plane, the training points on it.
class BoundaryMap {
  constructor(page, i) { Object.assign(this, { page, i, run: null, step: null }); }

  shows(run) { return this.run === run && this.step === run.last.step; } // the run's newest step, drawn

  // record: the run's step whose θ the map was computed at (LiveRun.latest: with its accuracy)
  async draw(run, record, spec, map, points) {
    this.run = run;
    this.step = record.step;
    const traces = [{ type: "heatmap", x: map.x, y: map.y, z: map.z, zmin: 0, zmax: 1, colorscale: "RdBu",
                      opacity: 0.75, zsmooth: "best", showscale: false,
                      hovertemplate: "(%{x:.2f}, %{y:.2f})<br>P(y=1) %{z:.3f}<extra></extra>" }];
    const classes = [0, 1].map((k) => points.train_y.map((y, j) => (y === k ? j : -1)).filter((j) => j >= 0));
    classes.forEach((idx, k) => traces.push({ type: "scatter", mode: "markers", x: idx.map((j) => points.train_x[j][0]),
      y: idx.map((j) => points.train_x[j][1]), name: `class ${k}`,
      marker: { size: 5, color: CLASS_COLORS[k], line: { color: "#fff", width: 0.6 } },
      hovertemplate: `class ${k}<br>(%{x:.2f}, %{y:.2f})<extra></extra>` }));
    const layout = baseLayout(spec.label, { showlegend: false, xaxis: { showgrid: false, title: { text: "x₁" } },
                                            yaxis: { showgrid: false, title: { text: "x₂" } } });
    // the numbers as a subtitle: a two-line title ("a<br>b") rose out of the figure's top edge
    layout.title = { ...layout.title, font: { size: 12 },
                     subtitle: { text: `train accuracy ${pct(record.accuracy)} · step ${record.step}`, font: { size: 11 } } };
    await Plotly.react(`boundary-${this.i}`, traces, layout, plotConfig(`gdviz-boundary-${this.i}`));
    this.page.publish(`boundary-${this.i}`, { label: spec.label, step: record.step, accuracy: record.accuracy,
                                              classes: classes.map((c) => c.length) });
  }
}

// The three runs' training loss, on the steps where it was measured.
class LossPlot {
  constructor(page) { this.page = page; }

  clear(specs) {
    Plotly.newPlot("loss-plot", specs.map((spec, i) => ({ x: [], y: [], name: spec.label, mode: "lines",
      line: { color: COLORS[i], width: 2 }, hovertemplate: `${spec.label}<br>step %{x}<br>J %{y:.5f}<extra></extra>` })),
      baseLayout("Training loss (cross-entropy)", { xaxis: { title: { text: "iteration" } },
                                                    yaxis: { title: { text: "loss" } } }), // legend below: baseLayout
      plotConfig("gdviz-nonlinearity-loss"));
  }

  draw(runs) {
    const evaluated = runs.map((r) => withField(r.history, "loss")); // the records that carry the loss
    Plotly.restyle("loss-plot", { x: evaluated.map((h) => h.map((x) => x.step)),
                                  y: evaluated.map((h) => h.map((x) => x.loss)) }, [0, 1, 2]);
    this.page.publish("losses", runs.map((run, i) => ({ label: run.label, points: evaluated[i].length,
                                                         step: run.last.step, loss: run.latest.loss })));
  }
}

// The three runs and the data's points: started again on a change; the loss plot follows them at most
// once a frame, and each map follows its run whenever it is not at the run's newest step.
class Trio {
  constructor(page, onStatus) {
    Object.assign(this, { page, onStatus, state: null, specs: [], points: null, fresh: false });
    this.maps = [0, 1, 2].map((i) => new BoundaryMap(page, i));
    this.refreshes = this.maps.map((map, i) => throttle(() => this.drawMap(i), 250));
    this.losses = new LossPlot(page);
    page.schedule([{ name: "losses", every: 0, ready: () => this.due(), draw: () => this.draw() }]);
  }

  start(state) {
    for (const run of [...this.page.runs]) { run.close(); this.page.forget(run); }
    this.state = state;
    this.specs = MODELS(state);
    for (const spec of this.specs) {
      this.page.liveRun(spec.label, { onFrame: () => { this.fresh = true; }, onStatus: this.onStatus })
        .start({ dataset: datasetOf(state, spec.features), model: spec.model,
                 optimizer: { name: "adam", learning_rate: state.lr }, tol_grad: 0, seed: state.seed,
                 speed: state.fastest ? null : state.speed, paused: true });
    }
    const runs = [...this.page.runs];
    this.page.request("/api/points", { dataset: datasetOf(state, null) }).then((p) => {
      if (p && this.page.runs[0] === runs[0]) { this.points = p; this.fresh = true; }
    });
    this.losses.clear(this.specs);
  }

  async drawMap(i) {
    const run = this.page.runs[i], spec = this.specs[i], points = this.points;
    if (!run || !run.last || !points) return;
    const record = run.latest;
    const map = await this.page.request("/api/boundary", { dataset: datasetOf(this.state, spec.features),
                                                           model: spec.model, params: record.params, resolution: 50 });
    if (map === null || this.page.runs[i] !== run) return; // a failure (the banner says why), or a run since closed
    await this.maps[i].draw(run, record, spec, map, points);
  }

  due() { const runs = this.page.runs; return this.fresh && runs.length && runs.every((r) => r.last); }

  draw() {
    this.fresh = false;
    this.losses.draw(this.page.runs);
    this.page.runs.forEach((run, i) => { if (!this.maps[i].shows(run)) this.refreshes[i](); });
  }
}

function main() {
  const page = new LessonPage({ props: PROPS, ready: 4 }), state = page.state; // the three maps and the losses
  const controls = page.runControls();
  const trio = new Trio(page, () => controls.status());
  const restart = throttle(async () => trio.start(state), 300);
  page.bind("dataset", "dataset", restart, { read: String, event: "change" });
  page.bind("activation", "activation", restart, { read: String, event: "change" });
  page.bind("noise", "noise", restart, { show: (v) => v.toFixed(2) });
  page.bind("hidden", "hidden", restart);
  plotted.then(() => trio.start(state));
}

main();
