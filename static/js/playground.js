// The playground: controls -> URL state -> websocket sessions -> batched redraws.
import { URL_KEYS, batchSize, datasetConfig, fromURL, modelConfig, runners, scheduleConfig, startConfig, toSearch }
  from "./state.js";
import { names } from "./catalogue.js";
import { RunSocket } from "./socket.js";
import {
  COLORS, MAX_PARAM_TRACES, MAX_POINTS, arrowAnnotation, boundaryFigure, gradFigure, lossFigure,
  paramsFigure, plotConfig, surfaceFigure,
} from "./plots.js";
import { downloadCSV, downloadJSON } from "./export.js";
import { $, fmt, postJSON, problemText, round4, showRecord } from "./kit.js";

const MAX_PATH = 1500; // parameter vectors kept per run for the surface path
const MAX_EXPORT_VALUES = 5_000_000;
const SURFACE_REFRESH_MS = 2500; // a new slice while running (the slice drifts slowly)
const BOUNDARY_REFRESH_MS = 350;

const state = fromURL();
let datasets = {}; // name -> GET /api/datasets entry
let runs = [];
let points = null; // POST /api/points
let surface = null; // the drawn slice
let surfaceBusy = false, surfaceWanted = false, lastSurfaceFetch = 0;
let surfaceDirty = false, surfaceFresh = false, readoutDirty = false, boundaryDirty = false;
let boundaryBusy = false, lastBoundaryFetch = 0, boundaryMap = null;
let generation = 0; // bumps on every (re)start: stale answers are dropped

// Exposed for tests and curious users: the live state of the page.
window.gdviz = { state, get runs() { return runs; }, get surface() { return surface; },
                 get redraws() { return redraws; } };

// --- controls --------------------------------------------------------------------------------
const sliders = {
  n: { el: "n", read: (v) => Number(v), write: (s) => s.n, show: (s) => s.n },
  noise: { el: "noise", read: (v) => Number(v), write: (s) => s.noise ?? defaultNoise(),
           show: (s) => fmt(s.noise ?? defaultNoise(), 3) },
  test: { el: "test", read: (v) => Number(v), write: (s) => s.test, show: (s) => s.test.toFixed(2) },
  digit: { el: "digit", read: (v) => Number(v), write: (s) => s.digit, show: (s) => s.digit },
  l2: { el: "l2", read: (v) => (Number(v) <= -5 ? 0 : round4(10 ** Number(v))),
        write: (s) => (s.l2 <= 0 ? -5 : Math.log10(s.l2)), show: (s) => (s.l2 === 0 ? "0" : fmt(s.l2, 3)) },
  lr: { el: "lr", read: (v) => round4(10 ** Number(v)), write: (s) => Math.log10(s.lr), show: (s) => fmt(s.lr, 3) },
  batch_size: { el: "batch-size", read: Number, write: (s) => s.batch_size, show: (s) => s.batch_size },
  ...catalogueSliders(),
};

// The catalogue's parameters (model, optimizer and schedule settings), from the controls the page
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

function defaultNoise() {
  const info = datasets[state.dataset];
  return info && info.parameters && typeof info.parameters.noise === "number" ? info.parameters.noise : 0;
}

