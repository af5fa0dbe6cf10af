// A run as the runs database keeps it, both ways: saveBody (a live run -> the POST /api/runs body
// that replays it: the spec its event log starts from, the log, max_steps = the step it reached) and
// specSearch (a saved run's spec and log -> the page's address). No page state here: the Save
// button (save.js) and the JSON export (../export.js) both use it.
import { paramsOf } from "../catalogue.js";
import { DATA_OWN, URL_KEYS, defaults, encodeEvents, liveSettings, toSearch } from "../state.js";

// The page's settings a saved run's spec says (startConfig's inverse), as a search string with its log.
export function specSearch(spec, events) {
  const data = spec.dataset;
  const state = {
    ...defaults(), ...liveSettings(spec), dataset: data.name, n: data.n_samples, noise: data.noise,
    seed: spec.seed, dseed: data.seed === spec.seed ? -1 : data.seed, standardize: data.standardize, test: data.test_fraction, features: data.features || [],
    prep: data.prepare || null, model: spec.model.kind, start: spec.init || null,
  };
  for (const p of DATA_OWN) if (data[p.name] !== undefined) state[p.name] = data[p.name];
  for (const p of paramsOf("models")) if (spec.model[p.name] !== undefined) state[URL_KEYS[p.name] || p.name] = spec.model[p.name];
  const base = toSearch(state);
  return events.length ? `${base}${base ? "&" : "?"}ev=${encodeURIComponent(encodeEvents(events))}` : base;
}

// The POST /api/runs (or /api/train) body that replays a live run to the step it has reached,
// bit for bit: a run is a pure function of its spec, seed and event log.
export function saveBody(run, name) {
  const step = run.last ? run.last.step : 0;
  const { speed, pace, paused, events: _, ...spec } = run.origin || run.spec; // eslint-disable-line no-unused-vars
  const events = run.events.filter((e) => e.step <= step).map((e) => {
    const { max_steps: __, ...changes } = e.changes; // the saved run stops at `step`, whatever the log said
    return { step: e.step, changes };
  }).filter((e) => Object.keys(e.changes).length);
  return { ...spec, events, max_steps: step, name };
}

// What a page's run would do differently from a saved run's spec: each setting (a dotted path) the
// page could not take as saved (a batch size past its slider, say), with both values. Settings that
// do not change the maths (pace, what is recorded) are not compared.
const PACE = new Set(["speed", "pace", "paused", "events", "record_every", "params_every", "name"]);
export function specDifferences(saved, page, path = "") {
  const found = [];
  for (const [key, value] of Object.entries(saved)) {
    if (!path && PACE.has(key)) continue;
    const here = page ? page[key] : undefined, where = path + key;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      found.push(...specDifferences(value, here || {}, `${where}.`));
    } else if (JSON.stringify(value ?? null) !== JSON.stringify(here ?? null)) {
      found.push({ path: where, saved: value, here: here ?? null });
    }
  }
  return found;
}
