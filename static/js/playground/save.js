// Saved runs in the playground: "Save run" sends run 1 (in a race, every runner) to the runs
// database, and /?run=<id> opens
// a saved run to replay it. This is the page's entry module: it reads ?run= first, then loads the
// playground (playground.js) with the saved run's settings and event log in the address.
//
// Saving: POST /api/runs with the spec a run's event log starts from (LiveRun.origin), the log so
// far and max_steps = the step it has reached (saved.js); the server replays the run to exactly that
// step as a job and saves it (bit for bit: a run is a pure function of its spec, seed and log). The
// job's progress comes from GET /api/runs/<id>/progress (server-sent events).
// Reopening: GET /api/runs/<id>; its spec becomes the page's settings (as a link's), its events
// the link's ev=, and run 1 starts paused at step 0: Play replays it, each live change at its step.
import { $, banner, getJSON, postJSON } from "../kit.js";
import { saveBody, specDifferences, specSearch } from "./saved.js";
import { encodeEvents, raceItem } from "../state.js";

const RUN_ID = /^(?:[0-9a-f]{16}){1,2}$/; // 32 hex digits (16 before identities)

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

// A job's last progress (saved, failed or cancelled), its running ones passed to onRunning.
function jobEnd(id, onRunning) {
  return new Promise((resolve, reject) => {
    const events = new EventSource(`/api/runs/${id}/progress`);
    events.addEventListener("progress", (e) => {
      const job = JSON.parse(e.data);
      if (job.state === "running" || job.state === "queued") { onRunning(job); return; }
      events.close();
      resolve(job);
    });
    events.onerror = () => { events.close(); reject(new Error("lost the job's progress; see /runs")); };
  });
}

const link = (href, text) => Object.assign(document.createElement("a"), { href, textContent: text });

// Save each run in turn (a race: every runner, named after its runner), one job at a time, so a
// race takes one of the server's job places, not four. Says its progress, then the links, in `out`.
async function saveAll(runs, name, out) {
  const saved = [], race = runs.length > 1;
  for (const run of runs) {
    const label = race ? `${name} · ${run.label}` : name;
    const body = saveBody(run, label);
    const which = race ? ` (run ${saved.length + 1} of ${runs.length})` : "";
    out.textContent = `Saving ${plural(body.max_steps, "step")} with ${plural(body.events.length, "live change")}${which}…`;
    const job = await postJSON("/api/runs", body);
    const end = await jobEnd(job.id, (p) => {
      out.textContent = p.state === "queued" ? `Saving “${p.name}”${which}: waiting for its turn on the busy server…`
        : `Saving “${p.name}”${which}: replaying step ${p.step} of ${p.max_steps}…`; });
    if (end.state !== "saved") throw new Error(`${end.error || end.state} (“${label}”)`);
    saved.push(end);
  }
  const first = saved[0];
  if (!race) {
    out.replaceChildren(`Saved “${first.name}” (id ${first.id}, ${plural(first.step, "step")}). Share: `,
                        link(`/?run=${first.id}`, `/?run=${first.id}`), " · ", link("/runs", "all runs"));
  } else { // one link for the race: it reopens every runner, each replaying its own changes
    const race = `/?runs=${saved.map((job) => job.id).join(",")}`;
    out.replaceChildren(`Saved the race (${saved.length} runs, ${plural(first.step, "step")} each). Share it: `,
                        link(race, race), ". Each run: ", ...saved.flatMap((job, i) => [
                          i ? ", " : "", link(`/?run=${job.id}`, job.name)]), ". ", link("/runs", "Compare them on /runs"));
    out.dataset.race = race;
  }
  out.dataset.saved = saved.map((job) => job.id).join(" ");
}

function wireSave(runs) {
  const [form, open, name, out] = [$("save-form"), $("save-open"), $("save-name"), $("save-out")];
  open.addEventListener("click", () => {
    const run = runs()[0];
    if (!run || !run.last || run.last.step < 1) { banner("Take a step first: a saved run has at least one step."); return; }
    form.hidden = false;
    open.setAttribute("aria-expanded", "true");
    const what = runs().length > 1 ? `race of ${runs().length}` : run.spec.optimizer.name;
    name.value = name.value || `${run.spec.dataset.name} ${run.spec.model.kind} ${what} step ${run.last.step}`;
    name.select();
    name.focus();
  });
  $("save-cancel").addEventListener("click", () => { form.hidden = true; open.setAttribute("aria-expanded", "false"); });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    delete out.dataset.saved;
    form.hidden = true;
    open.setAttribute("aria-expanded", "false");
    try {
      await saveAll(runs().filter((run) => run.last && run.last.step > 0), name.value.trim(), out);
    } catch (exc) {
      out.textContent = "Not saved.";
      form.hidden = false; // the name stays, to try again
      open.setAttribute("aria-expanded", "true");
      banner(`Could not save the run: ${exc.message}`);
    }
  });
}

