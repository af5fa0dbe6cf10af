// The playground: controls -> URL state -> one websocket session per run -> views, redrawn in turns.
//
// Who owns what: the Playground owns the state (the URL's), the runs (LiveRun, run.js) and the
// banner; Controls the settings panel; DataSets the data-set menu and uploads; each view its plot:
// SurfaceView (slice, paths), BoundaryView (points, decision map), CurvesView (what it has not
// drawn), NetworkView (the diagram and its builder); the RedrawScheduler whose turn it is to redraw.
//
// window.gdviz, read by the browser tests and bench/browser.py, and open to a curious user:
//   state      the page's configuration (as in the URL)
//   runs       the live runs: label, index, runner, state, stopReason, statusStep, statuses,
//              paramNames, last (the newest step record), gradient, history (steps received),
//              config (the run spec in force: POST /api/train's body plus pace)
//   surface    the drawn loss slice ({mode, step, title, xs, ys, z, project, ...}), or null
//   redraws    per redraw job: {count, ms, max}
//   gradcheck  the last "Check the gradient" answer, with the step it was taken at
import { UPLOAD, datasetConfig, fromURL, modelConfig, runners, startConfig, toSearch } from "./state.js";
import { $, fmt, postJSON, showRecord, wirePlayControls } from "./kit.js";
import { LiveRun } from "./run.js";
import { COLORS } from "./plots.js";
import { downloadCSV, downloadJSON } from "./export.js";
import { Controls } from "./playground/controls.js";
import { DataSets } from "./playground/data.js";
import { UploadFlow } from "./playground/uploads.js";
import { addRunner } from "./playground/race.js";
import { BoundaryView } from "./playground/boundary.js";
import { CurvesView } from "./playground/curves.js";
import { SurfaceView } from "./playground/surface.js";
import { NetworkView } from "./playground/network.js";
import { RedrawScheduler } from "./playground/scheduler.js";

const STOP_TEXT = {
  diverged: "diverged: the loss exploded or stopped being a number. Lower the learning rate, then Reset.",
  max_steps: "reached max_steps.",
  tol_grad: "converged: the gradient norm fell below tol_grad.",
  tol_loss: "converged: the loss stopped changing (tol_loss).",
  target_loss: "reached the target loss.",
};

class Playground {
  constructor() {
    this.state = fromURL();
    this.runs = [];
    this.started = null; // the runs' data and model, as started
    this.gradcheck = null;
    this.readoutDirty = false;
    this.readoutAt = -Infinity; // when the readout was last shown (performance.now())
    const onError = (text) => this.showBanner(text, true);
    this.data = new DataSets();
    this.controls = new Controls(this.state, this.data, {
      live: (changes, options) => this.liveChange(changes, options), restart: () => this.restartChange() });
    this.uploads = new UploadFlow({ state: this.state, data: this.data, restart: () => this.restartChange(),
                                    show: () => this.showControls(), onError });
    this.curves = new CurvesView({ logy: () => this.state.logy });
    this.surface = new SurfaceView({ state: this.state, objective: () => this.objective(), onError });
    this.boundary = new BoundaryView({ request: () => this.objective(), onError });
    this.network = new NetworkView({ state: this.state, request: () => this.objective(), onError,
                                     build: (changes) => this.buildNetwork(changes) });
    const [newSurface, surfacePaths] = this.surface.jobs();
    this.scheduler = new RedrawScheduler([newSurface, ...this.curves.jobs(), surfacePaths, ...this.boundary.jobs(),
                                          ...this.network.jobs()]);
  }

  // The part of a request that says which loss is meant: the runs' data and model (as they were
  // started: a debounced restart may not have happened yet) and the loss and penalty in force.
  objective() {
    return { ...this.started, loss: this.state.loss, l2: this.state.l2 };
  }

  saveURL() { window.history.replaceState(null, "", window.location.pathname + toSearch(this.state)); }

  showControls() { this.controls.show(); this.network.show(); }

  // The builder's + and −: new layer or unit counts; the runs restart (debounced, so a few quick
  // clicks make one restart).
  buildNetwork(changes) {
    Object.assign(this.state, changes);
    this.saveURL();
    this.showControls();
    this.controls.later();
  }

  // A change that keeps theta: sent to the live runs (or only the first) as a "set".
  liveChange(changes, { allRuns = true } = {}) {
    this.saveURL();
    this.showControls();
    for (const run of allRuns ? this.runs : this.runs.slice(0, 1)) run.set(changes);
  }

  // A change of data, model or racers: the runs start again from step 0, playing if they were.
  restartChange() {
    this.controls.fitToData();
    this.saveURL();
    this.showControls();
    this.startRuns(!(this.runs.length && this.runs[0].running));
  }

