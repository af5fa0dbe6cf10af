// MSE vs cross-entropy: the curves, the points a learner moves, a live race (two runs, paused at their
// start), the two (w, b) surfaces and the article's digits experiment, all computed by the engine.
//
// Views (views.js, digits.js): ProbabilityCurves (section 1), DzPlot and DzTable (section 2),
// Race (here: the two live runs) with RaceCurves and RaceReadout (section 3) and Surfaces (section 4), ExperimentSetup, ExperimentResults and
// SweepResults (section 5). Facts (window.gdviz.facts):
//   probability  {a, cross_entropy_y1, cross_entropy_y0, mse_y1, mse_y0}: L(a) for one sample, as plotted
//   dz           {z, a, <loss>_y<t>, marks}: the dL/dz curves and the two points marked on them
//   marks        [{a, z, y, cross_entropy, mse}]: dL/dz at the two points, as the table shows them
//   race         [{loss, step, loss_points, accuracy_points}]: each run's curves as drawn (CE's first)
//   readout      {step, cross_entropy: {accuracy, grad_norm}, mse: {accuracy, grad_norm}}: the race's newest
//   surfaces     [{loss, span, path_points}]: each surface over [-span, span]² and its run's path, once both are drawn
//   setup        {data, label, epochs, steps_per_epoch, uploads}: what the experiment's buttons will train
//   experiment   {binary, softmax, sentence}: POST /api/lessons/compare-losses's answers, as shown
//   sweep        {binary, softmax, sentence}: POST /api/lessons/learning-rate-sweep's answers, once swept
import { $, RUN_PROPS, fmt, round4, throttle } from "/static/js/kit.js";
import { LessonPage, plotted } from "/static/js/lesson.js";
import { DzPlot, DzTable, LOSSES, ProbabilityCurves, RaceCurves, RaceReadout, Surfaces } from "./views.js";
import { ExperimentResults, ExperimentSetup, RATES, SweepResults, stoppable } from "./digits.js";

const PROPS = [...RUN_PROPS.map((p) => (p.key === "lr" ? { ...p, def: 1.0 } : p)),
  { key: "w0", type: "float", def: -3, clamp: (v) => Math.min(6, Math.max(-6, v)) },
  { key: "b0", type: "float", def: 3, clamp: (v) => Math.min(6, Math.max(-6, v)) },
  { key: "noise", type: "float", def: 0.8, clamp: (v) => Math.min(2, Math.max(0.2, v)) },
  { key: "exp_lr", type: "float", def: 0.05, clamp: (v) => Math.min(1, Math.max(0.001, v)) },
  { key: "exp_batch", type: "int", def: 32, clamp: (v) => Math.min(256, Math.max(1, v)) },
  { key: "exp_epochs", type: "int", def: 5, clamp: (v) => Math.min(10, Math.max(1, v)) },
  { key: "exp_digit", type: "int", def: 0, clamp: (v) => Math.min(9, Math.max(0, v)) },
  { key: "exp_data", type: "string", def: "", pattern: /^(u_[0-9a-f]{32})?$/ },
  { key: "mark1", type: "float", def: 0.98, clamp: (v) => Math.min(0.99, Math.max(0.01, v)) },
  { key: "mark2", type: "float", def: 0.82, clamp: (v) => Math.min(0.99, Math.max(0.01, v)) },
  { key: "target", type: "int", def: 0, clamp: (v) => (v ? 1 : 0) },
];
// what the page shows at first (the experiment runs once on loading)
const FIRST = ["probability", "dz", "marks", "race", "readout", "surfaces", "setup", "experiment"];
const TASKS = ["binary", "softmax"];

// Sections 3 and 4: the race, two live runs from the same (w0, b0), cross-entropy's first, with their
// curves, readout and paths on the two (w, b) surfaces. It owns its runs and redraws after a frame.
class Race {
  constructor(page, onStatus) {
    Object.assign(this, { page, state: page.state, onStatus, runs: [], dirty: false });
    this.curves = new RaceCurves(page);
    this.readout = new RaceReadout(page);
    this.surfaces = new Surfaces(page);
    page.schedule([{ name: "race", every: 0, ready: () => this.dirty && this.runs.length === 2
      && this.runs.every((r) => r.last), draw: () => this.draw() }]);
  }

  // Both runs again from the page's (w0, b0), noise, seed and rate, paused at step 0, and their surfaces.
  start() {
    const { page, state } = this;
    for (const run of this.runs) { run.close(); page.forget(run); }
    this.runs = LOSSES.map(([, name]) => page.liveRun(name, { onFrame: () => { this.dirty = true; },
                                                             onStatus: this.onStatus }));
    this.runs.forEach((run, i) => run.start({
      dataset: { name: "line1d", noise: state.noise, seed: state.seed }, model: { kind: "logistic" },
      loss: LOSSES[i][0], optimizer: { name: "gd", learning_rate: state.lr }, init: [state.w0, state.b0],
      tol_grad: 0, seed: state.seed, speed: state.fastest ? null : state.speed, paused: true }));
    this.curves.reset();
    this.loadSurfaces();
  }