function showValues() {
  for (const [key, spec] of Object.entries(sliders)) {
    $(spec.el).value = spec.write(state);
    $(`${spec.el}-out`).textContent = spec.show(state);
  }
  const speed = state.fastest ? 3 : Math.log10(state.speed);
  $("speed").value = speed;
  $("speed-out").textContent = state.fastest ? "as fast as possible" : `${Math.round(state.speed)}/s`;
  $("seed").value = state.seed;
  for (const id of ["dataset", "model", "loss", "optimizer", "schedule", "batch"]) $(id).value = state[id];
  for (const menu of document.querySelectorAll("select[data-param]")) menu.value = state[menu.dataset.param];
  $("standardize").checked = state.standardize;
  $("surface-mode").value = state.surface;
  $("view3d").checked = state.view3d;
  $("logy").checked = state.logy;
  for (const box of document.querySelectorAll("#features input")) box.checked = state.features.includes(box.value);
  const info = datasets[state.dataset] || {};
  const synthetic = info.kind === "synthetic";
  const list = (names) => (names || []).slice(0, 8).join(", ") + ((names || []).length > 8 ? ", …" : "");
  // textContent: a column called <script> shows as text, never as markup
  $("dataset-info").textContent = info.feature_names
    ? `${info.n_samples} rows · features: ${list(info.feature_names)} · classes: ${list(info.class_names)}` : "";
  for (const id of ["n", "noise"]) $(id).parentElement.hidden = !synthetic;
  $("digit-row").hidden = state.dataset !== "digit_vs_rest";
  $("features").hidden = !(info.n_features === 2);
  $("batch-size-row").hidden = state.batch !== "mini";
  for (const row of document.querySelectorAll(".opt-setting")) {
    row.hidden = !row.dataset.for.split(" ").includes(state.optimizer);
  }
  for (const row of document.querySelectorAll(".sched-setting")) {
    row.hidden = !row.dataset.for.split(" ").includes(state.schedule);
  }
  for (const row of document.querySelectorAll(".model-setting")) {
    row.hidden = !row.dataset.for.split(" ").includes(state.model);
  }
  renderRaceList();
}

function saveURL() {
  window.history.replaceState(null, "", window.location.pathname + toSearch(state));
}

// A change that keeps theta: sent to the live runs as a "set".
function liveChange(changes, { allRuns = true } = {}) {
  saveURL();
  showValues();
  for (const run of allRuns ? runs : runs.slice(0, 1)) run.socket.set(changes);
}

// A change of data, model or racers: the runs start again from step 0.
function restartChange() {
  saveURL();
  showValues();
  const running = runs.length ? runs[0].state === "running" : false;
  startRuns(!running);
}

function wireControls() {
  const bind = (key, handler) => {
    const spec = sliders[key];
    $(spec.el).addEventListener("input", (e) => {
      state[key] = spec.read(e.target.value);
      $(`${spec.el}-out`).textContent = spec.show(state);
      handler();
    });
  };
  for (const key of ["n", "noise", "test", "digit"]) bind(key, debounce(restartChange, 250));
  bind("lr", () => liveChange({ learning_rate: state.lr }, { allRuns: false }));
  bind("l2", () => liveChange({ l2: state.l2 }));
  for (const [key, spec] of Object.entries(sliders)) { // the catalogue's: by the kind they belong to
    if (spec.group === "opt-setting") bind(key, () => liveChange({ [spec.param]: state[key] }));
    if (spec.group === "sched-setting") bind(key, () => liveChange({ schedule: scheduleConfig(state) }));
    if (spec.group === "model-setting") bind(key, debounce(restartChange, 250));
  }
  for (const menu of document.querySelectorAll("select[data-param]")) {
    menu.addEventListener("change", (e) => { state[menu.dataset.param] = e.target.value; restartChange(); });
  }
  bind("batch_size", () => liveChange({ batch_size: batchSize(state) }));

  $("speed").addEventListener("input", (e) => {
    const v = Number(e.target.value);
    state.fastest = v >= 3;
    if (!state.fastest) state.speed = Math.max(1, Math.round(10 ** v));
    liveChange({ speed: state.fastest ? null : state.speed });
  });
  $("seed").addEventListener("change", (e) => {
    const v = Number.parseInt(e.target.value, 10);
    if (Number.isFinite(v) && v >= 0) { state.seed = v; restartChange(); }
  });
  $("regenerate").addEventListener("click", () => { state.seed += 1; restartChange(); });
  $("standardize").addEventListener("change", (e) => { state.standardize = e.target.checked; restartChange(); });
  $("dataset").addEventListener("change", (e) => {
    state.dataset = e.target.value;
    state.noise = null;
    const info = datasets[state.dataset];
    if (info && info.n_features !== 2) state.features = [];
    if (info && info.n_classes > 2 && state.model === "logistic") state.model = "softmax";
    restartChange();
  });
  $("model").addEventListener("change", (e) => { state.model = e.target.value; restartChange(); });
  for (const box of document.querySelectorAll("#features input")) {
    box.addEventListener("change", () => {
      const chosen = [...document.querySelectorAll("#features input:checked")].map((b) => b.value);
      if (!chosen.length) { box.checked = true; return; } // at least one feature
      state.features = chosen.length === 2 && chosen.includes("x1") && chosen.includes("x2") ? [] : chosen;
      restartChange();
    });
  }
  $("loss").addEventListener("change", (e) => { state.loss = e.target.value; liveChange({ loss: state.loss }); });
  $("optimizer").addEventListener("change", (e) => {
    state.optimizer = e.target.value;
    liveChange({ optimizer: state.optimizer }, { allRuns: false });
  });
  $("schedule").addEventListener("change", (e) => {
    state.schedule = e.target.value;
    liveChange({ schedule: scheduleConfig(state) });
  });
  $("batch").addEventListener("change", (e) => {
    state.batch = e.target.value;
    liveChange({ batch_size: batchSize(state) });
  });

  $("play").addEventListener("click", togglePlay);
  $("step1").addEventListener("click", () => stepRuns(1));
  $("step10").addEventListener("click", () => stepRuns(10));
  $("reset").addEventListener("click", resetRuns);
  document.addEventListener("keydown", (e) => {
    if (e.code === "Space" && !["INPUT", "SELECT", "TEXTAREA", "BUTTON"].includes(e.target.tagName)) {
      e.preventDefault();
      togglePlay();
    }
  });

  $("surface-mode").addEventListener("change", (e) => { state.surface = e.target.value; saveURL(); refreshSurface(true); });
  $("view3d").addEventListener("change", (e) => { state.view3d = e.target.checked; saveURL(); drawSurface(); });
  $("logy").addEventListener("change", (e) => {
    state.logy = e.target.checked; saveURL();
    Plotly.relayout("loss-plot", { "yaxis.type": state.logy ? "log" : "linear",
                                   "yaxis.dtick": state.logy ? "D2" : null });
  });
  $("copy-link").addEventListener("click", copyLink);
  $("gradcheck").addEventListener("click", checkGradient);
  $("export-csv").addEventListener("click", () => downloadCSV(runs));
  $("export-json").addEventListener("click", () => downloadJSON(runs, state));
  $("upload").addEventListener("change", uploadCSV);
  $("race-add").addEventListener("click", () => {
    if (state.race.length >= 3) return;
    const used = new Set(runners(state).map((r) => r.optimizer));
    const next = ["adam", ...names("optimizers")].find((o) => !used.has(o)) || "adam";
    state.race.push(`${next}:${next === "adam" || next === "rmsprop" ? 0.05 : state.lr}`);
    restartChange();
  });
}

