// The playground: controls -> URL state -> one websocket session per run -> views, redrawn in turns.
// Who owns what: the Playground owns the state (the URL's), the runs (LiveRun, live.js) and the
// banner; Controls the settings panel; DataSets the data-set menu and uploads; each view its plot:
// SurfaceView (slice, paths), BoundaryView (points, decision map), CurvesView (what it has not
// drawn, the marks of live changes), NetworkView (the diagram and its builder); Readout the figures
// and the words; MathsView the maths being run; the RedrawScheduler whose turn it is to redraw.
//
// window.gdviz, read by the browser tests and bench/browser.py, and open to a curious user:
//   state      the page's configuration (as in the URL)
//   runs       the live runs: label, index, runner, state, stopReason, statusStep, statuses,
//              paramNames, last (the newest step record), gradient, history (steps received),
//              spec (the start config), config (the spec in force) and events (its live changes)
//   surface    the drawn loss slice ({mode, step, title, xs, ys, z, project, ...}), or null
//   marks      the live changes marked on the curves: {step, text, runs}
//   redraws    per redraw job: {count, ms, max}
//   gradcheck  the last "Check the gradient" answer, with the step it was taken at
//   drawing    plotly.js is in and the curves draw (the run starts before: attach)
import { UPLOAD, runners, startConfig, fromURL } from "./state.js";
import { $, banner, clearBanner, fitPlotsToBoxes, untabPlotToolbars, wirePlayControls } from "./kit.js";
import { LiveRun } from "./live.js";
import { COLORS } from "./plots.js";
import { entry } from "./catalogue.js";
import { loadPlotly, plotly } from "./vendor.js";
import { Controls } from "./playground/controls.js";
import { DataSets } from "./playground/data.js";
import { UploadFlow } from "./playground/uploads.js";
import { addRunner } from "./playground/race.js";
import { BoundaryView } from "./playground/boundary.js";
import { CurvesView } from "./playground/curves.js";
import { SurfaceView } from "./playground/surface.js";
import { NetworkView } from "./playground/network.js";
import { RedrawScheduler } from "./scheduler.js";
import { Readout, runLabel, stopText, summarise } from "./playground/readout.js";
import { FastForward, ScenarioPicker, byFeature, marksOf, wireViewSettings } from "./playground/page.js";
import { ReplayLink } from "./playground/replay.js";
import { MathsView, outputOf } from "./playground/maths.js";

class Playground {
  constructor() {
    this.state = fromURL();
    this.runs = [];
    this.gradcheck = null;
    this.readoutDirty = false;
    this.readoutAt = -Infinity; // when the readout was last shown (performance.now())
    this.drawing = false; // plotly.js is in and the views draw (attach)
    this.forward = new FastForward(); // a shared link's fast-forward to its step
    const [onError, lead] = [(text) => this.showBanner(text, true), () => this.lead()];
    this.replay = new ReplayLink();
    this.data = new DataSets();
    this.controls = new Controls(this.state, this.data, {
      live: (changes, options) => this.liveChange(changes, options), restart: () => this.restartChange() });
    this.uploads = new UploadFlow({ state: this.state, data: this.data, restart: () => this.restartChange(),
                                    show: () => this.showControls(), onError });
    this.curves = new CurvesView({ logy: () => this.state.logy, lead,
                                   label: (names) => byFeature(names, this.data.info(this.state.dataset)) });
    this.surface = new SurfaceView({ state: this.state, lead, objective: (run) => this.objective(run), onError });
    this.boundary = new BoundaryView({ lead, request: (run) => this.objective(run), onError });
    this.network = new NetworkView({ state: this.state, request: () => this.objective(this.runs[0]), onError,
                                     build: (changes) => this.buildNetwork(changes) });
    [this.readout, this.maths] = [new Readout(), new MathsView()];
    this.scenarios = new ScenarioPicker(this.state, { apply: () => this.restartChange({ scenario: true }) });
    const [newSurface, surfacePaths] = this.surface.jobs();
    this.scheduler = new RedrawScheduler([newSurface, ...this.curves.jobs(), surfacePaths, ...this.boundary.jobs(),
                                          ...this.network.jobs()]);
  }

