// The page's whole configuration: one typed property table that reads from and writes
// to the URL, so a copied link reproduces the run (seed included). The choices, defaults and
// ranges of models, losses, optimizers, schedules and their parameters come from the catalogue.
import { choiceProp, limit, names, paramsOf, prop } from "./catalogue.js";

export const UPLOAD = /^u_[0-9a-f]{32}$/;
export const num = (lo, hi) => (v) => Math.min(hi, Math.max(lo, v));

// Catalogue parameters whose URL key is not their name (kept short, and old links still work).
export const URL_KEYS = { learning_rate: "lr" };
const tuned = (kind) => paramsOf(kind).map((p) => prop(p.name, URL_KEYS[p.name] || p.name));

// A data set's own parameters (digit_vs_rest's digit), from the catalogue: all but the synthetic
// sets' shared n_samples and noise, which have controls and URL keys (n, noise) of their own.
export const DATA_OWN = paramsOf("datasets").filter((p) => !["n_samples", "noise"].includes(p.name));

export const PROPS = [
  { key: "dataset", type: "string", def: "blobs", pattern: /^[A-Za-z0-9_]{1,64}$/ },
  { key: "n", type: "int", def: 200, clamp: num(4, limit("max_samples")) },
  { key: "noise", type: "float", def: null, clamp: num(0, 10) },
  { key: "seed", type: "int", def: 0, clamp: num(0, 4294967295) },
  // the data's own seed, kept from a saved run whose data seed was not its run seed (-1: the run seed)
  { key: "dseed", type: "int", def: -1, clamp: num(-1, 4294967295) },
  { key: "standardize", type: "bool", def: true },
  { key: "test", type: "float", def: 0.2, clamp: num(0, 0.9) },
  { key: "features", type: "list", def: [] },
  ...DATA_OWN.map((p) => prop(p.name)),
  { key: "prep", type: "json", def: null }, // an upload's preparation recipe (null: the suggestions)
  choiceProp("model", "models", "logistic"),
  ...tuned("models"),
  choiceProp("loss", "losses", "cross_entropy"),
  choiceProp("optimizer", "optimizers", "gd"),
  prop("learning_rate", "lr"),
  ...tuned("optimizers"),
  choiceProp("schedule", "schedules", "constant"),
  ...tuned("schedules"),
  { key: "batch", type: "string", def: "full", choices: ["full", "1", "mini"] },
  { key: "batch_size", type: "int", def: 32, clamp: num(2, 256) },
  { key: "l2", type: "float", def: 0, clamp: num(0, 10) },
  { key: "speed", type: "float", def: 30, clamp: num(1, 1000) },
  // rising: speed at first, then tenfold every 3.5 s (app/api/run_control.py); steady: speed throughout
  { key: "pace", type: "string", def: "rising", choices: ["rising", "steady"] },
  { key: "fastest", type: "bool", def: false },
  { key: "max_steps", type: "int", def: limit("max_steps"), clamp: num(1, limit("max_steps")) },
  { key: "tol_loss", type: "float", def: 0, clamp: num(0, 1e6) }, // stopping rules: 0 (or null) is off
  { key: "tol_grad", type: "float", def: 0, clamp: num(0, 1e6) },
  { key: "target_loss", type: "float", def: null, clamp: num(0, 1e6) },
  { key: "start", type: "numbers", def: null }, // a chosen start θ (the scenarios'), else the model's own
  { key: "surface", type: "string", def: "auto", choices: ["auto", "coordinates", "pca", "random"] },
  { key: "view3d", type: "bool", def: false },
  { key: "logy", type: "bool", def: false },
  { key: "race", type: "list", def: [] }, // "optimizer:learning_rate[:key=value...]" per extra runner
  { key: "follow", type: "int", def: 0, clamp: num(0, 3) }, // the runner the map, arrow and parameters show
  { key: "scenario", type: "string", def: "", pattern: /^[a-z0-9-]{0,40}$/ }, // whose note to show
  // a shared link's: start playing at once; and the step it was shared at, which the runs go to at
  // once (fast-forward). Read once: the address drops them when the runs start.
  { key: "play", type: "bool", def: false },
  { key: "at", type: "int", def: 0, clamp: num(0, limit("max_steps")) },
];