function debounce(fn, ms) {
  let timer = null;
  return () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
}

function renderRaceList() {
  const list = $("race-list");
  list.replaceChildren();
  const all = runners(state);
  all.forEach((runner, i) => {
    const li = document.createElement("li");
    const row = document.createElement("div");
    row.className = "runner";
    if (i === 0) {
      row.innerHTML = "";
      const text = document.createElement("span");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = COLORS[0];
      text.append(swatch, `${runner.optimizer}, lr ${fmt(runner.learning_rate, 3)} (main settings)`);
      row.append(text);
    } else {
      const select = document.createElement("select");
      select.id = `race-opt-${i}`;
      select.setAttribute("aria-label", `Runner ${i + 1} optimizer`);
      for (const name of names("optimizers")) {
        select.append(new Option(name, name, false, name === runner.optimizer));
      }
      const lr = document.createElement("input");
      lr.type = "number"; lr.min = "0.0001"; lr.max = "10"; lr.step = "any"; lr.value = runner.learning_rate;
      lr.id = `race-lr-${i}`;
      lr.setAttribute("aria-label", `Runner ${i + 1} learning rate`);
      const remove = document.createElement("button");
      remove.type = "button"; remove.textContent = "✕";
      remove.setAttribute("aria-label", `Remove runner ${i + 1}`);
      const update = () => {
        const value = Number.parseFloat(lr.value);
        if (!(value > 0)) return;
        state.race[i - 1] = `${select.value}:${Math.min(10, Math.max(1e-4, value))}`;
        restartChange();
      };
      select.addEventListener("change", update);
      lr.addEventListener("change", update);
      remove.addEventListener("click", () => { state.race.splice(i - 1, 1); restartChange(); });
      select.style.borderLeft = `6px solid ${COLORS[i]}`;
      row.append(select, lr, remove);
    }
    li.append(row);
    list.append(li);
  });
  $("race-add").disabled = all.length >= 4;
}

