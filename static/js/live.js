// One live training session as a page sees it: its websocket, its state and the steps it received.
// Shared by the playground and the lessons.
import { RunSocket } from "./socket.js";

// Every record has step, epoch, batch_loss, learning_rate and params. Only the records the server
// evaluated (step 0, the newest of every frame, and more when it can afford them) also have loss,
// test_loss, grad_norm, layer_grads (networks) and accuracy/test_accuracy or r2/rmse/test_r2/test_rmse
// (regression). The others lack those keys: a plot skips them, it never draws them as 0 or a gap.
// (A present null is a value that was not finite, as in a diverged run: plots show it as a gap.)
export const has = (record, field) => record[field] !== undefined;
export const withField = (records, field) => records.filter((r) => has(r, field));

export class LiveRun {
  // label: how the page names the run. maxValues and maxSteps bound history (a step costs its
  // parameters plus 10 values); past them the oldest steps go when slide is true (a lesson's
  // window), else the newest are not kept (the playground's export keeps the start). onFrame(run, message) and
  // onStatus(run, message) run after the run has taken the message in; onError(run, text) for an
  // error frame or a connection that closed.
  constructor({ label, index = 0, color = null, runner = null, maxValues = 5_000_000, maxSteps = Infinity,
                slide = false,
                onFrame = null, onStatus = null, onError = null } = {}) {
    Object.assign(this, { label, index, color, runner, maxValues, maxSteps, slide });
    this.history = []; // the steps received since the last reset (see maxValues)
    this.historyValues = 0;
    this.last = null; // the newest step record
    this.evaluated = null; // the newest record that carries the evaluated fields (see has())
    this.gradient = null; // the full gradient at the newest step, when the server sent it
    this.state = "idle"; // idle | running | paused | stopped, as the server last said
    this.stopReason = null;
    this.statusStep = null; // the step the server had made when it sent its last status
    this.statuses = 0;
    this.paramNames = [];
    this.config = null; // the run spec in force (a LiveConfig), as the server last said
    this.events = []; // the run's event log, as the server last said: [{step, changes}]
    this.spec = null; // the start config this page sent, with the loss and penalty it changed since
    this.socket = new RunSocket({
      frame: (m) => { this.takeFrame(m); if (onFrame) onFrame(this, m); },
      status: (m) => { this.takeStatus(m); if (onStatus) onStatus(this, m); },
      error: (m) => { if (onError) onError(this, m.message); },
      close: () => { if (onError) onError(this, "The connection to the server closed. Reload the page to go on."); },
    });
  }

  takeFrame(message) {
    if (message.reset) { this.history = []; this.historyValues = 0; this.evaluated = null; this.origin = this.config || this.origin; }
    for (const record of message.steps) {
      if (has(record, "loss")) this.evaluated = record;
      const cost = record.params.length + 10;
      if (this.slide || (this.historyValues + cost <= this.maxValues && this.history.length < this.maxSteps)) {
        this.history.push(record);
        this.historyValues += cost;
      }
      this.last = record;
    }
    let drop = 0;
    const over = () => this.historyValues > this.maxValues || this.history.length - drop > this.maxSteps;
    if (this.slide && over()) { // one splice per frame, not per step
      while (over() && drop < this.history.length - 1) {
        this.historyValues -= this.history[drop].params.length + 10;
        drop += 1;
      }
      this.history.splice(0, drop);
    }
    if (message.gradient) this.gradient = message.gradient;
  }

  takeStatus(message) {
    this.state = message.state;
    this.statusStep = message.step;
    this.statuses += 1;
    this.stopReason = message.stop_reason;
    if (message.param_names) this.paramNames = message.param_names;
    if (message.config) this.config = message.config;
    if (message.events) this.events = message.events;
  }

  // The newest value of every field: step, epoch and params from the newest record; loss, accuracy
  // and the other evaluated fields from the newest record that has them. null before any record.
  get latest() { return this.last && (this.evaluated === this.last ? this.last : { ...this.evaluated, ...this.last }); }

  get running() { return this.state === "running"; }
  // theta at the newest step, or null while there is none or it is not finite
  get theta() { return this.last && !this.last.params.some((v) => v === null) ? this.last.params : null; }

  // origin: the config the event log starts from (the start's, or at a reset the one in force); a saved run's spec
  start(config) { this.spec = config; this.origin = config; this.events = config.events || []; this.socket.start(config); }
  set(changes) { // the spec follows what the objective depends on (its loss and penalty)
    for (const key of ["loss", "l2"]) if (key in changes && this.spec) this.spec = { ...this.spec, [key]: changes[key] };
    this.socket.set(changes);
  }
  pause() { this.socket.pause(); }
  resume() { this.socket.resume(); }
  step(n) { this.socket.step(n); }
  reset() { this.socket.reset(); }
  close() { this.socket.close(); }
}