function parse(prop, text) {
  switch (prop.type) {
    case "int": { const v = Number.parseInt(text, 10); return Number.isFinite(v) ? prop.clamp(v) : undefined; }
    case "float": {
      if (text === "" && prop.def === null) return null;
      const v = Number.parseFloat(text); return Number.isFinite(v) ? prop.clamp(v) : undefined;
    }
    case "bool": return text === "1" || text === "true";
    case "numbers": {
      if (text === "") return null;
      const v = text.split(",").slice(0, 64).map(Number);
      return v.length >= 2 && v.every(Number.isFinite) ? v : undefined;
    }
    case "list": return text === "" ? [] : text.split(",").slice(0, 8);
    case "json": {
      if (text === "" || text.length > 20000) return null;
      try { const v = JSON.parse(text); return v && typeof v === "object" && !Array.isArray(v) ? v : undefined; }
      catch { return undefined; }
    }
    default:
      if (prop.choices && !prop.choices.includes(text)) return undefined;
      if (prop.pattern && !prop.pattern.test(text)) return undefined;
      return text;
  }
}

function serialise(prop, value) {
  if (prop.type === "bool") return value ? "1" : "0";
  if (prop.type === "list" || (prop.type === "numbers" && value !== null)) return value.join(",");
  if (prop.type === "json") return value === null ? "" : JSON.stringify(value);
  return value === null ? "" : String(value);
}

export function defaults(props = PROPS) {
  return Object.fromEntries(props.map((p) => [p.key, Array.isArray(p.def) ? [...p.def] : p.def]));
}

// Any page's state: a property table like PROPS, read from the address.
export function fromURL(search = window.location.search, props = PROPS) {
  const state = defaults(props);
  const params = new URLSearchParams(search);
  for (const prop of props) {
    if (!params.has(prop.key)) continue;
    const value = parse(prop, params.get(prop.key));
    if (value !== undefined) state[prop.key] = value;
  }
  return state;
}

export function toSearch(state, props = PROPS) {
  const params = new URLSearchParams();
  for (const prop of props) {
    const value = state[prop.key];
    if (JSON.stringify(value) !== JSON.stringify(prop.def)) params.set(prop.key, serialise(prop, value));
  }
  const text = params.toString();
  return text ? "?" + text : "";
}

// What a racer may set differently from the main settings (the scenarios use these: a loss, a
// batch, a model or the scaling against the main run's). model and standardize change the data or
// the parameter space: such a runner's path is drawn only on a surface of its own (see follow).
export const OVERRIDES = {
  loss: (v) => names("losses").includes(v), batch: (v) => ["full", "1", "mini"].includes(v),
  model: (v) => names("models").includes(v), standardize: (v) => v === "0" || v === "1",
};

export function runners(state) {
  // Runner 0 is the main settings; the race list adds up to three more.
  const list = [{ optimizer: state.optimizer, learning_rate: state.lr, own: {} }];
  for (const item of state.race.slice(0, 3)) {
    const [optimizer, lr, ...rest] = item.split(":");
    const learning_rate = Number.parseFloat(lr);
    if (!names("optimizers").includes(optimizer) || !(Number.isFinite(learning_rate) && learning_rate > 0)) continue;
    const own = {};
    for (const pair of rest) {
      const [key, value] = pair.split("=");
      if (Object.hasOwn(OVERRIDES, key) && OVERRIDES[key](value)) own[key] = value;
    }
    list.push({ optimizer, learning_rate: Math.min(10, Math.max(1e-4, learning_rate)), own });
  }
  return list;
}

export const raceItem = ({ optimizer, learning_rate, own = {} }) =>
  [optimizer, learning_rate, ...Object.entries(own).map(([k, v]) => `${k}=${v}`)].join(":");

// The main settings as one runner sees them: its own loss, batch, model or scaling in place of the page's.
export function runnerState(state, runner) {
  const own = runner.own || {};
  return { ...state, ...("loss" in own ? { loss: own.loss } : {}), ...("batch" in own ? { batch: own.batch } : {}),
           ...("model" in own ? { model: own.model } : {}),
           ...("standardize" in own ? { standardize: own.standardize === "1" } : {}) };
}

export function datasetConfig(state) {
  return {
    name: state.dataset, n_samples: state.n, noise: state.noise, seed: state.dseed >= 0 ? state.dseed : state.seed,
    standardize: state.standardize, test_fraction: state.test,
    features: state.features.length ? state.features : null,
    ...Object.fromEntries(DATA_OWN.map((p) => [p.name, state[p.name]])),
    ...(UPLOAD.test(state.dataset) && state.prep ? { prepare: state.prep } : {}),
  };
}

