// Shared pieces of the pages: requests, URL state, throttling, the readout and the run controls.
import { prop } from "./catalogue.js";
import { fromURL, toSearch } from "./state.js";
import { LiveRun } from "./live.js";

export const $ = (id) => document.getElementById(id);
export const fmt = (v, digits = 4) => (v === null || v === undefined ? "–" : Number(v).toPrecision(digits));
export const pct = (v) => (v === null || v === undefined ? "–" : `${(100 * v).toFixed(1)}%`);
export const round4 = (v) => Number(v.toPrecision(4));

// The requests (requests.js): the CSRF token, errors in a learner's words, a busy server waited out.
export { busy, csrfHeaders, getJSON, postJSON, problemText, send, sendJSON } from "./requests.js";

// A download of `text` as a file, made in the page.
export function download(filename, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Page state in the address: read once, write on every change.
export function urlState(props) {
  const state = fromURL(window.location.search, props);
  const save = () => window.history.replaceState(null, "", window.location.pathname + toSearch(state, props));
  return { state, save };
}

// Call fn at most once per ms, and once more after the last request (never two in flight).
// throttled.now() asks for a call as soon as the one in flight (if any) is done, interval or not.
export function throttle(fn, ms) {
  let last = -Infinity, busy = false, again = false, urgent = false, timer = null;
  const run = async () => {
    if (busy) { again = true; return; }
    const wait = urgent ? 0 : last + ms - performance.now();
    if (wait > 0) { if (timer === null) timer = setTimeout(() => { timer = null; run(); }, wait); return; }
    clearTimeout(timer);
    timer = null; urgent = false; busy = true; last = performance.now();
    try { await fn(); } finally {
      busy = false;
      if (again) { again = false; run(); }
    }
  };
  run.now = () => { urgent = true; run(); };
  return run;
}

// The readout line of a page: fills whichever of these fields the page has.
// A step record in the readout: accuracy for a classifier; R² (and RMSE, where the page has a box
// for it) for a regression, whose records carry r2 instead of accuracy.
export function showRecord(r) {
  const regression = r.r2 !== undefined;
  const fields = { "r-step": r.step, "r-epoch": r.epoch.toFixed(2), "r-loss": fmt(r.loss, 5),
                   "r-acc": regression ? fmt(r.r2, 4) : pct(r.accuracy),
                   "r-test-acc": regression ? fmt(r.test_r2, 4) : pct(r.test_accuracy),
                   "r-acc-label": regression ? "train R²" : "train accuracy",
                   "r-test-acc-label": regression ? "test R²" : "test accuracy",
                   "r-rmse": regression ? `${fmt(r.rmse, 4)} / ${fmt(r.test_rmse, 4)}` : "–",
                   "r-grad": fmt(r.grad_norm, 4) };
  const rmse = $("r-rmse-box");
  if (rmse) rmse.hidden = !regression;
  for (const [id, text] of Object.entries(fields)) {
    const el = $(id);
    if (el) el.textContent = text;
  }
}

// The page's banner (#banner, a live region every page has): one place shows and hides it for the
// playground, the lessons and the runs page. ``bad``: a problem (red), else news (a run's end).
export function banner(text, bad = true) {
  if (document.documentElement.dataset.restarting) return; // socket.js's note stays: the rest follows from it
  const el = $("banner");
  if (el) Object.assign(el, { textContent: text, className: bad ? "banner bad" : "banner", hidden: false });
}

// Hide the banner; ``onlyBad``: only a problem it shows (a later success clears an error, not news).
export function clearBanner(onlyBad = false) {
  const el = $("banner");
  if (el && !el.hidden && (!onlyBad || el.className === "banner bad")) el.hidden = true;
}

export const showError = (text) => banner(text, true);

// A lesson's live run: a window of its newest 5,000 steps, errors shown in the page's banner.
export const lessonRun = (label, handlers = {}) => new LiveRun({
  label, slide: true, maxSteps: 5000, onError: (run, text) => showError(`${run.label}: ${text}`), ...handlers });

// A key typed into a text or number box is text, not a shortcut; a slider, a button or a menu
// with focus still lets Space, S, R and ? through (Space would otherwise press the button).
const typing = (e) => e.target.isContentEditable || e.target.tagName === "TEXTAREA"
  || (e.target.tagName === "INPUT" && !["range", "checkbox", "radio", "button"].includes(e.target.type));

// The page's shortcuts: Space play/pause, S one step, R reset, ? the list of keys (where the page
// has a #help button). Returns the handler, already listening on the document.
function wireShortcuts({ toggle, step, reset }) {
  const help = $("help");
  const showHelp = (open) => {
    if (!help) return;
    $("help-panel").hidden = !open;
    help.setAttribute("aria-expanded", String(open));
  };
  if (help) help.addEventListener("click", () => showHelp($("help-panel").hidden));
  const keys = { " ": toggle, s: step, S: step, r: reset, R: reset, "?": () => showHelp($("help-panel").hidden),
                 Escape: () => showHelp(false) };
  const onKey = (e) => {
    const action = keys[e.key];
    if (!action || typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Escape" && (!help || $("help-panel").hidden)) return;
    e.preventDefault(); // Space must not also scroll the page or press a focused button
    action();
  };
  document.addEventListener("keydown", onKey);
  return onKey;
}

// Play/pause, Step 1, Step 10 and Reset for a page's runs (LiveRun, live.js), and their keys.
// before() runs ahead of each action (the playground hides its banner there). A press made before
// the runs exist (early.js kept those made before this module loaded) waits, and is carried out at
// the runs' first status: a Play pressed while the page loads starts the run as soon as it can.
export function wirePlayControls(getRuns, { before = () => {} } = {}) {
  const runs = () => getRuns().filter(Boolean);
  const play = $("play");
  const waiting = window.gdvizEarly || [];
  waiting.taken = true;
  const actions = {
    toggle: (all) => { const running = all[0].running; for (const run of all) (running ? run.pause() : run.resume()); },
    step: (all) => all.forEach((r) => r.step(1)),
    step10: (all) => all.forEach((r) => r.step(10)),
    reset: (all) => all.forEach((r) => r.reset()),
  };
  const press = (name) => () => {
    const all = runs();
    if (!all.length || waiting.length) { // not ready yet: kept, and Play says what it will do
      waiting.push(name);
      if (name === "toggle") play.textContent = play.textContent === "Play" ? "Pause" : "Play";
      return;
    }
    before();
    actions[name](all);
  };
  const flush = () => { // true when it asked for a play or a pause (the next status tells the button)
    const all = runs();
    if (!all.length || !waiting.length) return false;
    before();
    let on = all[0].running; // toggles in a row: only the last one's state is asked for
    const toggles = waiting.filter((name) => name === "toggle").length;
    for (const name of waiting.splice(0)) if (name !== "toggle") actions[name](all);
    if (toggles % 2) { on = !on; for (const run of all) (on ? run.resume() : run.pause()); }
    return toggles % 2 === 1;
  };
  const [toggle, step, reset] = [press("toggle"), press("step"), press("reset")];
  play.addEventListener("click", toggle);
  $("step1").addEventListener("click", step);
  $("step10").addEventListener("click", press("step10"));
  $("reset").addEventListener("click", reset);
  wireShortcuts({ toggle, step, reset });
  return {
    // call from each run's status handler: the presses that waited, then the button's word
    status() {
      if (flush()) return;
      const first = runs()[0];
      if (first && !waiting.length) play.textContent = first.running ? "Pause" : "Play";
    },
  };
}

// Plots that follow their boxes: plotly.js resizes on a window resize only, so a box that
// shrinks or grows because a note, a banner or a panel came or went would leave its plot the old
// size (a legend cut off, or a gap). One observer per page, one resize per plot per frame.
export function fitPlotsToBoxes(root = document.body) {
  const waiting = new Set();
  const observer = new ResizeObserver((entries) => {
    for (const e of entries) waiting.add(e.target);
    requestAnimationFrame(() => {
      for (const el of waiting) if (el._fullLayout && el.isConnected && el.offsetParent) (el.gdvizPlotly || Plotly).Plots.resize(el);
      waiting.clear();
    });
  });
  for (const el of root.querySelectorAll(".plot")) observer.observe(el);
  return observer;
}

// Plot toolbars out of the tab order: a keyboard user reaches the page's controls, not the five
// toolbars' 35 buttons (the toolbar still works with a mouse or a touch). Watches for new plots.
export function untabPlotToolbars(root = document.body) {
  const untab = (node) => {
    if (node.nodeType !== 1) return;
    for (const el of node.querySelectorAll(".modebar a, .modebar button, .modebar [tabindex]")) el.tabIndex = -1;
  };
  untab(root);
  new MutationObserver((changes) => changes.forEach((c) => c.addedNodes.forEach(untab)))
    .observe(root, { childList: true, subtree: true });
}

// A lesson's run controls: the play controls plus its learning-rate and speed sliders.
export function wireRunControls(getRuns, state, save) {
  const runs = () => getRuns().filter(Boolean);
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
    runs().forEach((r) => r.set({ learning_rate: state.lr }));
  });
  speed.addEventListener("input", () => {
    const v = Number(speed.value);
    state.fastest = v >= 3;
    if (!state.fastest) state.speed = Math.max(1, Math.round(10 ** v));
    show(); save();
    runs().forEach((r) => r.set({ speed: state.fastest ? null : state.speed }));
  });
  show();
  return wirePlayControls(getRuns);
}

export const RUN_PROPS = [ // the shared controls' part of a lesson's URL state
  prop("learning_rate", "lr"),
  { key: "speed", type: "float", def: 30, clamp: (v) => Math.min(1000, Math.max(1, v)) },
  { key: "fastest", type: "bool", def: false },
  prop("seed"),
];
