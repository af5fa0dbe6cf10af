// Smaller parts of the playground page: the scenario menu and its note, the marks a live change
// leaves on the curves, the gradient check, and the view settings' wiring. (The link: replay.js.)
import { $, fmt, postJSON } from "../kit.js";
import { entry } from "../catalogue.js";
import { applyScenario, scenario } from "./scenarios.js";
import { summarise } from "./readout.js";
import { downloadCSV, downloadJSON } from "../export.js";

export class ScenarioPicker {
  // state: the page's state; apply(): the runs start again with the scenario's settings.
  constructor(state, { apply }) {
    Object.assign(this, { state, apply });
  }

  // The menu as the state says, and the chosen scenario's note (what to watch).
  show() {
    const chosen = scenario(this.state.scenario);
    $("scenario").value = chosen ? chosen.name : "";
    $("scenario-note").hidden = !chosen;
    if (chosen) {
      $("scenario-title").textContent = `${chosen.title}.`;
      $("scenario-text").textContent = chosen.text;
    }
  }

  // A short link, ?scenario=name and nothing else, sets the scenario up; a link with settings keeps them.
  fromLink() {
    const params = new URLSearchParams(window.location.search);
    if ([...params.keys()].join() === "scenario") applyScenario(this.state, params.get("scenario"));
  }

  wire() {
    const menu = $("scenario"); // its options come with the page (templates/playground.html)
    menu.addEventListener("change", () => {
      if (applyScenario(this.state, menu.value)) this.apply();
    });
    $("scenario-close").addEventListener("click", () => {
      this.state.scenario = "";
      this.show();
      window.history.replaceState(null, "", window.location.href.replace(/([?&])scenario=[^&]*&?/, "$1").replace(/[?&]$/, ""));
    });
  }
}

// The label a live change leaves on the curves at the step it takes effect (null: no mark; the
// speed or a stopping rule does not change the curve's course).
export function liveMark(changes) {
  if ("learning_rate" in changes) return { kind: "lr", text: `α ${fmt(changes.learning_rate, 2)}` };
  if ("loss" in changes) return { kind: "loss", text: `loss: ${entry("losses", changes.loss).label}` };
  if ("optimizer" in changes) return { kind: "optimizer", text: entry("optimizers", changes.optimizer).label };
  if ("batch_size" in changes) {
    const b = changes.batch_size;
    return { kind: "batch", text: b === null ? "full batch" : b === 1 ? "SGD (batch 1)" : `batch ${b}` };
  }
  if ("l2" in changes) return { kind: "l2", text: `λ ${fmt(changes.l2, 2)}` };
  if ("schedule" in changes) {
    const s = changes.schedule;
    return { kind: "schedule", text: `schedule: ${s && typeof s === "object" ? s.name : s}` };
  }
  return null;
}

// The marks of the live changes in the runs' logs (LiveRun.events, as the server keeps them) up to
// the step each run has reached: a user's change, or a replayed link's or saved run's as the replay
// gets there. One mark per step and label, naming its runs when not all of them took it.
export function marksOf(runs) {
  const found = new Map();
  for (const run of runs) {
    const upTo = run.last ? run.last.step : 0;
    for (const event of run.events) {
      if (event.step < 1 || event.step > upTo) continue;
      for (const [key, value] of Object.entries(event.changes)) {
        const mark = liveMark({ [key]: value });
        if (!mark) continue;
        const id = `${event.step}|${mark.text}`;
        if (!found.has(id)) found.set(id, { ...mark, step: event.step, runs: [] });
        found.get(id).runs.push(run.index);
      }
    }
  }
  return [...found.values()].sort((a, b) => a.step - b.step).map((m) => (m.runs.length < runs.length
    ? { ...m, text: `${m.text} (run ${m.runs.map((r) => r + 1).join(", ")})` } : m));
}