  async loadSurfaces() {
    const { page, state } = this;
    const span = Math.max(6.5, 1.2 * Math.max(Math.abs(state.w0), Math.abs(state.b0)));
    await Promise.all(LOSSES.map(async ([loss], i) => {
      const s = await page.request("/api/surface", { dataset: { name: "line1d", noise: state.noise, seed: state.seed },
        model: { kind: "logistic" }, loss, center: [0, 0], span, resolution: 61,
        directions: { kind: "coordinates", i: 0, j: 1 } });
      if (s !== null) this.surfaces.draw(loss, s, span, this.runs[i]);
    }));
    this.surfaces.publish();
  }

  draw() {
    this.dirty = false;
    this.curves.draw(this.runs);
    this.surfaces.paths(this.runs);
    this.readout.draw(this.runs);
  }
}

function main() {
  const page = new LessonPage({ props: PROPS, ready: FIRST.length }), state = page.state;
  const probability = new ProbabilityCurves(page), dzPlot = new DzPlot(page), dzTable = new DzTable(page);
  const setup = new ExperimentSetup(page, state), results = new ExperimentResults(page);
  const sweep = new SweepResults(page);
  const race = new Race(page, () => controls.status());
  const controls = page.runControls();

  // The two points a learner moves: both losses' dL/dz from the engine, on the plot and in the table.
  async function showMarks() {
    const y = state.target, out = await page.request("/api/lessons/dz-points", { a: [state.mark1, state.mark2], y });
    if (out === null) return false; // the banner says why
    dzPlot.drawMarks(out.marks, y);
    dzTable.draw(out.marks, y);
    return true;
  }


  // Section 5: the buttons' work, each of its requests stopped by a second click.
  const body = () => ({ epochs: state.exp_epochs, batch_size: state.exp_batch, digit: state.exp_digit,
                        seed: state.seed, dataset: state.exp_data ? { name: state.exp_data } : null });
  const idle = () => setup.describe();
  const train = stoppable(page, "exp-run", "exp-status", async (post) => {
    const [binary, softmax] = await Promise.all(TASKS.map((task) => post(
      "/api/lessons/compare-losses", { ...body(), task, learning_rate: state.exp_lr })));
    results.draw(binary, softmax, state);
  }, idle);
  const sweepRates = stoppable(page, "sweep-run", "sweep-status", async (post) => {
    const [binary, softmax] = await Promise.all(TASKS.map((task) => post(
      "/api/lessons/learning-rate-sweep", { ...body(), task, learning_rates: RATES })));
    sweep.draw(binary, softmax, state);
  }, idle);

  // --- controls --------------------------------------------------------------------------------------
  const restart = throttle(async () => race.start(), 300);
  page.bind("w0", "w0", restart);
  page.bind("b0", "b0", restart);
  page.bind("noise", "noise", restart, { show: (v) => v.toFixed(1) });
  setup.describe();
  page.bind("exp-lr", "exp_lr", idle, { read: (v) => round4(10 ** Number(v)), write: Math.log10, show: (v) => fmt(v, 3) });
  for (const key of ["batch", "epochs", "digit"]) page.bind(`exp-${key}`, `exp_${key}`, idle);
  $("exp-data").addEventListener("change", (e) => { state.exp_data = e.target.value; page.save(); setup.describe(); });
  $("exp-run").addEventListener("click", train);
  $("sweep-run").addEventListener("click", sweepRates);
  const moveMarks = throttle(showMarks, 150);
  const marks = ["mark1", "mark2"].map((id) => page.bind(id, id, moveMarks, { read: (v) => round4(Number(v)) }));
  const target = page.bind("target", "target", moveMarks, { event: "change" });
  $("marks-reset").addEventListener("click", () => {
    Object.assign(state, { mark1: 0.98, mark2: 0.82, target: 0 });
    [...marks, target].forEach((render) => render());
    page.save(); moveMarks();
  });

  plotted.then(async () => {
    const prob = await page.request("/api/lessons/probability-losses");
    if (prob === null) return;
    probability.draw(prob);
    const dz = await page.request("/api/lessons/dz-curves");
    if (dz === null) return;
    dzPlot.drawCurves(dz);
    if (!(await showMarks())) return;
    race.start();
    sweep.placeholders();
    setup.list((await page.request("/api/datasets")) ?? []);
    await train();
  });
}

main();