// --- runs -----------------------------------------------------------------------------------
function newRun(index, runner) {
  const run = {
    index, runner, color: COLORS[index], label: index === 0 && runners(state).length === 1
      ? "run" : `${index + 1}: ${runner.optimizer} ${fmt(runner.learning_rate, 2)}`,
    state: "idle", stopReason: null, paramNames: [], last: null, gradient: null,
    pending: { loss: [], grad: [], params: [] }, // records each curve plot has not drawn yet
    history: [], historyValues: 0, path: [], pathLoss: [], pathSteps: [],
  };
  run.socket = new RunSocket({
    frame: (m) => onFrame(run, m),
    status: (m) => onStatus(run, m),
    error: (m) => showBanner(`Run ${index + 1}: ${m.message}`, true),
    close: () => showBanner("The connection to the server closed. Reload the page to go on.", true),
  });
  return run;
}

function startRuns(paused) {
  generation += 1;
  for (const run of runs) run.socket.close();
  runs = runners(state).map((runner, i) => newRun(i, runner));
  surface = null;
  surfaceWanted = false;
  boundaryMap = null;
  hideBanner();
  initCurves();
  loadPoints();
  for (const run of runs) run.socket.start(startConfig(state, run.runner, paused));
}

function onFrame(run, message) {
  if (message.reset) {
    run.pending = { loss: [], grad: [], params: [] };
    run.history = []; run.historyValues = 0;
    run.path = []; run.pathLoss = []; run.pathSteps = [];
    run.resetPending = true;
  }
  for (const record of message.steps) {
    for (const queue of Object.values(run.pending)) queue.push(record);
    if (run.historyValues < MAX_EXPORT_VALUES) {
      run.history.push(record);
      run.historyValues += record.params.length + 10;
    }
    addPathPoint(run, record);
    run.last = record;
  }
  if (message.gradient) run.gradient = message.gradient;
  surfaceDirty = true;
  readoutDirty = true;
  if (!surface && run.index === 0) refreshSurface(true);
}

function addPathPoint(run, record) {
  if (record.params.some((v) => v === null)) return;
  run.path.push(record.params);
  run.pathLoss.push(record.loss);
  run.pathSteps.push(record.step);
  if (run.path.length > MAX_PATH) { // keep the start, thin the rest evenly
    const keep = (_, i) => i === 0 || i % 2 === 1 || i === run.path.length - 1;
    run.path = run.path.filter(keep);
    run.pathLoss = run.pathLoss.filter(keep);
    run.pathSteps = run.pathSteps.filter(keep);
  }
}

const STOP_TEXT = {
  diverged: "diverged: the loss exploded or stopped being a number. Lower the learning rate, then Reset.",
  max_steps: "reached max_steps.",
  tol_grad: "converged: the gradient norm fell below tol_grad.",
  tol_loss: "converged: the loss stopped changing (tol_loss).",
  target_loss: "reached the target loss.",
};

function onStatus(run, message) {
  run.state = message.state;
  run.statusStep = message.step; // the step the server had made when it sent this
  run.statuses = (run.statuses || 0) + 1;
  run.stopReason = message.stop_reason;
  if (message.param_names) {
    run.paramNames = message.param_names;
    if (run.index === 0) initParams(run.paramNames);
  }
  if (run.index === 0) {
    $("r-state").textContent = message.state;
    $("play").textContent = message.state === "running" ? "Pause" : "Play";
  }
  if (message.state === "stopped" && message.stop_reason) {
    const who = runs.length > 1 ? `Run ${run.index + 1} (${run.runner.optimizer}) ` : "The run ";
    showBanner(who + STOP_TEXT[message.stop_reason], message.stop_reason === "diverged");
  }
  if (message.state !== "running") refreshSurface(true);
}

function togglePlay() {
  if (!runs.length) return;
  const running = runs[0].state === "running";
  for (const run of runs) (running ? run.socket.pause() : run.socket.resume());
  if (!running) hideBanner();
}