// ?runs=<id>,<id>...: a saved race. Run 1's settings and log, and each other's optimizer, rate and
// what it did differently (raceItem) with its own log (ev2, ev3, ev4), into the address.
async function reopenRace(ids) {
  if (!ids.length || ids.length > 4 || !ids.every((id) => RUN_ID.test(id))) {
    return { error: "A race link names 1 to 4 saved runs by their ids (32 hex digits each)." };
  }
  try {
    const all = await Promise.all(ids.map((id) => getJSON(`/api/runs/${id}`)));
    if (all.some((s) => s.state !== "saved")) return { error: "A run of this race is still being saved: open it again when it is done." };
    const [first, ...others] = all, own = (spec) => {
      const mine = {}, batch = (s) => (s.batch_size === null ? "full" : s.batch_size === 1 ? "1" : "mini");
      if (spec.loss !== first.spec.loss) mine.loss = spec.loss;
      if (batch(spec) !== batch(first.spec)) mine.batch = batch(spec);
      if (spec.model.kind !== first.spec.model.kind) mine.model = spec.model.kind;
      if (spec.dataset.standardize !== first.spec.dataset.standardize) mine.standardize = spec.dataset.standardize ? "1" : "0";
      return mine;
    };
    const race = others.map((s) => raceItem({ optimizer: s.spec.optimizer.name, learning_rate: s.spec.optimizer.learning_rate,
                                              own: own(s.spec) }));
    const params = new URLSearchParams(specSearch(first.spec, first.events));
    if (race.length) params.set("race", race.join(","));
    others.forEach((s, k) => { if (s.events.length) params.set(`ev${k + 2}`, encodeEvents(s.events)); });
    window.history.replaceState(null, "", `${window.location.pathname}?${params}`);
    return { saved: first, race: all };
  } catch (exc) {
    return { error: `Could not open the saved race: ${exc.message}` };
  }
}

// ?run=<id>: the saved run's settings and log into the address (before the playground reads it).
async function reopen() {
  const query = new URLSearchParams(window.location.search);
  if (query.get("runs") !== null) return reopenRace(query.get("runs").split(","));
  const id = query.get("run");
  if (id === null) return null;
  if (!RUN_ID.test(id)) return { error: `“${id}” is not a run id (32 hex digits).` };
  try {
    const saved = await getJSON(`/api/runs/${id}`);
    if (saved.state !== "saved") return { error: `Run ${id} is still being saved (step ${saved.step} of ${saved.max_steps}); open it again when it is done.` };
    window.history.replaceState(null, "", window.location.pathname + specSearch(saved.spec, saved.events));
    return { saved };
  } catch (exc) {
    return { error: `Could not open saved run ${id}: ${exc.message}` };
  }
}

// Once run 1 has started: the saved run's note, and any setting the page could not take as saved.
async function showReopened(found, runs) {
  const note = $("saved-note");
  if (!found) return;
  note.hidden = false;
  if (found.error) { note.textContent = found.error; note.classList.add("bad"); return; }
  const { name, id, events, steps, spec } = found.saved;
  const what = found.race ? `the saved race of ${found.race.length} (run 1 “${name}”: ` : `saved run “${name}” (`;
  note.replaceChildren(`Replaying ${what}${plural(events.length, "live change")}, ${plural(steps, "step")}): `
                       + "press Play; each change applies at its step. ",
                       Object.assign(document.createElement("a"), { href: "/runs", textContent: "All saved runs" }));
  note.dataset.run = id;
  while (!(runs()[0] && runs()[0].spec)) await new Promise((done) => { window.requestAnimationFrame(done); });
  const differs = specDifferences(spec, runs()[0].spec);
  if (differs.length) {
    note.append(`. This page cannot set ${differs.map((d) => `${d.path} as saved (${JSON.stringify(d.saved)}; here `
                                                          + `${JSON.stringify(d.here)})`).join(", ")}, so this replay is not `
                + "that run: its own curves are on /runs.");
    note.dataset.differs = differs.map((d) => d.path).join(" ");
  }
}

const found = await reopen();
await import("../playground.js");
showReopened(found, () => window.gdviz.runs);
wireSave(() => window.gdviz.runs);