  // The run the map, the arrow, the surface and the parameter plot show (state.follow), else run 1.
  lead() { return this.runs[this.state.follow] || this.runs[0] || null; }

  // The part of a request that says which loss is meant: the run's data and model as it started
  // (a debounced restart may not have happened yet), and the loss and penalty in force.
  objective(run) {
    const spec = (run || this.runs[0]).spec;
    return { dataset: spec.dataset, model: spec.model, loss: spec.loss, l2: spec.l2 };
  }

  saveURL() { window.history.replaceState(null, "", window.location.pathname + this.replay.search(this.state, this.runs)); }

  showControls() {
    this.controls.show();
    this.network.show();
    this.scenarios.show();
    document.querySelector(".playground").classList.toggle("network", this.state.model === "mlp");
    document.querySelector(".layers-box").hidden = this.state.model !== "mlp";
  }

  buildNetwork(changes) { // the builder's + and −: new layer or unit counts; a debounced restart
    Object.assign(this.state, changes);
    this.saveURL();
    this.showControls();
    this.controls.later();
  }

  // A change that keeps theta, sent to the live runs as a "set": to run 1 only for its optimizer
  // and rate (racers keep theirs), and not to a racer that has its own loss or batch. The curves
  // mark the step it takes effect at; the legends follow.
  liveChange(changes, { allRuns = true } = {}) {
    this.saveURL();
    this.showControls();
    const own = (run) => run.runner.own || {};
    const targets = this.runs.filter((run, i) => (allRuns || i === 0)
      && !("loss" in changes && "loss" in own(run)) && !("batch_size" in changes && "batch" in own(run)));
    for (const run of targets) run.set(changes);
    this.relabel();
  }

  relabel() {
    for (const run of this.runs) run.label = runLabel(run.index, this.runs.length, run.runner, this.lrOf(run));
    if (this.drawing) this.curves.rename(this.runs);
    this.showFollow();
  }

  lrOf(run) { return run.index === 0 ? this.state.lr : run.runner.learning_rate; }

  // A change of data, model or racers: the runs start again from step 0, playing if they were.
  // A scenario's start θ holds only for the scenario's own data and model.
  restartChange({ scenario = false } = {}) {
    if (!scenario) { this.state.start = null; this.state.scenario = ""; }
    this.controls.fitToData();
    this.saveURL();
    this.showControls();
    this.startRuns(!(this.runs.length && this.runs[0].running));
  }

  startRuns(paused) {
    for (const run of this.runs) run.close();
    const all = runners(this.state);
    if (this.state.follow >= all.length) this.state.follow = 0;
    this.runs = all.map((runner, index) => new LiveRun({
      label: runLabel(index, all.length, runner, runner.learning_rate), index, runner, color: COLORS[index],
      onFrame: (run, m) => this.onFrame(run, m),
      onStatus: (run, m) => this.onStatus(run, m),
      onError: (run, text) => this.showBanner(all.length > 1 ? `Run ${index + 1}: ${text}` : text, true),
    }));
    this.hideBanner();
    for (const run of this.runs) run.spec = this.replay.config(startConfig(this.state, run.runner, paused), run.index);
    for (const view of [this.surface, this.boundary, this.network]) view.reset(this.runs);
    if (this.drawing) this.curves.reset(this.runs);
    this.showFollow();
    for (const run of this.runs) run.start(run.spec);
  }

  // plotly.js is in (it loads while the runs start): the scheduler draws what the surface and map
  // views fetched meanwhile, and the curves start from what the runs have received.
  attach() {
    this.drawing = true;
    this.curves.reset(this.runs);
    for (const run of this.runs) this.curves.add(run, { steps: run.history });
    if (this.lead() && this.lead().paramNames.length) this.curves.setParamNames(this.lead().paramNames);
    this.relabel();
  }

  showFollow() {
    const box = $("follow-box"), menu = $("follow");
    box.hidden = this.runs.length < 2;
    menu.replaceChildren(...this.runs.map((run) => new Option(`run ${run.label}`, String(run.index))));
    menu.value = String(this.lead() ? this.lead().index : 0);
  }

