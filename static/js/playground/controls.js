// The settings panel: each control reads and writes one key of the page's state. A change that
// keeps theta goes to the live runs as a "set" (live); a change of data, model or racers starts
// the runs again (restart). Which rows show, and the catalogue's sliders, come from the catalogue.
import { UPLOAD, URL_KEYS, batchSize, scheduleConfig, stopping } from "../state.js";
import { fitting, limit } from "../catalogue.js";
import { $, fmt, round4 } from "../kit.js";
import { renderRaceList } from "./race.js";

const RESTART_DEBOUNCE_MS = 250;
const SETTLE_MS = 300; // key presses on a slider closer than this are one change
const STOP_RULES = [["tol-loss", "tol_loss"], ["tol-grad", "tol_grad"], ["target-loss", "target_loss"]];
const ONE_D = ["x1", "x1_sq", "sin_x1"]; // the feature map of a 1-D set

// send() for a slider's inputs: a drag (the pointer held down) is sent once, when it lets go; key
// presses SETTLE_MS after the last one. So a drag, or a quick run of presses, is one live change.
function settled(el, send) {
  const at = { timer: null, held: false, waiting: false };
  const fire = () => { clearTimeout(at.timer); at.waiting = false; send(); };
  el.addEventListener("pointerdown", () => { at.held = true; });
  const letGo = () => { if (!at.held) return; at.held = false; if (at.waiting) fire(); };
  for (const type of ["pointerup", "pointercancel"]) window.addEventListener(type, letGo); // off the slider too
  el.addEventListener("blur", letGo);
  return () => {
    at.waiting = true;
    clearTimeout(at.timer);
    if (!at.held) at.timer = setTimeout(fire, SETTLE_MS);
  };
}

function debounce(fn, ms) {
  let timer = null;
  return () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
}

// The catalogue's parameters (data set, model, optimizer and schedule settings), from the controls the page
// rendered for them: log sliders move in log10 of the value.
function catalogueSliders() {
  const out = {};
  for (const el of document.querySelectorAll("input[data-param]")) {
    const name = el.dataset.param, key = URL_KEYS[name] || name;
    const log = el.dataset.scale === "log", whole = el.dataset.kind === "int";
    out[key] = {
      el: el.id, param: name, group: el.closest(".row").classList[1],
      read: (v) => { const x = log ? 10 ** Number(v) : Number(v); return whole ? Math.round(x) : round4(x); },
      write: (s) => (log ? Math.log10(Math.max(s[key], 1e-12)) : s[key]),
      show: (s) => (whole ? String(s[key]) : fmt(s[key], 3)),
    };
  }
  return out;
}

export class Controls {
  // state: the page's state; data: DataSets; live(changes, {allRuns}) and restart() as above.
  constructor(state, data, { live, restart }) {
    Object.assign(this, { state, data, live, restart });
    this.later = debounce(restart, RESTART_DEBOUNCE_MS); // a restart after a burst of changes
    const noise = (s) => s.noise ?? data.defaultNoise(s.dataset);
    this.sliders = {
      n: { el: "n", read: Number, write: (s) => s.n, show: (s) => s.n },
      noise: { el: "noise", read: Number, write: noise, show: (s) => fmt(noise(s), 3) },
      test: { el: "test", read: Number, write: (s) => s.test, show: (s) => s.test.toFixed(2) },
      l2: { el: "l2", read: (v) => (Number(v) <= -5 ? 0 : round4(10 ** Number(v))),
            write: (s) => (s.l2 <= 0 ? -5 : Math.log10(s.l2)), show: (s) => (s.l2 === 0 ? "0" : fmt(s.l2, 3)) },
      lr: { el: "lr", read: (v) => round4(10 ** Number(v)), write: (s) => Math.log10(s.lr), show: (s) => fmt(s.lr, 3) },
      batch_size: { el: "batch-size", read: Number, write: (s) => s.batch_size, show: (s) => s.batch_size },
      ...catalogueSliders(),
    };
  }

  // The pace menu as the state says (a linked speed that is not on the menu gets an entry of its own).
  showPace() {
    const { pace, speed, fastest } = this.state, menu = $("pace");
    const value = fastest ? "fastest" : pace === "rising" ? (speed === 30 ? "rising" : `rising:${speed}`) : String(speed);
    if (![...menu.options].some((o) => o.value === value)) {
      menu.append(new Option(pace === "rising" ? `speeding up from ${speed}/s` : `${speed} steps/s`, value));
    }
    menu.value = value;
  }

