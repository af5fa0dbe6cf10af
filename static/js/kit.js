// Shared pieces of the lesson pages: requests, URL state, live runs and their controls.
import { prop } from "./catalogue.js";
import { fromURL, toSearch } from "./state.js";
import { RunSocket } from "./socket.js";

export const $ = (id) => document.getElementById(id);
export const fmt = (v, digits = 4) => (v === null || v === undefined ? "–" : Number(v).toPrecision(digits));
export const pct = (v) => (v === null || v === undefined ? "–" : `${(100 * v).toFixed(1)}%`);
export const round4 = (v) => Number(v.toPrecision(4));

export function problemText(payload, status) {
  const detail = payload && payload.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) return detail.map((d) => `${(d.loc || []).join(".")}: ${d.msg}`).join("\n");
  return `the server answered ${status}`;
}

async function readJSON(response) {
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(problemText(payload, response.status));
  return payload;
}

export const getJSON = async (url) => readJSON(await fetch(url));
export const postJSON = async (url, body) => readJSON(await fetch(url, {
  method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));

// Page state in the address: read once, write on every change.
export function urlState(props) {
  const state = fromURL(window.location.search, props);
  const save = () => window.history.replaceState(null, "", window.location.pathname + toSearch(state, props));
  return { state, save };
}

// Call fn at most once per ms, and once more after the last request (never two in flight).
export function throttle(fn, ms) {
  let last = 0, busy = false, again = false;
  const run = async () => {
    if (busy) { again = true; return; }
    const wait = last + ms - performance.now();
    if (wait > 0) { if (!again) { again = true; setTimeout(() => { again = false; run(); }, wait); } return; }
    busy = true; last = performance.now();
    try { await fn(); } finally {
      busy = false;
      if (again) { again = false; run(); }
    }
  };
  return run;
}

// The readout line of a page: fills whichever of these fields the page has.
export function showRecord(r) {
  const fields = { "r-step": r.step, "r-epoch": r.epoch.toFixed(2), "r-loss": fmt(r.loss, 5),
                   "r-acc": pct(r.accuracy), "r-test-acc": pct(r.test_accuracy), "r-grad": fmt(r.grad_norm, 4) };
  for (const [id, text] of Object.entries(fields)) {
    const el = $(id);
    if (el) el.textContent = text;
  }
}

export function showError(text) {
  const el = $("banner");
  if (!el) return;
  el.textContent = text;
  el.className = "banner bad";
  el.hidden = false;
}

// One live training session: its records (a bounded window), state and controls.
export class LiveRun {
  constructor(label, { onFrame, onStatus } = {}) {
    this.label = label;
    this.records = [];
    this.last = null;
    this.state = "idle";
    this.stopReason = null;
    this.paramNames = [];
    this.socket = new RunSocket({
      frame: (m) => {
        if (m.reset) this.records = [];
        for (const r of m.steps) this.records.push(r);
        if (this.records.length > 5000) this.records.splice(0, this.records.length - 5000);
        this.last = this.records[this.records.length - 1];
        if (onFrame) onFrame(this, m);
      },
      status: (m) => {
        this.state = m.state;
        this.stopReason = m.stop_reason;
        if (m.param_names) this.paramNames = m.param_names;
        if (onStatus) onStatus(this, m);
      },
      error: (m) => showError(`${this.label}: ${m.message}`),
      close: () => showError("The connection to the server closed. Reload the page to go on."),
    });
  }
  start(config) { this.socket.start(config); }
  close() { this.socket.close(); }
}

// The controls the lessons share with the playground: play/pause, steps, reset, rate, speed.
export function wireRunControls(getRuns, state, save) {
  const runs = () => getRuns().filter(Boolean);
  const play = $("play");
  const toggle = () => {
    const all = runs();
    if (!all.length) return;
    const running = all[0].state === "running";
    for (const run of all) (running ? run.socket.pause() : run.socket.resume());
  };
  play.addEventListener("click", toggle);
  document.addEventListener("keydown", (e) => {
    if (e.code === "Space" && !["INPUT", "SELECT", "TEXTAREA", "BUTTON"].includes(e.target.tagName)) {
      e.preventDefault();
      toggle();
    }
  });
  $("step1").addEventListener("click", () => runs().forEach((r) => r.socket.step(1)));
  $("step10").addEventListener("click", () => runs().forEach((r) => r.socket.step(10)));
  $("reset").addEventListener("click", () => runs().forEach((r) => r.socket.reset()));
  const lr = $("lr"), speed = $("speed");
  const show = () => {
    lr.value = Math.log10(state.lr);
    $("lr-out").textContent = fmt(state.lr, 3);
    speed.value = state.fastest ? 3 : Math.log10(state.speed);
    $("speed-out").textContent = state.fastest ? "as fast as possible" : `${Math.round(state.speed)}/s`;
  };
  lr.addEventListener("input", () => {
    state.lr = round4(10 ** Number(lr.value));
    show(); save();
    runs().forEach((r) => r.socket.set({ learning_rate: state.lr }));
  });
  speed.addEventListener("input", () => {
    const v = Number(speed.value);
    state.fastest = v >= 3;
    if (!state.fastest) state.speed = Math.max(1, Math.round(10 ** v));
    show(); save();
    runs().forEach((r) => r.socket.set({ speed: state.fastest ? null : state.speed }));
  });
  show();
  return {
    // call from each run's status handler
    status() { const first = runs()[0]; if (first) play.textContent = first.state === "running" ? "Pause" : "Play"; },
  };
}

export const RUN_PROPS = [ // the shared controls' part of a lesson's URL state
  prop("learning_rate", "lr"),
  { key: "speed", type: "float", def: 30, clamp: (v) => Math.min(1000, Math.max(1, v)) },
  { key: "fastest", type: "bool", def: false },
  prop("seed"),
];