function stepRuns(n) { hideBanner(); for (const run of runs) run.socket.step(n); }
function resetRuns() { hideBanner(); for (const run of runs) run.socket.reset(); }

function showBanner(text, bad) {
  const el = $("banner");
  el.textContent = text;
  el.className = bad ? "banner bad" : "banner";
  el.hidden = false;
}
function hideBanner() { $("banner").hidden = true; }

// --- data and uploads ---------------------------------------------------------------------
async function loadDatasets() {
  const list = await (await fetch("/api/datasets")).json();
  datasets = Object.fromEntries(list.map((d) => [d.name, d]));
  if (!datasets[state.dataset] && /^u_[0-9a-f]{32}$/.test(state.dataset)) {
    const response = await fetch(`/api/datasets/${state.dataset}`);
    if (response.ok) { const info = await response.json(); datasets[info.name] = info; }
    else showBanner(`The uploaded data set ${state.dataset} is not on this server; using blobs.`, true);
  }
  if (!datasets[state.dataset]) state.dataset = "blobs";
  fillDatasetSelect();
}

function fillDatasetSelect() {
  const select = $("dataset");
  select.replaceChildren();
  for (const info of Object.values(datasets)) {
    const label = info.kind === "upload" ? `upload: ${info.feature_names.length} features, ${info.n_samples} rows`
      : `${info.name.replace(/_/g, " ")} (${info.n_classes} classes)`;
    const option = new Option(label, info.name);
    option.title = info.description;
    select.append(option);
  }
  select.value = state.dataset;
}

async function uploadCSV(event) {
  const file = event.target.files[0];
  const error = $("upload-error");
  error.hidden = true;
  if (!file) return;
  const label = $("label-column").value.trim();
  const query = label ? `?label_column=${encodeURIComponent(label)}` : "";
  try {
    const response = await fetch(`/api/datasets${query}`, { method: "POST", body: file,
                                                             headers: { "content-type": "text/csv" } });
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(problemText(payload, response.status));
    datasets[payload.name] = payload;
    fillDatasetSelect();
    state.dataset = payload.name;
    state.features = [];
    state.noise = null;
    if (payload.n_classes > 2) state.model = "softmax";
    restartChange();
  } catch (exc) {
    error.textContent = `Upload of ${file.name} failed: ${exc.message}`;
    error.hidden = false;
  } finally {
    event.target.value = "";
  }
}

async function loadPoints() {
  const mine = generation;
  try {
    const payload = await postJSON("/api/points", { dataset: datasetConfig(state) });
    if (mine !== generation) return;
    points = payload;
    drawBoundary();
  } catch (exc) {
    showBanner(exc.message, true);
  }
}

// --- plots -----------------------------------------------------------------------------------
function initCurves() {
  const loss = lossFigure(runs, state.logy);
  Plotly.react("loss-plot", loss.data, loss.layout, plotConfig("gdviz-loss"));
  const grad = gradFigure(runs);
  Plotly.react("grad-plot", grad.data, grad.layout, plotConfig("gdviz-gradient-norm"));
  initParams([]);
}

function initParams(names) {
  const fig = paramsFigure(names);
  Plotly.react("params-plot", fig.data, fig.layout, plotConfig("gdviz-parameters"));
}

// Each curve plot is its own redraw job (see animate): one Plotly redraw per animation frame.
function takePending(kind) {
  return runs.map((run) => { const recs = run.pending[kind]; run.pending[kind] = []; return recs; });
}

function drawLossCurves() {
  const update = { x: [], y: [], customdata: [] }, indices = [];
  takePending("loss").forEach((recs, r) => {
    if (!recs.length) return;
    const steps = recs.map((x) => x.step), epochs = recs.map((x) => x.epoch);
    update.x.push(steps, steps);
    update.y.push(recs.map((x) => x.loss), recs.map((x) => x.test_loss));
    update.customdata.push(epochs, epochs);
    indices.push(2 * r, 2 * r + 1);
  });
  if (indices.length) Plotly.extendTraces("loss-plot", update, indices, MAX_POINTS);
}