  // Every control as the state says, and which rows apply to the chosen data, model, optimizer.
  show() {
    const state = this.state;
    for (const spec of Object.values(this.sliders)) {
      $(spec.el).value = spec.write(state);
      $(`${spec.el}-out`).textContent = spec.show(state);
    }
    this.showPace();
    $("seed").value = state.seed;
    for (const [id, key] of STOP_RULES) $(id).value = state[key] ? String(state[key]) : "";
    $("max-steps").value = state.max_steps === limit("max_steps") ? "" : state.max_steps;
    for (const id of ["dataset", "model", "loss", "optimizer", "schedule", "batch"]) $(id).value = state[id];
    for (const menu of document.querySelectorAll("select[data-param]")) menu.value = state[menu.dataset.param];
    $("standardize").checked = state.standardize;
    $("surface-mode").value = state.surface;
    $("view3d").checked = state.view3d;
    $("logy").checked = state.logy;
    const info = this.data.info(state.dataset);
    const chosen = state.features.length ? state.features : info.n_features === 1 ? ["x1"] : ["x1", "x2"]; // [] = plain
    for (const box of document.querySelectorAll("#features input")) box.checked = chosen.includes(box.value);
    const list = (names) => (names || []).slice(0, 8).join(", ") + ((names || []).length > 8 ? ", …" : "");
    // textContent: a column called <script> shows as text, never as markup
    const target = info.task === "regression" ? "target: a real number (regression)"
      : `classes: ${list(info.class_names)}`;
    $("dataset-info").textContent = info.feature_names
      ? `${info.kind === "synthetic" ? state.n : info.n_samples} rows · features: ${list(info.feature_names)} · ${target}` : "";
    const fit = fitting(state.model, info); // a menu offers only what goes with the data and the model
    for (const [id, allowed] of [["model", fit.models], ["loss", fit.losses]]) {
      for (const option of $(id).options) option.disabled = !allowed.includes(option.value);
    }
    $("prep-open").hidden = !UPLOAD.test(state.dataset);
    $("layer-grad-plot").hidden = state.model !== "mlp"; // only a network has layers
    $("features").hidden = !(info.kind !== "upload" && (info.n_features === 1 || info.n_features === 2));
    for (const chip of document.querySelectorAll("#features .chip")) { // a 1-D set: the features of x alone
      chip.hidden = info.n_features === 1 && !ONE_D.includes(chip.querySelector("input").value);
    }
    $("batch-size-row").hidden = state.batch !== "mini";
    for (const [group, key] of [["opt-setting", "optimizer"], ["sched-setting", "schedule"], ["model-setting", "model"],
                                ["data-setting", "dataset"]]) { // a row for the choices that declare its parameter
      for (const row of document.querySelectorAll(`.${group}`)) row.hidden = !row.dataset.for.split(" ").includes(state[key]);
    }
    for (const row of document.querySelectorAll("[data-shown-if]")) { // a layer's width, past the depth
      row.hidden ||= state[URL_KEYS[row.dataset.shownIf] || row.dataset.shownIf] < Number(row.dataset.atLeast);
    }
    renderRaceList(state, this.restart);
  }

  // The features, model and loss made to fit the data (before every start): a regression gets linear
  // regression, more than two classes softmax; the features of a 1-D set are those of x alone.
  fitToData() {
    const state = this.state, info = this.data.info(state.dataset);
    if (info.n_features === 1) state.features = state.features.filter((f) => ONE_D.includes(f));
    else if (info.n_features !== 2) state.features = [];
    if (!info.task) return; // not described yet
    if (!fitting(state.model, info).models.includes(state.model)) {
      state.model = info.task === "regression" ? "linear" : info.n_classes > 2 ? "softmax" : "logistic";
    }
    if (info.n_classes > 2 && state.model === "logistic") state.model = "softmax";
    this.matchLoss();
  }

  // The loss kept when it fits the model's output, else the output's first (cross-entropy, or MSE
  // for a regression): the articles' rule, regression with MSE and classification with cross-entropy.
  matchLoss() {
    const allowed = fitting(this.state.model, this.data.info(this.state.dataset)).losses;
    if (!allowed.includes(this.state.loss)) this.state.loss = allowed[0];
  }