  onFrame(run, message) {
    this.readoutDirty = true;
    this.forward.frame(run, this.runs);
    if (message.reset && run.index === 0) this.replay.restarted(this.state);
    this.surface.add(run, message);
    if (!this.drawing) return;
    this.curves.add(run, message);
    this.readoutDirty = true;
  }

  onStatus(run, message) {
    if (run.index === 0 && message.param_names && this.drawing) this.curves.setParamNames(this.lead().paramNames);
    if (run.index === 0 && (this.replay.follow(message, this.state) || message.events)) { this.showControls(); this.saveURL(); }
    if (run.index === 0) { $("r-state").textContent = message.state; this.play.status(); }
    if (message.state === "stopped" && message.stop_reason) {
      const who = this.runs.length > 1 ? `Run ${run.index + 1} (${run.runner.optimizer}) ` : "The run ";
      this.showBanner(who + stopText(message.stop_reason, run.config || {}), message.stop_reason === "diverged");
    }
    this.readoutDirty = true;
    this.readout.announce(this.runs, message.state !== "running");
    this.surface.settled(run);
  }

  showBanner(text, bad) { banner(text, bad); }

  hideBanner() { clearBanner(); }
  everyFrame() {
    const now = performance.now(); // the readout at most 10 times a second: nobody reads 60 numbers a second
    if (this.readoutDirty && !(now - this.readoutAt < 100)) {
      this.readoutDirty = false;
      this.readoutAt = now;
      this.readout.show(this.runs, (run) => (run.last && run.last.learning_rate !== null ? run.last.learning_rate : this.lrOf(run)));
      if (this.runs.some((run) => run.last)) loadPlotly(); // the first step is on screen: now the plots
      if (this.drawing) this.curves.setMarks(marksOf(this.runs)); // a replay's changes too, as it reaches them
      if (this.readout.announce(this.runs)) summarise(this.runs, this.lead(), this.surface.slice);
      if (document.querySelector("details.maths").open) this.showMaths();
    }
    for (const view of [this.surface, this.boundary, this.network]) view.tick();
  }

  showMaths() { // the followed run's model, loss and numbers
    const run = this.lead();
    if (!run || !run.latest) return;
    const { model, loss, l2, dataset } = run.spec, fits = entry("losses", loss).belongs_to;
    this.maths.show({ model: model.kind, loss, l2, lr: this.lrOf(run), record: run.latest, gradient: run.gradient,
                      paramNames: run.paramNames, output: outputOf(model.kind, fits, run.latest, run.paramNames),
                      activation: model.activation || null, dataset: dataset ? dataset.name : null });
  }

  wire() {
    this.controls.wire();
    this.play = wirePlayControls(() => this.runs, { before: () => this.hideBanner() });
    untabPlotToolbars($("plots"));
    fitPlotsToBoxes($("plots"));
    wireViewSettings(this);
    for (const part of [this.uploads, this.network, this.scenarios]) part.wire();
    $("race-add").addEventListener("click", () => { if (addRunner(this.state)) this.restartChange(); });
  }

  async main() {
    this.scenarios.fromLink();
    this.wire();
    const warning = await this.data.load(this.state);
    if (UPLOAD.test(this.state.dataset) && this.state.prep) {
      await this.data.applyRecipe(this.state.dataset, this.state.prep).catch(() => {}); // the run will say what is wrong
    }
    this.controls.fitToData();
    const { at, play } = this.state; // a shared link's: read once
    Object.assign(this.state, { at: 0, play: false });
    this.forward = new FastForward(at, play);
    this.saveURL();
    this.showControls();
    this.startRuns(!play || at > 0);
    if (warning) this.showBanner(warning, true);
    this.scheduler.start(() => this.everyFrame(), () => this.drawing);
    await plotly;
    this.attach();
  }
}

const playground = new Playground();
window.gdviz = Object.freeze({
  state: playground.state,
  get runs() { return playground.runs; },
  get surface() { return playground.surface.slice; },
  get marks() { return playground.curves.marks; },
  get redraws() { return playground.scheduler.stats; },
  get gradcheck() { return playground.gradcheck; },
  get drawing() { return playground.drawing; },
});
playground.main().catch((exc) => playground.showBanner(`Could not start: ${exc.message}`, true));