function drawGradCurves() {
  const update = { x: [], y: [], customdata: [] }, indices = [];
  takePending("grad").forEach((recs, r) => {
    if (!recs.length) return;
    update.x.push(recs.map((x) => x.step));
    update.y.push(recs.map((x) => x.grad_norm));
    update.customdata.push(recs.map((x) => x.epoch));
    indices.push(r);
  });
  if (indices.length) Plotly.extendTraces("grad-plot", update, indices, MAX_POINTS);
}

function drawParamCurves() {
  const [recs] = takePending("params");
  const run = runs[0];
  if (!recs || !recs.length || !run.paramNames.length) return;
  const shown = Math.min(run.paramNames.length, MAX_PARAM_TRACES);
  const update = { x: [], y: [], customdata: [] };
  const steps = recs.map((x) => x.step), epochs = recs.map((x) => x.epoch);
  for (let k = 0; k < shown; k += 1) {
    update.x.push(steps);
    update.y.push(recs.map((x) => x.params[k]));
    update.customdata.push(epochs);
  }
  Plotly.extendTraces("params-plot", update, update.x.map((_, k) => k), MAX_POINTS);
}

function showReadout() {
  const run = runs[0];
  if (!run || !run.last) return;
  const r = run.last;
  showRecord(r);
  $("r-lr").textContent = r.learning_rate === null ? fmt(state.lr, 3) : fmt(r.learning_rate, 3);
}

// --- the loss surface -------------------------------------------------------------------------
function surfaceMode(nParams) {
  if (state.surface !== "auto") return state.surface;
  if (state.model === "logistic" && nParams <= 3) return "coordinates";
  return runs[0] && runs[0].path.length >= 3 ? "pca" : "random";
}

function combinedTrajectory(limit = 240) {
  const all = [];
  for (const run of runs) {
    const n = run.path.length;
    const stride = Math.max(1, Math.ceil(n / (limit / runs.length)));
    for (let i = 0; i < n; i += stride) all.push(run.path[i]);
    if (n && (n - 1) % stride !== 0) all.push(run.path[n - 1]);
  }
  return all;
}

async function refreshSurface(force = false) {
  const now = performance.now();
  const run = runs[0];
  if (!run || !run.last) return;
  if (surfaceBusy) { surfaceWanted = surfaceWanted || force; return; } // ask again when this one lands
  if (!force && now - lastSurfaceFetch < SURFACE_REFRESH_MS) return;
  const center = run.last.params;
  if (center.some((v) => v === null)) return;
  surfaceBusy = true;
  lastSurfaceFetch = now;
  const mine = generation;
  const mode = surfaceMode(center.length);
  const trajectory = combinedTrajectory();
  const distinct = new Set(trajectory.map((t) => t.join(","))).size;
  const directions = mode === "pca" && distinct < 3 ? { kind: "random" } : { kind: mode };
  if (mode === "coordinates") Object.assign(directions, { i: 0, j: 1 }); // (w, b) or (w1, w2)
  if (trajectory.length) directions.trajectory = trajectory;
  const body = { dataset: datasetConfig(state), model: modelConfig(state), loss: state.loss, l2: state.l2,
                 center, directions, resolution: surface ? 41 : 21 };
  const step = run.last.step;
  try {
    const answer = await postJSON("/api/surface", body);
    if (mine !== generation) return;
    surface = makeSurface(answer, directions.kind, center);
    surface.step = step; // the slice passes through theta at this step
    surfaceFresh = true; // drawn by the rota in animate()
    if (body.resolution < 41) surfaceWanted = true; // a coarse preview first, then the detail
  } catch (exc) {
    showBanner(`Loss surface: ${exc.message}`, true);
  } finally {
    surfaceBusy = false;
    if (surfaceWanted && mine === generation) { surfaceWanted = false; refreshSurface(true); }
  }
}

