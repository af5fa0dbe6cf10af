// Saved runs in the playground: "Save run" sends run 1 to the runs database, and /?run=<id> opens
// a saved run to replay it. This is the page's entry module: it reads ?run= first, then loads the
// playground (playground.js) with the saved run's settings and event log in the address.
//
// Saving: POST /api/runs with the spec run 1's event log starts from (LiveRun.origin), the log so
// far and max_steps = the step run 1 has reached; the server replays the run to exactly that step as
// a job and saves it (bit for bit: a run is a pure function of its spec, seed and log). The job's
// progress comes from GET /api/runs/<id>/progress (server-sent events).
// Reopening: GET /api/runs/<id>; its spec becomes the page's settings (as a link's), its events
// the link's ev=, and run 1 starts paused at step 0: Play replays it, each live change at its step.
import { $, getJSON, postJSON } from "../kit.js";
import { paramsOf } from "../catalogue.js";
import { URL_KEYS, defaults, encodeEvents, liveSettings, toSearch } from "../state.js";

const RUN_ID = /^[0-9a-f]{16}$/;

// The page's settings a saved run's spec says (startConfig's inverse), as a search string with its log.
export function specSearch(spec, events) {
  const data = spec.dataset;
  const state = {
    ...defaults(), ...liveSettings(spec), dataset: data.name, n: data.n_samples, noise: data.noise,
    seed: spec.seed, standardize: data.standardize, test: data.test_fraction, features: data.features || [],
    digit: data.digit ?? 0, prep: data.prepare || null, model: spec.model.kind, start: spec.init || null,
  };
  for (const p of paramsOf("models")) if (spec.model[p.name] !== undefined) state[URL_KEYS[p.name] || p.name] = spec.model[p.name];
  const base = toSearch(state);
  return events.length ? `${base}${base ? "&" : "?"}ev=${encodeURIComponent(encodeEvents(events))}` : base;
}

// The POST /api/runs body that saves run 1 as it is now: replayed to the step it has reached.
export function saveBody(run, name) {
  const step = run.last ? run.last.step : 0;
  const { speed, paused, events: _, ...spec } = run.origin || run.spec; // eslint-disable-line no-unused-vars
  const events = run.events.filter((e) => e.step <= step).map((e) => {
    const { max_steps: __, ...changes } = e.changes; // the saved run stops at `step`, whatever the log said
    return { step: e.step, changes };
  }).filter((e) => Object.keys(e.changes).length);
  return { ...spec, events, max_steps: step, name };
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function banner(text) {
  Object.assign($("banner"), { textContent: text, className: "banner bad", hidden: false });
}

// Follow a job until it ends; say its progress in `out`.
function follow(id, out, name) {
  const events = new EventSource(`/api/runs/${id}/progress`);
  events.addEventListener("progress", (e) => {
    const job = JSON.parse(e.data);
    if (job.state === "running") {
      out.textContent = `Saving “${job.name}”: replaying step ${job.step} of ${job.max_steps}…`;
      return;
    }
    events.close();
    if (job.state === "saved") {
      const link = Object.assign(document.createElement("a"), { href: `/?run=${id}`, textContent: `/?run=${id}` });
      out.replaceChildren(`Saved “${job.name || name}” (id ${id}, ${plural(job.step, "step")}). Share: `, link,
                          " · ", Object.assign(document.createElement("a"), { href: "/runs", textContent: "all runs" }));
      out.dataset.saved = id;
    } else {
      out.textContent = `Not saved (${job.state}).`;
      banner(`Saving the run failed: ${job.error || job.state}`);
    }
  });
  events.onerror = () => { events.close(); if (!out.dataset.saved) out.textContent = "Lost the job's progress; see /runs."; };
}

function wireSave(runs) {
  const [form, open, name, out] = [$("save-form"), $("save-open"), $("save-name"), $("save-out")];
  open.addEventListener("click", () => {
    const run = runs()[0];
    if (!run || !run.last || run.last.step < 1) { banner("Take a step first: a saved run has at least one step."); return; }
    form.hidden = false;
    open.setAttribute("aria-expanded", "true");
    name.value = name.value || `${run.spec.dataset.name} ${run.spec.model.kind} ${run.spec.optimizer.name} step ${run.last.step}`;
    name.select();
    name.focus();
  });
  $("save-cancel").addEventListener("click", () => { form.hidden = true; open.setAttribute("aria-expanded", "false"); });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const run = runs()[0];
    const body = saveBody(run, name.value.trim());
    out.textContent = `Saving ${plural(body.max_steps, "step")} with ${plural(body.events.length, "live change")}…`;
    delete out.dataset.saved;
    try {
      const job = await postJSON("/api/runs", body);
      form.hidden = true;
      open.setAttribute("aria-expanded", "false");
      follow(job.id, out, body.name);
    } catch (exc) {
      out.textContent = "Not saved.";
      banner(`Could not save the run: ${exc.message}`);
    }
  });
}

// ?run=<id>: the saved run's settings and log into the address (before the playground reads it).
async function reopen() {
  const id = new URLSearchParams(window.location.search).get("run");
  if (id === null) return null;
  if (!RUN_ID.test(id)) return { error: `“${id}” is not a run id (16 hex digits).` };
  try {
    const saved = await getJSON(`/api/runs/${id}`);
    if (saved.state !== "saved") return { error: `Run ${id} is still being saved (step ${saved.step} of ${saved.max_steps}); open it again when it is done.` };
    window.history.replaceState(null, "", window.location.pathname + specSearch(saved.spec, saved.events));
    return { saved };
  } catch (exc) {
    return { error: `Could not open saved run ${id}: ${exc.message}` };
  }
}

function showReopened(found) {
  const note = $("saved-note");
  if (!found) return;
  note.hidden = false;
  if (found.error) { note.textContent = found.error; note.classList.add("bad"); return; }
  const { name, id, events, steps } = found.saved;
  note.replaceChildren(`Replaying saved run “${name}” (${plural(events.length, "live change")}, ${plural(steps, "step")}): `
                       + "press Play; each change applies at its step. ",
                       Object.assign(document.createElement("a"), { href: "/runs", textContent: "All saved runs" }));
  note.dataset.run = id;
  const dataSeed = found.saved.spec.dataset.seed;
  if (dataSeed !== undefined && dataSeed !== null && dataSeed !== found.saved.spec.seed) {
    note.append(` Its data seed (${dataSeed}) is not its run seed (${found.saved.spec.seed}): the page uses one seed `
                + "for both, so this replay is not that run.");
  }
}

const found = await reopen();
await import("../playground.js");
showReopened(found);
wireSave(() => window.gdviz.runs);
