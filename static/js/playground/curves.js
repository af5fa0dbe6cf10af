// The curves view: loss (train and test), gradient norm and parameter trajectories, one trace per
// run, appended as frames arrive. It owns what each plot has not drawn yet.
import { MAX_PARAM_TRACES, MAX_POINTS, gradFigure, layerGradFigure, lossFigure, paramsFigure, plotConfig }
  from "../plots.js";
import { has, withField } from "../run.js";

// A trace's extension: the records that carry the field (the server evaluates only some steps).
const series = (records, field, value = (r) => r[field]) => {
  const recs = withField(records, field);
  return { x: recs.map((r) => r.step), y: recs.map(value), customdata: recs.map((r) => r.epoch) };
};

// A curve plot redraws whole (axes, legend, every trace: ~15-30 ms in software-rendered Chromium),
// so each plot takes what arrived at most twice a second; that keeps a race of four at frame rate.
const CURVE_MS = 500;
const empty = () => ({ loss: [], grad: [], params: [], layers: [] });
// The records each plot draws: a trace keeps its last MAX_POINTS points, so a queue never needs more.
const WANTS = { loss: (r) => has(r, "loss") || has(r, "test_loss"), grad: (r) => has(r, "grad_norm"),
                params: () => true, layers: (r) => has(r, "layer_grads") && r.layer_grads && r.layer_grads.length > 0 };

export class CurvesView {
  constructor({ loss = "loss-plot", grad = "grad-plot", params = "params-plot", layers = "layer-grad-plot",
                logy = () => false } = {}) {
    this.ids = { loss, grad, params, layers };
    this.nLayers = 0; // layers drawn in the per-layer gradient plot (0: none yet)
    this.logy = logy;
    this.runs = [];
    this.pending = []; // per run: the records each plot has not drawn yet
    this.cleared = new Set(); // runs reset since the last redraw: their traces empty before anything new
    this.paramNames = [];
  }

  // New runs: empty plots with a trace per run.
  reset(runs) {
    this.runs = runs;
    this.pending = runs.map(empty);
    this.paramNames = [];
    this.nLayers = 0;
    this.cleared.clear();
    this.drawEmpty();
  }

  // A frame from one run (LiveRun, after it took the frame in).
  add(run, message) {
    if (!this.pending[run.index]) return;
    if (message.reset) { this.pending[run.index] = empty(); this.cleared.add(run.index); }
    const queues = this.pending[run.index];
    for (const [kind, queue] of Object.entries(queues)) {
      for (const record of message.steps) if (WANTS[kind](record)) queue.push(record);
      if (queue.length > 2 * MAX_POINTS) queue.splice(0, queue.length - MAX_POINTS); // off screen for a while
    }
  }

  setParamNames(names) {
    this.paramNames = names;
    const fig = paramsFigure(names);
    Plotly.react(this.ids.params, fig.data, fig.layout, plotConfig("gdviz-parameters"));
  }

  setLogY(logy) {
    Plotly.relayout(this.ids.loss, { "yaxis.type": logy ? "log" : "linear" });
  }

  drawEmpty() {
    const loss = lossFigure(this.runs, this.logy());
    Plotly.react(this.ids.loss, loss.data, loss.layout, plotConfig("gdviz-loss"));
    const grad = gradFigure(this.runs);
    Plotly.react(this.ids.grad, grad.data, grad.layout, plotConfig("gdviz-gradient-norm"));
    this.setParamNames(this.paramNames);
    this.drawLayerFigure();
  }

  drawLayerFigure() {
    const fig = layerGradFigure(this.nLayers);
    Plotly.react(this.ids.layers, fig.data, fig.layout, plotConfig("gdviz-gradient-per-layer"));
  }