function makeSurface(answer, mode, center) {
  const { alpha, beta, loss, directions } = answer;
  const coords = mode === "coordinates";
  const i = directions.d1.indexOf(1), j = directions.d2.indexOf(1);
  const c = answer.center;
  const n1 = directions.d1.reduce((s, v) => s + v * v, 0), n2 = directions.d2.reduce((s, v) => s + v * v, 0);
  const dot = (a, b) => a.reduce((s, v, k) => s + (v - c[k]) * b[k], 0);
  const project = coords ? (t) => [t[i], t[j]] : (t) => [dot(t, directions.d1) / n1, dot(t, directions.d2) / n2];
  const projectVector = coords ? (g) => [g[i], g[j]]
    : (g) => [g.reduce((s, v, k) => s + v * directions.d1[k], 0) / n1,
              g.reduce((s, v, k) => s + v * directions.d2[k], 0) / n2];
  const xs = coords ? alpha.map((a) => a + center[i]) : alpha;
  const ys = coords ? beta.map((b) => b + center[j]) : beta;
  const ev = directions.explained_variance;
  const title = coords ? `Loss surface over (${directions.labels.join(", ")})`
    + (center.length > 2 ? ", other parameters at their current values" : "")
    : mode === "pca" ? `Loss surface on the path's principal plane (PC1 ${(100 * ev[0]).toFixed(0)}%, PC2 ${(100 * ev[1]).toFixed(0)}%)`
    : "Loss surface along two random filter-normalised directions";
  return { mode, xs, ys, z: loss, labels: directions.labels, project, projectVector, title,
           span: Math.max(xs[xs.length - 1] - xs[0], ys[ys.length - 1] - ys[0]) };
}

function projectedRuns() {
  return runs.map((run) => {
    const pts = run.path.map(surface.project);
    return { label: run.label, color: run.color, px: pts.map((p) => p[0]), py: pts.map((p) => p[1]),
             pz: run.pathLoss, steps: run.pathSteps };
  });
}

function drawSurface() {
  if (!surface) return;
  const fig = surfaceFigure(surface, projectedRuns(), state.view3d);
  fig.layout.annotations = state.view3d ? [] : gradientArrows();
  Plotly.react("surface-plot", fig.data, fig.layout, plotConfig("gdviz-loss-surface"));
  surfaceDirty = false;
}

function gradientArrows() {
  const run = runs[0];
  if (!run || !run.gradient || !run.last || run.gradient.some((v) => v === null)) return [];
  const from = surface.project(run.last.params);
  const [gx, gy] = surface.projectVector(run.gradient);
  const norm = Math.hypot(gx, gy);
  if (!(norm > 0) || !Number.isFinite(from[0])) return [];
  const length = 0.18 * surface.span;
  return [arrowAnnotation(from, [from[0] - (gx / norm) * length, from[1] - (gy / norm) * length], "#ff1744")];
}

function updateSurfacePaths() {
  // A light update: the contour stays, the paths, markers and arrow move.
  const projected = projectedRuns();
  const update = { x: [], y: [] }, indices = [];
  projected.forEach((run, r) => {
    update.x.push(run.px, run.px.slice(-1));
    update.y.push(run.py, run.py.slice(-1));
    indices.push(1 + 2 * r, 2 + 2 * r);
  });
  if (state.view3d) {
    update.z = projected.flatMap((run) => [run.pz, run.pz.slice(-1)]);
    Plotly.restyle("surface-plot", update, indices);
  } else {
    update.customdata = projected.flatMap((run) => [run.steps, run.steps.slice(-1)]);
    Plotly.update("surface-plot", update, { annotations: gradientArrows() }, indices);
  }
  surfaceDirty = false;
}

// --- decision boundary --------------------------------------------------------------------------
async function refreshBoundary() {
  const run = runs[0];
  if (!run || !run.last || !points || !points.train_x || boundaryBusy) return;
  if (performance.now() - lastBoundaryFetch < BOUNDARY_REFRESH_MS) return;
  if (run.last.params.some((v) => v === null)) return;
  boundaryBusy = true;
  lastBoundaryFetch = performance.now();
  const mine = generation;
  const seenStep = run.last.step;
  try {
    boundaryMap = await postJSON("/api/boundary", { dataset: datasetConfig(state), model: modelConfig(state),
                                                   params: run.last.params, resolution: 60 });
    boundaryMap.step = seenStep;
    if (mine === generation) boundaryDirty = true;
  } catch (exc) {
    showBanner(`Decision boundary: ${exc.message}`, true);
  } finally {
    boundaryBusy = false;
  }
}

