// Softmax regression on digits: one live run (paused at its start), its weights as ten 8×8 images,
// the test set's confusion matrix and one test image's class probabilities, both from the engine
// (POST /api/lessons/confusion and /probabilities) at the run's newest theta.
//
// Views: DigitsRun (the live run, and when each view below follows it), RunReadout (the step, epoch, loss
// and accuracies), WeightImages (W[:, k] as images),
// ConfusionMatrix (the matrix and how much each weight image looks like its digit) and TestImage (the
// chosen image and its probabilities). Facts (window.gdviz.facts):
//   readout        {step, epoch, loss, accuracy, test_accuracy}: the run's newest values, as the readout shows
//   weights        {step, images}: the ten 8×8 weight images (images[k][row][col]) of theta at that step
//   confusion      {step, matrix, class_names, templates}: counts[true][predicted] on the test set, and each
//                  class's weights' correlation with its mean image minus the mean of all (null: none)
//   probabilities  {step, index, label, features, probabilities, class_names, n_test}: the test image shown
import { $, RUN_PROPS, fmt, showRecord, throttle } from "/static/js/kit.js";
import { baseLayout, plotConfig } from "/static/js/plots.js";
import { choiceProp } from "/static/js/catalogue.js";
import { LessonPage, plotted } from "/static/js/lesson.js";

const PROPS = [...RUN_PROPS.map((p) => (p.key === "lr" ? { ...p, def: 0.1 } : p)),
  choiceProp("optimizer", "optimizers", "gd"),
  choiceProp("loss", "losses", "cross_entropy"),
  { key: "batch", type: "int", def: 32, clamp: (v) => Math.min(256, Math.max(1, v)) },
  { key: "l2", type: "float", def: 0.2, clamp: (v) => Math.min(1, Math.max(0, v)) }, // the weights become pictures
  { key: "index", type: "int", def: 0, clamp: (v) => Math.min(358, Math.max(0, v)) },
];
const DATASET = { name: "digits", seed: 0 };
const MODEL = { kind: "softmax" };
const K = 10;
const layout = (title, extra = {}) => baseLayout(title, { showlegend: false, ...extra }); // its own margins
// Blue < 0 < red, white at 0 (plotly's own RdBu is grey there): a weight near 0 is background.
const DIVERGING = [[0, "#2166ac"], [0.25, "#92c5de"], [0.5, "#ffffff"], [0.75, "#f4a582"], [1, "#b2182b"]];

// The readout line: the run's newest step, epoch, loss and accuracies.
class RunReadout {
  constructor(page) { this.page = page; }

  draw(record) {
    showRecord(record);
    const { step, epoch, loss, accuracy, test_accuracy } = record;
    this.page.publish("readout", { step, epoch, loss, accuracy, test_accuracy });
  }
}

// Ten 8×8 images, five a row (two on a phone), each titled by its own (top) x axis: the title
// follows the image wherever the square aspect puts it, so no label lands on a neighbour.
class WeightImages {
  constructor(page) {
    this.page = page;
    this.narrow = window.matchMedia("(max-width: 600px)"); // page.css makes the weights' box taller there
    this.shown = null; // the newest record drawn, to draw again after a change of layout
    this.narrow.addEventListener("change", () => { this.init(); if (this.shown) this.draw(this.shown); });
  }

  init() {
    const cols = this.narrow.matches ? 2 : 5, rows = K / cols, traces = [];
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

  // record: a step of the run; theta = [W row-major (W[j, k] at j*K + k), b]: column k is the image of class k.
  draw(record) {
    const params = record.params;
    const images = Array.from({ length: K }, (_, k) => Array.from({ length: 8 },
      (_, r) => Array.from({ length: 8 }, (_, c) => params[(r * 8 + c) * K + k])));
    Plotly.restyle("weights-plot", { z: images }, [...Array(K).keys()]);
    this.shown = record;
    this.page.publish("weights", { step: record.step, images });
  }
}

// The test set's confusion matrix at a step, and how much each weight image looks like its digit.
class ConfusionMatrix {
  constructor(page) { this.page = page; }

