// The curves view: loss (train and test), gradient norm and parameter trajectories, one trace per
// run, appended as frames arrive. It owns what each plot has not drawn yet.
import { MAX_PARAM_TRACES, MAX_POINTS, gradFigure, layerGradFigure, logTicks, lossFigure, markLayout, paramsFigure,
  plotConfig } from "../plots.js";
import { has, withField } from "../live.js";
import { ThinnedSeries } from "../thinned.js";

// A trace's extension: the records that carry the field (the server evaluates only some steps).
const series = (records, field, value = (r) => r[field]) => {
  const recs = withField(records, field);
  return { x: recs.map((r) => r.step), y: recs.map(value), customdata: recs.map((r) => r.epoch) };
};

// A curve plot redraws whole (axes, legend, every trace: ~15-30 ms in software-rendered Chromium),
// so each plot takes what arrived at most twice a second; that keeps a race of four at frame rate.
const CURVE_MS = 500;
const empty = () => ({ loss: [], grad: [], params: [], layers: [] });
// The records each plot draws. Every trace keeps the whole run in at most MAX_POINTS points
// (thinned.js: each stretch's lowest and highest), so a plot that was off screen catches up whole.
const WANTS = { loss: (r) => has(r, "loss") || has(r, "test_loss"), grad: (r) => has(r, "grad_norm"),
                params: () => true, layers: (r) => has(r, "layer_grads") && r.layer_grads && r.layer_grads.length > 0 };