  // The scheduler's jobs: each curve plot is its own redraw.
  jobs() {
    const waiting = (kind) => () => !this.cleared.size && this.pending.some((q) => q[kind].length);
    return [
      { name: "clear", every: 0, ready: () => this.cleared.size > 0, draw: () => this.clearReset() },
      { name: "loss", el: this.ids.loss, every: CURVE_MS, ready: waiting("loss"), draw: () => this.drawLoss() },
      { name: "grad", el: this.ids.grad, every: CURVE_MS, ready: waiting("grad"), draw: () => this.drawGrad() },
      { name: "params", el: this.ids.params, every: CURVE_MS, ready: () => !this.cleared.size && this.pending.length > 0
        && this.pending[0].params.length > 0, draw: () => this.drawParams() },
      { name: "layers", el: this.ids.layers, every: CURVE_MS, ready: () => !this.cleared.size && this.pending.length > 0
        && this.pending[0].layers.length > 0, draw: () => this.drawLayers() },
    ];
  }

  // Empty the traces of the runs that were reset (the others keep theirs).
  clearReset() {
    const runs = [...this.cleared];
    this.cleared.clear();
    const blank = (n) => ({ x: Array.from({ length: n }, () => []), y: Array.from({ length: n }, () => []),
                            customdata: Array.from({ length: n }, () => []) });
    const loss = runs.flatMap((r) => [2 * r, 2 * r + 1]);
    Plotly.restyle(this.ids.loss, blank(loss.length), loss);
    Plotly.restyle(this.ids.grad, blank(runs.length), runs);
    const shown = Math.min(this.paramNames.length, MAX_PARAM_TRACES);
    if (runs.includes(0) && shown) Plotly.restyle(this.ids.params, blank(shown), [...Array(shown).keys()]);
    if (runs.includes(0) && this.nLayers) Plotly.restyle(this.ids.layers, blank(this.nLayers), [...Array(this.nLayers).keys()]);
  }

  take(kind) {
    return this.pending.map((queues) => { const recs = queues[kind]; queues[kind] = []; return recs; });
  }

  drawLoss() {
    const update = { x: [], y: [], customdata: [] }, indices = [];
    this.take("loss").forEach((recs, r) => {
      ["loss", "test_loss"].forEach((field, k) => {
        const s = series(recs, field);
        if (!s.x.length) return;
        for (const key of ["x", "y", "customdata"]) update[key].push(s[key]);
        indices.push(2 * r + k);
      });
    });
    if (indices.length) Plotly.extendTraces(this.ids.loss, update, indices, MAX_POINTS);
  }

  drawGrad() {
    const update = { x: [], y: [], customdata: [] }, indices = [];
    this.take("grad").forEach((recs, r) => {
      const s = series(recs, "grad_norm");
      if (!s.x.length) return;
      for (const key of ["x", "y", "customdata"]) update[key].push(s[key]);
      indices.push(r);
    });
    if (indices.length) Plotly.extendTraces(this.ids.grad, update, indices, MAX_POINTS);
  }

  drawLayers() { // the first run's gradient per layer (networks only)
    const recs = this.take("layers")[0];
    if (!recs.length) return;
    const n = recs[0].layer_grads.length;
    if (n !== this.nLayers) { this.nLayers = n; this.drawLayerFigure(); }
    const update = { x: [], y: [], customdata: [] };
    for (let l = 0; l < n; l += 1) {
      const s = series(recs, "layer_grads", (x) => x.layer_grads[l]);
      for (const key of ["x", "y", "customdata"]) update[key].push(s[key]);
    }
    Plotly.extendTraces(this.ids.layers, update, [...Array(n).keys()], MAX_POINTS);
  }

  drawParams() { // the first run's parameters, up to MAX_PARAM_TRACES of them
    const [recs] = this.take("params");
    if (!recs || !recs.length || !this.paramNames.length) return;
    const shown = Math.min(this.paramNames.length, MAX_PARAM_TRACES);
    const update = { x: [], y: [], customdata: [] };
    const steps = recs.map((x) => x.step), epochs = recs.map((x) => x.epoch);
    for (let k = 0; k < shown; k += 1) {
      update.x.push(steps);
      update.y.push(recs.map((x) => x.params[k]));
      update.customdata.push(epochs);
    }
    Plotly.extendTraces(this.ids.params, update, update.x.map((_, k) => k), MAX_POINTS);
  }
}