export function batchSize(state) {
  return state.batch === "full" ? null : state.batch === "1" ? 1 : state.batch_size;
}

// A kind's request part: its choice's name and every parameter that kind declares.
function withParams(kind, key, name, state) {
  const part = { [key]: name };
  for (const p of paramsOf(kind)) part[p.name] = state[URL_KEYS[p.name] || p.name];
  return part;
}

export const scheduleConfig = (state) => withParams("schedules", "name", state.schedule, state);
export const modelConfig = (state) => withParams("models", "kind", state.model, state);

// The websocket start config for one runner (a POST /api/train body plus pace).
export function startConfig(state, runner, paused) {
  const mine = runnerState(state, runner);
  return {
    dataset: datasetConfig(mine),
    model: modelConfig(mine),
    loss: mine.loss,
    optimizer: { ...withParams("optimizers", "name", runner.optimizer, state), learning_rate: runner.learning_rate },
    schedule: scheduleConfig(state),
    batch_size: batchSize(mine),
    l2: state.l2,
    ...stopping(state),
    init: state.start && mine.model === state.model ? state.start : null,
    seed: state.seed,
    speed: state.fastest ? null : state.speed,
    pace: state.pace,
    paused,
  };
}

// The stopping rules as the server takes them (a live "set" too): 0 or null is off.
export const stopping = (state) => ({ max_steps: state.max_steps, tol_loss: state.tol_loss, tol_grad: state.tol_grad,
                                      target_loss: state.target_loss });

// A run's event log (live changes at their steps, the server's {step, changes}) compact for a URL:
// "20:lr=0.9;35:optimizer=adam,lr=0.05;60:batch_size=" (null is empty; an object's fields are dotted,
// schedule.name=step). Numbers are written as JavaScript writes them, so each keeps its exact value.
export const MAX_EVENTS = 10000; // as the server's (app/schemas/train.py)
const FROM_URL_KEYS = Object.fromEntries(Object.entries(URL_KEYS).map(([name, key]) => [key, name]));
const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

export function encodeEvents(events) {
  const pair = (key, value) => (value !== null && typeof value === "object"
    ? Object.entries(value).map(([k, v]) => pair(`${key}.${k}`, v)).join(",")
    : `${key}=${value === null ? "" : value}`);
  const changes = (c) => Object.entries(c).map(([k, v]) => pair(URL_KEYS[k] || k, v)).join(",");
  return events.map((e) => `${e.step}:${changes(e.changes)}`).join(";");
}

// The log again, or null when the text is not one (the server checks each change itself).
export function decodeEvents(text) {
  const value = (t) => (t === "" ? null : t === "true" ? true : t === "false" ? false : NUMBER.test(t) ? Number(t) : t);
  const events = [];
  for (const item of text.split(";").slice(0, MAX_EVENTS)) {
    const at = item.indexOf(":"), step = Number(item.slice(0, at));
    if (at < 1 || !Number.isInteger(step) || step < 0) return null;
    const changes = {};
    for (const pair of item.slice(at + 1).split(",")) {
      const eq = pair.indexOf("="), [key, field] = pair.slice(0, eq).split(".");
      if (eq < 1) return null;
      const name = FROM_URL_KEYS[key] || key;
      if (field === undefined) changes[name] = value(pair.slice(eq + 1));
      else changes[name] = { ...(changes[name] || {}), [field]: value(pair.slice(eq + 1)) };
    }
    events.push({ step, changes });
  }
  return events;
}

// The settings a live change can touch, as a run spec in force says them (startConfig's inverse).
export function liveSettings(spec) {
  const size = spec.batch_size;
  const settings = { optimizer: spec.optimizer.name, lr: spec.optimizer.learning_rate, schedule: spec.schedule.name,
                     loss: spec.loss, l2: spec.l2, ...stopping(spec),
                     ...(size === null ? { batch: "full" } : size === 1 ? { batch: "1" } : { batch: "mini", batch_size: size }) };
  for (const [kind, part] of [["optimizers", spec.optimizer], ["schedules", spec.schedule]]) {
    for (const p of paramsOf(kind)) if (part[p.name] !== undefined) settings[URL_KEYS[p.name] || p.name] = part[p.name];
  }
  return settings;
}