export class CurvesView {
  // lead(): the run whose parameters and per-layer gradients are plotted (the followed one);
  // label(names): the parameter plot's names for them (the playground's name each weight's feature).
  constructor({ loss = "loss-plot", grad = "grad-plot", params = "params-plot", layers = "layer-grad-plot",
                logy = () => false, lead = () => null, label = (names) => names } = {}) {
    this.ids = { loss, grad, params, layers };
    Object.assign(this, { lead, label });
    this.marks = []; // live changes: {kind, text, step, runs}
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
    this.marks = [];
    this.ranges = { loss: [Infinity, -Infinity], grad: [Infinity, -Infinity], layers: [Infinity, -Infinity] };
    this.ticks = {}; // per plot: the log ticks in force (as JSON)
    this.pending = runs.map(empty);
    this.series = empty(); // per plot, per trace index: its ThinnedSeries
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
    }
  }

  get leadIndex() { const lead = this.lead(); return lead ? lead.index : 0; }

  // The live changes the runs' logs hold up to where they are (page.js marksOf): a dashed line and
  // its label each on the loss and gradient plots, redrawn when they change.
  setMarks(marks) {
    const key = (list) => JSON.stringify(list.map((m) => [m.step, m.text]));
    if (key(marks) === key(this.marks)) return;
    this.marks = marks;
    this.drawMarks();
  }

  drawMarks() {
    const update = markLayout(this.marks);
    Plotly.relayout(this.ids.loss, update);
    Plotly.relayout(this.ids.grad, update);
  }

  // The runs' labels changed (a live rate, say): the legends and the followed run's titles follow.
  rename(runs) {
    const who = this.lead() ? this.lead().label : "run";
    Plotly.relayout(this.ids.params, { "title.text": paramsFigure(this.paramNames, who).layout.title.text });
    if (this.nLayers) Plotly.relayout(this.ids.layers, { "title.text": layerGradFigure(this.nLayers, who).layout.title.text });
    Plotly.restyle(this.ids.loss, { name: runs.flatMap((r) => [r.label, `${r.label} test`]),
                                    legendgroup: runs.flatMap((r) => [r.label, r.label]) },
                   runs.flatMap((r) => [2 * r.index, 2 * r.index + 1]));
    Plotly.restyle(this.ids.grad, { name: runs.map((r) => r.label) }, runs.map((r) => r.index));
  }

  // Another run is followed: its parameters and per-layer gradients, from the steps it has received.
  refollow() {
    const lead = this.lead();
    if (!lead || !this.pending[lead.index]) return;
    const all = lead.history; // the whole run: its traces thin it
    Object.assign(this.pending[lead.index], { params: all, layers: all.filter(WANTS.layers) });
    this.series.params = [];
    this.nLayers = 0;
    this.setParamNames(lead.paramNames);
    this.drawLayerFigure();
  }

  setParamNames(names) {
    this.paramNames = names;
    const fig = paramsFigure(this.label(names), this.lead() ? this.lead().label : "run 1");
    Plotly.react(this.ids.params, fig.data, fig.layout, plotConfig("gdviz-parameters"));
  }

  setLogY(logy) {
    delete this.ticks.loss;
    Plotly.relayout(this.ids.loss, { "yaxis.type": logy ? "log" : "linear", "yaxis.tickmode": "auto" });
    if (logy) this.logAxis("loss", []);
  }

  // A log axis labelled so a person can read it (plots.js logTicks), as the drawn values' range grows.
  logAxis(kind, values) {
    const range = this.ranges[kind];
    for (const v of values) if (v > 0 && Number.isFinite(v)) { range[0] = Math.min(range[0], v); range[1] = Math.max(range[1], v); }
    if (kind === "loss" && !this.logy()) return;
    const ticks = logTicks(range[0], range[1]), key = JSON.stringify(ticks);
    if (range[0] > range[1] || this.ticks[kind] === key) return;
    this.ticks[kind] = key;
    Plotly.relayout(this.ids[kind], Object.fromEntries(Object.entries(ticks).map(([k, v]) => [`yaxis.${k}`, v])));
  }

  drawEmpty() {
    this.ticks = {};
    const loss = lossFigure(this.runs, this.logy());
    Object.assign(loss.layout, markLayout(this.marks));
    Plotly.react(this.ids.loss, loss.data, loss.layout, plotConfig("gdviz-loss"));
    const grad = gradFigure(this.runs);
    Object.assign(grad.layout, markLayout(this.marks));
    Plotly.react(this.ids.grad, grad.data, grad.layout, plotConfig("gdviz-gradient-norm"));
    this.setParamNames(this.paramNames);
    this.drawLayerFigure();
  }

  drawLayerFigure() {
    delete this.ticks.layers;
    this.series.layers = [];
    const fig = layerGradFigure(this.nLayers, this.lead() ? this.lead().label : "run");
    Plotly.react(this.ids.layers, fig.data, fig.layout, plotConfig("gdviz-gradient-per-layer"));
  }

  // The scheduler's jobs: each curve plot is its own redraw.
  jobs() {
    const waiting = (kind) => () => !this.cleared.size && this.pending.some((q) => q[kind].length);
    return [
      { name: "clear", every: 0, ready: () => this.cleared.size > 0, draw: () => this.clearReset() },
      { name: "loss", el: this.ids.loss, every: CURVE_MS, ready: waiting("loss"), draw: () => this.drawLoss() },
      { name: "grad", el: this.ids.grad, every: CURVE_MS, ready: waiting("grad"), draw: () => this.drawGrad() },
      { name: "params", el: this.ids.params, every: CURVE_MS, ready: () => !this.cleared.size
        && this.pending[this.leadIndex] && this.pending[this.leadIndex].params.length > 0, draw: () => this.drawParams() },
      { name: "layers", el: this.ids.layers, every: CURVE_MS, ready: () => !this.cleared.size
        && this.pending[this.leadIndex] && this.pending[this.leadIndex].layers.length > 0, draw: () => this.drawLayers() },
    ];
  }

  // Empty the traces of the runs that were reset (the others keep theirs).
  clearReset() {
    const runs = [...this.cleared];
    this.cleared.clear();
    const blank = (n) => ({ x: Array.from({ length: n }, () => []), y: Array.from({ length: n }, () => []),
                            customdata: Array.from({ length: n }, () => []) });
    const loss = runs.flatMap((r) => [2 * r, 2 * r + 1]);
    for (const i of loss) delete this.series.loss[i];
    for (const r of runs) delete this.series.grad[r];
    if (runs.includes(this.leadIndex)) Object.assign(this.series, { params: [], layers: [] });
    Plotly.restyle(this.ids.loss, blank(loss.length), loss);
    Plotly.restyle(this.ids.grad, blank(runs.length), runs);
    const shown = Math.min(this.paramNames.length, MAX_PARAM_TRACES);
    const lead = this.leadIndex;
    if (runs.includes(lead) && shown) Plotly.restyle(this.ids.params, blank(shown), [...Array(shown).keys()]);
    if (runs.includes(lead) && this.nLayers) Plotly.restyle(this.ids.layers, blank(this.nLayers), [...Array(this.nLayers).keys()]);
  }

  // Appends to the traces' thinned series and redraws those traces whole. update: {x, y, customdata},
  // one array per trace in indices.
  extend(kind, update, indices) {
    if (!indices.length) return;
    const store = this.series[kind], drawn = { x: [], y: [], customdata: [] };
    indices.forEach((index, k) => {
      const series = store[index] || (store[index] = new ThinnedSeries(MAX_POINTS));
      series.push(update.x[k], update.y[k], update.customdata[k]);
      drawn.x.push(series.x.slice()); drawn.y.push(series.y.slice()); drawn.customdata.push(series.c.slice());
    });
    Plotly.restyle(this.ids[kind], drawn, indices);
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
    this.extend("loss", update, indices);
    this.logAxis("loss", update.y.flat());
  }

  drawGrad() {
    const update = { x: [], y: [], customdata: [] }, indices = [];
    this.take("grad").forEach((recs, r) => {
      const s = series(recs, "grad_norm");
      if (!s.x.length) return;
      for (const key of ["x", "y", "customdata"]) update[key].push(s[key]);
      indices.push(r);
    });
    this.extend("grad", update, indices);
    this.logAxis("grad", update.y.flat());
  }

  drawLayers() { // the followed run's gradient per layer (networks only)
    const recs = this.take("layers")[this.leadIndex];
    if (!recs.length) return;
    const n = recs[0].layer_grads.length;
    if (n !== this.nLayers) { this.nLayers = n; this.drawLayerFigure(); }
    const update = { x: [], y: [], customdata: [] };
    for (let l = 0; l < n; l += 1) {
      const s = series(recs, "layer_grads", (x) => x.layer_grads[l]);
      for (const key of ["x", "y", "customdata"]) update[key].push(s[key]);
    }
    this.extend("layers", update, [...Array(n).keys()]);
    this.logAxis("layers", update.y.flat());
  }

  drawParams() { // the followed run's parameters, up to MAX_PARAM_TRACES of them
    const recs = this.take("params")[this.leadIndex];
    if (!recs || !recs.length || !this.paramNames.length) return;
    const shown = Math.min(this.paramNames.length, MAX_PARAM_TRACES);
    const update = { x: [], y: [], customdata: [] };
    const steps = recs.map((x) => x.step), epochs = recs.map((x) => x.epoch);
    for (let k = 0; k < shown; k += 1) {
      update.x.push(steps);
      update.y.push(recs.map((x) => x.params[k]));
      update.customdata.push(epochs);
    }
    this.extend("params", update, update.x.map((_, k) => k));
  }
}