function drawBoundary() {
  const classes = points ? points.class_names : [];
  const fig = boundaryFigure(points, boundaryMap, classes);
  Plotly.react("boundary-plot", fig.data, fig.layout, plotConfig("gdviz-decision-boundary"));
}

// --- the animation loop: at most one Plotly redraw per animation frame ------------------------
// Every Plotly update redraws its whole plot (about 13 ms for a curve plot in software-rendered
// Chromium, 40 ms for the contour), so the plots take turns: each frame redraws the next plot in
// the rota that has something new and whose last redraw is older than its interval (curves 4 times
// a second, the surface path twice, the boundary about twice). The readout is plain text: every frame.
const JOBS = [
  { name: "new surface", every: 0, ready: () => surfaceFresh, draw: () => { surfaceFresh = false; drawSurface(); } },
  { name: "loss", every: 250, ready: () => runs.some((r) => r.pending.loss.length), draw: drawLossCurves },
  { name: "grad", every: 250, ready: () => runs.some((r) => r.pending.grad.length), draw: drawGradCurves },
  { name: "params", every: 250, ready: () => runs.length && runs[0].pending.params.length, draw: drawParamCurves },
  { name: "surface", every: 500, ready: () => surface && surfaceDirty && !surfaceFresh,
    draw: () => updateSurfacePaths() },
  { name: "boundary", every: 600, ready: () => boundaryDirty, draw: () => { boundaryDirty = false; drawBoundary(); } },
];
let rota = 0;
const redraws = {}; // per job: how many redraws and their milliseconds (read by bench/browser.py)

function animate() {
  const now = performance.now();
  if (runs.some((r) => r.resetPending)) {
    for (const run of runs) run.resetPending = false;
    initCurves();
    if (runs[0]) initParams(runs[0].paramNames);
  } else {
    for (let k = 0; k < JOBS.length; k += 1) {
      const job = JOBS[(rota + k) % JOBS.length];
      const every = job.name === "surface" && state.view3d ? 1000 : job.every; // WebGL costs more
      if (job.ready() && now - (job.last || 0) >= every) {
        job.draw();
        job.last = now;
        const cost = performance.now() - now, stats = redraws[job.name] || (redraws[job.name] = { count: 0, ms: 0, max: 0 });
        stats.count += 1; stats.ms += cost; stats.max = Math.max(stats.max, cost);
        rota = (rota + k + 1) % JOBS.length;
        break;
      }
    }
  }
  if (readoutDirty) { readoutDirty = false; showReadout(); }
  if (runs[0] && runs[0].state === "running") refreshSurface(false);
  else if (surface && runs[0] && runs[0].last && surface.step !== runs[0].last.step) refreshSurface(false); // stepped
  const run = runs[0];
  if (run && run.last && (!boundaryMap || boundaryMap.step !== run.last.step)) refreshBoundary();
  window.requestAnimationFrame(animate);
}

// The analytic gradient at the current theta against central differences (POST /api/gradcheck).
async function checkGradient() {
  const run = runs[0];
  const out = $("gradcheck-out");
  if (!run || !run.last || run.last.params.some((v) => v === null)) { out.textContent = "start a run first"; return; }
  out.textContent = "checking…";
  try {
    const check = await postJSON("/api/gradcheck", { dataset: datasetConfig(state), model: modelConfig(state),
                                                     loss: state.loss, l2: state.l2, params: run.last.params });
    window.gdviz.gradcheck = { ...check, step: run.last.step };
    out.textContent = `at step ${run.last.step}: largest error ${fmt(check.max_relative_error, 2)} `
      + `(${check.worst_param}) — ${check.exact ? "exact" : "the gradients disagree"}`;
  } catch (exc) {
    out.textContent = exc.message;
  }
}

async function copyLink() {
  const url = window.location.href;
  try {
    await navigator.clipboard.writeText(url);
    showBanner("Link copied: it reproduces this configuration, seed included.", false);
  } catch {
    showBanner(`Copy this link: ${url}`, false);
  }
}

async function main() {
  wireControls();
  await loadDatasets();
  showValues();
  startRuns(true);
  window.requestAnimationFrame(animate);
}

window.addEventListener("load", () => {
  main().catch((exc) => showBanner(`Could not start: ${exc.message}`, true));
});