  startRuns(paused) {
    for (const run of this.runs) run.close();
    this.started = { dataset: datasetConfig(this.state), model: modelConfig(this.state) };
    const all = runners(this.state);
    this.runs = all.map((runner, index) => new LiveRun({
      label: all.length === 1 ? "run" : `${index + 1}: ${runner.optimizer} ${fmt(runner.learning_rate, 2)}`,
      index, runner, color: COLORS[index],
      onFrame: (run, m) => this.onFrame(run, m),
      onStatus: (run, m) => this.onStatus(run, m),
      onError: (run, text) => this.showBanner(all.length > 1 ? `Run ${index + 1}: ${text}` : text, true),
    }));
    this.hideBanner();
    for (const view of [this.curves, this.surface, this.boundary, this.network]) view.reset(this.runs);
    for (const run of this.runs) run.start(startConfig(this.state, run.runner, paused));
  }

  onFrame(run, message) {
    this.curves.add(run, message);
    this.surface.add(run, message);
    if (run.index === 0) this.readoutDirty = true;
  }

  onStatus(run, message) {
    if (run.index === 0) {
      if (message.param_names) this.curves.setParamNames(run.paramNames);
      $("r-state").textContent = message.state;
      this.play.status();
    }
    if (message.state === "stopped" && message.stop_reason) {
      const who = this.runs.length > 1 ? `Run ${run.index + 1} (${run.runner.optimizer}) ` : "The run ";
      this.showBanner(who + STOP_TEXT[message.stop_reason], message.stop_reason === "diverged");
    }
    this.surface.settled(run);
  }

  showBanner(text, bad) {
    const el = $("banner");
    el.textContent = text;
    el.className = bad ? "banner bad" : "banner";
    el.hidden = false;
  }

  hideBanner() { $("banner").hidden = true; }

  showReadout() {
    const first = this.runs[0];
    if (!first || !first.last) return;
    showRecord(first.latest);
    const lr = first.last.learning_rate;
    $("r-lr").textContent = fmt(lr === null ? this.state.lr : lr, 3);
  }

  everyFrame() {
    const now = performance.now(); // the readout at most 10 times a second: nobody reads 60 numbers a second
    if (this.readoutDirty && !(now - this.readoutAt < 100)) { this.readoutDirty = false; this.readoutAt = now; this.showReadout(); }
    this.surface.tick();
    this.boundary.tick();
    this.network.tick();
  }

  // The analytic gradient at the current theta against central differences (POST /api/gradcheck).
  async checkGradient() {
    const first = this.runs[0], out = $("gradcheck-out");
    const params = first && first.theta;
    if (!params) { out.textContent = "start a run first"; return; }
    const step = first.last.step;
    out.textContent = "checking…";
    try {
      const check = await postJSON("/api/gradcheck", { ...this.objective(), params });
      this.gradcheck = { ...check, step };
      const kinked = !check.exact && ["mae", "huber"].includes(this.state.loss)
        ? ` (${this.state.loss === "mae" ? "MAE bends sharply where a residual is 0" : "Huber's curvature jumps at |r| = 1"}: `
          + "a difference across such a point is not a derivative, so a small disagreement is expected there)" : "";
      out.textContent = `at step ${step}: largest error ${fmt(check.max_relative_error, 2)} `
        + `(${check.worst_param}) — ${check.exact ? "exact" : "the gradients disagree"}${kinked}`;
    } catch (exc) {
      out.textContent = exc.message;
    }
  }

  async copyLink() {
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
      this.showBanner("Link copied: it reproduces this configuration, seed included.", false);
    } catch {
      this.showBanner(`Copy this link: ${url}`, false);
    }
  }

  wire() {
    const state = this.state;
    this.controls.wire();
    this.play = wirePlayControls(() => this.runs, { before: () => this.hideBanner() });
    $("surface-mode").addEventListener("change", (e) => {
      state.surface = e.target.value; this.saveURL(); this.surface.refresh.now(); });
    $("view3d").addEventListener("change", (e) => {
      state.view3d = e.target.checked; this.saveURL(); this.surface.draw(); });
    $("logy").addEventListener("change", (e) => {
      state.logy = e.target.checked; this.saveURL(); this.curves.setLogY(state.logy); });
    $("copy-link").addEventListener("click", () => this.copyLink());
    $("gradcheck").addEventListener("click", () => this.checkGradient());
    $("export-csv").addEventListener("click", () => downloadCSV(this.runs));
    $("export-json").addEventListener("click", () => downloadJSON(this.runs, state));
    this.uploads.wire();
    this.network.wire();
    $("race-add").addEventListener("click", () => { if (addRunner(state)) this.restartChange(); });
  }

  async main() {
    this.wire();
    const warning = await this.data.load(this.state);
    if (UPLOAD.test(this.state.dataset) && this.state.prep) {
      await this.data.applyRecipe(this.state.dataset, this.state.prep).catch(() => {}); // the run will say what is wrong
    }
    this.controls.fitToData();
    this.saveURL();
    this.showControls();
    this.startRuns(true);
    if (warning) this.showBanner(warning, true);
    this.scheduler.start(() => this.everyFrame());
  }
}

const playground = new Playground();
window.gdviz = Object.freeze({
  state: playground.state,
  get runs() { return playground.runs; },
  get surface() { return playground.surface.slice; },
  get redraws() { return playground.scheduler.stats; },
  get gradcheck() { return playground.gradcheck; },
});
window.addEventListener("load", () => {
  playground.main().catch((exc) => playground.showBanner(`Could not start: ${exc.message}`, true));
});