  draw(out, step) {
    if (out.templates) {
      const r = out.templates.map((v) => (v === null ? "–" : v.toFixed(2)));
      $("templates").textContent = `How much each weight image looks like its digit (correlation with the digit's `
        + `average image minus the average of all digits, 1 = the same picture), step ${step}: `
        + r.map((v, k) => `${k}: ${v}`).join(", ") + ".";
    }
    Plotly.react("confusion-plot", [{ type: "heatmap", z: out.matrix, x: out.class_names, y: out.class_names,
      colorscale: [[0, "#f7fbff"], [1, "#4a90d9"]], texttemplate: "%{z}", showscale: false,
      hovertemplate: "true %{y}, predicted %{x}<br>%{z} images<extra></extra>" }],
      layout(`Test set, step ${step}`, {
        xaxis: { title: { text: "predicted digit" }, type: "category" },
        yaxis: { title: { text: "true digit" }, autorange: "reversed", type: "category" } }),
      plotConfig("gdviz-confusion-matrix"));
    this.page.publish("confusion", { step, matrix: out.matrix, class_names: out.class_names, templates: out.templates });
  }
}

// One test image (its raw ink, 0 to 16) and the model's probability of each class.
class TestImage {
  constructor(page) { this.page = page; }

  draw(out, step) {
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
    this.page.publish("probabilities", { ...out, step });
  }
}

const FIRST = ["readout", "weights", "confusion", "probabilities"]; // what the paused run's start shows

// The live run and what follows it: the readout at every frame, and the weight images, the confusion
// matrix and the chosen test image, each refreshed (throttled) at the run's newest step. It owns the run.
class DigitsRun {
  constructor(page, onStatus) {
    Object.assign(this, { page, state: page.state, dirty: false });
    this.readout = new RunReadout(page);
    this.weights = new WeightImages(page);
    this.confusion = new ConfusionMatrix(page);
    this.image = new TestImage(page);
    const run = this.run = page.liveRun("softmax", { onFrame: () => { this.dirty = true; }, onStatus });
    // each refresh reads the run's newest step; the answers are drawn with the step they were asked at
    this.refreshWeights = throttle(async () => { if (run.last) this.weights.draw(run.last); }, 200);
    this.refreshConfusion = throttle(async () => {
      if (!run.last) return;
      const { step, params } = run.last;
      const out = await page.request("/api/lessons/confusion", { dataset: DATASET, model: MODEL, params });
      if (out !== null) this.confusion.draw(out, step);
    }, 500);
    this.refreshImage = throttle(async () => {
      if (!run.last) return;
      const { step, params } = run.last;
      const out = await page.request("/api/lessons/probabilities", { dataset: DATASET, model: MODEL, params,
                                                                     index: this.state.index });
      if (out !== null) this.image.draw(out, step);
    }, 300);
    page.schedule([{ name: "run", every: 0, ready: () => this.dirty && run.last !== null, draw: () => this.draw() }]);
  }

  start() {
    const state = this.state;
    this.weights.init();
    this.run.start({ dataset: DATASET, model: MODEL, loss: state.loss, batch_size: state.batch, l2: state.l2,
                     optimizer: { name: state.optimizer, learning_rate: state.lr }, tol_grad: 0, seed: state.seed,
                     speed: state.fastest ? null : state.speed, paused: true });
  }

  draw() {
    this.dirty = false;
    this.readout.draw(this.run.latest);
    this.refreshWeights(); this.refreshConfusion(); this.refreshImage();
  }
}

function main() {
  const page = new LessonPage({ props: PROPS, ready: FIRST.length }), state = page.state;
  const digits = new DigitsRun(page, () => controls.status()), run = digits.run;
  const controls = page.runControls();

  page.bind("optimizer", "optimizer", () => run.set({ optimizer: state.optimizer }), { read: String, event: "change" });
  page.bind("loss", "loss", () => run.set({ loss: state.loss }), { read: String, event: "change" });
  page.bind("batch", "batch", () => run.set({ batch_size: state.batch }));
  page.bind("l2", "l2", () => run.set({ l2: state.l2 }), {
    read: (v) => (Number(v) <= -4 ? 0 : Number((10 ** Number(v)).toPrecision(3))),
    write: (v) => (v > 0 ? Math.log10(v) : -4), show: (v) => (v ? fmt(v, 2) : "0") });
  const showIndex = page.bind("index", "index", () => digits.refreshImage());
  $("random-image").addEventListener("click", () => {
    state.index = Math.floor(Math.random() * 359); showIndex(); page.save(); digits.refreshImage();
  });
  plotted.then(() => digits.start());
}

main();