// The analytic gradient at run's current theta against central differences (POST
// /api/gradcheck); writes the verdict in #gradcheck-out and returns the answer with its step.
export async function checkGradient(run, objective, loss) {
  const out = $("gradcheck-out");
  const params = run && run.theta;
  if (!params) { out.textContent = "start a run first"; return null; }
  const step = run.last.step;
  out.textContent = "checking…";
  try {
    const check = await postJSON("/api/gradcheck", { ...objective, params });
    const kink = entry("losses", loss).kink; // where the loss is not smooth (its record says)
    const kinked = !check.exact && kink
      ? ` (${kink}: a difference across such a point is not a derivative, so a small disagreement is expected there)`
      : "";
    out.textContent = `at step ${step}: largest error ${fmt(check.max_relative_error, 2)} `
      + `(${check.worst_param}) — ${check.exact ? "exact" : "the gradients disagree"}${kinked}`;
    return { ...check, step };
  } catch (exc) {
    out.textContent = exc.message;
    return null;
  }
}

// The view settings and the smaller buttons of the playground (pg: the Playground): what they change
// in the state and which view redraws. Before plotly.js is in, a view setting is only kept (the
// curves start from the state).
export function wireViewSettings(pg) {
  const state = pg.state, drawn = (fn) => () => { if (pg.drawing) fn(); };
  const on = (id, event, fn) => $(id).addEventListener(event, fn);
  on("surface-mode", "change", (e) => { state.surface = e.target.value; pg.saveURL(); pg.surface.refresh.now(); });
  on("view3d", "change", (e) => { state.view3d = e.target.checked; pg.saveURL(); pg.surface.draw(); });
  on("logy", "change", (e) => { state.logy = e.target.checked; pg.saveURL(); drawn(() => pg.curves.setLogY(state.logy))(); });
  on("follow", "change", (e) => {
    state.follow = Number(e.target.value); pg.saveURL();
    for (const view of [pg.surface, pg.boundary]) view.refollow();
    drawn(() => pg.curves.refollow())();
    summarise(pg.runs, pg.lead(), null);
  });
  document.querySelector("details.maths").addEventListener("toggle", () => pg.showMaths());
  const offerSave = () => {
    $("group-view").open = true;
    if ($("save-form").hidden) $("save-open").click();
    $("save-name").focus();
  };
  on("copy-link", "click", () => pg.replay.copy(state, pg.runs, (text, bad) => pg.showBanner(text, bad), offerSave));
  on("gradcheck", "click", async () => { pg.gradcheck = await checkGradient(pg.lead(), pg.objective(pg.lead()), state.loss); });
  on("export-csv", "click", () => downloadCSV(pg.runs));
  on("export-json", "click", () => downloadJSON(pg.runs, state));
}

// A shared link's `at`: every run steps there at once (in chunks of the server's 10,000 pending
// steps, each sent when the last is done), then plays if the link said play=1.
const CHUNK = 10000;
export class FastForward {
  constructor(at = 0, play = false) { Object.assign(this, { at, play, sent: new Map() }); }

  frame(run, runs) { // after each of a run's frames
    if (!this.at) return;
    const step = run.last ? run.last.step : 0;
    const there = (r) => r.state === "stopped" || (r.last && r.last.step >= this.at);
    if (runs.every(there)) {
      this.at = 0;
      if (this.play) runs.forEach((r) => r.resume());
    } else if (step < this.at && step >= (this.sent.get(run) || 0)) {
      const next = Math.min(this.at, step + CHUNK);
      this.sent.set(run, next);
      run.step(next - step);
    }
  }
}

// A linear model's weights named by their feature ("w3" -> "w3 · mean perimeter", softmax's "w3_1"
// -> "w3_1 · petal length, class 1"), from the data set's entry (GET /api/datasets); any other
// name as it is. For data with more features than the plot has lines, the lines say which is which.
export function byFeature(names, info) {
  const features = info.feature_names || [], classes = info.class_names || [];
  return names.map((name) => {
    const m = /^w(\d+)(?:_(\d+))?$/.exec(name), feature = m && features[Number(m[1]) - 1];
    if (!feature || /^x\d$/.test(feature)) return name; // x1, x2 say it already
    return `${name} · ${feature}${m[2] !== undefined ? `, class ${classes[Number(m[2])] ?? m[2]}` : ""}`;
  });
}