  wire() {
    const state = this.state, live = this.live, restart = this.restart;
    const later = this.later;
    // An input only moves the slider's number (well within a frame); what it changes is sent once
    // the hand is off the slider: at the pointer's release, or SETTLE_MS after a run of key presses.
    const bind = (key, handler, settle = false) => {
      const spec = this.sliders[key], el = $(spec.el);
      const send = settle ? settled(el, handler) : handler;
      el.addEventListener("input", (e) => {
        state[key] = spec.read(e.target.value);
        $(`${spec.el}-out`).textContent = spec.show(state);
        send();
      });
    };
    for (const key of ["n", "noise", "test"]) bind(key, later);
    bind("lr", () => live({ learning_rate: state.lr }, { allRuns: false }), true); // racers keep their own rates
    bind("l2", () => live({ l2: state.l2 }), true);
    bind("batch_size", () => live({ batch_size: batchSize(state) }), true);
    for (const [key, spec] of Object.entries(this.sliders)) { // the catalogue's: by the kind they belong to
      if (spec.group === "opt-setting") bind(key, () => live({ [spec.param]: state[key] }), true);
      if (spec.group === "sched-setting") bind(key, () => live({ schedule: scheduleConfig(state) }), true);
      if (spec.group === "model-setting" || spec.group === "data-setting") bind(key, later);
    }
    const menu = (id, handler) => $(id).addEventListener("change", (e) => { state[id] = e.target.value; handler(); });
    for (const el of document.querySelectorAll("select[data-param]")) {
      el.addEventListener("change", (e) => { state[el.dataset.param] = e.target.value; restart(); });
    }
    menu("model", () => { this.matchLoss(); restart(); });
    menu("loss", () => live({ loss: state.loss }));
    menu("optimizer", () => live({ optimizer: state.optimizer }, { allRuns: false }));
    menu("schedule", () => live({ schedule: scheduleConfig(state) }));
    menu("batch", () => live({ batch_size: batchSize(state) }));
    menu("dataset", () => {
      state.noise = null;
      state.prep = null;
      restart();
    });
    $("pace").addEventListener("change", (e) => {
      const [v, from] = e.target.value.split(":"); // "rising", "rising:300", "10" or "fastest"
      Object.assign(state, v === "rising" ? { pace: "rising", fastest: false, speed: Number(from || 30) }
        : v === "fastest" ? { fastest: true } : { pace: "steady", fastest: false, speed: Number(v) });
      live({ speed: state.fastest ? null : state.speed, pace: state.pace });
    });
    $("seed").addEventListener("change", (e) => {
      const v = Number.parseInt(e.target.value, 10);
      if (Number.isFinite(v) && v >= 0) { state.seed = v; restart(); }
    });
    $("regenerate").addEventListener("click", () => { state.seed += 1; restart(); });
    // The stopping rules: a live change; an empty or 0 box turns its rule off.
    const rule = (id, key, read) => $(id).addEventListener("change", (e) => {
      const v = read(e.target.value);
      if (v === undefined) { e.target.setCustomValidity("a number of 0 or more"); e.target.reportValidity(); return; }
      e.target.setCustomValidity("");
      state[key] = v;
      live(stopping(state));
    });
    const positive = (text) => { const v = Number(text); return text.trim() === "" ? null : v >= 0 && Number.isFinite(v) ? v : undefined; };
    for (const [id, key] of STOP_RULES) rule(id, key, (t) => { const v = positive(t); return key === "target_loss" ? v : v ?? 0; });
    rule("max-steps", "max_steps", (t) => { // empty or 0: as many as the server allows
      const v = t.trim() === "" ? 0 : Number.parseInt(t, 10);
      return v >= 1 ? Math.min(v, limit("max_steps")) : v === 0 ? limit("max_steps") : undefined;
    });
    $("standardize").addEventListener("change", (e) => { state.standardize = e.target.checked; restart(); });
    for (const box of document.querySelectorAll("#features input")) {
      box.addEventListener("change", () => {
        const chosen = [...document.querySelectorAll("#features input:checked")].map((b) => b.value);
        if (!chosen.length) { box.checked = true; return; } // at least one feature
        const plain = this.data.info(state.dataset).n_features === 1 ? ["x1"] : ["x1", "x2"];
        state.features = chosen.length === plain.length && plain.every((f) => chosen.includes(f)) ? [] : chosen;
        restart();
      });
    }
  }
}
